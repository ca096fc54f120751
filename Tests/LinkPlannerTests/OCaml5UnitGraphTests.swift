import ElfKit
import Foundation
import LinkPlanner
import TestSupport
import Testing

/// The unit graph and name decoding on OCaml 5's manglings without OCaml 5: objects assembled here with the
/// symbols each release's code generator emits (`middle_end/compilenv.ml`: `caml<Unit>__<name>_<stamp>` up to
/// 5.0, `caml<Unit>.<name>_<stamp>` from 5.1, packed units `Pack.Unit` from 5.1; `asmcomp/x86_proc.ml`: other
/// characters as `$xx`) and the unix primitives' names (`unix_*` in 4.x, `caml_unix_*` from 5.0, Changes #10926).
@Suite struct OCaml5UnitGraphTests {
  /// One mangling era: the separator and the name of the unix primitive behind `Unix.gettimeofday`.
  struct Era: Sendable, CustomTestStringConvertible {
    var name: String
    var separator: String
    var primitive: String
    var testDescription: String { name }
  }

  static let eras = [
    Era(name: "4.14", separator: "__", primitive: "unix_gettimeofday"),
    Era(name: "5.0", separator: "__", primitive: "caml_unix_gettimeofday"),
    Era(name: "5.1+", separator: ".", primitive: "caml_unix_gettimeofday"),
  ]

  /// A complete object in miniature: `caml_program` initialises Unix, UnixLabels (which refers to Unix) and
  /// Main, whose `tick` calls the unix primitive directly, as an `external` compiles to (`lea PRIM; call
  /// caml_c_call`). Main refers to no symbol of Unix itself.
  static func program(_ era: Era) -> String {
    func symbol(_ unit: String, _ name: String) -> String {
      "\"caml\(unit)\(era.separator)\(name)\""
    }
    func function(_ name: String, _ body: [String]) -> String {
      ([".globl \(name)", ".type \(name),@function", "\(name):"] + body.map { "\t\($0)" } + [
        "\tret", ".size \(name), .-\(name)",
      ])
      .joined(separator: "\n") + "\n"
    }
    func unit(_ unit: String, entry: [String], functions: [(String, [String])] = []) -> String {
      ".globl \(symbol(unit, "code_begin"))\n\(symbol(unit, "code_begin")):\n\tnop\n"
        + function(symbol(unit, "entry"), entry)
        + functions.map { function(symbol(unit, $0.0), $0.1) }.joined()
    }
    return ".text\n"
      + function(
        "caml_program",
        [
          "call \(symbol("Unix", "entry"))", "call \(symbol("UnixLabels", "entry"))",
          "call \(symbol("Main", "entry"))",
        ])
      + unit(
        "Unix", entry: [],
        functions: [("gettimeofday_101", ["lea \(era.primitive)(%rip), %rax", "jmp caml_c_call"])])
      + unit("UnixLabels", entry: ["lea \(symbol("Unix", "gettimeofday_101"))(%rip), %rax"])
      + unit(
        "Main", entry: ["call \(symbol("Main", "tick_7"))"],
        functions: [("tick_7", ["lea \(era.primitive)(%rip), %rax", "call caml_c_call"])])
  }

  static func graph(_ era: Era) throws -> OCamlUnitGraph {
    let scratch = try Scratch("ocaml5-graph")
    let source = try scratch.write("program.s", program(era))
    try Tool.succeed("gcc", ["-c", "-o", scratch.file("program.o"), source])
    let symbols = try Tool.succeed("nm", [scratch.file("program.o")]).output
    #expect(symbols.contains("U \(era.primitive)"), "the assembler kept the primitive: \(symbols)")
    return try OCamlUnitGraph.build(from: [try RuntimeTestFiles.object(scratch.file("program.o"))])
  }

  @Test(arguments: eras)
  func whyUnixStartsAtTheProgramsOwnUnit(_ era: Era) throws {
    let graph = try Self.graph(era)
    #expect(graph.initialisationOrder == ["Unix", "UnixLabels", "Main"])
    // The runtime's caml_c_call is no library primitive; the unix one is, whatever its prefix.
    #expect(graph.cReferences["Main"] == [era.primitive])
    let stubs = OCamlStubOwnership.cFunctions(
      of: "Unix", among: Set(graph.cReferences.values.joined()))
    #expect(stubs == [era.primitive])
    #expect(graph.chain(to: "Unix", orCFunctions: stubs) == ["Main", era.primitive])
    #expect(graph.referrers(of: "Unix", orCFunctions: stubs) == ["Main", "UnixLabels"])
  }

  @Test func symbolCategoriesOfLibraryPrimitives() {
    for name in ["unix_gettimeofday", "uerror", "caml_unix_gettimeofday", "caml_uerror"] {
      #expect(SymbolCategory.of(name) == .ocamlUnix, "\(name)")
    }
    for name in ["caml_thread_initialize", "caml_mutex_lock", "caml_wait_signal"] {
      #expect(SymbolCategory.of(name) == .ocamlThreads, "\(name)")
    }
    // 5.x's Mutex and Condition are the standard library's, their primitives the runtime's.
    #expect(SymbolCategory.of("caml_ml_mutex_lock") == .ocamlRuntime)
    #expect(SymbolCategory.of("re_search_forward") == .ocamlStr)
  }

  @Test func decodesEveryMangling() {
    let names = [
      "camlMain__code_begin", "camlLib__Mod__code_begin", "camlMain.code_begin",
      "camlLib__Mod.code_begin",
      "camlPack.Inner.code_begin",
    ]
    let decoder = OCamlNameDecoder(units: OCamlNameDecoder.units(in: names))
    // 4.x and 5.0: dune's `__` inside the unit name is told apart by the known units.
    #expect(decoder.decode("camlLib__Mod__frobnicate_42")?.unit == "Lib__Mod")
    #expect(decoder.decode("camlLib__Mod__frobnicate_42")?.demangled == "Lib.Mod.frobnicate")
    // 5.1+: `.` separates, and a packed unit (`-for-pack Pack`) is `Pack.Inner`.
    #expect(decoder.decode("camlLib__Mod.frobnicate_42")?.demangled == "Lib.Mod.frobnicate")
    #expect(decoder.decode("camlPack.Inner.helper_3")?.unit == "Pack.Inner")
    #expect(decoder.decode("camlPack.Inner.helper_3")?.name == "helper")
    // `$xx` escapes: operators, and flambda's anonymous functions named after their location.
    #expect(decoder.decode("camlMain.$40$40_12")?.name == "@@")
    #expect(decoder.decode("camlMain__$2b$2b_9")?.name == "++")
    #expect(
      decoder.decode("camlMain.anon_fn$5bmain.ml$3a3$2c8$2d$2d20$5d_273")?.name
        == "anon_fn[main.ml:3,8--20]")
    // Markers name the unit alone; the runtime's own names are not OCaml units.
    #expect(decoder.decode("camlPack.Inner.frametable")?.demangled == "Pack.Inner")
    #expect(decoder.decode("caml_unix_gettimeofday") == nil)
  }

  /// Compiled OCaml that needs a runtime name (an `-output-obj` object) lacks the runtime; it is no host runtime.
  @Test func runtimeNamesNeededByOCamlCodeMeanTheRuntimeIsMissing() throws {
    let scratch = try Scratch("ocaml5-missing-runtime")
    let source = try scratch.write("program.s", Self.program(Self.eras[2]))
    try Tool.succeed("gcc", ["-c", "-o", scratch.file("program.o"), source])
    let line = ["ld", "-static", "-e", "caml_program", "-o", "out", "program.o"]
    let ld = try LinkerVerdict.run("ld", Array(line.dropFirst()), directory: scratch.path)
    #expect(ld.undefined == ["caml_c_call", "caml_unix_gettimeofday"], "ld said: \(ld.stderr)")
    let result = try LinkCheckExecutable.run(
      ["check", "--target", "spt", "--format", "json", "--"] + line, directory: scratch.path)
    let report = try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    let unresolved = try #require(report["unresolved"] as? [[String: Any]])
    #expect(Set(unresolved.compactMap { $0["symbol"] as? String }) == ld.undefined)
    let hint = unresolved.first { $0["symbol"] as? String == "caml_c_call" }?["hint"] as? String
    #expect(hint?.hasPrefix("the OCaml runtime is missing") == true, "\(hint ?? "no hint")")
  }
}
