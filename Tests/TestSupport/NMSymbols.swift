import Foundation

/// GNU `nm -S` output, parsed: the independent oracle for `link-check diff`.
public enum NMSymbols {
  /// One line of `nm -S`.
  public struct Row: Hashable, Sendable {
    /// The archive member the line is listed under; nil for an object.
    public var member: String?
    public var name: String
    public var letter: Character
    /// The size column (0 where nm prints none: undefined symbols and sizeless definitions).
    public var size: UInt64

    /// Global, weak or unique (nm's upper-case letters and `w`, `v`, `u`); false for locals.
    public var isExternal: Bool { letter.isUppercase || "wvu".contains(letter) }
    /// `U`, `w` or `v`.
    public var isUndefined: Bool { "Uwv".contains(letter) }
  }

  /// Every symbol `nm -S path` lists, archive members by their headings.
  public static func rows(_ path: String) throws -> [Row] {
    let text = try Tool.succeed("nm", ["-S", path]).output
    var member: String?
    var rows: [Row] = []
    for line in text.split(separator: "\n") {
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      if fields.count == 1, line.hasSuffix(":") {
        member = String(line.dropLast())
        continue
      }
      guard fields.count >= 2, fields[fields.count - 2].count == 1 else { continue }
      let size = fields.count == 4 ? UInt64(fields[1], radix: 16) ?? 0 : 0
      rows.append(Row(member: member, name: String(fields.last!), letter: fields[fields.count - 2].first!, size: size))
    }
    return rows
  }
}

/// What a symbol diff of two files must report, worked out from their `nm -S` rows alone: symbols keyed by
/// member and name, changed when the letter or the size differs; the headlines over the whole file.
public struct NMExpectation: Equatable, CustomStringConvertible {
  /// `name`, or `member(name)` inside an archive.
  public var added: Set<String> = []
  public var removed: Set<String> = []
  public var changed: Set<String> = []
  /// Names undefined in NEW and defined by none of its members that OLD did not leave undefined.
  public var newUndefined: Set<String> = []
  /// Names with an external definition in OLD and none in NEW.
  public var removedDefinitions: Set<String> = []

  public init() {}

  /// Compares `old` and `new`, keeping the rows `admits` accepts (by default the external ones), a pair when
  /// either side is accepted. Names must not repeat within a member.
  public init(old: [NMSymbols.Row], new: [NMSymbols.Row], admits: (NMSymbols.Row) -> Bool = \.isExternal) {
    func keyed(_ rows: [NMSymbols.Row]) -> [String: NMSymbols.Row] {
      Dictionary(rows.map { (Self.key($0.member, $0.name), $0) }, uniquingKeysWith: { first, _ in first })
    }
    let before = keyed(old)
    let after = keyed(new)
    for key in Set(before.keys).union(after.keys) {
      let (a, b) = (before[key], after[key])
      guard a.map(admits) == true || b.map(admits) == true else { continue }
      switch (a, b) {
      case (nil, _): added.insert(key)
      case (_, nil): removed.insert(key)
      case (let a?, let b?) where a.letter != b.letter || a.size != b.size: changed.insert(key)
      default: break
      }
    }
    func definitions(_ rows: [NMSymbols.Row]) -> Set<String> {
      Set(rows.filter { $0.isExternal && !$0.isUndefined }.map(\.name))
    }
    func needs(_ rows: [NMSymbols.Row]) -> Set<String> {
      Set(rows.filter(\.isUndefined).map(\.name)).subtracting(definitions(rows))
    }
    let admittedNames = Set((old + new).filter(admits).map(\.name))
    newUndefined = needs(new).subtracting(needs(old)).intersection(admittedNames)
    removedDefinitions = definitions(old).subtracting(definitions(new)).intersection(admittedNames)
  }

  /// The key of a symbol: `name`, or `member(name)`.
  public static func key(_ member: String?, _ name: String) -> String { member.map { "\($0)(\(name))" } ?? name }

  public var isEmpty: Bool { self == NMExpectation() }

  public var description: String {
    "added \(added.sorted()), removed \(removed.sorted()), changed \(changed.sorted()), new undefined "
      + "\(newUndefined.sorted()), removed definitions \(removedDefinitions.sorted())"
  }
}
