import CLibelf

/// ELF file class: the width of addresses and table entries.
public enum ElfClass: Sendable, Hashable, CustomStringConvertible {
  case elf32, elf64

  public var description: String { self == .elf32 ? "ELF32" : "ELF64" }
  /// Hexadecimal digits nm uses for a value of this class.
  public var addressDigits: Int { self == .elf32 ? 8 : 16 }
}

/// Byte order of the file's multi-byte fields.
public enum ByteOrder: Sendable, Hashable, CustomStringConvertible {
  case littleEndian, bigEndian

  public var description: String { self == .littleEndian ? "little-endian" : "big-endian" }
}

/// `e_type`: what the file is for the linker.
public struct ObjectType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
  public let rawValue: UInt16
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  public static let none = ObjectType(rawValue: UInt16(ET_NONE))
  public static let relocatable = ObjectType(rawValue: UInt16(ET_REL))
  public static let executable = ObjectType(rawValue: UInt16(ET_EXEC))
  public static let sharedObject = ObjectType(rawValue: UInt16(ET_DYN))
  public static let core = ObjectType(rawValue: UInt16(ET_CORE))

  public var description: String {
    switch self {
    case .none: "none"
    case .relocatable: "relocatable"
    case .executable: "executable"
    case .sharedObject: "shared object"
    case .core: "core"
    default: "type 0x\(String(rawValue, radix: 16))"
    }
  }
}

/// `e_machine`: the instruction set.
public struct Machine: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
  public let rawValue: UInt16
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  public static let i386 = Machine(rawValue: UInt16(EM_386))
  public static let x86_64 = Machine(rawValue: UInt16(EM_X86_64))
  public static let aarch64 = Machine(rawValue: UInt16(EM_AARCH64))
  public static let arm = Machine(rawValue: UInt16(EM_ARM))
  public static let ppc = Machine(rawValue: UInt16(EM_PPC))
  public static let ppc64 = Machine(rawValue: UInt16(EM_PPC64))
  public static let riscv = Machine(rawValue: UInt16(EM_RISCV))
  public static let s390 = Machine(rawValue: UInt16(EM_S390))

  public var description: String {
    switch self {
    case .i386: "i386"
    case .x86_64: "x86_64"
    case .aarch64: "aarch64"
    case .arm: "arm"
    case .ppc: "ppc"
    case .ppc64: "ppc64"
    case .riscv: "riscv"
    case .s390: "s390"
    default: "machine \(rawValue)"
    }
  }
}

/// The ELF file header.
public struct ElfHeader: Sendable, Hashable {
  public var elfClass: ElfClass
  public var byteOrder: ByteOrder
  /// `EI_OSABI`.
  public var osABI: UInt8
  public var type: ObjectType
  public var machine: Machine
  public var entry: UInt64
  public var flags: UInt32
  /// `e_shoff`, `e_phoff`: where the section and program header tables start.
  public var sectionHeaderOffset: UInt64
  public var programHeaderOffset: UInt64
  /// Index of the section-name string table (`e_shstrndx`, extended numbering resolved); 0 if none.
  public var sectionNameTable: Int
}
