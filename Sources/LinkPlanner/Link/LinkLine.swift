/// The ordered inputs and resolution-relevant options of one ld invocation, as ld sees them.
public struct LinkLine: Sendable, Hashable {
  /// One position on the command line.
  public enum Item: Sendable, Hashable {
    /// A file: object, archive, shared object or linker script (which one is found when it is read).
    case file(String)
    /// `-l name`, or `-l :file` for an exact file name.
    case library(String)
    case startGroup
    case endGroup
    /// `--whole-archive` (true) / `--no-whole-archive` (false).
    case wholeArchive(Bool)
    /// `-Bstatic`/`-static` (true) / `-Bdynamic` (false): whether `-l` may find shared objects.
    case staticLibraries(Bool)
    /// `--as-needed` / `--no-as-needed`.
    case asNeeded(Bool)
    /// `--defsym name=expression`: ld folds it where it stands, while it loads the inputs around it.
    case defineSymbol(SymbolAssignment)
    /// Where the `-T` script `scripts[n]` stands: its assignments are folded there.
    case script(Int)
  }

  /// The linker program (first word of the command line).
  public var linker: String = "ld"
  public var items: [Item] = []
  /// `-L` folders, in order (they apply to every `-l`, wherever it stands).
  public var searchDirectories: [String] = []
  /// `-T` scripts, in order.
  public var scripts: [String] = []
  /// `-u` symbols.
  public var undefinedSymbols: [String] = []
  /// `--defsym name=expression` names (the assignments themselves stand in `items`).
  public var definedSymbols: [String] = []
  /// `-e`/`--entry`.
  public var entry: String?
  /// `-nostdlib`: only `-L` folders are searched.
  public var noStandardLibraries = false
  /// `-shared`: a shared object is made (undefined symbols are allowed).
  public var shared = false
  /// `-r`: a relocatable link (undefined symbols are allowed).
  public var relocatable = false
  /// `-pie` (until a later `-no-pie`): a position-independent executable, which always has dynamic sections.
  public var positionIndependent = false
  /// `-z muldefs` / `--allow-multiple-definition`: the first definition wins, no duplicate error.
  public var allowMultipleDefinitions = false
  /// `-z defs` / `--no-undefined`: undefined symbols are errors even in a shared object.
  public var noUndefined = false
  /// `--allow-shlib-undefined` (true) / `--no-allow-shlib-undefined` (false); nil: ld's default (undefined
  /// symbols of shared objects are errors in an executable, allowed in a shared object).
  public var allowSharedLibraryUndefined: Bool?
  /// `-rpath-link` folders, then `-rpath` folders: where ld looks for the libraries shared objects need.
  public var rpathLinkDirectories: [String] = []
  public var rpathDirectories: [String] = []
  /// `--sysroot=`.
  public var sysroot: String?
  /// `-o`.
  public var output: String?
  /// Options that were recognised but do not change symbol resolution (kept for rendering).
  public var otherOptions: [String] = []

  public init() {}
}
