import Foundation

/// The result of running a program.
public struct ToolResult: Sendable {
  public var status: Int32
  /// Set when the program died of a signal.
  public var signal: Int32?
  public var stdout: Data
  public var stderr: String

  public var output: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs real tools with argument vectors (never through a shell).
public enum Tool {
  /// Runs `program` (a path, or a name looked up on `PATH`) with `arguments`.
  @discardableResult
  public static func run(
    _ program: String, _ arguments: [String], directory: String? = nil, environment: [String: String]? = nil
  ) throws -> ToolResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program.contains("/") ? program : try which(program))
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var env = ProcessInfo.processInfo.environment
    env["LC_ALL"] = "C"
    for (key, value) in environment ?? [:] { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes concurrently so neither fills up.
    let errorData = LockedData()
    let reading = DispatchGroup()
    DispatchQueue.global().async(group: reading) { errorData.set(err.fileHandleForReading.readDataToEndOfFile()) }
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    reading.wait()
    process.waitUntilExit()
    let signal = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
    return ToolResult(
      status: process.terminationStatus, signal: signal, stdout: stdout,
      stderr: String(decoding: errorData.value, as: UTF8.self))
  }

  /// Runs a tool that must succeed; throws with its stderr otherwise.
  @discardableResult
  public static func succeed(_ program: String, _ arguments: [String], directory: String? = nil) throws -> ToolResult {
    let result = try run(program, arguments, directory: directory)
    guard result.status == 0, result.signal == nil else {
      throw ToolFailure(description: "\(program) \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
    }
    return result
  }

  /// The full path of `name` on `PATH` (the Swift toolchain's folder is searched too).
  public static func which(_ name: String) throws -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") + ["/usr/bin", "/opt/swift/usr/bin"] {
      let candidate = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw ToolFailure(description: "\(name) not found on PATH (run scripts/bootstrap)")
  }
}

/// A fixture step or expectation that failed, with what happened.
public struct ToolFailure: Error, CustomStringConvertible {
  public var description: String
  public init(description: String) { self.description = description }
}

private final class LockedData: @unchecked Sendable {
  private let lock = NSLock()
  private var data: Data?
  func set(_ value: Data) { lock.withLock { data = value } }
  var value: Data { lock.withLock { data ?? Data() } }
}
