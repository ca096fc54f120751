import FoundationEssentials

/// Finds runtime archives (`libasmrun*.a`, `libcamlrun*.a`) under a folder such as `ocamlfind ocamlc -where`,
/// a sysroot's `lib/ocaml`, or ocaml-freestanding's library folder.
public enum RuntimeArchiveLocator {
  /// How many folder levels below the given one are searched (`lib/` → `lib/ocaml-solo5/lib/ocaml/`…).
  public static let searchDepth = 3

  /// The runtime archives under `directory`, sorted by path. Symbolic links to folders are not followed.
  public static func archives(in directory: String) throws -> [String] {
    var found: [String] = []
    try search(directory, depth: 0, into: &found)
    return found.sorted()
  }

  private static func search(_ directory: String, depth: Int, into found: inout [String]) throws {
    let manager = FileManager.default
    for entry in try manager.contentsOfDirectory(atPath: directory) {
      let path = directory.hasSuffix("/") ? directory + entry : directory + "/" + entry
      let attributes = try? manager.attributesOfItem(atPath: path)
      switch attributes?[.type] as? FileAttributeType {
      case .typeDirectory? where depth < searchDepth:
        // Unreadable subfolders are skipped: they are not what the user asked about.
        try? search(path, depth: depth + 1, into: &found)
      case .typeRegular?, .typeSymbolicLink?:
        if RuntimeArchiveName.matches(entry) { found.append(path) }
      default: break
      }
    }
  }
}
