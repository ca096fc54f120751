import Foundation

/// One random link for the differential campaign against GNU ld: files (assembly objects, archives, shared
/// objects, linker scripts) and an ld argument vector, all made from a seed, so a scenario is reproduced
/// exactly from its seed on any machine.
public struct DifferentialScenario: Sendable, Hashable, CustomStringConvertible {
  /// A file of the scenario, built in order (objects before the archives and shared objects made of them).
  public enum Recipe: Sendable, Hashable {
    /// An object assembled by `as` from these parts (each a self-contained piece of assembly).
    case object(parts: [String])
    /// An archive of these objects.
    case archive(members: [String], kind: ArchiveKind)
    /// A shared object linked by `ld -shared` from these objects.
    case sharedObject(objects: [String])
    /// A text file (a linker script).
    case text(String)
  }

  public enum ArchiveKind: String, Sendable, Hashable {
    case indexed, withoutIndex, thin, empty
  }

  public struct File: Sendable, Hashable {
    public var name: String
    public var recipe: Recipe
    public init(_ name: String, _ recipe: Recipe) {
      self.name = name
      self.recipe = recipe
    }

    /// The files this one is made of or names.
    var inputs: [String] {
      switch recipe {
      case .object: []
      case .archive(let members, _): members
      case .sharedObject(let objects): objects
      case .text(let text): text.split(whereSeparator: { " ()\n".contains($0) }).map(String.init)
      }
    }
  }

  public var seed: UInt64
  public var files: [File]
  /// ld's arguments, without `-o`.
  public var arguments: [String]

  public init(seed: UInt64, files: [File], arguments: [String]) {
    self.seed = seed
    self.files = files
    self.arguments = arguments
  }

  public var description: String { "seed \(seed): ld \(arguments.joined(separator: " "))" }

  /// Writes and builds the files into `directory`.
  public func build(in directory: String) throws {
    for file in files {
      let path = "\(directory)/\(file.name)"
      switch file.recipe {
      case .object(let parts):
        let source = path + ".s"
        try (parts.joined(separator: "\n") + "\n").write(
          toFile: source, atomically: false, encoding: .utf8)
        try Tool.succeed("as", ["--64", "-o", path, source])
      case .archive(let members, let kind):
        try? FileManager.default.removeItem(atPath: path)
        if kind == .empty || members.isEmpty {
          try "!<arch>\n".write(toFile: path, atomically: false, encoding: .utf8)
        } else {
          let mode = kind == .withoutIndex ? "rcS" : kind == .thin ? "rcsT" : "rcs"
          try Tool.succeed("ar", [mode, file.name] + members, directory: directory)
        }
      case .sharedObject(let objects):
        try Tool.succeed("ld", ["-shared", "-o", file.name] + objects, directory: directory)
      case .text(let text):
        try text.write(toFile: path, atomically: false, encoding: .utf8)
      }
    }
  }

  /// The scenario as a Swift expression, for a regression test.
  public var swiftLiteral: String {
    func quoted(_ text: String) -> String {
      "\""
        + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
          of: "\"", with: "\\\""
        )
        .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
        + "\""
    }
    func list(_ items: [String]) -> String { "[" + items.map(quoted).joined(separator: ", ") + "]" }
    let fileLines = files.map { file -> String in
      switch file.recipe {
      case .object(let parts): ".init(\(quoted(file.name)), .object(parts: \(list(parts))))"
      case .archive(let members, let kind):
        ".init(\(quoted(file.name)), .archive(members: \(list(members)), kind: .\(kind)))"
      case .sharedObject(let objects):
        ".init(\(quoted(file.name)), .sharedObject(objects: \(list(objects))))"
      case .text(let text): ".init(\(quoted(file.name)), .text(\(quoted(text))))"
      }
    }
    return "DifferentialScenario(\n  seed: \(seed),\n  files: [\n    "
      + fileLines.joined(separator: ",\n    ")
      + "\n  ],\n  arguments: \(list(arguments)))"
  }
}
