/// GNU symbol versioning of a dynamic symbol table (`.gnu.version`, `.gnu.version_d`, `.gnu.version_r`).
public struct SymbolVersions: Sendable {
  /// A version definition: its name and `vd_flags`.
  public struct Definition: Sendable, Hashable {
    public var name: String
    public var flags: UInt16
  }

  /// `vd_ndx` → definition.
  public var definitions: [Int: Definition]
  /// `vna_other` → version name, from the version needs.
  public var needs: [Int: String]
  /// The raw `.gnu.version` entry per dynamic symbol (bit 15: hidden).
  public var entries: [UInt16]

  /// The highest `vd_ndx` defined (BFD's `cverdefs`).
  public var definitionCount: Int { definitions.keys.max() ?? 0 }
}

extension ElfFile {
  /// The version tables of the dynamic symbols, or nil if the file has no `.gnu.version`.
  public func symbolVersions() throws(ElfError) -> SymbolVersions? {
    guard let versym = sections.first(where: { $0.type == .gnuVersionSymbols }) else { return nil }
    let table = try VersionSectionReader(file: self, section: versym)
    let entries = stride(from: 0, to: table.bytes.count - 1, by: 2).map { table.u16($0) }
    var definitions: [Int: SymbolVersions.Definition] = [:]
    var needs: [Int: String] = [:]
    if let section = sections.first(where: { $0.type == .gnuVersionDefinitions }) {
      var verdef = try VersionSectionReader(file: self, section: section)
      for node in verdef.chain(nodeSize: 20, nextField: 16) {
        let aux = node + Int(verdef.u32(node + 12))
        if let name = try verdef.string(verdef.u32(aux)) {
          definitions[Int(verdef.u16(node + 4))] = .init(name: name, flags: verdef.u16(node + 2))
        }
      }
    }
    if let section = sections.first(where: { $0.type == .gnuVersionNeeds }) {
      var verneed = try VersionSectionReader(file: self, section: section)
      for node in verneed.chain(nodeSize: 16, nextField: 12) {
        var aux = node + Int(verneed.u32(node + 8))
        for _ in 0..<Int(verneed.u16(node + 2)) {
          if let name = try verneed.string(verneed.u32(aux + 8)) { needs[Int(verneed.u16(aux + 6))] = name }
          let next = Int(verneed.u32(aux + 12))
          if next == 0 { break }
          aux += next
        }
      }
    }
    return SymbolVersions(definitions: definitions, needs: needs, entries: entries)
  }
}

/// Bounds-checked reads of one versioning section and its linked string table (out of range reads give 0).
private struct VersionSectionReader {
  let bytes: [UInt8]
  let strings: [UInt8]
  let byteOrder: ByteOrder
  let origin: ElfOrigin
  let section: Section
  private var budget: NameBudget

  init(file: ElfFile, section: Section) throws(ElfError) {
    bytes = try file.contents(ofSection: section.index)
    strings = Int(section.link) < file.sections.count ? try file.contents(ofSection: Int(section.link)) : []
    byteOrder = file.header.byteOrder
    origin = file.origin
    self.section = section
    budget = NameBudget(tableSize: strings.count)
  }

  func u16(_ at: Int) -> UInt16 {
    guard at >= 0, at <= bytes.count - 2 else { return 0 }
    let (first, second) = (UInt16(bytes[at]), UInt16(bytes[at + 1]))
    return byteOrder == .littleEndian ? first | second << 8 : first << 8 | second
  }

  func u32(_ at: Int) -> UInt32 {
    let (first, second) = (UInt32(u16(at)), UInt32(u16(at + 2)))
    return byteOrder == .littleEndian ? first | second << 16 : first << 16 | second
  }

  /// The version name at `offset` of the string table; nil past its end.
  mutating func string(_ offset: UInt32) throws(ElfError) -> String? {
    let start = Int(offset)
    guard start < strings.count else { return nil }
    let name = strings.withUnsafeBytes { budget.name(at: start, in: $0).map { String(decoding: $0, as: UTF8.self) } }
    guard let name else {
      throw origin.error("section \(section.index) (\(section.name)): \(NameBudget.problem("string table \(section.link)"))")
    }
    return name
  }

  /// Offsets of the nodes of a `vd_next`/`vn_next` chain, stopping at the end, a zero link or a loop.
  func chain(nodeSize: Int, nextField: Int) -> [Int] {
    var nodes: [Int] = []
    var node = 0
    while node >= 0, node <= bytes.count - nodeSize, nodes.count <= bytes.count / nodeSize {
      nodes.append(node)
      let next = Int(u32(node + nextField))
      if next == 0 { break }
      node += next
    }
    return nodes
  }
}
