/// How the members of two versions of an archive correspond: matched by name (the n-th member of a name with
/// the n-th of that name), the rest added or removed, and those whose order among the matched ones changed.
public struct ArchiveDiff: Sendable, Hashable {
  /// A member and its position in its archive.
  public struct Member: Sendable, Hashable {
    public var name: String
    public var position: Int
  }

  /// A matched member whose order relative to the others changed.
  public struct Move: Sendable, Hashable {
    public var name: String
    public var oldPosition: Int
    public var newPosition: Int
  }

  /// Members only in NEW, in NEW's order.
  public var added: [Member]
  /// Members only in OLD, in OLD's order.
  public var removed: [Member]
  /// The fewest matched members that, taken out, leave the others in the same order on both sides.
  public var moved: [Move]

  public var isEmpty: Bool { added.isEmpty && removed.isEmpty && moved.isEmpty }

  public init(added: [Member] = [], removed: [Member] = [], moved: [Move] = []) {
    self.added = added
    self.removed = removed
    self.moved = moved
  }

  /// The structure of `members`, matched by member name.
  init(_ members: OccurrenceMatch<ObjectSymbols>) {
    func member(_ object: ObjectSymbols) -> Member { Member(name: object.member ?? "", position: object.position) }
    added = members.newOnly.map(member)
    removed = members.oldOnly.map(member)
    let inOrder = Self.longestIncreasingRun(members.pairs.map(\.new.position))
    moved = members.pairs.indices.filter { !inOrder.contains($0) }.map { index in
      let (old, new) = members.pairs[index]
      return Move(name: old.member ?? "", oldPosition: old.position, newPosition: new.position)
    }
  }

  /// The indices of one longest strictly increasing subsequence of `values` (patience sorting).
  static func longestIncreasingRun(_ values: [Int]) -> Set<Int> {
    var tails: [Int] = []  // tails[k]: index of the smallest last value of a run of length k + 1
    var previous = [Int?](repeating: nil, count: values.count)
    for (index, value) in values.enumerated() {
      var low = 0
      var high = tails.count
      while low < high {
        let middle = (low + high) / 2
        if values[tails[middle]] < value { low = middle + 1 } else { high = middle }
      }
      if low > 0 { previous[index] = tails[low - 1] }
      if low == tails.count { tails.append(index) } else { tails[low] = index }
    }
    var run = Set<Int>()
    var cursor = tails.last
    while let index = cursor {
      run.insert(index)
      cursor = previous[index]
    }
    return run
  }
}
