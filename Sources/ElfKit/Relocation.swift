import Synchronization

/// One relocation entry of a `SHT_REL` or `SHT_RELA` section.
public struct Relocation: Sendable, Hashable {
  /// Offset in the section the relocation applies to (address in executables).
  public var offset: UInt64
  /// Machine-specific relocation type (`R_X86_64_PLT32`…).
  public var type: UInt32
  /// Index into the symbol table the relocation section links to (0: none).
  public var symbolIndex: Int
  /// The explicit addend of `SHT_RELA`; nil for `SHT_REL`.
  public var addend: Int64?
}

/// A relocation section read in place: its entries decoded only when asked for, nothing copied. Made once per
/// file (`ElfFile.relocationTables()`), so the resolver's reference sites, the call graph, the unit graph and the
/// hazard scans of one check share one reading instead of decoding every section again each.
public struct RelocationTable: Sendable {
  /// The `SHT_REL`/`SHT_RELA` section itself.
  public let section: Section
  /// Index of the section the relocations apply to (`sh_info`); 0 for dynamic relocations.
  public let target: Int
  /// Index of the symbol table the entries refer to (`sh_link`).
  public let symbolTable: Int
  public let entries: RelocationEntries
}

/// The entries of one `SHT_REL`/`SHT_RELA` section in place (host byte order, as libelf gives them).
public struct RelocationEntries: RandomAccessCollection, @unchecked Sendable {
  /// Keeps the bytes' file open.
  private let owner: AnyObject?
  @usableFromInline let bytes: UnsafeRawBufferPointer
  @usableFromInline let is64: Bool
  @usableFromInline let explicitAddend: Bool
  @usableFromInline let entrySize: Int

  init(owner: AnyObject?, bytes: UnsafeRawBufferPointer, is64: Bool, explicitAddend: Bool) {
    (self.owner, self.bytes, self.is64, self.explicitAddend) = (owner, bytes, is64, explicitAddend)
    entrySize = (is64 ? 16 : 8) + (explicitAddend ? (is64 ? 8 : 4) : 0)
  }

  @inlinable public var startIndex: Int { 0 }
  @inlinable public var endIndex: Int { bytes.count / entrySize }

  /// Entry `position`, decoded.
  public subscript(position: Int) -> Relocation {
    let base = position * entrySize
    return Relocation(
      offset: offset(at: position), type: type(at: position),
      symbolIndex: symbolIndex(at: position),
      addend: !explicitAddend
        ? nil
        : is64
          ? bytes.loadUnaligned(fromByteOffset: base + 16, as: Int64.self)
          : Int64(bytes.loadUnaligned(fromByteOffset: base + 8, as: Int32.self)))
  }

  /// The symbol index of entry `position`, without decoding the rest.
  @inlinable public func symbolIndex(at position: Int) -> Int {
    let info = info(at: position * entrySize)
    return Int(is64 ? info >> 32 : info >> 8)
  }

  /// The machine-specific type of entry `position`, without decoding the rest.
  @inlinable public func type(at position: Int) -> UInt32 {
    let info = info(at: position * entrySize)
    return is64 ? UInt32(truncatingIfNeeded: info) : UInt32(info & 0xff)
  }

  /// The offset of entry `position`, without decoding the rest.
  @inlinable public func offset(at position: Int) -> UInt64 {
    is64
      ? bytes.loadUnaligned(fromByteOffset: position * entrySize, as: UInt64.self)
      : UInt64(bytes.loadUnaligned(fromByteOffset: position * entrySize, as: UInt32.self))
  }

  @usableFromInline func info(at base: Int) -> UInt64 {
    is64
      ? bytes.loadUnaligned(fromByteOffset: base + 8, as: UInt64.self)
      : UInt64(bytes.loadUnaligned(fromByteOffset: base + 4, as: UInt32.self))
  }
}

/// Finds the function a section offset lies in, from a symbol table: a function symbol whose
/// `[value, value + size)` covers the offset, else the closest symbol at or before it in that section.
public struct FunctionLocator: Sendable {
  private struct Span: Sendable {
    var section: Int
    var start: UInt64
    var end: UInt64
    var symbol: Int

    /// By section, then by start, the longer first where two start together, then in symbol-table order.
    static func precedes(_ a: Span, _ b: Span) -> Bool {
      (a.section, a.start, b.end, a.symbol) < (b.section, b.start, a.end, b.symbol)
    }
  }
  /// Every span, in `Span.precedes` order: one array, however many sections (a complete object built with
  /// `-ffunction-sections` has one per function).
  private let spans: [Span]
  /// The sections that have spans, ascending; `firsts[i]..<firsts[i + 1]` are section `sections[i]`'s spans.
  private let sections: [Int]
  private let firsts: [Int]
  private let symbols: [Symbol]
  /// The name of every indexed symbol asked about, made once (see `functionName(containing:inSection:)`).
  private let names = FunctionNames()

  /// Indexes the function and untyped code symbols of `symbols` (a whole `.symtab`); with `includingData`,
  /// data objects too (to attribute relocations in data sections).
  public init(symbols: [Symbol], includingData: Bool = false) {
    var spans: [Span] = []
    for symbol in symbols
    where symbol.type == .function || symbol.type == .notype || symbol.type == .gnuIndirectFunction
      || (includingData && symbol.type == .object)
    {
      guard case .index(let section) = symbol.section, !symbol.name.isEmpty else { continue }
      spans.append(
        Span(
          section: section, start: symbol.value, end: symbol.value &+ symbol.size,
          symbol: symbol.index))
    }
    Self.order(&spans)
    var sections: [Int] = []
    var firsts: [Int] = []
    for (position, span) in spans.enumerated() where sections.last != span.section {
      sections.append(span.section)
      firsts.append(position)
    }
    firsts.append(spans.count)
    (self.spans, self.sections, self.firsts, self.symbols) = (spans, sections, firsts, symbols)
  }

  /// Puts `spans` in `Span.precedes` order: grouped by section with a counting sort (stable: symbol-table order
  /// within a section) where section numbers are dense, as in any real object, then each section's few spans
  /// sorted; one comparison sort of them all otherwise (hostile section numbers).
  private static func order(_ spans: inout [Span]) {
    guard let largest = spans.lazy.map(\.section).max() else { return }
    guard largest < 4 * spans.count + 65_536 else {
      spans.sort(by: Span.precedes)
      return
    }
    var firsts = [Int](repeating: 0, count: largest + 2)
    for span in spans { firsts[span.section + 1] += 1 }
    for section in 1..<firsts.count { firsts[section] += firsts[section - 1] }
    var next = firsts
    var grouped = spans
    for span in spans {
      grouped[next[span.section]] = span
      next[span.section] += 1
    }
    for section in 0...largest where firsts[section + 1] - firsts[section] > 1 {
      grouped[firsts[section]..<firsts[section + 1]].sort(by: Span.precedes)
    }
    spans = grouped
  }

  /// The symbol of the function containing `offset` of section `section`, or nil if none precedes it.
  public func function(containing offset: UInt64, inSection section: Int) -> Symbol? {
    functionIndex(containing: offset, inSection: section).map { symbols[$0] }
  }

  /// The symbol-table index of `function(containing:inSection:)`: nothing is copied.
  public func functionIndex(containing offset: UInt64, inSection section: Int) -> Int? {
    // The section's place among those with spans.
    var low = 0
    var high = sections.count
    while low < high {
      let mid = (low + high) / 2
      if sections[mid] < section { low = mid + 1 } else { high = mid }
    }
    guard low < sections.count, sections[low] == section else { return nil }
    let first = firsts[low]
    // Last span starting at or before the offset.
    (low, high) = (first, firsts[low + 1])
    while low < high {
      let mid = (low + high) / 2
      if spans[mid].start <= offset { low = mid + 1 } else { high = mid }
    }
    guard low > first else { return nil }
    // Prefer a sized symbol that covers the offset; functions rarely nest, so look a short way back.
    let nearest = low - 1
    let covering = spans[max(first, nearest - 63)...nearest].last {
      $0.end > offset && $0.end > $0.start
    }
    return (covering ?? spans[nearest]).symbol
  }

  /// The name of the function containing `offset`, one string per function: the sites in a function share it,
  /// so a hostile object that refers thousands of times from inside a function with a name of a megabyte costs a
  /// megabyte, not gigabytes.
  public func functionName(containing offset: UInt64, inSection section: Int) -> String? {
    functionIndex(containing: offset, inSection: section).map { names.name(of: symbols[$0]) }
  }
}

/// The names of a locator's functions, made on first use: a complete object has a hundred thousand functions
/// and a check asks for the few that refer to missing names.
private final class FunctionNames: Sendable {
  private let made = Mutex([Int: String]())

  func name(of symbol: Symbol) -> String {
    made.withLock { names in
      if let known = names[symbol.index] { return known }
      let name = symbol.name.string
      names[symbol.index] = name
      return name
    }
  }
}
