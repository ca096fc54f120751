/// Writes `ar` archives byte by byte and finds the headers of existing ones, so the corpus can give every
/// field a value `ar` never writes. Independent of ElfKit, like `ElfEditor`.
public enum ArchiveEditor {
  /// Which symbol index to write.
  public enum Index: Sendable {
    case none
    /// GNU `/`: big-endian 32-bit count and offsets.
    case gnu32
    /// GNU `/SYM64/`: big-endian 64-bit count and offsets.
    case gnu64
  }

  /// One member header of an archive image.
  public struct Header: Sendable {
    /// Where the 60-byte header starts.
    public var offset: Int
    /// The raw 16-byte name field, trailing spaces removed.
    public var name: String
    /// The size field.
    public var size: Int
    /// Where the contents start (`offset + 60`).
    public var dataOffset: Int { offset + 60 }
  }

  /// The headers of `image`, index and long-name table included, in file order, up to the first that does not parse.
  public static func headers(of image: [UInt8]) -> [Header] {
    let thin = image.starts(with: Array("!<thin>\n".utf8))
    var headers: [Header] = []
    var position = 8
    while position + 60 <= image.count {
      let field = image[position + 48..<position + 58].filter { $0 != 0x20 }
      guard let size = Int(String(decoding: field, as: UTF8.self)) else { break }
      let name = String(decoding: image[position..<position + 16], as: UTF8.self)
      let trimmed = String(name.reversed().drop { $0 == " " }.reversed())
      headers.append(Header(offset: position, name: trimmed, size: size))
      let special = trimmed == "/" || trimmed == "//" || trimmed == "/SYM64/"
      position += 60 + (thin && !special ? 0 : size)
      position += position & 1
    }
    return headers
  }

  /// A 60-byte member header.
  public static func header(name: String, size: Int) -> [UInt8] {
    func field(_ text: String, _ width: Int) -> [UInt8] {
      Array((text + String(repeating: " ", count: max(0, width - text.utf8.count))).utf8.prefix(width))
    }
    return field(name, 16) + field("0", 12) + field("0", 6) + field("0", 6) + field("644", 8) + field(String(size), 10)
      + [0x60, 0x0a]
  }

  /// A GNU archive (regular or thin) of `members`, names of 16 bytes or more (or with a `/`) in the long-name
  /// table, and an index listing `symbols` (name, member position).
  public static func gnu(
    _ members: [(name: String, bytes: [UInt8])], symbols: [(name: String, member: Int)], index: Index = .gnu32,
    thin: Bool = false
  ) -> [UInt8] {
    var longNames: [UInt8] = []
    let names = members.map { member -> String in
      guard thin || member.name.utf8.count >= 16 || member.name.contains("/") else { return member.name + "/" }
      defer { longNames += Array((member.name + "/\n").utf8) }
      return "/\(longNames.count)"
    }
    let width = index == .gnu64 ? 8 : 4
    let symbolNames: [UInt8] = symbols.flatMap { Array($0.name.utf8) + [0] }
    let indexSize = index == .none ? 0 : width * (symbols.count + 1) + symbolNames.count
    var offset = 8
    if index != .none { offset += 60 + indexSize + indexSize & 1 }
    if !longNames.isEmpty { offset += 60 + longNames.count + longNames.count & 1 }
    var memberOffsets: [Int] = []
    for member in members {
      memberOffsets.append(offset)
      if !thin { offset += 60 + member.bytes.count + member.bytes.count & 1 } else { offset += 60 }
    }
    var image = Array((thin ? "!<thin>\n" : "!<arch>\n").utf8)
    func append(_ name: String, _ contents: [UInt8]) {
      image += header(name: name, size: contents.count) + contents
      if contents.count & 1 == 1 { image.append(0x0a) }
    }
    if index != .none {
      var table = bigEndian(UInt64(symbols.count), width: width)
      for symbol in symbols { table += bigEndian(UInt64(memberOffsets[symbol.member]), width: width) }
      append(index == .gnu64 ? "/SYM64/" : "/", table + symbolNames)
    }
    if !longNames.isEmpty { append("//", longNames) }
    for (name, member) in zip(names, members) {
      if thin {
        image += header(name: name, size: member.bytes.count)
      } else {
        append(name, member.bytes)
      }
    }
    return image
  }

  /// A BSD archive: `#1/` names and a `__.SYMDEF` index (little-endian ranlib entries) listing `symbols`.
  public static func bsd(_ members: [(name: String, bytes: [UInt8])], symbols: [(name: String, member: Int)]) -> [UInt8] {
    var strings: [UInt8] = []
    var entries: [(name: Int, member: Int)] = []
    for symbol in symbols {
      entries.append((strings.count, symbol.member))
      strings += Array(symbol.name.utf8) + [0]
    }
    let indexSize = 4 + entries.count * 8 + 4 + strings.count
    var offset = 8 + 60 + indexSize + indexSize & 1
    var memberOffsets: [Int] = []
    for member in members {
      memberOffsets.append(offset)
      let size = member.name.utf8.count + member.bytes.count
      offset += 60 + size + size & 1
    }
    var table = littleEndian(UInt32(entries.count * 8))
    for entry in entries { table += littleEndian(UInt32(entry.name)) + littleEndian(UInt32(memberOffsets[entry.member])) }
    table += littleEndian(UInt32(strings.count)) + strings
    var image = Array("!<arch>\n".utf8) + header(name: "__.SYMDEF", size: table.count) + table
    if table.count & 1 == 1 { image.append(0x0a) }
    for member in members {
      let contents = Array(member.name.utf8) + member.bytes
      image += header(name: "#1/\(member.name.utf8.count)", size: contents.count) + contents
      if contents.count & 1 == 1 { image.append(0x0a) }
    }
    return image
  }

  /// The low `width` bytes of `value`, most significant first.
  public static func bigEndian(_ value: UInt64, width: Int) -> [UInt8] {
    (0..<width).map { UInt8(truncatingIfNeeded: value >> UInt64((width - 1 - $0) * 8)) }
  }

  /// `value` in four bytes, least significant first.
  static func littleEndian(_ value: UInt32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: value >> UInt32($0 * 8)) }
  }
}
