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
    self.init(name: name, references: Self.references(in: ExpressionLexer(expression).tokens()))
  }

  /// Built-in functions whose (first) argument names a section, memory region or symbol without reading its
  /// value (`DEFINED(x)`); `SEGMENT_START`'s second argument is an expression.
  private static let functionsOfNames: Set<String> = [
    "ADDR", "LOADADDR", "SIZEOF", "ALIGNOF", "DEFINED", "ORIGIN", "LENGTH", "CONSTANT",
    "SEGMENT_START",
  ]

  /// The symbol names an expression's script tokens read (each token is read again as ld's expression lexer sees
  /// it: the script lexer keeps `f3+_start` one word).
  static func references(in tokens: ArraySlice<String>) -> [String] {
    references(in: tokens.flatMap { ExpressionLexer($0).tokens() })
  }

  /// The symbol names among an expression's tokens: not `.`, `SIZEOF_HEADERS`, numbers, built-in functions, nor
  /// the first argument of those that name something; nor the names of a conditional's branches (`c ? a : b`):
  /// ld reads only the branch the condition picks (`DEFINED(h) ? h : 0` does not read an undefined `h`), and
  /// link-check does not compute values.
  static func references(in tokens: [ExpressionLexer.Token]) -> [String] {
    var names: [String] = []
    // The depth of the parentheses of a name argument being skipped, and of the conditional being skipped.
    var skipDepth: Int?
    var conditionalDepth: Int?
    var depth = 0
    for (index, token) in tokens.enumerated() {
      switch token {
      case .other(UInt8(ascii: "(")): depth += 1
      case .other(UInt8(ascii: "?")) where conditionalDepth == nil: conditionalDepth = depth
      case .other(UInt8(ascii: ")")):
        if skipDepth == depth { skipDepth = nil }
        if conditionalDepth == depth { conditionalDepth = nil }
        depth -= 1
      case .other(UInt8(ascii: ",")) where skipDepth == depth: skipDepth = nil
      case .name(let name)
      where index + 1 < tokens.count && tokens[index + 1] == .other(UInt8(ascii: "(")):
        if functionsOfNames.contains(name), skipDepth == nil { skipDepth = depth + 1 }
      case .name(let name)
      where skipDepth == nil && conditionalDepth == nil && name != "." && name != "SIZEOF_HEADERS":
        names.append(name)
      default: break
      }
    }
    return names
  }
}
