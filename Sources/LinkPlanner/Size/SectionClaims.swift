/// Who claims which bytes of one section: claims of several strengths are laid over each other, the strongest
/// wins each byte, and what no claim covers is left as gaps.
struct SectionClaims {
  /// What a claim says about its bytes.
  struct Claim: Hashable {
    var owner: SizeOwner
    var part: String
    var library: String
  }

  /// How strongly a claim holds, strongest first.
  enum Strength: Int, Comparable {
    /// A sized symbol whose owner is known.
    case sizedSymbol
    /// An OCaml unit's `code_begin`…`code_end` or `data_begin`…`data_end`.
    case unitMarkers
    /// An OCaml label (OCaml data has no sizes), up to the next symbol.
    case extent
    /// A sized symbol no rule could place.
    case unknownSizedSymbol

    static func < (a: Strength, b: Strength) -> Bool { a.rawValue < b.rawValue }
  }

  /// One claimed (or, with a nil claim, unclaimed) run of bytes, `[start, end)` in section offsets.
  struct Run: Equatable {
    var start: UInt64
    var end: UInt64
    var claim: Claim?
  }

  let size: UInt64
  private var requests: [(start: UInt64, end: UInt64, strength: Strength, claim: Claim)] = []

  init(size: UInt64) { self.size = size }

  /// Claims `[start, end)` (clipped to the section); empty ranges are ignored.
  mutating func claim(_ start: UInt64, _ end: UInt64, _ strength: Strength, _ claim: Claim) {
    let end = min(end, size)
    guard start < end else { return }
    requests.append((start, end, strength, claim))
  }

  /// The section from 0 to its size as runs, each byte given to its strongest claim (ties: the claim made
  /// first), neighbouring runs with the same claim merged.
  func runs() -> [Run] {
    var boundaries = Set<UInt64>([0, size])
    for request in requests {
      boundaries.insert(request.start)
      boundaries.insert(request.end)
    }
    let points = boundaries.sorted()
    var winners: [(strength: Strength, claim: Claim)?] = Array(
      repeating: nil, count: points.count - 1)
    for request in requests {
      var index = Self.position(of: request.start, in: points)
      while index < winners.count && points[index] < request.end {
        if winners[index].map({ request.strength < $0.strength }) ?? true {
          winners[index] = (request.strength, request.claim)
        }
        index += 1
      }
    }
    var runs: [Run] = []
    for (index, winner) in winners.enumerated() {
      let claim = winner?.claim
      if let last = runs.last, last.claim == claim {
        runs[runs.count - 1].end = points[index + 1]
      } else {
        runs.append(Run(start: points[index], end: points[index + 1], claim: claim))
      }
    }
    return runs
  }

  /// Index of `value` in the sorted `points` (it is one of them).
  private static func position(of value: UInt64, in points: [UInt64]) -> Int {
    var low = 0
    var high = points.count
    while low < high {
      let mid = (low + high) / 2
      if points[mid] < value { low = mid + 1 } else { high = mid }
    }
    return low
  }
}
