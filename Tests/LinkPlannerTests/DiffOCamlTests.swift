import LinkPlanner
import Testing
import TestSupport

/// Two builds of one OCaml program, the second linking `unix`: what `-output-complete-obj` puts in the object.
@Suite struct DiffOCamlTests {
  private func build(_ label: String, _ source: String, packages: [String]) throws -> (Scratch, String) {
    let scratch = try Scratch(label)
    return (scratch, try scratch.completeOCamlObject("prog.o", modules: [("main", source)], packages: packages))
  }

  @Test func aProgramThatStartsUsingUnix() throws {
    let (oldScratch, old) = try build("ocaml-v1", DiffRecipes.programV1, packages: [])
    let (newScratch, new) = try build("ocaml-v2", DiffRecipes.programV2, packages: ["unix"])
    defer { withExtendedLifetime((oldScratch, newScratch)) {} }

    let report = try DiffReport(old: old, new: new, filter: DiffFilter())
    let oldRows = try NMSymbols.rows(old)
    let newRows = try NMSymbols.rows(new)
    let expected = NMExpectation(old: oldRows, new: newRows)
    #expect(NMExpectation(report) == expected)
    // NEW now needs `time` (Unix.time) and much else of the C library from the target.
    #expect(expected.newUndefined.contains("time"))
    #expect(expected.newUndefined.count > 20)
    #expect(report.status.contains(.incompatible))

    // Grouped by compilation unit: the Unix unit is new, its count as nm lists its symbols.
    let file = try #require(report.files.first)
    let units = Dictionary(uniqueKeysWithValues: file.units.map { ($0.unit, $0) })
    // The unit's symbols: its module block `camlUnix` and the `camlUnix__*` names (not `camlUnixLabels…`).
    func isUnix(_ name: String) -> Bool { name == "camlUnix" || name.hasPrefix("camlUnix__") }
    let unixSymbols = newRows.filter { $0.isExternal && isUnix($0.name) }.count
    #expect(unixSymbols > 50)
    #expect(units["Unix"]?.added == unixSymbols)
    #expect(units["Unix"]?.removed == 0)
    #expect(units["Main"] != nil)
    #expect(file.changes.filter { $0.unit == "Unix" }.allSatisfy { isUnix($0.name) })
    #expect(file.changes.first { $0.name == "time" }?.unit == nil)
    // NEW is bigger, the unit's frame table among the largest growths.
    #expect(file.size.newTotal > file.size.oldTotal)
    #expect(file.size.growth.prefix(10).contains { $0.name == "camlUnix__frametable" })
  }
}
