import Foundation

/// Runs many seeded scenarios (on a few workers) and tallies them: agreements, disagreements (shrunk to
/// reproducers), scenarios skipped because ld failed for a reason not compared, and where ld.lld differs.
public struct DifferentialCampaign: Sendable {
  public struct Disagreement: Sendable {
    public var scenario: DifferentialScenario
    public var shrunk: DifferentialScenario
    public var ld: DifferentialVerdict
    public var linkCheck: DifferentialVerdict
  }

  public var scenarios = 0
  public var agreements = 0
  public var disagreements: [Disagreement] = []
  /// ld's error line → how many scenarios.
  public var skipped: [String: Int] = [:]
  /// Scenarios also run through the link-check executable and ld.lld.
  public var sampled = 0
  /// Of those, the ones where ld.lld's verdict differs from ld.bfd's.
  public var lldDifferences = 0
  /// A scenario whose files could not even be built (assembler or ar failing: a generator bug).
  public var failures: [String] = []

  public init() {}

  /// Runs the scenarios of `seeds` on `workers` threads.
  /// Runs the scenarios of `seeds` on `workers` threads, each through `checker` (the resolver in process) and
  /// every `executableEvery`-th also through the link-check executable and ld.lld.
  /// `progress` sees the tally every `progressEvery` scenarios (a long campaign writes its report as it goes).
  public static func run(
    seeds: [UInt64], checker: DifferentialRunner.Checker?, executableEvery: Int = 1,
    workers: Int = 2, lld: Bool = false,
    shrink: Bool = true, progressEvery: Int = 250,
    progress: (@Sendable (DifferentialCampaign) -> Void)? = nil
  ) -> DifferentialCampaign {
    let tally = Tally()
    let next = Counter()
    DispatchQueue.concurrentPerform(iterations: max(1, workers)) { _ in
      while let index = next.take(below: seeds.count) {
        let scenario = DifferentialGenerator.scenario(seed: seeds[index])
        do {
          let sampled = index % max(1, executableEvery) == 0
          let (outcome, lldDiffers) = try DifferentialRunner.run(
            scenario, checker: checker, executable: sampled, lld: lld && sampled)
          var disagreement: Disagreement?
          if case .disagree(let ld, let linkCheck) = outcome {
            let shrunk = shrink ? DifferentialRunner.shrink(scenario, checker: checker) : scenario
            disagreement = Disagreement(
              scenario: scenario, shrunk: shrunk, ld: ld, linkCheck: linkCheck)
          }
          tally.update { campaign in
            defer { if campaign.scenarios % progressEvery == 0 { progress?(campaign) } }
            campaign.scenarios += 1
            if sampled { campaign.sampled += 1 }
            if lldDiffers { campaign.lldDifferences += 1 }
            switch outcome {
            case .agree: campaign.agreements += 1
            case .disagree: campaign.disagreements.append(disagreement!)
            case .skipped(let reason): campaign.skipped[Self.kind(of: reason), default: 0] += 1
            }
          }
        } catch {
          tally.update { $0.failures.append("\(scenario): \(error)") }
        }
      }
    }
    var campaign = tally.campaign
    campaign.disagreements.sort { $0.scenario.seed < $1.scenario.seed }
    return campaign
  }

  /// An ld error line without its file names, to count kinds of skipped scenarios.
  static func kind(of reason: String) -> String {
    reason.replacingOccurrences(
      of: #"[A-Za-z0-9_./()]+\.(o|a|so|ld|lds)\b"#, with: "FILE", options: .regularExpression
    )
    .replacingOccurrences(of: #"`[^']*'"#, with: "`SYM'", options: .regularExpression)
  }

  /// A plain-text report: counts, then each disagreement with its verdicts and its shrunk reproducer.
  public var report: String {
    var lines = [
      "scenarios: \(scenarios)", "agree: \(agreements)", "disagree: \(disagreements.count)",
      "skipped (ld failed for a reason not compared): \(skipped.values.reduce(0, +))",
      "also through the executable and ld.lld: \(sampled); ld.lld differs from ld.bfd in \(lldDifferences)",
      "generator failures: \(failures.count)",
    ]
    for (reason, count) in skipped.sorted(by: { $0.value > $1.value }) {
      lines.append("  skipped \(count)× \(reason)")
    }
    for failure in failures.prefix(5) { lines.append("  failure: \(failure)") }
    for disagreement in disagreements {
      lines += [
        "", "disagreement, seed \(disagreement.scenario.seed)", "  ld:         \(disagreement.ld)",
        "  link-check: \(disagreement.linkCheck)", "  shrunk: \(disagreement.shrunk)",
        disagreement.shrunk.swiftLiteral,
      ]
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// The campaign the workers add to.
private final class Tally: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var campaign = DifferentialCampaign()
  func update(_ change: (inout DifferentialCampaign) -> Void) {
    lock.withLock { change(&campaign) }
  }
}

/// Hands out scenario indexes to the workers.
private final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0
  func take(below limit: Int) -> Int? {
    lock.withLock {
      guard value < limit else { return nil }
      defer { value += 1 }
      return value
    }
  }
}
