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
    let searchPaths = paths.isEmpty ? FindlibMeta.searchPath() : paths
    let stdlib =
      (try? ProgramRunner.run("ocamlfind", ["ocamlc", "-where"]))?.standardOutput
      .trimmingWhitespace() ?? "/usr/lib/ocaml"
    // Every archive, in the order the packages are read (the first package of a unit wins).
    var archives: [(package: String, path: String)] = []
    for root in searchPaths {
      for package in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
        let meta = "\(root)/\(package)/META"
        guard let text = try? String(contentsOfFile: meta, encoding: .utf8) else { continue }
        let directory = Self.directory(
          of: text, packageDirectory: "\(root)/\(package)", stdlib: stdlib)
        for archive in Self.nativeArchives(in: text) {
          archives.append((package, "\(directory)/\(archive)"))
        }
      }
    }
    archives.append(("stdlib", "\(stdlib)/stdlib.cmxa"))
    archives = archives.filter { FileManager.default.fileExists(atPath: $0.path) }
    let units = Self.units(ofArchives: archives.map(\.path))
    for (archive, found) in zip(archives, units) {
      for unit in found where index.packageOfUnit[unit] == nil {
        index.packageOfUnit[unit] = archive.package
      }
    }
    return index
  }

  /// `directory = "^"` is the standard library, `"+sub"` a folder inside it.
  private static func directory(of meta: String, packageDirectory: String, stdlib: String) -> String
  {
    guard
      let line = meta.split(separator: "\n").first(where: {
        $0.trimmingBlanks().hasPrefix("directory")
      }),
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
  /// The units of each archive, listed by one `ocamlobjinfo` run over them all (one process per archive
  /// took most of a check's time); when that run fails (a broken archive stops it), one run per archive.
  private static func units(ofArchives paths: [String]) -> [[String]] {
    guard !paths.isEmpty else { return [] }
    if let output = try? ProgramRunner.run("ocamlobjinfo", paths), output.status == 0 {
      let sections = objinfoSections(output.standardOutput)
      if sections.count == paths.count { return sections }
    }
    return paths.map { path in
      guard let output = try? ProgramRunner.run("ocamlobjinfo", [path]) else { return [] }
      return objinfoSections(output.standardOutput).first ?? []
    }
  }

  /// The `Name: ` lines of each `File ` section of `ocamlobjinfo`'s output (one section when it read one file).
  private static func objinfoSections(_ output: String) -> [[String]] {
    var sections: [[String]] = []
    for line in output.utf8.split(separator: UInt8(ascii: "\n")) {
      if line.starts(with: "File ".utf8) {
        sections.append([])
      } else if line.starts(with: "Name: ".utf8) {
        if sections.isEmpty { sections.append([]) }
        sections[sections.count - 1].append(String(decoding: line.dropFirst(6), as: UTF8.self))
      }
    }
    return sections
  }
}
