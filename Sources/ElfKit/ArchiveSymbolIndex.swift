#if canImport(Glibc)
  import Glibc
#endif

/// The archive's symbol index (armap): which member to extract for which global symbol. `ld` trusts it
/// without looking at the members, so it is parsed and checked on its own.
public struct ArchiveSymbolIndex: Sendable {
  /// One entry: a symbol name and the header offset of the member said to define it.
  public struct Entry: Sendable, Hashable {
    public var name: String
    public var memberHeaderOffset: Int
    /// Position in `Archive.members` of the member at that offset, nil if no member starts there.
    public var member: Int?
  }

  public var entries: [Entry]

  /// Entries whose offset is not the header of any member.
  public var danglingEntries: [Entry] { entries.filter { $0.member == nil } }

  /// Reads the index bytes; throws a message when it claims more than it holds.
  static func parse(
    _ bytes: UnsafeRawBufferPointer, format: ArchiveLayout.IndexFormat, memberAtOffset: [Int: Int]
  ) throws(ArchiveFormatError) -> ArchiveSymbolIndex {
    var entries: [Entry] = []
    try walk(bytes, format: format) { name, offset in
      entries.append(
        Entry(
          name: String(decoding: name, as: UTF8.self), memberHeaderOffset: offset,
          member: memberAtOffset[offset]))
    }
    return ArchiveSymbolIndex(entries: entries)
  }

  /// Calls `body` with each entry's name bytes (no NUL) and member header offset, in index order; throws a
  /// message when the index claims more than it holds (after the entries before the fault).
  static func walk(
    _ bytes: UnsafeRawBufferPointer, format: ArchiveLayout.IndexFormat,
    _ body: (UnsafeRawBufferPointer, Int) -> Void
  ) throws(ArchiveFormatError) {
    let big = ByteReader(bytes: bytes, byteOrder: .bigEndian)
    switch format {
    case .gnu32, .gnu64:
      let width = format == .gnu32 ? 4 : 8
      guard bytes.count >= width else { throw .init("symbol index is truncated") }
      let claimed = format == .gnu32 ? UInt64(big.u32(at: 0)) : big.u64(at: 0)
      guard claimed <= UInt64((bytes.count - width) / width) else {
        throw .init("symbol index claims \(claimed) entries but holds room for \((bytes.count - width) / width)")
      }
      var cursor = width * (Int(claimed) + 1)
      for position in 0..<Int(claimed) {
        guard cursor < bytes.count else {
          throw .init("symbol index claims \(claimed) names but holds \(position)")
        }
        let at = width + position * width
        let offset = Int(truncatingIfNeeded: format == .gnu32 ? UInt64(big.u32(at: at)) : big.u64(at: at))
        let rest = UnsafeRawBufferPointer(rebasing: bytes[cursor...])
        let length = memchr(rest.baseAddress!, 0, rest.count).map { rest.baseAddress!.distance(to: $0) } ?? rest.count
        body(UnsafeRawBufferPointer(rebasing: rest[..<length]), offset)
        cursor += length + 1
      }
    case .bsd:
      let little = ByteReader(bytes: bytes, byteOrder: .littleEndian)
      guard bytes.count >= 4 else { throw .init("symbol index is truncated") }
      let tableSize = Int(little.u32(at: 0))
      guard tableSize % 8 == 0, tableSize <= bytes.count - 8 else { throw .init("symbol index claims a table past its end") }
      let stringsSize = Int(little.u32(at: 4 + tableSize))
      let namesStart = 8 + tableSize
      guard stringsSize <= bytes.count - namesStart else { throw .init("symbol index claims names past its end") }
      var budget = NameBudget(tableSize: stringsSize)
      let strings = UnsafeRawBufferPointer(rebasing: bytes[namesStart..<namesStart + stringsSize])
      for position in 0..<tableSize / 8 {
        let nameOffset = Int(little.u32(at: 4 + position * 8))
        let memberOffset = Int(little.u32(at: 8 + position * 8))
        guard nameOffset < stringsSize else { throw .init("symbol index entry \(position) names a string past its end") }
        guard let name = budget.name(at: nameOffset, in: strings) else { throw .init(NameBudget.problem("the symbol index")) }
        body(name, memberOffset)
      }
    }
  }
}

/// A way the symbol index disagrees with the members it indexes.
public enum ArchiveIndexDiscrepancy: Sendable, Hashable, CustomStringConvertible {
  /// The entry's offset is not the start of any member.
  case dangling(symbol: String, offset: Int)
  /// The entry names a member that does not define the symbol.
  case notDefined(symbol: String, member: String)
  /// A member defines a global symbol the index does not list (`ld` will never extract it for that symbol).
  case missing(symbol: String, member: String)

  public var description: String {
    switch self {
    case .dangling(let symbol, let offset): "index entry '\(symbol)' points at offset \(offset), where no member starts"
    case .notDefined(let symbol, let member): "index says \(member) defines '\(symbol)', but it does not"
    case .missing(let symbol, let member): "\(member) defines '\(symbol)', but the index does not list it"
    }
  }
}

extension Archive {
  /// Compares the symbol index with what the members define, the way `ar s` builds it: every defined global,
  /// weak, unique or common symbol. Opens every member. Empty when the index is faithful (or absent).
  public func symbolIndexDiscrepancies() throws(ElfError) -> [ArchiveIndexDiscrepancy] {
    guard let index = try symbolIndex() else { return [] }
    var defined: [Set<String>] = []
    for member in members {
      var names = Set<String>()
      if case .object(let file) = try member.open(), let table = try file.symbolTable() {
        let classifier = SymbolClassifier(file)
        for symbol in table.symbols
        where !symbol.isUndefined && (symbol.binding != .local || classifier.isCommon(symbol)) {
          names.insert(symbol.name.string)
        }
      }
      defined.append(names)
    }
    var problems: [ArchiveIndexDiscrepancy] = []
    var listed = Set<[String]>()
    for entry in index.entries {
      guard let position = entry.member else {
        problems.append(.dangling(symbol: entry.name, offset: entry.memberHeaderOffset))
        continue
      }
      listed.insert([entry.name, members[position].name])
      if !defined[position].contains(entry.name) {
        problems.append(.notDefined(symbol: entry.name, member: members[position].name))
      }
    }
    for (position, names) in defined.enumerated() {
      for name in names.sorted() where !listed.contains([name, members[position].name]) {
        problems.append(.missing(symbol: name, member: members[position].name))
      }
    }
    return problems
  }
}
