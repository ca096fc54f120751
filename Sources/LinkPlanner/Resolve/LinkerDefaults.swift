import Foundation

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
    let parts = output.standardOutput.components(separatedBy: "==================================================")
    guard parts.count >= 3 else { throw LinkPlannerError("\(linker) --verbose printed no built-in linker script") }
    do {
      return LinkerDefaults(script: try LinkerScript(parsing: parts[1]))
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

/// Runs helper programs (ld, pkg-config, gcc) with argument vectors, never through a shell.
public enum ProgramRunner {
  public struct Output: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
  }

  /// Runs `program` (a path, or a name looked up on `PATH`) and collects its output.
  public static func run(
    _ program: String, _ arguments: [String], environment: [String: String]? = nil
  ) throws(LinkPlannerError) -> Output {
    guard let executable = locate(program) else { throw LinkPlannerError("\(program): not found on PATH") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch { throw LinkPlannerError("\(program): \(error.localizedDescription)") }
    let errorText = CollectedOutput()
    let reading = DispatchGroup()
    DispatchQueue.global().async(group: reading) { errorText.set(err.fileHandleForReading.readDataToEndOfFile()) }
    let standardOutput = out.fileHandleForReading.readDataToEndOfFile()
    reading.wait()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, standardOutput: String(decoding: standardOutput, as: UTF8.self),
      standardError: String(decoding: errorText.value, as: UTF8.self))
  }

  /// The full path of `program`: itself if it contains `/`, else the first match on `PATH`.
  public static func locate(_ program: String) -> String? {
    if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(program)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }
}

private final class CollectedOutput: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  func set(_ value: Data) { lock.withLock { data = value } }
  var value: Data { lock.withLock { data } }
}
