import ElfKit

/// A `--manifest` file: an ELF object or archive defining `__solo5_mft1_note`, as a C compiler makes it from
/// the source `solo5-elftool gen-manifest` writes.
public enum ManifestInput {
  public static let symbol = "__solo5_mft1_note"

  /// Throws, saying what is wrong, unless `path` is an object or an indexed archive that defines the symbol.
  public static func validate(_ path: String) throws(LinkPlannerError) {
    let defines = try ElfInput.reading { () throws(ElfError) -> Bool in
      switch try BinaryFile.open(path: path) {
      case .object(let file):
        return try file.symbolTable()?.symbols.contains { !$0.isUndefined && $0.isExternal && $0.name.equals(symbol) } ?? false
      case .archive(let archive):
        return try archive.symbolIndex()?.entries.contains { $0.name == symbol } ?? false
      case .notELF(let reason):
        throw ElfError(file: path, problem: reason)
      }
    }
    guard defines else {
      throw LinkPlannerError("--manifest \(path) defines no \(symbol): give the object compiled from the manifest source")
    }
  }
}
