import Foundation
import LinkPlanner
import TestSupport
import Testing

/// The `tls` hazard follows the Solo5 bindings on the line: Solo5 has TLS from 0.8.0, whose bindings define
/// `solo5_tls_init` (hvt/spt ABI version 2); every release starts the program with the TLS base at 0, so a program
/// must call `solo5_set_tls_base`. Run-time proofs: `HazardRunTimeTests` (second tier).
@Suite struct TLSHazardTests {
  /// A bindings object: the ABI1 note for `abiTarget`/`version`, `solo5_set_tls_base`, and `solo5_tls_init` when
  /// `withTLS` (as `nm` must show).
  static func bindings(_ scratch: Scratch, abiTarget: Int, version: Int, withTLS: Bool) throws
    -> String
  {
    let object = try scratch.compileC(
      "solo5_bindings.o",
      """
      int solo5_set_tls_base(unsigned long base) { return (int)base; }
      #ifdef WITH_TLS
      int solo5_tls_init(unsigned long tls) { return (int)tls; }
      #endif
      __asm__(".pushsection .note.solo5.abi,\\"a\\",%note\\n.balign 4\\n.long 6\\n.long 16\\n.long 0x31494241\\n"
              ".asciz \\"Solo5\\"\\n.balign 4\\n.long \(abiTarget),\(version),0,0\\n.popsection\\n");
      """,
      flags: withTLS ? ["-DWITH_TLS"] : [])
    let defined = try Tool.succeed("nm", ["--defined-only", object]).output.contains(
      " T solo5_tls_init")
    try #require(defined == withTLS, "nm: solo5_tls_init defined \(defined)")
    return object
  }

  /// An application with a `__thread` variable, calling `solo5_set_tls_base` when `setsUp`.
  static func application(_ scratch: Scratch, setsUp: Bool) throws -> String {
    try scratch.compileC(
      "app.o",
      """
      int solo5_set_tls_base(unsigned long base);
      __thread long counter = 41;
      long solo5_app_main(void) {
      #ifdef SETS_UP
        solo5_set_tls_base(0x1000);
      #endif
        return ++counter;
      }
      """,
      flags: setsUp ? ["-DSETS_UP"] : [])
  }

  static func tlsHazard(_ inputs: [String], in scratch: Scratch, target: Target = .spt) throws
    -> Hazard?
  {
    let line = try LinkerCommandLine(["ld", "-e", "solo5_app_main"] + inputs).line
    let resolution = try Resolver(
      line: line, defaults: try LinkerDefaults.query(linker: "ld"), workingDirectory: scratch.path
    ).resolve()
    return try CheckAnalyzer(resolution: resolution, target: target).report().hazards.first {
      $0.kind == "tls"
    }
  }

  /// The `tls` hazard of bindings (`abiTarget`, `version`, `withTLS`) and an application (`setsUp`) linked for
  /// `target`.
  static func tlsHazard(
    abiTarget: Int = 2, version: Int, withTLS: Bool, setsUp: Bool, target: Target = .spt
  ) throws -> Hazard? {
    let scratch = try Scratch("tls-hazard")
    let inputs = [
      try bindings(scratch, abiTarget: abiTarget, version: version, withTLS: withTLS),
      try application(scratch, setsUp: setsUp),
    ]
    return try tlsHazard(inputs, in: scratch, target: target)
  }

  @Test func bindingsWithoutTLSAreAnError() throws {
    let hazard = try #require(try Self.tlsHazard(version: 1, withTLS: false, setsUp: true))
    #expect(hazard.level == .error)
    #expect(
      hazard.message.contains(
        "do not define solo5_tls_init; their ABI1 note says spt ABI version 1"))
    #expect(hazard.hint?.contains("use Solo5 0.8.0 or later") == true)
  }

  /// virtio's ABI version is 1 in every release: only the missing `solo5_tls_init` tells.
  @Test func virtioBindingsWithoutTLSNameNoABIVersion() throws {
    let hazard = try #require(
      try Self.tlsHazard(abiTarget: 3, version: 1, withTLS: false, setsUp: true, target: .virtio))
    #expect(hazard.level == .error && !hazard.message.contains("ABI version"))
  }

  @Test func bindingsWithTLSAndASetUpAreNoHazard() throws {
    #expect(try Self.tlsHazard(version: 2, withTLS: true, setsUp: true) == nil)
  }

  @Test func bindingsWithTLSButNoSetUpAreAWarning() throws {
    let hazard = try #require(try Self.tlsHazard(version: 2, withTLS: true, setsUp: false))
    #expect(
      hazard.level == .warning
        && hazard.message.contains("nothing on the line calls solo5_set_tls_base"))
  }

  @Test func noBindingsObjectIsALowerConfidenceWarning() throws {
    let scratch = try Scratch("tls-hazard")
    let hazard = try #require(
      try Self.tlsHazard([try Self.application(scratch, setsUp: true)], in: scratch))
    #expect(hazard.level == .warning && hazard.message.contains("cannot be told"))
    #expect(hazard.hint?.contains("Solo5 0.8.0 or later") == true)
  }
}
