import Foundation

/// Reads and patches the fields of an ELF image held in memory, for making corrupt variants of real objects.
/// Independent of ElfKit on purpose: the corpus must not be shaped by the code it tests.
/// Handles ELF32 and ELF64 in either byte order; reads are bounds-checked (0 outside the image).
public struct ElfEditor: Sendable {
  public private(set) var bytes: [UInt8]
  public let is64: Bool
  public let isBigEndian: Bool

  /// A field: its offset from the start of its structure and its width in bytes, per class.
  public struct Field: Sendable {
    let offset32: Int, width32: Int, offset64: Int, width64: Int

    init(_ offset32: Int, _ width32: Int, _ offset64: Int, _ width64: Int) {
      (self.offset32, self.width32, self.offset64, self.width64) = (offset32, width32, offset64, width64)
    }
  }

  /// `e_*` fields of the file header.
  public enum Header {
    public static let phoff = Field(28, 4, 32, 8)
    public static let shoff = Field(32, 4, 40, 8)
    public static let phentsize = Field(42, 2, 54, 2)
    public static let phnum = Field(44, 2, 56, 2)
    public static let shentsize = Field(46, 2, 58, 2)
    public static let shnum = Field(48, 2, 60, 2)
    public static let shstrndx = Field(50, 2, 62, 2)
  }

  /// `sh_*` fields of a section header.
  public enum SectionField {
    public static let name = Field(0, 4, 0, 4)
    public static let type = Field(4, 4, 4, 4)
    public static let offset = Field(16, 4, 24, 8)
    public static let size = Field(20, 4, 32, 8)
    public static let link = Field(24, 4, 40, 4)
    public static let info = Field(28, 4, 44, 4)
    public static let entrySize = Field(36, 4, 56, 8)
  }

  /// `st_*` fields of a symbol.
  public enum SymbolField {
    public static let name = Field(0, 4, 0, 4)
    public static let value = Field(4, 4, 8, 8)
    public static let size = Field(8, 4, 16, 8)
    public static let sectionIndex = Field(14, 2, 6, 2)
  }

  /// `p_*` fields of a program header.
  public enum SegmentField {
    public static let type = Field(0, 4, 0, 4)
    public static let offset = Field(4, 4, 8, 8)
    public static let fileSize = Field(16, 4, 32, 8)
  }

  /// One section header as the file has it.
  public struct SectionHeader: Sendable {
    public var index: Int
    /// Where the header itself lies in the file.
    public var headerOffset: Int
    public var type: UInt32
    public var offset: Int
    public var size: Int
    public var link: Int
    public var entrySize: Int
  }

  /// The ELF file at `path`.
  public static func reading(_ path: String) throws -> ElfEditor {
    guard let editor = ElfEditor(Array(try Data(contentsOf: URL(fileURLWithPath: path)))) else {
      throw ToolFailure(description: "\(path) is not ELF")
    }
    return editor
  }

  /// Nil unless `bytes` start with an ELF identification of class 32 or 64 and either byte order.
  public init?(_ bytes: [UInt8]) {
    guard bytes.count >= 64, bytes.starts(with: [0x7f, 0x45, 0x4c, 0x46]), [1, 2].contains(bytes[4]), [1, 2].contains(bytes[5])
    else { return nil }
    self.bytes = bytes
    is64 = bytes[4] == 2
    isBigEndian = bytes[5] == 2
  }

  // MARK: Raw fields

  /// The unsigned integer of `width` bytes at `offset` (0 where it would read outside the image).
  public func read(at offset: Int, width: Int) -> UInt64 {
    guard offset >= 0, offset + width <= bytes.count else { return 0 }
    let field = bytes[offset..<offset + width]
    return (isBigEndian ? Array(field) : field.reversed()).reduce(0) { $0 << 8 | UInt64($1) }
  }

  /// Stores the low `width` bytes of `value` at `offset` (nothing outside the image).
  public mutating func write(_ value: UInt64, at offset: Int, width: Int) {
    guard offset >= 0, offset + width <= bytes.count else { return }
    for position in 0..<width {
      let shift = UInt64(isBigEndian ? width - 1 - position : position) * 8
      bytes[offset + position] = UInt8(truncatingIfNeeded: value >> shift)
    }
  }

  public func read(_ field: Field, of base: Int = 0) -> UInt64 {
    read(at: base + (is64 ? field.offset64 : field.offset32), width: is64 ? field.width64 : field.width32)
  }

  public mutating func write(_ value: UInt64, to field: Field, of base: Int = 0) {
    write(value, at: base + (is64 ? field.offset64 : field.offset32), width: is64 ? field.width64 : field.width32)
  }

  /// The largest value `field` holds: "all ones".
  public func maximum(_ field: Field) -> UInt64 {
    let width = is64 ? field.width64 : field.width32
    return width == 8 ? .max : (1 << UInt64(width * 8)) - 1
  }

  /// Replaces `count` bytes at `offset` with `byte`.
  public mutating func fill(_ byte: UInt8, at offset: Int, count: Int) {
    let range = max(0, offset)..<min(bytes.count, offset + count)
    guard !range.isEmpty else { return }
    bytes.replaceSubrange(range, with: repeatElement(byte, count: range.count))
  }

  /// The first `count` bytes.
  public func truncated(to count: Int) -> [UInt8] { Array(bytes.prefix(count)) }

  // MARK: Tables

  public var sectionHeaderSize: Int { is64 ? 64 : 40 }
  public var symbolSize: Int { is64 ? 24 : 16 }
  public var segmentHeaderSize: Int { is64 ? 56 : 32 }

  /// Every section header (as `e_shoff` and `e_shnum` say; empty when the table is not inside the image).
  public var sections: [SectionHeader] {
    let table = Int(read(Header.shoff))
    let count = Int(read(Header.shnum))
    guard table > 0, table + count * sectionHeaderSize <= bytes.count else { return [] }
    return (0..<count).map { index in
      let base = table + index * sectionHeaderSize
      return SectionHeader(
        index: index, headerOffset: base, type: UInt32(read(SectionField.type, of: base)),
        offset: Int(read(SectionField.offset, of: base)), size: Int(read(SectionField.size, of: base)),
        link: Int(read(SectionField.link, of: base)), entrySize: Int(read(SectionField.entrySize, of: base)))
    }
  }

  /// The first section of `type` (`SHT_*`).
  public func section(ofType type: UInt32) -> SectionHeader? { sections.first { $0.type == type } }

  /// Offsets of the entries of the program header table.
  public var segmentHeaders: [Int] {
    let table = Int(read(Header.phoff))
    let count = Int(read(Header.phnum))
    guard table > 0, table + count * segmentHeaderSize <= bytes.count else { return [] }
    return (0..<count).map { table + $0 * segmentHeaderSize }
  }

  /// Offsets of the first `limit` entries of `section`, `entrySize` bytes each.
  public func entries(of section: SectionHeader, entrySize: Int, limit: Int = .max) -> [Int] {
    Array(stride(from: section.offset, to: section.offset + section.size - entrySize + 1, by: entrySize).prefix(limit))
  }

  /// `SHT_*` values the corpus uses.
  public enum SectionType {
    public static let symtab: UInt32 = 2
    public static let strtab: UInt32 = 3
    public static let rela: UInt32 = 4
    public static let note: UInt32 = 7
    public static let rel: UInt32 = 9
    public static let dynsym: UInt32 = 11
    public static let group: UInt32 = 17
    public static let symtabShndx: UInt32 = 18
    public static let gnuVersionDefinitions: UInt32 = 0x6fff_fffd
    public static let gnuVersionNeeds: UInt32 = 0x6fff_fffe
    public static let gnuVersionSymbols: UInt32 = 0x6fff_ffff
  }
}
