import FoundationEssentials
import LinkPlanner

#if canImport(Glibc)
  import Glibc
#endif

/// The check report for people: a summary line, then one short block per cause (most symbols first); with
/// `details`, lld's per-symbol blocks (`error: undefined symbol: X` / `>>> referenced by …`) and the linker line.
struct CheckTextRenderer {
  let out: OutputStream
  let maxSites: Int
  var details = false
  var style = TerminalStyle(colour: false)
  /// Where the target's toolchain was found, printed above the linker line (with `details`).
  var sysroot: SysrootLocation? = nil

  /// Lines are wrapped to this many columns (continuations indented).
  static let width = 100

  func render(_ report: CheckReport) {
    out.write(summary(report) + "\n")
    if let inference = report.targetInference { out.write("target: \(inference.target), inferred from \(inference.evidence)\n") }
    for warning in report.warnings {
      line(style.warning("warning:") + " \(warning)", plain: "warning: \(warning)")
    }
    for option in report.unknownOptions {
      let text = "unknown linker option \(option) (ignored; it may change the result)"
      line(style.warning("warning:") + " " + text, plain: "warning: " + text)
    }
    for cause in report.causes {
      out.write("\n")
      render(cause, report)
    }
    guard details else { return }
    out.write("\n")
    renderDetails(report)
    if let sysroot { out.write("\(sysroot.summary)\n") }
    out.write("linker: \(report.linkerCommand.map(ShellQuoting.quote).joined(separator: " "))\n")
  }

  private func render(_ cause: Cause, _ report: CheckReport) {
    let label = "\(cause.level.rawValue)[\(cause.kind.rawValue)]:"
    line(
      (cause.level == .error ? style.error(label) : style.warning(label)) + " " + cause.title,
      plain: label + " " + cause.title)
    if !cause.symbols.isEmpty {
      let state = cause.kind == .duplicateDefinitions ? "defined twice" : "undefined"
      let what = "\(cause.symbols.count) \(state): \(Self.list(cause.symbols))"
      line("  " + what, plain: "  " + what)
    }
    for evidence in cause.evidence { line("  " + evidence, plain: "  " + evidence) }
    if !cause.chain.isEmpty {
      var text = "chain: " + cause.chain.joined(separator: " → ")
      if !cause.packages.isEmpty {
        text += " (packages: \(cause.packages.joined(separator: ", ")))"
      }
      line("  " + text, plain: "  " + text)
    }
    line("  " + style.hint("fix:") + " " + cause.fix.text, plain: "  fix: " + cause.fix.text)
    if let verification = cause.fix.verification {
      let (label, text) = Self.verdict(verification)
      line(
        "  " + (verification.clearsCause ? style.good(label) : style.warning(label)) + " " + text,
        plain: "  \(label) \(text)")
    }
  }

  /// "verified: with it, these 7 resolve" or "not enough: …".
  static func verdict(_ verification: FixVerification) -> (String, String) {
    if verification.clearsCause {
      return (
        "verified:",
        verification.resolved == 1
          ? "with it, this one resolves" : "with it, these \(verification.resolved) resolve"
      )
    }
    if !verification.remaining.isEmpty {
      return (
        "not enough:",
        "with it, \(verification.remaining.count) remain: \(list(verification.remaining))"
      )
    }
    return (
      "not enough:",
      "it resolves these but brings \(verification.introduced.count) new problems: \(list(verification.introduced))"
    )
  }

  private func renderDetails(_ report: CheckReport) {
    for finding in report.unresolved {
      let name = finding.demangled.map { "\(finding.symbol) (\($0))" } ?? finding.symbol
      out.write("error: undefined symbol: \(name) [\(finding.category.rawValue)]\n")
      for site in finding.sites.prefix(maxSites) { out.write(">>> referenced by \(site.text)\n") }
      for sharedObject in finding.sharedObjects { out.write(">>> referenced by \(sharedObject) (a shared object)\n") }
      for assignment in finding.assignments { out.write(">>> read by --defsym \(assignment)=… (ld stops there)\n") }
      for assignment in finding.scriptAssignments {
        out.write(">>> read by \(assignment.script)'s \(assignment.name) = … (ld stops there)\n")
      }
      if finding.sites.count > maxSites {
        out.write(">>> referenced \(finding.sites.count - maxSites) more times\n")
      }
      if let hint = finding.hint { out.write("hint: \(hint)\n") }
      out.write("\n")
    }
    for duplicate in report.duplicates {
      let name = duplicate.demangled.map { "\(duplicate.symbol) (\($0))" } ?? duplicate.symbol
      out.write("error: duplicate symbol: \(name)\n")
      for definition in duplicate.definitions { out.write(">>> defined in \(definition)\n") }
      out.write("\n")
    }
    for missing in report.missingInputs {
      out.write("error: cannot use \(missing.name): \(missing.problem)\n\n")
    }
    for hazard in report.hazards {
      out.write("\(hazard.level.rawValue): [\(hazard.kind)] \(hazard.message)\n")
      if let hint = hazard.hint { out.write("hint: \(hint)\n") }
      out.write("\n")
    }
    if !report.unreachedStubs.isEmpty {
      let stubs = report.unreachedStubs.map {
        "\($0.symbol) ← \($0.referencedBy.first ?? "")\($0.referencedBy.count > 1 ? " (+\($0.referencedBy.count - 1))" : "")"
      }
      out.write(
        "note: nolibc stubs only code the program never reaches refers to (no warning): \(stubs.joined(separator: "; "))\n\n"
      )
    }
  }

  /// Writes `styled`, wrapped by the width of `plain` (the same text without colour codes).
  private func line(_ styled: String, plain: String) {
    guard plain.count > Self.width else {
      out.write(styled + "\n")
      return
    }
    let prefixLength = styled.count - plain.count
    let wrapped = Self.wrap(plain, width: Self.width)
    out.write(String(styled.prefix(prefixLength + wrapped[0].count)) + "\n")
    for continuation in wrapped.dropFirst() { out.write(continuation + "\n") }
  }

  /// Splits `text` at spaces into lines of at most `width` columns (a longer word stays whole); continuations
  /// are indented by four spaces more than the first line.
  static func wrap(_ text: String, width: Int) -> [String] {
    let leading = String(text.prefix { $0 == " " })
    let indent = leading + "    "
    var lines: [String] = []
    var current = leading
    for word in text.dropFirst(leading.count).split(separator: " ") {
      if current.count == (lines.isEmpty ? leading : indent).count {
        current += word
      } else if current.count + 1 + word.count <= width {
        current += " " + word
      } else {
        lines.append(current)
        current = indent + word
      }
    }
    lines.append(current)
    return lines
  }

  static func list(_ names: [String]) -> String {
    names.count <= 3
      ? names.joined(separator: ", ")
      : names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more"
  }

  private func summary(_ report: CheckReport) -> String {
    let subject = report.target.map { "for \($0)" } ?? "as given"
    let refusals = report.hazards.filter(\.refusesLink).count
    let errors = report.hazards.filter { $0.level == .error && !$0.refusesLink }.count
    let hazards = errors == 0 ? nil : "\(errors) hazard\(errors == 1 ? "" : "s")"
    if report.isClean {
      let inputs = report.inputs.filter { $0.kind != .script }
      let members = inputs.map(\.extractedMembers).reduce(0, +)
      return
        "OK: links \(subject): \(Self.count(inputs.count, "input")), \(Self.count(members, "member")) extracted"
    }
    var parts: [String] = []
    if !report.unresolved.isEmpty {
      let causes = Set(report.unresolved.compactMap(\.cause)).count
      parts.append(
        "\(Self.count(report.unresolved.count, "undefined reference")) from \(Self.count(causes, "cause"))"
      )
    }
    if !report.duplicates.isEmpty {
      parts.append(Self.count(report.duplicates.count, "duplicate definition"))
    }
    if !report.missingInputs.isEmpty {
      parts.append(Self.count(report.missingInputs.count, "missing input"))
    }
    if refusals > 0 { parts.append("\(Self.count(refusals, "symbol")) ld refuses in the output") }
    if parts.isEmpty, let hazards {
      return "FAIL: links \(subject) but would not work — \(hazards)"
    }
    if let hazards { parts.append(hazards) }
    return "FAIL: would not link \(subject) — \(parts.joined(separator: "; "))"
  }

  private static func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
  }
}

/// ANSI colours as lld and rustc use them (bold red errors, bold magenta warnings, bold cyan hints), or none.
struct TerminalStyle {
  var colour: Bool

  /// Colour when standard output is a terminal and `NO_COLOR` is not set (https://no-color.org).
  static var standardOutput: TerminalStyle {
    let environment = ProcessInfo.processInfo.environment
    let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    return TerminalStyle(colour: isatty(1) == 1 && !noColour && environment["TERM"] != "dumb")
  }

  func error(_ text: String) -> String { paint(text, "1;31") }
  func warning(_ text: String) -> String { paint(text, "1;35") }
  func hint(_ text: String) -> String { paint(text, "1;36") }
  func good(_ text: String) -> String { paint(text, "1;32") }

  private func paint(_ text: String, _ code: String) -> String {
    colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}

/// The check report as one JSON document (schema in README.md).
struct CheckJSONRenderer {
  let json: JSONStream
  var sysroot: SysrootLocation? = nil

  func render(_ report: CheckReport) {
    json.object {
      json.field("target", report.target?.rawValue)
      json.field("targetInferredFrom", report.targetInference?.evidence)
      json.field("links", report.isClean)
      json.stringArray("linker", report.linkerCommand)
      json.sysroot(sysroot)
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
          json.stringArray("sharedObjects", finding.sharedObjects)
          json.stringArray("assignments", finding.assignments)
          json.array("scriptAssignments", finding.scriptAssignments) { assignment in
            json.object {
              json.field("script", assignment.script)
              json.field("name", assignment.name)
            }
          }
          json.field("hint", finding.hint)
          json.field("cause", finding.cause)
        }
      }
      json.array("duplicates", report.duplicates) { duplicate in
        json.object {
          json.field("symbol", duplicate.symbol)
          json.field("demangled", duplicate.demangled)
          json.stringArray("definitions", duplicate.definitions)
          json.field("cause", duplicate.cause)
        }
      }
      json.array("causes", report.causes) { cause in
        json.object {
          json.field("kind", cause.kind.rawValue)
          json.field("level", cause.level.rawValue)
          json.field("title", cause.title)
          json.stringArray("symbols", cause.symbols)
          json.stringArray("evidence", cause.evidence)
          json.stringArray("units", cause.units)
          json.stringArray("packages", cause.packages)
          json.stringArray("chain", cause.chain)
          json.stringArray("hazards", cause.hazards)
          json.key("fix")
          json.object {
            json.field("text", cause.fix.text)
            if let edit = cause.fix.edit {
              json.stringArray("arguments", edit.arguments(of: report.linkerCommand))
            } else {
              json.field("arguments", nil as String?)
            }
            json.field("edit", cause.fix.edit.map(\.kind))
            json.key("verified")
            if let verified = cause.fix.verified { json.bool(verified) } else { json.null() }
            json.stringArray("remaining", cause.fix.verification?.remaining ?? [])
            json.stringArray("introduced", cause.fix.verification?.introduced ?? [])
          }
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
      json.array("unreachedStubs", report.unreachedStubs) { stub in
        json.object {
          json.field("symbol", stub.symbol)
          json.field("kind", stub.kind)
          json.stringArray("referencedBy", stub.referencedBy)
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
      if let fixed = report.fixedCommand {
        json.stringArray("fixedCommand", fixed)
      } else {
        json.field("fixedCommand", nil as String?)
      }
      json.stringArray(
        "warnings", report.warnings + report.unknownOptions.map { "unknown linker option \($0)" })
    }
    json.newline()
  }
}

/// Quotes a word for a POSIX shell only when it needs it (for display; nothing is ever run through a shell).
enum ShellQuoting {
  static func quote(_ word: String) -> String {
    let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
    if safe && !word.isEmpty { return word }
    return "'" + word.replacing("'", with: "'\\''") + "'"
  }
}
