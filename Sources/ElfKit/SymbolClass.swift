#if canImport(Glibc)
  import Glibc
#endif

/// The one-letter symbol class GNU nm (binutils 2.40) prints, computed the way BFD does: from the symbol's
/// binding and type and from its section's *flags* (not its name), with upper case for globals.
///
/// `U` undefined, `w`/`v` weak undefined (object: `v`), `C` common, `i` indirect function, `W`/`V` weak,
/// `u` unique, `A`/`a` absolute, `T` code, `D` data, `R` read-only data, `B` no contents, `N` debugging,
/// `n` other read-only, `?` unknown.
public struct SymbolClassifier: Sendable {
  /// Lower-case letter per section index, as BFD's `decode_section_type`; `a` where BFD makes no section.
  private let sectionLetters: [UInt8]
  private let machine: Machine

  public init(_ file: ElfFile) {
    machine = file.header.machine
    let sections = file.sectionHeaders
    // 0 until classified; `a` first where BFD makes no section, so those are never classified. Appended, not
    // `Array(repeating:count:)`: that one allocates through the unspecialised array code, which looks up the
    // storage's generic metadata at every call (1.0 M instructions of `symbols libc.a`'s 2,070 members).
    var letters: [UInt8] = []
    letters.reserveCapacity(sections.count)
    for _ in sections.indices { letters.append(0) }
    func markWithoutBFDSection(_ index: Int) {
      if index < letters.count { letters[index] = UInt8(ascii: "a") }
    }
    markWithoutBFDSection(0)
    markWithoutBFDSection(file.header.sectionNameTable)
    for index in sections.indices {
      switch sections[index].type {
      case .symtab:
        markWithoutBFDSection(index)
        markWithoutBFDSection(Int(sections[index].link))
      case .symtabShndx:
        markWithoutBFDSection(index)
      case .rel, .rela:
        // Relocations of a relocatable object's section are folded into that section.
        if file.header.type == .relocatable && !sections[index].isAllocated {
          markWithoutBFDSection(index)
        }
      default: break
      }
    }
    // The two fields, not the Section: passing one copies it (an outlined copy per section).
    for index in sections.indices where letters[index] == 0 {
      letters[index] = Self.letter(
        type: sections[index].type, flags: sections[index].flags,
        name: SectionName(bytes: file.sectionNameBytes(at: index)))
    }
    sectionLetters = letters
  }

  /// BFD's `coff_section_type` then `decode_section_type`.
  static func letter(type: SectionType, flags: SectionFlags, name: SectionName) -> UInt8 {
    if let coff = coffLetter(name) { return coff }
    let hasContents = type != .nobits
    let isAllocated = flags.contains(.alloc)
    let loaded = isAllocated && hasContents
    let readOnly = !flags.contains(.write)
    if flags.contains(.execute) { return UInt8(ascii: "t") }
    if loaded { return readOnly ? UInt8(ascii: "r") : UInt8(ascii: "d") }
    if !hasContents { return UInt8(ascii: "b") }
    if !isAllocated && isDebugging(name) { return UInt8(ascii: "N") }
    if readOnly { return UInt8(ascii: "n") }
    return UInt8(ascii: "?")
  }

  private static let coffSections: [(StaticString, UInt8)] = [
    (".drectve", UInt8(ascii: "i")), (".edata", UInt8(ascii: "e")), (".idata", UInt8(ascii: "i")),
    (".pdata", UInt8(ascii: "p")),
  ]

  /// The PE sections BFD names by prefix (`.drectve`, `.edata`, `.idata`, `.pdata`), followed by nothing, `.` or `$`.
  private static func coffLetter(_ name: SectionName) -> UInt8? {
    guard name.count >= 6, name[0] == UInt8(ascii: ".") else { return nil }
    switch name[1] {
    case UInt8(ascii: "d"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "p"): break
    default: return nil
    }
    for (prefix, letter) in coffSections where name.hasPrefix(prefix) {
      let rest = name[prefix.utf8CodeUnitCount]
      if rest == 0 || rest == UInt8(ascii: ".") || rest == UInt8(ascii: "$") { return letter }
    }
    return nil
  }

  private static let debuggingPrefixes: [StaticString] = [
    ".debug", ".gnu.debuglto_.debug_", ".gnu.linkonce.wi.", ".zdebug", ".line", ".stab",
  ]

  /// BFD recognises debugging sections by name only. Each such name starts with `.` and `d`, `g`, `l`, `s` or
  /// `z`: other names (`.comment`, `.note.GNU-stack`) are ruled out on two bytes, before any prefix is compared.
  private static func isDebugging(_ name: SectionName) -> Bool {
    guard name[0] == UInt8(ascii: ".") else { return false }
    switch name[1] {
    case UInt8(ascii: "d"), UInt8(ascii: "g"), UInt8(ascii: "l"), UInt8(ascii: "s"),
      UInt8(ascii: "z"):
      break
    default: return false
    }
    return debuggingPrefixes.contains { name.hasPrefix($0) } || name.equals(".gdb_index")
  }

  /// Whether nm prints the symbol at all: never the null symbol, section or file symbols.
  public static func isListed(_ symbol: Symbol) -> Bool { isListed(symbol.fields) }

  /// Whether nm prints the symbol at all: never the null symbol, section or file symbols.
  public static func isListed(_ symbol: SymbolFields) -> Bool {
    isListed(index: symbol.index, type: symbol.type)
  }

  /// Whether nm prints the symbol at `index` of type `type` (`SymbolEntries.type(at:)`): what a listing asks of
  /// every entry, without decoding it.
  public static func isListed(index: Int, type: SymbolType) -> Bool {
    index != 0 && type != .section && type != .file
  }

  /// Whether BFD files the symbol in a common section (`SHN_COMMON`, or x86-64's large common).
  public func isCommon(_ symbol: Symbol) -> Bool { isCommon(symbol.fields) }

  /// Whether BFD files the symbol in a common section (`SHN_COMMON`, or x86-64's large common).
  public func isCommon(_ symbol: SymbolFields) -> Bool {
    symbol.section == .common || (machine == .x86_64 && symbol.section == .x86_64LargeCommon)
  }

  /// The value nm prints: the size for commons (BFD moves it there), else `st_value`.
  public func displayValue(_ symbol: Symbol) -> UInt64 { displayValue(symbol.fields) }

  /// The value nm prints: the size for commons (BFD moves it there), else `st_value`.
  public func displayValue(_ symbol: SymbolFields) -> UInt64 {
    isCommon(symbol) ? symbol.size : symbol.value
  }

  /// The nm letter of `symbol`.
  public func letter(for symbol: Symbol) -> UInt8 { letter(for: symbol.fields) }

  /// The nm letter of `symbol`.
  public func letter(for symbol: SymbolFields) -> UInt8 {
    if isCommon(symbol) { return UInt8(ascii: "C") }
    let isObject = symbol.type == .object || symbol.type == .common
    if symbol.section == .undefined {
      if symbol.binding == .weak { return isObject ? UInt8(ascii: "v") : UInt8(ascii: "w") }
      return UInt8(ascii: "U")
    }
    if symbol.type == .gnuIndirectFunction { return UInt8(ascii: "i") }
    if symbol.binding == .weak { return isObject ? UInt8(ascii: "V") : UInt8(ascii: "W") }
    if symbol.binding == .gnuUnique { return UInt8(ascii: "u") }
    guard symbol.binding == .local || symbol.binding == .global else { return UInt8(ascii: "?") }
    var letter: UInt8
    switch symbol.section {
    case .index(let index) where index < sectionLetters.count: letter = sectionLetters[index]
    default: letter = UInt8(ascii: "a")
    }
    if symbol.binding == .global && letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z") {
      letter -= 32
    }
    return letter
  }
}

/// A section name's bytes as the classifier tests them, without making a string of them.
struct SectionName {
  let bytes: UnsafeRawBufferPointer

  var count: Int { bytes.count }

  /// The byte at `position`, 0 past the end (where the table's NUL is).
  subscript(position: Int) -> UInt8 { position < bytes.count ? bytes[position] : 0 }

  func hasPrefix(_ prefix: StaticString) -> Bool {
    let length = prefix.utf8CodeUnitCount
    return bytes.count >= length && memcmp(bytes.baseAddress!, prefix.utf8Start, length) == 0
  }

  func equals(_ text: StaticString) -> Bool {
    bytes.count == text.utf8CodeUnitCount && hasPrefix(text)
  }
}
