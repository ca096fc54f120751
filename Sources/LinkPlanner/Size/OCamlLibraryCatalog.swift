import FoundationEssentials

/// The installed OCaml libraries, read from findlib: which package (subpackages included, such as
/// `compiler-libs.common`) and which `.cmxa` each compilation unit comes from, which C stub archives each
/// `.cmxa` names ("Extra C object files: -lunix"), and the runtime archives (`libasmrun*.a`) of the compiler.
public struct OCamlLibraryCatalog: Sendable {
  /// Where a compilation unit is installed.
  public struct UnitHome: Sendable, Hashable {
    /// The findlib package, dotted for subpackages (`compiler-libs.common`).
    public var package: String
    /// The `.cmxa` holding the unit.
    public var archive: String
  }

  /// Unit name → where it is installed (the first package, in name order, that names it).
  public var units: [String: UnitHome] = [:]
  /// Path of a C stub archive (`/usr/lib/ocaml/libunix.a`) → the package whose `.cmxa` names it.
  public var stubArchives: [String: String] = [:]
  /// The compiler's runtime archives (`libasmrun.a`, `libasmrund.a`…), by path.
  public var runtimeArchives: [String] = []

  public init() {}

  /// Reads every `META` under `paths` (or `ocamlfind printconf path` when empty) and the standard library.
  public static func load(paths: [String]) -> OCamlLibraryCatalog {
    var catalog = OCamlLibraryCatalog()
    let stdlib =
      (try? ProgramRunner.run("ocamlfind", ["ocamlc", "-where"]))?.standardOutput
      .trimmingWhitespace() ?? "/usr/lib/ocaml"
    let roots = paths.isEmpty ? FindlibMeta.searchPath() : paths
    var seenArchives = Set<String>()
    for root in roots {
      let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
      for name in names {
        guard let text = try? String(contentsOfFile: "\(root)/\(name)/META", encoding: .utf8) else {
          continue
        }
        for package in FindlibMeta.packages(
          text, name: name, directory: "\(root)/\(name)", stdlib: stdlib)
        {
          for archive in package.nativeArchives where seenArchives.insert(archive).inserted {
            catalog.add(archive: archive, package: package.name)
          }
        }
      }
    }
    let stdlibArchive = "\(stdlib)/stdlib.cmxa"
    if seenArchives.insert(stdlibArchive).inserted {
      catalog.add(archive: stdlibArchive, package: "stdlib")
    }
    let runtimes = ((try? FileManager.default.contentsOfDirectory(atPath: stdlib)) ?? []).filter {
      $0.hasPrefix("libasmrun") && $0.hasSuffix(".a")
    }
    catalog.runtimeArchives = runtimes.sorted().map { "\(stdlib)/\($0)" }
    return catalog
  }

  /// Records the units and stub archives of one `.cmxa` (from `ocamlobjinfo`).
  private mutating func add(archive: String, package: String) {
    guard FileManager.default.fileExists(atPath: archive),
      let output = try? ProgramRunner.run("ocamlobjinfo", [archive]).standardOutput
    else { return }
    let directory = FileSystem.folder(of: archive)
    for line in output.split(separator: "\n") {
      if line.hasPrefix("Name: ") {
        let unit = String(line.dropFirst(6))
        if units[unit] == nil { units[unit] = UnitHome(package: package, archive: archive) }
      } else if line.hasPrefix("Extra C object files:") {
        for word in line.dropFirst("Extra C object files:".count).split(separator: " ")
        where word.hasPrefix("-l") {
          let path = "\(directory)/lib\(word.dropFirst(2)).a"
          if stubArchives[path] == nil { stubArchives[path] = package }
        }
      }
    }
  }
}

/// The packages a findlib `META` file declares, subpackages (`package "common" ( … )`) included.
enum FindlibMeta {
  /// The findlib search path: `$OCAMLPATH`, then `ocamlfind printconf path`.
  static func searchPath() -> [String] {
    let environment =
      ProcessInfo.processInfo.environment["OCAMLPATH"].map {
        $0.split(separator: ":").map(String.init)
      } ?? []
    let configured =
      (try? ProgramRunner.run("ocamlfind", ["printconf", "path"]))?.standardOutput.split(
        separator: "\n"
      ).map(String.init) ?? []
    return environment + configured
  }

  struct Package: Equatable {
    /// Dotted name: `compiler-libs.common`.
    var name: String
    /// Paths of the `archive(native)` files (without predicates such as `mt_vm`, which need a special link).
    var nativeArchives: [String]
  }

  /// The packages of `text`, the `META` of package `name` installed in `directory`; `stdlib` resolves `^` and `+`.
  static func packages(_ text: String, name: String, directory: String, stdlib: String) -> [Package]
  {
    var result: [Package] = []
    // Each open block: its name, its directory, its archives.
    var stack: [(name: String, directory: String, archives: [String])] = [(name, directory, [])]
    for rawLine in text.split(separator: "\n") {
      let line = rawLine.trimmingBlanks()
      if line.hasPrefix("package "), line.hasSuffix("("), let sub = quoted(line) {
        stack.append(("\(stack.last!.name).\(sub)", stack.last!.directory, []))
      } else if line == ")" && stack.count > 1 {
        let block = stack.removeLast()
        result.append(
          Package(
            name: block.name, nativeArchives: block.archives.map { "\(block.directory)/\($0)" }))
      } else if line.hasPrefix("directory"),
        line.dropFirst("directory".count).trimmingBlanks().hasPrefix("="),
        let value = quoted(line)
      {
        let parent = stack.count > 1 ? stack[stack.count - 2].directory : directory
        stack[stack.count - 1].directory = resolve(
          value, packageDirectory: stack.count > 1 ? parent : directory, stdlib: stdlib)
      } else if line.hasPrefix("archive(native"), !line.contains("mt_vm"), !line.contains("plugin"),
        let value = quoted(line)
      {
        stack[stack.count - 1].archives += value.split(separator: " ").map(String.init)
      }
    }
    let top = stack[0]
    result.insert(
      Package(name: top.name, nativeArchives: top.archives.map { "\(top.directory)/\($0)" }), at: 0)
    return result
  }

  /// `^` is the standard library, `+sub` a folder inside it, a relative path is below the package's folder.
  private static func resolve(_ value: String, packageDirectory: String, stdlib: String) -> String {
    if value.isEmpty { return packageDirectory }
    if value == "^" { return stdlib }
    if value.hasPrefix("+") { return "\(stdlib)/\(value.dropFirst())" }
    if value.hasPrefix("^") { return "\(stdlib)/\(value.dropFirst())" }
    return value.hasPrefix("/") ? value : "\(packageDirectory)/\(value)"
  }

  /// The first double-quoted string of `line`.
  private static func quoted(_ line: String) -> String? {
    let parts = line.split(separator: "\"", omittingEmptySubsequences: false)
    return parts.count >= 3 ? String(parts[1]) : nil
  }
}
