import ElfKit
import Foundation
import LinkPlanner
import Testing
import TestSupport

/// The OCaml installation's own runtime archives (Debian's ocaml-nox), each classified and checked against what
/// a program linked with it does, what ocamlopt links for the flag the report names, and what nm and glibc say.
@Suite struct RuntimeArchiveTests {
  /// The `-runtime-variant` arguments of the stock native runtimes ("" for none).
  static let variants = ["", "d", "i", "_pic"]

  @Test(arguments: variants)
  func nativeRuntimeIsClassifiedByWhatItDoes(_ variant: String) throws {
    let scratch = try Scratch("runtime")
    let (object, archive) = try scratch.helloCompleteObject(
      "hello.o", flags: variant.isEmpty ? [] : ["-runtime-variant", variant])
    let behaviour = try scratch.behaviour(of: object)
    let report = try RuntimeArchiveClassifier.classify(path: archive)

    // The flag the report names makes ocamlopt link this very archive.
    let flag = try #require(report.variant).flag.map { $0.split(separator: " ").map(String.init) } ?? []
    #expect(try scratch.helloCompleteObject("again.o", flags: flag).linkedArchive == archive)
    #expect(report.profile.kind == .native)

    // Debug and instrumented builds show themselves when run; PIC code is what a shared object accepts.
    #expect(report.profile.build.debug == behaviour.printedDebugBanner)
    #expect(report.profile.build.instrumented == behaviour.wroteEventlog)
    let shared = try Tool.run(
      "gcc", ["-shared", "-o", scratch.file("whole.so"), "-Wl,--whole-archive", archive, "-Wl,--no-whole-archive"])
    #expect((report.profile.build.codeModel == .positionIndependent) == (shared.status == 0), "\(shared.stderr)")

    try expectInstallationFacts(report, archive: archive)
    try expectHostRuntime(report, archive: archive)
  }

  @Test func bytecodeRuntimeIsReportedAsSuch() throws {
    let scratch = try Scratch("runtime")
    let source = try scratch.write("hello.ml", RuntimeFixtures.helloSource)
    let object = scratch.file("hello-byte.o")
    let build = try Tool.succeed(
      "ocamlfind", ["ocamlc", "-verbose", "-output-complete-obj", "-o", object, source], directory: scratch.path)
    // ocamlc links the bytecode runtime as -lcamlrun from its library folder.
    #expect(build.stderr.contains("-lcamlrun'") || build.stderr.contains("-lcamlrun "), "\(build.stderr)")
    let archive = try RuntimeFixtures.ocamlLibrary() + "/libcamlrun.a"
    let report = try RuntimeArchiveClassifier.classify(path: archive)
    #expect(report.profile.kind == .bytecode)
    #expect(report.variant == .plain)
    try expectInstallationFacts(report, archive: archive)
    try expectHostRuntime(report, archive: archive)

    let embedded = try #require(try EmbeddedRuntimeDetector.detect(in: try RuntimeTestFiles.object(object)))
    #expect(embedded.profile.kind == .bytecode)
    #expect(embedded.matches(report))
    let native = try RuntimeArchiveClassifier.classify(path: try RuntimeFixtures.ocamlLibrary() + "/libasmrun.a")
    #expect(!embedded.matches(native))
  }

  /// Release, machine, size and members, from ocamlopt, uname, the file system and ar.
  private func expectInstallationFacts(_ report: RuntimeArchiveReport, archive: String) throws {
    let release = try Tool.succeed("ocamlfind", ["ocamlopt", "-version"]).output.split(separator: ".").compactMap { Int($0) }
    let installed = OCamlVersion(release[0], release[1])
    let versions = try #require(report.versions)
    #expect(versions.oldest.map { $0 <= installed } ?? true, "\(versions) excludes \(installed)")
    #expect(versions.newest.map { installed <= $0 } ?? true, "\(versions) excludes \(installed)")
    #expect(versions.oldest != nil || versions.newest != nil, "no version evidence at all")

    let machine = try Tool.succeed("uname", ["-m"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(report.profile.machine.description == machine)
    let size = try FileManager.default.attributesOfItem(atPath: archive)[.size] as? Int
    #expect(report.size == size)
    let members = try Tool.succeed("ar", ["t", archive]).output.split(separator: "\n").count
    #expect(report.memberCount == members)
  }

  /// A host runtime: every name offered as evidence is left undefined by the archive and exported by glibc;
  /// the program linked with it ran here, so it suits unix and not a Solo5 target.
  private func expectHostRuntime(_ report: RuntimeArchiveReport, archive: String) throws {
    let evidence = report.profile.environment
    #expect(evidence.environment == .host)
    #expect(!evidence.hostSymbols.isEmpty)
    let undefined = try NMFacts.undefined(archive)
    let defined = try NMFacts.defined(archive)
    let glibc = try NMFacts.hostLibc()
    for symbol in evidence.hostSymbols {
      #expect(undefined.contains(symbol.name) && !defined.contains(symbol.name), "\(symbol.name) is not undefined")
      #expect(glibc[symbol.name] != nil, "\(symbol.name) is not a glibc export")
    }
    for name in evidence.nolibcStubs { #expect(undefined.contains(name) && !defined.contains(name)) }
    #expect(report.verdict(for: .unix).suits)
    let hvt = report.verdict(for: .hvt)
    #expect(!hvt.suits)
    #expect(hvt.fix?.contains("-runtime-variant _freestanding") == true)
  }
}

/// Helpers the runtime tests share.
enum RuntimeTestFiles {
  /// Opens `path` as an ELF object.
  static func object(_ path: String) throws -> ElfFile {
    guard case .object(let file) = try BinaryFile.open(path: path) else { throw ToolFailure(description: "\(path): not ELF") }
    return file
  }
}
