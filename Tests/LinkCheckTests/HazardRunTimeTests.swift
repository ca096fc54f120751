import Foundation
import TestSupport
import Testing

/// Hazards are predictions about run time, proven by running (second tier: the real Solo5 0.12.1 `solo5-spt`
/// tender from the toolchain cache). A small C unikernel that `check` flags fails under the tender the predicted
/// way, and the fix the hint names makes it boot.
@Suite(
  .enabled(
    if: RealToolchain.isAvailable, Comment(rawValue: RealToolchain.skipLine("hazards at run time")))
)
struct HazardRunTimeTests {
  static let source = """
    #include "solo5.h"
    void fill(char *buf, int n);
    static unsigned long length(const char *s) { unsigned long n = 0; while (s[n]) n++; return n; }
    int guarded(int n) { char buf[64]; fill(buf, n); return buf[n % 64]; }
    int solo5_app_main(const struct solo5_start_info *si) {
      (void)si;
      guarded(3);
      const char *message = "booted\\n";
      solo5_console_write(message, length(message));
      return 0;
    }
    void fill(char *buf, int n) { for (int i = 0; i < 64; i++) buf[i] = (char)(i + n); }
    """

  /// A unikernel's folder: the application compiled with `flags`, a manifest, and Solo5's spt bindings.
  struct Unikernel {
    let scratch: Scratch
    let bindings: String

    init(source: String = HazardRunTimeTests.source, flags: [String]) throws {
      scratch = try Scratch("run-time")
      let prefix = RealToolchain.switchPrefix
      let include = [
        "-ffreestanding", "-nostdinc", "-isystem", "\(prefix)/include/x86_64-solo5-none-static",
        "-I", "\(prefix)/include/solo5",
      ]
      try scratch.compileC("app.o", source, flags: include + flags)
      try scratch.write(
        "manifest.json", "{\"type\":\"solo5.manifest\",\"version\":1,\"devices\":[]}\n")
      try Tool.succeed(
        RealToolchain.tool("solo5-elftool"),
        ["gen-manifest", scratch.file("manifest.json"), scratch.file("manifest.c")])
      try scratch.compileC(
        "manifest.o", try String(contentsOfFile: scratch.file("manifest.c"), encoding: .utf8),
        flags: include + ["-fno-stack-protector"])
      bindings = "\(prefix)/lib/x86_64-solo5-none-static"
    }

    /// The ld line Solo5's `x86_64-solo5-none-static-ld -z solo5-abi=spt` runs, with the bindings and script of
    /// the Solo5 installed at `solo5` (the cache's 0.12.1 unless told), `bindingsFolder` for `-l:`.
    /// `libraries` after the objects (ocaml-solo5 adds its nolibc and openlibm in a group).
    func linkerLine(solo5: String? = nil, bindingsFolder: String? = nil, libraries: [String] = [])
      -> [String]
    {
      let folder = solo5.map { "\($0)/lib/x86_64-solo5-none-static" } ?? bindings
      return [
        "ld", "-nostdlib", "-L", bindingsFolder ?? folder, "-z", "max-page-size=0x1000",
        "-static", "-T", "\(folder)/solo5_spt.lds",
        "-l:solo5_spt.o", scratch.file("app.o"), scratch.file("manifest.o"),
      ] + libraries + ["-o", scratch.file("app.spt")]
    }

    /// `check --format json -- LINE`.
    func check(_ line: [String]) throws -> Checked { try HazardRunTimeTests.check(line) }

    /// Links with ld and runs the program under the `solo5-spt` of the Solo5 at `solo5` (the cache's 0.12.1
    /// unless told), traced by `strace` for its signals: a fault shows as `--- SIGSEGV {…, si_addr=0x…} ---` on
    /// standard error.
    func run(_ line: [String], solo5: String = RealToolchain.switchPrefix) throws -> ToolResult {
      try Tool.succeed("ld", Array(line.dropFirst()))
      return try Tool.run(
        "timeout",
        [
          "20", "strace", "-qq", "-e", "trace=none", "\(solo5)/bin/solo5-spt",
          scratch.file("app.spt"),
        ])
    }

    /// The address in `si_addr` of the SIGSEGV strace reported, if the program died of one.
    static func faultAddress(_ result: ToolResult) -> UInt64? {
      guard
        let line = result.stderr.split(separator: "\n").first(where: { $0.hasPrefix("--- SIGSEGV") }
        ),
        let field = line.range(of: "si_addr=0x")
      else { return nil }
      return UInt64(line[field.upperBound...].prefix { $0.isHexDigit }, radix: 16)
    }

    /// The `%fs:` displacements of the linked program's instructions, as `objdump -d` shows them (as addresses
    /// with the TLS base at 0: `%fs:0xfffffffffffffff8` is 0xfffffffffffffff8).
    func threadPointerOffsets() throws -> Set<UInt64> {
      let listing = try Tool.succeed(
        "objdump", ["-d", "--no-show-raw-insn", scratch.file("app.spt")]
      ).output
      var offsets = Set<UInt64>()
      for line in listing.split(separator: "\n") {
        guard let operand = line.range(of: "%fs:0x") else { continue }
        if let offset = UInt64(line[operand.upperBound...].prefix { $0.isHexDigit }, radix: 16) {
          offsets.insert(offset)
        }
      }
      return offsets
    }
  }

  /// glibc's stack protector reads the guard from `%fs:0x28`; spt gives the guest no TLS block there, so the
  /// first protected function faults. The hint's fix, `-mstack-protector-guard=global`, boots.
  @Test func tlsStackGuardCrashesAndTheGlobalGuardBoots() throws {
    let host = try Unikernel(flags: ["-fstack-protector-all"])
    let flagged = try host.check(host.linkerLine())
    #expect(flagged.target == "spt")
    let hazard = try #require(flagged.hazards["tls-stack-guard"])
    #expect(
      hazard.contains("guarded") && hazard.contains("solo5_app_main")
        && hazard.contains("-mstack-protector-guard=global"))
    let crashed = try host.run(host.linkerLine())
    #expect(
      crashed.status == 139 || crashed.signal == 11, "status \(crashed.status): \(crashed.stderr)")
    #expect(Unikernel.faultAddress(crashed) == 0x28, "\(crashed.stderr)")
    #expect(!crashed.output.contains("booted"))

    let fixed = try Unikernel(flags: ["-fstack-protector-all", "-mstack-protector-guard=global"])
    #expect(try fixed.check(fixed.linkerLine()).hazards["tls-stack-guard"] == nil)
    let booted = try fixed.run(fixed.linkerLine())
    #expect(booted.status == 0, "\(booted.stderr)")
    #expect(booted.output.contains("booted"))
  }

  /// Bindings without the ABI1 note link, but the tender refuses the program; the real bindings boot.
  @Test func missingABINoteIsRefusedAndTheRealBindingsBoot() throws {
    let unikernel = try Unikernel(flags: ["-fno-stack-protector"])
    let stripped = unikernel.scratch.file("stripped")
    try FileManager.default.createDirectory(atPath: stripped, withIntermediateDirectories: true)
    // The note's owner renamed (`Solo5` → `Xolo5`): same layout, but no longer a Solo5 note.
    let note = "\(stripped)/note.bin"
    try Tool.succeed(
      "objcopy",
      [
        "--dump-section", ".note.solo5.abi=\(note)", "\(unikernel.bindings)/solo5_spt.o",
        "\(stripped)/dumped.o",
      ])
    var bytes = try #require(FileManager.default.contents(atPath: note))
    let owner = try #require(bytes.range(of: Data("Solo5".utf8)))
    bytes[owner.lowerBound] = UInt8(ascii: "X")
    try bytes.write(to: URL(fileURLWithPath: note))
    try Tool.succeed(
      "objcopy",
      [
        "--update-section", ".note.solo5.abi=\(note)", "\(unikernel.bindings)/solo5_spt.o",
        "\(stripped)/solo5_spt.o",
      ])
    let line = unikernel.linkerLine(bindingsFolder: stripped)
    let result = try LinkCheckExecutable.run(
      ["check", "--target", "spt", "--format", "json", "--"] + line)
    let document = try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderr)")
    let kinds = ((document["hazards"] as? [[String: Any]]) ?? []).compactMap {
      $0["kind"] as? String
    }
    #expect(kinds.contains("missing-abi-note"))
    let refused = try unikernel.run(line)
    #expect(refused.status != 0 && !refused.output.contains("booted"))
    #expect(
      refused.stderr.contains("invalid executable") || refused.stderr.contains("ABI"),
      "\(refused.stderr)")

    let booted = try unikernel.run(unikernel.linkerLine())
    #expect(booted.status == 0 && booted.output.contains("booted"), "\(booted.stderr)")
  }

  /// A call that resolves only to a nolibc stub links and aborts with the stub's message; without the call (the
  /// hint: find the caller, it cannot work on a unikernel) it boots.
  @Test func nolibcStubAbortsAndTheProgramWithoutItBoots() throws {
    let source = """
      #include "solo5.h"
      int rename(const char *, const char *);
      static unsigned long length(const char *s) { unsigned long n = 0; while (s[n]) n++; return n; }
      int solo5_app_main(const struct solo5_start_info *si) {
        (void)si;
      #ifndef FIXED
        rename("a", "b");
      #endif
        solo5_console_write("booted\\n", length("booted\\n"));
        return 0;
      }
      """
    let nolibc = Self.nolibc
    let stubbed = try Unikernel(source: source, flags: ["-fno-stack-protector"])
    let hazard = try #require(
      try stubbed.check(stubbed.linkerLine(libraries: nolibc)).hazards["nolibc-stub"])
    #expect(hazard.contains("rename"))
    let aborted = try stubbed.run(stubbed.linkerLine(libraries: nolibc))
    #expect(aborted.output.contains("STUB: abort: rename() called"), "\(aborted.output)")
    #expect(!aborted.output.contains("booted"))

    let fixed = try Unikernel(source: source, flags: ["-fno-stack-protector", "-DFIXED"])
    #expect(try fixed.check(fixed.linkerLine(libraries: nolibc)).hazards["nolibc-stub"] == nil)
    let booted = try fixed.run(fixed.linkerLine(libraries: nolibc))
    #expect(booted.status == 0 && booted.output.contains("booted"), "\(booted.stderr)")
  }

  /// ocaml-solo5's nolibc and openlibm, as its cc wrapper adds them.
  static let nolibc = [
    "-L", "\(RealToolchain.switchPrefix)/lib/ocaml-solo5/lib", "--start-group", "-lnolibc",
    "-lopenlibm", "--end-group",
  ]

  /// mirage-solo5's start-up in small: nolibc's heap, then the OCaml program.
  static let ocamlStartup = """
    #include "solo5.h"
    extern void _nolibc_init(uintptr_t heap_start, size_t heap_size);
    extern void caml_startup(char **argv);
    static char *argv[] = { "app", 0 };
    int solo5_app_main(const struct solo5_start_info *si) {
      _nolibc_init(si->heap_start, si->heap_size);
      caml_startup(argv);
      return 0;
    }
    """

  /// The spt line of OCaml program `source` cross-compiled by ocaml-solo5 (`-output-complete-obj`), started by
  /// `ocamlStartup`.
  static func ocamlUnikernel(_ unit: String, _ source: String) throws -> (Unikernel, [String]) {
    let unikernel = try Unikernel(source: ocamlStartup, flags: ["-fno-stack-protector"])
    let file = try unikernel.scratch.write("\(unit).ml", source)
    let object = unikernel.scratch.file("\(unit).exe.o")
    try RealToolchain.succeed(
      "ocamlfind", ["-toolchain", "solo5", "ocamlopt", "-output-complete-obj", file, "-o", object],
      directory: unikernel.scratch.path)
    return (unikernel, unikernel.linkerLine(libraries: [object] + nolibc))
  }

  /// OCaml 5's runtime refers to nolibc stubs from primitives (`caml_sys_chdir` → `chdir`) that run only when
  /// OCaml code calls them: hello has no nolibc warning (the stubs are kept as unreached) and boots; a program
  /// calling `Sys.chdir` is warned with the path from its own code, and fails as predicted: nolibc's `chdir` fails
  /// with ENOSYS, so `Sys.chdir` raises `Sys_error "/: Function not implemented"`.
  @Test func ocamlReachesANolibcStubOnlyThroughItsOwnCalls() throws {
    let (hello, helloLine) = try Self.ocamlUnikernel("hello", Self.hello)
    let quiet = try hello.check(helloLine)
    #expect(
      quiet.status == 0 && quiet.hazards.keys.allSatisfy { !$0.hasPrefix("nolibc") },
      "\(quiet.hazards)")
    let booted = try hello.run(helloLine)
    #expect(booted.status == 0 && booted.output.contains("hello from OCaml"), "\(booted.output)")

    let (chdir, chdirLine) = try Self.ocamlUnikernel(
      "chdir", "let () = print_endline \"before\"; Sys.chdir \"/\"; print_endline \"after\"\n")
    let checked = try chdir.check(chdirLine)
    let hazard = try #require(checked.hazards["nolibc-stub"])
    #expect(
      hazard.contains("chdir (fails with ENOSYS) from `Chdir`'s top level (camlChdir.entry in ")
        && hazard.contains(" → caml_sys_chdir → chdir")
        && hazard.contains("change `Chdir`'s top level"),
      "\(hazard)")
    #expect(checked.hazards["nolibc-thread-stub"] == nil)
    let failed = try chdir.run(chdirLine)
    #expect(failed.status != 0, "\(failed.output)")
    #expect(
      failed.output.contains("before")
        && failed.output.contains("Sys_error(\"/: Function not implemented\")")
        && !failed.output.contains("after"), "\(failed.output)")
  }

  /// A program with a `__thread` variable that sets TLS up where the bindings have it (Solo5 0.8.0's API, referred
  /// to weakly, so the same object links against bindings without it). Defining `NO_SETUP` leaves the setup out.
  static let threadLocalSource = """
    #include "solo5.h"
    extern size_t solo5_tls_size(void) __attribute__((weak));
    extern uintptr_t solo5_tls_tp_offset(uintptr_t tls) __attribute__((weak));
    extern solo5_result_t solo5_tls_init(uintptr_t tls) __attribute__((weak));
    static unsigned long length(const char *s) { unsigned long n = 0; while (s[n]) n++; return n; }
    static void say(const char *m) { solo5_console_write(m, length(m)); }
    __thread long counter = 41;
    int solo5_app_main(const struct solo5_start_info *si) {
    #ifndef NO_SETUP
      if (solo5_tls_init && solo5_tls_size() <= si->heap_size) {
        solo5_tls_init(si->heap_start);
        solo5_set_tls_base(solo5_tls_tp_offset(si->heap_start));
      }
    #endif
      say("in main\\n");
      counter++;
      say(counter == 42 ? "booted with TLS\\n" : "wrong TLS value\\n");
      return 0;
    }
    """

  /// Solo5 before 0.8.0 has no TLS: `check` flags `tls` against v0.7.5's bindings, and the program faults at its
  /// first TLS access (the TLS base is 0, so at the `%fs:` displacement itself). The same object against Solo5
  /// 0.12.1 (the hint's fix: 0.8.0 or later) has no `tls` hazard and boots.
  @Test(
    .enabled(
      if: RealToolchain.isLegacySolo5Available,
      Comment(rawValue: RealToolchain.legacySkipLine("tls on a Solo5 without TLS"))))
  func tlsOnSolo5WithoutTLSFaultsAndSolo5WithTLSBoots() throws {
    let unikernel = try Unikernel(source: Self.threadLocalSource, flags: ["-fno-stack-protector"])
    let legacy = RealToolchain.legacySolo5Prefix
    let old = unikernel.linkerLine(solo5: legacy)
    let flagged = try unikernel.check(old)
    let hazard = try #require(flagged.hazards["tls"])
    #expect(
      hazard.contains("do not define solo5_tls_init") && hazard.contains("spt ABI version 1")
        && hazard.contains("use Solo5 0.8.0 or later"), "\(hazard)")
    let faulted = try unikernel.run(old, solo5: legacy)
    #expect(
      faulted.output.contains("in main") && !faulted.output.contains("TLS"), "\(faulted.output)")
    let offsets = try unikernel.threadPointerOffsets()
    #expect(offsets.count == 1, "objdump: one TLS displacement, \(offsets)")
    #expect(Unikernel.faultAddress(faulted).map(offsets.contains) == true, "\(faulted.stderr)")

    let current = unikernel.linkerLine()
    #expect(try unikernel.check(current).hazards["tls"] == nil)
    let booted = try unikernel.run(current)
    #expect(
      booted.status == 0 && booted.output.contains("booted with TLS"),
      "\(booted.output)\(booted.stderr)")
  }

  /// Solo5 0.8.0 and later start the program with the TLS base at 0 too: a program that never calls
  /// `solo5_set_tls_base` gets the `tls` warning and faults at its first access; with the setup the hint names, it
  /// boots.
  @Test func tlsWithoutSetUpFaultsAndSettingItUpBoots() throws {
    let unset = try Unikernel(
      source: Self.threadLocalSource, flags: ["-fno-stack-protector", "-DNO_SETUP"])
    let hazard = try #require(try unset.check(unset.linkerLine()).hazards["tls"])
    #expect(
      hazard.contains("nothing on the line calls solo5_set_tls_base")
        && hazard.contains("solo5_tls_init"))
    let faulted = try unset.run(unset.linkerLine())
    #expect(
      faulted.output.contains("in main") && !faulted.output.contains("TLS"), "\(faulted.output)")
    #expect(
      Unikernel.faultAddress(faulted).map(try unset.threadPointerOffsets().contains) == true,
      "\(faulted.stderr)")

    let set = try Unikernel(source: Self.threadLocalSource, flags: ["-fno-stack-protector"])
    #expect(try set.check(set.linkerLine()).hazards["tls"] == nil)
    let booted = try set.run(set.linkerLine())
    #expect(
      booted.status == 0 && booted.output.contains("booted with TLS"),
      "\(booted.output)\(booted.stderr)")
  }

  /// What `check --format json -- LINE` said: its exit status, target, hazards (kind → message and hint) and
  /// undefined names.
  struct Checked {
    let status: Int32
    let target: String?
    let hazards: [String: String]
    let undefined: Set<String>
    /// The kind of the cause each undefined name is attributed to.
    let causes: [String: String]
  }

  static func check(_ line: [String], environment: [String: String]? = nil) throws -> Checked {
    let result = try LinkCheckExecutable.run(
      ["check", "--format", "json", "--"] + line, environment: environment)
    let document = try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderr)")
    var hazards: [String: String] = [:]
    for hazard in (document["hazards"] as? [[String: Any]]) ?? [] {
      hazards[hazard["kind"] as? String ?? ""] =
        "\(hazard["message"] ?? "") \(hazard["hint"] ?? "")"
    }
    let undefined = ((document["unresolved"] as? [[String: Any]]) ?? []).compactMap {
      $0["symbol"] as? String
    }
    let kinds = ((document["causes"] as? [[String: Any]]) ?? []).map { $0["kind"] as? String ?? "" }
    var causes: [String: String] = [:]
    for entry in (document["unresolved"] as? [[String: Any]]) ?? [] {
      if let symbol = entry["symbol"] as? String, let index = entry["cause"] as? Int,
        kinds.indices.contains(index)
      {
        causes[symbol] = kinds[index]
      }
    }
    return Checked(
      status: result.status, target: document["target"] as? String, hazards: hazards,
      undefined: Set(undefined), causes: causes)
  }

  /// `check` in the switch's environment (its `bin` first on `PATH`), as a compiler-driver line needs.
  static func checkInSwitch(_ line: [String]) throws -> Checked {
    try check(line, environment: RealToolchain.switchEnvironment)
  }

  /// The names of GNU ld's "undefined reference to `NAME'" lines.
  static func undefinedReferences(_ stderr: String) -> Set<String> {
    Set(
      stderr.split(separator: "\n").compactMap { line in
        guard let start = line.range(of: "undefined reference to `") else { return nil }
        return String(line[start.upperBound...].prefix { $0 != "'" })
      })
  }

  static let hello = "let () = print_endline \"hello from OCaml\"\n"

  /// runtime-mismatch does not get to run time here: ocaml-solo5's runtime in a unix program (the `-toolchain solo5`
  /// complete object linked by gcc) is refused by GNU ld, because its `errno` is a plain variable and glibc's is
  /// thread-local, as the hazard says. The hint's fix, the host ocamlopt, links and runs.
  @Test func freestandingRuntimeInAUnixProgramDoesNotLinkAndTheHostRuntimeRuns() throws {
    let scratch = try Scratch("runtime-mismatch-unix")
    let source = try scratch.write("hello.ml", Self.hello)
    let main = try scratch.compileC(
      "main.o",
      "extern void caml_startup(char **argv);\nint main(int c, char **v) { (void)c; caml_startup(v); return 0; }\n"
    )
    let freestanding = scratch.file("hello.solo5.exe.o")
    try RealToolchain.succeed(
      "ocamlfind",
      ["-toolchain", "solo5", "ocamlopt", "-output-complete-obj", source, "-o", freestanding],
      directory: scratch.path)
    let line = ["gcc", main, freestanding, "-o", scratch.file("hello"), "-lm"]
    let checked = try Self.checkInSwitch(line)
    #expect(checked.status == 1)
    let hazard = try #require(checked.hazards["runtime-mismatch"])
    #expect(
      hazard.contains("ld refuses the link") && hazard.contains("errno")
        && hazard.contains("host ocamlopt"))
    // What only the runtime references (its global stack guard) is the runtime's cause, not "add a library".
    #expect(
      !checked.causes.isEmpty && checked.causes.values.allSatisfy { $0 == "host-runtime" },
      "\(checked.causes)")
    let refused = try Tool.run("gcc", Array(line.dropFirst()))
    #expect(refused.status != 0)
    #expect(
      refused.stderr.contains("errno: TLS definition in")
        && refused.stderr.contains("mismatches non-TLS reference"),
      "\(refused.stderr)")

    let host = try #require(try OCaml5Programs.shared().objects["hello"])
    let fixed = ["gcc", main, host, "-o", scratch.file("hello"), "-lm"]
    let fixedCheck = try Self.checkInSwitch(fixed)
    #expect(fixedCheck.status == 0 && fixedCheck.hazards["runtime-mismatch"] == nil)
    try Tool.succeed("gcc", Array(fixed.dropFirst()))
    #expect(try Tool.succeed(scratch.file("hello"), []).output == "hello\n")
  }

  /// ocaml-solo5's bytecode runtime for spt does not link either: GNU ld's undefined names (`longjmp`, `qsort`…)
  /// are exactly `check`'s, which flags runtime-mismatch. The hint's fix, ocamlopt, boots under solo5-spt.
  @Test func bytecodeRuntimeForSptDoesNotLinkAndNativeCodeBoots() throws {
    let scratch = try Scratch("runtime-mismatch-spt")
    let source = try scratch.write("hello.ml", Self.hello)
    let stdlib = "\(RealToolchain.switchPrefix)/lib/ocaml-solo5/lib/ocaml"
    try scratch.write("startup.c", Self.ocamlStartup)
    try scratch.write(
      "manifest.json", "{\"type\":\"solo5.manifest\",\"version\":1,\"devices\":[]}\n")
    try RealToolchain.succeed(
      "solo5-elftool", ["gen-manifest", scratch.file("manifest.json"), scratch.file("manifest.c")])
    for name in ["startup", "manifest"] {
      try RealToolchain.succeed(
        "x86_64-solo5-ocaml-cc",
        ["-c", "-I", stdlib, scratch.file("\(name).c"), "-o", scratch.file("\(name).o")])
    }
    func build(_ compiler: String, _ object: String) throws -> [String] {
      try RealToolchain.succeed(
        "ocamlfind",
        [
          "-toolchain", "solo5", compiler, "-output-complete-obj", source, "-o",
          scratch.file(object),
        ],
        directory: scratch.path)
      return [
        "x86_64-solo5-ocaml-cc", scratch.file("startup.o"), scratch.file("manifest.o"),
        scratch.file(object),
        "-z", "solo5-abi=spt", "-o", scratch.file("hello.spt"),
      ]
    }
    let bytecode = try build("ocamlc", "hello.byte.o")
    let checked = try Self.checkInSwitch(bytecode)
    #expect(checked.status == 1)
    let hazard = try #require(checked.hazards["runtime-mismatch"])
    #expect(hazard.contains("bytecode") && hazard.contains("compile with ocamlopt"))
    let refused = try RealToolchain.run(bytecode[0], Array(bytecode.dropFirst()))
    #expect(refused.status != 0)
    let undefined = Self.undefinedReferences(refused.stderr)
    #expect(undefined.contains("longjmp"), "\(refused.stderr)")
    #expect(undefined == checked.undefined)

    let native = try build("ocamlopt", "hello.native.o")
    let fixedCheck = try Self.checkInSwitch(native)
    #expect(fixedCheck.status == 0 && fixedCheck.hazards["runtime-mismatch"] == nil)
    try RealToolchain.succeed(native[0], Array(native.dropFirst()))
    let booted = try Tool.run(
      "timeout", ["20", RealToolchain.tool("solo5-spt"), scratch.file("hello.spt")])
    #expect(
      booted.status == 0 && booted.output.contains("hello from OCaml"),
      "\(booted.output)\(booted.stderr)")
  }
}
