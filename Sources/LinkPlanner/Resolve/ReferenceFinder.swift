import ElfKit

/// Finds the relocations that refer to given undefined names: the sites ld would report, with the
/// function each lies in.
struct ReferenceFinder {
  let objects: [LinkObject]
  /// Whether ld relaxes TLS sequences (an executable is made), so their `__tls_get_addr` calls are no sites.
  var relaxesTLS = false

  /// The sites of `names` (numbered in `numbering`), by name.
  func sites(of names: Set<String>, numberedIn numbering: SymbolNames) throws(ElfError)
    -> [String: [ReferenceSite]]
  {
    guard !names.isEmpty else { return [:] }
    // Each wanted name's position in `wantedNames`, by name number (-1: not wanted).
    let wantedNames = names.sorted()
    var positions = [Int32](repeating: -1, count: numbering.count)
    for (position, name) in wantedNames.enumerated() {
      if let number = numbering.existing(name) { positions[number] = Int32(position) }
    }
    var found = [[ReferenceSite]](repeating: [], count: wantedNames.count)
    for object in objects {
      guard let table = try object.file.symbolTable() else { continue }
      // The wanted names' positions by symbol index, so that each relocation costs an array read.
      var wanted = [Int32](repeating: -1, count: table.symbols.count)
      var wantsAny = false
      // Fields read in place: a copy of each of a hundred thousand symbols retains its name.
      for index in table.symbols.indices
      where table.symbols[index].isUndefined && table.symbols[index].binding != .local {
        if let number = numbering.existing(table.symbols[index].name), positions[number] >= 0 {
          wanted[index] = positions[number]
          wantsAny = true
        }
      }
      guard wantsAny else { continue }
      func wantedPosition(_ symbol: Int) -> Int? {
        symbol < wanted.count && wanted[symbol] >= 0 ? Int(wanted[symbol]) : nil
      }
      func wantedName(_ symbol: Int) -> String? { wantedPosition(symbol).map { wantedNames[$0] } }
      var locator: FunctionLocator?
      let relaxation = relaxesTLS ? TLSRelaxation(machine: object.file.header.machine) : nil
      // Once per object: each `ElfFile.sections` costs a lookup and a retain.
      let sections = object.file.sections
      for relocations in try object.file.relocationTables()
      where relocations.symbolTable == table.section.index {
        let target = relocations.target
        var sectionName: String?
        // Only code lies "in a function"; data is named by its section and offset alone, as lld does.
        let isCode = target < sections.count && sections[target].flags.contains(.execute)
        let entries = relocations.entries
        for index in entries.indices {
          guard let position = wantedPosition(entries.symbolIndex(at: index)),
            !(relaxation?.isRelaxedCall(index, in: entries, name: wantedName) ?? false)
          else { continue }
          let offset = entries.offset(at: index)
          if sectionName == nil {
            sectionName = target < sections.count ? sections[target].name : "#\(target)"
          }
          if isCode && locator == nil { locator = try object.file.functionLocator() }
          let function = isCode ? locator?.functionName(containing: offset, inSection: target) : nil
          found[position].append(
            ReferenceSite(
              object: object.id, section: sectionName!, offset: offset, function: function))
        }
      }
    }
    var result: [String: [ReferenceSite]] = [:]
    for (position, sites) in found.enumerated() where !sites.isEmpty {
      result[wantedNames[position]] = sites
    }
    return result
  }
}
