import ArgumentParser
import ElfKit
import FoundationEssentials
import LinkPlanner

#if canImport(Glibc)
  import Glibc
#endif

/// `link-check check` (the default): will this link for the target, and if not, why?
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check that objects link for a target, and explain every failure.",
    discussion: """
      Models GNU ld's symbol resolution over the target's link line (from its pkg-config files, its Solo5 \
      toolchain layout, or the host compiler for unix) and reports every undefined reference with who \
      refers to it, duplicate definitions, and hazards (host runtime, TLS stack guard, nolibc stubs…).
      Inputs, -L and -l after the object are appended to the link line in order, like ld.
      `link-check check [options] -- ld ARGS...` checks an exact linker command line as it stands; \
      `-- gcc ARGS...` (cc, clang, or a Solo5/ocaml-solo5 cc wrapper) checks the ld line the driver's -### prints, \
      `-- x86_64-solo5-none-static-ld ARGS...` the line the ld wrapper runs (a recorder stands in for its ld); \
      `-- ocamlfind ocamlopt ARGS...` (or ocamlopt) checks the link ocamlopt would run: the compiler runs with \
      a recorder standing in for its C compiler on PATH, which captures the link command (then put through the \
      driver's -###); ocamlopt's startup object is kept beside the program as PROGRAM.startup.o.
      A Solo5 target's toolchain comes from --sysroot/--ocaml-sysroot or --pkg-config-path, else `ocamlfind \
      -toolchain solo5 printconf`, else the wrappers on PATH (<arch>-solo5-ocaml-cc, <arch>-solo5-none-static-cc), \
      else $OPAM_SWITCH_PREFIX, else $PKG_CONFIG_PATH; the report says which (a sysroot line with --details, JSON "sysroot").
      Exit status: 0 links cleanly, 1 would not link (or an error-level hazard), 2 usage or input error.
      """
  )

  @Option(help: "The target to link for (Solo5 tenders, xen, or unix for the host).")
  var target: Target?

  @OptionGroup var sysroot: SysrootOptions

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Option(
    name: .customLong("max-sites"),
    help: "With --details: reference sites shown per undefined symbol.")
  var maxSites = 3

  @Flag(
    help:
      "After the causes, every undefined symbol with its references, every duplicate and hazard, and the linker line."
  )
  var details = false

  @Flag(
    name: .customLong("fixed-command"),
    help: "Print the linker command with every verified fix applied (JSON: an argv array).")
  var fixedCommand = false

  @Option(
    help:
      "Explain why SYMBOL (or an archive member) is in the link; for an OCaml unit (Unix), which units lead to it."
  )
  var why: String?

  @Option(help: "With --why: print the chain as a graph instead (dot).")
  var graph: GraphFormat?

  @Argument(
    parsing: .allUnrecognized,
    help: "The unikernel object, then extra inputs, -L and -l options; or -- ld|cc|ocamlopt ARGS..."
  )
  var inputs: [String] = []

  enum GraphFormat: String, ExpressibleByArgument { case dot }

  func validate() throws {
    let run = checkRun
    if run.linkerCommand == nil && target == nil {
      throw ValidationError("give --target, or an exact linker command after `--`")
    }
    if run.linkerCommand == nil && run.objects.isEmpty {
      throw ValidationError("no object to check")
    }
    if graph != nil && why == nil { throw ValidationError("--graph needs --why") }
  }

  /// The values parsed, with everything after `--` as the linker command line.
  private var checkRun: CheckRun {
    var run = CheckRun(linkerCommand: CheckRun.linkerCommand(in: CommandLine.arguments))
    (run.target, run.sysroot, run.format, run.maxSites) = (target, sysroot, format, maxSites)
    (run.details, run.fixedCommand, run.why, run.graph) = (details, fixedCommand, why, graph)
    run.inputs = inputs
    return run
  }

  func run() throws { try checkRun.run() }
}

/// One `link-check check` run, its options parsed.
struct CheckRun {
  var target: Target?
  /// Nil when parsed here: the sysroot options matter only without a linker command.
  var sysroot: SysrootOptions?
  var format = OutputFormat.text
  var maxSites = 3
  var details = false
  var fixedCommand = false
  var why: String?
  var graph: CheckCommand.GraphFormat?
  /// The words before `--`.
  var inputs: [String] = []
  /// Everything after `--`: a linker command line.
  var linkerCommand: [String]?

  init(linkerCommand: [String]?) {
    self.linkerCommand = linkerCommand
  }

  /// Parses `[--target T] [--format F] [--details] [--fixed-command] -- COMMAND...`, options spelled out, and
  /// nothing else: nil otherwise (help, other options, objects to plan for), which swift-argument-parser then
  /// parses. Its reflection over the command costs 11.7 M instructions (callgrind: conformance lookups over the
  /// whole binary), more than the causes of a small unikernel's check.
  init?(plainArguments arguments: some Collection<String>) {
    var remaining = arguments[...]
    while let argument = remaining.popFirst() {
      switch argument {
      case "--":
        guard !remaining.isEmpty else { return nil }
        linkerCommand = Array(remaining)
        return
      case "--details": details = true
      case "--fixed-command": fixedCommand = true
      case "--format":
        guard let value = remaining.popFirst(), let parsed = OutputFormat(rawValue: value) else {
          return nil
        }
        format = parsed
      case "--target":
        guard let value = remaining.popFirst(), let parsed = Target(rawValue: value) else {
          return nil
        }
        target = parsed
      default: return nil
      }
    }
    return nil
  }

  /// The words after the first `--` of `arguments`; nil without any.
  static func linkerCommand(in arguments: [String]) -> [String]? {
    guard let separator = arguments.firstIndex(of: "--") else { return nil }
    let words = Array(arguments[(separator + 1)...])
    return words.isEmpty ? nil : words
  }

  /// The inputs before `--`: objects first, then anything else for the link line.
  var objects: [String] {
    let before = inputs.prefix { $0 != "--" }
    return Array(before.prefix { !$0.hasPrefix("-") })
  }

  private var extraArguments: [String] {
    let before = Array(inputs.prefix { $0 != "--" })
    return Array(before.dropFirst(objects.count))
  }

  func run() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "link-check-\(getpid())"
    ).path
    try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let (report, resolution, sysroot) = try reportingInputErrors { try check(scratch: scratch) }
    ProcessEnd.keep((report, resolution))
    try render(report.naming(scratch: scratch), resolution, sysroot)
    // With --fixed-command the status says whether the printed command links.
    let links = fixedCommand ? (report.fixedCommandLinks ?? report.isClean) : report.isClean
    if !links { throw ExitStatus.problemsFound }
  }

  private func check(scratch: String) throws -> (
    report: CheckReport, resolution: Resolution, sysroot: SysrootLocation?
  ) {
    if let linkerCommand {
      let (report, resolution) = try PlanCheck.check(
        commandLine: expanded(linkerCommand, scratch: scratch), target: target, plan: nil)
      return (report, resolution, nil)
    }
    // The objects being checked must be readable: a missing or corrupt one is an input error, not a finding.
    for object in objects {
      if case .notELF(let reason) = try BinaryFile.open(path: object) {
        throw ElfError(file: object, problem: reason)
      }
    }
    // The output is named after the object, as `plan` names it, so that the line is the same every run.
    let output = PlanOptions.defaultOutput(for: objects[0], target: target!)
    var planner = TargetLinkPlanner(
      target: target!, inputs: objects, output: output, scratchDirectory: scratch)
    planner.extraArguments = extraArguments
    sysroot?.configure(&planner)
    let plan = try planner.plan()
    let (report, resolution) = try PlanCheck.check(
      commandLine: plan.commandLine, target: target, plan: plan)
    return (report, resolution, plan.sysroot)
  }

  /// A linker command as it stands; a C compiler driver's or ocamlopt's expanded to the linker command it would run.
  private func expanded(_ command: [String], scratch: String) throws -> [String] {
    switch DriverExpansion.kind(of: command) {
    case .linker: command
    case .linkerWrapper: try DriverExpansion.expandLinkerWrapper(command, scratch: scratch)
    case .cDriver: try DriverExpansion.expandCDriver(command)
    case .ocamlCompiler: try DriverExpansion.expandOCaml(command, scratch: scratch)
    }
  }

  private func render(_ report: CheckReport, _ resolution: Resolution, _ sysroot: SysrootLocation?)
    throws
  {
    let out = OutputStream.standardOutput
    if let why {
      let explanation = try WhyExplanation(query: why, resolution: resolution)
      if graph == .dot {
        explanation.renderDOT(out)
      } else if format == .json {
        explanation.renderJSON(JSONStream(out))
      } else {
        explanation.renderText(out)
      }
      return
    }
    if fixedCommand {
      let command = report.fixedCommand ?? report.linkerCommand
      if format == .json {
        let json = JSONStream(out)
        json.beginArray()
        for word in command { json.string(word) }
        json.endArray()
        json.newline()
      } else {
        out.write(command.map(ShellQuoting.quote).joined(separator: " ") + "\n")
      }
      return
    }
    switch format {
    case .text:
      CheckTextRenderer(
        out: out, maxSites: maxSites, details: details, style: .standardOutput, sysroot: sysroot
      ).render(report)
    case .json: CheckJSONRenderer(json: JSONStream(out), sysroot: sysroot).render(report)
    }
  }
}

extension Target: ExpressibleByArgument {}

extension CheckReport {
  /// The report with the files of the check's own scratch folder (the planned output, a generated `main`)
  /// shown by name alone: its path holds the process id, and output must be the same for the same inputs.
  func naming(scratch: String) -> CheckReport {
    let prefix = scratch.hasSuffix("/") ? scratch : scratch + "/"
    func name(_ path: String) -> String {
      path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
    var report = self
    report.linkerCommand = linkerCommand.map(name)
    report.inputs = inputs.map { input in
      var input = input
      input.name = name(input.name)
      return input
    }
    return report
  }
}
