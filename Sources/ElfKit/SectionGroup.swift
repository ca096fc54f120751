/// A section group (`SHT_GROUP`): sections kept or discarded together; a COMDAT group is kept once per link,
/// the first time its signature is seen.
public struct SectionGroup: Sendable, Hashable {
  /// Index of the `SHT_GROUP` section.
  public var index: Int
  /// The name of the signature symbol.
  public var signature: String
  /// `GRP_COMDAT`: later groups with the same signature are discarded.
  public var isComdat: Bool
  /// Indices of the member sections.
  public var members: [Int]
}

extension ElfFile {
  /// Every section group, with its signature and members (`SHT_GROUP` words in the file's byte order).
  /// Read once per file and kept.
  public func sectionGroups() throws(ElfError) -> [SectionGroup] {
    if let cached = cachedSectionGroups { return cached }
    let groups = try readSectionGroups()
    cachedSectionGroups = groups
    return groups
  }

  private func readSectionGroups() throws(ElfError) -> [SectionGroup] {
    let groupSections = sections.filter { $0.type == .group }
    guard !groupSections.isEmpty else { return [] }
    var groups: [SectionGroup] = []
    var tables: [Int: SymbolTable] = [:]
    for section in groupSections {
      let bytes = try contents(ofSection: section.index)
      let words = bytes.withUnsafeBytes { raw in
        let reader = ByteReader(bytes: raw, byteOrder: header.byteOrder)
        return stride(from: 0, to: raw.count - 3, by: 4).map { reader.u32(at: $0) }
      }
      guard let flags = words.first else { continue }
      let tableIndex = Int(section.link)
      guard tableIndex < sections.count, sections[tableIndex].type == .symtab else {
        throw origin.error(
          "group section \(section.index) links to \(tableIndex), which is not a symbol table")
      }
      if tables[tableIndex] == nil { tables[tableIndex] = try symbolTable(at: tableIndex) }
      let symbols = tables[tableIndex]!.symbols
      guard Int(section.info) < symbols.count else {
        throw origin.error(
          "group section \(section.index) names symbol \(section.info), past its symbol table")
      }
      groups.append(
        SectionGroup(
          index: section.index, signature: symbols[Int(section.info)].name.string,
          isComdat: flags & 1 != 0,
          members: words.dropFirst().map { Int($0) }))
    }
    return groups
  }
}
