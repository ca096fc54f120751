import ElfKit
import FoundationEssentials

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
  private var definers: [String: Library]?

  init(directories: [String]) {
    var seen = Set<String>()
    self.directories = directories.filter { seen.insert($0).inserted }
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
        let library = Library(path: "\(directory)/\(file)", directory: directory, name: String(file.dropFirst(3).dropLast(2)))
        for name in Self.definedNames(library.path, followingScripts: true) where result[name] == nil { result[name] = library }
      }
    }
    return result
  }

  private static func definedNames(_ path: String, followingScripts: Bool) -> [String] {
    switch try? BinaryFile.open(path: path) {
    case .archive(let archive): return ((try? archive.symbolIndex()) ?? nil)?.entries.map(\.name) ?? []
    case .notELF where followingScripts:
      guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.utf8.count < 64 * 1024,
        let script = try? LinkerScript(parsing: text)
      else { return [] }
      return (script.inputs + script.groups.joined()).flatMap { input in
        input.name.hasPrefix("/") ? definedNames(input.name, followingScripts: false) : []
      }
    default: return []
    }
  }
}
