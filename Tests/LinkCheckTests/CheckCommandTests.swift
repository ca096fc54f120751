import Foundation
import Testing
import TestSupport

/// `link-check check` as a build runs it: exit statuses, the JSON document, `--why`, and exact ld lines.
@Suite struct CheckCommandTests {
  final class Fixture: @unchecked Sendable {
    private static let built = Result { try Fixture() }
    static func shared() throws -> Fixture { try built.get() }

    let scratch: Scratch
    let pkgConfigPath: String
    let hello: String
    let unix: String

    private init() throws {
      scratch = try Scratch("check-cli")
      try Samples.makeSysroot(era: "pkg-config", prefix: scratch.file("era-b"))
      pkgConfigPath = scratch.file("era-b/lib/pkgconfig")
      let programs = try OCamlPrograms.shared()
      hello = programs.objects["hello"]!
      unix = programs.objects["unix"]!
    }
  }

  @Test func hostTargetLinksAndExitsZero() throws {
    let fixture = try Fixture.shared()
    let result = try LinkCheckExecutable.run([fixture.hello, "--target", "unix"])
    #expect(result.status == 0, "\(result.output)\(result.stderr)")
    #expect(result.output.hasPrefix("OK: links for unix: "), "\(result.output)")
    #expect(result.output.split(separator: "\n").count == 1)
  }

  @Test func freestandingTargetFailsWithOneAndMatchesLd() throws {
    let fixture = try Fixture.shared()
    let result = try LinkCheckExecutable.run(["check", fixture.unix, "--target", "hvt", "--pkg-config-path", fixture.pkgConfigPath, "--format", "json"])
    #expect(result.status == 1)
    let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    for key in ["target", "inputs", "unresolved", "duplicates", "hazards", "extracted", "linker", "links"] {
      #expect(document.keys.contains(key), "missing \(key)")
    }
    #expect(document["target"] as? String == "hvt")
    let unresolved = try #require(document["unresolved"] as? [[String: Any]])
    for finding in unresolved {
      for key in ["symbol", "demangled", "category", "sites", "hint"] { #expect(finding.keys.contains(key)) }
      #expect(!((finding["sites"] as? [Any]) ?? []).isEmpty)
    }
    // The unix stubs are inside the complete object; what they need from libc is not on hvt.
    let getuid = try #require(unresolved.first { $0["symbol"] as? String == "getuid" })
    let sites = try #require(getuid["sites"] as? [[String: Any]])
    #expect(sites.contains { $0["function"] as? String == "unix_getuid" })
    #expect((getuid["hint"] as? String)?.contains("--why Unix") == true)
    // The same command, run by GNU ld, reports the same undefined symbols.
    let linker = try #require(document["linker"] as? [String])
    let scratch = try Scratch("check-ld")
    var arguments = Array(linker.dropFirst())
    if let output = arguments.firstIndex(of: "-o") { arguments[output + 1] = scratch.file("out") }
    let ld = try LinkerVerdict.run(linker[0], arguments, directory: scratch.path)
    #expect(Set(unresolved.compactMap { $0["symbol"] as? String }) == ld.undefined)
    let hazards = try #require(document["hazards"] as? [[String: Any]])
    #expect(hazards.contains { $0["kind"] as? String == "tls-stack-guard" && $0["level"] as? String == "error" })
    // Debian's runtime references glibc's fortify functions (evidence gathered with nm): a host runtime.
    let fortified = try Tool.succeed("nm", ["-u", fixture.unix]).output.split(separator: "\n").contains { $0.hasSuffix("_chk") }
    #expect(fortified)
    #expect(hazards.contains { $0["kind"] as? String == "runtime-mismatch" && ($0["hint"] as? String)?.contains("-runtime-variant") == true })
  }

  @Test func textReportShowsSitesUpToMaxSites() throws {
    let fixture = try Fixture.shared()
    let result = try LinkCheckExecutable.run([fixture.hello, "--target", "hvt", "--pkg-config-path", fixture.pkgConfigPath, "--max-sites", "1", "--details"])
    #expect(result.status == 1)
    let blocks = result.output.components(separatedBy: "\n\n").filter { $0.hasPrefix("error: undefined symbol:") }
    #expect(!blocks.isEmpty)
    for block in blocks {
      #expect(block.components(separatedBy: ">>> referenced by ").count - 1 <= 1)
    }
    #expect(result.output.contains("more times"))
    #expect(result.output.contains("FAIL: would not link for hvt"))
  }

  @Test func exactLinkerCommandLineWithDuplicates() throws {
    let scratch = try Scratch("check-dup")
    let a = try scratch.compileC("a.o", "int shared(void) { return 1; } void _start(void) {}")
    let b = try scratch.compileC("b.o", "int shared(void) { return 2; }")
    let result = try LinkCheckExecutable.run(["check", "--details", "--", "ld", "-o", scratch.file("out"), a, b])
    #expect(result.status == 1)
    #expect(result.output.contains("error: duplicate symbol: shared\n>>> defined in \(a)\n>>> defined in \(b)\n"))
  }

  @Test func whyFollowsExtractionsAndOCamlUnits() throws {
    let fixture = try Fixture.shared()
    let base = [fixture.unix, "--target", "hvt", "--pkg-config-path", fixture.pkgConfigPath]
    let member = try LinkCheckExecutable.run(base + ["--why", "memcpy"])
    #expect(member.output.contains("libnolibc.a(string.o)"), "\(member.output)")
    let unit = try LinkCheckExecutable.run(base + ["--why", "Unix"])
    #expect(unit.output.contains("C primitive of Unix"), "\(unit.output)")
    #expect(unit.output.contains("Main"))
    let dot = try LinkCheckExecutable.run(base + ["--why", "Unix", "--graph", "dot"])
    #expect(dot.output.hasPrefix("digraph why {"))
    #expect(dot.output.contains("->"))
  }

  @Test func inputAndUsageErrorsExitTwoWithOneLine() throws {
    let fixture = try Fixture.shared()
    let scratch = try Scratch("check-bad")
    try scratch.write("pc/solo5-bindings-hvt.pc", "prefix=/x\nName: broken\nVersion: 1\nRequires: nosuchpackage\n")
    let cases: [[String]] = [
      [fixture.hello, "--target", "nonsense"],
      [fixture.hello],
      [scratch.file("missing.o"), "--target", "hvt", "--pkg-config-path", fixture.pkgConfigPath],
      [fixture.hello, "--target", "hvt", "--pkg-config-path", scratch.file("pc")],
      [fixture.hello, "--target", "spt", "--pkg-config-path", scratch.file("empty")],
    ]
    for arguments in cases {
      let result = try LinkCheckExecutable.run(arguments)
      #expect(result.status == 2, "\(arguments): \(result.status) \(result.output)")
      #expect(result.signal == nil)
      // Usage errors too are one line (swift-argument-parser's message, folded).
      #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
      #expect(result.stderr.hasPrefix("link-check: "))
    }
  }
}
