import Foundation
import TestSupport
import Testing

/// Same inputs, same bytes, across separate processes (each with its own random hash seed, so dictionary
/// and set order differ from run to run unless the output never depends on them).
@Suite struct DeterminismTests {
  @Test func checkAndDiffGiveTheSameBytesInSeparateProcesses() throws {
    let fixture = try CheckCommandTests.Fixture.shared()
    let commands = [
      [
        "check", fixture.unix, "--target", "hvt", "--pkg-config-path", fixture.pkgConfigPath,
        "--format", "json",
      ],
      ["check", fixture.unix, "--target", "hvt", "--pkg-config-path", fixture.pkgConfigPath],
      ["diff", "--format", "json", fixture.hello, fixture.unix],
      ["symbols", "--format", "json", fixture.unix],
    ]
    for command in commands {
      let runs = try (0..<3).map { _ in try LinkCheckExecutable.run(command) }
      #expect(runs[0].status != 2 && !runs[0].stdout.isEmpty, "\(command): \(runs[0].stderr)")
      #expect(
        runs.allSatisfy { $0.stdout == runs[0].stdout && $0.status == runs[0].status }, "\(command)"
      )
    }
  }
}
