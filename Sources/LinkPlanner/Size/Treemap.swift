/// A rectangle of a treemap.
public struct TreemapRect: Sendable, Equatable {
  public var x: Double
  public var y: Double
  public var width: Double
  public var height: Double

  public init(x: Double, y: Double, width: Double, height: Double) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }

  public var area: Double { width * height }

  /// The rectangle shrunk by `margin` on every side (never below zero size).
  public func inset(_ margin: Double) -> TreemapRect {
    TreemapRect(
      x: x + margin, y: y + margin, width: max(0, width - 2 * margin),
      height: max(0, height - 2 * margin))
  }
}

/// The squarified treemap layout (Bruls, Huizing and van Wijk, 2000): rectangles with areas proportional to
/// their values, laid in rows along the shorter side, each row kept while it makes its rectangles squarer.
public enum Treemap {
  /// One rectangle per value, in the order of `values` (which should be sorted largest first); values of zero or
  /// less get an empty rectangle. A pure function: the same values give the same rectangles.
  public static func squarify(_ values: [Double], in bounds: TreemapRect) -> [TreemapRect] {
    let total = values.reduce(0) { $0 + max($1, 0) }
    var rects = Array(
      repeating: TreemapRect(x: bounds.x, y: bounds.y, width: 0, height: 0), count: values.count)
    guard total > 0, bounds.area > 0 else { return rects }
    let scale = bounds.area / total
    let items = values.indices.filter { values[$0] > 0 }.map {
      (index: $0, area: values[$0] * scale)
    }
    var remaining = bounds
    var row: [(index: Int, area: Double)] = []
    var position = 0
    while position < items.count {
      let side = min(remaining.width, remaining.height)
      let candidate = row + [items[position]]
      if row.isEmpty
        || worstRatio(candidate.map(\.area), side: side) <= worstRatio(row.map(\.area), side: side)
      {
        row = candidate
        position += 1
      } else {
        place(row, in: &remaining, into: &rects)
        row = []
      }
    }
    place(row, in: &remaining, into: &rects)
    return rects
  }

  /// The worst aspect ratio of a row of `areas` laid along a side of length `side`.
  private static func worstRatio(_ areas: [Double], side: Double) -> Double {
    let sum = areas.reduce(0, +)
    guard let largest = areas.max(), let smallest = areas.min(), sum > 0, smallest > 0 else {
      return .infinity
    }
    let squaredSide = side * side
    let squaredSum = sum * sum
    return max(squaredSide * largest / squaredSum, squaredSum / (squaredSide * smallest))
  }

  /// Lays `row` along the shorter side of `remaining` and takes its strip off `remaining`.
  private static func place(
    _ row: [(index: Int, area: Double)], in remaining: inout TreemapRect,
    into rects: inout [TreemapRect]
  ) {
    let sum = row.reduce(0) { $0 + $1.area }
    guard sum > 0 else { return }
    if remaining.width >= remaining.height {
      let width = min(sum / remaining.height, remaining.width)
      var y = remaining.y
      for item in row {
        let height = item.area / width
        rects[item.index] = TreemapRect(x: remaining.x, y: y, width: width, height: height)
        y += height
      }
      remaining.x += width
      remaining.width -= width
    } else {
      let height = min(sum / remaining.width, remaining.height)
      var x = remaining.x
      for item in row {
        let width = item.area / height
        rects[item.index] = TreemapRect(x: x, y: remaining.y, width: width, height: height)
        x += width
      }
      remaining.y += height
      remaining.height -= height
    }
  }
}
