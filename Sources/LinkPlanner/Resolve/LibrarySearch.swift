import FoundationEssentials

/// A file a linker script names, found.
struct ScriptInputFile {
  var path: String
  /// The name a `DT_NEEDED` entry must equal for ld to take this file, when `--as-needed` dropped it, as the
  /// library it needs (ldelf.c, `ldelf_check_needed`, besides the soname): ld records a file found beside the
  /// script as `DIR/name` and one found in a library folder as `FOLDER/name`, which equal none (nil); `-lname`
  /// matches by file name.
  var neededName: String?
}

/// Finds `-l` libraries and script-named files the way GNU ld does.
struct LibrarySearch {
  /// `-L` folders, then (unless `-nostdlib`) script `SEARCH_DIR`s and the linker's built-in ones.
  var directories: [String]
  /// The folder relative paths are read from.
  var workingDirectory: String

  /// `-l name`: per folder, `libname.so` (unless static) then `libname.a`; `-l :file` looks for `file` exactly.
  /// Returns the path, or the folders searched.
  func library(_ name: String, allowShared: Bool) -> Result<String, MissingInput> {
    let candidates: [String]
    if name.hasPrefix(":") {
      candidates = [String(name.dropFirst())]
    } else {
      candidates = (allowShared ? ["lib\(name).so"] : []) + ["lib\(name).a"]
    }
    for directory in directories {
      for candidate in candidates {
        let path = absolute("\(directory)/\(candidate)")
        if isRegularFile(path) { return .success(path) }
      }
    }
    return .failure(
      MissingInput(
        name: "-l\(name)",
        problem: directories.isEmpty
          ? "not found: no library folders to search (-L)"
          : "not found in \(directories.joined(separator: ", "))"))
  }

  /// A file named by a linker script (`INPUT`, `GROUP`): beside the script, else as given (relative to the
  /// working folder), else in the library folders (ldfile.c, `ldfile_open_file`: "Search the directory of the
  /// current linker script before searching other paths"); `-lname` is a library.
  func scriptInput(_ name: String, scriptDirectory: String, allowShared: Bool) -> Result<
    ScriptInputFile, MissingInput
  > {
    if name.hasPrefix("-l") {
      return library(String(name.dropFirst(2)), allowShared: allowShared).map {
        ScriptInputFile(path: $0, neededName: FileSystem.fileName(of: $0))
      }
    }
    if name.hasPrefix("/") {
      return isRegularFile(name)
        ? .success(ScriptInputFile(path: name, neededName: name))
        : .failure(MissingInput(name: name, problem: "no such file"))
    }
    let besideScript = absolute("\(scriptDirectory)/\(name)")
    if isRegularFile(besideScript) {
      return .success(ScriptInputFile(path: besideScript, neededName: nil))
    }
    let asGiven = absolute(name)
    if isRegularFile(asGiven) { return .success(ScriptInputFile(path: asGiven, neededName: name)) }
    for directory in directories {
      let path = absolute("\(directory)/\(name)")
      if isRegularFile(path) { return .success(ScriptInputFile(path: path, neededName: nil)) }
    }
    return .failure(
      MissingInput(name: name, problem: "not found beside the script or in the library folders"))
  }

  private func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : "\(workingDirectory)/\(path)"
  }

  private func isRegularFile(_ path: String) -> Bool {
    FileSystem.isFile(path)
  }
}

/// Finds a library a shared object needs (`DT_NEEDED`) the way ld.bfd does for a native link.
struct NeededLibrarySearch {
  /// `-rpath-link`, `-rpath` (or `LD_RUN_PATH`), `LD_LIBRARY_PATH`: searched before the object's run path.
  var before: [String]
  /// The built-in library folders: searched after it.
  var after: [String]
  var workingDirectory: String

  /// The path of `name`, or nil when ld would warn "NAME, needed by …, not found".
  func find(_ name: String, runPath: [String], origin: String) -> String? {
    if name.contains("/") { return FileSystem.isFile(absolute(name)) ? absolute(name) : nil }
    let runFolders = runPath.map {
      $0.replacing("${ORIGIN}", with: origin).replacing("$ORIGIN", with: origin)
    }
    for folder in before + runFolders + after {
      let path = absolute("\(folder)/\(name)")
      if FileSystem.isFile(path) { return path }
    }
    return nil
  }

  private func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : "\(workingDirectory)/\(path)"
  }
}
