import CLibelf
import Synchronization

/// Which symbol table to read.
public enum SymbolTableKind: Sendable, Hashable {
  /// `.symtab` (`SHT_SYMTAB`): every symbol the assembler kept.
  case symtab
  /// `.dynsym` (`SHT_DYNSYM`): what the dynamic linker sees.
  case dynsym

  var sectionType: SectionType { self == .symtab ? .symtab : .dynsym }
}

/// A symbol table with the section it was read from.
public struct SymbolTable: Sendable {
  public var section: Section
  /// Every entry, index 0 (the null symbol) included, so `symbols[relocation.symbolIndex]` works.
  public var symbols: [Symbol]
}

/// A read-only view of one ELF file (a relocatable object, executable or shared object), on disk or inside
/// an archive. The header, sections and program headers are read when it is opened; symbols, relocations
/// and notes when asked for.
public final class ElfFile: Sendable {
  let handle: ElfHandle
  /// Symbol tables already read, by section index; guarded by the handle's lock. Made at the first use: a
  /// listing, which keeps nothing, allocates none.
  private let caches = AtomicLazyReference<SymbolTableCache>()
  private var symbolTables: SymbolTableCache {
    caches.load() ?? caches.storeIfNil(SymbolTableCache())
  }
  /// The `.symtab`'s function locator, once made.
  private let locator = Mutex<FunctionLocator?>(nil)
  public let header: ElfHeader
  /// The section header table as read, its names not made yet.
  private let sectionTable: SectionTable
  /// `sections`, once asked for.
  private let namedSections = AtomicLazyReference<SectionList>()
  public let programHeaders: [ProgramHeader]
  /// The bytes libelf may read: every section and segment is checked against it before libelf reads it.
  private let extent: ImageExtent

  /// The file (and member) this was read from.
  public var origin: ElfOrigin { handle.origin }

  init(handle: ElfHandle) throws(ElfError) {
    self.handle = handle
    // The origin is read only where an error is made: a copy of it retains its strings.
    (header, sectionTable, programHeaders, extent) = try handle.lock.withLock {
      () throws(ElfError) in
      var ehdr = GElf_Ehdr()
      if let inPlace = handle.inPlace {
        ehdr = inPlace.fileHeader
      } else if gelf_getehdr(try handle.descriptor(), &ehdr) == nil {
        throw handle.origin.error("bad ELF header: \(Libelf.lastError())")
      }
      let identity = { (field: Int32) in withUnsafeBytes(of: ehdr.e_ident) { $0[Int(field)] } }
      let elfClass: ElfClass = identity(EI_CLASS) == ELFCLASS32 ? .elf32 : .elf64
      let byteOrder: ByteOrder = identity(EI_DATA) == ELFDATA2MSB ? .bigEndian : .littleEndian
      let image = handle.rawImage()
      let extent = ImageExtent(size: image.count)
      try Self.checkTableBounds(
        ehdr, elfClass: elfClass, reader: ByteReader(bytes: image, byteOrder: byteOrder),
        origin: handle.origin)
      let sectionTable = try Self.readSections(handle, extent: extent)
      let header = ElfHeader(
        elfClass: elfClass, byteOrder: byteOrder, osABI: identity(EI_OSABI),
        type: ObjectType(rawValue: ehdr.e_type),
        machine: Machine(rawValue: ehdr.e_machine),
        entry: ehdr.e_entry, flags: ehdr.e_flags,
        sectionHeaderOffset: ehdr.e_shoff, programHeaderOffset: ehdr.e_phoff,
        sectionNameTable: sectionTable.namesIndex)
      // In place, `e_phoff` is 0: libelf reports no program headers.
      let programHeaders =
        handle.inPlace == nil ? try Self.readProgramHeaders(handle, origin: handle.origin) : []
      return (header, sectionTable, programHeaders, extent)
    }
  }

  /// The section header table, index 0 included, with names (made at the first call).
  public var sections: [Section] {
    if let list = namedSections.load() { return list.sections }
    return namedSections.storeIfNil(SectionList(sectionHeaders.indices.map(section(at:)))).sections
  }

  /// The section header table, index 0 included, without names: nothing reference-counted, so what needs no
  /// section name (listing symbols) never makes an `ElfString` per section.
  var sectionHeaders: [SectionHeader] { sectionTable.headers }

  /// Section `index` with its name (`index` must be in the table).
  func section(at index: Int) -> Section {
    let header = sectionTable.headers[index]
    let nameBytes = sectionTable.names.map {
      ElfString(storage: $0, offset: header.nameOffset, count: header.nameLength)
    }
    return Section(header, nameBytes: nameBytes)
  }

  /// The name bytes of section `index` where the section name table holds them (empty without one), valid while
  /// the file lives: what the classifier tests, without an `ElfString`.
  func sectionNameBytes(at index: Int) -> UnsafeRawBufferPointer {
    guard let names = sectionTable.names else {
      return UnsafeRawBufferPointer(start: nil, count: 0)
    }
    let header = sectionTable.headers[index]
    let start = Int(header.nameOffset)
    return UnsafeRawBufferPointer(rebasing: names.bytes[start..<start + Int(header.nameLength)])
  }

  /// libelf quietly reports no sections when the section header table lies past the end of the image;
  /// a linker would reject such a file, and so does ElfKit. The tables are measured in the entries libelf
  /// reads (`sizeof(ElfNN_Shdr)`, `sizeof(ElfNN_Phdr)`, regardless of `e_shentsize`), and with extended
  /// numbering (`e_shnum` 0, `e_phnum` `PN_XNUM`) in the count section 0 holds.
  private static func checkTableBounds(
    _ ehdr: GElf_Ehdr, elfClass: ElfClass, reader: ByteReader,
    origin: @autoclosure () -> ElfOrigin
  ) throws(ElfError) {
    let extent = ImageExtent(size: reader.bytes.count)
    let is64 = elfClass == .elf64
    let (sectionEntry, segmentEntry): (UInt64, UInt64) = is64 ? (64, 56) : (40, 32)
    var sectionCount = UInt64(ehdr.e_shnum)
    var segmentCount = UInt64(ehdr.e_phnum)
    if ehdr.e_shoff != 0 {
      try extent.requireTable(
        "section header table", offset: ehdr.e_shoff, count: max(sectionCount, 1),
        entrySize: sectionEntry, origin: origin())
      // Section 0 is inside the image now: read its sh_size and sh_info as libelf does.
      let zero = Int(ehdr.e_shoff)
      if sectionCount == 0 {
        sectionCount = is64 ? reader.u64(at: zero + 32) : UInt64(reader.u32(at: zero + 20))
      }
      if segmentCount == UInt64(PN_XNUM) {
        segmentCount = UInt64(reader.u32(at: zero + (is64 ? 44 : 28)))
      }
      try extent.requireTable(
        "section header table", offset: ehdr.e_shoff, count: sectionCount, entrySize: sectionEntry,
        origin: origin())
    }
    if ehdr.e_phoff != 0 && segmentCount > 0 {
      try extent.requireTable(
        "program header table", offset: ehdr.e_phoff, count: segmentCount, entrySize: segmentEntry,
        origin: origin())
    }
  }

  /// The section headers (where their names lie included), the section name table and its index.
  private struct SectionTable {
    var headers: [SectionHeader] = []
    var names: StringTableStorage?
    var namesIndex = 0
  }

  private static func readSections(_ handle: ElfHandle, extent: ImageExtent) throws(ElfError)
    -> SectionTable
  {
    func origin() -> ElfOrigin { handle.origin }
    let inPlace = handle.inPlace
    var count = 0
    var namesIndex = 0
    if let inPlace {
      let ehdr = inPlace.fileHeader
      (count, namesIndex) = (Int(ehdr.e_shnum), Int(ehdr.e_shstrndx))
    } else {
      let elf = try handle.descriptor()
      guard elf_getshdrnum(elf, &count) == 0 else {
        throw origin().error("bad section header table: \(Libelf.lastError())")
      }
      guard count > 0 else { return SectionTable() }
      guard elf_getshdrstrndx(elf, &namesIndex) == 0 else {
        throw origin().error("bad section name table index: \(Libelf.lastError())")
      }
    }
    func header(_ index: Int) throws(ElfError) -> GElf_Shdr {
      if let inPlace { return inPlace.sectionHeader(at: index) }
      var shdr = GElf_Shdr()
      guard let scn = elf_getscn(try handle.descriptor(), index), gelf_getshdr(scn, &shdr) != nil
      else {
        throw origin().error("section header \(index): \(Libelf.lastError())")
      }
      return shdr
    }
    // libelf reads the whole header table at the first header asked for: a bad table fails at header 0.
    _ = try header(0)
    var names: StringTableStorage?
    if namesIndex != 0 {
      guard namesIndex < count, try header(namesIndex).sh_type == SHT_STRTAB else {
        throw origin().error("section name table index \(namesIndex) is not a string table")
      }
      let table = try header(namesIndex)
      names = try sectionBytes(
        handle, index: namesIndex, extent: SectionExtent(table), image: extent,
        label: "section name table \(namesIndex)",
        origin: origin()
      ).map { StringTableStorage(owner: handle, bytes: $0) }
    }
    var table = SectionTable(names: names, namesIndex: namesIndex)
    table.headers.reserveCapacity(count)
    var budget = NameBudget(tableSize: names?.bytes.count ?? 0)
    let nameTable = names?.bytes  // not `names`: binding the storage in the loop would retain it per section
    for index in 0..<count {
      let shdr = try header(index)
      var nameLength = 0
      if let nameTable {
        guard let length = StringTableStorage.length(at: shdr.sh_name, in: nameTable) else {
          throw origin().error(
            "section \(index): name offset \(shdr.sh_name) is outside the section name table")
        }
        guard budget.charge(length) else {
          throw origin().error("section \(index): \(NameBudget.problem("the section name table"))")
        }
        nameLength = length
      }
      table.headers.append(
        SectionHeader(
          index: index, nameOffset: shdr.sh_name, nameLength: UInt32(nameLength),
          type: SectionType(rawValue: shdr.sh_type),
          flags: SectionFlags(rawValue: shdr.sh_flags), address: shdr.sh_addr,
          offset: shdr.sh_offset, size: shdr.sh_size, alignment: shdr.sh_addralign,
          entrySize: shdr.sh_entsize, link: shdr.sh_link, info: shdr.sh_info))
    }
    return table
  }

  private static func readProgramHeaders(
    _ handle: ElfHandle, origin: @autoclosure () -> ElfOrigin
  ) throws(ElfError)
    -> [ProgramHeader]
  {
    let elf = try handle.descriptor()
    var count = 0
    guard elf_getphdrnum(elf, &count) == 0 else {
      throw origin().error("bad program header table: \(Libelf.lastError())")
    }
    var result: [ProgramHeader] = []
    for index in 0..<count {
      var phdr = GElf_Phdr()
      guard gelf_getphdr(elf, Int32(index), &phdr) != nil else {
        throw origin().error("program header \(index): \(Libelf.lastError())")
      }
      result.append(
        ProgramHeader(
          index: index, type: SegmentType(rawValue: phdr.p_type), flags: phdr.p_flags,
          offset: phdr.p_offset,
          virtualAddress: phdr.p_vaddr, physicalAddress: phdr.p_paddr, fileSize: phdr.p_filesz,
          memorySize: phdr.p_memsz, alignment: phdr.p_align))
    }
    return result
  }

  /// The contents of section `index` converted to host byte order (raw: in file order); nil for `SHT_NOBITS`
  /// or empty. Throws, before libelf reads anything, when the section claims bytes outside `image`. Read in
  /// place where libelf would hand out the file's bytes unchanged (`InPlaceImage`).
  /// Call with the lock held; the bytes live as long as the handle.
  private static func sectionBytes(
    _ handle: ElfHandle, index: Int, extent section: SectionExtent, image: ImageExtent,
    label: @autoclosure () -> String,
    origin: @autoclosure () -> ElfOrigin, raw: Bool = false
  ) throws(ElfError) -> UnsafeRawBufferPointer? {
    guard section.hasContents else { return nil }
    try image.require(label(), offset: section.offset, count: section.size, origin: origin())
    if let inPlace = handle.inPlace,
      InPlaceImage.handsOutUnchanged(type: section.type, flags: section.flags, size: section.size)
    {
      guard section.size > 0 else { return nil }
      return UnsafeRawBufferPointer(
        rebasing: inPlace.bytes[Int(section.offset)..<Int(section.offset + section.size)])
    }
    guard let scn = elf_getscn(try handle.descriptor(), index) else {
      throw origin().error("no section \(index)")
    }
    guard let data = raw ? elf_rawdata(scn, nil) : elf_getdata(scn, nil) else {
      let code = elf_errno()
      if code == 0 { return nil }
      throw origin().error("\(label()): \(Libelf.message(code))")
    }
    guard let base = data.pointee.d_buf, data.pointee.d_size > 0 else { return nil }
    return UnsafeRawBufferPointer(start: base, count: data.pointee.d_size)
  }

  private func bytes(ofSection index: Int, raw: Bool = false) throws(ElfError)
    -> UnsafeRawBufferPointer?
  {
    guard index < sectionHeaders.count else { throw origin.error("no section \(index)") }
    return try Self.sectionBytes(
      handle, index: index, extent: SectionExtent(sectionHeaders[index]), image: extent,
      label: describe(index),
      origin: origin, raw: raw)
  }

  private func describe(_ index: Int) -> String {
    guard index < sectionHeaders.count, case let name = sectionNameBytes(at: index), !name.isEmpty
    else { return "section \(index)" }
    return "section \(index) (\(String(decoding: name, as: UTF8.self)))"
  }

  // MARK: Symbols

  /// The first symbol table of `kind`, or nil if the file has none.
  public func symbolTable(_ kind: SymbolTableKind = .symtab) throws(ElfError) -> SymbolTable? {
    guard let index = sectionHeaders.firstIndex(where: { $0.type == kind.sectionType }) else {
      return nil
    }
    return try symbolTable(at: index)
  }

  /// The symbol table in section `index` (`SHT_SYMTAB` or `SHT_DYNSYM`).
  /// Read once per file: the resolver, the report and the hazard checks all ask for the same tables.
  public func symbolTable(at index: Int) throws(ElfError) -> SymbolTable {
    try handle.lock.withLock { () throws(ElfError) in
      if let cached = symbolTables.tables[index] { return cached }
      let table = try readSymbolTable(at: index)
      symbolTables.tables[index] = table
      return table
    }
  }

  /// The function locator of the `.symtab` (`FunctionLocator(symbols:)`), made once per file: the reference
  /// sites, the cause attribution and the hazard checks of one check share it. Nil without a `.symtab`.
  /// (Made under its own lock, not libelf's: it reads no file, and a second thread may make it while another
  /// reads this file.)
  public func functionLocator() throws(ElfError) -> FunctionLocator? {
    guard let table = try symbolTable() else { return nil }
    return locator.withLock { made in
      if let made { return made }
      let locator = FunctionLocator(symbols: table.symbols)
      made = locator
      return locator
    }
  }

  /// Every section group (see `sectionGroups()`), read once and kept.
  var cachedSectionGroups: [SectionGroup]? {
    get { handle.lock.withLock { symbolTables.sectionGroups } }
    set { handle.lock.withLock { symbolTables.sectionGroups = newValue } }
  }

  /// The first symbol table of `kind` read in place (checked, not decoded), or nil if the file has none.
  /// Unlike `symbolTable`, nothing is kept: each call checks the table again.
  public func symbolEntries(_ kind: SymbolTableKind = .symtab) throws(ElfError) -> SymbolEntries? {
    guard let index = sectionHeaders.firstIndex(where: { $0.type == kind.sectionType }) else {
      return nil
    }
    return try handle.lock.withLock { () throws(ElfError) in try readSymbolEntries(at: index) }
  }

  /// Reads and checks the symbol table in section `index`. Call with the lock held.
  private func readSymbolTable(at index: Int) throws(ElfError) -> SymbolTable {
    SymbolTable(section: section(at: index), symbols: Array(try readSymbolEntries(at: index)))
  }

  /// Checks the symbol table in section `index` and its string table. Call with the lock held.
  private func readSymbolEntries(at index: Int) throws(ElfError) -> SymbolEntries {
    let section = section(at: index)
    let none = UnsafeRawBufferPointer(start: nil, count: 0)
    guard let data = try bytes(ofSection: index) else {
      return try SymbolEntries(
        section: section, entries: none, names: StringTableStorage(owner: handle, bytes: none),
        extendedIndices: nil,
        elfClass: header.elfClass, origin: origin, describe: describe(index))
    }
    guard Int(section.link) < sectionHeaders.count,
      sectionHeaders[Int(section.link)].type == .strtab
    else {
      throw origin.error(
        "\(describe(index)): linked string table \(section.link) is not a string table")
    }
    let names = StringTableStorage(
      owner: handle, bytes: try bytes(ofSection: Int(section.link)) ?? none)
    return try SymbolEntries(
      section: section, entries: data, names: names,
      extendedIndices: try extendedSectionIndices(forSymbolTable: index),
      elfClass: header.elfClass, origin: origin, describe: describe(index))
  }

  /// The `SHT_SYMTAB_SHNDX` words for the symbol table at `index` (as raw host-order bytes), if any.
  private func extendedSectionIndices(forSymbolTable index: Int) throws(ElfError)
    -> UnsafeRawBufferPointer?
  {
    guard
      let table = sectionHeaders.firstIndex(where: {
        $0.type == .symtabShndx && Int($0.link) == index
      })
    else { return nil }
    return try bytes(ofSection: table)
  }

  // MARK: Relocations

  /// Every `SHT_REL` and `SHT_RELA` section, read in place once per file and kept: later calls cost nothing.
  public func relocationTables() throws(ElfError) -> [RelocationTable] {
    try handle.lock.withLock { () throws(ElfError) in
      if let cached = symbolTables.relocationTables { return cached }
      var result: [RelocationTable] = []
      for table in sectionHeaders where table.type == .rel || table.type == .rela {
        let section = section(at: table.index)
        let bytes =
          try bytes(ofSection: section.index) ?? UnsafeRawBufferPointer(start: nil, count: 0)
        result.append(
          RelocationTable(
            section: section, target: Int(section.info), symbolTable: Int(section.link),
            entries: RelocationEntries(
              owner: handle, bytes: bytes, is64: header.elfClass == .elf64,
              explicitAddend: section.type == .rela)))
      }
      symbolTables.relocationTables = result
      return result
    }
  }

  // MARK: Notes and comments

  /// Notes from every `SHT_NOTE` section and, where there are program headers, every `PT_NOTE` segment.
  public func notes() throws(ElfError) -> [Note] {
    try handle.lock.withLock { () throws(ElfError) in
      var result: [Note] = []
      for section in sections where section.type == .note {
        guard let data = try bytes(ofSection: section.index, raw: true) else { continue }
        result += try parseNotes(
          data, alignment: section.alignment == 8 ? 8 : 4, source: .section(section.name))
      }
      for segment in programHeaders where segment.type == .note && segment.fileSize > 0 {
        try extent.require(
          "PT_NOTE #\(segment.index)", offset: segment.offset, count: segment.fileSize,
          origin: origin)
        guard
          let chunk = elf_getdata_rawchunk(
            try handle.descriptor(), Int64(segment.offset), Int(segment.fileSize), ELF_T_BYTE),
          let base = chunk.pointee.d_buf
        else {
          throw origin.error("PT_NOTE #\(segment.index): \(Libelf.lastError())")
        }
        result += try parseNotes(
          UnsafeRawBufferPointer(start: base, count: chunk.pointee.d_size),
          alignment: segment.alignment == 8 ? 8 : 4,
          source: .segment(segment.index))
      }
      return result
    }
  }

  private func parseNotes(_ data: UnsafeRawBufferPointer, alignment: Int, source: NoteSource)
    throws(ElfError) -> [Note]
  {
    switch Note.parse(data, byteOrder: header.byteOrder, alignment: alignment, source: source) {
    case .success(let notes): return notes
    case .failure(let error): throw origin.error("\(source): \(error.problem)")
    }
  }

  /// The NUL-separated strings of `.comment` (compiler and linker identification).
  public func comments() throws(ElfError) -> [String] {
    guard let section = sections.first(where: { $0.name == ".comment" && $0.hasContents }) else {
      return []
    }
    return try handle.lock.withLock { () throws(ElfError) in
      guard let data = try bytes(ofSection: section.index, raw: true) else { return [] }
      return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
  }

  /// The raw bytes of section `index` in file byte order, copied (empty for `SHT_NOBITS`).
  public func contents(ofSection index: Int) throws(ElfError) -> [UInt8] {
    try handle.lock.withLock { () throws(ElfError) in
      try bytes(ofSection: index, raw: true).map { Array($0) } ?? []
    }
  }
}

/// Where a section's bytes lie in the image, from its header.
private struct SectionExtent {
  var hasContents: Bool
  var offset: UInt64
  var size: UInt64
  /// `sh_type` and `sh_flags`: whether libelf converts the bytes.
  var type: UInt32
  var flags: UInt64

  init(_ shdr: GElf_Shdr) {
    hasContents = shdr.sh_type != SHT_NOBITS
    offset = shdr.sh_offset
    size = shdr.sh_size
    type = shdr.sh_type
    flags = shdr.sh_flags
  }

  init(_ section: SectionHeader) {
    hasContents = section.type != .nobits
    offset = section.offset
    size = section.size
    type = section.type.rawValue
    flags = section.flags.rawValue
  }
}

/// One `Elf32_Sym`/`Elf64_Sym` read from host-order table bytes.
struct RawSymbol {
  var name: UInt32
  var info: UInt8
  var other: UInt8
  var sectionIndex: UInt16
  var value: UInt64
  var size: UInt64

  /// `st_name` of the entry at `offset` (the first word in both classes).
  static func nameOffset(_ data: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
    data.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
  }

  /// `st_info` of the entry at `offset`.
  static func info(_ data: UnsafeRawBufferPointer, at offset: Int, elfClass: ElfClass) -> UInt8 {
    data[offset + (elfClass == .elf64 ? 4 : 12)]
  }

  init(_ data: UnsafeRawBufferPointer, at offset: Int, elfClass: ElfClass) {
    name = data.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
    if elfClass == .elf64 {
      info = data[offset + 4]
      other = data[offset + 5]
      sectionIndex = data.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self)
      value = data.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
      size = data.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)
    } else {
      value = UInt64(data.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
      size = UInt64(data.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self))
      info = data[offset + 12]
      other = data[offset + 13]
      sectionIndex = data.loadUnaligned(fromByteOffset: offset + 14, as: UInt16.self)
    }
  }
}

/// The symbol tables an `ElfFile` has read. Only touched with the file's libelf lock held.
private final class SymbolTableCache: @unchecked Sendable {
  var tables: [Int: SymbolTable] = [:]
  /// The section groups, once read.
  var sectionGroups: [SectionGroup]?
  /// The relocation sections, once read.
  var relocationTables: [RelocationTable]?
}

/// The named section header table, made once per file.
private final class SectionList: Sendable {
  let sections: [Section]

  init(_ sections: [Section]) { self.sections = sections }
}
