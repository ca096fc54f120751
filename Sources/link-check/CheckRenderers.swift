import LinkPlanner

/// The check report for people, in lld's manner: `error: undefined symbol: X` / `>>> referenced by …`.
struct CheckTextRenderer {
  let out: OutputStream
  let maxSites: Int

  func render(_ report: CheckReport) {
    for warning in report.warnings { out.write("warning: \(warning)\n") }
    for option in report.unknownOptions { out.write("warning: unknown linker option \(option) (ignored; it may change the result)\n") }
    for missing in report.missingInputs { out.write("error: cannot use \(missing.name): \(missing.problem)\n\n") }
    for finding in report.unresolved {
      let name = finding.demangled.map { "\(finding.symbol) (\($0))" } ?? finding.symbol
      out.write("error: undefined symbol: \(name) [\(finding.category.rawValue)]\n")
      for site in finding.sites.prefix(maxSites) { out.write(">>> referenced by \(site.text)\n") }
      if finding.sites.count > maxSites { out.write(">>> referenced \(finding.sites.count - maxSites) more times\n") }
      if let hint = finding.hint { out.write("hint: \(hint)\n") }
      out.write("\n")
    }
    for duplicate in report.duplicates {
      let name = duplicate.demangled.map { "\(duplicate.symbol) (\($0))" } ?? duplicate.symbol
      out.write("error: duplicate symbol: \(name)\n")
      for definition in duplicate.definitions { out.write(">>> defined in \(definition)\n") }
      out.write("\n")
    }
    for hazard in report.hazards {
      out.write("\(hazard.level.rawValue): [\(hazard.kind)] \(hazard.message)\n")
      if let hint = hazard.hint { out.write("hint: \(hint)\n") }
      out.write("\n")
    }
    out.write("linker: \(report.linkerCommand.map(ShellQuoting.quote).joined(separator: " "))\n")
    if let inference = report.targetInference { out.write("target: \(inference.target), inferred from \(inference.evidence)\n") }
    out.write(summary(report) + "\n")
  }

  private func summary(_ report: CheckReport) -> String {
    let subject = report.target.map { "for \($0)" } ?? "as given"
    if report.isClean {
      let warnings = report.hazards.count
      return "OK: links \(subject)" + (warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : "")
    }
    var parts: [String] = []
    if !report.unresolved.isEmpty { parts.append("\(report.unresolved.count) undefined") }
    if !report.duplicates.isEmpty { parts.append("\(report.duplicates.count) duplicate") }
    if !report.missingInputs.isEmpty { parts.append("\(report.missingInputs.count) missing input") }
    let errors = report.hazards.filter { $0.level == .error }.count
    if errors > 0 { parts.append("\(errors) hazard\(errors == 1 ? "" : "s")") }
    return "FAIL: would not link \(subject): \(parts.joined(separator: ", "))"
  }
}

/// The check report as one JSON document (schema in README.md).
struct CheckJSONRenderer {
  let json: JSONStream

  func render(_ report: CheckReport) {
    json.object {
      json.field("target", report.target?.rawValue)
      json.field("targetInferredFrom", report.targetInference?.evidence)
      json.field("links", report.isClean)
      json.stringArray("linker", report.linkerCommand)
      json.array("inputs", report.inputs) { input in
        json.object {
          json.field("name", input.name)
          json.field("kind", input.kind.rawValue)
          json.field("extractedMembers", input.extractedMembers)
        }
      }
      json.array("unresolved", report.unresolved) { finding in
        json.object {
          json.field("symbol", finding.symbol)
          json.field("demangled", finding.demangled)
          json.field("category", finding.category.rawValue)
          json.array("sites", finding.sites) { site in
            json.object {
              json.field("object", site.object)
              json.field("section", site.section)
              json.field("offset", site.offset)
              json.field("function", site.function)
              json.field("ocamlFunction", site.ocamlFunction)
            }
          }
          json.field("hint", finding.hint)
        }
      }
      json.array("duplicates", report.duplicates) { duplicate in
        json.object {
          json.field("symbol", duplicate.symbol)
          json.field("demangled", duplicate.demangled)
          json.stringArray("definitions", duplicate.definitions)
        }
      }
      json.array("hazards", report.hazards) { hazard in
        json.object {
          json.field("level", hazard.level.rawValue)
          json.field("kind", hazard.kind)
          json.field("message", hazard.message)
          json.field("hint", hazard.hint)
        }
      }
      json.array("extracted", report.extracted) { extraction in
        json.object {
          json.field("archive", extraction.archive)
          json.field("member", extraction.member)
          json.field("symbol", extraction.symbol)
          json.field("referencedBy", extraction.referencedBy)
        }
      }
      json.array("missingInputs", report.missingInputs) { missing in
        json.object {
          json.field("name", missing.name)
          json.field("problem", missing.problem)
        }
      }
      json.stringArray("warnings", report.warnings + report.unknownOptions.map { "unknown linker option \($0)" })
    }
    json.newline()
  }
}

/// Quotes a word for a POSIX shell only when it needs it (for display; nothing is ever run through a shell).
enum ShellQuoting {
  static func quote(_ word: String) -> String {
    let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
    if safe && !word.isEmpty { return word }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
