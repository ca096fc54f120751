/// Compares the symbols of two versions of one object.
///
/// Symbols are matched by name. A name may repeat (local names do, in a `ld -r` output such as OCaml's complete
/// object: one `static` helper per C file), so matching goes in two rounds: first by name and scope (local or
/// not), the n-th occurrence with the n-th in table order; then what is left by name alone, which pairs a
/// symbol whose binding changed between local and global.
public enum SymbolDiff {
  /// Every symbol added, removed or changed, by name (C byte order), repeated names in table order. Each
  /// change carries `member`.
  public static func changes(old: [DiffSymbol], new: [DiffSymbol], member: String?) -> [SymbolChange] {
    struct ScopedName: Hashable {
      var name: String
      var isLocal: Bool
    }
    let scoped = OccurrenceMatch(old: old, new: new) { ScopedName(name: $0.name, isLocal: $0.isLocal) }
    let rest = OccurrenceMatch(old: scoped.oldOnly, new: scoped.newOnly, key: \.name)
    var changes: [SymbolChange] = []
    for (before, after) in scoped.pairs + rest.pairs {
      let attributes = SymbolChange.differences(before, after)
      if !attributes.isEmpty {
        changes.append(SymbolChange(member: member, old: before, new: after, attributes: attributes))
      }
    }
    changes += rest.oldOnly.map { SymbolChange(member: member, old: $0, new: nil) }
    changes += rest.newOnly.map { SymbolChange(member: member, old: nil, new: $0) }
    return changes.sorted(by: inNameOrder)
  }

  /// By name in C byte order, then by position in the symbol table.
  private static func inNameOrder(_ a: SymbolChange, _ b: SymbolChange) -> Bool {
    if a.name != b.name { return a.name.utf8.lexicographicallyPrecedes(b.name.utf8) }
    return (a.old ?? a.new)!.index < (b.old ?? b.new)!.index
  }
}
