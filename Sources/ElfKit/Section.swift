import CLibelf

/// `sh_type`.
public struct SectionType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  public static let null = SectionType(rawValue: UInt32(SHT_NULL))
  public static let progbits = SectionType(rawValue: UInt32(SHT_PROGBITS))
  public static let symtab = SectionType(rawValue: UInt32(SHT_SYMTAB))
  public static let strtab = SectionType(rawValue: UInt32(SHT_STRTAB))
  public static let rela = SectionType(rawValue: UInt32(SHT_RELA))
  public static let hash = SectionType(rawValue: UInt32(SHT_HASH))
  public static let dynamic = SectionType(rawValue: UInt32(SHT_DYNAMIC))
  public static let note = SectionType(rawValue: UInt32(SHT_NOTE))
  public static let nobits = SectionType(rawValue: UInt32(SHT_NOBITS))
  public static let rel = SectionType(rawValue: UInt32(SHT_REL))
  public static let dynsym = SectionType(rawValue: UInt32(SHT_DYNSYM))
  public static let group = SectionType(rawValue: UInt32(SHT_GROUP))
  public static let symtabShndx = SectionType(rawValue: UInt32(SHT_SYMTAB_SHNDX))
  public static let gnuVersionDefinitions = SectionType(rawValue: UInt32(SHT_GNU_verdef))
  public static let gnuVersionNeeds = SectionType(rawValue: UInt32(SHT_GNU_verneed))
  public static let gnuVersionSymbols = SectionType(rawValue: UInt32(SHT_GNU_versym))

  public var description: String {
    switch self {
    case .null: "NULL"
    case .progbits: "PROGBITS"
    case .symtab: "SYMTAB"
    case .strtab: "STRTAB"
    case .rela: "RELA"
    case .hash: "HASH"
    case .dynamic: "DYNAMIC"
    case .note: "NOTE"
    case .nobits: "NOBITS"
    case .rel: "REL"
    case .dynsym: "DYNSYM"
    case .group: "GROUP"
    case .symtabShndx: "SYMTAB_SHNDX"
    default: "0x\(String(rawValue, radix: 16))"
    }
  }
}

/// `sh_flags`.
public struct SectionFlags: OptionSet, Sendable, Hashable {
  public let rawValue: UInt64
  public init(rawValue: UInt64) { self.rawValue = rawValue }

  public static let write = SectionFlags(rawValue: UInt64(SHF_WRITE))
  public static let alloc = SectionFlags(rawValue: UInt64(SHF_ALLOC))
  public static let execute = SectionFlags(rawValue: UInt64(SHF_EXECINSTR))
  public static let merge = SectionFlags(rawValue: UInt64(SHF_MERGE))
  public static let strings = SectionFlags(rawValue: UInt64(SHF_STRINGS))
  public static let infoLink = SectionFlags(rawValue: UInt64(SHF_INFO_LINK))
  public static let group = SectionFlags(rawValue: UInt64(SHF_GROUP))
  public static let tls = SectionFlags(rawValue: UInt64(SHF_TLS))
  public static let compressed = SectionFlags(rawValue: UInt64(SHF_COMPRESSED))
}

/// One entry of the section header table as `ElfFile` keeps it, its name only located: plain values in one array,
/// so a file's table costs no reference counting to build or to free (`symbols libc.a` keeps 25,600). `Section`
/// adds the name.
struct SectionHeader: Sendable {
  var index: Int
  /// `sh_name`, and the name's length where the section name table holds it (0 without one).
  var nameOffset, nameLength: UInt32
  var type: SectionType
  var flags: SectionFlags
  /// `sh_addr`, `sh_offset`, `sh_size`, `sh_addralign` and `sh_entsize`, as `Section` names them.
  var address, offset, size, alignment, entrySize: UInt64
  /// `sh_link` and `sh_info`.
  var link, info: UInt32

  var isAllocated: Bool { flags.contains(.alloc) }
}

/// One entry of the section header table.
public struct Section: Sendable, Hashable {
  /// Position in the section header table (extended numbering included).
  public var index: Int
  /// The name's bytes where the section name table holds them (nil when the file has no such table): decoded
  /// only when asked for, so listing symbols never makes a string of a section name.
  public internal(set) var nameBytes: ElfString?
  /// The name (empty when the file has no section name table).
  public var name: String { nameBytes?.string ?? "" }
  public var type: SectionType
  public var flags: SectionFlags
  public var address: UInt64
  public var offset: UInt64
  public var size: UInt64
  public var link: UInt32
  public var info: UInt32
  public var alignment: UInt64
  public var entrySize: UInt64

  /// Whether the section occupies bytes in the file.
  public var hasContents: Bool { type != .nobits }
  /// Whether the section is part of the loaded image.
  public var isAllocated: Bool { flags.contains(.alloc) }

  init(_ header: SectionHeader, nameBytes: ElfString?) {
    (index, self.nameBytes, type, flags, address, offset, size) = (
      header.index, nameBytes, header.type, header.flags, header.address, header.offset, header.size
    )
    (link, info, alignment, entrySize) = (
      header.link, header.info, header.alignment, header.entrySize
    )
  }
}
