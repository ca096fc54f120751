import Foundation
import TestSupport
import Testing

/// `check -- ld …` without `--target` infers the target from the inputs and reports the same hazards as with it.
@Suite struct TargetInferenceTests {
  private func json(_ arguments: [String]) throws -> [String: Any] {
    let result = try LinkCheckExecutable.run(arguments)
    #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
  }

  private func hazardKinds(_ document: [String: Any]) -> [String] {
    ((document["hazards"] as? [[String: Any]]) ?? []).compactMap { $0["kind"] as? String }
  }

  /// The hvt line of a host OCaml program: the bindings object's ABI1 note says hvt.
  @Test func solo5LineIsCheckedForItsTarget() throws {
    let fixture = try CheckCommandTests.Fixture.shared()
    let planned = try json([
      "check", fixture.unix, "--target", "hvt", "--pkg-config-path", fixture.pkgConfigPath,
      "--format", "json",
    ])
    let linker = try #require(planned["linker"] as? [String])
    let inferred = try json(["check", "--format", "json", "--"] + linker)
    #expect(inferred["target"] as? String == "hvt")
    let evidence = try #require(inferred["targetInferredFrom"] as? String)
    #expect(evidence.contains("ABI1 note") && evidence.contains("solo5_hvt.o"), "\(evidence)")
    #expect(planned["targetInferredFrom"] is NSNull)
    #expect(hazardKinds(inferred) == hazardKinds(planned))
    #expect(hazardKinds(inferred).contains("runtime-mismatch"))
  }

  /// A line naming the bindings as `-l:solo5_spt.o` (Solo5's ld wrapper) says spt.
  @Test func bindingsNamedOnTheLine() throws {
    let fixture = try CheckCommandTests.Fixture.shared()
    let inferred = try json([
      "check", "--format", "json", "--", "ld", "-l:solo5_spt.o", fixture.hello,
    ])
    #expect(inferred["target"] as? String == "spt")
    #expect(inferred["targetInferredFrom"] as? String == "-l:solo5_spt.o")
  }

  /// A host libc on the line says unix: no freestanding hazards.
  @Test func hostLibraryMeansUnix() throws {
    let fixture = try CheckCommandTests.Fixture.shared()
    let inferred = try json(["check", "--format", "json", "--", "ld", fixture.hello, "-lc"])
    #expect(inferred["target"] as? String == "unix")
    #expect(!hazardKinds(inferred).contains("tls-stack-guard"))
  }

  /// Nothing on the line says: the line is checked as it stands.
  @Test func nothingToInferFrom() throws {
    let fixture = try CheckCommandTests.Fixture.shared()
    let document = try json(["check", "--format", "json", "--", "ld", fixture.hello])
    #expect(document["target"] is NSNull)
    #expect(document["targetInferredFrom"] is NSNull)
  }
}

/// The exact ld line gcc runs for an ordinary threaded OCaml program (issue 14): glibc ≥ 2.34's `libdl.a` and
/// `libpthread.a` are empty archives, which ld links without an index.
@Suite struct CollectLineTests {
  /// collect2's argument vector, from `gcc -###` (its words are quoted one by one).
  static func collectArguments(_ gccArguments: [String], directory: String) throws -> [String] {
    let result = try Tool.run("gcc", ["-###"] + gccArguments, directory: directory)
    let line = try #require(
      result.stderr.split(separator: "\n").first {
        $0.split(separator: " ").first?.hasSuffix("/collect2") == true
      })
    return line.split(separator: " ").map {
      $0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }
  }

  @Test func threadedProgramLinksAsLdSays() throws {
    let fixture = try CheckCommandTests.Fixture.shared()
    let scratch = try Scratch("collect2")
    let main = try scratch.compileC(
      "main.o",
      "void caml_startup(char **); int main(int c, char **v) { caml_startup(v); return 0; }\n")
    let collect = try Self.collectArguments(
      ["-o", scratch.file("p"), fixture.hello, main, "-lm", "-ldl", "-lpthread"],
      directory: scratch.path)
    let arguments = Array(collect.dropFirst())
    let ld = try LinkerVerdict.run("ld", arguments, directory: scratch.path)
    let result = try LinkCheckExecutable.run(
      ["check", "--format", "json", "--", "ld"] + arguments, directory: scratch.path)
    let document = try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    #expect(ld.status == 0, "\(ld.stderr)")
    #expect(document["links"] as? Bool == true, "\(result.output)")
    #expect((document["missingInputs"] as? [Any])?.isEmpty == true)
    #expect(document["target"] as? String == "unix")
  }
}
