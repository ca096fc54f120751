/// Which C primitives belong to which standard OCaml library unit, from the category of their names.
public enum OCamlStubOwnership {
  /// The categories of C stubs each library's units own.
  static let owners: [String: SymbolCategory] = [
    "Unix": .ocamlUnix, "UnixLabels": .ocamlUnix, "Thread": .ocamlThreads, "Mutex": .ocamlThreads,
    "Condition": .ocamlThreads, "Event": .ocamlThreads, "Str": .ocamlStr,
  ]

  /// Whether `name` is a C primitive of one of these libraries. From 5.0 the unix primitives carry the runtime's
  /// `caml_` prefix (`caml_unix_gettimeofday`, 4.x `unix_gettimeofday`), as the threads ones always did.
  static func isLibraryPrimitive(_ name: String) -> Bool {
    libraryCategories.contains(SymbolCategory.of(name))
  }

  private static let libraryCategories = Set(owners.values)

  /// The names among `functions` that are C primitives of `unit` (empty for units without known stubs).
  public static func cFunctions(of unit: String, among functions: Set<String>) -> Set<String> {
    guard let category = owners[unit] else { return [] }
    return functions.filter { SymbolCategory.of($0) == category }
  }
}
