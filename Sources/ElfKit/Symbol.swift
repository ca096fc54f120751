import CLibelf

/// `STB_*`: who can see the symbol and how it combines with others.
public struct SymbolBinding: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let local = SymbolBinding(rawValue: UInt8(STB_LOCAL))
  public static let global = SymbolBinding(rawValue: UInt8(STB_GLOBAL))
  public static let weak = SymbolBinding(rawValue: UInt8(STB_WEAK))
  public static let gnuUnique = SymbolBinding(rawValue: UInt8(STB_GNU_UNIQUE))

  public var description: String {
    switch self {
    case .local: "local"
    case .global: "global"
    case .weak: "weak"
    case .gnuUnique: "unique"
    default: "binding \(rawValue)"
    }
  }
}

/// `STT_*`: what the symbol names.
public struct SymbolType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let notype = SymbolType(rawValue: UInt8(STT_NOTYPE))
  public static let object = SymbolType(rawValue: UInt8(STT_OBJECT))
  public static let function = SymbolType(rawValue: UInt8(STT_FUNC))
  public static let section = SymbolType(rawValue: UInt8(STT_SECTION))
  public static let file = SymbolType(rawValue: UInt8(STT_FILE))
  public static let common = SymbolType(rawValue: UInt8(STT_COMMON))
  public static let tls = SymbolType(rawValue: UInt8(STT_TLS))
  public static let gnuIndirectFunction = SymbolType(rawValue: UInt8(STT_GNU_IFUNC))

  public var description: String {
    switch self {
    case .notype: "notype"
    case .object: "object"
    case .function: "function"
    case .section: "section"
    case .file: "file"
    case .common: "common"
    case .tls: "tls"
    case .gnuIndirectFunction: "ifunc"
    default: "type \(rawValue)"
    }
  }
}

/// `STV_*`.
public enum SymbolVisibility: UInt8, Sendable, Hashable, CustomStringConvertible {
  case `default` = 0
  case `internal` = 1
  case hidden = 2
  case protected = 3

  public var description: String {
    switch self {
    case .default: "default"
    case .internal: "internal"
    case .hidden: "hidden"
    case .protected: "protected"
    }
  }
}

/// `st_shndx`, with `SHN_XINDEX` already resolved through `SHT_SYMTAB_SHNDX`.
public enum SymbolSection: Sendable, Hashable {
  case undefined
  case absolute
  case common
  /// A section of the file, by header-table index.
  case index(Int)
  /// Another reserved index (`SHN_LOPROC`…), such as x86-64's large common `0xff02`.
  case reserved(UInt16)

  /// The large common section of x86-64 (`SHN_X86_64_LCOMMON`).
  public static let x86_64LargeCommon = SymbolSection.reserved(0xff02)

  public var isDefined: Bool { self != .undefined }
}

/// Every field of one symbol-table entry but its name, decoded. It holds no reference (copying it costs
/// nothing), so `symbols` walks a table entry by entry without reference counting; the name is read from the
/// table by position (`SymbolEntries.forEach(at:_:)`).
public struct SymbolFields: Sendable, Hashable {
  /// Position in its symbol table.
  public var index: Int
  public var value: UInt64
  public var size: UInt64
  public var binding: SymbolBinding
  public var type: SymbolType
  public var visibility: SymbolVisibility
  public var section: SymbolSection

  public var isUndefined: Bool { section == .undefined }
}

/// One entry of `.symtab` or `.dynsym`: its fields and its name.
public struct Symbol: Sendable, Hashable {
  /// The symbol without its name.
  public var fields: SymbolFields
  public var name: ElfString

  /// Position in its symbol table.
  public var index: Int {
    get { fields.index }
    set { fields.index = newValue }
  }
  /// `st_value`: an offset in its section (relocatable objects) or an address.
  public var value: UInt64 {
    get { fields.value }
    set { fields.value = newValue }
  }
  /// `st_size`, in bytes.
  public var size: UInt64 {
    get { fields.size }
    set { fields.size = newValue }
  }
  /// `ELF_ST_BIND(st_info)`.
  public var binding: SymbolBinding {
    get { fields.binding }
    set { fields.binding = newValue }
  }
  /// What the symbol names, `ELF_ST_TYPE(st_info)`.
  public var type: SymbolType {
    get { fields.type }
    set { fields.type = newValue }
  }
  /// `ELF_ST_VISIBILITY(st_other)`.
  public var visibility: SymbolVisibility {
    get { fields.visibility }
    set { fields.visibility = newValue }
  }
  /// Where it is defined, from `st_shndx`.
  public var section: SymbolSection {
    get { fields.section }
    set { fields.section = newValue }
  }

  public var isUndefined: Bool { fields.isUndefined }
  public var isCommon: Bool { section == .common || type == .common && section != .undefined }
  /// Global, weak or unique: visible to other objects of a link (before visibility is applied).
  public var isExternal: Bool { binding != .local }

  init(_ fields: SymbolFields, name: ElfString) {
    self.fields = fields
    self.name = name
  }
}
