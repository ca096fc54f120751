#if canImport(Glibc)
  import Glibc
#endif

/// The `ar` format as GNU and BSD write it: parses member headers out of an archive image, bounds-checked.
struct ArchiveLayout {
  /// One real member (not the index or the long-name table).
  struct Entry {
    var name: String
    var headerOffset: Int
    var dataOffset: Int
    var size: Int
    /// Whether libelf parses this header to the same member without fail (`LibelfHeaderCheck`), so `elf_rand`
    /// need not be asked.
    var libelfAgrees: Bool
  }

  enum IndexFormat {
    /// GNU/SysV `/`: big-endian 32-bit count and offsets.
    case gnu32
    /// GNU `/SYM64/`: big-endian 64-bit count and offsets.
    case gnu64
    /// BSD `__.SYMDEF`: ranlib structures in the file's byte order (assumed little-endian).
    case bsd
  }

  static let magic: [UInt8] = Array("!<arch>\n".utf8)
  static let thinMagic: [UInt8] = Array("!<thin>\n".utf8)
  static let headerSize = 60

  var isThin: Bool
  var entries: [Entry] = []
  var index: (format: IndexFormat, range: Range<Int>)?

  /// Parses `image`; a problem in a header is returned as a message naming its offset.
  init(image: UnsafeRawBufferPointer) throws(ArchiveFormatError) {
    isThin = image.starts(with: Self.thinMagic)
    guard isThin || image.starts(with: Self.magic) else { throw .init("not an ar archive") }
    var longNames: Range<Int>?
    var longNameBudget = NameBudget(tableSize: 0)
    var libelf = LibelfHeaderCheck()
    var position = Self.magic.count
    while position < image.count {
      // A final odd-size member may leave one padding byte.
      if image.count - position < Self.headerSize {
        if image[position...].allSatisfy({ $0 == 0x0a }) { break }
        throw .init(
          "member header at offset \(position) is truncated (\(image.count - position) bytes left)")
      }
      let header = UnsafeRawBufferPointer(rebasing: image[position..<position + Self.headerSize])
      guard header[58] == 0x60, header[59] == 0x0a else {
        throw .init("member header at offset \(position) is corrupt (no terminator)")
      }
      guard let size = Self.decimal(header[48..<58]) else {
        throw .init("member header at offset \(position) has a bad size field")
      }
      let rawName = UnsafeRawBufferPointer(rebasing: header[0..<16])
      var dataOffset = position + Self.headerSize
      var dataSize = size
      let special = Self.specialMember(rawName)
      libelf.read(header, isLongNameTable: special == .longNames)
      var name = ""
      switch special {
      case .index(let format):
        index = (format, dataOffset..<min(image.count, dataOffset + size))
      case .longNames:
        longNames = dataOffset..<min(image.count, dataOffset + size)
        longNameBudget = NameBudget(tableSize: longNames!.count)
      case nil:
        if Self.starts(rawName, with: "#1/") {
          guard let length = Self.decimal(rawName[3...]), length <= size,
            dataOffset + length <= image.count
          else {
            throw .init("member at offset \(position) has a bad BSD name length")
          }
          let bytes = UnsafeRawBufferPointer(rebasing: image[dataOffset..<dataOffset + length])
          name = Self.text(bytes.prefix { $0 != 0 })
          dataOffset += length
          dataSize -= length
        } else if rawName[0] == 0x2f, let offset = Self.decimal(rawName[1...]) {
          guard let table = longNames, offset < table.count else {
            throw .init(
              "member at offset \(position) names long-name offset \(offset) outside the long-name table"
            )
          }
          guard
            let bytes = longNameBudget.name(
              at: offset, in: UnsafeRawBufferPointer(rebasing: image[table]), stop: 0x0a)
          else { throw .init(NameBudget.problem("the long-name table")) }
          name = Self.text(bytes.last == 0x2f ? bytes.dropLast() : bytes[...])
        } else {
          var end = rawName.firstIndex(of: 0x2f) ?? rawName.count
          while end > 0 && rawName[end - 1] == 0x20 { end -= 1 }
          name = Self.text(rawName[..<end])
        }
      }
      let storedSize = isThin && special == nil ? 0 : size
      guard storedSize <= image.count - position - Self.headerSize else {
        throw .init(
          "member \(name.isEmpty ? "at offset \(position)" : "'\(name)'") claims \(size) bytes, past the end of the archive"
        )
      }
      if special == nil {
        entries.append(
          Entry(
            name: name, headerOffset: position, dataOffset: dataOffset, size: dataSize,
            libelfAgrees: !isThin && libelf.agrees(onMember: header)))
      }
      position += Self.headerSize + storedSize
      position += position & 1
    }
  }

  private enum Special: Equatable {
    case index(IndexFormat)
    case longNames
  }

  private static func specialMember(_ name: UnsafeRawBufferPointer) -> Special? {
    if starts(name, with: "/ ") { return .index(.gnu32) }
    if starts(name, with: "/SYM64/ ") { return .index(.gnu64) }
    if starts(name, with: "// ") { return .longNames }
    if starts(name, with: "__.SYMDEF") { return .index(.bsd) }
    return nil
  }

  /// Whether the name field's bytes start with `prefix`.
  private static func starts(_ name: UnsafeRawBufferPointer, with prefix: StaticString) -> Bool {
    let length = prefix.utf8CodeUnitCount
    return name.count >= length && memcmp(name.baseAddress!, prefix.utf8Start, length) == 0
  }

  /// A decimal field padded with spaces; nil if it holds anything else or nothing.
  static func decimal(_ bytes: some Collection<UInt8>) -> Int? {
    var value = 0
    var digits = 0
    for byte in bytes {
      if byte == 0x20 { if digits > 0 { break } else { continue } }
      guard (0x30...0x39).contains(byte), value < Int.max / 10 - 9 else { return nil }
      value = value * 10 + Int(byte - 0x30)
      digits += 1
    }
    return digits > 0 ? value : nil
  }

  private static func text(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
    String(decoding: UnsafeRawBufferPointer(rebasing: bytes), as: UTF8.self)
  }
}

/// Whether libelf (elfutils 0.188) parses a member header as `ArchiveLayout` did: then `elf_rand` at it cannot
/// fail, and ElfKit may read the member without asking. libelf's `__libelf_next_arhdr_wrlock` refuses a size
/// field that starts with a space (ElfKit skips the spaces) and a name of `/` followed by anything but a digit,
/// and finds a long name (`/NNN`) in the table `read_long_names` finds: the first header named exactly `//` and
/// 14 spaces, walking from the start with `atol` of every size, which must start with a digit. So a member agrees
/// when its size starts with a digit and its name is plain, or is `/` and digits padded with spaces (then
/// `decimal` and `atol` read the same offset) looked up in that same table: the only long-name table so far,
/// named exactly, every header before it with a size that starts with a digit.
struct LibelfHeaderCheck {
  /// Every header read so far has a size field that starts with a digit.
  private var sizesStartWithDigits = true
  /// Whether the long-name table ElfKit uses is the one libelf finds; nil before any.
  private var longNameTableAgrees: Bool?

  /// Takes in the header read next (`isLongNameTable`: ElfKit took it for the long-name table).
  mutating func read(_ header: UnsafeRawBufferPointer, isLongNameTable: Bool) {
    // `read_long_names` reads the size of every header up to the table's, the table's included.
    sizesStartWithDigits = sizesStartWithDigits && Self.isDigit(header[48])
    if isLongNameTable {
      // A second table: ElfKit uses the newer one, libelf the first.
      longNameTableAgrees =
        longNameTableAgrees == nil && sizesStartWithDigits
        && header.starts(with: Self.exactLongNameTable)
    }
  }

  /// Whether libelf agrees on the member whose header was read last.
  func agrees(onMember header: UnsafeRawBufferPointer) -> Bool {
    guard Self.isDigit(header[48]) else { return false }
    guard header[0] == UInt8(ascii: "/") else { return true }
    guard longNameTableAgrees == true, Self.isDigit(header[1]) else { return false }
    var end = 2
    while end < 16 && Self.isDigit(header[end]) { end += 1 }
    return header[end..<16].allSatisfy { $0 == UInt8(ascii: " ") }
  }

  private static let exactLongNameTable = Array("//              ".utf8)

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }
}

/// A structural problem of an archive.
struct ArchiveFormatError: Error {
  var problem: String
  init(_ problem: String) { self.problem = problem }
}
