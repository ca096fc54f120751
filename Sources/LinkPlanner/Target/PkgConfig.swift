import FoundationEssentials

/// Runs the real `pkg-config` (or `$PKG_CONFIG`) with an argument vector and a search path.
public struct PkgConfig: Sendable {
  /// The executable: `$PKG_CONFIG` or `pkg-config`.
  public var program: String
  /// Folders searched first (`--pkg-config-path`), then `$PKG_CONFIG_PATH`.
  public var searchPath: [String]

  public init(extraPaths: [String], environment: [String: String] = ProcessInfo.processInfo.environment) {
    program = environment["PKG_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? "pkg-config"
    searchPath = extraPaths + (environment["PKG_CONFIG_PATH"]?.split(separator: ":").map(String.init) ?? [])
  }

  /// Whether the package's `.pc` file can be found.
  public func exists(_ package: String) throws(LinkPlannerError) -> Bool {
    try run(["--exists", package]).status == 0
  }

  /// `pkg-config --variable=NAME PACKAGE`: the value, or nil when the variable is not set.
  public func variable(_ name: String, of package: String) throws(LinkPlannerError) -> String? {
    let output = try run(["--variable=\(name)", package])
    guard output.status == 0 else { throw notFound(package, output) }
    let value = output.standardOutput.trimmingWhitespace()
    return value.isEmpty ? nil : value
  }

  /// `pkg-config --static --libs PACKAGE`, split into words on white space (no shell, no quote removal).
  public func staticLibs(_ package: String) throws(LinkPlannerError) -> [String] {
    let output = try run(["--static", "--libs", package])
    guard output.status == 0 else { throw notFound(package, output) }
    return Self.words(output.standardOutput)
  }

  /// Splits a pkg-config value into words on white space, as mirage does; `;`, `$(…)` and quotes stay literal.
  public static func words(_ value: String) -> [String] {
    value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
  }

  private func run(_ arguments: [String]) throws(LinkPlannerError) -> ProgramRunner.Output {
    var environment = ProcessInfo.processInfo.environment
    environment["PKG_CONFIG_PATH"] = searchPath.joined(separator: ":")
    return try ProgramRunner.run(program, arguments, environment: environment)
  }

  private func notFound(_ package: String, _ output: ProgramRunner.Output) -> LinkPlannerError {
    let searched = searchPath.isEmpty ? "the default pkg-config folders" : searchPath.joined(separator: ", ")
    let detail = output.standardError.split(separator: "\n").first.map { ": \($0)" } ?? ""
    return LinkPlannerError("\(program) cannot read \(package).pc (searched \(searched) and the defaults)\(detail)")
  }
}
