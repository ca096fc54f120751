import Foundation

/// What a real linker said about a link: the names it called undefined or multiply defined, and the inputs
/// it could not find or use. Parsed from GNU ld's and ld.lld's messages.
public struct LinkerVerdict: Equatable, Sendable, CustomStringConvertible {
  public var undefined: Set<String> = []
  public var duplicates: Set<String> = []
  public var missingInputs = false
  public var status: Int32 = 0
  public var stderr = ""

  public init() {}

  public var description: String {
    "undefined: \(undefined.sorted()), duplicates: \(duplicates.sorted()), missing inputs: \(missingInputs)"
  }

  /// Runs `linker ARGS` in `directory` (output to a scratch file) and reads its diagnostics.
  public static func run(_ linker: String, _ arguments: [String], directory: String) throws -> LinkerVerdict {
    let result = try Tool.run(linker, arguments, directory: directory)
    var verdict = LinkerVerdict()
    verdict.status = result.status
    verdict.stderr = result.stderr
    for line in result.stderr.split(separator: "\n") {
      // GNU ld: "undefined reference to `foo'"; ld.lld: "undefined symbol: foo".
      if let name = quoted(line, after: "undefined reference to `") ?? rest(line, after: "undefined symbol: ") {
        verdict.undefined.insert(name)
      }
      if let name = quoted(line, after: "multiple definition of `") ?? rest(line, after: "duplicate symbol: ") {
        verdict.duplicates.insert(name)
      }
      if (line.contains("cannot find ") && !line.contains("cannot find entry symbol")) || line.contains("has no index")
        || line.contains("unable to find library") || line.contains("attempted static link of dynamic object")
      {
        verdict.missingInputs = true
      }
    }
    return verdict
  }

  private static func quoted(_ line: Substring, after marker: String) -> String? {
    guard let start = line.range(of: marker) else { return nil }
    return String(line[start.upperBound...].prefix { $0 != "'" })
  }

  private static func rest(_ line: Substring, after marker: String) -> String? {
    guard let start = line.range(of: marker) else { return nil }
    return String(line[start.upperBound...]).trimmingCharacters(in: .whitespaces)
  }
}

/// One line of GNU ld's map section "Archive member included to satisfy reference by file (symbol)".
public struct ArchiveInclusion: Hashable, Sendable, CustomStringConvertible {
  /// `archive(member)` as ld names it.
  public var member: String
  /// The file whose reference pulled the member in; nil for `-u`, the entry or `--whole-archive`.
  public var referrer: String?
  /// The symbol, or `--whole-archive`.
  public var symbol: String

  public init(member: String, referrer: String?, symbol: String) {
    (self.member, self.referrer, self.symbol) = (member, referrer, symbol)
  }

  public var description: String { "\(member) ← \(referrer ?? "-") (\(symbol))" }

  /// The inclusions of a `-Map` file, in ld's order (long member names wrap onto the next line).
  public static func read(map text: String) -> [ArchiveInclusion] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard let header = lines.firstIndex(where: { $0.hasPrefix("Archive member included to satisfy reference") }) else { return [] }
    var entries: [String] = []
    for line in lines[(header + 1)...].drop(while: { $0.isEmpty }) {
      if line.isEmpty { break }
      if line.first == " ", !entries.isEmpty { entries[entries.count - 1] += " " + line } else { entries.append(String(line)) }
    }
    return entries.compactMap { entry in
      let words = entry.split(separator: " ", omittingEmptySubsequences: true)
      guard let member = words.first, let last = words.last, last.hasPrefix("("), last.hasSuffix(")") else { return nil }
      let referrer = words.dropFirst().dropLast().joined(separator: " ")
      return ArchiveInclusion(member: String(member), referrer: referrer.isEmpty ? nil : referrer, symbol: String(last.dropFirst().dropLast()))
    }
  }
}
