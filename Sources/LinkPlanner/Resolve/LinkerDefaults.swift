import FoundationEssentials
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// What a linker does when the command line does not say: its built-in linker script (symbols it provides,
/// `SEARCH_DIR`s), read from `<linker> --verbose` so that link-check searches where that very ld searches.
public struct LinkerDefaults: Sendable {
  /// The built-in script (for links without `-T`).
  public var script: LinkerScript
  /// Its library folders, `=` (sysroot) prefixes resolved against `/`.
  public var searchDirectories: [String] {
    script.searchDirectories.map { $0.hasPrefix("=") ? String($0.dropFirst()) : $0 }
  }

  public init(script: LinkerScript) { self.script = script }

  /// Runs `linker --verbose` (argument vector, no shell) and reads the script between its `=====` lines; once per
  /// linker binary and process (`LinkerDefaultsCache`).
  public static func query(linker: String) throws(LinkPlannerError) -> LinkerDefaults {
    let identity = ProgramRunner.locate(linker).flatMap(LinkerDefaultsCache.Identity.init(path:))
    if let identity, let known = LinkerDefaultsCache.shared.defaults(of: identity) { return known }
    let defaults = try run(linker: linker)
    if let identity { LinkerDefaultsCache.shared.record(defaults, of: identity) }
    return defaults
  }

  private static func run(linker: String) throws(LinkPlannerError) -> LinkerDefaults {
    let output = try ProgramRunner.run(linker, ["--verbose"])
    guard output.status == 0 else {
      throw LinkPlannerError(
        "\(linker) --verbose failed (\(output.status)): \(output.standardError)")
    }
    let parts = output.standardOutput.split(
      separator: "==================================================",
      omittingEmptySubsequences: false)
    guard parts.count >= 3 else {
      throw LinkPlannerError("\(linker) --verbose printed no built-in linker script")
    }
    do {
      return LinkerDefaults(script: try LinkerScript(parsing: String(parts[1])))
    } catch {
      throw LinkPlannerError("\(linker)'s built-in linker script: \(error)")
    }
  }
}

/// What each linker binary printed for `--verbose`, kept for the process: the test suites and the differential
/// campaign check thousands of lines with the same ld, and its output is fixed by the binary. A binary is known by
/// its path (symbolic links resolved), modification time and size, so one replaced on disk is asked again, and by
/// `PATH` (a wrapper script, Solo5's `ld`, runs the `ld` it finds there). Kept in memory only: a file would need
/// invalidation rules of its own, for one process start per `check`.
final class LinkerDefaultsCache: Sendable {
  /// A linker binary as it is on disk now.
  struct Identity: Hashable, Sendable {
    var path: String
    /// Modification time.
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int
    var size: Int
    var searchPath: String?

    /// The file `path` names, or nil when it cannot be read.
    init?(path: String) {
      let resolved = FileSystem.resolvingSymlinks(path)
      var status = stat()
      guard stat(resolved, &status) == 0 else { return nil }
      self.path = resolved
      modifiedSeconds = status.st_mtim.tv_sec
      modifiedNanoseconds = status.st_mtim.tv_nsec
      size = Int(status.st_size)
      searchPath = ProcessInfo.processInfo.environment["PATH"]
    }
  }

  static let shared = LinkerDefaultsCache()

  private let known = Mutex<[Identity: LinkerDefaults]>([:])

  func defaults(of linker: Identity) -> LinkerDefaults? { known.withLock { $0[linker] } }

  func record(_ defaults: LinkerDefaults, of linker: Identity) {
    known.withLock { $0[linker] = defaults }
  }
}

/// A failure of link-check's own work (a tool that cannot run, a script that cannot be read), with what happened.
public struct LinkPlannerError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
