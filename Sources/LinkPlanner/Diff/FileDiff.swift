/// The differences between two versions of one object or archive, already filtered.
public struct FileDiff: Sendable {
  /// The file's path below the compared directories; for two files compared directly, NEW's path.
  public var name: String
  /// Nil when only NEW has the file.
  public var oldPath: String?
  /// Nil when only OLD has the file.
  public var newPath: String?
  public var kind: BinarySymbols.Kind
  /// Added, removed, renamed and moved members (empty for objects and for a file only one side has).
  public var members: ArchiveDiff
  /// Headline: what NEW needs from the target that OLD did not.
  public var newUndefined: [InterfaceChange]
  /// Headline: global definitions of OLD that NEW no longer has.
  public var removedDefinitions: [InterfaceChange]
  /// Every symbol change, member by member (matched members in OLD's order, then removed, then added members),
  /// by name within a member. A matched member's changes carry its name in OLD.
  public var changes: [SymbolChange]
  /// Counts of the changed OCaml symbols per compilation unit.
  public var units: [UnitSummary]
  public var size: SizeSummary

  /// Nothing to report.
  public var isEmpty: Bool {
    members.isEmpty && changes.isEmpty && newUndefined.isEmpty && removedDefinitions.isEmpty
  }

  /// A global definition is gone or NEW needs a symbol OLD did not.
  public var isIncompatible: Bool { !newUndefined.isEmpty || !removedDefinitions.isEmpty }

  /// `changes` that say more than the headline sections: without the references the new-undefined section
  /// lists and the definitions the removed-definitions section lists (removed, or turned into references).
  public var otherChanges: [SymbolChange] {
    let needed = Set(newUndefined.map(\.name))
    let gone = Set(removedDefinitions.map(\.name))
    return changes.filter { change in
      let becameReference = change.new.map { !$0.isDefined } ?? true
      let wasDefinition = change.old.map(\.isDefined) ?? true
      let coveredAsNeed = needed.contains(change.name) && change.new != nil && becameReference && wasDefinition
      let coveredAsGone =
        gone.contains(change.name) && change.old?.isExternalDefinition == true && becameReference
      return !coveredAsNeed && !coveredAsGone
    }
  }

  /// Compares `old` and `new` (at least one present, both of the same kind), keeping what `filter` admits.
  public init(name: String, old: BinarySymbols?, new: BinarySymbols?, filter: DiffFilter) {
    precondition(old != nil || new != nil, "a file diff needs at least one side")
    let oldObjects = old?.objects ?? []
    let newObjects = new?.objects ?? []
    self.name = name
    oldPath = old?.path
    newPath = new?.path
    kind = (old ?? new)!.kind

    let (structure, objectPairs) = ArchiveDiff.matching(old: oldObjects, new: newObjects)
    members = old != nil && new != nil ? structure : ArchiveDiff()
    let decoder = OCamlNameDecoder(
      units: OCamlNameDecoder.units(in: (oldObjects + newObjects).lazy.flatMap(\.symbols).map(\.name)))
    changes = objectPairs.flatMap { before, after in
      SymbolDiff.changes(
        old: before?.symbols ?? [], new: after?.symbols ?? [], member: (before ?? after)!.member
      ).filter { filter.admits(old: $0.old, new: $0.new) }
    }.map { change in
      var change = change
      change.unit = decoder.decode(change.name)?.unit
      return change
    }
    units = UnitSummary.summaries(of: changes)

    let oldInterface = SymbolInterface(oldObjects)
    let newInterface = SymbolInterface(newObjects)
    newUndefined = SymbolInterface.newUndefined(old: oldInterface, new: newInterface).filter {
      filter.admits(old: $0.old, new: $0.new)
    }
    removedDefinitions = SymbolInterface.removedDefinitions(old: oldInterface, new: newInterface).filter {
      filter.admits(old: $0.old, new: $0.new)
    }
    size = SizeSummary(old: oldObjects, new: newObjects, changes: changes, filter: filter)
  }
}
