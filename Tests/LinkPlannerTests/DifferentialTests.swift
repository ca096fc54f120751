import Foundation
import LinkPlanner
import TestSupport
import Testing

/// The differential campaign against GNU ld (issue 14): random seeded link scenarios, each run through `ld`
/// and link-check, must agree on link/no-link, the undefined and duplicate sets and missing inputs. link-check
/// runs in this process (`LinkerCommandLine` and `Resolver`, what `check -- ld` runs) and, for a sample, as
/// `link-check check --format json -- ld …`. `scripts/differential` runs the full campaign; CI a fixed slice.
@Suite struct DifferentialTests {
  static let environment = ProcessInfo.processInfo.environment
  private static let defaults = Result { try LinkerDefaults.query(linker: "ld") }

  /// The resolver's verdict on an ld line, as `check -- ld` computes it.
  static let checker: DifferentialRunner.Checker = { arguments, directory in
    do {
      let line = try LinkerCommandLine(["ld"] + arguments, responseFileDirectory: directory).line
      let resolution = try Resolver(
        line: line, defaults: try defaults.get(), workingDirectory: directory
      ).resolve()
      var verdict = DifferentialVerdict(
        links: resolution.links, undefined: Set(resolution.unresolved.map(\.name)),
        duplicates: Set(resolution.duplicates.map(\.name)),
        missingInputs: !resolution.missingInputs.isEmpty)
      verdict.readByAssignments = Set(
        resolution.unresolved.filter { !$0.assignments.isEmpty || !$0.scriptAssignments.isEmpty }
          .map(\.name))
      verdict.undefinedBySharedObjectsOnly = Set(
        resolution.unresolved.filter { $0.sites.isEmpty && !$0.sharedObjects.isEmpty }.map(\.name))
      verdict.outputErrors = Set(resolution.outputErrors.map(\.name))
      return verdict
    } catch {
      return DifferentialVerdict(
        links: false, undefined: [], duplicates: [], missingInputs: false, otherError: "\(error)")
    }
  }

  /// A fixed slice of the campaign: 300 scenarios from seed 1, every fifth also through the executable.
  @Test func seededSliceAgreesWithGNUld() throws {
    let campaign = DifferentialCampaign.run(
      seeds: Array(1...300), checker: Self.checker, executableEvery: 5)
    #expect(campaign.failures.isEmpty, "\(campaign.failures)")
    #expect(campaign.disagreements.isEmpty, "\(campaign.report)")
    // Scenarios ld rejects for reasons not compared must stay rare, or the slice compares little.
    #expect(campaign.agreements >= 270, "\(campaign.report)")
  }

  /// The names a `--defsym` expression reads, as ld's expression lexer sees them (`f3+_start` is two names,
  /// `f3/2` one, `fd` a number). The oracle is ld, asked until it links: each name it refuses ("undefined symbol
  /// `f3' referenced in expression") is then defined by the object; link-check must read exactly those names.
  @Test(arguments: [
    "f3+_start", "f3-1", "-f3", "f3/2", "f3~1", "ABSOLUTE(f3)+f4", "ADDR(.text)+f3",
    "SIZEOF_HEADERS+f3",
    "1K+f3", "$10+f3", "0x10+f3", "10h+f3", "f3<<1", "fd", "f3d", "fdz", "\"f 3\"",
    "SEGMENT_START(\"text\",f3)", "DEFINED(f3)+f4", "ALIGN(f3,8)", "MAXPAGESIZE+f3", "f3 ? 1 : 2",
    "o+h*x", "DEFINED(f3) ? f3 : 0",
  ])
  func defsymReadsTheNamesLdReads(_ expression: String) throws {
    let scratch = try Scratch("defsym-expression")
    var read: [String] = []
    while true {
      let labels = read.map { "\t.globl \"\($0)\"\n\"\($0)\":\n" }.joined()
      let source = try scratch.write("main.s", "\t.text\n\(labels)\tret\n")
      try Tool.succeed("as", [source, "-o", scratch.file("main.o")])
      let ld = try Tool.run(
        "ld", [scratch.file("main.o"), "--defsym", "x=\(expression)", "-o", scratch.file("out")])
      guard ld.status != 0 else { break }
      let refusal = try #require(
        ld.stderr.firstRange(of: "undefined symbol `").map { ld.stderr[$0.upperBound...] },
        "\(ld.stderr)")
      let name = String(refusal.prefix { $0 != "'" })
      try #require(!read.contains(name) && read.count < 5, "\(ld.stderr)")
      read.append(name)
    }
    #expect(SymbolAssignment(defsym: "x=\(expression)").references.sorted() == read.sorted())
  }

  /// The reproducers of the disagreements the campaign found, shrunk; each one agrees now.
  @Test(arguments: DifferentialRegressions.scenarios)
  func regressionAgreesWithGNUld(_ scenario: DifferentialScenario) throws {
    let (outcome, _) = try DifferentialRunner.run(scenario, checker: Self.checker)
    if case .disagree(let ld, let linkCheck) = outcome {
      Issue.record("ld: \(ld)\nlink-check: \(linkCheck)")
    }
    if case .skipped(let reason) = outcome {
      Issue.record("ld failed for a reason not compared: \(reason)")
    }
  }

  /// A link ld refuses only as it writes the output's symbols (a hidden definition a shared object refers to):
  /// ld's own message is the oracle; check must say the line does not link, name the symbol and exit 1.
  @Test func outputSymbolRefusalIsALinkFailureAsLdSays() throws {
    let scratch = try Scratch("refusal")
    let scenario = DifferentialScenario(
      seed: 0,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n_start:\n\tret",
            "\t.text\n\t.globl f\n\t.hidden f\n\t.type f,@function\nf:\n\tret",
          ])),
        .init("so0.o", .object(parts: ["\t.text\n\tcall f@PLT"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
      ], arguments: [])
    try scenario.build(in: scratch.path)
    let arguments = ["main.o", "libs0.so", "-o", "out"]
    let ld = try Tool.run("ld", arguments, directory: scratch.path)
    #expect(ld.status != 0)
    #expect(ld.stderr.contains("hidden symbol `f' in main.o is referenced by DSO"), "\(ld.stderr)")
    let check = try LinkCheckExecutable.run(
      ["check", "--", "ld"] + arguments, directory: scratch.path)
    #expect(check.status == 1)
    #expect(
      check.output.hasPrefix("FAIL: would not link as given — 1 symbol ld refuses in the output"),
      "\(check.output)")
    // (The text wraps at 99 columns, continuing with four spaces.)
    let unwrapped = check.output.replacingOccurrences(of: "\n    ", with: " ")
    #expect(
      unwrapped.contains("hidden symbol `f' in main.o is referenced by DSO"), "\(check.output)")
  }

  /// The full campaign, run by `scripts/differential` (DIFFERENTIAL_SCENARIOS, DIFFERENTIAL_FIRST_SEED,
  /// DIFFERENTIAL_REPORT, DIFFERENTIAL_WORKERS, DIFFERENTIAL_EXECUTABLE_EVERY).
  @Test(.enabled(if: environment["DIFFERENTIAL_SCENARIOS"] != nil))
  func campaign() throws {
    let count = UInt64(Self.environment["DIFFERENTIAL_SCENARIOS"] ?? "") ?? 10_000
    let first = UInt64(Self.environment["DIFFERENTIAL_FIRST_SEED"] ?? "") ?? 1_000_000
    let workers = Int(Self.environment["DIFFERENTIAL_WORKERS"] ?? "") ?? 2
    let every = Int(Self.environment["DIFFERENTIAL_EXECUTABLE_EVERY"] ?? "") ?? 10
    let start = Date()
    let reportPath = Self.environment["DIFFERENTIAL_REPORT"]
    @Sendable func write(_ campaign: DifferentialCampaign, finished: Bool) -> String {
      let report =
        campaign.report
        + "time: \(Int(Date().timeIntervalSince(start))) s\(finished ? "" : " (running)")\n"
      if let reportPath { try? report.write(toFile: reportPath, atomically: true, encoding: .utf8) }
      return report
    }
    let campaign = DifferentialCampaign.run(
      seeds: Array(first..<(first + count)), checker: Self.checker, executableEvery: every,
      workers: workers, lld: true,
      progress: { _ = write($0, finished: false) })
    let report = write(campaign, finished: true)
    #expect(campaign.failures.isEmpty)
    #expect(campaign.disagreements.isEmpty, "\(report)")
  }
}
