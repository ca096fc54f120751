import ElfKit
import FoundationEssentials

/// Maps OCaml compilation units to the findlib packages that install them: every `META` under the findlib
/// path names its native archives, and the symbol index of the `.a` beside each `.cmxa` names its units (see
/// `units(ofNativeArchive:)`); `ocamlobjinfo` lists them only for an archive whose `.a` cannot tell.
public struct OCamlPackageIndex: Sendable {
  /// Unit name → package name.
  public var packageOfUnit: [String: String] = [:]

  public init() {}

  /// Reads the packages under `paths` (or findlib's search path when empty).
  public static func load(paths: [String]) -> OCamlPackageIndex {
    var index = OCamlPackageIndex()
    let findlib = FindlibConfiguration.current()
    let searchPaths = paths.isEmpty ? findlib.searchPath : paths
    let stdlib = findlib.standardLibrary
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

  /// The units of each archive: from the symbol index of its `.a`, else (no `.a`, or no unit marker in it) from
  /// one `ocamlobjinfo` run over all such archives, or one run each when that run fails (a broken archive stops it).
  private static func units(ofArchives paths: [String]) -> [[String]] {
    var units = paths.map(units(ofNativeArchive:))
    let unread = units.indices.filter { units[$0] == nil }
    guard !unread.isEmpty else { return units.map { $0! } }
    let read = objinfoUnits(ofArchives: unread.map { paths[$0] })
    for (position, found) in zip(unread, read) { units[position] = found }
    return units.map { $0 ?? [] }
  }

  /// The units of the native archive `cmxa` (`unix.cmxa`), read from the symbol index of the `.a` beside it, in
  /// member order: every unit is one member that defines `caml<Unit>__code_begin` (`caml<Unit>.code_begin` from
  /// OCaml 5.1), which `ocamlobjinfo` lists as `Name: <Unit>`; a packed unit's member also defines its inner
  /// units' markers (`Dynlink_compilerlibs__Env`), and its own name is the shortest. Nil when there is no such
  /// `.a`, it has no index, or no name in it is a unit marker.
  public static func units(ofNativeArchive cmxa: String) -> [String]? {
    guard cmxa.hasSuffix(".cmxa"),
      case .archive(let archive)? = try? BinaryFile.open(path: String(cmxa.dropLast(5)) + ".a")
    else { return nil }
    // Only the few markers become strings, not the tens of thousands of names of the index.
    var unitOfMember: [Int: String] = [:]
    let hasIndex = try? archive.forEachSymbolIndexEntry { name, memberHeaderOffset in
      guard let unit = unitOfCodeBegin(name) else { return }
      if let known = unitOfMember[memberHeaderOffset], known.utf8.count <= unit.utf8.count {
        return
      }
      unitOfMember[memberHeaderOffset] = unit
    }
    guard hasIndex == true else { return nil }
    return unitOfMember.isEmpty ? nil : unitOfMember.sorted { $0.key < $1.key }.map(\.value)
  }

  /// `Unix` for `camlUnix__code_begin` or `camlUnix.code_begin`; compared on bytes, last byte first (an index
  /// of tens of thousands of names holds a few markers).
  private static func unitOfCodeBegin(_ bytes: UnsafeRawBufferPointer) -> String? {
    let count = bytes.count
    guard count > 15, bytes[count - 1] == UInt8(ascii: "n"),
      bytes[(count - 10)...].elementsEqual("code_begin".utf8), bytes.starts(with: "caml".utf8),
      (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[4])
    else { return nil }
    let end: Int
    switch (bytes[count - 12], bytes[count - 11]) {
    case (_, UInt8(ascii: ".")): end = count - 11
    case (UInt8(ascii: "_"), UInt8(ascii: "_")): end = count - 12
    default: return nil
    }
    return String(decoding: bytes[4..<end], as: UTF8.self)
  }

  /// `Name: Unit` lines of `ocamlobjinfo ARCHIVE…`: one run over them all; when that run fails, one per archive.
  private static func objinfoUnits(ofArchives paths: [String]) -> [[String]] {
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
