import ElfKit

/// Which OCaml compilation units refer to which, read from relocations: unit A's code or data refers to unit B's
/// symbols. Inside one complete object there is no archive extraction to explain, so this graph answers
/// "which unit dragged in `Unix`?".
public struct OCamlUnitGraph: Sendable {
  /// Unit → the units it refers to.
  public var references: [String: Set<String>] = [:]
  /// Unit → the C functions it calls directly, leaving out the runtime's `caml_*` but keeping the primitives of
  /// unix, threads and str: `external` primitives compile to direct calls, so `Unix.gettimeofday` used in `Clock`
  /// makes `Clock` refer to `unix_gettimeofday` (OCaml 4.x) or `caml_unix_gettimeofday` (5.0 and later).
  public var cReferences: [String: Set<String>] = [:]
  /// Units in initialisation order (the order `caml_program` calls their entry points); the last is the main unit.
  public var initialisationOrder: [String] = []

  public init() {}

  /// Builds the graph from the objects' symbol tables and relocations. Units are numbered while the relocations
  /// are walked (each one costs array reads and one location), and become names once, at the end; only the
  /// names that start with `caml` are decoded, and a C function's name is made when an OCaml unit first calls it.
  public static func build(from files: [ElfFile]) throws(ElfError) -> OCamlUnitGraph {
    var graph = OCamlUnitGraph()
    var unitNames: [String] = []
    var unitIDs: [String: Int] = [:]
    func id(of unit: String) -> Int {
      if let known = unitIDs[unit] { return known }
      unitIDs[unit] = unitNames.count
      unitNames.append(unit)
      return unitNames.count - 1
    }
    var references = Set<Int>()
    var cReferences: [Int: Set<String>] = [:]
    var initialisation: [Int] = []
    for file in files {
      guard let table = try file.symbolTable() else { continue }
      let symbols = table.symbols
      // Only a name starting with `caml` can be OCaml's (OCamlNameDecoder.decode).
      let camlNames = symbols.map { symbol in
        symbol.name.withBytes { $0.starts(with: "caml".utf8) } ? symbol.name.string : nil
      }
      let decoder = OCamlNameDecoder(
        units: OCamlNameDecoder.units(in: camlNames.lazy.compactMap { $0 }))
      let units = camlNames.map { name in
        name.flatMap { decoder.unit(of: $0) }.map(id(of:)) ?? -1
      }
      let locator = FunctionLocator(symbols: symbols, includingData: true)
      // Per symbol, made on first use: whether a call to it is a C reference to record (1) or not (0).
      var cReference = [Int8](repeating: -1, count: symbols.count)
      func isCReference(_ symbolIndex: Int) -> Int8 {
        if cReference[symbolIndex] < 0 {
          let symbol = symbols[symbolIndex]
          let name = camlNames[symbolIndex] ?? symbol.name.string
          let isC =
            !name.isEmpty
            && (!name.hasPrefix("caml") || OCamlStubOwnership.isLibraryPrimitive(name))
            && symbol.type != .section
          cReference[symbolIndex] = isC ? 1 : 0
        }
        return cReference[symbolIndex]
      }
      var isStartup = [Int8](repeating: -1, count: symbols.count)
      for section in try file.relocationTables() where section.symbolTable == table.section.index {
        // `caml_program` calls the units' entry points in initialisation order.
        var entryCalls: [(offset: UInt64, unit: Int)] = []
        let entries = section.entries
        for position in entries.indices {
          let symbolIndex = entries.symbolIndex(at: position)
          guard symbolIndex < symbols.count else { continue }
          let target = units[symbolIndex]
          // A reference to neither a unit nor a C function counts for no unit: no need to locate it.
          if target < 0 && isCReference(symbolIndex) == 0 { continue }
          let offset = entries.offset(at: position)
          guard let source = locator.functionIndex(containing: offset, inSection: section.target)
          else { continue }
          if isStartup[source] < 0 {
            isStartup[source] = symbols[source].name.equals("caml_program") ? 1 : 0
          }
          if isStartup[source] == 1 {
            // The runtime's `caml_program` belongs to no unit: its other references count for none.
            if target >= 0, camlNames[symbolIndex]!.hasSuffix("entry") {
              entryCalls.append((offset, target))
            }
            continue
          }
          let sourceUnit = units[source]
          guard sourceUnit >= 0 else { continue }
          if target >= 0 {
            if sourceUnit != target { references.insert(sourceUnit << 32 | target) }
            continue
          }
          if isCReference(symbolIndex) == 1 {
            let symbol = symbols[symbolIndex]
            cReferences[sourceUnit, default: []].insert(
              camlNames[symbolIndex] ?? symbol.name.string)
          }
        }
        for call in entryCalls.sorted(by: { $0.offset < $1.offset })
        where !initialisation.contains(call.unit) {
          initialisation.append(call.unit)
        }
      }
    }
    for pair in references {
      graph.references[unitNames[pair >> 32], default: []].insert(unitNames[pair & 0xffff_ffff])
    }
    for (unit, functions) in cReferences { graph.cReferences[unitNames[unit]] = functions }
    graph.initialisationOrder = initialisation.map { unitNames[$0] }
    return graph
  }

  /// Every unit that appears in the graph.
  public var units: Set<String> {
    Set(references.keys).union(references.values.joined()).union(initialisationOrder)
  }

  /// The main unit: initialised last.
  public var mainUnit: String? { initialisationOrder.last }

  /// The shortest chain of references from the main unit (or, failing that, from any initialised unit, latest
  /// first) to `unit` or to one of `cFunctions`, both ends included (a C function ends the chain by its name).
  public func chain(to unit: String, orCFunctions cFunctions: Set<String> = []) -> [String]? {
    for root in initialisationOrder.reversed() {
      if let path = shortestPath(from: root, to: unit, orCFunctions: cFunctions) { return path }
    }
    return nil
  }

  /// The units that refer to `unit`, or call one of `cFunctions`, directly; sorted.
  public func referrers(of unit: String, orCFunctions cFunctions: Set<String> = []) -> [String] {
    Set(references.filter { $0.value.contains(unit) }.map(\.key))
      .union(cReferences.filter { !$0.value.isDisjoint(with: cFunctions) }.map(\.key))
      .subtracting([unit]).sorted()
  }

  private func shortestPath(
    from start: String, to goal: String, orCFunctions cFunctions: Set<String>
  ) -> [String]? {
    var previous: [String: String] = [:]
    var queue = [start]
    var visited: Set<String> = [start]
    var head = 0
    while head < queue.count {
      let current = queue[head]
      head += 1
      let reachedFunction =
        current == goal ? nil : cReferences[current]?.intersection(cFunctions).min()
      if current == goal || reachedFunction != nil {
        var path = [current]
        while let step = previous[path[0]] { path.insert(step, at: 0) }
        return path + (reachedFunction.map { [$0] } ?? [])
      }
      for next in (references[current] ?? []).sorted() where visited.insert(next).inserted {
        previous[next] = current
        queue.append(next)
      }
    }
    return nil
  }
}
