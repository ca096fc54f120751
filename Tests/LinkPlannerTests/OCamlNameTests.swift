import ElfKit
import LinkPlanner
import Testing
import TestSupport

@Suite struct OCamlNameTests {
  @Test func decodesUnitsOfARealCompleteObject() throws {
    let scratch = try Scratch("ocaml")
    let object = try scratch.completeOCamlObject(
      "prog.exe.o",
      modules: [
        ("mylib__Helpers", "let twice x = x * 2\nlet greet name = print_endline (\"hi \" ^ name)\n"),
        ("main", "let () = Mylib__Helpers.greet (string_of_int (Mylib__Helpers.twice 21))\n"),
      ])
    guard case .object(let file) = try BinaryFile.open(path: object) else { throw ToolFailure(description: "not ELF") }
    let names = try #require(try file.symbolTable()).symbols.map(\.name.string)
    let units = OCamlNameDecoder.units(in: names)
    #expect(units.isSuperset(of: ["Mylib__Helpers", "Main", "Stdlib"]))
    let decoder = OCamlNameDecoder(units: units)
    let twice = try #require(names.first { $0.hasPrefix("camlMylib__Helpers__twice_") })
    let decoded = try #require(decoder.decode(twice))
    #expect(decoded.unit == "Mylib__Helpers")
    #expect(decoded.name == "twice")
    #expect(decoded.demangled == "Mylib.Helpers.twice")
    #expect(decoder.decode("caml_alloc_shr") == nil)
    #expect(decoder.decode("memcpy") == nil)
    #expect(decoder.decode("camlMain__entry")?.demangled == "Main")
  }

  @Test func decodesTheOCaml51Mangling() {
    let decoder = OCamlNameDecoder(units: OCamlNameDecoder.units(in: ["camlLib__Mod.code_begin", "camlLib.code_begin"]))
    #expect(decoder.decode("camlLib__Mod.frobnicate_42")?.demangled == "Lib.Mod.frobnicate")
    #expect(decoder.decode("camlLib__Mod.$2a$2a_7")?.name == "**")
    #expect(decoder.decode("camlOther.f_1")?.unit == "Other")
  }
}
