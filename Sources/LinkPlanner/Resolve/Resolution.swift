import ElfKit

/// An object taking part in the link: named on the command line or extracted from an archive.
public struct LinkObject: Sendable {
  /// Position among the link's objects, in load order.
  public var id: Int
  public var file: ElfFile
  /// `hello.o`, or `libc.a(printf.o)` for a member.
  public var displayName: String
  /// Set for archive members: the archive path and member name.
  public var archive: String?
  public var member: String?
  /// Position of the input it came from on the link line (0-based; a member shares its archive's).
  public var inputPosition: Int
}

/// Who supplies a symbol's definition.
public enum SymbolDefiner: Sendable, Hashable {
  /// A relocatable object of the link (by `LinkObject.id`).
  case object(Int)
  /// A shared object's dynamic symbol table (by path).
  case sharedObject(String)
  /// A linker script assignment or `PROVIDE` (by script path, or `built-in`).
  case script(String)
  /// `--defsym` on the command line.
  case commandLine
  /// A symbol the linker makes itself (`_GLOBAL_OFFSET_TABLE_`, `__start_SECTION`, …).
  case linker
}

/// A reference to a symbol from a relocation: where it is, and the function it lies in.
public struct ReferenceSite: Sendable, Hashable {
  public var object: Int
  /// The section the relocation patches (`.text`, `.data.rel`…).
  public var section: String
  public var offset: UInt64
  /// The function (symbol) containing the offset, if one is known.
  public var function: String?
}

/// A strong undefined symbol no input defines: ld's "undefined reference".
public struct UnresolvedSymbol: Sendable {
  public var name: String
  /// Every relocation that refers to it, in object order.
  public var sites: [ReferenceSite]
  /// Shared objects whose dynamic symbol table needs it (ld: "libfoo.so: undefined reference to `bar'"),
  /// reported when no object refers to it; paths as named on the line or as found for `DT_NEEDED`.
  public var sharedObjects: [String] = []
  /// The `--defsym` assignments (by the name each defines) whose expression reads it. ld evaluates them after
  /// loading and stops at the first such name: "--defsym:1: undefined symbol `x' referenced in expression".
  public var assignments: [String] = []
  /// The linker-script assignments whose expression reads it (ld: "script.ld:1: undefined symbol `x' referenced in
  /// expression").
  public var scriptAssignments: [ScriptAssignment] = []
}

/// A linker script's assignment: the script and the name it defines.
public struct ScriptAssignment: Sendable, Hashable {
  public var script: String
  public var name: String
}

/// A resolved link ld.bfd still refuses when it writes the output's symbols (elflink.c, `elf_link_output_extsym`,
/// which stops at the first one, so ld names one and may leave shared objects' undefined names unreported).
public struct OutputSymbolError: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable {
    /// An executable's hidden (or internal) definition a shared object refers to and no shared object defines:
    /// "hidden symbol `f' in a.o is referenced by DSO".
    case hiddenReferencedBySharedObject = "hidden-symbol-referenced-by-dso"
    /// A reference to `f@V` left undefined in an output with dynamic sections, which cannot record the version
    /// (weak in an executable, any in `-shared` or that a shared object refers to as well): "no symbol version
    /// section for versioned symbol `f@V'".
    case versionWithoutVersionSection = "versioned-symbol-without-version-section"
  }

  public var kind: Kind
  public var name: String
  /// The object that defines it (hidden; or the `--defsym`, the script that assigns it) or first refers to it
  /// (versioned).
  public var file: String
  /// The shared objects that refer to it (hidden).
  public var sharedObjects: [String] = []
  /// The hidden symbol an assignment (`--defsym f5=f3`) copied the visibility from (hidden, assigned).
  public var visibilitySource: String? = nil
}

/// Two strong definitions of one symbol: ld's "multiple definition".
public struct DuplicateDefinition: Sendable {
  public var name: String
  /// The first definition and each later one (object ids).
  public var definers: [Int]
}

/// An archive member the link pulls in, and why.
public struct Extraction: Sendable {
  public var object: Int
  public var archive: String
  public var member: String
  /// The symbol whose undefined reference made ld extract the member (nil for `--whole-archive`).
  public var symbol: String?
  /// The object that first referred to that symbol.
  public var referencedBy: Int?
}

/// An input ld could not find or read.
public struct MissingInput: Error, Sendable, Hashable {
  /// `-lnolibc`, `-l:solo5_hvt.o`, or a path.
  public var name: String
  /// What went wrong: "not found in: …", "archive has no index", a read error.
  public var problem: String
  /// For a library only a shared object needs that defines a name an object uses (ld: "DSO missing from command
  /// line"): that use.
  public var neededLibrary: NeededLibraryUse? = nil
}

/// An object's use of a name that only a library another shared object needs (`DT_NEEDED`) defines.
public struct NeededLibraryUse: Sendable, Hashable {
  /// The name the object uses.
  public var symbol: String
  /// The shared object that needs the library.
  public var neededBy: String
  /// The object that first referred to the name, when an object did.
  public var user: Int?
  /// The library was on the line, but `--as-needed` dropped it before the use.
  public var droppedFromLine: Bool
}

/// The outcome of modelling one link: what is unresolved, duplicated, extracted, and who defines what.
public struct Resolution: Sendable {
  public var objects: [LinkObject] = []
  public var sharedObjects: [String] = []
  public var scripts: [String] = []
  public var unresolved: [UnresolvedSymbol] = []
  public var duplicates: [DuplicateDefinition] = []
  public var extractions: [Extraction] = []
  public var missingInputs: [MissingInput] = []
  /// Every global name of the link, numbered, with its final definer (see `definer(of:)`) and whether an input
  /// defines or offers it (for "did you mean").
  public var names = LinkNames()
  /// Weak undefined symbols left undefined (allowed; they read as 0).
  public var weakUndefined: [String] = []
  /// The entry symbol (`-e`, the script's `ENTRY`, or `_start`) and whether something defines it.
  public var entry: String?
  public var entryIsDefined = false
  /// Where each name is defined among inputs that were not used for it: (input display name, position in
  /// the link line); for "move X after Y" hints.
  public var availableDefinitions: [String: [AvailableDefinition]] = [:]

  /// Symbols ld refuses while writing the output's symbol table.
  public var outputErrors: [OutputSymbolError] = []

  /// The final definer of the global symbol `name`; nil if nothing defines it.
  public func definer(of name: String) -> SymbolDefiner? { names.definer(of: name) }

  /// Whether ld would succeed as far as symbols go.
  public var links: Bool {
    unresolved.isEmpty && duplicates.isEmpty && missingInputs.isEmpty && outputErrors.isEmpty
  }
}

/// A definition an input offers, found in an archive index or an object's symbol table.
public struct AvailableDefinition: Sendable, Hashable {
  /// `libnolibc.a(printf.o)` or `foo.o`.
  public var provider: String
  /// The archive or file as named on the link line.
  public var input: String
  /// Position of that input among the link line's inputs (0-based), to compare with the reference's.
  public var position: Int
}
