/// Pairs the elements of two lists by key, in order: the n-th element with a key on the old side goes with the
/// n-th element with that key on the new side. So repeated names (local symbols, archive members added twice)
/// match in the order they come.
struct OccurrenceMatch<Element> {
  /// Matched elements, in old order.
  var pairs: [(old: Element, new: Element)] = []
  /// Old elements without a partner, in old order.
  var oldOnly: [Element] = []
  /// New elements without a partner, in new order.
  var newOnly: [Element] = []

  init<Key: Hashable>(old: [Element], new: [Element], key: (Element) -> Key) {
    let newKeys = Self.numbered(new, key)
    var unmatchedNew = Dictionary(uniqueKeysWithValues: zip(newKeys, new.indices))
    for (numberedKey, element) in zip(Self.numbered(old, key), old) {
      if let partner = unmatchedNew.removeValue(forKey: numberedKey) {
        pairs.append((element, new[partner]))
      } else {
        oldOnly.append(element)
      }
    }
    newOnly = zip(newKeys, new).filter { unmatchedNew[$0.0] != nil }.map(\.1)
  }

  private struct Numbered<Key: Hashable>: Hashable {
    var key: Key
    var occurrence: Int
  }

  /// Each element's key with how many elements of the same key came before it.
  private static func numbered<Key: Hashable>(_ elements: [Element], _ key: (Element) -> Key) -> [Numbered<Key>] {
    var seen: [Key: Int] = [:]
    return elements.map { element in
      let elementKey = key(element)
      defer { seen[elementKey, default: 0] += 1 }
      return Numbered(key: elementKey, occurrence: seen[elementKey, default: 0])
    }
  }
}
