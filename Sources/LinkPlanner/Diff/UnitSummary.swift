/// How many OCaml symbols of one compilation unit were added, removed and changed.
public struct UnitSummary: Sendable, Hashable {
  /// The unit as the compiler names it (`Stdlib__List`, `Unix`).
  public var unit: String
  public var added = 0
  public var removed = 0
  public var changed = 0

  public init(unit: String) { self.unit = unit }

  /// The units of `changes`, by name (C byte order); changes outside OCaml units are not counted.
  static func summaries(of changes: [SymbolChange]) -> [UnitSummary] {
    var byUnit: [String: UnitSummary] = [:]
    for change in changes {
      guard let unit = change.unit else { continue }
      var summary = byUnit[unit] ?? UnitSummary(unit: unit)
      switch change.kind {
      case .added: summary.added += 1
      case .removed: summary.removed += 1
      case .changed: summary.changed += 1
      }
      byUnit[unit] = summary
    }
    return byUnit.values.sorted { $0.unit.utf8.lexicographicallyPrecedes($1.unit.utf8) }
  }
}
