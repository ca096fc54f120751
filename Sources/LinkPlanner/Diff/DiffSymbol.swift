import ElfKit

/// One symbol as the diff compares it: a plain copy of what matters across two builds (no addresses, which
/// move with every change).
public struct DiffSymbol: Sendable, Hashable {
  /// The name (bytes decoded as UTF-8).
  public var name: String
  /// Position in its symbol table: keeps repeated local names in table order.
  public var index: Int
  public var binding: SymbolBinding
  public var type: SymbolType
  public var visibility: SymbolVisibility
  /// `st_size`.
  public var size: UInt64
  /// The class letter nm prints (`T`, `U`, `w`, `d`…).
  public var letter: Character
  /// The section kind alone: nm's letter for the symbol were it local (`t` text, `d` data, `r` read-only,
  /// `b` bss, `C` common, `U` undefined…), so that a binding change does not also read as a section change.
  public var sectionKind: Character

  public init(
    name: String, index: Int, binding: SymbolBinding, type: SymbolType, visibility: SymbolVisibility, size: UInt64,
    letter: Character, sectionKind: Character
  ) {
    self.name = name
    self.index = index
    self.binding = binding
    self.type = type
    self.visibility = visibility
    self.size = size
    self.letter = letter
    self.sectionKind = sectionKind
  }

  /// Copies `symbol`, classified as nm does.
  public init(_ symbol: Symbol, classifier: SymbolClassifier) {
    var asLocal = symbol
    asLocal.binding = .local
    self.init(
      name: symbol.name.string, index: symbol.index, binding: symbol.binding, type: symbol.type,
      visibility: symbol.visibility, size: symbol.size,
      letter: Character(UnicodeScalar(classifier.letter(for: symbol))),
      sectionKind: Character(UnicodeScalar(classifier.letter(for: asLocal))))
  }

  public var isDefined: Bool { letter != "U" && letter != "w" && letter != "v" }
  public var isLocal: Bool { binding == .local }
  /// A definition other files of a link can use: defined and not local.
  public var isExternalDefinition: Bool { isDefined && !isLocal }
  /// The size a definition occupies; nil for undefined symbols.
  public var definedSize: UInt64? { isDefined ? size : nil }
}
