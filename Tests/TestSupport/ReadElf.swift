import Foundation

/// Parses GNU `readelf -W` output: the independent oracle for ElfKit's tables.
public enum ReadElf {
  public struct SymbolRow: Hashable, Sendable {
    public var index: Int
    public var value: UInt64
    public var size: UInt64
    public var type: String
    public var binding: String
    public var visibility: String
    /// `UND`, `ABS`, `COM` or a section number.
    public var section: String
    public var name: String
  }

  public struct RelocationRow: Hashable, Sendable {
    public var section: String
    public var offset: UInt64
    public var type: UInt32
    public var symbol: Int
    public var addend: Int64?

    public init(section: String, offset: UInt64, type: UInt32, symbol: Int, addend: Int64?) {
      (self.section, self.offset, self.type, self.symbol, self.addend) = (section, offset, type, symbol, addend)
    }
  }

  public struct NoteRow: Hashable, Sendable {
    public var owner: String
    public var size: Int
    /// The numeric type, which readelf prints only for types it has no name for.
    public var type: UInt32?

    public init(owner: String, size: Int, type: UInt32?) {
      (self.owner, self.size, self.type) = (owner, size, type)
    }
  }

  /// `readelf -sW` (or `--dyn-syms -W`), every symbol of the first table listed.
  public static func symbols(_ path: String, dynamic: Bool = false) throws -> [SymbolRow] {
    let text = try Tool.succeed("readelf", [dynamic ? "--dyn-syms" : "-s", "-W", path]).output
    var rows: [SymbolRow] = []
    var seenTable = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("Symbol table") {
        if seenTable { break }
        seenTable = true
        continue
      }
      let fields = line.split(separator: " ", maxSplits: 7, omittingEmptySubsequences: true)
      guard fields.count >= 7, fields[0].hasSuffix(":"), let index = Int(fields[0].dropLast()) else { continue }
      rows.append(
        SymbolRow(
          index: index, value: UInt64(fields[1], radix: 16) ?? 0, size: sizeValue(fields[2]), type: String(fields[3]),
          binding: String(fields[4]), visibility: String(fields[5]), section: String(fields[6]),
          name: fields.count > 7 ? String(fields[7]) : ""))
    }
    return rows
  }

  private static func sizeValue(_ field: Substring) -> UInt64 {
    field.hasPrefix("0x") ? UInt64(field.dropFirst(2), radix: 16) ?? 0 : UInt64(field) ?? 0
  }

  /// `readelf -rW`: every relocation with its section, offset, type, symbol index and addend.
  public static func relocations(_ path: String, is64: Bool) throws -> [RelocationRow] {
    let text = try Tool.succeed("readelf", ["-r", "-W", path]).output
    var rows: [RelocationRow] = []
    var section = ""
    for line in text.split(separator: "\n") {
      if line.hasPrefix("Relocation section '") {
        section = String(line.dropFirst("Relocation section '".count).prefix { $0 != "'" })
        continue
      }
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      guard fields.count >= 3, let offset = UInt64(fields[0], radix: 16), let info = UInt64(fields[1], radix: 16) else {
        continue
      }
      var addend: Int64?
      if section.hasPrefix(".rela"), let sign = fields.lastIndex(where: { $0 == "+" || $0 == "-" }),
        sign + 1 < fields.count, let magnitude = Int64(fields[sign + 1], radix: 16)
      {
        addend = fields[sign] == "-" ? -magnitude : magnitude
      } else if section.hasPrefix(".rela"), let last = fields.last, let value = Int64(last, radix: 16) {
        addend = value  // a relocation without a symbol prints only its addend
      }
      rows.append(
        RelocationRow(
          section: section, offset: offset, type: UInt32(is64 ? info & 0xffff_ffff : info & 0xff),
          symbol: Int(is64 ? info >> 32 : info >> 8), addend: addend))
    }
    return rows
  }

  /// `readelf -nW`: owner, descriptor size and (for unknown types) the numeric type.
  public static func notes(_ path: String) throws -> [NoteRow] {
    let text = try Tool.succeed("readelf", ["-n", "-W", path]).output
    var rows: [NoteRow] = []
    for line in text.split(separator: "\n") {
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard fields.count >= 2, fields[1].hasPrefix("0x"), let size = Int(fields[1].dropFirst(2), radix: 16) else {
        continue
      }
      var type: UInt32?
      if let open = line.range(of: "(0x") {
        type = UInt32(line[open.upperBound...].prefix { $0.isHexDigit }, radix: 16)
      }
      rows.append(NoteRow(owner: String(fields[0]), size: size, type: type))
    }
    return rows
  }
}
