/// Which C primitives belong to which standard OCaml library unit, from the category of their names.
public enum OCamlStubOwnership {
  /// The categories of C stubs each library's units own.
  static let owners: [String: SymbolCategory] = [
    "Unix": .ocamlUnix, "UnixLabels": .ocamlUnix, "Thread": .ocamlThreads, "Mutex": .ocamlThreads,
    "Condition": .ocamlThreads, "Event": .ocamlThreads, "Str": .ocamlStr,
  ]

  /// The names among `functions` that are C primitives of `unit` (empty for units without known stubs).
  public static func cFunctions(of unit: String, among functions: Set<String>) -> Set<String> {
    guard let category = owners[unit] else { return [] }
    return functions.filter { SymbolCategory.of($0) == category }
  }
}
