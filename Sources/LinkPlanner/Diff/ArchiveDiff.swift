/// How the members of two versions of an archive correspond. Members match by name (the n-th member of a name
/// with the n-th of that name); what is left matches by name without the OCaml runtime's variant tag, so that
/// `libasmrun.a` and `libasmrund.a` compare `main.n.o` with `main.nd.o`; the rest is added or removed.
public struct ArchiveDiff: Sendable, Hashable {
  /// A member and its position in its archive.
  public struct Member: Sendable, Hashable {
    public var name: String
    public var position: Int
  }

  /// A member matched on both sides: renamed, or moved relative to the others.
  public struct Match: Sendable, Hashable {
    public var oldName: String
    public var newName: String
    public var oldPosition: Int
    public var newPosition: Int
  }

  /// Members only in NEW, in NEW's order.
  public var added: [Member]
  /// Members only in OLD, in OLD's order.
  public var removed: [Member]
  /// Members matched by their name without the variant tag (`main.n.o` → `main.nd.o`), in OLD's order.
  public var renamed: [Match]
  /// The fewest matched members that, taken out, leave the others in the same order on both sides.
  public var moved: [Match]

  public var isEmpty: Bool { added.isEmpty && removed.isEmpty && renamed.isEmpty && moved.isEmpty }

  public init(added: [Member] = [], removed: [Member] = [], renamed: [Match] = [], moved: [Match] = []) {
    self.added = added
    self.removed = removed
    self.renamed = renamed
    self.moved = moved
  }

  /// An object on both sides, or on one: a matched member, a removed one or an added one.
  typealias ObjectPair = (old: ObjectSymbols?, new: ObjectSymbols?)

  /// Matches the members of `old` and `new`. Returns the structure and every member, matched ones in OLD's
  /// order, then removed, then added ones. A plain object is one unnamed member, which matches the other.
  static func matching(old: [ObjectSymbols], new: [ObjectSymbols]) -> (ArchiveDiff, [ObjectPair]) {
    let byName = OccurrenceMatch(old: old, new: new, key: \.member)
    let byStem = OccurrenceMatch(old: byName.oldOnly, new: byName.newOnly) { $0.member.map(variantNeutralName) }
    let pairs = (byName.pairs + byStem.pairs).sorted { $0.old.position < $1.old.position }
    func member(_ object: ObjectSymbols) -> Member { Member(name: object.member ?? "", position: object.position) }
    func match(_ pair: (old: ObjectSymbols, new: ObjectSymbols)) -> Match {
      Match(
        oldName: pair.old.member ?? "", newName: pair.new.member ?? "", oldPosition: pair.old.position,
        newPosition: pair.new.position)
    }
    let inOrder = longestIncreasingRun(pairs.map(\.new.position))
    let structure = ArchiveDiff(
      added: byStem.newOnly.map(member), removed: byStem.oldOnly.map(member), renamed: byStem.pairs.map(match),
      moved: pairs.indices.filter { !inOrder.contains($0) }.map { match(pairs[$0]) })
    let objects: [ObjectPair] =
      pairs.map { ($0.old, $0.new) } + byStem.oldOnly.map { ($0, nil) } + byStem.newOnly.map { (nil, $0) }
    return (structure, objects)
  }

  /// A member name without `.o` and the runtime variant tag the OCaml makefiles add (REFERENCE §6): `main` for
  /// `main.o`, `main.d.o`, `main_nd.o`, `main.n.o`, `main.npic.o`.
  static func variantNeutralName(_ member: String) -> String {
    guard member.hasSuffix(".o") else { return member }
    let stem = member.dropLast(2)
    guard let (naming, _) = RuntimeMemberNamingEvidence.parse(member),
      let cut = stem.lastIndex(of: naming == .from4_08To4_11 ? "_" : ".")
    else { return String(stem) }
    return String(stem[..<cut])
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
