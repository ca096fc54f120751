/// Small files whose names all point into one long string, so that they would name gigabytes: what ElfKit's
/// name budget refuses. Each holds 1 MiB of name bytes and refers to them thousands of times.
public enum OverlappingNames {
  static let run = 1 << 20

  /// An object whose every symbol (64 functions and a few more) is named from inside one string of 1 MiB: the
  /// symbol table is linked to a 1 MiB run of `A` (`.rodata.run`, retyped as a string table) and each symbol
  /// starts at its own offset in it.
  public static func object(in scratch: Scratch) throws -> [UInt8] {
    let functions = (0..<64).map { "int f\($0)(void) { return \($0); }" }.joined(separator: "\n")
    let source = "__asm__(\".pushsection .rodata.run,\\\"a\\\"\\n.fill \(run - 1), 1, 0x41\\n.byte 0\\n.popsection\");\n" + functions
    var editor = try ElfEditor.reading(try scratch.compileC("overlapping.o", source))
    guard let symtab = editor.section(ofType: ElfEditor.SectionType.symtab),
      let strings = editor.sections.first(where: { $0.size == run })
    else { throw ToolFailure(description: "overlapping.o has no symbol table or no 1 MiB section") }
    editor.write(UInt64(ElfEditor.SectionType.strtab), to: ElfEditor.SectionField.type, of: strings.headerOffset)
    editor.write(UInt64(strings.index), to: ElfEditor.SectionField.link, of: symtab.headerOffset)
    for (position, at) in editor.entries(of: symtab, entrySize: editor.symbolSize).enumerated() {
      editor.write(UInt64(position), to: ElfEditor.SymbolField.name, of: at)
    }
    return editor.bytes
  }

  /// A GNU archive of 2,000 empty members, each named from offset 0 of a 1 MiB long-name table without a
  /// terminator.
  public static func longNames() -> [UInt8] {
    var image = Array("!<arch>\n".utf8) + ArchiveEditor.header(name: "//", size: run) + [UInt8](repeating: 0x41, count: run)
    for _ in 0..<2000 { image += ArchiveEditor.header(name: "/0", size: 0) }
    return image
  }

  /// A BSD archive of `member` whose 2,001 index entries all name the same string of 1 MiB.
  public static func bsdIndex(member: [UInt8]) -> [UInt8] {
    let symbols = [(name: String(repeating: "A", count: run), member: 0)] + Array(repeating: (name: "x", member: 0), count: 2000)
    var image = ArchiveEditor.bsd([(name: "member.o", bytes: member)], symbols: symbols)
    // The ranlib entries follow the index header (at 8) and its 4-byte table size: point every name at 0.
    for entry in 0..<symbols.count {
      let at = 8 + 60 + 4 + entry * 8
      image.replaceSubrange(at..<at + 4, with: [0, 0, 0, 0])
    }
    return image
  }
}
