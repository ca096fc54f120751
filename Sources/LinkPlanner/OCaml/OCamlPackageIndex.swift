import FoundationEssentials

/// Maps OCaml compilation units to the findlib packages that install them: every `META` under the findlib
/// path names its native archives, and `ocamlobjinfo` lists the units of each archive.
public struct OCamlPackageIndex: Sendable {
  /// Unit name → package name.
  public var packageOfUnit: [String: String] = [:]

  public init() {}

  /// Reads the packages under `paths` (or `ocamlfind printconf path` when empty).
  public static func load(paths: [String]) -> OCamlPackageIndex {
    var index = OCamlPackageIndex()
    let searchPaths = paths.isEmpty ? findlibPath() : paths
    let stdlib = (try? ProgramRunner.run("ocamlfind", ["ocamlc", "-where"]))?.standardOutput
      .trimmingWhitespace() ?? "/usr/lib/ocaml"
    for root in searchPaths {
      for package in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
        let meta = "\(root)/\(package)/META"
        guard let text = try? String(contentsOfFile: meta, encoding: .utf8) else { continue }
        let directory = Self.directory(of: text, packageDirectory: "\(root)/\(package)", stdlib: stdlib)
        for archive in Self.nativeArchives(in: text) {
          for unit in Self.units(ofArchive: "\(directory)/\(archive)") where index.packageOfUnit[unit] == nil {
            index.packageOfUnit[unit] = package
          }
        }
      }
    }
    for unit in Self.units(ofArchive: "\(stdlib)/stdlib.cmxa") where index.packageOfUnit[unit] == nil {
      index.packageOfUnit[unit] = "stdlib"
    }
    return index
  }

  private static func findlibPath() -> [String] {
    let environment = ProcessInfo.processInfo.environment["OCAMLPATH"].map { $0.split(separator: ":").map(String.init) } ?? []
    let configured = (try? ProgramRunner.run("ocamlfind", ["printconf", "path"]))?.standardOutput.split(separator: "\n").map(String.init) ?? []
    return environment + configured
  }

  /// `directory = "^"` is the standard library, `"+sub"` a folder inside it.
  private static func directory(of meta: String, packageDirectory: String, stdlib: String) -> String {
    guard let line = meta.split(separator: "\n").first(where: { $0.trimmingBlanks().hasPrefix("directory") }),
      let value = line.split(separator: "\"").dropFirst().first
    else { return packageDirectory }
    if value == "^" { return stdlib }
    if value.hasPrefix("+") { return "\(stdlib)/\(value.dropFirst())" }
    return value.hasPrefix("/") ? String(value) : "\(packageDirectory)/\(value)"
  }

  /// Top-level `archive(native) = "x.cmxa"` values.
  private static func nativeArchives(in meta: String) -> [String] {
    meta.split(separator: "\n").compactMap { line -> String? in
      let trimmed = line.trimmingBlanks()
      guard trimmed.hasPrefix("archive(native"), !trimmed.contains("mt_vm") else { return nil }
      return trimmed.split(separator: "\"").dropFirst().first.map(String.init)
    }.flatMap { $0.split(separator: " ").map(String.init) }
  }

  /// `Name: Unit` lines of `ocamlobjinfo ARCHIVE`.
  private static func units(ofArchive path: String) -> [String] {
    guard FileManager.default.fileExists(atPath: path), let output = try? ProgramRunner.run("ocamlobjinfo", [path]) else { return [] }
    return output.standardOutput.split(separator: "\n").compactMap { line in
      line.hasPrefix("Name: ") ? String(line.dropFirst(6)) : nil
    }
  }
}
