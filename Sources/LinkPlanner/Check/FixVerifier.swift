/// Applies a fix to a copy of the modelled line and resolves it again with the same resolver: does the change
/// clear the cause's symbols, and does it bring problems the line did not have?
struct FixVerifier {
  let line: ModelledLine
  let original: Resolution

  func verify(_ edit: LineEdit, symbols: [String]) throws -> FixVerification {
    let resolution = try Self.resolve(LineEdit.apply([edit], to: line.words), defaults: line.defaults)
    let after = Self.problems(resolution)
    let before = Self.problems(original)
    let remaining = symbols.filter { after.contains($0) }
    return FixVerification(
      remaining: remaining, resolved: symbols.count - remaining.count, introduced: after.subtracting(before).sorted())
  }

  /// Whether `words` links as far as symbols go.
  static func links(_ words: [String], defaults: LinkerDefaults) throws -> Bool {
    try resolve(words, defaults: defaults).links
  }

  private static func resolve(_ words: [String], defaults: LinkerDefaults) throws -> Resolution {
    try Resolver(line: LinkerCommandLine(words).line, defaults: defaults).resolve()
  }

  /// Undefined and duplicated names, and inputs that cannot be used.
  private static func problems(_ resolution: Resolution) -> Set<String> {
    Set(resolution.unresolved.map(\.name)).union(resolution.duplicates.map(\.name)).union(resolution.missingInputs.map(\.name))
  }
}
