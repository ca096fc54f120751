import LinkPlanner
import Testing

/// The squarified treemap: areas proportional to values, inside the bounds, without overlap, squarer than slices.
@Suite struct TreemapTests {
  static let bounds = TreemapRect(x: 10, y: 20, width: 960, height: 600)

  @Test(arguments: [
    [6.0, 6, 4, 3, 2, 2, 1], [1.0], [500.0, 1, 1, 1], [3.0, 0, 2, 0],
    Array(repeating: 1.0, count: 50),
  ])
  func areasAreProportionalAndRectanglesTileTheBounds(_ values: [Double]) {
    let rects = Treemap.squarify(values, in: Self.bounds)
    #expect(rects.count == values.count)
    let total = values.reduce(0, +)
    for (value, rect) in zip(values, rects) {
      #expect(abs(rect.area - value / total * Self.bounds.area) < 1e-6 * Self.bounds.area)
      #expect(rect.x >= Self.bounds.x - 1e-9 && rect.y >= Self.bounds.y - 1e-9)
      #expect(rect.x + rect.width <= Self.bounds.x + Self.bounds.width + 1e-6)
      #expect(rect.y + rect.height <= Self.bounds.y + Self.bounds.height + 1e-6)
    }
    for (i, a) in rects.enumerated() where a.area > 0 {
      for b in rects[(i + 1)...] where b.area > 0 {
        let overlapWidth = min(a.x + a.width, b.x + b.width) - max(a.x, b.x)
        let overlapHeight = min(a.y + a.height, b.y + b.height) - max(a.y, b.y)
        #expect(overlapWidth <= 1e-6 || overlapHeight <= 1e-6, "\(a) overlaps \(b)")
      }
    }
  }

  /// The paper's example (6, 6, 4, 3, 2, 2, 1 in a 6 × 4 rectangle): no rectangle worse than 1:3, where slicing
  /// along one side gives 1:16.
  @Test func squarifiedRectanglesStayCloseToSquares() {
    let rects = Treemap.squarify(
      [6, 6, 4, 3, 2, 2, 1], in: TreemapRect(x: 0, y: 0, width: 6, height: 4))
    let worst = rects.map { max($0.width / $0.height, $0.height / $0.width) }.max()!
    #expect(worst <= 3)
  }
}
