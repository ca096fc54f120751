/// One reason a link fails or will not work, with every finding it explains and the change that removes it.
/// Every unresolved symbol, duplicate and hazard of a check belongs to exactly one cause.
public struct Cause: Sendable {
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    /// The complete object embeds a host OCaml runtime.
    case hostRuntime = "host-runtime"
    /// An OCaml library that cannot work on the target (unix, str, threads) is reachable from the program.
    case hostLibrary = "host-library"
    /// C code compiled for the host's libc (fortify, glibc internals, TLS stack guard).
    case hostCStubs = "host-c-stubs"
    /// A library on the search path defines the names but is not on the line.
    case missingLibrary = "missing-library"
    /// The definer is on the line, but before its user.
    case linkOrder = "link-order"
    /// The entry symbol, `solo5_app_main` or `main` is undefined.
    case missingEntry = "missing-entry"
    /// Two inputs define the same names.
    case duplicateDefinitions = "duplicate-definitions"
    /// A name differs from a defined one by a typo.
    case misspelling
    /// Only a shared object on the line needs the names, and nothing defines them.
    case sharedObjectNeeds = "shared-object-needs"
    /// Anything else: listed by name.
    case unexplained
    /// An input ld cannot find or read.
    case missingInput = "missing-input"
    /// A hazard that no symbol explains (machine mismatch, missing note, TLS…).
    case hazard
  }

  public var kind: Kind
  public var level: Hazard.Level
  /// What is wrong, in one line.
  public var title: String
  /// The unresolved (or duplicated) names it accounts for, sorted.
  public var symbols: [String] = []
  /// Who: stub functions, members, definers (a few lines of evidence).
  public var evidence: [String] = []
  /// OCaml units involved (host-library: the chain's units).
  public var units: [String] = []
  /// Findlib/dune packages of those units, when known.
  public var packages: [String] = []
  /// The unit chain from the main unit to the library (host-library).
  public var chain: [String] = []
  /// Kinds of the hazards it explains.
  public var hazards: [String] = []
  public var fix: CauseFix

  public init(kind: Kind, level: Hazard.Level, title: String, fix: CauseFix) {
    self.kind = kind
    self.level = level
    self.title = title
    self.fix = fix
  }
}

/// How to remove a cause: words for people and, when it is a change of the link line, the change itself and
/// whether resolving the changed line again clears the cause's symbols.
public struct CauseFix: Sendable {
  public var text: String
  public var edit: LineEdit?
  public var verification: FixVerification?

  public init(text: String, edit: LineEdit? = nil) {
    self.text = text
    self.edit = edit
  }

  /// True when the changed line resolves every symbol of the cause and adds no new problem; nil when not tried.
  public var verified: Bool? { verification.map(\.clearsCause) }
}

/// A change of a linker command line, by word indices of the original line (the linker's name is index 0).
public enum LineEdit: Sendable, Hashable {
  /// Insert `words` after word `after`.
  case add([String], after: Int)
  /// Move the words `words` to after word `after`.
  case move(ClosedRange<Int>, after: Int)
  /// Drop the words `words`.
  case drop(ClosedRange<Int>)

  /// `add`, `move` or `drop`.
  public var kind: String {
    switch self {
    case .add: "add"
    case .move: "move"
    case .drop: "drop"
    }
  }

  /// The words the edit adds, moves or drops, read from `line`.
  public func arguments(of line: [String]) -> [String] {
    switch self {
    case .add(let words, _): words
    case .move(let range, _), .drop(let range): Array(line[range])
    }
  }

  /// `line` with every edit of `edits` applied; indices always refer to `line` as given.
  public static func apply(_ edits: [LineEdit], to line: [String]) -> [String] {
    var removed = Set<Int>()
    var inserted: [Int: [String]] = [:]
    for edit in edits {
      switch edit {
      case .add(let words, let after): inserted[after, default: []] += words
      case .move(let range, let after):
        removed.formUnion(range)
        inserted[after, default: []] += line[range]
      case .drop(let range): removed.formUnion(range)
      }
    }
    var result: [String] = []
    for (index, word) in line.enumerated() {
      if !removed.contains(index) { result.append(word) }
      result += inserted[index] ?? []
    }
    return result
  }
}

/// What resolving the changed line again showed.
public struct FixVerification: Sendable, Hashable {
  /// The cause's symbols that still do not resolve.
  public var remaining: [String]
  /// How many of the cause's symbols resolve with the change.
  public var resolved: Int
  /// Problems the change brings that the original line did not have (new undefined or duplicate names).
  public var introduced: [String]

  public var clearsCause: Bool { remaining.isEmpty && introduced.isEmpty }
}
