extension OCamlUnitGraph {
  /// The program's main unit: the last initialised, not counting `Std_exit` (which ocamlopt links after every
  /// program, but not into complete objects).
  public var programMainUnit: String? { initialisationOrder.last { $0 != "Std_exit" } }

  /// Shortest chains of references from the main unit to every unit it reaches (itself included), visiting
  /// referred units in name order so that equal-length chains are chosen the same way every time.
  public func chainsFromMain() -> [String: [String]] {
    guard let main = programMainUnit else { return [:] }
    var chains: [String: [String]] = [main: [main]]
    var queue = [main]
    var head = 0
    while head < queue.count {
      let current = queue[head]
      head += 1
      for next in (references[current] ?? []).sorted() where chains[next] == nil {
        chains[next] = chains[current]! + [next]
        queue.append(next)
      }
    }
    return chains
  }

  /// The shortest of `chains` that ends in one of `units`, or in a unit calling one of `cFunctions` (then the
  /// function ends the chain); ties go to the chain that sorts first.
  public static func shortest(
    _ chains: [String: [String]], toAnyOf units: Set<String>,
    orCalling cFunctions: Set<String> = [], in graph: OCamlUnitGraph
  ) -> [String]? {
    var candidates: [[String]] = units.compactMap { chains[$0] }
    if !cFunctions.isEmpty {
      for (unit, called) in graph.cReferences {
        guard let chain = chains[unit], let function = called.intersection(cFunctions).min() else {
          continue
        }
        candidates.append(chain + [function])
      }
    }
    return candidates.min { a, b in
      a.count != b.count ? a.count < b.count : a.lexicographicallyPrecedes(b)
    }
  }
}
