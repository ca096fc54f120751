/// A property of a symbol that can differ between two builds.
public enum SymbolAttribute: String, Sendable, Hashable, CaseIterable {
  /// Defined ↔ undefined.
  case definition
  case binding
  case type
  case visibility
  /// The kind of section it is defined in (nm's letter class: text, data, read-only, bss, common…).
  case section
  case size
}

/// What happened to one symbol of one object (or archive member) between OLD and NEW.
public struct SymbolChange: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable {
    case added, removed, changed
  }

  /// The archive member the symbol is in; nil for a plain object.
  public var member: String?
  /// The symbol in OLD; nil when added.
  public var old: DiffSymbol?
  /// The symbol in NEW; nil when removed.
  public var new: DiffSymbol?
  /// For `changed`: the attributes that differ, in `SymbolAttribute.allCases` order; empty otherwise.
  public var attributes: [SymbolAttribute]
  /// The OCaml compilation unit the symbol belongs to, when its name is an OCaml one.
  public var unit: String?

  public init(
    member: String?, old: DiffSymbol?, new: DiffSymbol?, attributes: [SymbolAttribute] = [], unit: String? = nil
  ) {
    precondition(old != nil || new != nil, "a change needs at least one side")
    self.member = member
    self.old = old
    self.new = new
    self.attributes = attributes
    self.unit = unit
  }

  public var kind: Kind {
    switch (old, new) {
    case (nil, _): .added
    case (_, nil): .removed
    default: .changed
    }
  }

  /// The symbol's name (the same on both sides).
  public var name: String { (new ?? old)!.name }

  /// The attributes in which `new` differs from `old`; the section kind only when both are defined or both
  /// undefined (a definition that became a reference reads as `definition`, not also as `section`).
  public static func differences(_ old: DiffSymbol, _ new: DiffSymbol) -> [SymbolAttribute] {
    SymbolAttribute.allCases.filter { attribute in
      switch attribute {
      case .definition: old.isDefined != new.isDefined
      case .binding: old.binding != new.binding
      case .type: old.type != new.type
      case .visibility: old.visibility != new.visibility
      case .section: old.isDefined == new.isDefined && old.sectionKind != new.sectionKind
      case .size: old.size != new.size
      }
    }
  }
}
