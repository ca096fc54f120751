/// One symbol assignment, `name = expression`, from `--defsym` or a linker script, with what ld needs to fold
/// it while it is still loading inputs: the symbols the expression reads.
public struct SymbolAssignment: Sendable, Hashable {
  public var name: String
  /// The symbols the expression reads (not `.`, numbers, section names or built-in functions).
  public var references: [String]

  public init(name: String, references: [String]) {
    self.name = name
    self.references = references
  }

  /// Reads `--defsym`'s `name=expression`.
  public init(defsym argument: String) {
    let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
    let name = String(parts[0]).trimmingBlanks()
    let expression = parts.count > 1 ? String(parts[1]) : ""
    self.init(
      name: name, references: Self.references(in: LinkerScriptLexer(expression).tokens()[...]))
  }

  /// Built-in functions whose arguments name sections or memory regions, not symbols (`DEFINED(x)` reads
  /// no value either).
  private static let functionsOfNames: Set<String> = [
    "ADDR", "LOADADDR", "SIZEOF", "ALIGNOF", "DEFINED", "ORIGIN", "LENGTH", "CONSTANT",
    "SEGMENT_START",
  ]

  /// The symbol names among the tokens of an expression.
  static func references(in tokens: ArraySlice<String>) -> [String] {
    var names: [String] = []
    var skipDepth: Int?
    var depth = 0
    var tokens = tokens
    while let token = tokens.popFirst() {
      if token == "(" {
        depth += 1
        continue
      }
      if token == ")" {
        if skipDepth == depth { skipDepth = nil }
        depth -= 1
        continue
      }
      if tokens.first == "(" {
        if functionsOfNames.contains(token), skipDepth == nil { skipDepth = depth + 1 }
        continue
      }
      guard skipDepth == nil, let first = token.unicodeScalars.first, first != ".",
        first == "_" || (first.isASCII && first.properties.isAlphabetic)
      else { continue }
      names.append(token)
    }
    return names
  }
}
