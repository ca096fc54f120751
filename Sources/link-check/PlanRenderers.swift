import LinkPlanner

/// A plan for people and pipelines: one shell line, NUL-terminated words, or JSON with each word's origin.
struct PlanRenderer {
  let out: OutputStream

  /// One line a POSIX shell reads back as exactly the plan's words.
  func renderShell(_ plan: LinkPlan) {
    out.write(ShellQuoting.command(plan.commandLine) + "\n")
  }

  /// Each word followed by a NUL byte (`xargs -0` reads it back).
  func renderArgv(_ plan: LinkPlan) {
    for word in plan.commandLine {
      out.write(word)
      out.write(byte: 0)
    }
  }

  /// One document: target, era, program and arguments with their origins, output, bindings, sysroot, generated
  /// files, warnings (schema in README.md).
  func renderJSON(_ plan: LinkPlan) {
    let json = JSONStream(out)
    json.beginObject()
    json.field("target", plan.target.rawValue)
    json.field("era", plan.era.rawValue)
    json.key("program")
    word(plan.program, json)
    json.key("arguments")
    json.beginArray()
    for argument in plan.arguments { word(argument, json) }
    json.endArray()
    json.field("output", plan.outputPath)
    json.field("bindingsObject", plan.bindingsObject)
    json.sysroot(plan.sysroot)
    json.key("generatedFiles")
    strings(plan.generatedFiles, json)
    json.key("warnings")
    strings(plan.warnings, json)
    json.endObject()
    json.newline()
  }

  private func word(_ argument: LinkArgument, _ json: JSONStream) {
    json.beginObject()
    json.field("value", argument.value)
    json.key("origin")
    json.beginObject()
    let (kind, package, query, detail): (String, String?, String?, String?) =
      switch argument.origin {
      case .pkgConfig(let package, let query): ("pkg-config", package, query, nil)
      case .toolchain(let what): ("toolchain", nil, nil, what)
      case .hostCompiler(let driver): ("host-compiler", nil, nil, driver)
      case .user: ("command-line", nil, nil, nil)
      case .linkCheck(let why): ("link-check", nil, nil, why)
      }
    json.field("kind", kind)
    json.field("package", package)
    json.field("query", query)
    json.field("detail", detail)
    json.field("description", argument.origin.description)
    json.endObject()
    json.endObject()
  }

  private func strings(_ values: [String], _ json: JSONStream) {
    json.beginArray()
    for value in values { json.string(value) }
    json.endArray()
  }
}

extension ShellQuoting {
  /// A whole command line: every word quoted as needed, and a first word holding `=` always, which a shell
  /// would otherwise take for a variable assignment.
  static func command(_ words: [String]) -> String {
    words.enumerated().map { index, word in
      index == 0 && word.contains("=") ? "'" + word.replacing("'", with: "'\\''") + "'" : quote(word)
    }.joined(separator: " ")
  }
}

/// The checks of a linked program, one line each: outcome, what, detail.
struct VerificationRenderer {
  let out: OutputStream

  func render(_ verification: LinkVerification) {
    let width = verification.checks.map(\.name.count).max() ?? 0
    for check in verification.checks {
      let outcome = check.outcome.rawValue
      out.write("  \(outcome)\(String(repeating: " ", count: 5 - outcome.count))\(check.name)")
      out.write(String(repeating: " ", count: width - check.name.count + 2) + check.detail + "\n")
    }
  }
}
