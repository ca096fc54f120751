import ElfKit
import FoundationEssentials

/// Everything `link-check runtime` says about one runtime archive.
public struct RuntimeArchiveReport: Sendable {
  public var path: String
  /// What the file name says; nil for an archive not named `libasmrun*.a`/`libcamlrun*.a`.
  public var name: RuntimeArchiveName?
  /// What the contents say.
  public var profile: RuntimeProfile
  /// Whether the contents define the runtime's entry (`caml_start_program`, or the bytecode interpreter);
  /// when they do not, only the file name says this is a runtime, and the rest is weak evidence.
  public var definesRuntimeEntry: Bool
  /// The naming era of the members; nil when the members are not marked (`x.o`).
  public var memberNaming: RuntimeMemberNamingEvidence?
  /// The archive's size in bytes.
  public var size: Int
  public var memberCount: Int

  /// The variant `-runtime-variant` selects this archive as; nil when it is not named like a runtime.
  public var variant: RuntimeVariant? { name?.variant }

  /// The OCaml releases the member naming and the version hints all allow; nil when they contradict.
  public var versions: OCamlVersionRange? {
    guard let naming = memberNaming else { return profile.versions }
    return profile.versions?.intersection(naming.naming.versions)
  }

  /// Whether this runtime suits `target`, with the reason and, when it does not, the fix.
  public func verdict(for target: Target) -> RuntimeVerdict {
    profile.verdict(for: target, selectedBy: variant)
  }
}

/// Reads a runtime archive (`libasmrun*.a`, `libcamlrun*.a`) and classifies it.
public enum RuntimeArchiveClassifier {
  /// Classifies the archive at `path`. Throws when it cannot be read, is not an archive, or is neither named
  /// nor built like an OCaml runtime.
  public static func classify(path: String) throws(ElfError) -> RuntimeArchiveReport {
    guard case .archive(let archive) = try BinaryFile.open(path: path) else {
      throw ElfError(file: path, problem: "not an ar archive")
    }
    return try classify(archive, path: path)
  }

  /// Classifies `archive`, read from `path`.
  public static func classify(_ archive: Archive, path: String) throws(ElfError)
    -> RuntimeArchiveReport
  {
    var summary = RuntimeSymbolSummary()
    for member in archive.members {
      if case .object(let file) = try member.open() { try summary.add(file, member: member.name) }
    }
    let fileName = FileSystem.fileName(of: path)
    let name = RuntimeArchiveName(fileName: fileName)
    guard let header = summary.header else { throw ElfError(file: path, problem: "no ELF members") }
    let contentKind = RuntimeProfile.kind(of: summary)
    guard let kind = contentKind ?? name?.kind else {
      if let library = OCamlSupportLibrary(fileName: fileName) {
        let releases = library.versions == .any ? "" : " (OCaml \(library.versions))"
        throw ElfError(
          file: path, problem: "not an OCaml runtime: \(fileName) is \(library.meaning)\(releases)")
      }
      throw ElfError(
        file: path,
        problem:
          "not an OCaml runtime (defines neither caml_start_program nor caml_interprete/caml_bytecode_interpreter)"
      )
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
    let memberNames = archive.members.map(\.name)
    return RuntimeArchiveReport(
      path: path, name: name, profile: RuntimeProfile(kind: kind, summary: summary, header: header),
      definesRuntimeEntry: contentKind != nil,
      memberNaming: RuntimeMemberNamingEvidence(memberNames: memberNames),
      size: size ?? archive.members.reduce(0) { $0 + $1.size }, memberCount: memberNames.count)
  }
}
