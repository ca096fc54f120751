import ArgumentParser
import ElfKit
import Foundation
import LinkPlanner

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
      `link-check check [options] -- ld ARGS...` checks an exact linker command line as it stands.
      Exit status: 0 links cleanly, 1 would not link (or an error-level hazard), 2 usage or input error.
      """
  )

  @Option(help: "The target to link for (Solo5 tenders, xen, or unix for the host).")
  var target: Target?

  @OptionGroup var sysroot: SysrootOptions

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Option(name: .customLong("max-sites"), help: "Reference sites shown per undefined symbol (text output).")
  var maxSites = 3

  @Option(help: "Explain why SYMBOL (or an archive member) is in the link; for an OCaml unit (Unix), which units lead to it.")
  var why: String?

  @Option(help: "With --why: print the chain as a graph instead (dot).")
  var graph: GraphFormat?

  @Argument(parsing: .allUnrecognized, help: "The unikernel object, then extra inputs, -L and -l options; or -- ld ARGS...")
  var inputs: [String] = []

  enum GraphFormat: String, ExpressibleByArgument { case dot }

  func validate() throws {
    if linkerCommand == nil && target == nil {
      throw ValidationError("give --target, or an exact linker command after `--`")
    }
    if linkerCommand == nil && objects.isEmpty { throw ValidationError("no object to check") }
    if graph != nil && why == nil { throw ValidationError("--graph needs --why") }
  }

  /// Everything after `--`: a linker command line.
  private var linkerCommand: [String]? {
    guard let separator = CommandLine.arguments.firstIndex(of: "--") else { return nil }
    let words = Array(CommandLine.arguments[(separator + 1)...])
    return words.isEmpty ? nil : words
  }

  /// The inputs before `--`: objects first, then anything else for the link line.
  private var objects: [String] {
    let before = inputs.prefix { $0 != "--" }
    return Array(before.prefix { !$0.hasPrefix("-") })
  }

  private var extraArguments: [String] {
    let before = Array(inputs.prefix { $0 != "--" })
    return Array(before.dropFirst(objects.count))
  }

  func run() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("link-check-\(getpid())").path
    try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let (report, resolution) = try reportingInputErrors { try check(scratch: scratch) }
    try render(report.naming(scratch: scratch), resolution)
    if !report.isClean { throw ExitStatus.problemsFound }
  }

  private func check(scratch: String) throws -> (report: CheckReport, resolution: Resolution) {
    if let linkerCommand { return try PlanCheck.check(commandLine: linkerCommand, target: target, plan: nil) }
    // The objects being checked must be readable: a missing or corrupt one is an input error, not a finding.
    for object in objects {
      if case .notELF(let reason) = try BinaryFile.open(path: object) { throw ElfError(file: object, problem: reason) }
    }
    var planner = TargetLinkPlanner(target: target!, inputs: objects, output: "\(scratch)/unikernel.\(target!)", scratchDirectory: scratch)
    planner.extraArguments = extraArguments
    sysroot.configure(&planner)
    let plan = try planner.plan()
    return try PlanCheck.check(commandLine: plan.commandLine, target: target, plan: plan)
  }

  private func render(_ report: CheckReport, _ resolution: Resolution) throws {
    let out = OutputStream.standardOutput
    if let why {
      let explanation = try WhyExplanation(query: why, resolution: resolution)
      if graph == .dot { explanation.renderDOT(out) } else if format == .json { explanation.renderJSON(JSONStream(out)) } else { explanation.renderText(out) }
      return
    }
    switch format {
    case .text: CheckTextRenderer(out: out, maxSites: maxSites).render(report)
    case .json: CheckJSONRenderer(json: JSONStream(out)).render(report)
    }
  }
}

extension Target: ExpressibleByArgument {}

extension CheckReport {
  /// The report with the files of the check's own scratch folder (the planned output, a generated `main`)
  /// shown by name alone: its path holds the process id, and output must be the same for the same inputs.
  func naming(scratch: String) -> CheckReport {
    let prefix = scratch.hasSuffix("/") ? scratch : scratch + "/"
    func name(_ path: String) -> String { path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path }
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
