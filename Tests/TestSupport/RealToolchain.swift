import Foundation
import Testing

/// The second test tier: real toolchains built from fetched sources by `scripts/toolchains` into a cache folder
/// outside the repository. Tests that need them run when the cache is complete and skip, in one line for the whole
/// tier, when it is not (CI machines cannot fetch the sources).
///
/// Layout of the cache (`$LINK_CHECK_TOOLCHAINS`, default `$HOME/.cache/link-check-toolchains`):
/// ```
/// switch/                      one prefix shaped like an opam switch (OPAM_SWITCH_PREFIX):
///   bin/ocamlopt, ocamlfind    the host OCaml 5 compiler and findlib
///   bin/solo5-spt, solo5-hvt, solo5-elftool, x86_64-solo5-none-static-{cc,ld,objcopy}   Solo5
///   bin/x86_64-solo5-ocaml-{cc,ld,…}, lib/ocaml-solo5/   the ocaml-solo5 cross compiler and its sysroot
///   lib/x86_64-solo5-none-static/solo5_<t>.{o,lds}
///   lib/findlib.conf.d/solo5.conf
/// VERSIONS                     one line per component: `name version source-commit`
/// complete                     written last by scripts/toolchains: the cache is usable
/// solo5-legacy/                optional (`--solo5-legacy DIR`): a Solo5 before 0.8.0, without TLS (v0.7.5)
///   bin/solo5-spt, solo5-elftool, …; lib/x86_64-solo5-none-static/solo5_<t>.{o,lds}; include/solo5/
///   VERSION, complete
/// ```
public enum RealToolchain {
  /// The cache folder, whether or not it exists.
  public static var cacheFolder: String {
    let environment = ProcessInfo.processInfo.environment
    if let folder = environment["LINK_CHECK_TOOLCHAINS"], !folder.isEmpty { return folder }
    return "\(environment["HOME"] ?? "/root")/.cache/link-check-toolchains"
  }

  /// True when `scripts/toolchains` finished building the cache.
  public static var isAvailable: Bool {
    FileManager.default.fileExists(atPath: "\(cacheFolder)/complete")
  }

  /// The opam-switch-shaped prefix holding every real toolchain.
  public static var switchPrefix: String { "\(cacheFolder)/switch" }

  /// `switch/bin/NAME`.
  public static func tool(_ name: String) -> String { "\(switchPrefix)/bin/\(name)" }

  /// The contents of `VERSIONS` (empty when the cache is missing).
  public static var versions: String {
    (try? String(contentsOfFile: "\(cacheFolder)/VERSIONS", encoding: .utf8)) ?? ""
  }

  /// The legacy Solo5 prefix (a release before 0.8.0, without TLS), whether or not it was built.
  public static var legacySolo5Prefix: String { "\(cacheFolder)/solo5-legacy" }

  /// True when `scripts/toolchains --solo5-legacy` finished building the legacy Solo5.
  public static var isLegacySolo5Available: Bool {
    FileManager.default.fileExists(atPath: "\(legacySolo5Prefix)/complete")
  }

  /// The one line a test needing the legacy Solo5 prints when it is absent.
  public static func legacySkipLine(_ what: String) -> String {
    "real-toolchain tier skipped (\(what)): no legacy Solo5 at \(legacySolo5Prefix); build it with scripts/toolchains --solo5-legacy DIR (Solo5 v0.7.5)"
  }

  /// The one line a skipped tier prints, naming what it skipped.
  public static func skipLine(_ what: String) -> String {
    "real-toolchain tier skipped (\(what)): no toolchain cache at \(cacheFolder); build it with scripts/toolchains"
  }
}

extension RealToolchain {
  /// The trait comment of a tier test skipped for want of the cache: Swift Testing prints it in its one skip line.
  public static var skipComment: Comment {
    Comment(rawValue: skipLine("RealToolchainTests, RealOCaml5Tests, the size of a real unikernel"))
  }

  /// The environment of an active opam switch holding the cache: `OPAM_SWITCH_PREFIX`, its `bin` first on `PATH`.
  public static var switchEnvironment: [String: String] {
    [
      "OPAM_SWITCH_PREFIX": switchPrefix,
      "PATH": "\(switchPrefix)/bin:"
        + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
    ]
  }

  /// Runs a tool of the switch (or any program) in the switch's environment, whatever its exit status.
  public static func run(_ program: String, _ arguments: [String], directory: String? = nil) throws
    -> ToolResult
  {
    try Tool.run(
      program.contains("/") ? program : tool(program), arguments, directory: directory,
      environment: switchEnvironment)
  }

  /// Runs a tool of the switch (or any program) in the switch's environment; throws with its stderr on failure.
  @discardableResult
  public static func succeed(_ program: String, _ arguments: [String], directory: String? = nil)
    throws -> ToolResult
  {
    let result = try run(program, arguments, directory: directory)
    guard result.status == 0, result.signal == nil else {
      throw ToolFailure(
        description:
          "\(program) \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)"
      )
    }
    return result
  }
}

/// OCaml 5 programs of the kinds unikernel builds meet, built by the cache's host compiler as complete objects once
/// per test run: hello, unix, threads, str, a C stub, and a chain of libraries (two `.cmxa`, one using the other).
public final class OCaml5Programs: @unchecked Sendable {
  private static let built = Result { try OCaml5Programs() }
  public static func shared() throws -> OCaml5Programs { try built.get() }

  public static let names = ["hello", "unix", "threads", "str", "cstub", "chain"]

  public let scratch: Scratch
  /// Name → complete object path.
  public let objects: [String: String]

  private init() throws {
    let root = try Scratch("ocaml5-programs")
    var programs: [String: String] = [:]
    // `ld -r` (which -output-complete-obj runs) does not search the C compiler's folders for -lpthread.
    let pthread = try Tool.succeed("gcc", ["-print-file-name=libpthread.a"]).output
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let glibc = ["-cclib", "-L" + (pthread as NSString).deletingLastPathComponent]
    let ocamlfind = RealToolchain.tool("ocamlfind")
    func build(_ name: String, _ files: [(String, String)], _ flags: [String]) throws {
      let folder = try Scratch.subfolder(of: root, name)
      let inputs = try files.map { try folder.write($0.0, $0.1) }
      let output = folder.file("\(name).exe.o")
      try RealToolchain.succeed(
        ocamlfind, ["ocamlopt"] + flags + glibc + ["-output-complete-obj", "-o", output] + inputs,
        directory: folder.path)
      programs[name] = output
    }
    try build("hello", [("main.ml", "let () = print_endline \"hello\"\n")], [])
    try build(
      "unix", [("main.ml", "let () = Printf.printf \"%f\\n\" (Unix.gettimeofday ())\n")],
      ["-package", "unix", "-linkpkg"])
    try build(
      "threads",
      [("main.ml", "let () = Thread.join (Thread.create print_endline \"in a thread\")\n")],
      ["-package", "threads.posix", "-linkpkg"])
    try build(
      "str",
      [
        (
          "main.ml",
          "let () = if Str.string_match (Str.regexp \"h.*o\") \"hello\" 0 then print_endline \"match\"\n"
        )
      ], ["-package", "str", "-linkpkg"])
    try build(
      "cstub",
      [
        (
          "stub.c",
          "#include <caml/mlvalues.h>\nvalue stub_answer(value u) { (void)u; return Val_int(42); }\n"
        ),
        (
          "main.ml",
          "external answer : unit -> int = \"stub_answer\"\nlet () = print_int (answer ())\n"
        ),
      ], [])
    // A chain: base.cmxa ← middle.cmxa ← main.
    let chain = try Scratch.subfolder(of: root, "chain-libraries")
    let base = try chain.write("base.ml", "let greet who = \"hello \" ^ who\n")
    let middle = try chain.write("middle.ml", "let run () = print_endline (Base.greet \"chain\")\n")
    try RealToolchain.succeed(
      ocamlfind, ["ocamlopt", "-a", "-o", chain.file("base.cmxa"), base], directory: chain.path)
    try RealToolchain.succeed(
      ocamlfind, ["ocamlopt", "-I", chain.path, "-a", "-o", chain.file("middle.cmxa"), middle],
      directory: chain.path)
    try build(
      "chain", [("main.ml", "let () = Middle.run ()\n")],
      ["-I", chain.path, chain.file("base.cmxa"), chain.file("middle.cmxa")])
    scratch = root
    objects = programs
  }
}
