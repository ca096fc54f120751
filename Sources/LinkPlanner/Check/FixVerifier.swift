/// Applies a fix to a copy of the modelled line and resolves it again with the same resolver: does the change
/// clear the cause's symbols, and does it bring problems the line did not have?
struct FixVerifier {
  let line: ModelledLine
  let original: Resolution

  func verify(_ edit: LineEdit, symbols: [String]) throws -> FixVerification {
    let resolution = try Self.resolve(LineEdit.apply([edit], to: line.words), line)
    let after = Self.problems(resolution)
    let before = Self.problems(original)
    let remaining = symbols.filter { after.contains($0) }
    return FixVerification(
      remaining: remaining, resolved: symbols.count - remaining.count,
      introduced: after.subtracting(before).sorted())
  }

  /// Whether `words`, read as `line`'s are, links as far as symbols go.
  static func links(_ words: [String], as line: ModelledLine) throws -> Bool {
    try resolve(words, line).links
  }

  private static func resolve(_ words: [String], _ line: ModelledLine) throws -> Resolution {
    try Resolver(
      line: LinkerCommandLine(words).line, defaults: line.defaults,
      workingDirectory: line.workingDirectory
    ).resolve()
  }

  /// Undefined and duplicated names, inputs that cannot be used, and an undefined entry (dropping the object that
  /// defines `_start` clears its duplicates too, but is no fix).
  private static func problems(_ resolution: Resolution) -> Set<String> {
    var problems = Set(resolution.unresolved.map(\.name)).union(resolution.duplicates.map(\.name))
      .union(resolution.missingInputs.map(\.name))
    if let entry = resolution.entry, !resolution.entryIsDefined {
      problems.insert("entry `\(entry)`")
    }
    return problems
  }
}
