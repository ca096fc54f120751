import Foundation
import LinkPlanner
import Testing
import TestSupport

extension Unikernels.Case: CustomTestStringConvertible {}

/// The plan of every target of both eras has the shape REFERENCE §2–3 documents, word for word, with the words
/// taken from pkg-config itself (era B) or the documented toolchain layout (era C); unix is the host driver's
/// own line. Expectations never come from the planner.
@Suite struct PlanShapeTests {
  static func plan(_ testCase: Unikernels.Case, output: String, manifest: String? = nil) throws -> LinkPlan {
    let unikernels = try Unikernels.shared()
    var planner = TargetLinkPlanner(
      target: Target(rawValue: testCase.target)!, inputs: [unikernels.unikernel], output: output, scratchDirectory: (output as NSString).deletingLastPathComponent)
    planner.manifest = manifest ?? unikernels.manifest
    if testCase.era == "pkg-config" { planner.pkgConfigPaths = [unikernels.pkgConfigPath] } else { planner.sysroot = unikernels.toolchainPrefix }
    return try planner.plan()
  }

  /// `pkg-config ARGS` over the era B sysroot, split into words on white space.
  static func pkgConfig(_ arguments: [String]) throws -> [String] {
    let result = try Tool.run("pkg-config", arguments, environment: ["PKG_CONFIG_PATH": try Unikernels.shared().pkgConfigPath])
    #expect(result.status == 0, "pkg-config \(arguments): \(result.stderr)")
    return result.output.split(whereSeparator: \.isWhitespace).map(String.init)
  }

  @Test(arguments: Unikernels.cases.filter { $0.era == "pkg-config" })
  func eraBIsMiragesOrder(_ testCase: Unikernels.Case) throws {
    let unikernels = try Unikernels.shared()
    let scratch = try Scratch("plan-shape")
    let output = scratch.file("unikernel.\(testCase.target)")
    let plan = try Self.plan(testCase, output: output)
    let bindings = "solo5-bindings-\(testCase.target)"
    // LD LDFLAGS main.native.o manifest.o STATIC_LIBS -o NAME.<t> LDPOSTFLAGS, ld when the .pc has no ld=.
    let ld = try Self.pkgConfig(["--variable=ld", bindings]).first ?? "ld"
    let ldflags = try Self.pkgConfig(["--variable=ldflags", bindings])
    let libraries = try Self.pkgConfig(["--static", "--libs", testCase.target == "xen" ? "mirage-xen" : "mirage-solo5"])
    let postflags = try Self.pkgConfig(["--variable=ldpostflags", bindings])
    #expect(plan.commandLine == [ld] + ldflags + [unikernels.unikernel, unikernels.manifest] + libraries + ["-o", output] + postflags)
    #expect(libraries.contains("-lnolibc") && ldflags.contains { $0.hasSuffix("/solo5_\(testCase.target).o") })
    // Each word says where it came from.
    let flagOrigin = ArgumentOrigin.pkgConfig(package: bindings, query: "--variable=ldflags")
    #expect(plan.arguments.prefix(ldflags.count).allSatisfy { $0.origin == flagOrigin })
    let libraryOrigins = Set(plan.arguments.dropFirst(ldflags.count + 2).prefix(libraries.count).map(\.origin))
    #expect(libraryOrigins == [.pkgConfig(package: testCase.target == "xen" ? "mirage-xen" : "mirage-solo5", query: "--static --libs")])
    #expect(plan.bindingsObject == ldflags.first { $0.hasSuffix("/solo5_\(testCase.target).o") })
    #expect(plan.warnings.contains { $0.contains("no `ld` variable") } == (testCase.target == "virtio"))
  }

  @Test(arguments: Unikernels.cases.filter { $0.era == "toolchain" })
  func eraCIsTheSolo5LdWrappersLine(_ testCase: Unikernels.Case) throws {
    let unikernels = try Unikernels.shared()
    let scratch = try Scratch("plan-shape")
    let output = scratch.file("unikernel.\(testCase.target)")
    let plan = try Self.plan(testCase, output: output)
    let prefix = unikernels.toolchainPrefix
    let bindings = "\(prefix)/lib/\(try Unikernels.architecture)-solo5-none-static"
    let t = testCase.target
    // The ld wrapper's flags, the bindings object before the inputs; nolibc and openlibm in a group after them.
    let expected = ["ld", "-nostdlib", "-L", bindings, "-z", "max-page-size=0x1000", "-static", "-T", "solo5_\(t).lds", "-l", ":solo5_\(t).o"]
      + [unikernels.unikernel, unikernels.manifest]
      + ["-L", "\(prefix)/lib/ocaml-solo5/lib", "--start-group", "-lnolibc", "-lopenlibm", "--end-group", "-o", output]
    #expect(plan.commandLine == expected)
    #expect(plan.bindingsObject == "\(bindings)/solo5_\(t).o")
    #expect(plan.warnings.isEmpty)
  }

  @Test func unixIsTheHostDriversLineWithAGeneratedMainBesideTheOutput() throws {
    let object = try OCamlPrograms.shared().objects["hello"]!
    let scratch = try Scratch("plan-unix")
    let output = scratch.file("hello.unix")
    let planner = TargetLinkPlanner(target: .unix, inputs: [object], output: output, scratchDirectory: scratch.path)
    let plan = try planner.plan()
    let main = output + ".main.o"
    #expect(plan.generatedFiles == [main])
    #expect(FileManager.default.fileExists(atPath: main))
    // gcc's own collect2 line for the same files, without the LTO plugin's options, run as ld.
    let libraries = try Tool.succeed("ocamlfind", ["ocamlopt", "-config-var", "native_c_libraries"]).output
      .split(whereSeparator: \.isWhitespace).map(String.init)
    let driver = try Tool.run("cc", ["-###", "-o", output, main, object] + libraries)
    let line = try #require(driver.stderr.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("/") && $0.contains("collect2") })
    var words = Self.driverWords(line)
    words.removeAll { $0.hasPrefix("-plugin-opt=") }
    if let plugin = words.firstIndex(of: "-plugin") { words.removeSubrange(plugin...plugin + 1) }
    #expect(plan.commandLine == ["ld"] + words.dropFirst())
    #expect(!plan.commandLine.contains { $0.contains("-fresolution") })
  }

  @Test func sameInputsGiveTheSamePlan() throws {
    let scratch = try Scratch("plan-same")
    for testCase in [Unikernels.Case(target: "hvt", era: "pkg-config"), Unikernels.Case(target: "xen", era: "toolchain")] {
      let output = scratch.file("unikernel.\(testCase.target)")
      #expect(try Self.plan(testCase, output: output) == Self.plan(testCase, output: output))
    }
    let object = try OCamlPrograms.shared().objects["cstub"]!
    let planner = TargetLinkPlanner(target: .unix, inputs: [object], output: scratch.file("cstub.unix"), scratchDirectory: scratch.path)
    #expect(try planner.plan() == planner.plan())
  }

  @Test func anArchivedManifestIsForcedInWithDashU() throws {
    let unikernels = try Unikernels.shared()
    let scratch = try Scratch("plan-manifest")
    let archive = try scratch.archive("libmanifest.a", [unikernels.manifest])
    let plan = try Self.plan(Unikernels.Case(target: "virtio", era: "toolchain"), output: scratch.file("out.virtio"), manifest: archive)
    let words = plan.commandLine
    let input = try #require(words.firstIndex(of: unikernels.unikernel))
    #expect(Array(words[input...].prefix(4)) == [unikernels.unikernel, "-u", "__solo5_mft1_note", archive])
  }

  @Test func aPcWithoutLdflagsPlansNoBindingsAndSaysSo() throws {
    let unikernels = try Unikernels.shared()
    let scratch = try Scratch("plan-noflags")
    let folder = try unikernels.pkgConfigCopy(in: scratch, target: "hvt", editing: Unikernels.withoutLdflags)
    var planner = TargetLinkPlanner(target: .hvt, inputs: [unikernels.unikernel], output: scratch.file("out.hvt"), scratchDirectory: scratch.path)
    planner.pkgConfigPaths = [folder]
    let plan = try planner.plan()
    #expect(plan.bindingsObject == nil)
    #expect(plan.warnings.contains { $0.contains("no `ldflags` variable") })
  }

  /// The words of a `gcc -###` line: separated by spaces, some in double quotes.
  static func driverWords(_ line: Substring) -> [String] {
    var words: [String] = []
    var word: String?
    var quoted = false
    for character in line {
      switch character {
      case "\"": quoted.toggle(); word = word ?? ""
      case " " where !quoted:
        if let finished = word { words.append(finished) }
        word = nil
      default: word = (word ?? "") + String(character)
      }
    }
    if let word { words.append(word) }
    return words
  }
}
