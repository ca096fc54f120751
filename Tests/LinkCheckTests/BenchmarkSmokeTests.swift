import Foundation
import Testing
import TestSupport

/// The benchmark harness builds and runs (seconds-long smoke; the real numbers come from `Benchmarks/run`).
@Suite struct BenchmarkSmokeTests {
  @Test func harnessRunsAndReportsRatiosAgainstEveryPeer() throws {
    let script = URL(fileURLWithPath: Samples.directory).deletingLastPathComponent().appendingPathComponent("Benchmarks/run").path
    let result = try Tool.run(script, ["--smoke", "--binary", LinkCheckExecutable.path])
    #expect(result.status == 0, "\(result.stderr)")
    for peer in ["link-check/nm =", "link-check/llvm-nm =", "link-check/eu-nm --format=bsd =", "link-check/C libelf walk (floor) ="] {
      #expect(result.output.contains(peer), "missing \(peer)")
    }
    // Every command of the smoke ran to completion.
    #expect(!result.output.contains("exit 1") && !result.output.contains("exit 2"))
  }
}
