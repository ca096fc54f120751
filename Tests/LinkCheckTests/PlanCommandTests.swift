import Foundation
import Testing
import TestSupport

extension Unikernels.Case: CustomTestStringConvertible {}

/// `link-check plan` as scripts use it: a shell line a POSIX shell reads back word for word, NUL-terminated
/// words, JSON with each word's origin, the same bytes every time, `.pc` values kept literal, clear errors.
@Suite struct PlanCommandTests {
  static func arguments(_ testCase: Unikernels.Case, output: String) throws -> [String] {
    let unikernels = try Unikernels.shared()
    return [unikernels.unikernel, "--target", testCase.target, "-o", output, "--manifest", unikernels.manifest] + unikernels.options(testCase.era)
  }

  /// The words a POSIX shell makes of `line`, as `set --` sees them (nothing else is run).
  static func shellWords(_ line: String, in directory: String) throws -> [String] {
    let result = try Tool.run("sh", ["-c", "set -- \(line)\nfor word do printf '%s\\0' \"$word\"; done"], directory: directory)
    #expect(result.status == 0, "\(result.stderr)")
    return nulTerminated(result.stdout)
  }

  static func nulTerminated(_ data: Data) -> [String] {
    var words = data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    #expect(words.last == "", "the last word ends with a NUL byte")
    words.removeLast()
    return words
  }

  @Test(arguments: Unikernels.cases)
  func shellArgvAndJSONSayTheSame(_ testCase: Unikernels.Case) throws {
    let scratch = try Scratch("plan-cli")
    let base = ["plan"] + (try Self.arguments(testCase, output: scratch.file("out.\(testCase.target)")))
    let argv = try LinkCheckExecutable.run(base + ["--format", "argv"])
    #expect(argv.status == 0, "\(argv.stderr)")
    let words = Self.nulTerminated(argv.stdout)
    #expect(words.first == "ld" && words.suffix(2) == ["-o", scratch.file("out.\(testCase.target)")])
    let shell = try LinkCheckExecutable.run(base)
    #expect(shell.output.hasSuffix("\n") && shell.output.split(separator: "\n").count == 1)
    #expect(try Self.shellWords(shell.output, in: scratch.path) == words)
    let json = try LinkCheckExecutable.run(base + ["--format", "json"])
    let document = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
    let program = try #require(document["program"] as? [String: Any])
    let arguments = try #require(document["arguments"] as? [[String: Any]])
    #expect([program["value"] as? String] + arguments.map { $0["value"] as? String } == words.map { $0 })
    #expect(document["target"] as? String == testCase.target && document["era"] as? String == testCase.era)
    for argument in arguments {
      let origin = try #require(argument["origin"] as? [String: Any])
      for key in ["kind", "package", "query", "detail", "description"] { #expect(origin.keys.contains(key)) }
    }
    let origins = arguments.compactMap { $0["origin"] as? [String: Any] }
    if testCase.era == "pkg-config" {
      // The bindings' flags name their .pc and variable; the libraries name mirage-solo5's --static --libs.
      #expect(origins.contains { $0["package"] as? String == "solo5-bindings-\(testCase.target)" && $0["query"] as? String == "--variable=ldflags" })
      #expect(origins.contains { ($0["package"] as? String)?.hasPrefix("mirage-") == true && $0["query"] as? String == "--static --libs" })
    } else {
      #expect(origins.contains { $0["kind"] as? String == "toolchain" })
    }
    #expect(document["bindingsObject"] as? String != nil)
  }

  @Test func sameInputsGiveTheSameBytes() throws {
    let scratch = try Scratch("plan-bytes")
    let object = try OCamlPrograms.shared().objects["hello"]!
    let commands = [
      ["plan"] + (try Self.arguments(Unikernels.Case(target: "hvt", era: "pkg-config"), output: scratch.file("u.hvt"))),
      ["plan"] + (try Self.arguments(Unikernels.Case(target: "xen", era: "toolchain"), output: scratch.file("u.xen"))),
      ["plan", object, "--target", "unix", "-o", scratch.file("hello.unix")],
    ]
    for command in commands {
      for format in ["shell", "json"] {
        let first = try LinkCheckExecutable.run(command + ["--format", format])
        let second = try LinkCheckExecutable.run(command + ["--format", format])
        #expect(first.status == 0 && !first.stdout.isEmpty, "\(first.stderr)")
        #expect(first.stdout == second.stdout, "\(command)")
      }
    }
    // The unix plan names its generated main beside the output, never a temporary name.
    let unix = try LinkCheckExecutable.run(commands[2]).output
    #expect(unix.contains(" \(scratch.file("hello.unix.main.o")) ") && !unix.contains("/tmp/cc"))
  }

  @Test func hostilePcValuesArePassedAsLiteralWords() throws {
    let unikernels = try Unikernels.shared()
    let scratch = try Scratch("plan-hostile")
    let markers = (1...4).map { scratch.file("marker\($0)") }
    // What a shell would run: after `;`, inside `$(…)` and backticks; and a value with quotes and a space.
    let hostile = ";touch$IFS\(markers[0]) $(touch$IFS\(markers[1])) `touch$IFS\(markers[2])` \"a b\" '$(touch$IFS\(markers[3]))'"
    let folder = try unikernels.pkgConfigCopy(in: scratch, target: "hvt") {
      $0.replacingOccurrences(of: "ldflags=", with: "ldpostflags=\(hostile)\nldflags=\(hostile) ")
    }
    let base = [unikernels.unikernel, "--target", "hvt", "-o", scratch.file("u.hvt"), "--manifest", unikernels.manifest, "--pkg-config-path", folder]
    let argv = try LinkCheckExecutable.run(["plan"] + base + ["--format", "argv"])
    #expect(argv.status == 0, "\(argv.stderr)")
    let words = Self.nulTerminated(argv.stdout)
    // pkg-config's value split on white space, as mirage splits it: every piece a literal word, twice.
    let pieces = [";touch$IFS\(markers[0])", "$(touch$IFS\(markers[1]))", "`touch$IFS\(markers[2])`", "\"a", "b\"", "'$(touch$IFS\(markers[3]))'"]
    for piece in pieces { #expect(words.filter { $0 == piece }.count == 2, "\(piece)") }
    let shell = try LinkCheckExecutable.run(["plan"] + base)
    #expect(try Self.shellWords(shell.output, in: scratch.path) == words)
    // Running the plan passes the same words to ld, which fails on them; nothing was executed.
    let link = try LinkCheckExecutable.run(["link"] + base)
    #expect(link.status == 1, "\(link.stderr)")
    #expect(link.stderr.contains("$(touch$IFS"))
    for marker in markers { #expect(!FileManager.default.fileExists(atPath: marker), "\(marker) was created") }
    #expect(!FileManager.default.fileExists(atPath: scratch.file("u.hvt")))
  }

  @Test func inputErrorsExitTwoWithOneLine() throws {
    let unikernels = try Unikernels.shared()
    let scratch = try Scratch("plan-errors")
    let folder = try unikernels.pkgConfigCopy(in: scratch, target: "spt", editing: Unikernels.withoutLdflags)
    try FileManager.default.createDirectory(atPath: scratch.file("empty"), withIntermediateDirectories: true)
    let object = unikernels.unikernel
    let cases: [(arguments: [String], says: String)] = [
      ([object, "--target", "hvt", "--pkg-config-path", scratch.file("empty")], "solo5-bindings-hvt"),
      ([object, "--target", "spt", "--pkg-config-path", folder], "no `ldflags` variable"),
      ([object, "--target", "hvt", "--sysroot", scratch.file("empty")], "no Solo5 bindings for hvt"),
      ([scratch.file("missing.o"), "--target", "unix"], "missing.o"),
      ([object, "--target", "unix", "--manifest", unikernels.manifest], "--manifest is for Solo5 targets"),
      ([object, "--target", "virtio", "--sysroot", unikernels.toolchainPrefix, "--manifest", object], "defines no __solo5_mft1_note"),
      ([object, "--target", "nonsense"], "nonsense"),
    ]
    for (arguments, says) in cases {
      let result = try LinkCheckExecutable.run(["plan"] + arguments)
      #expect(result.status == 2, "\(arguments): \(result.status) \(result.output)")
      #expect(result.stdout.isEmpty)
      #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(says), "\(result.stderr)")
    }
  }

  @Test func virtioWarnsOfItsMissingLdVariable() throws {
    let scratch = try Scratch("plan-warning")
    let result = try LinkCheckExecutable.run(["plan"] + (try Self.arguments(Unikernels.Case(target: "virtio", era: "pkg-config"), output: scratch.file("u"))))
    #expect(result.status == 0)
    #expect(result.stderr == "link-check: warning: solo5-bindings-virtio.pc has no `ld` variable; falling back to `ld` as mirage does\n")
    #expect(result.output.hasPrefix("ld -nostdlib "))
  }
}
