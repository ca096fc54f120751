/// What link-check needs from a GNU ld linker script: the symbols it defines, its entry point, the files it
/// adds (`INPUT`, `GROUP`, `AS_NEEDED`) and its library search folders. Used both for `-T` scripts and for
/// scripts given as inputs (Debian's `libc.so` is `GROUP ( libc.so.6 libc_nonshared.a AS_NEEDED ( ld.so ) )`).
public struct LinkerScript: Sendable, Hashable {
  /// How a script defines a symbol.
  public enum DefinitionKind: String, Sendable, Hashable {
    /// `sym = expr;`: always defined, overriding an object's definition.
    case assignment
    /// `PROVIDE(sym = expr)`: defined only if referenced and nothing else defines it.
    case provide
    /// `PROVIDE_HIDDEN(sym = expr)`: as `provide`, hidden.
    case provideHidden
    /// `HIDDEN(sym = expr)`: defined, hidden.
    case hidden
  }

  /// One symbol the script defines.
  public struct Definition: Sendable, Hashable {
    /// The assignment, with its expression.
    public var assignment: SymbolAssignment
    /// The name it defines.
    public var name: String { assignment.name }
    public var kind: DefinitionKind
    /// The symbols its expression reads.
    public var references: [String] { assignment.references }
    /// Inside `SECTIONS { … }` (ld folds those of a script given as an input only after loading).
    public var insideSections = false
    /// After an `INPUT` or `GROUP` of the script (a script input's files load before it is folded).
    public var followsInputs = false
  }

  /// A file named by `INPUT`/`GROUP`: a path, or `-lname`.
  public struct Input: Sendable, Hashable {
    public var name: String
    /// Inside `AS_NEEDED ( … )`.
    public var asNeeded: Bool
  }

  public var entry: String?
  public var definitions: [Definition] = []
  /// `INPUT ( … )` files, linked as if named on the command line.
  public var inputs: [Input] = []
  /// `GROUP ( … )` files, searched repeatedly like `--start-group … --end-group`.
  public var groups: [[Input]] = []
  /// `SEARCH_DIR ( … )`, in order.
  public var searchDirectories: [String] = []
  /// `EXTERN ( … )` symbols, entered as undefined like `-u`.
  public var externs: [String] = []
  /// Has a `SECTIONS` command.
  public var hasSections = false

  public init() {}

  /// Parses script text; throws a message for unbalanced or truncated input.
  public init(parsing text: String) throws(LinkerScriptError) {
    var tokens = LinkerScriptLexer(text).tokens()[...]
    try parse(&tokens)
  }

  /// Reads the commands at every depth alike; braces only count (a loop, not recursion: a hostile script of
  /// a few thousand `{` would otherwise overflow the stack).
  private mutating func parse(_ tokens: inout ArraySlice<String>) throws(LinkerScriptError) {
    var depth = 0
    // The depth of the `SECTIONS` block's braces, while inside it; `SECTIONS` seen, its `{` not yet.
    var sectionsDepth: Int?
    var sectionsPending = false
    while let token = tokens.popFirst() {
      switch token {
      case "}", ")":
        if depth == 0 { throw LinkerScriptError("unbalanced '\(token)'") }
        if token == "}", depth == sectionsDepth { sectionsDepth = nil }
        depth -= 1
      case "{":
        depth += 1
        if sectionsPending { sectionsDepth = depth }
        sectionsPending = false
      case "SECTIONS":
        sectionsPending = true
        hasSections = true
      case "ENTRY":
        entry = try Self.arguments(&tokens).first
      case "SEARCH_DIR":
        searchDirectories += try Self.arguments(&tokens)
      case "EXTERN":
        externs += try Self.arguments(&tokens)
      case "INPUT":
        inputs += try Self.inputList(&tokens)
      case "GROUP":
        groups.append(try Self.inputList(&tokens))
      case "PROVIDE", "PROVIDE_HIDDEN", "HIDDEN":
        let kind: DefinitionKind =
          token == "PROVIDE" ? .provide : token == "HIDDEN" ? .hidden : .provideHidden
        let inner = try Self.arguments(&tokens)
        if inner.count >= 2, inner[1] == "=", inner[0] != "." {
          definitions.append(
            Definition(
              assignment: SymbolAssignment(
                name: inner[0], expression: SymbolAssignment.expression(inner.dropFirst(2))),
              kind: kind,
              insideSections: sectionsDepth != nil,
              followsInputs: !inputs.isEmpty || !groups.isEmpty))
        }
      case "(":
        _ = try Self.balanced(&tokens)
      default:
        if let next = tokens.first, Self.assignmentOperators.contains(next), token != ".",
          Self.isSymbolName(token)
        {
          tokens.removeFirst()
          if next == "=" {
            let expression = Self.expression(at: tokens)
            definitions.append(
              Definition(
                assignment: SymbolAssignment(
                  name: token, expression: SymbolAssignment.expression(expression)),
                kind: .assignment,
                insideSections: sectionsDepth != nil,
                followsInputs: !inputs.isEmpty || !groups.isEmpty))
          }
        }
      }
    }
    if depth > 0 { throw LinkerScriptError("missing '}' or ')' at the end of the script") }
  }

  /// The tokens of an assignment's expression: up to its `;` (or the block's `}`), or, in a script that leaves the
  /// `;` out, up to the next assignment, which is read next (so each token is read once or twice, not once per
  /// assignment before it: 400 assignments without `;` in 16 KB took 2.4 s under AddressSanitizer, a fuzzer's
  /// timeout on a loaded machine).
  private static func expression(at tokens: ArraySlice<String>) -> ArraySlice<String> {
    var end = tokens.startIndex
    while end < tokens.endIndex, tokens[end] != ";", tokens[end] != "}" {
      if end + 1 < tokens.endIndex, assignmentOperators.contains(tokens[end + 1]) { break }
      end += 1
    }
    return tokens[..<end]
  }

  private static let assignmentOperators: Set<String> = [
    "=", "+=", "-=", "*=", "/=", "<<=", ">>=", "&=", "|=",
  ]

  private static func isSymbolName(_ token: String) -> Bool {
    guard let first = token.unicodeScalars.first else { return false }
    return first == "_" || first == "." || first == "$"
      || (first.properties.isAlphabetic && first.isASCII)
  }

  /// The tokens of a parenthesised list after a keyword, without separators.
  private static func arguments(_ tokens: inout ArraySlice<String>) throws(LinkerScriptError)
    -> [String]
  {
    guard tokens.first == "(" else { return [] }
    tokens.removeFirst()
    return try balanced(&tokens).filter { $0 != "," }
  }

  /// Tokens up to the matching `)` (consumed), flattened.
  private static func balanced(_ tokens: inout ArraySlice<String>) throws(LinkerScriptError)
    -> [String]
  {
    var depth = 1
    var result: [String] = []
    while let token = tokens.popFirst() {
      if token == "(" { depth += 1 }
      if token == ")" {
        depth -= 1
        if depth == 0 { return result }
      }
      result.append(token)
    }
    throw LinkerScriptError("missing ')'")
  }

  private static func inputList(_ tokens: inout ArraySlice<String>) throws(LinkerScriptError)
    -> [Input]
  {
    let inner = try arguments(&tokens)
    var inputs: [Input] = []
    var asNeeded = false
    for token in inner {
      switch token {
      case "AS_NEEDED": asNeeded = true
      case "(": break
      case ")": asNeeded = false
      default: inputs.append(Input(name: token, asNeeded: asNeeded))
      }
    }
    return inputs
  }
}

/// A linker script that cannot be read.
public struct LinkerScriptError: Error, Sendable, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}

/// Splits GNU ld script text into words, strings, numbers and punctuation; comments are dropped.
struct LinkerScriptLexer {
  private let bytes: [UInt8]

  init(_ text: String) { bytes = Array(text.utf8) }

  /// Characters that are tokens by themselves.
  private static let punctuation = Set("(){};,:?~!".utf8)
  /// Characters that start an operator (`=`, `+=`, `<<=`, `&&`…) and that continue one.
  private static let operatorStart = Set("=+-*/<>&|%".utf8)
  private static let operatorContinuation = Set("=<>&|".utf8)

  func tokens() -> [String] {
    var tokens: [String] = []
    var index = 0
    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x20 || byte == 0x09 || byte == 0x0a || byte == 0x0d {
        index += 1
      } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count,
        bytes[index + 1] == UInt8(ascii: "*")
      {
        index += 2
        while index + 1 < bytes.count,
          !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/"))
        {
          index += 1
        }
        index = min(bytes.count, index + 2)
      } else if byte == UInt8(ascii: "\"") {
        let start = index + 1
        index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") { index += 1 }
        tokens.append(text(start..<min(index, bytes.count)))
        index += 1
      } else if Self.punctuation.contains(byte) {
        tokens.append(text(index..<index + 1))
        index += 1
      } else if Self.operatorStart.contains(byte) && !isWordContinuation(at: index) {
        let start = index
        index += 1
        while index < bytes.count, Self.operatorContinuation.contains(bytes[index]) { index += 1 }
        tokens.append(text(start..<index))
      } else {
        let start = index
        while index < bytes.count, !isSeparator(bytes[index]) { index += 1 }
        tokens.append(text(start..<index))
      }
    }
    return tokens
  }

  private func isSeparator(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0a || byte == 0x0d || byte == UInt8(ascii: "\"")
      || Self.punctuation.contains(byte) || byte == UInt8(ascii: "=")
  }

  /// `-` and `/` inside file names (`-lfoo`, `/usr/lib/x.a`) and `*` in patterns (`*.o`) start a word.
  private func isWordContinuation(at index: Int) -> Bool {
    let byte = bytes[index]
    guard byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "*"),
      index + 1 < bytes.count
    else { return false }
    let next = bytes[index + 1]
    return next == UInt8(ascii: "_") || next == UInt8(ascii: ".") || (next >= 0x41 && next <= 0x5a)
      || (next >= 0x61 && next <= 0x7a) || (next >= 0x30 && next <= 0x39)
  }
}
