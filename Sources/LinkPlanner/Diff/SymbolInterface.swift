/// A name in one of the headline sections: needed anew from the target, or no longer defined.
public struct InterfaceChange: Sendable, Hashable {
  public var name: String
  /// OLD's definition (for a new need that OLD defined itself), or OLD's definition that is gone.
  public var old: DiffSymbol?
  /// NEW's reference (for a new need), or NEW's reference to a definition that is gone.
  public var new: DiffSymbol?
  /// The members that need the name (new undefined) or defined it (removed definition); empty for objects.
  public var members: [String]
}

/// What one object or archive offers to a link and what it needs from the rest of it: its global definitions,
/// and the names it leaves undefined that none of its own members defines.
struct SymbolInterface {
  /// A name's first symbol and the members it appears in.
  struct Entry {
    var symbol: DiffSymbol
    var members: [String] = []
  }

  private(set) var definitions: [String: Entry] = [:]
  private(set) var needs: [String: Entry] = [:]

  init(_ objects: [ObjectSymbols]) {
    var references: [String: Entry] = [:]
    for object in objects {
      for symbol in object.symbols {
        if symbol.isExternalDefinition {
          Self.record(symbol, member: object.member, in: &definitions)
        } else if !symbol.isDefined {
          Self.record(symbol, member: object.member, in: &references)
        }
      }
    }
    needs = references.filter { definitions[$0.key] == nil }
  }

  private static func record(_ symbol: DiffSymbol, member: String?, in table: inout [String: Entry]) {
    var entry = table[symbol.name] ?? Entry(symbol: symbol)
    if let member, entry.members.last != member { entry.members.append(member) }
    table[symbol.name] = entry
  }

  /// What NEW needs from the target that OLD did not, by name.
  static func newUndefined(old: SymbolInterface, new: SymbolInterface) -> [InterfaceChange] {
    new.needs.filter { old.needs[$0.key] == nil }.map { name, need in
      InterfaceChange(name: name, old: old.definitions[name]?.symbol, new: need.symbol, members: need.members)
    }.sorted(by: inNameOrder)
  }

  /// The global definitions of OLD that NEW no longer has, by name.
  static func removedDefinitions(old: SymbolInterface, new: SymbolInterface) -> [InterfaceChange] {
    old.definitions.filter { new.definitions[$0.key] == nil }.map { name, definition in
      InterfaceChange(name: name, old: definition.symbol, new: new.needs[name]?.symbol, members: definition.members)
    }.sorted(by: inNameOrder)
  }

  private static func inNameOrder(_ a: InterfaceChange, _ b: InterfaceChange) -> Bool {
    a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
  }
}
