import LinkPlanner

/// `12.34%` of `total`, two decimals rounded half up, or rounded down (so that 99.999% is not shown as 100%).
private func percent(_ bytes: UInt64, of total: UInt64, roundingDown: Bool = false) -> String {
  guard total > 0 else { return "0.00%" }
  let exact = Double(bytes) * 10_000 / Double(total)
  let hundredths = Int64(min(roundingDown ? exact.rounded(.down) : exact.rounded(), 9e18))
  let decimals = String(hundredths % 100)
  return "\(hundredths / 100).\(decimals.count < 2 ? "0" + decimals : decimals)%"
}

/// `link-check size` for people: a headline, then one table grouped as `--by` asks.
struct SizeTextRenderer {
  let out: OutputStream
  /// Parts listed under each owner.
  let top: Int

  func render(_ report: SizeReport, by grouping: SizeCommand.Grouping) {
    out.write(
      "\(report.files.joined(separator: " ")): \(report.total) allocated bytes, "
        + "\(percent(report.namedBytes, of: report.total, roundingDown: true)) to a named owner\n")
    if let main = report.mainUnit { out.write("main unit: \(main)\n") }
    out.write("\n")
    switch grouping {
    case .package: owners(report)
    case .unit:
      simpleTable(
        report.parts.map { ($0.part.bytes, "\($0.part.name)  [\($0.owner.name)]") },
        title: "unit (owner)", total: report.total)
    case .section:
      simpleTable(
        report.sections.map { ($0.bytes, $0.name) }, title: "section", total: report.total)
    case .library:
      simpleTable(
        report.libraries.map { ($0.bytes, $0.name) }, title: "library", total: report.total)
    }
    out.flush()
  }

  private func owners(_ report: SizeReport) {
    out.write(
      "\("bytes".leftPadded(10))  \("%".leftPadded(7))  \("text".leftPadded(9))  \("data".leftPadded(9))  \("bss".leftPadded(9))  owner\n"
    )
    let indent = String(repeating: " ", count: 57)
    for owner in report.owners {
      out.write(
        "\(String(owner.bytes).leftPadded(10))  \(percent(owner.bytes, of: report.total).leftPadded(7))  \(String(owner.text).leftPadded(9))  "
          + "\(String(owner.data).leftPadded(9))  \(String(owner.bss).leftPadded(9))  \(owner.owner.name) (\(owner.owner.kind.rawValue))\n"
      )
      if top > 0 && !owner.parts.isEmpty
        && !(owner.parts.count == 1 && owner.parts[0].name == owner.owner.name)
      {
        let shown = owner.parts.prefix(top).map { "\($0.name) \($0.bytes)" }.joined(separator: ", ")
        let more = owner.parts.count > top ? ", … \(owner.parts.count - top) more" : ""
        out.write("\(indent)\(shown)\(more)\n")
      }
      if let chain = owner.chain, chain.count > 1 {
        out.write("\(indent)via \(chain.joined(separator: " → "))\n")
      }
    }
  }

  private func simpleTable(_ rows: [(UInt64, String)], title: String, total: UInt64) {
    out.write("\("bytes".leftPadded(10))  \("%".leftPadded(7))  \(title)\n")
    for (bytes, name) in rows {
      out.write(
        "\(String(bytes).leftPadded(10))  \(percent(bytes, of: total).leftPadded(7))  \(name)\n")
    }
  }
}

/// `link-check size --format json`: one document, schema in README.md.
struct SizeJSONRenderer {
  private let json: JSONStream
  private let out: OutputStream

  init(out: OutputStream) {
    self.out = out
    json = JSONStream(out)
  }

  func render(_ report: SizeReport) {
    json.object {
      json.stringArray("files", report.files)
      json.field("total", report.total)
      json.field("named", report.namedBytes)
      json.field("mainUnit", report.mainUnit)
      json.array("owners", report.owners) { owner in
        json.object {
          json.field("name", owner.owner.name)
          json.field("kind", owner.owner.kind.rawValue)
          json.field("bytes", owner.bytes)
          json.field("text", owner.text)
          json.field("data", owner.data)
          json.field("bss", owner.bss)
          parts("units", owner.parts)
          json.stringArray("chain", owner.chain)
        }
      }
      parts("sections", report.sections)
      parts("libraries", report.libraries)
    }
    json.newline()
    out.flush()
  }

  private func parts(_ key: String, _ parts: [SizeReport.Part]) {
    json.array(key, parts) { part in
      json.object {
        json.field("name", part.name)
        json.field("bytes", part.bytes)
      }
    }
  }
}

/// `link-check size --format svg`: a squarified treemap of the owners, each divided into its parts, with a
/// label (and a tooltip) for every owner of 1% or more.
struct SizeSVGRenderer {
  let out: OutputStream
  static let width = 960.0
  static let height = 600.0
  /// Fill colours of owners, in turn; padding, sections and unattributed bytes are grey.
  static let palette = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#86bcb6",
  ]

  func render(_ report: SizeReport) {
    out.write(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" "
        + "viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" font-family=\"sans-serif\">\n")
    out.write(
      "<title>\(Self.escape(report.files.joined(separator: " "))): \(report.total) allocated bytes</title>\n"
    )
    out.write("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n")
    let bounds = TreemapRect(x: 0, y: 0, width: Self.width, height: Self.height)
    let rects = Treemap.squarify(report.owners.map { Double($0.bytes) }, in: bounds)
    var colourIndex = 0
    for (owner, rect) in zip(report.owners, rects) where rect.area > 0 {
      let colour: String
      switch owner.owner.kind {
      case .padding, .section, .unattributed: colour = "#bab0ac"
      default:
        colour = Self.palette[colourIndex % Self.palette.count]
        colourIndex += 1
      }
      self.owner(owner, in: rect, colour: colour, total: report.total)
    }
    out.write("</svg>\n")
    out.flush()
  }

  private func owner(
    _ owner: SizeReport.OwnerSize, in rect: TreemapRect, colour: String, total: UInt64
  ) {
    let label = "\(owner.owner.name) \(percent(owner.bytes, of: total))"
    out.write(
      "<g>\n<title>\(Self.escape("\(owner.owner.name) (\(owner.owner.kind.rawValue)): \(owner.bytes) bytes"))</title>\n"
    )
    out.write("\(Self.rect(rect, fill: colour, stroke: "#ffffff", width: 2))\n")
    let header = rect.height > 36 ? 16.0 : 0
    let inner = TreemapRect(
      x: rect.x + 2, y: rect.y + header + 1, width: max(0, rect.width - 4),
      height: max(0, rect.height - header - 3))
    if header > 0 && inner.area > 400 && owner.parts.count > 1 {
      for (part, partRect) in zip(
        owner.parts, Treemap.squarify(owner.parts.map { Double($0.bytes) }, in: inner))
      where partRect.area > 0 {
        out.write("<g><title>\(Self.escape("\(part.name): \(part.bytes) bytes"))</title>")
        out.write(Self.rect(partRect, fill: "#ffffff", stroke: colour, width: 1, opacity: "0.35"))
        if partRect.width > 50 && partRect.height > 13 {
          out.write(
            Self.text(
              Self.member(part.name), x: partRect.x + 2, y: partRect.y + 11, size: 10,
              width: partRect.width - 4)
          )
        }
        out.write("</g>\n")
      }
    }
    // Every owner of 1% or more is labelled, in a font small enough for its rectangle.
    let size = min(
      12, max(4, min(rect.height - 3, (rect.width - 4) / (0.6 * Double(max(label.count, 1))))))
    if owner.bytes * 100 >= total || size >= 7 {
      out.write(
        Self.text(
          label, x: rect.x + 3, y: rect.y + min(size + 2, rect.height - 1), size: size,
          width: rect.width - 4, bold: true))
    }
    out.write("</g>\n")
  }

  /// `extern.n.o` for `libasmrun.a(extern.n.o)`: inside its owner, the archive goes without saying.
  private static func member(_ part: String) -> String {
    guard part.hasSuffix(")"), let open = part.firstIndex(of: "(") else { return part }
    return String(part[part.index(after: open)..<part.index(before: part.endIndex)])
  }

  private static func rect(
    _ rect: TreemapRect, fill: String, stroke: String, width: Int, opacity: String? = nil
  ) -> String {
    let fillOpacity = opacity.map { " fill-opacity=\"\($0)\"" } ?? ""
    return
      "<rect x=\"\(number(rect.x))\" y=\"\(number(rect.y))\" width=\"\(number(rect.width))\" height=\"\(number(rect.height))\" "
      + "fill=\"\(fill)\"\(fillOpacity) stroke=\"\(stroke)\" stroke-width=\"\(width)\"/>"
  }

  private static func text(
    _ text: String, x: Double, y: Double, size: Double, width: Double, bold: Bool = false
  ) -> String {
    // Long names are cut to what the rectangle holds (about 0.6 em per character).
    let fits = max(1, Int(width / (0.6 * size)))
    let shown = text.count > fits ? String(text.prefix(max(1, fits - 1))) + "…" : text
    return
      "<text x=\"\(number(x))\" y=\"\(number(y))\" font-size=\"\(number(size))\"\(bold ? " font-weight=\"bold\"" : "")>"
      + "\(escape(shown))</text>"
  }

  /// One decimal, no exponent: the same bytes on every machine.
  private static func number(_ value: Double) -> String {
    let tenths = Int64((value * 10).rounded())
    return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
  }

  static func escape(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      default: result.append(character)
      }
    }
    return result
  }
}
