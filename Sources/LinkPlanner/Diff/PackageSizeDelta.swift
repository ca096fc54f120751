/// How the allocated bytes of each owner (`link-check size`'s packages, libraries, runtime…) changed between
/// two images: "this change added 4.5 MB: compiler-libs.common, via Main → Vchanlike → Parse".
public struct PackageSizeDelta: Sendable {
  /// One owner whose bytes changed.
  public struct Row: Sendable {
    public var owner: SizeOwner
    /// Zero when OLD did not have the owner.
    public var old: UInt64
    /// Zero when NEW does not have it.
    public var new: UInt64
    public var delta: Int64 { Int64(bitPattern: new &- old) }
    /// NEW's chain to the owner (OLD's when NEW no longer has it).
    public var chain: [String]?
  }

  public var oldTotal: UInt64
  public var newTotal: UInt64
  public var delta: Int64 { Int64(bitPattern: newTotal &- oldTotal) }
  /// Owners whose bytes changed, largest growth first, largest shrink last (ties by name).
  public var rows: [Row]

  public init(old: SizeReport, new: SizeReport) {
    oldTotal = old.total
    newTotal = new.total
    let before = Dictionary(
      old.owners.map { ($0.owner, $0) }, uniquingKeysWith: { first, _ in first })
    let after = Dictionary(
      new.owners.map { ($0.owner, $0) }, uniquingKeysWith: { first, _ in first })
    rows = Set(before.keys).union(after.keys).map { owner in
      Row(
        owner: owner, old: before[owner]?.bytes ?? 0, new: after[owner]?.bytes ?? 0,
        chain: after[owner]?.chain ?? before[owner]?.chain)
    }.filter { $0.delta != 0 }.sorted { a, b in
      a.delta != b.delta ? a.delta > b.delta : a.owner < b.owner
    }
  }
}
