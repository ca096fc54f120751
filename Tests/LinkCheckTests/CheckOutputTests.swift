import Foundation
import TestSupport
import Testing

/// What `check` prints, as a user and a build cache see it: the demo's failing check on one screen, and the same
/// bytes every run.
@Suite struct CheckOutputTests {
  /// `scripts/demo`'s failing case: Samples/hello built as one complete object, checked for hvt.
  @Test func theDemosFailingCheckFitsOneScreenWithTheHostRuntimeFirst() throws {
    let fixture = try CheckCommandTests.Fixture.shared()
    let scratch = try Scratch("demo")
    for file in ["hello.ml", "hello_stub.c"] {
      try FileManager.default.copyItem(
        atPath: "\(Samples.directory)/hello/\(file)", toPath: scratch.file(file))
    }
    try Tool.succeed(
      "ocamlfind",
      ["ocamlopt", "-output-complete-obj", "hello.ml", "hello_stub.c", "-o", "hello.exe.o"],
      directory: scratch.path)
    let result = try LinkCheckExecutable.run(
      ["hello.exe.o", "--target", "hvt", "--pkg-config-path", fixture.pkgConfigPath],
      directory: scratch.path)
    #expect(result.status == 1)
    let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(lines.count <= 25, "\(result.output)")
    #expect(lines.allSatisfy { $0.count <= 100 }, "\(result.output)")
    #expect(lines.first?.hasPrefix("FAIL: would not link for hvt — ") == true)
    #expect(
      lines.first?.hasSuffix(" undefined references from 1 cause; 2 hazards") == true,
      "\(lines.first ?? "")")
    #expect(
      lines.dropFirst(2).first?.hasPrefix(
        "error[host-runtime]: hello.exe.o embeds a host OCaml runtime") == true, "\(result.output)")
    #expect(!result.output.contains("\u{1B}["), "no colour when piped")
    // The undefined count is ld's.
    let undefined = try #require(lines.first?.split(separator: " ").first { Int($0) != nil })
      .flatMap { Int($0) }
    let json = try LinkCheckExecutable.run(
      [
        "hello.exe.o", "--target", "hvt", "--pkg-config-path", fixture.pkgConfigPath, "--format",
        "json",
      ], directory: scratch.path)
    let document = try #require(
      try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
    let linker = try #require(document["linker"] as? [String])
    var arguments = Array(linker.dropFirst())
    if let output = arguments.firstIndex(of: "-o") { arguments[output + 1] = scratch.file("out") }
    #expect(
      try LinkerVerdict.run(linker[0], arguments, directory: scratch.path).undefined.count
        == undefined)
  }

  /// Different TMPDIRs and working folders (absolute inputs), for text and JSON, for every target: the same bytes.
  @Test func theSameInputsGiveTheSameBytes() throws {
    let fixture = try CheckCommandTests.Fixture.shared()
    let first = try Scratch("tmp-a")
    let second = try Scratch("tmp-b")
    // Every target on the plain program; the Unix one (packages, unit chains) for one target.
    let cases =
      ["hvt", "spt", "virtio", "muen", "xen", "genode", "unix"].map { (fixture.hello, $0) } + [
        (fixture.unix, "hvt")
      ]
    for (object, target) in cases {
      for format in ["text", "json"] {
        let arguments = [
          object, "--target", target, "--pkg-config-path", fixture.pkgConfigPath, "--format",
          format,
        ]
        let one = try Tool.run(
          LinkCheckExecutable.path, arguments, directory: first.path,
          environment: ["TMPDIR": first.path])
        let two = try Tool.run(
          LinkCheckExecutable.path, arguments, directory: "/", environment: ["TMPDIR": second.path])
        #expect(
          one.status == two.status && one.stdout == two.stdout,
          "\(target) \(format):\n\(one.output)\n---\n\(two.output)")
        #expect(
          one.output.range(of: "link-check-(plan-)?[0-9]+/", options: .regularExpression) == nil,
          "\(target) \(format): \(one.output)")
        // The planned output is named after the object.
        if format == "json" {
          #expect(
            one.output.contains(object.replacingOccurrences(of: ".exe.o", with: ".\(target)\"")),
            "\(target)")
        }
      }
    }
  }

  /// Runs `arguments` on a pseudo-terminal (Python's `pty`, an argument vector; no shell) and returns its output.
  static let onTerminal = """
    import os, pty, sys
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(sys.argv[1], sys.argv[1:])
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    sys.stdout.buffer.write(b"".join(chunks))
    """

  @Test func colourOnATerminalOnlyAndNotWithNoColor() throws {
    let fixture = try CheckCommandTests.Fixture.shared()
    let arguments = [
      LinkCheckExecutable.path, fixture.hello, "--target", "hvt", "--pkg-config-path",
      fixture.pkgConfigPath,
    ]
    let terminal = try Tool.run(
      "python3", ["-c", Self.onTerminal] + arguments, environment: ["NO_COLOR": ""])
    #expect(
      terminal.output.contains("\u{1B}[1;31merror[host-runtime]:\u{1B}[0m "),
      "\(terminal.output.prefix(300))")
    #expect(terminal.output.contains("\u{1B}[1;36mfix:\u{1B}[0m "))
    let noColour = try Tool.run(
      "python3", ["-c", Self.onTerminal] + arguments, environment: ["NO_COLOR": "1"])
    #expect(
      noColour.output.contains("error[host-runtime]: ") && !noColour.output.contains("\u{1B}["))
  }
}
