import ElfKit
import Foundation
import LinkPlanner
import Testing
import TestSupport

/// Real OCaml objects checked for every target of both sysroot eras and for unix: the plan's exact command is
/// run with GNU ld, and link-check's undefined and duplicate sets must be ld's.
@Suite struct TargetOracleTests {
  /// The two synthetic sysroots, built once.
  final class Sysroots: @unchecked Sendable {
    private static let built = Result { try Sysroots() }
    static func shared() throws -> Sysroots { try built.get() }
    let scratch: Scratch
    var pkgConfig: String { scratch.file("era-b") }
    var toolchain: String { scratch.file("era-c") }

    private init() throws {
      scratch = try Scratch("sysroots")
      try Samples.makeSysroot(era: "pkg-config", prefix: scratch.file("era-b"))
      try Samples.makeSysroot(era: "toolchain", prefix: scratch.file("era-c"))
    }
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var program: String
    var target: Target
    var era: SysrootEra
    var testDescription: String { "\(program) for \(target) (\(era.rawValue))" }
  }

  static let programs = OCamlPrograms.recipes.map(\.name)
  static let cases: [Case] =
    programs.flatMap { program in
      [Target.hvt, .spt, .virtio, .muen, .xen, .genode].map { Case(program: program, target: $0, era: .pkgConfig) }
        + [Target.hvt, .spt, .virtio, .muen, .xen, .stub].map { Case(program: program, target: $0, era: .toolchain) }
        + [Case(program: program, target: .unix, era: .host)]
    }

  static func plan(_ testCase: Case, in scratch: Scratch) throws -> LinkPlan {
    let object = try OCamlPrograms.shared().objects[testCase.program]!
    var planner = TargetLinkPlanner(target: testCase.target, inputs: [object], output: scratch.file("out"), scratchDirectory: scratch.path)
    switch testCase.era {
    case .pkgConfig: planner.pkgConfigPaths = [try Sysroots.shared().pkgConfig + "/lib/pkgconfig"]
    case .toolchain: planner.sysroot = try Sysroots.shared().toolchain
    case .host: break
    }
    return try planner.plan()
  }

  @Test(arguments: cases)
  func agreesWithGNUld(_ testCase: Case) throws {
    let scratch = try Scratch("target")
    let plan = try Self.plan(testCase, in: scratch)
    let ld = try LinkerVerdict.run("ld", Array(plan.commandLine.dropFirst()), directory: scratch.path)
    let line = try LinkerCommandLine(plan.commandLine).line
    let resolution = try Resolver(line: line, defaults: try LinkerDefaults.query(linker: "ld"), workingDirectory: scratch.path).resolve()
    #expect(Set(resolution.unresolved.map(\.name)) == ld.undefined, "ld said: \(ld.stderr.prefix(2000))")
    #expect(Set(resolution.duplicates.map(\.name)) == ld.duplicates)
    #expect(resolution.missingInputs.isEmpty == !ld.missingInputs)
    try CauseAccounting.expectComplete(plan.commandLine, in: scratch.path, target: testCase.target)
    if testCase.target == .unix { #expect(ld.status == 0 && resolution.links, "the host link must succeed: \(ld.stderr)") }
    if testCase.target != .unix && testCase.target != .genode {
      // Host OCaml objects need the host libc: a freestanding link must fail, and say so.
      #expect(!ld.undefined.isEmpty)
    }
  }

  @Test func eraBPlanFollowsMiragesOrder() throws {
    let scratch = try Scratch("target")
    let plan = try Self.plan(Case(program: "hello", target: .hvt, era: .pkgConfig), in: scratch)
    let words = plan.commandLine
    let object = try OCamlPrograms.shared().objects["hello"]!
    // LD LDFLAGS objects STATIC_LIBS -o OUT, the libraries from pkg-config itself.
    let libs = try Tool.run("pkg-config", ["--static", "--libs", "mirage-solo5"], environment: ["PKG_CONFIG_PATH": try Sysroots.shared().pkgConfig + "/lib/pkgconfig"])
      .output.split(whereSeparator: \.isWhitespace).map(String.init)
    let ldflags = try Tool.run("pkg-config", ["--variable=ldflags", "solo5-bindings-hvt"], environment: ["PKG_CONFIG_PATH": try Sysroots.shared().pkgConfig + "/lib/pkgconfig"])
      .output.split(whereSeparator: \.isWhitespace).map(String.init)
    #expect(words == ["ld"] + ldflags + [object] + libs + ["-o", scratch.file("out")])
  }

  @Test func virtioWithoutLdVariableFallsBackWithAWarning() throws {
    let scratch = try Scratch("target")
    let plan = try Self.plan(Case(program: "hello", target: .virtio, era: .pkgConfig), in: scratch)
    #expect(plan.program.value == "ld")
    #expect(plan.warnings.contains { $0.contains("no `ld` variable") })
  }

  @Test func misorderedLibrariesGetAMoveHint() throws {
    let scratch = try Scratch("target")
    let prefix = try Sysroots.shared().toolchain
    let lib = prefix + "/lib/ocaml-solo5/lib"
    let bindings = prefix + "/lib/\(try Tool.run("uname", ["-m"]).output.trimmingCharacters(in: .whitespacesAndNewlines))-solo5-none-static"
    let object = try scratch.compileC("app.o", "#include <stddef.h>\nvoid *memcpy(void *, const void *, size_t); int solo5_app_main(const void *i) { char b[4]; memcpy(b, i, 4); return b[0]; }\n",
                                      flags: ["-ffreestanding", "-fno-stack-protector"])
    let arguments = ["-nostdlib", "-L", bindings, "-static", "-T", "solo5_hvt.lds", "-l", ":solo5_hvt.o", "-L", lib, "-lnolibc", object]
    let ld = try LinkerVerdict.run("ld", arguments + ["-o", "out"], directory: scratch.path)
    let resolution = try Resolver(line: try LinkerCommandLine(["ld"] + arguments).line, defaults: try LinkerDefaults.query(linker: "ld"), workingDirectory: scratch.path).resolve()
    #expect(ld.undefined == ["memcpy"])
    #expect(Set(resolution.unresolved.map(\.name)) == ld.undefined)
    let report = try CheckAnalyzer(resolution: resolution, target: .hvt).report()
    let hint = try #require(report.unresolved.first?.hint)
    #expect(hint.contains("libnolibc.a") && hint.contains("move it after"), "\(hint)")
  }
}
