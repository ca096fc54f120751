import Foundation
import TestSupport
import Testing

/// `check`'s causes, one fixture per kind (C objects and archives, or real OCaml objects where the kind is about
/// OCaml). Every fix that edits the line is run through the real GNU ld: the cause's symbols must be gone from
/// its errors.
@Suite struct CheckCauseTests {
  /// A check's JSON document.
  struct Document {
    let json: [String: Any]
    let status: Int32
    let text: String

    var causes: [[String: Any]] { json["causes"] as? [[String: Any]] ?? [] }
    func cause(_ kind: String) throws -> [String: Any] {
      try #require(causes.first { $0["kind"] as? String == kind }, "no \(kind) cause in \(causes)")
    }
    var fixedCommand: [String]? { json["fixedCommand"] as? [String] }
  }

  static func check(
    _ arguments: [String], directory: String? = nil, environment: [String: String] = [:]
  ) throws -> Document {
    let result = try Tool.run(
      LinkCheckExecutable.path, ["check", "--format", "json"] + arguments, directory: directory,
      environment: environment)
    let json = try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any],
      "\(result.output)\(result.stderr)")
    return Document(json: json, status: result.status, text: result.output)
  }

  /// Runs GNU ld on `command` (output to a scratch file) and asserts none of `symbols` is among its errors.
  static func expectLdClears(_ command: [String], of symbols: [String], in directory: String) throws
  {
    var arguments = Array(command.dropFirst())
    if let output = arguments.firstIndex(of: "-o") {
      arguments[output + 1] = "\(directory)/fixed.out"
    }
    let ld = try LinkerVerdict.run("ld", arguments, directory: directory)
    #expect(
      ld.undefined.isDisjoint(with: symbols) && ld.duplicates.isDisjoint(with: symbols),
      "\(ld.stderr)")
  }

  /// `lib/libhelp.a` defining `helper`, and `main.o` whose `_start` calls it.
  static func helperFixture(_ scratch: Scratch, call: String = "helper") throws -> (
    main: String, library: String
  ) {
    let help = try scratch.compileC("help.o", "int helper(void) { return 1; }\n")
    try FileManager.default.createDirectory(
      atPath: scratch.file("lib"), withIntermediateDirectories: true)
    let library = try scratch.archive("lib/libhelp.a", [help])
    let main = try scratch.compileC(
      "main.o", "int \(call)(void);\nvoid _start(void) { \(call)(); }\n")
    return (main, library)
  }

  @Test func missingLibraryIsAddedAfterItsUserAndVerified() throws {
    let scratch = try Scratch("cause-library")
    let (main, _) = try Self.helperFixture(scratch)
    let document = try Self.check([
      "--", "ld", "-L", scratch.file("lib"), main, "-o", scratch.file("out"),
    ])
    #expect(document.status == 1)
    let cause = try document.cause("missing-library")
    #expect(cause["symbols"] as? [String] == ["helper"])
    let fix = try #require(cause["fix"] as? [String: Any])
    #expect(fix["arguments"] as? [String] == ["-lhelp"])
    #expect(fix["verified"] as? Bool == true)
    #expect(fix["text"] as? String == "add `-lhelp` after `\(main)`")
    let fixed = try #require(document.fixedCommand)
    #expect(fixed == ["ld", "-L", scratch.file("lib"), main, "-lhelp", "-o", scratch.file("out")])
    try Self.expectLdClears(fixed, of: ["helper"], in: scratch.path)
  }

  @Test func linkOrderMovesTheLibraryAfterItsUser() throws {
    let scratch = try Scratch("cause-order")
    let (main, _) = try Self.helperFixture(scratch)
    let command = ["ld", "-L", scratch.file("lib"), "-lhelp", main, "-o", scratch.file("out")]
    let ld = try LinkerVerdict.run("ld", Array(command.dropFirst()), directory: scratch.path)
    #expect(ld.undefined == ["helper"])
    let document = try Self.check(["--"] + command)
    let cause = try document.cause("link-order")
    let fix = try #require(cause["fix"] as? [String: Any])
    #expect(fix["edit"] as? String == "move")
    #expect(fix["verified"] as? Bool == true)
    let fixed = try #require(document.fixedCommand)
    #expect(fixed == ["ld", "-L", scratch.file("lib"), main, "-lhelp", "-o", scratch.file("out")])
    try Self.expectLdClears(fixed, of: ["helper"], in: scratch.path)
  }

  @Test func duplicateDefinitionsDropTheLaterInput() throws {
    let scratch = try Scratch("cause-duplicate")
    let a = try scratch.compileC(
      "a.o", "int shared(void) { return 1; }\nvoid _start(void) { shared(); }\n")
    let b = try scratch.compileC("b.o", "int shared(void) { return 2; }\n")
    for (command, title) in [
      (["ld", "-o", scratch.file("out"), a, b], "both define it"),
      (["ld", "-o", scratch.file("out"), a, a], "on the line twice"),
    ] {
      let ld = try LinkerVerdict.run("ld", Array(command.dropFirst()), directory: scratch.path)
      #expect(!ld.duplicates.isEmpty)
      let document = try Self.check(["--"] + command)
      let cause = try document.cause("duplicate-definitions")
      #expect((cause["title"] as? String)?.contains(title) == true, "\(cause)")
      #expect(Set(cause["symbols"] as? [String] ?? []) == ld.duplicates)
      let fix = try #require(cause["fix"] as? [String: Any])
      #expect(fix["verified"] as? Bool == true)
      // The later input is dropped, never the one that defines the entry.
      let fixed = try #require(document.fixedCommand)
      #expect(fixed == Array(command.dropLast()))
      try Self.expectLdClears(fixed, of: Array(ld.duplicates), in: scratch.path)
    }
  }

  @Test func misspellingNamesTheDefinedName() throws {
    let scratch = try Scratch("cause-typo")
    let (main, library) = try Self.helperFixture(scratch, call: "helpr")
    let document = try Self.check(["--", "ld", main, library, "-o", scratch.file("out")])
    let cause = try document.cause("misspelling")
    #expect(cause["symbols"] as? [String] == ["helpr"])
    #expect((cause["title"] as? String)?.contains("`helper`") == true)
    #expect((cause["fix"] as? [String: Any])?["verified"] is NSNull)
  }

  /// A shared object needs a name no input defines: ld reports it against the shared object ("libneeds.so:
  /// undefined reference to `provided_elsewhere'"); its library, found by -rpath-link, clears it.
  @Test func sharedObjectNeedsNamesTheSharedObject() throws {
    let scratch = try Scratch("cause-shared-needs")
    let provider = try scratch.compileC(
      "provider.o", "int provided_elsewhere(void) { return 1; }\n")
    let lib = scratch.file("lib")
    try FileManager.default.createDirectory(atPath: lib, withIntermediateDirectories: true)
    try Tool.succeed(
      "ld", ["-shared", "-soname", "libprovider.so", "-o", "\(lib)/libprovider.so", provider])
    let needer = try scratch.compileC(
      "needer.o",
      "int provided_elsewhere(void);\nint use_it(void) { return provided_elsewhere(); }\n")
    try Tool.succeed(
      "ld", ["-shared", "-o", scratch.file("libneeds.so"), needer, "\(lib)/libprovider.so"])
    let main = try scratch.compileC(
      "main.o", "int use_it(void);\nvoid _start(void) { use_it(); }\n")
    let command = ["ld", main, scratch.file("libneeds.so"), "-o", scratch.file("out")]
    let ld = try LinkerVerdict.run("ld", Array(command.dropFirst()), directory: scratch.path)
    #expect(ld.undefined == ["provided_elsewhere"], "\(ld.stderr)")
    #expect(ld.stderr.contains("libneeds.so: undefined reference to `provided_elsewhere'"))
    let document = try Self.check(["--"] + command)
    let cause = try document.cause("shared-object-needs")
    #expect(cause["symbols"] as? [String] == ["provided_elsewhere"])
    #expect((cause["title"] as? String)?.contains("libneeds.so") == true)
    let withPath = try Self.check(["--"] + command + ["-rpath-link", lib])
    #expect(withPath.status == 0, "\(withPath.text)")
    try Self.expectLdClears(
      command + ["-rpath-link", lib], of: ["provided_elsewhere"], in: scratch.path)
  }

  /// An object uses a name only a library another shared object needs defines: ld stops ("undefined reference to
  /// symbol `helper3'", "DSO missing from command line"). The name is that cause's, not a near miss of the
  /// needer's `helper0`; the fix names the library after its user, on a line without it and on one where
  /// --as-needed dropped it; ld links each fixed line.
  @Test func neededLibraryIsAddedAfterItsUserAndVerified() throws {
    let scratch = try Scratch("cause-needed")
    let provider = try scratch.compileC("provider.o", "int helper3(void) { return 3; }\n")
    let lib = scratch.file("lib")
    try FileManager.default.createDirectory(atPath: lib, withIntermediateDirectories: true)
    try Tool.succeed("ld", ["-shared", "-o", "\(lib)/libprovider.so", provider])
    let needer = try scratch.compileC(
      "needer.o", "int helper3(void);\nint helper0(void) { return helper3(); }\n")
    try Tool.succeed(
      "ld", ["-shared", "-o", "\(lib)/libneeds.so", needer, "-L", lib, "-lprovider"])
    let main = try scratch.compileC(
      "main.o", "int helper0(void), helper3(void);\nvoid _start(void) { helper0(); helper3(); }\n")
    let out = scratch.file("out")
    for (command, reason) in [
      (
        ["ld", "-L", lib, main, "-lneeds", "-rpath-link", lib, "-o", out],
        "`\(lib)/libneeds.so` needs it"
      ),
      (
        [
          "ld", "-L", lib, "--as-needed", "-lprovider", "--no-as-needed", main, "-lneeds",
          "-rpath-link",
          lib, "-o", out,
        ], "--as-needed drops it where it stands now"
      ),
    ] {
      let ld = try LinkerVerdict.run("ld", Array(command.dropFirst()), directory: scratch.path)
      #expect(ld.stderr.contains("DSO missing from command line"), "\(ld.stderr)")
      let document = try Self.check(["--"] + command)
      #expect(document.status == 1)
      #expect(
        !document.causes.contains { $0["kind"] as? String == "misspelling" }, "\(document.text)")
      let cause = try document.cause("missing-input")
      #expect(cause["symbols"] as? [String] == ["helper3"])
      let fix = try #require(cause["fix"] as? [String: Any])
      #expect(fix["arguments"] as? [String] == ["-lprovider"])
      #expect(fix["verified"] as? Bool == true)
      let text = try #require(fix["text"] as? String)
      #expect(text.hasPrefix("add `-lprovider` after `\(main)` (\(reason)"), "\(text)")
      let fixed = try #require(document.fixedCommand)
      let user = try #require(command.firstIndex(of: main))
      #expect(fixed == Array(command[...user]) + ["-lprovider"] + command[(user + 1)...])
      // (ld names a DSO-missing symbol in 'quotes', which expectLdClears does not read: the fixed line must link.)
      var fixedArguments = Array(fixed.dropFirst())
      fixedArguments[fixedArguments.count - 1] = scratch.file("fixed.out")
      let linked = try LinkerVerdict.run("ld", fixedArguments, directory: scratch.path)
      #expect(linked.status == 0, "\(linked.stderr)")
    }
  }

  @Test func unexplainedListsTheNames() throws {
    let scratch = try Scratch("cause-unexplained")
    let main = try scratch.compileC(
      "main.o", "int quux_from_nowhere(void);\nvoid _start(void) { quux_from_nowhere(); }\n")
    let document = try Self.check(["--", "ld", main, "-o", scratch.file("out")])
    let cause = try document.cause("unexplained")
    #expect(cause["symbols"] as? [String] == ["quux_from_nowhere"])
    #expect((cause["evidence"] as? [String])?.contains("used in: _start") == true)
  }

  @Test func missingEntryOnSolo5IsTheApplicationMain() throws {
    let scratch = try Scratch("cause-entry")
    let app = try scratch.compileC(
      "start.o", "int solo5_app_main(const void *);\nvoid _start(void) { solo5_app_main(0); }\n",
      flags: ["-ffreestanding"])
    let document = try Self.check([
      "--target", "hvt", "--", "ld", "-nostdlib", app, "-o", scratch.file("out"),
    ])
    let cause = try document.cause("missing-entry")
    #expect(cause["symbols"] as? [String] == ["solo5_app_main"])
    #expect(
      ((cause["fix"] as? [String: Any])?["text"] as? String)?.contains("mirage-solo5") == true)
    // Without `_start` at all: a warning (ld only warns), and the check passes with it.
    let library = try scratch.compileC("lib.o", "int helper(void) { return 1; }\n")
    let result = try LinkCheckExecutable.run([
      "check", "--", "ld", library, "-o", scratch.file("out"),
    ])
    #expect(result.status == 0)
    #expect(
      result.output.hasPrefix(
        "OK: links as given: 1 input, 0 members extracted\n\nwarning[missing-entry]: the entry `_start` is not defined\n"
      ), "\(result.output)")
  }

  @Test func hostCStubsNameTheirFunctionsAndTheStackGuard() throws {
    let scratch = try Scratch("cause-cstubs")
    let stub = try scratch.compileC(
      "stub.o",
      "#include <stdio.h>\nint format_answer(char *b, int x) { char t[64]; int n = sprintf(t, \"%d\", x); sprintf(b, \"%s\", t); return n; }\n",
      flags: ["-O2", "-D_FORTIFY_SOURCE=2", "-fstack-protector-all"])
    let start = try scratch.compileC(
      "start.o", "void _start(void) {}\n", flags: ["-ffreestanding", "-fno-stack-protector"])
    let undefined = try Tool.succeed("nm", ["-u", stub]).output
    #expect(undefined.contains("__sprintf_chk") && undefined.contains("__stack_chk_fail"))
    let document = try Self.check([
      "--target", "hvt", "--", "ld", "-nostdlib", start, stub, "-o", scratch.file("out"),
    ])
    let cause = try document.cause("host-c-stubs")
    #expect(
      Set(cause["symbols"] as? [String] ?? []).isSuperset(of: ["__sprintf_chk", "__stack_chk_fail"])
    )
    #expect((cause["evidence"] as? [String])?.contains("in the C functions: format_answer") == true)
    #expect(cause["hazards"] as? [String] == ["tls-stack-guard"])
  }

  @Test func hostRuntimeAndHostLibraryOnRealOCamlObjects() throws {
    let fixture = try CheckCommandTests.Fixture.shared()
    let hello = try Self.check([
      fixture.hello, "--target", "hvt", "--pkg-config-path", fixture.pkgConfigPath,
    ])
    #expect(hello.causes.first?["kind"] as? String == "host-runtime")
    #expect(
      Set(hello.causes[0]["hazards"] as? [String] ?? []).isSuperset(of: [
        "runtime-mismatch", "tls-stack-guard",
      ]))
    let unix = try Self.check([
      fixture.unix, "--target", "hvt", "--pkg-config-path", fixture.pkgConfigPath,
    ])
    let library = try unix.cause("host-library")
    // ocamlopt inlines `Clock.now` into `Main`, which then calls `unix_gettimeofday` itself.
    #expect(library["chain"] as? [String] == ["Main", "Unix"])
    #expect((library["packages"] as? [String])?.contains("unix") == true)
    #expect((library["symbols"] as? [String])?.contains("getuid") == true)
    // Each undefined symbol points at the cause that lists it.
    for finding in unix.json["unresolved"] as? [[String: Any]] ?? [] {
      let index = try #require(finding["cause"] as? Int)
      #expect(
        (unix.causes[index]["symbols"] as? [String])?.contains(finding["symbol"] as? String ?? "")
          == true)
    }
  }

  /// `Samples/dune-chain`: `Main` → `B` (uses Str) → `A` (uses `Unix.gettimeofday`), built with dune.
  @Test func duneChainNamesTheModulesAndPackagesOfEachHostLibrary() throws {
    let fixture = try CheckCommandTests.Fixture.shared()
    let scratch = try Scratch("cause-dune")
    let project = scratch.file("dune-chain")
    try FileManager.default.copyItem(atPath: "\(Samples.directory)/dune-chain", toPath: project)
    let build = try Tool.run(
      "dune", ["build", "--root", project, "./bin/main.exe.o", "@install"], directory: project,
      environment: ["DUNE_CACHE": "disabled"])
    #expect(build.status == 0, "\(build.stderr)")
    let document = try Self.check(
      [
        "\(project)/_build/default/bin/main.exe.o", "--target", "hvt", "--pkg-config-path",
        fixture.pkgConfigPath,
      ],
      environment: ["OCAMLPATH": "\(project)/_build/install/default/lib"])
    let libraries = document.causes.filter { $0["kind"] as? String == "host-library" }
    let unix = try #require(
      libraries.first { ($0["title"] as? String)?.contains("unix library") == true })
    #expect(unix["chain"] as? [String] == ["Main", "B", "A", "Unix"])
    #expect(unix["packages"] as? [String] == ["b", "a", "unix"])
    #expect(
      ((unix["fix"] as? [String: Any])?["text"] as? String)?.contains("from package `a`") == true)
    let str = try #require(
      libraries.first { ($0["title"] as? String)?.contains("str library") == true })
    #expect(str["chain"] as? [String] == ["Main", "B", "Str"])
    #expect(str["packages"] as? [String] == ["b", "str"])
  }

  /// The case, on the real toolchain: OCaml 5.2 with ocaml-solo5's runtime as `-runtime-variant
  /// _freestanding`, linking unix. The host names are unix's stubs': the runtime is not blamed.
  @Test(.enabled(if: RealToolchain.isAvailable, RealToolchain.skipComment))
  func aFreestandingRuntimeWithUnixBlamesUnixNotTheRuntime() throws {
    let scratch = try Scratch("cause-freestanding-unix")
    try FileManager.default.createDirectory(
      atPath: scratch.file("runtime"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: "\(RealToolchain.switchPrefix)/lib/ocaml-solo5/lib/ocaml/libasmrun.a",
      toPath: scratch.file("runtime/libasmrun_freestanding.a"))
    let source = try scratch.write(
      "main.ml", "let () = Printf.printf \"%f\\n\" (Unix.gettimeofday ())\n")
    try RealToolchain.succeed(
      "ocamlfind",
      [
        "ocamlopt", "-package", "unix", "-linkpkg", "-output-complete-obj", "-runtime-variant",
        "_freestanding", "-I", scratch.file("runtime"),
        source, "-o", scratch.file("main.exe.o"),
      ], directory: scratch.path)
    let result = try Tool.run(
      LinkCheckExecutable.path, ["check", "main.exe.o", "--target", "hvt", "--format", "json"],
      directory: scratch.path,
      environment: RealToolchain.switchEnvironment)
    let document = try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderr)")
    let causes = document["causes"] as? [[String: Any]] ?? []
    #expect(!causes.contains { $0["kind"] as? String == "host-runtime" }, "\(causes)")
    let unix = try #require(causes.first { $0["kind"] as? String == "host-library" })
    #expect((unix["hazards"] as? [String])?.contains("runtime-mismatch") == true)
    #expect((unix["symbols"] as? [String])?.contains("msync") == true)
  }
}
