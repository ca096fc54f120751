import ElfKit
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif

/// The static libraries in some folders and the names their indexes define: where a name the line lacks could
/// come from. An archive that is a linker script (glibc's `libm.a`: `GROUP ( libm-2.36.a libmvec.a )`) stands for
/// the archives it names. Folders are read in order, files in name order, each index once, on first question.
final class LibraryCatalog {
  /// A library that defines a name.
  struct Library: Sendable, Hashable {
    /// The `.a` file (for a script, the script).
    var path: String
    /// The folder it is in (for `-L`).
    var directory: String
    /// `m` for `libm.a`.
    var name: String
  }

  private let directories: [String]
  /// The only names asked about: the index keeps no others.
  private let wanted: Set<String>
  private var definers: [String: Library]?

  init(directories: [String], wanted: Set<String>) {
    var seen = Set<String>()
    self.directories = directories.filter { seen.insert($0).inserted }
    self.wanted = wanted
  }

  /// The first library that defines `name`, or nil.
  func library(defining name: String) -> Library? {
    if definers == nil { definers = index() }
    return definers?[name]
  }

  private func index() -> [String: Library] {
    var result: [String: Library] = [:]
    for directory in directories {
      let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
      for file in files where file.hasPrefix("lib") && file.hasSuffix(".a") {
        let library = Library(
          path: "\(directory)/\(file)", directory: directory,
          name: String(file.dropFirst(3).dropLast(2)))
        for name in definedNames(library.path, followingScripts: true)
        where wanted.contains(name) && result[name] == nil {
          result[name] = library
        }
      }
    }
    return result
  }

  private func definedNames(_ path: String, followingScripts: Bool) -> [String] {
    if let names = ArchiveMap.names(path, among: wanted) { return names }
    switch try? BinaryFile.open(path: path) {
    case .archive(let archive):
      return ((try? archive.symbolIndex()) ?? nil)?.entries.map(\.name) ?? []
    case .notELF where followingScripts:
      guard let text = try? String(contentsOfFile: path, encoding: .utf8),
        text.utf8.count < 64 * 1024,
        let script = try? LinkerScript(parsing: text)
      else { return [] }
      return (script.inputs + script.groups.joined()).flatMap { input in
        input.name.hasPrefix("/") ? definedNames(input.name, followingScripts: false) : []
      }
    default: return []
    }
  }
}

/// The names of a GNU/System V archive map (`/` or `/SYM64/`, the first member), read without opening the rest of
/// the archive: a host's library folder holds a hundred archives and 100 MB. Nil for anything else (BSD maps, no
/// map, not an archive), which `Archive` reads.
enum ArchiveMap {
  /// The names of the map of `path` that are among `wanted` (nil: no map it can read). Only names of a wanted
  /// length become strings.
  static func names(_ path: String, among wanted: Set<String>) -> [String]? {
    let lengths = Set(wanted.map(\.utf8.count))
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var header = [UInt8](repeating: 0, count: 68)
    guard fread(&header, 1, 68, file) == 68 else { return nil }
    let magic = String(decoding: header[0..<8], as: UTF8.self)
    guard magic == "!<arch>\n" || magic == "!<thin>\n" else { return nil }
    let name = String(decoding: header[8..<24], as: UTF8.self).trimmingBlanks()
    let wordSize = name == "/" ? 4 : name == "/SYM64/" ? 8 : 0
    guard wordSize > 0,
      let size = Int(String(decoding: header[56..<66], as: UTF8.self).trimmingBlanks()),
      size >= wordSize, size < 1 << 30
    else { return nil }
    var map = [UInt8](repeating: 0, count: size)
    guard fread(&map, 1, size, file) == size else { return nil }
    let count = map[0..<wordSize].reduce(0) { $0 << 8 | Int($1) }
    var offset = wordSize * (count + 1)
    guard count >= 0, offset <= size else { return nil }
    var names: [String] = []
    var seen = 0
    while seen < count, offset < size {
      let end = map[offset...].firstIndex(of: 0) ?? size
      if lengths.contains(end - offset) {
        let name = String(decoding: map[offset..<end], as: UTF8.self)
        if wanted.contains(name) { names.append(name) }
      }
      seen += 1
      offset = end + 1
    }
    return names
  }
}
