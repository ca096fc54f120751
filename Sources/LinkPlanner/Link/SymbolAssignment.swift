/// One symbol assignment, `name = expression`, from `--defsym` or a linker script, with what ld needs to fold
/// it while it is still loading inputs: the symbols the expression reads.
public struct SymbolAssignment: Sendable, Hashable {
  public var name: String
  /// The symbols the expression reads (not `.`, numbers, section names or built-in functions).
  public var references: [String]
  /// The expression as ld's lexer reads it.
  var expression: [ExpressionLexer.Token]
  /// Whether the expression has a conditional (`?`): without one, what it reads is its `references`, and no walk
  /// over its parentheses is needed (read on every fold).
  private var hasConditional: Bool

  /// An assignment of the expression `tokens` to `name`.
  init(name: String, expression tokens: [ExpressionLexer.Token]) {
    self.name = name
    references = Self.references(in: tokens)
    expression = tokens
    hasConditional = tokens.contains(Self.question)
  }

  /// Reads `--defsym`'s `name=expression`.
  public init(defsym argument: String) {
    let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
    let name = String(parts[0]).trimmingBlanks()
    let expression = parts.count > 1 ? String(parts[1]) : ""
    self.init(name: name, expression: ExpressionLexer(expression).tokens())
  }

  /// Built-in functions whose (first) argument names a section, memory region or symbol without reading its
  /// value (`DEFINED(x)`); `SEGMENT_START`'s second argument is an expression.
  private static let functionsOfNames: Set<String> = [
    "ADDR", "LOADADDR", "SIZEOF", "ALIGNOF", "DEFINED", "ORIGIN", "LENGTH", "CONSTANT",
    "SEGMENT_START",
  ]

  /// An expression's script tokens as ld's expression lexer reads them (the script lexer keeps `f3+_start` one
  /// word).
  static func expression(_ tokens: ArraySlice<String>) -> [ExpressionLexer.Token] {
    tokens.flatMap { ExpressionLexer($0).tokens() }
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

  /// The symbols folding the expression reads: its references (outside conditionals and in conditions) and the
  /// names of the branch each `DEFINED` condition picks (`isDefined` as for `sourceReads(isDefined:)`).
  func foldReads(isDefined: (String) -> Bool?) -> [String] {
    guard hasConditional else { return references }
    return references + (sourceReads(isDefined: isDefined) ?? [])
  }

  /// The symbols ld counts as the expression's source (ldexp.c, `expld.assign_src`; the assignment takes their
  /// visibility when there is exactly one read): the names the fold reads, not counting a conditional's condition
  /// and counting only the branch the condition picks (`fold_trinary`). `isDefined` answers `DEFINED(name)`, nil
  /// when it cannot; the result is nil when a condition is not `DEFINED(name)` or `!DEFINED(name)`, or
  /// `isDefined` cannot answer it (link-check does not compute values).
  func sourceReads(isDefined: (String) -> Bool?) -> [String]? {
    // With no conditional they are the references; a conditional is evaluated only in an expression of a size
    // ld scripts have (the walk below is quadratic in the nesting of parentheses: a fuzzer's 16 KB of them spent
    // most of its time there).
    guard hasConditional else { return references }
    guard expression.count <= Self.conditionalLimit else { return nil }
    return Self.sourceReads(expression[...], isDefined: isDefined)
  }

  /// The most tokens an expression with a conditional may have for link-check to evaluate it.
  private static let conditionalLimit = 512
  private static let question = ExpressionLexer.Token.other(UInt8(ascii: "?"))

  /// The one symbol the expression's value is, when it is a name alone: in parentheses, or the branch a
  /// `DEFINED(name)` condition picks (`isDefined` as for `sourceReads(isDefined:)`).
  func valueName(isDefined: (String) -> Bool?) -> String? {
    guard hasConditional else {
      let inside = expression.filter { $0 != Self.open && $0 != Self.close }
      guard inside.count == 1, case .name(let name) = inside[0], name != ".",
        name != "SIZEOF_HEADERS",
        expression.first != Self.close
      else { return nil }
      return name
    }
    guard expression.count <= Self.conditionalLimit else { return nil }
    var tokens = Self.strippingParentheses(expression[...])
    while let (condition, whenTrue, whenFalse) = Self.conditional(tokens) {
      guard let holds = Self.definedTest(condition, isDefined: isDefined) else { return nil }
      tokens = Self.strippingParentheses(holds ? whenTrue : whenFalse)
    }
    guard tokens.count == 1, case .name(let name) = tokens.first, name != ".",
      name != "SIZEOF_HEADERS"
    else { return nil }
    return name
  }

  private static let open = ExpressionLexer.Token.other(UInt8(ascii: "("))
  private static let close = ExpressionLexer.Token.other(UInt8(ascii: ")"))

  private static func sourceReads(
    _ tokens: ArraySlice<ExpressionLexer.Token>, isDefined: (String) -> Bool?
  ) -> [String]? {
    if let (condition, whenTrue, whenFalse) = conditional(tokens) {
      guard let holds = definedTest(condition, isDefined: isDefined) else { return nil }
      return sourceReads(holds ? whenTrue : whenFalse, isDefined: isDefined)
    }
    var names: [String] = []
    var index = tokens.startIndex
    while index < tokens.endIndex {
      let token = tokens[index]
      if token == open || (index + 1 < tokens.endIndex && tokens[index + 1] == open) {
        // A group, or a function's arguments: each read on its own; a name argument is not read.
        let start = token == open ? index : index + 1
        let end = matchingClose(tokens, from: start)
        var skipsFirst = false
        if case .name(let function) = token, functionsOfNames.contains(function) {
          skipsFirst = true
        }
        for (position, argument) in arguments(tokens[(start + 1)..<end]).enumerated()
        where !(skipsFirst && position == 0) {
          guard let reads = sourceReads(argument, isDefined: isDefined) else { return nil }
          names += reads
        }
        index = end + 1
        continue
      }
      if case .name(let name) = token, name != ".", name != "SIZEOF_HEADERS" { names.append(name) }
      index += 1
    }
    return names
  }

  /// `condition ? whenTrue : whenFalse` at the top level of `tokens` (the operator binds loosest, to the right).
  private static func conditional(_ tokens: ArraySlice<ExpressionLexer.Token>) -> (
    ArraySlice<ExpressionLexer.Token>, ArraySlice<ExpressionLexer.Token>,
    ArraySlice<ExpressionLexer.Token>
  )? {
    var depth = 0
    var question: Int?
    var open = 0
    for index in tokens.indices {
      switch tokens[index] {
      case Self.open: depth += 1
      case Self.close: depth -= 1
      case .other(UInt8(ascii: "?")) where depth == 0:
        if question == nil { question = index } else { open += 1 }
      case .other(UInt8(ascii: ":")) where depth == 0 && question != nil:
        if open == 0, let question {
          return (tokens[..<question], tokens[(question + 1)..<index], tokens[(index + 1)...])
        }
        open -= 1
      default: break
      }
    }
    return nil
  }

  /// The value of a condition `DEFINED(name)` or `!DEFINED(name)` (in parentheses or not).
  private static func definedTest(
    _ condition: ArraySlice<ExpressionLexer.Token>, isDefined: (String) -> Bool?
  ) -> Bool? {
    var tokens = strippingParentheses(condition)
    var negated = false
    while tokens.first == .other(UInt8(ascii: "!")) {
      negated.toggle()
      tokens = strippingParentheses(tokens.dropFirst())
    }
    guard tokens.count == 4, tokens.first == .name("DEFINED"), tokens.dropFirst().first == open,
      tokens.last == close, case .name(let name) = tokens[tokens.startIndex + 2],
      let defined = isDefined(name)
    else { return nil }
    return defined != negated
  }

  /// `tokens` without the parentheses that enclose all of it.
  private static func strippingParentheses(_ tokens: ArraySlice<ExpressionLexer.Token>)
    -> ArraySlice<ExpressionLexer.Token>
  {
    var tokens = tokens
    while tokens.first == open,
      matchingClose(tokens, from: tokens.startIndex) == tokens.endIndex - 1
    {
      tokens = tokens.dropFirst().dropLast()
    }
    return tokens
  }

  /// The index of the `)` closing the `(` at `start` (the end index when it is missing).
  private static func matchingClose(_ tokens: ArraySlice<ExpressionLexer.Token>, from start: Int)
    -> Int
  {
    var depth = 0
    for index in start..<tokens.endIndex {
      if tokens[index] == open { depth += 1 }
      if tokens[index] == close {
        depth -= 1
        if depth == 0 { return index }
      }
    }
    return tokens.endIndex
  }

  /// A function's arguments: `tokens` split at its top-level commas.
  private static func arguments(_ tokens: ArraySlice<ExpressionLexer.Token>) -> [ArraySlice<
    ExpressionLexer.Token
  >] {
    var arguments: [ArraySlice<ExpressionLexer.Token>] = []
    var depth = 0
    var start = tokens.startIndex
    for index in tokens.indices {
      switch tokens[index] {
      case open: depth += 1
      case close: depth -= 1
      case .other(UInt8(ascii: ",")) where depth == 0:
        arguments.append(tokens[start..<index])
        start = index + 1
      default: break
      }
    }
    return arguments + [tokens[start...]]
  }
}
