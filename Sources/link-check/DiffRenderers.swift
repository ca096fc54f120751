import LinkPlanner

/// `link-check diff` for people: per file, the headlines, then the rest. Prints nothing for an empty report.
struct DiffTextRenderer {
  let out: OutputStream
  /// Rows of the size table in text (JSON has them all).
  static let growthRows = 10

  func render(_ report: DiffReport) {
    for (position, file) in report.files.enumerated() {
      if position > 0 { out.write("\n") }
      self.file(file)
    }
    if let sizes = report.packageSizes, !sizes.rows.isEmpty { packageSizes(sizes) }
    out.flush()
  }

  /// Allocated bytes by owner (`link-check size`), largest growth first, with the chain that pulls each in.
  private func packageSizes(_ sizes: PackageSizeDelta) {
    out.write(
      "\nallocated bytes by package: \(sizes.oldTotal) -> \(sizes.newTotal) (\(Self.signed(sizes.delta)))\n"
    )
    for row in sizes.rows {
      let chain = row.chain.map { $0.count > 1 ? ", via \($0.joined(separator: " → "))" : "" } ?? ""
      out.write(
        "  \(Self.signed(row.delta).leftPadded(10))  \(row.owner.name) (\(row.owner.kind.rawValue)): \(row.old) -> \(row.new)\(chain)\n"
      )
    }
  }

  private func file(_ file: FileDiff) {
    out.write("--- \(file.oldPath ?? "/dev/null")\n+++ \(file.newPath ?? "/dev/null")\n")
    headline(
      "new undefined symbols (NEW needs them from the target, OLD did not)", file.newUndefined
    ) { entry in
      let was = entry.old.map { " (OLD defines it: \($0.letter), \($0.size) bytes)" } ?? ""
      let members =
        entry.members.isEmpty ? "" : "  needed by \(entry.members.joined(separator: ", "))"
      return "\(entry.new.map(\.letter) ?? "U") \(entry.name)\(was)\(members)"
    }
    headline("removed definitions (OLD defines them, NEW does not)", file.removedDefinitions) {
      entry in
      let now = entry.new.map { " (now \($0.letter))" } ?? ""
      let members = entry.members.isEmpty ? "" : "  from \(entry.members.joined(separator: ", "))"
      return "\(describe(entry.old!))\(now)\(members)"
    }
    members(file.members)
    changes(file.otherChanges, total: file.changes)
    units(file.units)
    size(file.size)
  }

  private func headline(
    _ title: String, _ entries: [InterfaceChange], line: (InterfaceChange) -> String
  ) {
    guard !entries.isEmpty else { return }
    out.write("\n\(title): \(entries.count)\n")
    for entry in entries { out.write("  \(line(entry))\n") }
  }

  private func members(_ members: ArchiveDiff) {
    guard !members.isEmpty else { return }
    out.write(
      "\nmembers: +\(members.added.count) -\(members.removed.count) renamed \(members.renamed.count)"
        + " moved \(members.moved.count)\n")
    for member in members.removed { out.write("  - \(member.name) (was at \(member.position))\n") }
    for member in members.added { out.write("  + \(member.name) (at \(member.position))\n") }
    for match in members.renamed { out.write("  ~ \(match.oldName) renamed \(match.newName)\n") }
    for match in members.moved {
      out.write("  ~ \(match.newName) moved \(match.oldPosition) -> \(match.newPosition)\n")
    }
  }

  /// The changes not in the headlines, member by member; in each, symbols outside OCaml units, then unit by unit.
  private func changes(_ changes: [SymbolChange], total: [SymbolChange]) {
    guard !changes.isEmpty else { return }
    let counts = Dictionary(grouping: total, by: \.kind).mapValues(\.count)
    out.write(
      "\nsymbol changes: +\(counts[.added] ?? 0) -\(counts[.removed] ?? 0) ~\(counts[.changed] ?? 0)"
    )
    out.write(
      changes.count < total.count ? " (\(total.count - changes.count) shown above)\n" : "\n")
    var start = changes.startIndex
    while start < changes.endIndex {
      let member = changes[start].member
      let end = changes[start...].firstIndex { $0.member != member } ?? changes.endIndex
      if let member { out.write("  \(member):\n") }
      let indent = member == nil ? "  " : "    "
      let byUnit = Dictionary(grouping: changes[start..<end], by: \.unit)
      for unit in byUnit.keys.sorted(by: Self.unitOrder) {
        if let unit { out.write("\(indent)OCaml unit \(unit):\n") }
        for change in byUnit[unit]! {
          out.write("\(indent)\(unit == nil ? "" : "  ")\(line(change))\n")
        }
      }
      start = end
    }
  }

  /// Symbols outside OCaml units (nil) first, then units by name.
  private static func unitOrder(_ a: String?, _ b: String?) -> Bool {
    guard let b else { return false }
    guard let a else { return true }
    return a.utf8.lexicographicallyPrecedes(b.utf8)
  }

  private func line(_ change: SymbolChange) -> String {
    switch change.kind {
    case .added: "+ \(describe(change.new!))"
    case .removed: "- \(describe(change.old!))"
    case .changed:
      "~ \(change.new!.letter) \(change.name): "
        + change.attributes.map { describe($0, change.old!, change.new!) }.joined(separator: ", ")
    }
  }

  /// `T name  64 bytes`; undefined symbols without a size.
  private func describe(_ symbol: DiffSymbol) -> String {
    "\(symbol.letter) \(symbol.name)" + (symbol.isDefined ? "  \(symbol.size) bytes" : "")
  }

  private func describe(_ attribute: SymbolAttribute, _ old: DiffSymbol, _ new: DiffSymbol)
    -> String
  {
    switch attribute {
    case .definition: old.isDefined ? "defined -> undefined" : "undefined -> defined"
    case .binding: "binding \(old.binding) -> \(new.binding)"
    case .type: "type \(old.type) -> \(new.type)"
    case .visibility: "visibility \(old.visibility) -> \(new.visibility)"
    case .section: "section \(old.sectionKind) -> \(new.sectionKind)"
    case .size: "size \(old.size) -> \(new.size)"
    }
  }

  private func units(_ units: [UnitSummary]) {
    guard !units.isEmpty else { return }
    out.write("\nOCaml units (symbols added, removed, changed): \(units.count)\n")
    let width = units.map(\.unit.count).max()!
    for unit in units {
      out.write("  \(unit.unit.padding(width)) +\(unit.added) -\(unit.removed) ~\(unit.changed)\n")
    }
  }

  /// bloat-o-meter's summary line and table, largest growth first.
  private func size(_ size: SizeSummary) {
    guard size.oldTotal != size.newTotal || !size.growth.isEmpty else { return }
    let percent = size.oldTotal == 0 ? "" : ", \(Self.percent(size.delta, of: size.oldTotal))"
    out.write(
      "\nsize: \(size.oldTotal) -> \(size.newTotal) bytes (\(Self.signed(size.delta))\(percent))\n")
    guard !size.growth.isEmpty else { return }
    out.write(
      "  add/remove: \(size.addedCount)/\(size.removedCount) grow/shrink: \(size.grownCount)/\(size.shrunkCount)"
        + " up/down: \(size.up)/\(size.down) (\(size.up &+ size.down))\n")
    out.write(
      "  \("symbol".padding(40)) \("old".leftPadded(7)) \("new".leftPadded(7)) \("delta".leftPadded(7))\n"
    )
    for row in size.growth.prefix(Self.growthRows) {
      let old = row.old.map(String.init) ?? "-"
      let new = row.new.map(String.init) ?? "-"
      let member = row.member.map { "  (\($0))" } ?? ""
      out.write(
        "  \(row.name.padding(40)) \(old.leftPadded(7)) \(new.leftPadded(7)) \(Self.signed(row.delta).leftPadded(7))\(member)\n"
      )
    }
    if size.growth.count > Self.growthRows {
      out.write("  ... \(size.growth.count - Self.growthRows) more (--format json lists all)\n")
    }
  }

  private static func signed(_ value: Int64) -> String { value > 0 ? "+\(value)" : "\(value)" }

  /// `+5.30%`, two decimals, rounded half away from zero.
  private static func percent(_ delta: Int64, of total: UInt64) -> String {
    let hundredths = (Double(delta) * 10_000 / Double(total)).rounded()
    // Corrupt sizes can make the ratio anything: clamp it to what Int64 holds.
    let magnitude = Int64(min(abs(hundredths), 9e18))
    let digits = "\(magnitude / 100).\(String(magnitude % 100).leftPadded(2, with: "0"))"
    return (hundredths < 0 ? "-" : "+") + digits + "%"
  }
}

extension String {
  /// Padded with spaces on the right to `width` characters (never cut).
  fileprivate func padding(_ width: Int) -> String {
    self + String(repeating: " ", count: max(0, width - count))
  }
}

/// `link-check diff --format json`: one document, schema in README.md.
struct DiffJSONRenderer {
  private let json: JSONStream
  private let out: OutputStream

  init(out: OutputStream) {
    self.out = out
    json = JSONStream(out)
  }

  func render(_ report: DiffReport) {
    json.object {
      json.field("old", report.old)
      json.field("new", report.new)
      json.field("status", report.status.rawValue)
      json.array("files", report.files, file)
      json.key("packageSizes")
      packageSizes(report.packageSizes)
    }
    json.newline()
    out.flush()
  }

  private func file(_ file: FileDiff) {
    json.object {
      json.field("name", file.name)
      json.field("old", file.oldPath)
      json.field("new", file.newPath)
      json.field("kind", file.kind.rawValue)
      json.field("incompatible", file.isIncompatible)
      json.array("newUndefined", file.newUndefined, interfaceChange)
      json.array("removedDefinitions", file.removedDefinitions, interfaceChange)
      json.key("members")
      members(file.members)
      json.array("changes", file.changes, change)
      json.array("units", file.units) { unit in
        json.object {
          json.field("unit", unit.unit)
          json.field("added", unit.added)
          json.field("removed", unit.removed)
          json.field("changed", unit.changed)
        }
      }
      json.key("size")
      size(file.size)
    }
  }

  private func packageSizes(_ sizes: PackageSizeDelta?) {
    guard let sizes else { return json.null() }
    json.object {
      json.field("old", sizes.oldTotal)
      json.field("new", sizes.newTotal)
      json.field("delta", sizes.delta)
      json.array("owners", sizes.rows) { row in
        json.object {
          json.field("name", row.owner.name)
          json.field("kind", row.owner.kind.rawValue)
          json.field("old", row.old)
          json.field("new", row.new)
          json.field("delta", row.delta)
          json.stringArray("chain", row.chain)
        }
      }
    }
  }

  private func interfaceChange(_ entry: InterfaceChange) {
    json.object {
      json.field("name", entry.name)
      json.array("members", entry.members, json.string)
      symbol("old", entry.old)
      symbol("new", entry.new)
    }
  }

  private func members(_ members: ArchiveDiff) {
    json.object {
      for (key, list) in [("added", members.added), ("removed", members.removed)] {
        json.array(key, list) { member in
          json.object {
            json.field("name", member.name)
            json.field("position", member.position)
          }
        }
      }
      for (key, list) in [("renamed", members.renamed), ("moved", members.moved)] {
        json.array(key, list) { match in
          json.object {
            json.field("oldName", match.oldName)
            json.field("newName", match.newName)
            json.field("oldPosition", match.oldPosition)
            json.field("newPosition", match.newPosition)
          }
        }
      }
    }
  }

  private func change(_ change: SymbolChange) {
    json.object {
      json.field("member", change.member)
      json.field("name", change.name)
      json.field("change", change.kind.rawValue)
      json.array("attributes", change.attributes.map(\.rawValue), json.string)
      json.field("unit", change.unit)
      symbol("old", change.old)
      symbol("new", change.new)
    }
  }

  private func size(_ size: SizeSummary) {
    json.object {
      json.field("old", size.oldTotal)
      json.field("new", size.newTotal)
      json.field("delta", size.delta)
      json.array("growth", size.growth) { row in
        json.object {
          json.field("member", row.member)
          json.field("name", row.name)
          json.field("old", row.old)
          json.field("new", row.new)
          json.field("delta", row.delta)
        }
      }
    }
  }

  private func symbol(_ key: String, _ symbol: DiffSymbol?) {
    json.key(key)
    guard let symbol else { return json.null() }
    json.object {
      json.field("letter", String(symbol.letter))
      json.field("sectionKind", String(symbol.sectionKind))
      json.field("binding", symbol.binding.description)
      json.field("type", symbol.type.description)
      json.field("visibility", symbol.visibility.description)
      json.field("size", symbol.size)
      json.field("defined", symbol.isDefined)
    }
  }
}
