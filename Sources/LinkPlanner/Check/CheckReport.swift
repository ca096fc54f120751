/// Everything `link-check check` found about one link, as plain values for the renderers.
public struct CheckReport: Sendable {
  /// The target checked, or nil for a command line checked as it stands.
  public var target: Target?
  /// Set when the target was not given but inferred from the inputs (`check -- ld …` without `--target`).
  public var targetInference: TargetInference?
  public var plan: LinkPlan?
  /// The linker command modelled, program first.
  public var linkerCommand: [String] = []
  public var inputs: [ReportInput] = []
  public var unresolved: [UnresolvedFinding] = []
  public var duplicates: [DuplicateFinding] = []
  public var hazards: [Hazard] = []
  /// nolibc stubs only dead code refers to (no hazard): what refers to them, for `--details` and JSON.
  public var unreachedStubs: [UnreachedStub] = []
  /// Why: every unresolved symbol, duplicate and hazard grouped under one cause, in the order to read them.
  public var causes: [Cause] = []
  /// The modelled command with every verified fix applied (nil when no fix edits the line).
  public var fixedCommand: [String]?
  /// Whether `fixedCommand` resolves every symbol (nil without one).
  public var fixedCommandLinks: Bool?
  public var extracted: [ExtractionFinding] = []
  public var missingInputs: [MissingInput] = []
  /// Linker options link-check does not know (they may change resolution).
  public var unknownOptions: [String] = []
  public var warnings: [String] = []

  public init() {}

  /// Whether the link would succeed and nothing found is at error level.
  public var isClean: Bool {
    unresolved.isEmpty && duplicates.isEmpty && missingInputs.isEmpty
      && !hazards.contains { $0.level == .error }
  }
}

/// One input of the link and what it contributed.
public struct ReportInput: Sendable, Hashable {
  public enum Kind: String, Sendable {
    case object, archive
    case sharedObject = "shared-object"
    case script
  }
  public var name: String
  public var kind: Kind
  /// For archives: how many members were extracted.
  public var extractedMembers: Int
}

/// Where an unresolved symbol is referenced, in lld's words: `hello.o:(.text+0x1a) in function f`.
public struct SiteDescription: Sendable, Hashable {
  public var object: String
  public var section: String
  public var offset: UInt64
  public var function: String?
  /// `Module.function` when the function is OCaml code.
  public var ocamlFunction: String?

  public var text: String {
    var text = "\(object):(\(section)+0x\(String(offset, radix: 16)))"
    if let function { text += " in function \(function)" }
    if let ocamlFunction { text += " (\(ocamlFunction))" }
    return text
  }
}

/// An undefined reference ld would report, explained.
public struct UnresolvedFinding: Sendable {
  public var symbol: String
  /// `Module.function` for OCaml names.
  public var demangled: String?
  public var category: SymbolCategory
  /// Every referencing relocation, in link order.
  public var sites: [SiteDescription]
  /// Shared objects that need it, when no object refers to it (ld: "libfoo.so: undefined reference to `bar'").
  public var sharedObjects: [String] = []
  /// `--defsym` assignments (the names they define) whose expression reads it.
  public var assignments: [String] = []
  /// Linker-script assignments whose expression reads it.
  public var scriptAssignments: [ScriptAssignment] = []
  /// What to do about it.
  public var hint: String?
  /// Its cause (an index into `CheckReport.causes`).
  public var cause: Int?
}

/// A symbol defined twice, with both (or all) definers.
public struct DuplicateFinding: Sendable {
  public var symbol: String
  public var demangled: String?
  public var definitions: [String]
  /// Its cause (an index into `CheckReport.causes`).
  public var cause: Int?
}

/// Something that links but will not work, or deserves a look.
public struct Hazard: Sendable, Hashable {
  public enum Level: String, Sendable, Hashable { case error, warning }
  public var level: Level
  /// A stable identifier: `runtime-mismatch`, `tls-stack-guard`, `nolibc-stub`, `nolibc-thread-stub`, `tls`, `machine-mismatch`,
  /// `missing-abi-note`, `entry-undefined`; `hidden-symbol-referenced-by-dso` and
  /// `versioned-symbol-without-version-section` (links ld refuses as it writes the output's symbols).
  public var kind: String
  public var message: String
  public var hint: String?

  /// ld refuses the link for it (an `OutputSymbolError`), though every name resolves.
  public var refusesLink: Bool { OutputSymbolError.Kind(rawValue: kind) != nil }
}

/// An archive member the link extracts, and why.
public struct ExtractionFinding: Sendable, Hashable {
  public var archive: String
  public var member: String
  public var symbol: String?
  public var referencedBy: String?
}
