import LinkPlanner
import Testing

/// The check's causes account for every finding exactly once: their symbol counts add up to the unresolved and
/// duplicate symbols, and each finding's `cause` is a cause that lists it.
enum CauseAccounting {
  /// Checks `words` (linker first) as `link-check check -- words` does, in `directory`, and asserts the accounting.
  @discardableResult
  static func expectComplete(_ words: [String], in directory: String, target: Target?) throws
    -> CheckReport
  {
    let commandLine = try LinkerCommandLine(words, responseFileDirectory: directory)
    let defaults = try LinkerDefaults.query(linker: "ld")
    let resolution = try Resolver(
      line: commandLine.line, defaults: defaults, workingDirectory: directory
    ).resolve()
    var analyzer = CheckAnalyzer(resolution: resolution, target: target)
    analyzer.line = ModelledLine(
      words: words, commandLine: commandLine, defaults: defaults, workingDirectory: directory)
    let report = try analyzer.report()
    let counted = report.causes.map(\.symbols.count).reduce(0, +)
    #expect(
      counted == report.unresolved.count + report.duplicates.count,
      "\(report.causes.map { ($0.kind, $0.symbols) })")
    for finding in report.unresolved {
      let cause = try #require(finding.cause)
      #expect(report.causes[cause].symbols.contains(finding.symbol))
    }
    for duplicate in report.duplicates {
      let cause = try #require(duplicate.cause)
      #expect(report.causes[cause].symbols.contains(duplicate.symbol))
    }
    #expect(report.causes.flatMap(\.hazards).sorted() == report.hazards.map(\.kind).sorted())
    return report
  }
}
