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

  /// Builds the graph from the objects' symbol tables and relocations.
  public static func build(from files: [ElfFile]) throws(ElfError) -> OCamlUnitGraph {
    var graph = OCamlUnitGraph()
    for file in files {
      guard let table = try file.symbolTable() else { continue }
      let names = table.symbols.map(\.name.string)
      let decoder = OCamlNameDecoder(units: OCamlNameDecoder.units(in: names))
      let locator = FunctionLocator(symbols: table.symbols, includingData: true)
      let units = names.map { decoder.decode($0)?.unit }
      for section in try file.relocationSections() where section.symbolTable == table.section.index
      {
        let isStartup = { (offset: UInt64) in
          locator.function(containing: offset, inSection: section.target)?.name.equals(
            "caml_program") ?? false
        }
        for relocation in section.relocations.sorted(by: { $0.offset < $1.offset })
        where relocation.symbolIndex < units.count {
          guard let target = units[relocation.symbolIndex] else {
            let name = names[relocation.symbolIndex]
            if !name.isEmpty,
              !name.hasPrefix("caml") || OCamlStubOwnership.isLibraryPrimitive(name),
              table.symbols[relocation.symbolIndex].type != .section,
              let source = locator.function(
                containing: relocation.offset, inSection: section.target),
              let sourceUnit = units[source.index]
            {
              graph.cReferences[sourceUnit, default: []].insert(name)
            }
            continue
          }
          if isStartup(relocation.offset), names[relocation.symbolIndex].hasSuffix("entry"),
            !graph.initialisationOrder.contains(target)
          {
            graph.initialisationOrder.append(target)
            continue
          }
          guard
            let source = locator.function(containing: relocation.offset, inSection: section.target),
            let sourceUnit = units[source.index], sourceUnit != target
          else { continue }
          graph.references[sourceUnit, default: []].insert(target)
        }
      }
    }
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
