/// One corrupt variant of a file.
public struct CorruptVariant: Sendable {
  public var defect: String
  public var bytes: [UInt8]
}

/// The corrupt variants of one ELF image: each breaks one thing a reader must check.
public struct ElfDefects {
  private let base: ElfEditor
  private var variants: [CorruptVariant] = []
  private typealias Section = ElfEditor.SectionHeader
  private typealias Kind = ElfEditor.SectionType

  /// Every kind of defect this image has room for, then `randomVariants` with a few random bytes changed.
  public static func all(of base: ElfEditor, randomVariants: Int) -> [CorruptVariant] {
    var defects = ElfDefects(base: base)
    defects.truncations()
    defects.headerFields()
    defects.sectionFields()
    defects.symbols()
    defects.unterminatedStrings()
    defects.extendedIndices()
    defects.relocations()
    defects.notes()
    defects.groups()
    defects.versions()
    defects.random(count: randomVariants)
    return defects.variants
  }

  private init(base: ElfEditor) { self.base = base }

  private mutating func add(_ defect: String, _ change: (inout ElfEditor) -> Void) {
    var editor = base
    change(&editor)
    if editor.bytes != base.bytes { variants.append(CorruptVariant(defect: defect, bytes: editor.bytes)) }
  }

  private var sections: [Section] { base.sections }
  private func sections(ofType type: UInt32) -> [Section] { sections.filter { $0.type == type } }

  /// The tables a reader interprets (symbols, strings, relocations, notes, groups, versions) and the first
  /// section: where a field out of range matters. Shared objects and programs have dozens of other sections.
  private var tables: [Section] {
    let kinds = [Kind.symtab, Kind.strtab, Kind.rela, Kind.rel, Kind.note, Kind.dynsym, Kind.group,
                 Kind.gnuVersionSymbols, Kind.gnuVersionDefinitions, Kind.gnuVersionNeeds]
    return sections.filter { $0.index == 1 || kinds.contains($0.type) }
  }

  // MARK: Defects

  /// Cut inside the header, at the start and end of every table (and a byte after), inside the section header
  /// table and at 8 evenly spaced offsets.
  private mutating func truncations() {
    let size = base.bytes.count
    var cuts: Set<Int> = [1, 4, 17, 52, 63, size - 1]
    for section in tables where section.size > 0 {
      cuts.formUnion([section.offset, section.offset + 1, section.offset + section.size - 1])
    }
    let table = Int(base.read(ElfEditor.Header.shoff))
    cuts.formUnion([table, table + 1, table + base.sectionHeaderSize, size - base.sectionHeaderSize / 2])
    cuts.formUnion(base.segmentHeaders)
    cuts.formUnion(stride(from: 0, to: size, by: max(1, size / 8)))
    for cut in cuts.sorted() where cut >= 0 && cut < size {
      variants.append(CorruptVariant(defect: "truncated to \(cut) of \(size) bytes", bytes: base.truncated(to: cut)))
    }
  }

  /// `e_shoff`, `e_shnum`, `e_shstrndx`, `e_phoff`, `e_phnum`, `e_shentsize` and the identification out of range.
  private mutating func headerFields() {
    typealias Header = ElfEditor.Header
    let size = UInt64(base.bytes.count)
    let sectionCount = base.read(Header.shnum)
    let table = Int(base.read(Header.shoff))
    let bigEndian = base.isBigEndian
    for value in [size, size - 1, size - 20, .max, 1 << 63, 3] {
      add("e_shoff \(value)") { $0.write(value, to: Header.shoff) }
    }
    for value in [sectionCount + 1, 0xff00, 0xffff] {
      add("e_shnum \(value)") { $0.write(value, to: Header.shnum) }
    }
    // Extended numbering: e_shnum 0 and the count in section 0's sh_size.
    for count in [0, sectionCount + 1, 1 << 20, 0xffff_ffff, 1 << 40] as [UInt64] {
      add("e_shnum 0 with section 0's sh_size \(count)") {
        $0.write(0, to: Header.shnum)
        $0.write(count, to: ElfEditor.SectionField.size, of: table)
      }
    }
    for value in [sectionCount, 0xfeff, 1] {
      add("e_shstrndx \(value)") { $0.write(value, to: Header.shstrndx) }
    }
    for link in [0, 0xffff_ffff, sectionCount + 7] as [UInt64] {
      add("e_shstrndx SHN_XINDEX with section 0's sh_link \(link)") {
        $0.write(0xffff, to: Header.shstrndx)
        $0.write(link, to: ElfEditor.SectionField.link, of: table)
      }
    }
    for value in [size, size - 8, .max, 1 << 62] {
      add("e_phoff \(value) with e_phnum 2") {
        $0.write(value, to: Header.phoff)
        $0.write(2, to: Header.phnum)
      }
    }
    add("e_phnum PN_XNUM with section 0's sh_info 0xffffffff") {
      $0.write(0xffff, to: Header.phnum)
      $0.write(0xffff_ffff, to: ElfEditor.SectionField.info, of: table)
    }
    for value in [0, 1, 0xffff] as [UInt64] {
      add("e_shentsize \(value)") { $0.write(value, to: Header.shentsize) }
    }
    add("EI_CLASS 3") { $0.fill(3, at: 4, count: 1) }
    add("EI_DATA swapped") { $0.fill(bigEndian ? 1 : 2, at: 5, count: 1) }
  }

  /// Per table: `sh_offset` past the end, `sh_offset + sh_size` overflowing, `sh_size` 2^40, `sh_link` to
  /// nothing, `sh_entsize` 0, `sh_name` (and where it names an entry, `sh_info`) out of range; section 1 also
  /// takes the type of each table it is not.
  private mutating func sectionFields() {
    typealias Field = ElfEditor.SectionField
    let size = UInt64(base.bytes.count)
    let count = UInt64(sections.count)
    for section in tables {
      let at = section.headerOffset
      let label = "section \(section.index) (type \(section.type))"
      add("\(label): sh_offset past the end") { $0.write(size + 1, to: Field.offset, of: at) }
      add("\(label): sh_offset + sh_size overflows") { $0.write($0.maximum(Field.offset) - 7, to: Field.offset, of: at) }
      add("\(label): sh_size 2^40") { $0.write(1 << 40, to: Field.size, of: at) }
      add("\(label): sh_link to nothing") { $0.write(count + 3, to: Field.link, of: at) }
      add("\(label): sh_entsize 0") { $0.write(0, to: Field.entrySize, of: at) }
      add("\(label): sh_name past the section name table") { $0.write(0xffff_fff0, to: Field.name, of: at) }
      if [Kind.symtab, Kind.rela, Kind.rel, Kind.group].contains(section.type) {
        add("\(label): sh_info 0xffffffff") { $0.write(0xffff_ffff, to: Field.info, of: at) }
      }
    }
    let types = [Kind.symtab, Kind.dynsym, Kind.rela, Kind.rel, Kind.note, Kind.group, Kind.symtabShndx,
                 Kind.gnuVersionSymbols, Kind.gnuVersionDefinitions, Kind.gnuVersionNeeds]
    for section in sections.dropFirst().prefix(1) {
      for type in types where type != section.type {
        add("section \(section.index) given type \(type)") { $0.write(UInt64(type), to: Field.type, of: section.headerOffset) }
      }
    }
  }

  /// Symbols with `st_name` past the string table, section indices out of range (`SHN_XINDEX` without a
  /// `SYMTAB_SHNDX`), and sizes and values of 2^64-1.
  private mutating func symbols() {
    typealias Field = ElfEditor.SymbolField
    let sectionCount = sections.count
    for table in sections(ofType: Kind.symtab) + sections(ofType: Kind.dynsym) {
      let strings = table.link < sectionCount ? sections[table.link].size : 0
      let entries = base.entries(of: table, entrySize: base.symbolSize)
      let picked = Set([1, entries.count / 2, entries.count - 1].filter { $0 > 0 && $0 < entries.count })
      for position in picked.sorted() {
        let at = entries[position]
        let label = "symbol \(position) of section \(table.index)"
        add("\(label): st_name at the end of the string table") { $0.write(UInt64(strings), to: Field.name, of: at) }
        add("\(label): st_name 0xffffffff") { $0.write(0xffff_ffff, to: Field.name, of: at) }
        add("\(label): SHN_XINDEX without SYMTAB_SHNDX") { $0.write(0xffff, to: Field.sectionIndex, of: at) }
        add("\(label): st_shndx past the sections") { $0.write(UInt64(sectionCount + 2), to: Field.sectionIndex, of: at) }
        add("\(label): st_size and st_value all ones") {
          $0.write($0.maximum(Field.size), to: Field.size, of: at)
          $0.write($0.maximum(Field.value), to: Field.value, of: at)
        }
      }
    }
  }

  /// String tables whose last string, or every string, has no terminating NUL.
  private mutating func unterminatedStrings() {
    for table in sections(ofType: Kind.strtab) where table.size > 0 {
      add("section \(table.index): last string unterminated") {
        $0.fill(0x41, at: table.offset + table.size - 1, count: 1)
      }
      add("section \(table.index): no NUL at all") { $0.fill(0x41, at: table.offset, count: table.size) }
    }
  }

  /// Every symbol `SHN_XINDEX`, with a `SYMTAB_SHNDX` section one entry long (another section retyped).
  private mutating func extendedIndices() {
    typealias Field = ElfEditor.SectionField
    guard let table = base.section(ofType: Kind.symtab),
      let host = sections.dropFirst().first(where: { $0.index != table.index && $0.size >= 4 && $0.type != Kind.strtab })
    else { return }
    let sectionCount = sections.count
    for (entries, link) in [(1, table.index), (0, table.index), (64, sectionCount + 1)] {
      add("SYMTAB_SHNDX of \(entries) entries linked to \(link), every symbol SHN_XINDEX") {
        $0.write(UInt64(Kind.symtabShndx), to: Field.type, of: host.headerOffset)
        $0.write(UInt64(link), to: Field.link, of: host.headerOffset)
        $0.write(UInt64(entries * 4), to: Field.size, of: host.headerOffset)
        for at in $0.entries(of: table, entrySize: $0.symbolSize) {
          $0.write(0xffff, to: ElfEditor.SymbolField.sectionIndex, of: at)
        }
      }
    }
  }

  /// Relocations naming symbols past their table, and relocation sections linked to the wrong table.
  private mutating func relocations() {
    for section in sections(ofType: Kind.rela) + sections(ofType: Kind.rel) {
      let is64 = base.is64
      let entrySize = (is64 ? 16 : 8) + (section.type == Kind.rela ? (is64 ? 8 : 4) : 0)
      let symbolCount = section.link < sections.count ? sections[section.link].size / base.symbolSize : 0
      for (position, at) in base.entries(of: section, entrySize: entrySize, limit: 2).enumerated() {
        for symbol in [UInt64(symbolCount), is64 ? 0xffff_ffff : 0xff_ffff] {
          add("relocation \(position) of section \(section.index) names symbol \(symbol)") {
            $0.write(is64 ? symbol << 32 | 2 : symbol << 8 | 2, at: at + (is64 ? 8 : 4), width: is64 ? 8 : 4)
          }
        }
      }
      add("section \(section.index): relocations linked to section 0") {
        $0.write(0, to: ElfEditor.SectionField.link, of: section.headerOffset)
      }
    }
  }

  /// Notes whose name or descriptor size runs past their section or segment.
  private mutating func notes() {
    for section in sections(ofType: Kind.note) where section.size >= 12 {
      for (field, value) in [(0, 0xffff_ffff), (4, 0xffff_ffff), (0, section.size), (4, section.size - 11)] {
        add("note in section \(section.index): \(field == 0 ? "namesz" : "descsz") \(value)") {
          $0.write(UInt64(value), at: section.offset + field, width: 4)
        }
      }
      add("section \(section.index): note header cut to 11 bytes") {
        $0.write(11, to: ElfEditor.SectionField.size, of: section.headerOffset)
      }
    }
    typealias Segment = ElfEditor.SegmentField
    for segment in base.segmentHeaders where base.read(Segment.type, of: segment) == 4 {
      add("PT_NOTE p_filesz all ones") { $0.write($0.maximum(Segment.fileSize), to: Segment.fileSize, of: segment) }
      add("PT_NOTE p_offset past the end") { $0.write(UInt64($0.bytes.count), to: Segment.offset, of: segment) }
      let offset = Int(base.read(Segment.offset, of: segment))
      add("PT_NOTE first note namesz 0xffffffff") { $0.write(0xffff_ffff, at: offset, width: 4) }
    }
  }

  /// Section groups naming sections and signatures that do not exist.
  private mutating func groups() {
    typealias Field = ElfEditor.SectionField
    for group in sections(ofType: Kind.group) where group.size >= 8 {
      add("group \(group.index): member 0xffffffff") { $0.write(0xffff_ffff, at: group.offset + 4, width: 4) }
      add("group \(group.index): signature symbol 0xffffffff") { $0.write(0xffff_ffff, to: Field.info, of: group.headerOffset) }
      add("group \(group.index): linked to section 0") { $0.write(0, to: Field.link, of: group.headerOffset) }
      add("group \(group.index): 2 bytes long") { $0.write(2, to: Field.size, of: group.headerOffset) }
    }
  }

  /// Version tables with links, counts and chains that point outside them.
  private mutating func versions() {
    typealias Field = ElfEditor.SectionField
    if let versym = base.section(ofType: Kind.gnuVersionSymbols) {
      add(".gnu.version linked to nothing") { $0.write(0xffff, to: Field.link, of: versym.headerOffset) }
      add(".gnu.version of 3 bytes") { $0.write(3, to: Field.size, of: versym.headerOffset) }
    }
    if let verdef = base.section(ofType: Kind.gnuVersionDefinitions), verdef.size >= 20 {
      add("vd_aux 0xffffffff") { $0.write(0xffff_ffff, at: verdef.offset + 12, width: 4) }
      add("vd_next 1 (misaligned chain)") { $0.write(1, at: verdef.offset + 16, width: 4) }
      add("vd_next 0xffffffec (wraps)") { $0.write(0xffff_ffec, at: verdef.offset + 16, width: 4) }
    }
    if let verneed = base.section(ofType: Kind.gnuVersionNeeds), verneed.size >= 16 {
      add("vn_cnt 0xffff") { $0.write(0xffff, at: verneed.offset + 2, width: 2) }
      add("vn_aux 0xffffffff") { $0.write(0xffff_ffff, at: verneed.offset + 8, width: 4) }
      add("vn_next 4 (overlapping chain)") { $0.write(4, at: verneed.offset + 12, width: 4) }
    }
  }

  /// `count` variants with one to eight random bytes replaced (seeded by the image size: reproducible).
  private mutating func random(count: Int) {
    var generator = SeededGenerator(seed: UInt64(base.bytes.count))
    for variant in 0..<count {
      add("random bytes #\(variant)") { editor in
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
          let at = Int.random(in: 0..<editor.bytes.count, using: &generator)
          editor.fill(UInt8.random(in: 0...255, using: &generator), at: at, count: 1)
        }
      }
    }
  }
}
