import ElfKit

/// The exit status of `link-check diff`, a bitmask in the manner of abidiff (2, a usage or input error, is the
/// command line's): 0 identical, 4 symbols changed, 8 incompatible change (4 and 8 come together: 12).
public struct DiffStatus: OptionSet, Sendable, Hashable {
  public let rawValue: Int32
  public init(rawValue: Int32) { self.rawValue = rawValue }

  /// Something is reported.
  public static let changed = DiffStatus(rawValue: 4)
  /// A global definition was removed, or NEW needs a symbol OLD did not.
  public static let incompatible = DiffStatus(rawValue: 8)
}

/// Everything `link-check diff OLD NEW` reports: two objects, two archives or two directories compared,
/// filtered, with the files that differ.
public struct DiffReport: Sendable {
  public var old: String
  public var new: String
  /// The files that differ, by name in C byte order (identical files are left out); one at most for two files.
  public var files: [FileDiff]
  /// The allocated bytes of each owner before and after, when two files (not directories) are compared and
  /// the caller measured them (`SizeReport`).
  public var packageSizes: PackageSizeDelta?

  /// Computed from `files`, the very data the report shows: an empty report is status 0.
  public var status: DiffStatus {
    var status: DiffStatus = []
    if !files.isEmpty { status.insert(.changed) }
    if files.contains(where: \.isIncompatible) { status.insert(.incompatible) }
    return status
  }

  /// Reads and compares `old` and `new`: both objects or archives of the same kind, or both directories
  /// (their files matched by relative path). Throws what cannot be read, or inputs of different kinds.
  public init(old: String, new: String, filter: DiffFilter) throws(ElfError) {
    self.old = old
    self.new = new
    let pairs: [(String, BinarySymbols?, BinarySymbols?)]
    switch (try Self.input(old), try Self.input(new)) {
    case (.file(let before), .file(let after)):
      pairs = [(new, before, after)]
    case (.directory(let before), .directory(let after)):
      let names = Set(before.keys).union(after.keys).sorted {
        $0.utf8.lexicographicallyPrecedes($1.utf8)
      }
      pairs = names.map { ($0, before[$0], after[$0]) }
    default:
      throw ElfError(
        file: new,
        problem: DiffInput.isDirectory(new)
          ? "a directory, \(old) is not" : "not a directory, \(old) is")
    }
    var files: [FileDiff] = []
    for (name, before, after) in pairs {
      if let before, let after, before.kind != after.kind {
        throw ElfError(
          file: after.path, problem: "an \(after.kind.rawValue), \(before.path) is not")
      }
      let diff = FileDiff(name: name, old: before, new: after, filter: filter)
      if !diff.isEmpty { files.append(diff) }
    }
    self.files = files
  }

  /// `path` read as a directory if it is one, else as an object or archive.
  private static func input(_ path: String) throws(ElfError) -> DiffInput {
    DiffInput.isDirectory(path)
      ? try DiffInput.directory(path) : .file(try BinarySymbols(path: path))
  }
}
