import Foundation
import TestSupport
import Testing

/// Era C found with no flags, in issue 12's order (flags, `ocamlfind -toolchain solo5`, the wrappers on PATH,
/// `$OPAM_SWITCH_PREFIX`), and said: the synthetic sysroots of `make-sysroot`, whose era C has stand-ins for the
/// Solo5 and ocaml-solo5 `cc` wrappers. The planned line is the wrappers' own, word for word.
@Suite struct SysrootDiscoveryTests {
  /// Nothing to find but what a test adds (CI has no Solo5 installed; the empty values hide a developer's own).
  static func environment(_ added: [String: String]) -> [String: String] {
    ["OPAM_SWITCH_PREFIX": "", "OCAMLFIND_CONF": "/nonexistent/findlib.conf"].merging(added) { $1 }
  }

  static var path: String { ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin" }

  static func wrapper(_ prefix: String) throws -> String {
    "\(prefix)/bin/\(try Unikernels.architecture)-solo5-ocaml-cc"
  }

  static func json(_ result: ToolResult) throws -> [String: Any] {
    try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderr)")
  }

  static func words(_ plan: [String: Any]) throws -> [String] {
    let program = try #require(plan["program"] as? [String: Any])
    let arguments = try #require(plan["arguments"] as? [[String: Any]])
    return ([program] + arguments).compactMap { $0["value"] as? String }
  }

  @Test func anOpamSwitchIsFoundAndItsLineIsTheWrappersOwn() throws {
    let unikernels = try Unikernels.shared()
    let prefix = unikernels.toolchainPrefix
    let scratch = try Scratch("discovery")
    let output = scratch.file("hello.spt")
    let environment = Self.environment(["OPAM_SWITCH_PREFIX": prefix])
    let inputs = [
      unikernels.unikernel, "--target", "spt", "--manifest", unikernels.manifest, "-o", output,
    ]
    let plan = try LinkCheckExecutable.run(
      ["plan"] + inputs + ["--format", "json"], environment: environment)
    #expect(plan.status == 0, "\(plan.stderr)")
    let document = try Self.json(plan)
    let sysroot = try #require(document["sysroot"] as? [String: Any])
    #expect(sysroot["origin"] as? String == "opam-switch")
    #expect(
      sysroot["solo5"] as? String == prefix
        && sysroot["ocaml"] as? String == "\(prefix)/lib/ocaml-solo5")
    #expect(
      sysroot["compiler"] as? String == (try Self.wrapper(prefix)) && sysroot["pkgConfig"] is NSNull
    )
    #expect(sysroot["evidence"] as? String == "OPAM_SWITCH_PREFIX=\(prefix)")
    #expect(document["era"] as? String == "toolchain")
    // The wrapper linking the same inputs for real, with -v: the line it ran is the plan, word for word.
    let verbose = try Tool.run(
      try Self.wrapper(prefix),
      ["-v", "-z", "solo5-abi=spt", unikernels.unikernel, unikernels.manifest, "-o", output])
    #expect(verbose.status == 0, "\(verbose.stderr)")
    #expect(try Self.words(document) == DriverLines.linkerWords(verbose.stderr))
    try FileManager.default.removeItem(atPath: output)
    // `link` with the same environment links, verifies, and the synthetic spt program runs on Linux.
    let link = try LinkCheckExecutable.run(["link"] + inputs, environment: environment)
    #expect(link.status == 0, "\(link.stderr)")
    #expect(link.stderr.contains("sysroot (opam-switch: OPAM_SWITCH_PREFIX=\(prefix))"))
    #expect(try Tool.run(output, []).output.contains(Unikernels.greeting))
  }

  @Test func theWrappersOnPathAreFoundBeforeTheOpamSwitch() throws {
    let unikernels = try Unikernels.shared()
    let prefix = unikernels.toolchainPrefix
    let environment = Self.environment([
      "PATH": "\(prefix)/bin:\(Self.path)", "OPAM_SWITCH_PREFIX": unikernels.pkgConfigPrefix,
    ])
    let check = try LinkCheckExecutable.run(
      ["check", unikernels.unikernel, "--target", "hvt", "--format", "json"],
      environment: environment)
    #expect(check.status == 0, "\(check.stderr)")
    let sysroot = try #require(try Self.json(check)["sysroot"] as? [String: Any])
    #expect(sysroot["origin"] as? String == "path" && sysroot["solo5"] as? String == prefix)
    #expect(
      sysroot["evidence"] as? String
        == "\(try Unikernels.architecture)-solo5-ocaml-cc on PATH: \(try Self.wrapper(prefix))")
    // The text report says the same in one line, above the linker line.
    let text = try LinkCheckExecutable.run(
      ["check", unikernels.unikernel, "--target", "hvt"], environment: environment)
    let lines = text.output.split(separator: "\n").filter { $0.hasPrefix("sysroot ") }
    #expect(
      lines == [
        "sysroot (path: \(try Unikernels.architecture)-solo5-ocaml-cc on PATH: \(try Self.wrapper(prefix))): Solo5 \(prefix), ocaml-solo5 \(prefix)/lib/ocaml-solo5, line from \(try Self.wrapper(prefix)) -###"
      ])
  }

  @Test func theSolo5FindlibToolchainIsFoundFirst() throws {
    let unikernels = try Unikernels.shared()
    let prefix = unikernels.toolchainPrefix
    let scratch = try Scratch("discovery-findlib")
    // What ocaml-solo5 installs as findlib.conf.d/solo5.conf, in a configuration of its own.
    let conf = try scratch.write(
      "findlib.conf",
      "path = \"/usr/lib/ocaml\"\nstdlib(solo5) = \"\(prefix)/lib/ocaml-solo5/lib/ocaml\"\ndestdir(solo5) = \"\(prefix)/lib\"\n"
    )
    let environment = Self.environment([
      "OCAMLFIND_CONF": conf, "OPAM_SWITCH_PREFIX": unikernels.pkgConfigPrefix,
    ])
    let plan = try LinkCheckExecutable.run(
      ["plan", unikernels.unikernel, "--target", "stub", "--format", "json"],
      environment: environment)
    #expect(plan.status == 0, "\(plan.stderr)")
    let sysroot = try #require(try Self.json(plan)["sysroot"] as? [String: Any])
    #expect(sysroot["origin"] as? String == "ocamlfind")
    #expect(
      sysroot["evidence"] as? String
        == "ocamlfind -toolchain solo5 printconf stdlib: \(prefix)/lib/ocaml-solo5/lib/ocaml")
    #expect(
      sysroot["solo5"] as? String == prefix
        && sysroot["ocaml"] as? String == "\(prefix)/lib/ocaml-solo5")
  }

  @Test func flagsWinAndAnOpamSwitchCanBeEraB() throws {
    let unikernels = try Unikernels.shared()
    let environment = Self.environment(["OPAM_SWITCH_PREFIX": unikernels.toolchainPrefix])
    let flagged = try LinkCheckExecutable.run(
      ["plan", unikernels.unikernel, "--target", "hvt", "--format", "json"]
        + unikernels.options("pkg-config"), environment: environment)
    let sysroot = try #require(try Self.json(flagged)["sysroot"] as? [String: Any])
    #expect(
      sysroot["origin"] as? String == "flag"
        && sysroot["pkgConfig"] as? String == unikernels.pkgConfigPath)
    #expect(
      !flagged.stderr.contains("sysroot"), "a flag's sysroot is not announced: \(flagged.stderr)")
    // An opam switch with Solo5 0.6's .pc files: era B from its lib/pkgconfig.
    let eraB = try LinkCheckExecutable.run(
      ["plan", unikernels.unikernel, "--target", "hvt", "--format", "json"],
      environment: Self.environment(["OPAM_SWITCH_PREFIX": unikernels.pkgConfigPrefix]))
    #expect(eraB.status == 0, "\(eraB.stderr)")
    let document = try Self.json(eraB)
    let found = try #require(document["sysroot"] as? [String: Any])
    #expect(document["era"] as? String == "pkg-config")
    #expect(
      found["origin"] as? String == "opam-switch"
        && found["pkgConfig"] as? String == unikernels.pkgConfigPath)
  }
}
