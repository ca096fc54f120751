import ElfKit
import FoundationEssentials
import LinkPlanner

/// One runtime as the renderers show it, whether an archive or the runtime inside a complete object.
struct RuntimeFinding {
  var path: String
  /// `archive`, `complete object` or `shared object`.
  var source: String
  var profile: RuntimeProfile
  /// `plain`, `d`, `i`, `_pic`, a custom suffix, or `custom` for an embedded runtime that is no stock variant.
  var variant: String?
  /// Why an embedded runtime is not a stock variant.
  var variantNote: String?
  /// What an archive's variant is for (`debug runtime`).
  var variantMeaning: String?
  /// False for an archive only its name calls a runtime (it defines no runtime entry).
  var definesRuntimeEntry = true
  /// The `-runtime-variant` flag that selects it (nil for the default); `isDefault` tells the two apart.
  var flag: String?
  var isDefault: Bool
  var memberNaming: RuntimeMemberNamingEvidence?
  var versions: OCamlVersionRange?
  var size: Int?
  var memberCount: Int?
  /// For complete objects: the archives given alongside that it may have been linked from.
  var matches: [RuntimeArchiveReport]?
  var verdict: RuntimeVerdict?

  init(_ report: RuntimeArchiveReport, target: Target?) {
    path = report.path
    source = "archive"
    profile = report.profile
    variant = report.variant?.description
    variantMeaning = report.variant?.meaning
    definesRuntimeEntry = report.definesRuntimeEntry
    flag = report.variant?.flag
    isDefault = report.variant == .plain
    memberNaming = report.memberNaming
    versions = report.versions
    size = report.size
    memberCount = report.memberCount
    verdict = target.map(report.verdict)
  }

  init(_ runtime: EmbeddedRuntime, matches: [RuntimeArchiveReport], target: Target?) {
    path = runtime.path
    source = runtime.isSharedObject ? "shared object" : "complete object"
    profile = runtime.profile
    switch runtime.variant {
    case .stock(let stock):
      variant = stock.description
      flag = stock.flag
      isDefault = stock == .plain
    case .notStock(let reason):
      variant = "custom"
      variantNote = reason
      isDefault = false
    }
    versions = runtime.profile.versions
    size = (try? FileManager.default.attributesOfItem(atPath: runtime.path)[.size]) as? Int
    self.matches = matches
    verdict = target.map(runtime.verdict)
  }

  /// How to select it: the flag, `(default)`, or `?` when unknown.
  var selection: String { flag ?? (isDefault ? "(default)" : "?") }
}

/// Writes the findings of `link-check runtime`.
protocol RuntimeRenderer {
  func render(_ findings: [RuntimeFinding], target: Target?, errors: [ElfError])
}

/// A summary table, then each runtime's evidence.
struct TextRuntimeRenderer: RuntimeRenderer {
  let out: OutputStream
  /// Evidence names listed per runtime before "and N more".
  private let shownEvidence = 5

  func render(_ findings: [RuntimeFinding], target: Target?, errors: [ElfError]) {
    guard !findings.isEmpty else { return }
    if findings.count > 1 { table(findings, target: target) }
    for finding in findings { details(finding) }
  }

  private func table(_ findings: [RuntimeFinding], target: Target?) {
    var rows = [["RUNTIME", "KIND", "VARIANT", "SELECTED BY", "OCAML", "MACHINE", "CODE", "BUILD", "C LIBRARY"]]
    if let target { rows[0].append(target.rawValue.uppercased()) }
    for finding in findings {
      var row = [
        finding.path, finding.profile.kind.rawValue, finding.variant ?? "-", finding.selection,
        finding.versions.flatMap { $0 == .any ? nil : $0.description } ?? "?", finding.profile.machine.description,
        finding.profile.build.codeModel.rawValue, finding.profile.build.stockVariant?.description ?? "custom",
        finding.profile.environment.environment.rawValue,
      ]
      if let verdict = finding.verdict { row.append(verdict.suits ? "suits" : "does not suit") }
      rows.append(row)
    }
    let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
    for row in rows {
      let cells = zip(row, widths).map { $0.padded(toWidth: $1) }
      out.write(cells.joined(separator: "  ").trimmingBlanks() + "\n")
    }
    out.write("\n")
  }

  private func details(_ finding: RuntimeFinding) {
    let profile = finding.profile
    out.write("\(finding.path) (\(finding.source))\n")
    var variant = "\(profile.kind) runtime, variant \(finding.variant ?? "unknown (not named libasmrun*.a)")"
    if let meaning = finding.variantMeaning { variant += " (\(meaning))" }
    if finding.matches != nil {
      variant += " (\(finding.variantNote ?? "from its contents"))"
    } else if finding.variant != nil {
      variant += ", selected by \(finding.flag ?? "default (no -runtime-variant)")"
    }
    if !finding.definesRuntimeEntry {
      variant += "; a runtime by its name only: it defines neither caml_start_program nor the bytecode interpreter"
    }
    field("runtime", variant)
    if let matches = finding.matches {
      let names = matches.map { "\($0.path) (\($0.variant?.flag ?? "default"))" }
      field("linked from", names.isEmpty ? "none of the archives given" : names.joined(separator: ", "))
    }
    field("build", build(profile.build))
    field("OCaml", versions(finding))
    var machine = "\(profile.machine) \(profile.elfClass) \(profile.byteOrder)"
    if let size = finding.size { machine += ", \(size) bytes" }
    if let members = finding.memberCount { machine += ", \(members) members" }
    field("machine", machine)
    environment(profile.environment)
    if let verdict = finding.verdict {
      field(verdict.target.rawValue, "\(verdict.suits ? "suits" : "does not suit"): \(verdict.reason)")
      if let fix = verdict.fix { field("fix", fix) }
    }
    out.write("\n")
  }

  private func build(_ build: RuntimeBuild) -> String {
    var markers: [String] = []
    if build.debug { markers.append("debug: caml_failed_assert") }
    if let marker = build.instrumentationMarker { markers.append("instrumented: \(marker)") }
    let shows = markers.isEmpty ? "no debug or instrumentation markers" : markers.joined(separator: ", ")
    return "\(build.stockVariant.map { "\($0) build" } ?? "custom build") (\(shows)); code \(build.codeModel.meaning)"
  }

  private func versions(_ finding: RuntimeFinding) -> String {
    var evidence: [String] = []
    if let naming = finding.memberNaming {
      evidence.append("members named like \(naming.example): \(naming.naming.versions)")
    }
    for hint in finding.profile.versionHints { evidence.append("\(hint.symbol), \(hint.meaning): \(hint.versions)") }
    let range = finding.versions?.description ?? "contradictory evidence"
    return evidence.isEmpty ? "unknown" : "\(range) (\(evidence.joined(separator: "; ")))"
  }

  private func environment(_ evidence: EnvironmentEvidence) {
    let (summary, symbols): (String, [EvidenceSymbol]) =
      switch evidence.environment {
      case .host: ("host: references names only a hosted C library provides", evidence.hostSymbols)
      case .freestanding: ("freestanding: every undefined name fits nolibc and openlibm", evidence.freestandingMarkers)
      case .undetermined: ("undetermined: names neither glibc-only nor nolibc's", evidence.unrecognised)
      }
    field("C library", summary)
    for symbol in symbols.prefix(shownEvidence) {
      var line = symbol.name
      if !symbol.reason.isEmpty { line += ": \(symbol.reason)" }
      if !symbol.references.sites.isEmpty {
        line += "; referenced by \(symbol.references.sites.map(\.description).joined(separator: ", "))"
        if symbol.references.count > symbol.references.sites.count { line += " (\(symbol.references.count) references)" }
      }
      field("", line)
    }
    if symbols.count > shownEvidence { field("", "… and \(symbols.count - shownEvidence) more (--format json lists all)") }
    if !evidence.nolibcStubs.isEmpty {
      field("nolibc stubs", evidence.nolibcStubs.joined(separator: " "))
    }
  }

  private func field(_ label: String, _ value: String) {
    let heading = label.isEmpty ? "" : label + ":"
    out.write("  " + heading.padded(toWidth: 14) + value + "\n")
  }
}

/// One JSON document: `{"target": …, "runtimes": [...], "errors": [...]}`; the schema is in README.md.
struct JSONRuntimeRenderer: RuntimeRenderer {
  private let json: JSONStream

  init(out: OutputStream) { json = JSONStream(out) }

  func render(_ findings: [RuntimeFinding], target: Target?, errors: [ElfError]) {
    json.beginObject()
    json.field("target", target?.rawValue)
    json.key("runtimes")
    json.beginArray()
    for finding in findings { runtime(finding) }
    json.endArray()
    json.errors("errors", errors)
    json.endObject()
    json.newline()
  }

  private func runtime(_ finding: RuntimeFinding) {
    let profile = finding.profile
    json.beginObject()
    json.field("path", finding.path)
    json.field("source", finding.source)
    json.field("kind", profile.kind.rawValue)
    json.field("definesRuntimeEntry", finding.definesRuntimeEntry)
    json.field("variant", finding.variant)
    json.field("variantNote", finding.variantNote)
    json.field("runtimeVariantFlag", finding.flag)
    json.key("memberNaming")
    if let naming = finding.memberNaming {
      json.beginObject()
      json.field("era", naming.naming.rawValue)
      json.field("builtAs", naming.builtAs?.description)
      json.field("matchingMembers", naming.matchingMembers)
      json.field("example", naming.example)
      json.endObject()
    } else {
      json.null()
    }
    json.key("versions")
    if let versions = finding.versions { range(versions) } else { json.null() }
    json.array("versionHints", profile.versionHints) { hint in
      json.object {
        json.field("symbol", hint.symbol)
        json.field("meaning", hint.meaning)
        json.key("versions")
        range(hint.versions)
      }
    }
    json.field("machine", profile.machine.description)
    json.field("class", profile.elfClass.description)
    json.field("byteOrder", profile.byteOrder.description)
    json.field("size", finding.size)
    json.field("members", finding.memberCount)
    json.key("build")
    json.beginObject()
    json.field("debug", profile.build.debug)
    json.field("instrumented", profile.build.instrumented)
    json.field("codeModel", profile.build.codeModel.rawValue)
    json.field("stockVariant", profile.build.stockVariant?.description)
    json.field("instrumentationMarker", profile.build.instrumentationMarker)
    json.endObject()
    let evidence = profile.environment
    json.field("environment", evidence.environment.rawValue)
    symbols("hostSymbols", evidence.hostSymbols)
    symbols("freestandingMarkers", evidence.freestandingMarkers)
    json.stringArray("nolibcStubs", evidence.nolibcStubs)
    symbols("unrecognisedSymbols", evidence.unrecognised)
    json.stringArray("matches", finding.matches?.map(\.path))
    json.key("verdict")
    if let verdict = finding.verdict {
      json.beginObject()
      json.field("target", verdict.target.rawValue)
      json.field("suits", verdict.suits)
      json.field("reason", verdict.reason)
      json.field("fix", verdict.fix)
      json.endObject()
    } else {
      json.null()
    }
    json.endObject()
  }

  private func range(_ range: OCamlVersionRange) {
    json.beginObject()
    json.field("oldest", range.oldest?.description)
    json.field("newest", range.newest?.description)
    json.endObject()
  }

  private func symbols(_ key: String, _ symbols: [EvidenceSymbol]) {
    json.array(key, symbols) { symbol in
      json.object {
        json.field("name", symbol.name)
        json.field("reason", symbol.reason)
        json.field("references", symbol.references.count)
        json.stringArray("referencedBy", symbol.references.sites.map(\.description))
      }
    }
  }
}
