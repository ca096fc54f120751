import Foundation

/// A fresh folder for one test's fixtures, removed when the value is released.
public final class Scratch: @unchecked Sendable {
  public let path: String

  public init(_ label: String = "fixture") throws {
    let base = FileManager.default.temporaryDirectory.path
    path = "\(base)/link-check-\(label)-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// Uses `path` (created if needed) without removing it later: it belongs to an enclosing scratch folder.
  public init(existing path: String) throws {
    self.path = path
    owned = false
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  private var owned = true

  deinit { if owned { try? FileManager.default.removeItem(atPath: path) } }

  /// `path/name`.
  public func file(_ name: String) -> String { "\(path)/\(name)" }

  /// Writes `text` to `name` and returns its path.
  @discardableResult
  public func write(_ name: String, _ text: String) throws -> String {
    let target = file(name)
    try FileManager.default.createDirectory(
      atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: target, atomically: true, encoding: .utf8)
    return target
  }

  /// Writes raw bytes to `name` and returns its path.
  @discardableResult
  public func write(_ name: String, bytes: [UInt8]) throws -> String {
    let target = file(name)
    try Data(bytes).write(to: URL(fileURLWithPath: target))
    return target
  }

  /// Compiles C `source` to the object `name` (`gcc -c` by default; `clang --target=T` when `target` is set).
  @discardableResult
  public func compileC(_ name: String, _ source: String, flags: [String] = [], target: String? = nil) throws -> String {
    let sourcePath = try write((name as NSString).deletingPathExtension + ".c", source)
    let object = file(name)
    if let target {
      try Tool.succeed("clang", ["--target=\(target)", "-c", "-O1", "-o", object, sourcePath] + flags)
    } else {
      try Tool.succeed("gcc", ["-c", "-O1", "-o", object, sourcePath] + flags)
    }
    return object
  }

  /// Builds an archive `name` from `members` with `ar` (`rcs`, or `rcsT` for a thin archive).
  @discardableResult
  public func archive(_ name: String, _ members: [String], thin: Bool = false, index: Bool = true) throws -> String {
    let target = file(name)
    try? FileManager.default.removeItem(atPath: target)
    let mode = "rc" + (index ? "s" : "S") + (thin ? "T" : "")
    try Tool.succeed("ar", [mode, target] + members)
    return target
  }
}

/// The `link-check` executable built next to the test bundle.
public enum LinkCheckExecutable {
  public static var path: String {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = directory.appendingPathComponent("link-check").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("link-check").path
  }

  /// Runs `link-check ARGS`, with `environment` added to the test's own.
  public static func run(_ arguments: [String], directory: String? = nil, environment: [String: String]? = nil) throws -> ToolResult {
    try Tool.run(path, arguments, directory: directory, environment: environment)
  }
}
