import ElfKit
import Foundation
import LinkPlanner
import TestSupport
import Testing

/// The `tls-stack-guard` hazard is decided per function: the functions it names are exactly those `objdump -d`
/// shows reading the guard from `%fs:0x28` and calling `__stack_chk_fail`.
@Suite struct StackGuardHazardTests {
  /// Issue 14's case: a freestanding runtime (global guard, so the object does reference `__stack_chk_guard`)
  /// and Debian's host-compiled `libcamlstr.a` in one complete object. Per object this looked fine.
  @Test func hostLibraryInsideAFreestandingObjectIsFlagged() throws {
    let library = "/usr/lib/ocaml/libcamlstr.a"
    try #require(
      FileManager.default.fileExists(atPath: library), "Debian's ocaml package provides \(library)")
    let scratch = try Scratch("stack-guard")
    let freestanding = try scratch.compileC(
      "runtime.o",
      "char *g(char *); int caml_runtime_fn(int n) { char buf[64]; buf[0] = (char)n; return *g(buf); }\nvoid _start(void) {}\n",
      flags: ["-fstack-protector-all", "-mstack-protector-guard=global"])
    let complete = scratch.file("complete.o")
    try Tool.succeed("ld", ["-r", "-o", complete, freestanding, "--whole-archive", library])
    let flagged = try flaggedFunctions(checking: complete, in: scratch.path)
    let expected = try Self.functionsReadingTLSGuard(complete)
    #expect(expected.contains("re_match"), "objdump shows re_match reading %fs:0x28")
    #expect(flagged == expected)
    #expect(!flagged.contains("caml_runtime_fn"))
  }

  /// A freestanding object alone (global guard only) is not flagged.
  @Test func globalGuardIsNotFlagged() throws {
    let scratch = try Scratch("stack-guard")
    let object = try scratch.compileC(
      "runtime.o",
      "char *g(char *); int f(int n) { char buf[64]; buf[0] = (char)n; return *g(buf); }\nvoid _start(void) {}\n",
      flags: ["-fstack-protector-all", "-mstack-protector-guard=global"])
    #expect(try Self.functionsReadingTLSGuard(object).isEmpty)
    #expect(try flaggedFunctions(checking: object, in: scratch.path).isEmpty)
  }

  /// The functions the hazard names for `object` linked for hvt.
  private func flaggedFunctions(checking object: String, in directory: String) throws -> Set<String>
  {
    let line = try LinkerCommandLine(["ld", object]).line
    let resolution = try Resolver(
      line: line, defaults: try LinkerDefaults.query(linker: "ld"), workingDirectory: directory
    ).resolve()
    let report = try CheckAnalyzer(resolution: resolution, target: .hvt).report()
    guard let hazard = report.hazards.first(where: { $0.kind == "tls-stack-guard" }) else {
      return []
    }
    // The message lists "f, g (origin) in OBJECT"; a name counts where it stands as a whole word.
    let words = Set(hazard.message.split(whereSeparator: { " ,:()".contains($0) }).map(String.init))
    return Set(try Self.functionNames(in: object).filter { words.contains($0) })
  }

  private static func functionNames(in object: String) throws -> [String] {
    let output = try Tool.succeed("nm", ["--defined-only", object]).output
    return output.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: " ")
      return fields.count == 3 && "tT".contains(fields[1]) ? String(fields[2]) : nil
    }
  }

  /// From `objdump -dr`: the functions with both a `%fs:0x28` operand and a relocation to `__stack_chk_fail`.
  static func functionsReadingTLSGuard(_ object: String) throws -> Set<String> {
    let output = try Tool.succeed("objdump", ["-dr", "--no-show-raw-insn", object]).output
    var current: String?
    var readsGuard = Set<String>()
    var callsFail = Set<String>()
    for line in output.split(separator: "\n") {
      if line.hasSuffix(">:"), let open = line.firstIndex(of: "<") {
        current = String(line[line.index(after: open)..<line.index(line.endIndex, offsetBy: -2)])
      } else if let current {
        if line.contains("%fs:0x28") { readsGuard.insert(current) }
        if line.contains("__stack_chk_fail") { callsFail.insert(current) }
      }
    }
    return readsGuard.intersection(callsFail)
  }
}
