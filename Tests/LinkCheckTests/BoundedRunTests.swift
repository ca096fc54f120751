import Testing

@testable import TestSupport

/// The measurements hostile-input limits are judged by: a report that cannot be read must not pass as zero.
@Suite struct BoundedRunTests {
  @Test func unreadableTimeReportIsNoMeasurement() {
    #expect(TimeReport("") == nil)
    #expect(TimeReport("Command exited with non-zero status 2") == nil)
    #expect(TimeReport("2048 0.10") == nil)
    let report = TimeReport("2048 0.10 0.05")
    #expect(report?.kilobytes == 2048)
    #expect(abs((report?.cpuSeconds ?? 0) - 0.15) < 1e-9)
  }

  @Test func realRunIsMeasured() throws {
    let outcome = try BoundedRun.run("/bin/true", [])
    #expect(outcome.status == 0)
    #expect(outcome.maxResidentBytes > 0 && outcome.maxResidentBytes < 1 << 30)
    #expect(outcome.cpuSeconds.isFinite && outcome.cpuSeconds >= 0)
  }
}
