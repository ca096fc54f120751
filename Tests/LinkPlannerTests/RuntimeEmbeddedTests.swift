import Foundation
import LinkPlanner
import Testing
import TestSupport

/// Complete objects built with each `-runtime-variant`: the runtime inside is identified, and matched to the
/// archive ocamlopt says it linked.
@Suite struct RuntimeEmbeddedTests {
  @Test(arguments: RuntimeArchiveTests.variants)
  func embeddedVariantIsIdentified(_ variant: String) throws {
    let scratch = try Scratch("embedded")
    let (object, linked) = try scratch.helloCompleteObject(
      "hello.o", flags: variant.isEmpty ? [] : ["-runtime-variant", variant])
    let behaviour = try scratch.behaviour(of: object)
    let runtime = try #require(try EmbeddedRuntimeDetector.detect(in: try RuntimeTestFiles.object(object)))

    // What the program did when run, or whether a shared object took it, says which stock variant it is.
    let expected: RuntimeVariant =
      behaviour.printedDebugBanner ? .debug
      : behaviour.wroteEventlog ? .instrumented : behaviour.linksIntoSharedObject ? .pic : .plain
    #expect(runtime.variant == .stock(expected))
    #expect(runtime.profile.kind == .native)
    #expect(runtime.profile.environment.environment == .host)
    #expect(runtime.verdict(for: .unix).suits)
    let hvt = runtime.verdict(for: .hvt)
    #expect(!hvt.suits)
    #expect(hvt.fix?.contains("libasmrun_freestanding.a") == true)

    // Of the installed runtime archives, exactly the one ocamlopt linked matches.
    let installed = try RuntimeFixtures.installedArchives(prefix: "libasmrun").map(RuntimeArchiveClassifier.classify)
    #expect(installed.filter(runtime.matches).map(\.path) == [linked])
  }

  @Test func customSuffixOnTheLoadPathIsFoundAndNamed() throws {
    let scratch = try Scratch("custom")
    let folder = scratch.file("runtimes")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let stock = try RuntimeFixtures.ocamlLibrary() + "/libasmrun.a"
    try FileManager.default.copyItem(atPath: stock, toPath: folder + "/libasmrun_custom.a")

    let found = try RuntimeArchiveLocator.archives(in: scratch.path)
    #expect(found == [folder + "/libasmrun_custom.a"])
    let report = try RuntimeArchiveClassifier.classify(path: try #require(found.first))
    #expect(report.variant == .custom(suffix: "_custom"))
    #expect(report.variant?.isStock == false)

    // The flag the report names, with the folder on the load path, makes ocamlopt link this copy.
    let flag = try #require(report.variant?.flag).split(separator: " ").map(String.init)
    let (object, linked) = try scratch.helloCompleteObject("hello-custom.o", flags: ["-I", folder] + flag)
    #expect(linked == report.path)

    // Inside the object, the copy is recognised; being byte-identical to the stock archive, so is that one.
    let runtime = try #require(try EmbeddedRuntimeDetector.detect(in: try RuntimeTestFiles.object(object)))
    #expect(runtime.matches(report))
    let identical = try Tool.run("cmp", ["-s", stock, report.path]).status == 0
    #expect(runtime.matches(try RuntimeArchiveClassifier.classify(path: stock)) == identical)
  }

  @Test func embeddedFreestandingRuntimeIsNoStockVariant() throws {
    let scratch = try Scratch("embedded")
    let folder = scratch.file("runtimes")
    let archive = try scratch.freestandingRuntime("runtimes/libasmrun_freestanding.a")
    // The linker shows the archive is freestanding: it links against the nolibc-like library, not against glibc.
    #expect(try scratch.linkAgainstNolibcLike(archive).status == 0)
    #expect(try scratch.linkAgainstHostLibc(archive).status != 0)
    let (object, linked) = try scratch.helloCompleteObject(
      "hello-freestanding.o", flags: ["-I", folder, "-runtime-variant", "_freestanding"])
    #expect(linked == archive)

    let runtime = try #require(try EmbeddedRuntimeDetector.detect(in: try RuntimeTestFiles.object(object)))
    guard case .notStock = runtime.variant else {
      Issue.record("a freestanding runtime taken for the stock \(runtime.variant) variant")
      return
    }
    #expect(runtime.profile.environment.environment == .freestanding)
    #expect(runtime.matches(try RuntimeArchiveClassifier.classify(path: archive)))
    #expect(!runtime.matches(try RuntimeArchiveClassifier.classify(path: try RuntimeFixtures.ocamlLibrary() + "/libasmrun.a")))
    #expect(runtime.verdict(for: .hvt).suits)
    #expect(!runtime.verdict(for: .unix).suits)
  }

  @Test func objectWithoutRuntimeHasNone() throws {
    let scratch = try Scratch("embedded")
    let source = try scratch.write("hello.ml", RuntimeFixtures.helloSource)
    let object = scratch.file("hello-obj.o")
    try Tool.succeed("ocamlfind", ["ocamlopt", "-output-obj", "-o", object, source], directory: scratch.path)
    // -output-obj leaves the runtime out: the object defines nothing the runtime archive defines.
    let runtimeNames = try NMFacts.defined(try RuntimeFixtures.ocamlLibrary() + "/libasmrun.a")
    #expect(try NMFacts.defined(object).isDisjoint(with: runtimeNames))
    #expect(try EmbeddedRuntimeDetector.detect(in: try RuntimeTestFiles.object(object)) == nil)
  }
}
