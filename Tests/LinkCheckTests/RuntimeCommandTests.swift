import Foundation
import Testing
import TestSupport

/// `link-check runtime` as a user runs it: folders, complete objects, targets, JSON, and bad input.
@Suite struct RuntimeCommandTests {
  /// The keys every runtime object of the JSON output has (README.md documents them).
  static let runtimeKeys = [
    "path", "source", "kind", "definesRuntimeEntry", "variant", "variantNote", "runtimeVariantFlag", "memberNaming", "versions",
    "versionHints", "machine", "class", "byteOrder", "size", "members", "build", "environment", "hostSymbols",
    "freestandingMarkers", "nolibcStubs", "unrecognisedSymbols", "matches", "verdict",
  ]

  private func json(_ result: ToolResult) throws -> (runtimes: [[String: Any]], errors: [[String: Any]]) {
    let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    let runtimes = try #require(document["runtimes"] as? [[String: Any]])
    let errors = try #require(document["errors"] as? [[String: Any]])
    return (runtimes, errors)
  }

  @Test func installationFolderIsTabulated() throws {
    let folder = try RuntimeFixtures.ocamlLibrary()
    // The runtime archives find sees there, at the depths link-check searches.
    let found = try Tool.succeed(
      "find", [folder, "-maxdepth", "4", "(", "-name", "libasmrun*.a", "-o", "-name", "libcamlrun*.a", ")"]
    ).output.split(separator: "\n").map(String.init).sorted()
    #expect(!found.isEmpty)

    let text = try LinkCheckExecutable.run(["runtime", folder])
    #expect(text.status == 0, "\(text.stderr)")
    let lines = text.output.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first?.hasPrefix("RUNTIME ") == true)
    let rows = lines.dropFirst().prefix { !$0.isEmpty }.map { String($0.split(separator: " ")[0]) }
    #expect(rows == found)

    let result = try LinkCheckExecutable.run(["runtime", "--format", "json", folder])
    #expect(result.status == 0)
    let (runtimes, errors) = try json(result)
    #expect(runtimes.compactMap { $0["path"] as? String } == found)
    #expect(errors.isEmpty)
    for runtime in runtimes {
      for key in Self.runtimeKeys { #expect(runtime.keys.contains(key), "missing \(key)") }
      let file = ((runtime["path"] as? String ?? "") as NSString).lastPathComponent
      #expect(runtime["kind"] as? String == (file.hasPrefix("libasmrun") ? "native" : "bytecode"))
      #expect(runtime["verdict"] is NSNull)
    }
  }

  @Test func targetSetsTheExitStatus() throws {
    let scratch = try Scratch("runtime-cli")
    let host = try RuntimeFixtures.ocamlLibrary() + "/libasmrun.a"
    let freestanding = try scratch.freestandingRuntime()
    let cases: [(String, String, Int32)] = [
      (host, "hvt", 1), (host, "unix", 0), (freestanding, "hvt", 0), (freestanding, "spt", 0),
      (freestanding, "unix", 1),
    ]
    for (archive, target, status) in cases {
      let result = try LinkCheckExecutable.run(["runtime", "--target", target, archive])
      #expect(result.status == status, "\(archive) --target \(target): \(result.stderr)")
      #expect(result.stderr.isEmpty)
      #expect(result.output.contains("  \(target):"), "\(result.output)")
      #expect(result.output.contains("fix:") == (status == 1))
    }
    // One unsuitable runtime among suitable ones is enough.
    #expect(try LinkCheckExecutable.run(["runtime", "--target", "hvt", freestanding, host]).status == 1)
  }

  @Test func completeObjectIsMatchedToTheArchiveItWasLinkedFrom() throws {
    let scratch = try Scratch("runtime-cli")
    let (object, linked) = try scratch.helloCompleteObject("hello-d.o", flags: ["-runtime-variant", "d"])
    let folder = try RuntimeFixtures.ocamlLibrary()
    let result = try LinkCheckExecutable.run(["runtime", "--format", "json", "--target", "hvt", object, folder])
    #expect(result.status == 1)
    let (runtimes, _) = try json(result)
    let embedded = try #require(runtimes.first)
    #expect(embedded["path"] as? String == object)
    #expect(embedded["source"] as? String == "complete object")
    #expect(embedded["variant"] as? String == "d")
    #expect(embedded["runtimeVariantFlag"] as? String == "-runtime-variant d")
    #expect(embedded["matches"] as? [String] == [linked])
    let verdict = try #require(embedded["verdict"] as? [String: Any])
    #expect(verdict["suits"] as? Bool == false)
    #expect((verdict["fix"] as? String)?.contains("libasmrun_freestanding.a") == true)

    let text = try LinkCheckExecutable.run(["runtime", object, folder])
    #expect(text.status == 0)
    #expect(text.output.contains("  linked from:  \(linked) (-runtime-variant d)\n"), "\(text.output)")
  }

  @Test func badInputsAreOneLineErrors() throws {
    let scratch = try Scratch("runtime-cli")
    let good = try scratch.freestandingRuntime()
    let notRuntime = try scratch.archive("libplain.a", [try scratch.compileC("plain.o", "int plain(void) { return 1; }\n")])
    let source = try scratch.write("hello.ml", RuntimeFixtures.helloSource)
    let outputObj = scratch.file("hello-obj.o")
    try Tool.succeed("ocamlfind", ["ocamlopt", "-output-obj", "-o", outputObj, source], directory: scratch.path)
    let empty = scratch.file("empty-folder")
    try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
    let cases: [(String, String)] = [
      (scratch.file("missing.a"), "No such file"), (notRuntime, "not an OCaml runtime"),
      (outputObj, "embeds no OCaml runtime"), (empty, "no OCaml runtime archives"),
      (try scratch.write("notes.txt", "hello\n"), "not recognized"),
    ]
    for (path, problem) in cases {
      let result = try LinkCheckExecutable.run(["runtime", path, good])
      #expect(result.status == 2, "\(path): \(result.status)")
      let lines = result.stderr.split(separator: "\n")
      #expect(lines.count == 1 && lines[0].hasPrefix("link-check: \(path): ") && lines[0].contains(problem), "\(result.stderr)")
      // The good archive after it is still reported.
      #expect(result.output.contains("\(good) (archive)"))
    }
  }

  @Test func brokenMemberIsNamed() throws {
    let scratch = try Scratch("runtime-cli")
    let member = try scratch.write("broken.n.o", bytes: [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0] + Array(repeating: 0xff, count: 56))
    let archive = try scratch.archive("libasmrun_broken.a", [member])
    let result = try LinkCheckExecutable.run(["runtime", "--format", "json", archive])
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("link-check: \(archive)(broken.n.o): "), "\(result.stderr)")
    let (runtimes, errors) = try json(result)
    #expect(runtimes.isEmpty)
    #expect(errors.first?["member"] as? String == "broken.n.o")
  }

  @Test func archiveOnlyNamedLikeARuntimeSaysSo() throws {
    let scratch = try Scratch("runtime-cli")
    let marker = try scratch.compileC("marker.o", "int caml_freestanding_runtime_marker;\n", flags: ["-ffreestanding"])
    let archive = try scratch.archive("libasmrun.a", [marker])
    // nm: it defines the marker and nothing a runtime starts from.
    #expect(try NMFacts.defined(archive) == ["caml_freestanding_runtime_marker"])
    let result = try LinkCheckExecutable.run(["runtime", "--format", "json", archive])
    #expect(result.status == 0)
    let runtime = try #require(try json(result).runtimes.first)
    #expect(runtime["definesRuntimeEntry"] as? Bool == false)
    #expect(runtime["variant"] as? String == "plain")
    let text = try LinkCheckExecutable.run(["runtime", archive])
    #expect(text.output.contains("a runtime by its name only"))
  }

  @Test func unknownTargetIsAUsageError() throws {
    let result = try LinkCheckExecutable.run(["runtime", "--target", "mars", "/nonexistent"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("mars"))
  }
}
