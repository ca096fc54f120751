import ElfKit
import Foundation
import LinkPlanner
import TestSupport
import Testing

/// ld's TLS relaxation beyond the x86_64 scenarios of `ResolverOracleTests`: the symbol stays undefined long
/// enough to extract an archive member, i386 relaxes `___tls_get_addr` alike, and aarch64's TLS descriptors
/// refer to no resolver symbol at all. Each expectation is what the real linker does with the same files.
@Suite struct TLSRelaxationTests {
  static let access = "extern __thread int x; int f(void) { return x; } void _start(void) { f(); }"
  static let variable = "__thread int x = 3;"

  static func resolve(_ arguments: [String], in directory: String) throws -> Resolution {
    let line = try LinkerCommandLine(["ld"] + arguments, responseFileDirectory: directory).line
    return try Resolver(
      line: line, defaults: try LinkerDefaults.query(linker: "ld"), workingDirectory: directory
    ).resolve()
  }

  @Test func relaxedCallStillExtractsTheArchiveMemberDefiningIt() throws {
    let scratch = try Scratch("tls")
    try scratch.compileC("tls.o", Self.access, flags: ["-fPIC"])
    try scratch.compileC("var.o", Self.variable, flags: ["-fPIC"])
    let provider = try scratch.compileC("tga.o", "void *__tls_get_addr(void *p) { return p; }")
    try scratch.archive("libtga.a", [provider])
    let arguments = ["-static", "tls.o", "var.o", "libtga.a"]
    try Tool.succeed("ld", arguments + ["-o", "out", "-Map", "out.map"], directory: scratch.path)
    let map = try String(contentsOfFile: scratch.file("out.map"), encoding: .utf8)
    #expect(map.contains("libtga.a(tga.o)"), "ld's map: \(map.prefix(400))")
    let resolution = try Self.resolve(arguments, in: scratch.path)
    #expect(resolution.unresolved.isEmpty)
    #expect(
      resolution.extractions.map { "\($0.member):\($0.symbol ?? "")" } == ["tga.o:__tls_get_addr"])
  }

  @Test(arguments: [["-static"], ["-shared", "-z", "defs"]])
  func i386RelaxesTripleUnderscoreTLSGetAddr(_ mode: [String]) throws {
    let scratch = try Scratch("tls32")
    try scratch.compileC("tls.o", Self.access, flags: ["-fPIC"], target: "i386-linux-gnu")
    try scratch.compileC("var.o", Self.variable, flags: ["-fPIC"], target: "i386-linux-gnu")
    let arguments = ["-m", "elf_i386"] + mode + ["tls.o", "var.o"]
    let ld = try LinkerVerdict.run("ld", arguments + ["-o", "out"], directory: scratch.path)
    #expect(
      ld.undefined == (mode == ["-static"] ? [] : ["___tls_get_addr"]), "ld said: \(ld.stderr)")
    let resolution = try Self.resolve(arguments, in: scratch.path)
    #expect(Set(resolution.unresolved.map(\.name)) == ld.undefined)
  }

  @Test(arguments: [["-static"], ["-pie"], ["-shared", "-z", "defs"]])
  func aarch64DescriptorsReferNoResolverSymbol(_ mode: [String]) throws {
    let scratch = try Scratch("tlsdesc")
    let object = try scratch.compileC(
      "tls.o", Self.access, flags: ["-fPIC"], target: "aarch64-linux-gnu")
    try scratch.compileC("var.o", Self.variable, flags: ["-fPIC"], target: "aarch64-linux-gnu")
    let relocations = try Tool.succeed("readelf", ["-rW", object]).output
    #expect(relocations.contains("R_AARCH64_TLSDESC_CALL"))
    #expect(!relocations.contains("tls_get_addr") && !relocations.contains("_dl_tlsdesc"))
    let arguments = mode + ["tls.o", "var.o"]
    let lld = try LinkerVerdict.run("ld.lld", arguments + ["-o", "out"], directory: scratch.path)
    #expect(lld.status == 0 && lld.undefined.isEmpty, "ld.lld said: \(lld.stderr)")
    let resolution = try Self.resolve(arguments, in: scratch.path)
    #expect(resolution.unresolved.isEmpty)
  }
}
