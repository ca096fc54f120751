/// Sizes of the reported definitions before and after, and what grew or shrank, in the manner of Linux's
/// `scripts/bloat-o-meter`.
public struct SizeSummary: Sendable, Hashable {
  /// One symbol whose defined size changed (a definition added or removed counts from or to nothing).
  public struct Growth: Sendable, Hashable {
    public var member: String?
    public var name: String
    /// Nil when OLD did not define it.
    public var old: UInt64?
    /// Nil when NEW does not define it.
    public var new: UInt64?
    public var delta: Int64 { Int64(bitPattern: (new ?? 0) &- (old ?? 0)) }
  }

  /// Sum of the sizes of OLD's definitions that pass the filter.
  public var oldTotal: UInt64
  /// Sum of the sizes of NEW's definitions that pass the filter.
  public var newTotal: UInt64
  /// Every size change, largest growth first, largest shrink last (ties by name).
  public var growth: [Growth]

  public var delta: Int64 { Int64(bitPattern: newTotal &- oldTotal) }

  /// Definitions that appeared (bloat-o-meter's "add").
  public var addedCount: Int { growth.count { $0.old == nil } }
  /// Definitions that disappeared ("remove").
  public var removedCount: Int { growth.count { $0.new == nil } }
  /// Definitions on both sides that grew ("grow").
  public var grownCount: Int { growth.count { $0.old != nil && $0.new != nil && $0.delta > 0 } }
  /// Definitions on both sides that shrank ("shrink").
  public var shrunkCount: Int { growth.count { $0.old != nil && $0.new != nil && $0.delta < 0 } }
  /// Sum of the positive deltas ("up"). Sums wrap like the deltas: a corrupt file may claim any `st_size`.
  public var up: Int64 { growth.reduce(0) { $0 &+ max($1.delta, 0) } }
  /// Sum of the negative deltas ("down"), a negative number.
  public var down: Int64 { growth.reduce(0) { $0 &+ min($1.delta, 0) } }

  /// Totals over the admitted definitions of both sides; growth from `changes`.
  init(old: [ObjectSymbols], new: [ObjectSymbols], changes: [SymbolChange], filter: DiffFilter) {
    func total(_ objects: [ObjectSymbols]) -> UInt64 {
      objects.reduce(0) { sum, object in
        object.symbols.reduce(sum) { $0 &+ (filter.admits($1) ? $1.definedSize ?? 0 : 0) }
      }
    }
    oldTotal = total(old)
    newTotal = total(new)
    growth = changes.map {
      Growth(member: $0.member, name: $0.name, old: $0.old?.definedSize, new: $0.new?.definedSize)
    }.filter { $0.delta != 0 }.sorted { a, b in
      a.delta != b.delta ? a.delta > b.delta : a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
    }
  }
}
