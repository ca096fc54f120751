import ElfKit

/// Which symbols to list and in what order: GNU nm's selection options.
public struct SymbolListingOptions: Sendable, Hashable {
  /// Sort by name in C byte order (`nm` default); false keeps symbol-table order (`-p`).
  public var sorted = true
  /// Only undefined symbols (`-u`).
  public var undefinedOnly = false
  /// Only defined symbols (`--defined-only`).
  public var definedOnly = false
  /// Only external symbols: global, weak, unique, undefined or common (`-g`).
  public var externalOnly = false
  /// The dynamic symbol table instead of `.symtab` (`-D`).
  public var dynamic = false

  public init() {}
}

/// One symbol as nm shows it: the ELF symbol plus what nm derives from it.
public struct ListedSymbol: Sendable {
  public var symbol: Symbol
  /// The nm class letter (`T`, `U`, `w`…).
  public var letter: UInt8
  /// The value nm prints (commons show their size).
  public var displayValue: UInt64
  /// `@VERSION` or `@@VERSION` for versioned dynamic symbols, as nm appends it.
  public var versionSuffix: String?

  /// Undefined symbols (`U`, `w`, `v`) print a blank value.
  public var hasBlankValue: Bool { symbol.section == .undefined }
}

/// The listed symbols of one ELF file.
public struct SymbolList: Sendable {
  public var file: ElfFile
  /// Nil when the file has no symbol table of the requested kind, or only its null entry: nm's "no symbols".
  public var symbols: ListedSymbols?
}

/// What nm shows of one listed symbol but its name and version: plain values, nothing reference-counted, so a
/// listing of a large archive pays no retain and release per symbol.
public struct ListedLine: Sendable {
  public var fields: SymbolFields
  /// The nm class letter (`T`, `U`, `w`…).
  public var letter: UInt8
  /// The value nm prints (commons show their size).
  public var displayValue: UInt64

  /// Undefined symbols (`U`, `w`, `v`) print a blank value.
  public var hasBlankValue: Bool { fields.section == .undefined }
}

/// The symbols nm lists, in its order: positions into the table read in place, each symbol decoded and
/// classified as it is read (four bytes per listed symbol).
public struct ListedSymbols: RandomAccessCollection, Sendable {
  let table: SymbolEntries
  let order: [UInt32]
  let classifier: SymbolClassifier
  let versions: SymbolVersions?

  public var startIndex: Int { 0 }
  public var endIndex: Int { order.count }

  public subscript(position: Int) -> ListedSymbol {
    let line = line(table.fields(at: Int(order[position])))
    return ListedSymbol(
      symbol: table[line.fields.index], letter: line.letter, displayValue: line.displayValue,
      versionSuffix: versionSuffix(at: position))
  }

  /// Calls `body` with each listed symbol in order: what nm shows of it but its name, the name's bytes where
  /// the string table holds them, and its version suffix. Nothing is reference-counted per symbol.
  public func forEachLine(
    _ body: (ListedLine, UnsafeRawBufferPointer, _ versionSuffix: String?) throws -> Void
  ) rethrows {
    var position = 0
    try table.forEach(at: order) { fields, name in
      try body(line(fields), name, versionSuffix(at: position))
      position += 1
    }
  }

  private func line(_ fields: SymbolFields) -> ListedLine {
    ListedLine(
      fields: fields, letter: classifier.letter(for: fields),
      displayValue: classifier.displayValue(fields))
  }

  /// `@VERSION` or `@@VERSION` for a versioned dynamic symbol at `position`, as nm appends it.
  private func versionSuffix(at position: Int) -> String? {
    guard let versions else { return nil }
    return SymbolLister.versionSuffix(of: table[Int(order[position])], in: versions)
  }
}

/// Lists symbols exactly as GNU nm 2.40 selects, classifies and orders them.
public enum SymbolLister {
  public static func list(_ file: ElfFile, options: SymbolListingOptions) throws(ElfError)
    -> SymbolList
  {
    guard let table = try file.symbolEntries(options.dynamic ? .dynsym : .symtab), table.count > 1
    else {
      return SymbolList(file: file, symbols: nil)
    }
    let classifier = SymbolClassifier(file)
    var order: [UInt32] = []
    order.reserveCapacity(table.count)
    // Each entry's type is read alone; its fields are decoded only when an option selects among them.
    let selectsAll = !options.undefinedOnly && !options.definedOnly && !options.externalOnly
    for position in table.indices
    where SymbolClassifier.isListed(index: position, type: table.type(at: position)) {
      if selectsAll || isSelected(table.fields(at: position), classifier, options) {
        order.append(UInt32(position))
      }
    }
    if options.sorted { order = table.sortedByName(order) }
    let versions = options.dynamic ? try file.symbolVersions() : nil
    return SymbolList(
      file: file,
      symbols: ListedSymbols(table: table, order: order, classifier: classifier, versions: versions)
    )
  }

  /// nm's `filter_symbols`.
  private static func isSelected(
    _ symbol: SymbolFields, _ classifier: SymbolClassifier, _ options: SymbolListingOptions
  ) -> Bool {
    if options.undefinedOnly { return symbol.isUndefined }
    if options.definedOnly && symbol.isUndefined { return false }
    if options.externalOnly {
      return symbol.binding == .global || symbol.binding == .weak || symbol.binding == .gnuUnique
        || symbol.isUndefined || classifier.isCommon(symbol)
    }
    return true
  }

  /// BFD's `_bfd_elf_get_symbol_version_string` and nm's choice of `@` or `@@`.
  static func versionSuffix(of symbol: Symbol, in versions: SymbolVersions) -> String? {
    guard symbol.index < versions.entries.count else { return nil }
    let entry = versions.entries[symbol.index]
    var hidden = entry & 0x8000 != 0
    let number = Int(entry & 0x7fff)
    let name: String
    if number == 0 {
      return nil
    } else if number == 1
      && (number > versions.definitionCount || versions.definitions[1]?.flags == 1)
    {
      return nil
    } else if number <= versions.definitionCount {
      guard let definition = versions.definitions[number]?.name, !symbol.name.equals(definition)
      else { return nil }
      name = definition
    } else if let needed = versions.needs[number] {
      hidden = true
      name = needed
    } else {
      name = "<corrupt>"
    }
    return (hidden || symbol.isUndefined ? "@" : "@@") + name
  }
}
