import Foundation
import TestSupport
import Testing

/// A nolibc stub warns only when the program's code reaches it (first tier: assembled objects, no toolchain). The
/// runtime's primitives refer to stubs; OCaml code calls a primitive directly, so one nothing refers to is dead.
@Suite struct NolibcStubReachTests {
  /// A runtime-like object: three primitives, each calling a stub, and the code generator's `caml_c_call`.
  static let runtime = """
      .text
      .globl caml_c_call
      .type caml_c_call, @function
    caml_c_call: jmp *%rax
      .size caml_c_call, .-caml_c_call
      .globl caml_sys_chdir
      .type caml_sys_chdir, @function
    caml_sys_chdir: call chdir
      ret
      .size caml_sys_chdir, .-caml_sys_chdir
      .globl caml_sys_rename
      .type caml_sys_rename, @function
    caml_sys_rename: call rename
      ret
      .size caml_sys_rename, .-caml_sys_rename
      .globl caml_ml_close_channel
      .type caml_ml_close_channel, @function
    caml_ml_close_channel: call close
      ret
      .size caml_ml_close_channel, .-caml_ml_close_channel
    """

  /// OCaml's code for unit `Main` (untyped symbols, as ocamlopt emits them): its top level calls the rename
  /// primitive as an `external` is called, `lea caml_sys_rename(%rip),%rax; call caml_c_call`.
  static let program = """
      .text
      .globl camlMain.code_begin
    camlMain.code_begin:
      .globl camlMain.entry
    camlMain.entry:
      lea caml_sys_rename(%rip), %rax
      call caml_c_call
      ret
      .globl _start
    _start: call camlMain.entry
      .data
      .globl camlMain.data_begin
    camlMain.data_begin: .quad 0
    """

  /// C of the program that stores the close primitive's address, and a stub's, in a table: their callers cannot
  /// be told.
  static let table = """
      .data
      .globl hooks
      .type hooks, @object
    hooks: .quad caml_ml_close_channel, getcwd
      .size hooks, 16
    """

  /// nolibc's stubs (`libnolibc.a`, as ocaml-solo5 names it).
  static let stubs = """
      .text
      .globl chdir, rename, close, getcwd
    getcwd:
    chdir:
    rename:
    close: ud2
    """

  @Test func onlyStubsTheProgramReachesWarnWithTheirPath() throws {
    let scratch = try Scratch("stub-reach")
    for (name, source) in [
      ("runtime", Self.runtime), ("main", Self.program), ("table", Self.table),
      ("stubs", Self.stubs),
    ] {
      let file = try scratch.write("\(name).s", source)
      try Tool.succeed("as", ["--64", "-o", scratch.file("\(name).o"), file])
    }
    try scratch.archive("libnolibc.a", [scratch.file("stubs.o")])
    let line = ["ld", "main.o", "table.o", "runtime.o", "libnolibc.a", "-o", "out"]
    // The oracle: the line links (every stub resolves).
    let ld = try LinkerVerdict.run("ld", Array(line.dropFirst()), directory: scratch.path)
    #expect(ld.status == 0 && ld.undefined.isEmpty, "\(ld)")

    let result = try LinkCheckExecutable.run(
      ["check", "--target", "spt", "--format", "json", "--"] + line, directory: scratch.path)
    let report = try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderr)")
    let hazards = try #require(report["hazards"] as? [[String: Any]])
    let stub = try #require(hazards.first { $0["kind"] as? String == "nolibc-stub" })
    let message = try #require(stub["message"] as? String)
    #expect(
      message.contains(
        "rename (aborts) from `Main`'s top level (camlMain.entry in main.o) → caml_sys_rename → rename"
      ),
      "\(message)")
    #expect(
      message.contains(
        "close (aborts) from a pointer in .data of table.o (in hooks) → caml_ml_close_channel → close"
      ),
      "\(message)")
    #expect(
      message.contains("getcwd (aborts) from a pointer in .data of table.o (in hooks) → getcwd"))
    #expect(!message.contains("chdir"), "\(message)")
    let unreached = try #require(report["unreachedStubs"] as? [[String: Any]])
    #expect(unreached.count == 1)
    #expect(unreached.first?["symbol"] as? String == "chdir")
    #expect(unreached.first?["kind"] as? String == "nolibc-stub")
    #expect(unreached.first?["referencedBy"] as? [String] == ["caml_sys_chdir"])

    let details = try LinkCheckExecutable.run(
      ["check", "--target", "spt", "--details", "--"] + line, directory: scratch.path)
    #expect(
      details.output.contains(
        "note: nolibc stubs only code the program never reaches refers to (no warning): chdir ← caml_sys_chdir\n"
      ), "\(details.output)")
  }
}
