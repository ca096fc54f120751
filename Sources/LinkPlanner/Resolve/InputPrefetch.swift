import ElfKit

/// The object files a link line names, opened up front and read on a second thread while the caller goes on
/// (runs `ld --verbose`, loads the inputs before them): each object's symbol table, section groups,
/// relocation tables and function locator land in the `ElfFile`'s own caches, so what asks for them later waits at most for the part not read yet. Which
/// thread read a table changes nothing in the output. Then, while the caller resolves, the second thread makes
/// the objects' call graphs, which the report asks for (`callGraphs`).
final class InputPrefetch: Sendable {
  /// The files opened, by the path the resolver opens them at (absolute, or relative to its working folder).
  private let files: [String: BinaryFile]
  /// The objects' call graphs, made after everything else is read.
  let callGraphs: PreparedCallGraphs

  /// Opens the files `line` names (`.file` items; not libraries, whose search needs the linker's defaults) and
  /// starts reading them. A file that cannot be opened is left to the resolver, which reports it.
  init(line: LinkLine, workingDirectory: String) {
    var files: [String: BinaryFile] = [:]
    var objects: [ElfFile] = []
    for item in line.items {
      guard case .file(let path) = item else { continue }
      let resolved = Self.resolved(path, in: workingDirectory)
      guard files[resolved] == nil, let file = try? BinaryFile.open(path: resolved) else {
        continue
      }
      files[resolved] = file
      if case .object(let object) = file, object.header.type == .relocatable {
        objects.append(object)
      }
    }
    self.files = files
    let callGraphs = PreparedCallGraphs(files: objects)
    self.callGraphs = callGraphs
    guard !objects.isEmpty else { return }
    SecondThread.detach { [objects] in
      // (Errors are left for the resolver to meet again and report.)
      // What the resolver reads first, then what the reference sites and the stack-guard scan read after it.
      for object in objects {
        _ = try? object.symbolTable()
        _ = try? object.sectionGroups()
      }
      for object in objects {
        _ = try? object.relocationTables()
        _ = try? object.functionLocator()
      }
      callGraphs.prepare()
    }
  }

  /// The file at `path` as the resolver names it, if it was opened here.
  func file(at path: String) -> BinaryFile? { files[path] }

  /// `path` as the resolver opens it.
  static func resolved(_ path: String, in workingDirectory: String) -> String {
    path.hasPrefix("/") ? path : "\(workingDirectory)/\(path)"
  }
}
