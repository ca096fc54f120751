import ElfKit

/// Finds the relocations that refer to given undefined names: the sites ld would report, with the
/// function each lies in.
struct ReferenceFinder {
  let objects: [LinkObject]
  /// Whether ld relaxes TLS sequences (an executable is made), so their `__tls_get_addr` calls are no sites.
  var relaxesTLS = false

  func sites(of names: Set<String>) throws(ElfError) -> [String: [ReferenceSite]] {
    guard !names.isEmpty else { return [:] }
    var result: [String: [ReferenceSite]] = [:]
    for object in objects {
      guard let table = try object.file.symbolTable() else { continue }
      // The wanted names by symbol index, so that each relocation costs an array read.
      var wanted = [String?](repeating: nil, count: table.symbols.count)
      var wantsAny = false
      for symbol in table.symbols where symbol.isUndefined && symbol.binding != .local {
        let name = symbol.name.string
        if names.contains(name) {
          wanted[symbol.index] = name
          wantsAny = true
        }
      }
      guard wantsAny else { continue }
      func wantedName(_ symbol: Int) -> String? { symbol < wanted.count ? wanted[symbol] : nil }
      var locator: FunctionLocator?
      let relaxation = relaxesTLS ? TLSRelaxation(machine: object.file.header.machine) : nil
      for relocations in try object.file.relocationTables()
      where relocations.symbolTable == table.section.index {
        let target = relocations.target
        var sectionName: String?
        // Only code lies "in a function"; data is named by its section and offset alone, as lld does.
        let isCode =
          target < object.file.sections.count
          && object.file.sections[target].flags.contains(.execute)
        let entries = relocations.entries
        for index in entries.indices {
          guard let name = wantedName(entries.symbolIndex(at: index)),
            !(relaxation?.isRelaxedCall(index, in: entries, name: wantedName) ?? false)
          else { continue }
          let offset = entries.offset(at: index)
          if sectionName == nil {
            sectionName =
              target < object.file.sections.count ? object.file.sections[target].name : "#\(target)"
          }
          if isCode && locator == nil { locator = try object.file.functionLocator() }
          let function = isCode ? locator?.functionName(containing: offset, inSection: target) : nil
          result[name, default: []].append(
            ReferenceSite(
              object: object.id, section: sectionName!, offset: offset, function: function))
        }
      }
    }
    return result
  }
}
