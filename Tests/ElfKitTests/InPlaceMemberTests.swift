import TestSupport
import Testing

@testable import ElfKit

/// An archive member ElfKit reads in place (`InPlaceImage`: libelf is opened on it only when a read needs it)
/// reads exactly as the same bytes do through libelf: every defect `ElfDefects` makes of a compiled x86_64
/// object, stored as the only member of an archive, gives the same header, sections, symbols, relocations,
/// notes and comments, or the same error at the same step, as those bytes parsed alone (`elf_memory`). And a
/// member whose header libelf is not asked to parse (`LibelfHeaderCheck`) opens as it does when libelf is asked.
@Suite struct InPlaceMemberTests {
  @Test func membersReadInPlaceReadAsLibelfReadsThem() throws {
    let scratch = try Scratch("in-place")
    let object = try ElfEditor.reading(
      try scratch.compileC("unit.o", Recipes.crossArchitectureSource, flags: ["-fcommon"]))
    let variants: [(defect: String, bytes: [UInt8])] =
      [("intact", object.bytes)]
      + ElfDefects.all(of: object, randomVariants: 24).map { ($0.defect, $0.bytes) }
    var readInPlace = 0
    // An empty member is not ELF either way, but `parse` names the empty file: not what this compares.
    for variant in variants where !variant.bytes.isEmpty {
      let path = try scratch.write(
        "member.a", bytes: ArchiveEditor.gnu([(name: "unit.o", bytes: variant.bytes)], symbols: []))
      guard case .archive(let archive) = try BinaryFile.open(path: path) else {
        Issue.record("\(variant.defect): the archive did not open")
        continue
      }
      let member = Self.reading { try archive.members[0].open() }
      let alone = Self.reading { try BinaryFile.parse(bytes: variant.bytes, name: "unit.o") }
      #expect(member.lines == alone.lines, "\(variant.defect)")
      if member.inPlace { readInPlace += 1 }
    }
    // The intact object and most defects are read in place: the comparison is not vacuous.
    #expect(readInPlace > variants.count / 2)
  }

  /// Every byte of the member headers and of the long-name table's header of a GNU archive (an index, a
  /// long-name table, a long-named and a short-named member) set in turn to a space, `/`, `0`, `9` and `x`, and
  /// each size field moved one byte right: each member opens the same whether or not libelf parses its header
  /// first.
  @Test func membersWhoseHeadersLibelfIsNotAskedAboutOpenAsWhenItIs() throws {
    let scratch = try Scratch("in-place-headers")
    let object = try ElfEditor.reading(
      try scratch.compileC("unit.o", Recipes.crossArchitectureSource)
    ).bytes
    let intact = ArchiveEditor.gnu(
      [(name: "a_member_with_a_long_name.o", bytes: object), (name: "unit.o", bytes: object)],
      symbols: [(name: "unit_function", member: 1)])
    let headers = ArchiveEditor.headers(of: intact).map(\.offset).filter { $0 > 8 }
    var variants = [intact]
    for header in headers {
      // The same size after a space (ElfKit reads it, libelf refuses it).
      var shifted = intact
      shifted[header + 49..<header + 58] = intact[header + 48..<header + 57]
      shifted[header + 48] = UInt8(ascii: " ")
      variants.append(shifted)
      for position in header..<header + 60 {
        for byte in " /09x".utf8 where intact[position] != byte {
          var variant = intact
          variant[position] = byte
          variants.append(variant)
        }
      }
    }
    var unchecked = 0
    for (number, variant) in variants.enumerated() {
      let path = try scratch.write("headers.a", bytes: variant)
      guard case .archive(let archive) = try? BinaryFile.open(path: path) else { continue }
      for member in archive.members {
        let asked = ArchiveMember(
          name: member.name, position: member.position, headerOffset: member.headerOffset,
          dataOffset: member.dataOffset, size: member.size, libelfAgreesOnHeader: false,
          source: member.source)
        #expect(
          Self.reading { try member.open() }.lines == Self.reading { try asked.open() }.lines,
          "variant \(number), member \(member.name)")
        if member.libelfAgreesOnHeader { unchecked += 1 }
      }
    }
    // Most members are opened without `elf_rand`: the comparison is not vacuous.
    #expect(unchecked > variants.count)
  }

  /// What ElfKit reads of a file, one line per step (an error ends a step, not the walk), and whether the file
  /// was read in place.
  private static func reading(_ open: () throws -> BinaryFile) -> (
    lines: [String], inPlace: Bool
  ) {
    var lines: [String] = []
    func problem(_ error: any Error) -> String { (error as? ElfError)?.problem ?? "\(error)" }
    func step(_ name: String, _ body: () throws -> String) {
      do {
        lines.append("\(name): \(try body())")
      } catch {
        lines.append("\(name): error \(problem(error))")
      }
    }
    let file: ElfFile
    do {
      switch try open() {
      case .object(let object): file = object
      case .archive: return (["archive"], false)
      case .notELF(let reason): return (["not ELF: \(reason)"], false)
      }
    } catch {
      return (["open: error \(problem(error))"], false)
    }
    lines.append("header: \(file.header)")
    lines.append("program headers: \(file.programHeaders)")
    lines.append("sections: \(file.sections.map { "\($0.name) \($0)" })")
    for kind in [SymbolTableKind.symtab, .dynsym] {
      step("\(kind) entries") {
        guard let entries = try file.symbolEntries(kind) else { return "none" }
        return "\(entries.map { "\($0.name) \($0.fields)" })"
      }
    }
    step("relocations") {
      "\(try file.relocationTables().map { "\($0.section.name) \($0.entries.map { "\($0)" })" })"
    }
    step("notes") { "\(try file.notes())" }
    step("comments") { "\(try file.comments())" }
    step("groups") { "\(try file.sectionGroups())" }
    step("versions") { "\(String(describing: try file.symbolVersions()))" }
    return (lines, file.handle.inPlace != nil)
  }
}
