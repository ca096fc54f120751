import Foundation
import LinkPlanner
import TestSupport
import Testing

/// The second tier: the real OCaml 5.2, ocaml-solo5 and Solo5 that `scripts/toolchains` built into the cache. Real
/// GNU ld and the real `solo5-spt` are the oracles. The tier is one parameterized test, so that without the cache
/// Swift Testing prints one line for all of it: `➜ Test realToolchain(_:) skipped: "real-toolchain tier skipped …"`.
@Suite struct RealToolchainTests {
  enum Case: Sendable, CustomTestStringConvertible {
    /// An OCaml 5 complete object checked for a target against GNU ld on the planned line.
    case oracle(program: String, target: Target)
    /// A unikernel checked with no flags, the toolchain found in one way (`SysrootLocation.Origin`).
    case discovery(origin: String)
    /// The planned line is the wrappers' own; `link` links a unikernel that boots under `solo5-spt`.
    case boot
    /// `check -- ocamlfind -toolchain solo5 ocamlopt …`: the cross compiler's link, as it runs it.
    case crossCompilerCommand
    /// `check -- x86_64-solo5-ocaml-ld …`: the line the ld wrappers run, as their own `__V=1` trace shows it.
    case linkerWrapperCommand

    var testDescription: String {
      switch self {
      case .oracle(let program, let target): "\(program) for \(target) agrees with GNU ld"
      case .discovery(let origin): "a unikernel checks with no flags (\(origin))"
      case .boot: "the wrappers' line links a unikernel that boots under solo5-spt"
      case .crossCompilerCommand:
        "check -- ocamlfind -toolchain solo5 ocamlopt … is the cross compiler's link"
      case .linkerWrapperCommand: "check -- x86_64-solo5-ocaml-ld … is the line the ld wrappers run"
      }
    }
  }

  static let cases: [Case] =
    OCaml5Programs.names.flatMap { program in
      [Target.unix, .hvt, .spt, .virtio, .muen, .xen, .stub].map {
        Case.oracle(program: program, target: $0)
      }
    } + ["opam-switch", "path", "ocamlfind"].map { Case.discovery(origin: $0) } + [
      .boot, .crossCompilerCommand, .linkerWrapperCommand,
    ]

  @Test(.enabled(if: RealToolchain.isAvailable, RealToolchain.skipComment), arguments: cases)
  func realToolchain(_ testCase: Case) throws {
    switch testCase {
    case .oracle(let program, let target): try ocaml5ObjectAgreesWithGNUld(program, target)
    case .discovery(let origin): try aUnikernelChecksWithNoFlags(origin)
    case .boot: try theWrappersLineLinksAUnikernelThatBootsUnderSolo5Spt()
    case .crossCompilerCommand: try theCrossCompilersCommandIsExpanded()
    case .linkerWrapperCommand: try theLdWrappersLineIsTheOneTheyRun()
    }
  }

  /// OCaml 5 complete objects planned with no flags in an opam switch, the planned line run by GNU ld: link-check's
  /// undefined and duplicate sets must be ld's.
  func ocaml5ObjectAgreesWithGNUld(_ program: String, _ target: Target) throws {
    let testCase = (program: program, target: target)
    let object = try #require(try OCaml5Programs.shared().objects[testCase.program])
    let scratch = try Scratch("real-target")
    var planner = TargetLinkPlanner(
      target: testCase.target, inputs: [object], output: scratch.file("out"),
      scratchDirectory: scratch.path)
    planner.environment = RealToolchain.switchEnvironment
    let plan = try planner.plan()
    if testCase.target != .unix {
      #expect(plan.sysroot?.origin == .opamSwitch && plan.sysroot?.compiler != nil)
    }
    let ld = try LinkerVerdict.run(
      "ld", Array(plan.commandLine.dropFirst()), directory: scratch.path)
    let line = try LinkerCommandLine(plan.commandLine).line
    let resolution = try Resolver(
      line: line, defaults: try LinkerDefaults.query(linker: "ld"), workingDirectory: scratch.path
    ).resolve()
    let undefined = Set(resolution.unresolved.map(\.name))
    #expect(
      undefined == ld.undefined,
      "only link-check: \(undefined.subtracting(ld.undefined).sorted()); only ld: \(ld.undefined.subtracting(undefined).sorted())"
    )
    #expect(Set(resolution.duplicates.map(\.name)) == ld.duplicates)
    #expect(resolution.missingInputs.isEmpty == !ld.missingInputs)
    if testCase.target == .unix {
      #expect(ld.status == 0 && resolution.links, "the host link must succeed: \(ld.stderr)")
    }
    // Host OCaml objects need the host libc: a freestanding link must fail, and say so.
    if testCase.target != .unix { #expect(!ld.undefined.isEmpty) }
  }

  /// A hello unikernel built with the cross compiler as MirageOS 4 builds one: the complete object, a
  /// `solo5_app_main` that initialises nolibc and starts OCaml, and a manifest.
  final class Unikernel: @unchecked Sendable {
    private static let built = Result { try Unikernel() }
    static func shared() throws -> Unikernel { try built.get() }
    static let greeting = "hello from an OCaml 5 unikernel"
    let scratch: Scratch
    var inputs: [String] { [scratch.file("hello.exe.o"), scratch.file("startup.o")] }
    var manifest: String { scratch.file("manifest.o") }

    private init() throws {
      scratch = try Scratch("real-unikernel")
      let ml = try scratch.write("hello.ml", "let () = print_endline \"\(Self.greeting)\"\n")
      let c = try scratch.write(
        "startup.c",
        """
        #include <solo5.h>
        #include <caml/callback.h>
        extern void _nolibc_init(uintptr_t heap_start, size_t heap_size);
        static char *arguments[] = { "hello", NULL };
        int solo5_app_main(const struct solo5_start_info *si) {
          _nolibc_init(si->heap_start, si->heap_size);
          caml_startup(arguments);
          return 0;
        }

        """)
      let json = try scratch.write(
        "manifest.json", "{ \"type\": \"solo5.manifest\", \"version\": 1, \"devices\": [] }\n")
      let cc = RealToolchain.tool("x86_64-solo5-ocaml-cc")
      try RealToolchain.succeed(
        "ocamlfind",
        [
          "-toolchain", "solo5", "ocamlopt", "-output-complete-obj", "-o",
          scratch.file("hello.exe.o"),
          ml,
        ], directory: scratch.path)
      try RealToolchain.succeed(
        cc,
        [
          "-c", "-I\(RealToolchain.switchPrefix)/lib/ocaml-solo5/lib/ocaml", c, "-o",
          scratch.file("startup.o"),
        ])
      try RealToolchain.succeed(
        "solo5-elftool", ["gen-manifest", json, scratch.file("manifest.c")])
      try RealToolchain.succeed(cc, ["-c", scratch.file("manifest.c"), "-o", manifest])
    }
  }

  /// `link-check check` with no flags finds the toolchain, in each way a MirageOS 4 user has it, and says which.
  func aUnikernelChecksWithNoFlags(_ origin: String) throws {
    let path = RealToolchain.switchEnvironment["PATH"]!
    let environment: [String: String] =
      switch origin {
      case "opam-switch":
        ["OPAM_SWITCH_PREFIX": RealToolchain.switchPrefix, "OCAMLFIND_CONF": "/nonexistent"]
      case "path": ["PATH": path, "OPAM_SWITCH_PREFIX": "", "OCAMLFIND_CONF": "/nonexistent"]
      default: ["PATH": path, "OPAM_SWITCH_PREFIX": ""]
      }
    let unikernel = try Unikernel.shared()
    let check = try LinkCheckExecutable.run(
      unikernel.inputs + ["--target", "spt", "--format", "json"], environment: environment)
    #expect(check.status == 0, "\(check.output)\(check.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: check.stdout) as? [String: Any])
    let sysroot = try #require(report["sysroot"] as? [String: Any])
    #expect(sysroot["origin"] as? String == origin)
    #expect(sysroot["solo5"] as? String == RealToolchain.switchPrefix)
    #expect(sysroot["ocaml"] as? String == "\(RealToolchain.switchPrefix)/lib/ocaml-solo5")
  }

  /// The planned line is the one the ocaml-solo5 wrapper runs when it links the same inputs (`-v`), word for word;
  /// `link-check link` links it, and the real `solo5-spt` boots it.
  func theWrappersLineLinksAUnikernelThatBootsUnderSolo5Spt() throws {
    let unikernel = try Unikernel.shared()
    let scratch = try Scratch("real-boot")
    let output = scratch.file("hello.spt")
    let environment = ["PATH": RealToolchain.switchEnvironment["PATH"]!, "OPAM_SWITCH_PREFIX": ""]
    let arguments =
      unikernel.inputs + ["--target", "spt", "--manifest", unikernel.manifest, "-o", output]
    let plan = try LinkCheckExecutable.run(
      ["plan", "--format", "argv"] + arguments, environment: environment)
    #expect(plan.status == 0, "\(plan.stderr)")
    let words = plan.stdout.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    let verbose = try RealToolchain.succeed(
      "x86_64-solo5-ocaml-cc",
      ["-v", "-z", "solo5-abi=spt"] + unikernel.inputs + [unikernel.manifest, "-o", output])
    #expect(words == DriverLines.linkerWords(verbose.stderr))
    try FileManager.default.removeItem(atPath: output)
    let link = try LinkCheckExecutable.run(["link"] + arguments, environment: environment)
    #expect(link.status == 0, "\(link.output)\(link.stderr)")
    let boot = try Tool.run(RealToolchain.tool("solo5-spt"), [output])
    #expect(
      boot.status == 0 && boot.output.contains(Unikernel.greeting), "\(boot.output)\(boot.stderr)")
  }

  /// MirageOS 4's own link command after `--`: the cross `ocamlopt` runs with the recorder, its link goes through the
  /// ocaml-solo5 wrapper's `-###`; the same line as `-verbose` shows, through the same `-###`, and it links.
  func theCrossCompilersCommandIsExpanded() throws {
    let unikernel = try Unikernel.shared()
    let scratch = try Scratch("real-cross-command")
    let source = try scratch.write("hello.ml", "let () = print_endline \"\(Unikernel.greeting)\"\n")
    let command =
      [
        "ocamlfind", "-toolchain", "solo5", "ocamlopt", source, unikernel.inputs[1],
        unikernel.manifest,
      ]
      + ["-o", "hello.spt", "-cclib", "-z solo5-abi=spt"]
    let environment = ["PATH": RealToolchain.switchEnvironment["PATH"]!, "OPAM_SWITCH_PREFIX": ""]
    let check = try LinkCheckExecutable.run(
      ["check", "--target", "spt", "--format", "json", "--"] + command, directory: scratch.path,
      environment: environment)
    #expect(check.status == 0, "\(check.output)\(check.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: check.stdout) as? [String: Any])
    #expect(report["links"] as? Bool == true)
    let linker = DriverLines.startupMasked(report["linker"] as? [String] ?? [])
    #expect(linker.contains("-l:solo5_spt.o") && linker.contains("STARTUP"))
    let verbose = try RealToolchain.succeed(
      "ocamlfind", Array(command.dropFirst()) + ["-verbose"], directory: scratch.path)
    #expect(
      linker
        == (try DriverLines.ocamlLinkerWords(
          verbose: verbose.stderr, output: "hello.spt", directory: scratch.path,
          environment: RealToolchain.switchEnvironment)))
  }

  /// ocaml-solo5's `ld` wrapper runs Solo5's, which runs `ld`: the checked line is the one their `__V=1` trace shows
  /// when they link the same inputs for real, and the program it makes boots.
  func theLdWrappersLineIsTheOneTheyRun() throws {
    let unikernel = try Unikernel.shared()
    let scratch = try Scratch("real-ld-wrapper")
    let output = scratch.file("hello.spt")
    let arguments =
      ["-z", "solo5-abi=spt"] + unikernel.inputs + [
        unikernel.manifest, "-L", "\(RealToolchain.switchPrefix)/lib/ocaml-solo5/lib",
      ]
      + ["--start-group", "-lnolibc", "-lopenlibm", "--end-group", "-o", output]
    let environment = ["PATH": RealToolchain.switchEnvironment["PATH"]!, "OPAM_SWITCH_PREFIX": ""]
    let check = try LinkCheckExecutable.run(
      ["check", "--target", "spt", "--format", "json", "--", "x86_64-solo5-ocaml-ld"] + arguments,
      environment: environment)
    #expect(check.status == 0, "\(check.output)\(check.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: check.stdout) as? [String: Any])
    var traced = RealToolchain.switchEnvironment
    traced["__V"] = "1"
    let run = try Tool.run(
      RealToolchain.tool("x86_64-solo5-ocaml-ld"), arguments, environment: traced)
    #expect(run.status == 0, "\(run.stderr)")
    let exec = try #require(run.stderr.split(separator: "\n").last { $0.hasPrefix("+ exec ld ") })
    #expect(
      report["linker"] as? [String]
        == (try DriverLines.shellWords(String(exec.dropFirst("+ exec ".count)))))
    #expect(
      try Tool.run(RealToolchain.tool("solo5-spt"), [output]).output.contains(Unikernel.greeting))
  }
}
