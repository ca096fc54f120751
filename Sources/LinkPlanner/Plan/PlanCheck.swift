import FoundationEssentials

/// link-check's model of the link a plan runs: the resolver over the plan's exact command line and the check
/// report on it, as `link-check check` makes it (used by `link --check-only` and to explain a failed link).
public enum PlanCheck {
  /// The report on `plan`. Throws `ElfError`, `LinkPlannerError` or `LinkerCommandLineError`.
  public static func report(for plan: LinkPlan) throws -> CheckReport {
    try check(commandLine: plan.commandLine, target: plan.target, plan: plan).report
  }

  /// Models the linker command `words` (program first) and reports on it for `target` (nil: the command as it
  /// stands). The resolution comes along for `--why`.
  public static func check(commandLine words: [String], target: Target?, plan: LinkPlan?) throws -> (
    report: CheckReport, resolution: Resolution
  ) {
    let commandLine = try LinkerCommandLine(words)
    let workingDirectory = FileManager.default.currentDirectoryPath
    // The inputs are read on a second thread while the linker prints its defaults.
    let prefetched = InputPrefetch(line: commandLine.line, workingDirectory: workingDirectory)
    // A linker that prints no built-in script (ld.lld) is modelled with GNU ld's.
    let defaults = try (try? LinkerDefaults.query(linker: commandLine.line.linker)) ?? LinkerDefaults.query(linker: "ld")
    var resolver = Resolver(line: commandLine.line, defaults: defaults, workingDirectory: workingDirectory)
    resolver.prefetched = prefetched
    let resolution = try resolver.resolve()
    // Without --target, the inputs say which target the line is for, and the same hazards apply.
    let inference = target == nil ? try TargetInference.infer(line: commandLine.line, resolution: resolution) : nil
    var analyzer = CheckAnalyzer(resolution: resolution, target: target ?? inference?.target)
    analyzer.preparedGraphs = prefetched.callGraphs
    analyzer.line = ModelledLine(words: words, commandLine: commandLine, defaults: defaults, workingDirectory: resolver.workingDirectory)
    var report = try analyzer.report()
    report.targetInference = inference
    report.plan = plan
    report.linkerCommand = words
    report.unknownOptions = commandLine.unknownOptions
    report.warnings = plan?.warnings ?? []
    return (report, resolution)
  }
}
