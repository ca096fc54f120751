/// Why an object is in the link: the chain of extractions from a command-line object to it.
public struct ExtractionChain: Sendable {
  /// One step: `object` was pulled in for `symbol`, which `referencedBy` needed.
  public struct Step: Sendable, Hashable {
    public var object: String
    public var symbol: String?
    public var referencedBy: String?
  }

  /// From the command-line object to the queried one.
  public var steps: [Step]

  /// The chain that brought in the definer of `query` (a symbol) or the member named `query`; nil if
  /// neither is in the link.
  public static func explaining(_ query: String, in resolution: Resolution) -> ExtractionChain? {
    var target: Int?
    if case .object(let id) = resolution.definer(of: query) { target = id }
    if target == nil {
      target = resolution.objects.first { $0.member == query || $0.displayName == query || $0.displayName.hasSuffix("(\(query))") }?.id
    }
    guard var current = target else { return nil }
    var steps: [Step] = []
    var visited = Set<Int>()
    while visited.insert(current).inserted {
      let object = resolution.objects[current].displayName
      guard let extraction = resolution.extractions.first(where: { $0.object == current }) else {
        steps.append(Step(object: object, symbol: nil, referencedBy: nil))
        break
      }
      steps.append(Step(object: object, symbol: extraction.symbol, referencedBy: extraction.referencedBy.map { resolution.objects[$0].displayName }))
      guard let next = extraction.referencedBy else { break }
      current = next
    }
    return ExtractionChain(steps: steps.reversed())
  }
}
