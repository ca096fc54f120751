import Foundation
import Testing
import TestSupport

/// `Samples/dune-hello` built with Debian's dune and OCaml: dune's rules run `link-check check` and
/// `link-check link --target unix` on the complete object, and the program runs.
@Suite struct DuneSampleTests {
  @Test func theSampleBuildsChecksLinksAndRuns() throws {
    let scratch = try Scratch("dune-sample")
    let project = scratch.file("dune-hello")
    try FileManager.default.copyItem(atPath: "\(Samples.directory)/dune-hello", toPath: project)
    let build = try Tool.run(
      "dune", ["build", "--root", project, "./hello.unix"], directory: project,
      environment: ["LINK_CHECK": LinkCheckExecutable.path, "DUNE_CACHE": "disabled"])
    #expect(build.status == 0, "\(build.output)\(build.stderr)")
    let built = "\(project)/_build/default"
    #expect(try String(contentsOfFile: "\(built)/hello.check", encoding: .utf8).hasPrefix("OK: links for unix: "))
    // The stub's checksum of "unikernel", computed here as the C stub does.
    let checksum = "unikernel".utf8.reduce(UInt64(0)) { $0 &* 31 &+ UInt64($1) } % 1000
    let run = try Tool.run("\(built)/hello.unix", [])
    #expect(run.status == 0)
    #expect(run.output == "hello from dune: checksum \"unikernel\" = \(checksum)\n")
  }
}
