import ElfKit
import Foundation
import Testing
import TestSupport

/// One test per bug the fuzzer and the corrupt corpus found in ElfKit: each input once crashed, misread or hung.
/// Every input is read both from a file (`ELF_C_READ_MMAP`) and from memory (`elf_memory`).
@Suite struct HostileRegressionTests {
  /// A compiled relocatable object and a shared object (it has program headers, with a `PT_NOTE`).
  private struct Objects {
    let scratch: Scratch
    let object: ElfEditor
    let shared: ElfEditor

    init() throws {
      scratch = try Scratch("hostile")
      object = try ElfEditor.reading(try scratch.compileC("unit.o", Recipes.crossArchitectureSource))
      let source = try scratch.write("shared.c", Recipes.crossArchitectureSource)
      let library = scratch.file("libshared.so")
      try Tool.succeed("gcc", ["-shared", "-fPIC", "-O1", "-o", library, source])
      shared = try ElfEditor.reading(library)
    }

    /// The object both ways: written to `name` and opened, and parsed from memory.
    func open(_ editor: ElfEditor, as name: String) throws -> [BinaryFile] {
      [try BinaryFile.open(path: try scratch.write(name, bytes: editor.bytes)), try BinaryFile.parse(bytes: editor.bytes, name: name)]
    }

    func elfFiles(_ editor: ElfEditor, as name: String) throws -> [ElfFile] {
      try open(editor, as: name).map {
        guard case .object(let file) = $0 else { throw ToolFailure(description: "\(name) did not open as ELF") }
        return file
      }
    }
  }

  /// Was: reading a `SHN_XINDEX` symbol checked its position against the *bytes* of `SHT_SYMTAB_SHNDX`, not its
  /// entries, and read up to three times past the table (a trap in debug builds, a wrong section in release).
  @Test func extendedIndexTableShorterThanTheSymbolTable() throws {
    let objects = try Objects()
    var editor = objects.object
    let symtab = try #require(editor.section(ofType: ElfEditor.SectionType.symtab))
    let host = try #require(editor.sections.first { $0.index > 0 && $0.type == 1 && $0.size >= 4 })
    editor.write(UInt64(ElfEditor.SectionType.symtabShndx), to: ElfEditor.SectionField.type, of: host.headerOffset)
    editor.write(UInt64(symtab.index), to: ElfEditor.SectionField.link, of: host.headerOffset)
    editor.write(4, to: ElfEditor.SectionField.size, of: host.headerOffset)
    for at in editor.entries(of: symtab, entrySize: editor.symbolSize) {
      editor.write(0xffff, to: ElfEditor.SymbolField.sectionIndex, of: at)
    }
    for file in try objects.elfFiles(editor, as: "xindex.o") {
      let error = try #require(throws: ElfError.self) { try file.symbolTable() }
      #expect(error.problem.contains("symbol 1 uses SHN_XINDEX but there is no SHT_SYMTAB_SHNDX entry for it"))
    }
  }

  /// Was: a `PT_NOTE` of `p_filesz` 2^63 or more trapped converting the size to `Int` before libelf was asked.
  @Test func noteSegmentOfAHugeSize() throws {
    let objects = try Objects()
    var editor = objects.shared
    let note = try #require(editor.segmentHeaders.first { editor.read(ElfEditor.SegmentField.type, of: $0) == 4 })
    editor.write(.max, to: ElfEditor.SegmentField.fileSize, of: note)
    for file in try objects.elfFiles(editor, as: "libnote.so") {
      let error = try #require(throws: ElfError.self) { try file.notes() }
      #expect(error.problem.contains("PT_NOTE #"))
      #expect(error.problem.contains("runs past the end of the file"))
    }
  }

  /// Was: with extended numbering (`e_shnum` 0) a count in section 0 that runs past the end was not checked,
  /// libelf quietly reported no sections, and `symbols` printed "no symbols" with exit status 0.
  @Test func extendedSectionCountPastTheEnd() throws {
    let objects = try Objects()
    for count in [1 << 20, 0xffff_ffff] as [UInt64] {
      var editor = objects.object
      editor.write(0, to: ElfEditor.Header.shnum)
      editor.write(count, to: ElfEditor.SectionField.size, of: Int(editor.read(ElfEditor.Header.shoff)))
      let error = try #require(throws: ElfError.self) { try objects.open(editor, as: "extended.o") }
      #expect(error.problem.contains("section header table"))
      #expect(error.problem.contains("\(count) entries"))
    }
  }

  /// Was: a section whose `sh_offset + sh_size` overflows or runs past the end went to libelf, and the message
  /// was lost ("unknown libelf error": the error code was read, and so cleared, twice). Now ElfKit checks the
  /// extent before libelf reads anything, and names the section.
  @Test func sectionPastTheEndIsNamed() throws {
    let objects = try Objects()
    let symtab = try #require(objects.object.section(ofType: ElfEditor.SectionType.symtab))
    for (field, value) in [(ElfEditor.SectionField.offset, UInt64.max - 7), (ElfEditor.SectionField.size, 1 << 40)] {
      var editor = objects.object
      editor.write(value, to: field, of: symtab.headerOffset)
      for file in try objects.elfFiles(editor, as: "symtab.o") {
        let error = try #require(throws: ElfError.self) { try file.symbolTable() }
        #expect(error.problem.hasPrefix("section \(symtab.index) (.symtab) ("))
        #expect(error.problem.hasSuffix("runs past the end of the file (\(editor.bytes.count) bytes)"))
      }
    }
  }

  /// Was: a thin archive naming itself was opened again at every level down to the nesting limit, for every
  /// member: sixteen self-references meant 16^8 opens (a hang). Now the file that encloses a member is refused.
  @Test func thinArchivesThatIncludeThemselves() throws {
    let scratch = try Scratch("thin")
    func thin(_ names: [String]) -> [UInt8] {
      ArchiveEditor.gnu(names.map { ($0, [UInt8](repeating: 0, count: 8)) }, symbols: [], index: .none, thin: true)
    }
    let selfish = try scratch.write("libself.a", bytes: thin(Array(repeating: "libself.a", count: 16)))
    let first = try scratch.write("liba.a", bytes: thin(["libb.a"]))
    try scratch.write("libb.a", bytes: thin(["liba.a"]))
    for (path, expected) in [(selfish, 16), (first, 1)] {
      let start = CPUTime.thread()
      guard case .archive(let archive) = try BinaryFile.open(path: path) else { throw ToolFailure(description: "not an archive") }
      #expect(Self.loops(in: archive) == expected)
      #expect(CPUTime.thread() - start < 1)
    }
  }

  /// Was: the members of a BSD archive (`#1/` names) were opened through libelf, which took the name for the
  /// start of the contents: every member was "not ELF". Found by the corpus's BSD archives.
  @Test func bsdArchiveMembersOpen() throws {
    let objects = try Objects()
    let members = [(name: "a_member_with_a_long_name.o", bytes: objects.object.bytes), (name: "odd.o", bytes: objects.object.bytes)]
    let bytes = ArchiveEditor.bsd(members, symbols: [(name: "caller", member: 1)])
    for binary in [try BinaryFile.open(path: try objects.scratch.write("libbsd.a", bytes: bytes)), try BinaryFile.parse(bytes: bytes, name: "libbsd.a")] {
      guard case .archive(let archive) = binary else { throw ToolFailure(description: "not an archive") }
      #expect(archive.members.map(\.name) == members.map(\.name))
      for member in archive.members {
        guard case .object(let file) = try member.open() else { throw ToolFailure(description: "\(member.name) is not ELF") }
        #expect(try file.symbolTable()?.symbols.contains { $0.name.string == "caller" } == true)
      }
      let index = try #require(try archive.symbolIndex())
      #expect(index.entries.map(\.member) == [1])
    }
  }

  /// Was: names found by offset were not bounded in total, so a file could point every symbol, section, long
  /// member name or BSD index entry into one long string: a 1 MiB string named some 70 symbols (70 MiB of names), and
  /// `runtime`, `check` and `diff` ran out of memory making strings of them (found writing the corpus, by
  /// reading where names are copied).
  @Test func overlappingNamesAreRefused() throws {
    let objects = try Objects()
    let object = try OverlappingNames.object(in: objects.scratch)
    for file in try objects.elfFiles(try #require(ElfEditor(object)), as: "overlapping.o") {
      let error = try #require(throws: ElfError.self) { try file.symbolTable() }
      #expect(error.problem.contains("names overlap in string table"))
    }
    let longNames = try #require(throws: ElfError.self) { try BinaryFile.parse(bytes: OverlappingNames.longNames(), name: "libx.a") }
    #expect(longNames.problem.contains("names overlap in the long-name table"))
    guard case .archive(let archive) = try BinaryFile.parse(bytes: OverlappingNames.bsdIndex(member: objects.object.bytes), name: "liby.a")
    else { throw ToolFailure(description: "not an archive") }
    let index = try #require(throws: ElfError.self) { try archive.symbolIndex() }
    #expect(index.problem.contains("names overlap in the symbol index"))
  }

  /// Opens every member, nested ones too; counts the members refused as loops.
  private static func loops(in archive: Archive) -> Int {
    var count = 0
    for member in archive.members {
      do {
        if case .archive(let nested) = try member.open() { count += loops(in: nested) }
      } catch {
        #expect(error.problem.contains("encloses this member (a loop)"))
        count += 1
      }
    }
    return count
  }
}
