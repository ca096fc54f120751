import ElfKit

#if canImport(Glibc)
  import Glibc
#endif

/// What one side of `link-check diff` names: an object or archive, or a directory of them.
enum DiffInput {
  case file(BinarySymbols)
  /// The objects and archives below a directory, by path relative to it.
  case directory([String: BinarySymbols])

  /// Whether `path` is a directory (following a symbolic link); false for what does not exist.
  static func isDirectory(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
  }

  /// Every object and archive below `root`, recursively. Files that are neither (`.cmxa`, `META`, scripts) are
  /// left out; links to directories are not followed.
  static func directory(_ root: String) throws(ElfError) -> DiffInput {
    let base = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    var found: [String: BinarySymbols] = [:]
    var pending = [""]
    while let relative = pending.popLast() {
      for entry in try entries(of: relative.isEmpty ? base : "\(base)/\(relative)") {
        let name = relative.isEmpty ? entry : "\(relative)/\(entry)"
        let path = base == "/" ? "/\(name)" : "\(base)/\(name)"
        var status = stat()
        guard lstat(path, &status) == 0 else { continue }
        if status.st_mode & S_IFMT == S_IFDIR {
          pending.append(name)
        } else if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
          let symbols = try BinarySymbols(path: path, file: BinaryFile.open(path: path))
        {
          found[name] = symbols
        }
      }
    }
    return .directory(found)
  }

  /// The names in directory `path`, without `.` and `..`.
  private static func entries(of path: String) throws(ElfError) -> [String] {
    guard let stream = opendir(path) else { throw ElfError(file: path, problem: String(cString: strerror(errno))) }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }
}
