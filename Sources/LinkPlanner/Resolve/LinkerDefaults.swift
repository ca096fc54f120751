import FoundationEssentials

/// What a linker does when the command line does not say: its built-in linker script (symbols it provides,
/// `SEARCH_DIR`s), read from `<linker> --verbose` so that link-check searches where that very ld searches.
public struct LinkerDefaults: Sendable {
  /// The built-in script (for links without `-T`).
  public var script: LinkerScript
  /// Its library folders, `=` (sysroot) prefixes resolved against `/`.
  public var searchDirectories: [String] { script.searchDirectories.map { $0.hasPrefix("=") ? String($0.dropFirst()) : $0 } }

  public init(script: LinkerScript) { self.script = script }

  /// Runs `linker --verbose` (argument vector, no shell) and reads the script between its `=====` lines.
  public static func query(linker: String) throws(LinkPlannerError) -> LinkerDefaults {
    let output = try ProgramRunner.run(linker, ["--verbose"])
    guard output.status == 0 else {
      throw LinkPlannerError("\(linker) --verbose failed (\(output.status)): \(output.standardError)")
    }
    let parts = output.standardOutput.split(
      separator: "==================================================", omittingEmptySubsequences: false)
    guard parts.count >= 3 else { throw LinkPlannerError("\(linker) --verbose printed no built-in linker script") }
    do {
      return LinkerDefaults(script: try LinkerScript(parsing: String(parts[1])))
    } catch {
      throw LinkPlannerError("\(linker)'s built-in linker script: \(error)")
    }
  }
}

/// A failure of link-check's own work (a tool that cannot run, a script that cannot be read), with what happened.
public struct LinkPlannerError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

