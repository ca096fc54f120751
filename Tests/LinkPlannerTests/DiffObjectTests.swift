import LinkPlanner
import Testing
import TestSupport

/// `DiffReport` on two versions of one object, checked against what nm says of both.
@Suite struct DiffObjectTests {
  @Test func cLibraryChangesMatchNm() throws {
    let scratch = try Scratch("diff")
    let (old, new) = try buildLibraryVersions(scratch)
    let report = try DiffReport(old: old, new: new, filter: DiffFilter())
    let expected = NMExpectation(old: try NMSymbols.rows(old), new: try NMSymbols.rows(new))
    #expect(NMExpectation(report) == expected)
    // The oracle is not vacuous: every kind of change is there.
    #expect(expected.added == ["api_new", "call_reference", "ext_new", "printf"])
    #expect(expected.removed == ["api_old", "ext_gone"])
    #expect(expected.changed.isSuperset(of: ["api", "becomes_reference", "buffer", "counter", "table", "to_weak"]))
    #expect(expected.newUndefined == ["becomes_reference", "ext_new", "printf"])
    #expect(expected.removedDefinitions == ["api_old", "becomes_reference"])
    #expect(report.status == [.changed, .incompatible])
  }

  @Test func attributesSayWhatChanged() throws {
    let scratch = try Scratch("diff")
    let (old, new) = try buildLibraryVersions(scratch)
    let file = try #require(try DiffReport(old: old, new: new, filter: DiffFilter()).files.first)
    func attributes(_ name: String) -> [SymbolAttribute]? { file.changes.first { $0.name == name }?.attributes }
    #expect(attributes("to_weak") == [.binding])
    #expect(attributes("table") == [.section])
    #expect(attributes("buffer") == [.size])
    #expect(attributes("counter") == [.size])
    #expect(attributes("becomes_reference")?.first == .definition)
    #expect(attributes("stays") == nil)
    // The headline entries do not come again among the other changes.
    let others = Set(file.otherChanges.map(\.name))
    #expect(others.isDisjoint(with: ["printf", "ext_new", "api_old", "becomes_reference"]))
    #expect(others.isSuperset(of: ["api", "api_new", "to_weak", "ext_gone"]))
    // Sizes as bloat-o-meter: totals of the definitions and the biggest growth first.
    let oldTotal = try NMSymbols.rows(old).filter { $0.isExternal && !$0.isUndefined }.reduce(0) { $0 + $1.size }
    #expect(file.size.oldTotal == oldTotal)
    #expect(file.size.growth.first?.name == "buffer")
    #expect(file.size.growth.first?.delta == 48)
    #expect(file.size.growth.map(\.delta) == file.size.growth.map(\.delta).sorted(by: >))
  }

  @Test func visibilityAndTypeChanges() throws {
    let scratch = try Scratch("diff")
    let old = try scratch.compileC("v1/vis.o", "int shown(void) { return 1; }\nint thing = 1;\n")
    let new = try scratch.compileC(
      "v2/vis.o", "__attribute__((visibility(\"hidden\"))) int shown(void) { return 1; }\nint thing(void) { return 1; }\n")
    let visibility = try ReadElf.symbols(new).first { $0.name == "shown" }?.visibility
    #expect(visibility == "HIDDEN")
    let file = try #require(try DiffReport(old: old, new: new, filter: DiffFilter()).files.first)
    #expect(file.changes.map(\.name) == ["shown", "thing"])
    #expect(file.changes[0].attributes == [.visibility])
    #expect(file.changes[1].attributes.starts(with: [.type, .section]))
    #expect(file.newUndefined.isEmpty && file.removedDefinitions.isEmpty)
  }

  @Test func repeatedLocalNamesMatchInOrder() throws {
    let scratch = try Scratch("diff")
    func combined(_ version: String, secondHelper: String) throws -> String {
      let first = try scratch.compileC(
        "\(version)/a.o", "static int helper(int x) { return x + 1; }\nint a(int x) { return helper(x); }\n",
        flags: ["-O0"])
      let second = try scratch.compileC(
        "\(version)/b.o", "static int helper(int x) { return \(secondHelper); }\nint b(int x) { return helper(x); }\n",
        flags: ["-O0"])
      let output = scratch.file("\(version)/combined.o")
      try Tool.succeed("ld", ["-r", "-o", output, first, second])
      return output
    }
    let old = try combined("v1", secondHelper: "x + 2")
    let new = try combined("v2", secondHelper: "x * x * x + x * 7 - 3")
    let helpers = try NMSymbols.rows(new).filter { $0.name == "helper" }
    #expect(helpers.count == 2)

    // Locals are hidden by default: nothing global changed.
    let hidden = try DiffReport(old: old, new: new, filter: DiffFilter())
    #expect(hidden.files.isEmpty && hidden.status == [])

    let report = try DiffReport(old: old, new: new, filter: DiffFilter(includeLocals: true))
    let changes = try #require(report.files.first).changes
    #expect(changes.count == 1, "\(changes)")
    let change = try #require(changes.first)
    #expect(change.name == "helper" && change.attributes == [.size])
    // The second `helper` of the table, matched with the second.
    let oldIndices = try ReadElf.symbols(old).filter { $0.name == "helper" }.map(\.index)
    #expect(change.old?.index == oldIndices.max())
    #expect(report.status == [.changed])
  }

  @Test func aLocalTurnedGlobalIsABindingChange() throws {
    let scratch = try Scratch("diff")
    let old = try scratch.compileC("v1/f.o", "static int f(void) { return 1; }\nint (*use)(void) = f;\n")
    let new = try scratch.compileC("v2/f.o", "int f(void) { return 1; }\nint (*use)(void) = f;\n")
    let file = try #require(try DiffReport(old: old, new: new, filter: DiffFilter()).files.first)
    #expect(file.changes.map(\.kind) == [.changed])
    #expect(file.changes.first?.attributes == [.binding])
    // Back again: a global definition gone, though the symbol is still there, local.
    let back = try #require(try DiffReport(old: new, new: old, filter: DiffFilter()).files.first)
    #expect(back.removedDefinitions.map(\.name) == ["f"])
    #expect(back.otherChanges.map(\.name) == ["f"])
  }

  @Test func filtersApplyToReportAndStatus() throws {
    let scratch = try Scratch("diff")
    let (old, new) = try buildLibraryVersions(scratch)
    let rows = (old: try NMSymbols.rows(old), new: try NMSymbols.rows(new))
    let cases: [(DiffFilter, (NMSymbols.Row) -> Bool)] = [
      (DiffFilter(scope: .undefinedOnly), { $0.isExternal && $0.isUndefined }),
      (DiffFilter(scope: .definedOnly), { $0.isExternal && !$0.isUndefined }),
      (DiffFilter(pattern: "api*"), { $0.isExternal && $0.name.hasPrefix("api") }),
      (DiffFilter(pattern: "*_re[f]erence"), { $0.isExternal && $0.name.hasSuffix("_reference") }),
    ]
    for (filter, admits) in cases {
      let report = try DiffReport(old: old, new: new, filter: filter)
      let expected = NMExpectation(old: rows.old, new: rows.new, admits: admits)
      #expect(NMExpectation(report) == expected, "\(filter)")
      let incompatible = !expected.newUndefined.isEmpty || !expected.removedDefinitions.isEmpty
      #expect(report.status.contains(.incompatible) == incompatible, "\(filter)")
    }
    let nothing = try DiffReport(old: old, new: new, filter: DiffFilter(pattern: "no_such_*"))
    #expect(nothing.files.isEmpty && nothing.status == [])
  }

  @Test func identicalInputsGiveAnEmptyReport() throws {
    let scratch = try Scratch("diff")
    let (old, _) = try buildLibraryVersions(scratch)
    let copy = try scratch.compileC("copy/lib.o", DiffRecipes.libraryV1)
    for other in [old, copy] {
      let report = try DiffReport(old: old, new: other, filter: DiffFilter(includeLocals: true))
      #expect(report.files.isEmpty)
      #expect(report.status == [])
    }
  }
}
