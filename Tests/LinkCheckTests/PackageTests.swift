import Foundation
import TestSupport
import Testing

/// `--version` and the self-contained binary `scripts/package` builds.
///
/// The package build (a static release build) takes minutes, too long for every test run: the script checks its
/// own result, and this suite checks the packaged binary again whenever one has been built.
@Suite struct PackageTests {
  static let repository = URL(fileURLWithPath: Samples.directory).deletingLastPathComponent().path
  static let packaged = "\(repository)/.build-release-static/link-check"

  @Test func versionNamesTheLibelfReleaseAndWhereItIsLoadedFrom() throws {
    let result = try LinkCheckExecutable.run(["--version"])
    #expect(result.status == 0)
    let lines = result.output.split(separator: "\n").map(String.init)
    #expect(lines.count == 2)
    #expect(lines.first?.hasPrefix("link-check ") == true)
    let release = try Tool.succeed("pkg-config", ["--modversion", "libelf"]).output
      .trimmingCharacters(in: .whitespacesAndNewlines)
    // The test build loads the shared libelf: the one `ldd` names, symbolic links resolved.
    let ldd = try Tool.succeed("ldd", [LinkCheckExecutable.path]).output.split(separator: "\n")
    let line = try #require(ldd.first { $0.contains("libelf.so") })
    let listed = try #require(line.split(separator: " ").first { $0.hasPrefix("/") })
    let loaded = URL(fileURLWithPath: String(listed)).resolvingSymlinksInPath().path
    #expect(lines.last == "libelf: elfutils \(release), loaded from \(loaded)")
  }

  @Test(
    .enabled(
      if: FileManager.default.isExecutableFile(atPath: packaged),
      "no packaged binary: run scripts/package"))
  func packagedBinaryNeedsOnlyGlibcAndRunsWithoutTheToolchain() throws {
    let needed = try Tool.succeed("readelf", ["-d", Self.packaged]).output.split(separator: "\n")
      .filter { $0.contains("(NEEDED)") }
    #expect(!needed.isEmpty)
    for line in needed {
      #expect(
        ["libc.so", "libm.so", "ld-linux", "libgcc_s.so"].contains { line.contains($0) }, "\(line)")
    }
    let check = try Tool.run("\(Self.repository)/scripts/package", ["--check-only", Self.packaged])
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.output.split(separator: "\n").last.map(String.init) == Self.packaged)
    let version = try Tool.run("env", ["-i", Self.packaged, "--version"])
    #expect(version.output.hasSuffix(", linked in\n"))
  }
}
