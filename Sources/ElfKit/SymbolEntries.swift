import CLibelf

#if canImport(Glibc)
  import Glibc
#endif

/// A symbol table read in place: every entry checked when the table is opened, each decoded only when asked for,
/// nothing copied. What `symbols` lists from (a million-symbol table costs its file's pages, not 64 bytes per
/// symbol); `ElfFile.symbolTable` keeps the decoded `Symbol`s for callers that look symbols up again and again.
public struct SymbolEntries: RandomAccessCollection, @unchecked Sendable {
  /// The `SHT_SYMTAB` or `SHT_DYNSYM` section.
  public let section: Section
  private let entries: UnsafeRawBufferPointer
  private let names: StringTableStorage
  /// The `SHT_SYMTAB_SHNDX` words, if the table has them.
  private let extendedIndices: UnsafeRawBufferPointer?
  private let elfClass: ElfClass

  /// Checks every entry: name offsets inside the string table, the names within their budget, `SHN_XINDEX`
  /// entries backed by `SHT_SYMTAB_SHNDX` words. `describe` names the table in messages.
  init(
    section: Section, entries: UnsafeRawBufferPointer, names: StringTableStorage,
    extendedIndices: UnsafeRawBufferPointer?, elfClass: ElfClass,
    origin: @autoclosure () -> ElfOrigin,
    describe: @autoclosure () -> String
  ) throws(ElfError) {
    (self.section, self.entries, self.names, self.extendedIndices, self.elfClass) =
      (section, entries, names, extendedIndices, elfClass)
    var budget = NameBudget(tableSize: names.bytes.count)
    // A table that ends with a NUL terminates every name that starts inside it, and when even names running to
    // its end would fit the budget, no name needs measuring: then an offset inside the table is all there is
    // to check (real tables; a million-symbol object is measured).
    let tableSize = names.bytes.count
    let unmeasured = names.bytes.last == 0 && budget.covers(count, eachAtMost: tableSize)
    for position in 0..<count {
      let entry = RawSymbol(entries, at: position * entrySize, elfClass: elfClass)
      let nameLength =
        unmeasured ? (Int(entry.name) < tableSize ? 0 : nil) : names.length(at: entry.name)
      guard let nameLength else {
        throw origin().error(
          "\(describe()): symbol \(position) has name offset \(entry.name) outside its string table "
            + "(\(tableSize) bytes)")
      }
      guard unmeasured || budget.charge(nameLength) else {
        throw origin().error(
          "\(describe()): symbol \(position): \(NameBudget.problem("string table \(section.link)"))"
        )
      }
      if entry.sectionIndex == UInt16(SHN_XINDEX) {
        guard let extendedIndices, position < extendedIndices.count / 4 else {
          throw origin().error(
            "\(describe()): symbol \(position) uses SHN_XINDEX but there is no SHT_SYMTAB_SHNDX entry for it"
          )
        }
      }
    }
  }

  private var entrySize: Int { elfClass == .elf64 ? 24 : 16 }

  public var startIndex: Int { 0 }
  public var endIndex: Int { entries.count / entrySize }

  /// Entry `position`, decoded.
  public subscript(position: Int) -> Symbol {
    Symbol(fields(at: position), name: names.string(at: nameOffset(at: position))!)
  }

  /// Entry `position` decoded but for its name: nothing to reference-count.
  public func fields(at position: Int) -> SymbolFields {
    let entry = RawSymbol(entries, at: position * entrySize, elfClass: elfClass)
    let extended = entry.sectionIndex == UInt16(SHN_XINDEX)
    let shndx =
      extended
      ? extendedIndices!.loadUnaligned(fromByteOffset: position * 4, as: UInt32.self)
      : UInt32(entry.sectionIndex)
    return SymbolFields(
      index: position, value: entry.value, size: entry.size,
      binding: SymbolBinding(rawValue: entry.info >> 4),
      type: SymbolType(rawValue: entry.info & 0xf),
      visibility: SymbolVisibility(rawValue: entry.other & 3)!,
      section: Self.symbolSection(shndx, extended: extended))
  }

  /// The type of entry `position` (`st_info`'s low nibble), read alone.
  public func type(at position: Int) -> SymbolType {
    let info = RawSymbol.info(entries, at: position * entrySize, elfClass: elfClass)
    return SymbolType(rawValue: info & 0xf)
  }

  /// Calls `body` with the fields and the name bytes of the entries at `positions`, in that order.
  public func forEach(
    at positions: [UInt32], _ body: (SymbolFields, UnsafeRawBufferPointer) throws -> Void
  ) rethrows {
    for position in positions {
      try body(fields(at: Int(position)), name(at: Int(position)))
    }
  }

  /// The name bytes of entry `position` where the string table holds them (checked when the table was opened).
  private func name(at position: Int) -> UnsafeRawBufferPointer {
    let base = names.bytes.baseAddress! + Int(nameOffset(at: position))
    return UnsafeRawBufferPointer(
      start: base, count: strlen(base.assumingMemoryBound(to: CChar.self)))
  }

  private func nameOffset(at position: Int) -> UInt32 {
    RawSymbol.nameOffset(entries, at: position * entrySize)
  }

  /// `positions` in C byte order of their names, equal names in their given order (a stable sort), comparing
  /// the bytes where the string table holds them. Sixteen bytes of key per symbol.
  public func sortedByName(_ positions: [UInt32]) -> [UInt32] {
    struct Key {
      /// The first eight bytes, big-endian and zero-padded: most comparisons end here, without `memcmp`.
      var prefix: UInt64
      var position: UInt32
      var count: UInt32
    }
    // Only pointers are captured: a closure holding `self` would retain its references at every call.
    let (base, entries, entrySize) = (names.bytes.baseAddress!, entries, entrySize)
    func nameOffset(at position: UInt32) -> UInt32 {
      RawSymbol.nameOffset(entries, at: Int(position) * entrySize)
    }
    var keys = positions.map { position in
      let offset = Int(nameOffset(at: position))
      let length = Int(strlen(base.advanced(by: offset).assumingMemoryBound(to: CChar.self)))
      var prefix: UInt64 = 0
      for index in 0..<8 {
        prefix =
          prefix << 8
          | (index < length ? UInt64(base.load(fromByteOffset: offset + index, as: UInt8.self)) : 0)
      }
      return Key(prefix: prefix, position: position, count: UInt32(length))
    }
    keys.sort { a, b in
      if a.prefix != b.prefix { return a.prefix < b.prefix }
      let common = Int(Swift.min(a.count, b.count))
      if common > 8 {
        let left = base + Int(nameOffset(at: a.position))
        let right = base + Int(nameOffset(at: b.position))
        let order = memcmp(left + 8, right + 8, common - 8)
        if order != 0 { return order < 0 }
      }
      return a.count != b.count ? a.count < b.count : a.position < b.position
    }
    return keys.map(\.position)
  }

  static func symbolSection(_ index: UInt32, extended: Bool) -> SymbolSection {
    if extended { return .index(Int(index)) }
    switch index {
    case UInt32(SHN_UNDEF): return .undefined
    case UInt32(SHN_ABS): return .absolute
    case UInt32(SHN_COMMON): return .common
    case UInt32(SHN_LORESERVE)...: return .reserved(UInt16(index))
    default: return .index(Int(index))
    }
  }
}
