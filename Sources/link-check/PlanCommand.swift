import ArgumentParser
import ElfKit
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif
import LinkPlanner

/// `link-check plan`: the exact linker command for a target, quoted for a shell, as words, or with provenance.
struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Print the exact linker command that links objects for a target.",
    discussion: """
      Era B (--pkg-config-path): mirage's order, `LD LDFLAGS INPUTS MANIFEST STATIC_LIBS -o OUT LDPOSTFLAGS`, from \
      the ld, ldflags and ldpostflags variables of solo5-bindings-<target>.pc (ld when the .pc has no ld=, with a \
      warning) and `pkg-config --static --libs` of mirage-solo5 (mirage-xen for xen). Era C (--sysroot): the flags \
      of Solo5's ld wrapper, the bindings object before the inputs, nolibc and openlibm in a group. unix: the host \
      C compiler driver's own link line, with a generated main when no input defines one.
      The same inputs always give the same bytes. For unix the generated main is compiled to OUT.main.o, beside \
      the output, so that the printed command can be run as it stands.
      Exit status: 0 planned, 2 usage or input error (a missing .pc, a .pc without ldflags, an unreadable input).
      """
  )

  @OptionGroup var options: PlanOptions

  @Option(help: "shell (one line for a POSIX shell), argv (each word ended by a NUL byte) or json (each word with its origin).")
  var format: PlanFormat = .shell

  enum PlanFormat: String, ExpressibleByArgument, CaseIterable { case shell, argv, json }

  func run() throws {
    let plan = try reportingInputErrors { try options.plan() }
    let renderer = PlanRenderer(out: .standardOutput)
    switch format {
    case .shell:
      options.warn(plan)
      renderer.renderShell(plan)
    case .argv:
      options.warn(plan)
      renderer.renderArgv(plan)
    case .json: renderer.renderJSON(plan)
    }
  }
}

/// What `plan` and `link` share: the inputs, the target and where its sysroot is.
struct PlanOptions: ParsableArguments {
  @Option(help: "The target to link for (Solo5 tenders, xen, or unix for the host).")
  var target: Target

  @Option(name: [.customShort("o"), .long], help: "The program to write (default: beside the first input, its name without .o, .exe or .native, then .<target>).")
  var output: String?

  @OptionGroup var sysroot: SysrootOptions

  @Option(help: "Solo5 targets: the application manifest, an object or archive defining __solo5_mft1_note, linked after the inputs.")
  var manifest: String?

  @Argument(help: "The unikernel objects and archives, in link order.")
  var inputs: [String] = []

  func validate() throws {
    if inputs.isEmpty { throw ValidationError("no input to link") }
    if manifest != nil && target == .unix { throw ValidationError("--manifest is for Solo5 targets; a unix program has none") }
  }

  /// `-o`, or the first input's name without `.o`, `.exe` or `.native`, then `.<target>`.
  var outputPath: String { output ?? Self.defaultOutput(for: inputs[0], target: target) }

  /// `main.exe.o` → `main.<target>`.
  static func defaultOutput(for input: String, target: Target) -> String {
    var name = input
    for suffix in [".o", ".exe", ".native"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
    return "\(name).\(target)"
  }

  /// Plans the link of the inputs to `output` (by default `outputPath`). Throws `ElfError` for an unreadable input,
  /// `LinkPlannerError` for a missing sysroot piece.
  func plan(output: String? = nil) throws -> LinkPlan {
    for input in inputs {
      if case .notELF(let reason) = try BinaryFile.open(path: input) { throw ElfError(file: input, problem: reason) }
    }
    if let manifest { try ManifestInput.validate(manifest) }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("link-check-plan-\(getpid())").path
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    var planner = TargetLinkPlanner(target: target, inputs: inputs, output: output ?? outputPath, scratchDirectory: scratch)
    sysroot.configure(&planner)
    planner.manifest = manifest
    let plan = try planner.plan()
    if target.isFreestanding && plan.bindingsObject == nil {
      let why = plan.warnings.isEmpty ? "" : ": " + plan.warnings.joined(separator: "; ")
      throw LinkPlannerError("the plan for \(target) has no Solo5 bindings object (solo5_\(target).o)\(why)")
    }
    return plan
  }

  /// The plan's warnings, one line each on standard error, and where its sysroot was found when no flag named it.
  func warn(_ plan: LinkPlan) {
    if let sysroot = plan.sysroot, sysroot.origin != .flag { Diagnostics.error(sysroot.summary) }
    for warning in plan.warnings { Diagnostics.error("warning: \(warning)") }
  }
}

/// Where a target's sysroot is: `plan`, `link` and `check` share these options.
struct SysrootOptions: ParsableArguments {
  @Option(help: "Era C: the Solo5 prefix holding lib/<triple>/solo5_<target>.{o,lds}.")
  var sysroot: String?

  @Option(name: .customLong("ocaml-sysroot"), help: "Era C: the ocaml-solo5 folder with libnolibc.a and libopenlibm.a.")
  var ocamlSysroot: String?

  @Option(name: .customLong("pkg-config-path"), help: "Era B: a folder searched for .pc files before $PKG_CONFIG_PATH (repeatable).")
  var pkgConfigPaths: [String] = []

  func configure(_ planner: inout TargetLinkPlanner) {
    planner.sysroot = sysroot
    planner.ocamlSysroot = ocamlSysroot
    planner.pkgConfigPaths = pkgConfigPaths
  }
}

/// Runs `body`; link-check's input errors (an unreadable file, a missing sysroot piece, a linker command line it
/// cannot read) become one line on standard error and exit status 2.
func reportingInputErrors<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as ElfError {
    Diagnostics.error(error.description)
  } catch let error as LinkPlannerError {
    Diagnostics.error(error.description)
  } catch let error as LinkerCommandLineError {
    Diagnostics.error("linker command line: \(error)")
  }
  throw ExitStatus.inputError
}
