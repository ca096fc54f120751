import ElfKit

/// The global names of a resolved link, each numbered once (in the order the resolver first saw it), with each
/// one's final definer: what `Resolution` answers "who defines `f`?" and "which names exist?" from, without a Swift
/// `String` per name. A name's `String` is made only when asked for.
public struct LinkNames: Sendable {
  private let names: SymbolNames
  /// By number: the final definer; nil for a name left undefined or only offered by an archive member.
  private let definers: [SymbolDefiner?]
  /// By number: defined, or offered by an archive index (extracted or not).
  private let known: [Bool]

  init(names: SymbolNames = SymbolNames(), definers: [SymbolDefiner?] = [], known: [Bool] = []) {
    self.names = names
    self.definers = definers
    self.known = known
  }

  /// How many names are numbered (`0..<count`).
  public var count: Int { definers.count }

  /// The number of `name`, or nil if no input mentions it.
  public func number(of name: String) -> Int? {
    names.existing(name).flatMap { $0 < count ? $0 : nil }
  }

  /// The number of `name` (bytes of a symbol table of the link), or nil if no input mentions it.
  public func number(of name: ElfString) -> Int? {
    names.existing(name).flatMap { $0 < count ? $0 : nil }
  }

  /// Name `number`.
  public func string(_ number: Int) -> String { names.string(ofNumber: number) }

  /// Calls `body` with the bytes of name `number` (valid only during the call).
  public func withBytes<R>(_ number: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows
    -> R
  {
    try names.withBytes(number, body)
  }

  /// The final definer of name `number`; nil if it is not defined.
  public func definer(_ number: Int) -> SymbolDefiner? { definers[number] }

  /// The final definer of `name`; nil if it is not defined.
  public func definer(of name: String) -> SymbolDefiner? { number(of: name).flatMap(definer) }

  /// Whether name `number` is defined, or offered by an archive member (extracted or not): what "did you mean"
  /// may suggest.
  public func isKnown(_ number: Int) -> Bool { known[number] }

  /// The numbers of the known names (`isKnown`), in ascending order.
  public var knownNumbers: [Int] { known.indices.filter { known[$0] } }

  /// The defined names that start with one of `prefixes`, in number order, compared on their bytes.
  public func definedNames(withPrefixes prefixes: [String]) -> [String] {
    definers.indices.filter { number in
      definers[number] != nil
        && names.withBytes(number) { bytes in
          prefixes.contains { prefix in
            prefix.utf8.first == bytes.first && bytes.starts(with: prefix.utf8)
          }
        }
    }.map(string)
  }
}
