import Foundation
import TestSupport
import Testing

/// `check -- CC ARGS…` and `check -- ocamlfind ocamlopt … -o main.exe`: the linker command the driver or the
/// compiler would run, compared with what the real tools print (`gcc -###`, `ocamlopt -verbose`), then checked.
@Suite struct DriverExpansionTests {
  static func json(_ result: ToolResult) throws -> [String: Any] {
    try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderr)")
  }

  @Test func aGccLineIsExpandedAndAgreesWithGccsOwnLink() throws {
    let scratch = try Scratch("driver-gcc")
    let object = try scratch.compileC(
      "main.o",
      "extern void missing_function(void);\nint main(void) { missing_function(); return 0; }\n")
    let command = ["gcc", "-o", scratch.file("prog"), object]
    let check = try LinkCheckExecutable.run(["check", "--format", "json", "--"] + command)
    #expect(check.status == 1, "\(check.stderr)")
    let report = try Self.json(check)
    let expected = DriverLines.linkerWords(
      try Tool.run("gcc", ["-###"] + command.dropFirst()).stderr)
    #expect(report["linker"] as? [String] == expected)
    // gcc itself, linking: the same undefined set (and no duplicates).
    let gcc = try LinkerVerdict.run("gcc", Array(command.dropFirst()), directory: scratch.path)
    let unresolved = (report["unresolved"] as? [[String: Any]] ?? []).compactMap {
      $0["symbol"] as? String
    }
    #expect(gcc.undefined == ["missing_function"] && Set(unresolved) == gcc.undefined)
    #expect(!FileManager.default.fileExists(atPath: scratch.file("prog")))
  }

  @Test func anOcamlfindLinkIsExpandedAsTheCompilerRunsIt() throws {
    let scratch = try Scratch("driver-ocamlfind")
    _ = try scratch.write("main.ml", "let () = print_float (Unix.gettimeofday ())\n")
    let command = [
      "ocamlfind", "ocamlopt", "-package", "unix", "-linkpkg", "main.ml", "-o", "main.exe",
    ]
    let check = try LinkCheckExecutable.run(
      ["check", "--format", "json", "--"] + command, directory: scratch.path)
    #expect(check.status == 0, "\(check.output)\(check.stderr)")
    let report = try Self.json(check)
    #expect(report["links"] as? Bool == true && report["sysroot"] is NSNull)
    #expect(
      !FileManager.default.fileExists(atPath: scratch.file("main.exe")), "check links nothing")
    // The compiler's own command (-verbose), through gcc -###: the same line but for the temporary startup object,
    // which ocamlopt deletes and link-check keeps.
    let verbose = try Tool.run(
      "ocamlfind", Array(command.dropFirst()) + ["-verbose"], directory: scratch.path)
    #expect(verbose.status == 0, "\(verbose.stderr)")
    let linker = DriverLines.startupMasked(report["linker"] as? [String] ?? [])
    #expect(
      linker
        == (try DriverLines.ocamlLinkerWords(
          verbose: verbose.stderr, output: "main.exe", directory: scratch.path)))
    #expect(linker.contains("STARTUP"))
    #expect(
      FileManager.default.fileExists(atPath: scratch.file("main.exe")), "ocamlopt itself links it")
  }

  @Test func aSyntheticEraCWrapperLineIsExpanded() throws {
    let unikernels = try Unikernels.shared()
    let scratch = try Scratch("driver-wrapper")
    let wrapper = "\(unikernels.toolchainPrefix)/bin/\(try Unikernels.architecture)-solo5-ocaml-cc"
    let arguments = [
      "-z", "solo5-abi=spt", unikernels.unikernel, unikernels.manifest, "-o", scratch.file("u.spt"),
    ]
    let check = try LinkCheckExecutable.run(
      ["check", "--target", "spt", "--format", "json", "--", wrapper] + arguments)
    #expect(check.status == 0, "\(check.output)\(check.stderr)")
    let linker = try Self.json(check)["linker"] as? [String]
    #expect(linker == DriverLines.linkerWords(try Tool.run(wrapper, ["-###"] + arguments).stderr))
    #expect(
      linker?.contains("-l:solo5_spt.o") == true
        && linker?.suffix(4) == ["--start-group", "-lnolibc", "-lopenlibm", "--end-group"])
  }

  @Test func aSolo5LdWrapperLineIsTheOneItRuns() throws {
    let unikernels = try Unikernels.shared()
    let scratch = try Scratch("driver-ld-wrapper")
    let prefix = unikernels.toolchainPrefix
    let wrapper = "\(prefix)/bin/\(try Unikernels.architecture)-solo5-none-static-ld"
    let arguments =
      [
        "-z", "solo5-abi=spt", unikernels.unikernel, unikernels.manifest, "-L",
        "\(prefix)/lib/ocaml-solo5/lib",
      ]
      + ["--start-group", "-lnolibc", "-lopenlibm", "--end-group", "-o", scratch.file("u.spt")]
    let check = try LinkCheckExecutable.run(
      ["check", "--target", "spt", "--format", "json", "--", wrapper] + arguments)
    #expect(check.status == 0, "\(check.output)\(check.stderr)")
    // REFERENCE §3: the wrapper's flags, then the bindings, before the caller's words (without -z solo5-abi=).
    let library = "\(prefix)/bin/../lib/\(try Unikernels.architecture)-solo5-none-static"
    let flags = [
      "ld", "-nostdlib", "-L", library, "-z", "max-page-size=0x1000", "-static", "-T",
      "solo5_spt.lds", "-l", ":solo5_spt.o",
    ]
    #expect(try Self.json(check)["linker"] as? [String] == flags + arguments.dropFirst(2))
    #expect(
      !FileManager.default.fileExists(atPath: scratch.file("u.spt")),
      "the recorder stands in for ld")
  }

  @Test func whatCannotBeExpandedIsSaidInOneLine() throws {
    let scratch = try Scratch("driver-errors")
    _ = try scratch.write("main.ml", "let () = ()\n")
    let cases: [([String], String)] = [
      (
        ["ocamlfind", "ocamlopt", "-c", "main.ml"],
        "cannot expand ocamlfind: with -c ocamlopt links no program"
      ),
      (
        ["ocamlfind", "ocamlopt", "missing.ml", "-o", "x"],
        "cannot expand ocamlfind: the compiler failed before linking (exit 2)"
      ),
      (["gcc", "-c", "main.c"], "cannot expand gcc: with -c the driver links nothing"),
      (
        ["gcc", "-nosuchoption", "main.o"],
        "cannot expand gcc: `gcc -### …` printed no linker command (exit 1): gcc: error: unrecognized"
      ),
    ]
    for (command, message) in cases {
      let check = try LinkCheckExecutable.run(["check", "--"] + command, directory: scratch.path)
      #expect(check.status == 2 && check.output.isEmpty)
      #expect(
        check.stderr.split(separator: "\n").count == 1
          && check.stderr.hasPrefix("link-check: \(message)"), "\(check.stderr)")
    }
  }
}
