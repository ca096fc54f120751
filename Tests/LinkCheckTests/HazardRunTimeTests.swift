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

    /// The ld line Solo5's `x86_64-solo5-none-static-ld -z solo5-abi=spt` runs, with `bindings` for `-l:`.
    /// `libraries` after the objects (ocaml-solo5 adds its nolibc and openlibm in a group).
    func linkerLine(bindingsFolder: String? = nil, libraries: [String] = []) -> [String] {
      [
        "ld", "-nostdlib", "-L", bindingsFolder ?? bindings, "-z", "max-page-size=0x1000",
        "-static", "-T", "\(bindings)/solo5_spt.lds",
        "-l:solo5_spt.o", scratch.file("app.o"), scratch.file("manifest.o"),
      ] + libraries + ["-o", scratch.file("app.spt")]
    }

    /// `check --format json -- LINE`: the hazard kinds and messages.
    func check(_ line: [String]) throws -> (target: String?, hazards: [String: String]) {
      let result = try LinkCheckExecutable.run(["check", "--format", "json", "--"] + line)
      let document = try #require(
        try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderr)")
      var hazards: [String: String] = [:]
      for hazard in (document["hazards"] as? [[String: Any]]) ?? [] {
        hazards[hazard["kind"] as? String ?? ""] =
          "\(hazard["message"] ?? "") \(hazard["hint"] ?? "")"
      }
      return (document["target"] as? String, hazards)
    }

    /// Links with ld and runs the program under `solo5-spt`.
    func run(_ line: [String]) throws -> ToolResult {
      try Tool.succeed("ld", Array(line.dropFirst()))
      return try Tool.run(
        "timeout", ["20", RealToolchain.tool("solo5-spt"), scratch.file("app.spt")])
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
    let nolibc = ["-L", "\(RealToolchain.switchPrefix)/lib/ocaml-solo5/lib", "--start-group", "-lnolibc", "-lopenlibm", "--end-group"]
    let stubbed = try Unikernel(source: source, flags: ["-fno-stack-protector"])
    let hazard = try #require(try stubbed.check(stubbed.linkerLine(libraries: nolibc)).hazards["nolibc-stub"])
    #expect(hazard.contains("rename"))
    let aborted = try stubbed.run(stubbed.linkerLine(libraries: nolibc))
    #expect(aborted.output.contains("STUB: abort: rename() called"), "\(aborted.output)")
    #expect(!aborted.output.contains("booted"))

    let fixed = try Unikernel(source: source, flags: ["-fno-stack-protector", "-DFIXED"])
    #expect(try fixed.check(fixed.linkerLine(libraries: nolibc)).hazards["nolibc-stub"] == nil)
    let booted = try fixed.run(fixed.linkerLine(libraries: nolibc))
    #expect(booted.status == 0 && booted.output.contains("booted"), "\(booted.stderr)")
  }
}
