import Foundation
import LinkPlanner
import TestSupport
import Testing

/// What the host-library cause reads instead of running OCaml's tools, against those tools: findlib's configuration
/// from one `ocamlfind printconf` against `printconf path` and `printconf stdlib`, and each native archive's units
/// from the symbol index of its `.a` against `ocamlobjinfo`.
@Suite struct OCamlPackageIndexTests {
  @Test func findlibConfigurationIsWhatPrintconfSaysItemByItem() throws {
    let configuration = FindlibConfiguration.current()
    let path = try Tool.succeed("ocamlfind", ["printconf", "path"]).output
      .split(separator: "\n").map(String.init)
      .filter { FileManager.default.fileExists(atPath: $0) }
    let environment =
      ProcessInfo.processInfo.environment["OCAMLPATH"].map {
        $0.split(separator: ":").map(String.init)
      } ?? []
    #expect(configuration.searchPath == environment + path)
    let stdlib = try Tool.succeed("ocamlfind", ["printconf", "stdlib"]).output
    #expect(configuration.standardLibrary == stdlib.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// Every `.cmxa` of the host OCaml (4.14 on Debian 12: `__` markers) and, with the real toolchain, of OCaml 5.2
  /// (`.` markers): the units named by the `.a` beside it are the `Name:` lines `ocamlobjinfo` prints for it.
  @Test func unitsOfANativeArchiveAreThoseOcamlobjinfoNames() throws {
    var checked = 0
    checked += try compareWithObjinfo(
      under: FindlibConfiguration.current().standardLibrary, objinfo: "ocamlobjinfo")
    if RealToolchain.isAvailable {
      checked += try compareWithObjinfo(
        under: "\(RealToolchain.switchPrefix)/lib/ocaml",
        objinfo: RealToolchain.tool("ocamlobjinfo"))
    }
    #expect(checked >= 5)
  }

  private func compareWithObjinfo(under folder: String, objinfo: String) throws -> Int {
    let archives = try #require(FileManager.default.subpaths(atPath: folder))
      .filter { $0.hasSuffix(".cmxa") }.sorted().map { "\(folder)/\($0)" }
    var checked = 0
    for archive in archives {
      let objinfo = try Tool.run(objinfo, [archive])
      try #require(objinfo.status == 0, "\(objinfo.stderr)")
      let names = objinfo.output.split(separator: "\n").filter { $0.hasPrefix("Name: ") }.map {
        String($0.dropFirst(6))
      }
      let units = OCamlPackageIndex.units(ofNativeArchive: archive)
      #expect(Set(units ?? []) == Set(names), "\(archive)")
      checked += 1
    }
    return checked
  }
}
