import ArgumentParser
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif
import LinkPlanner

/// `link-check link`: the final link step of a build, run without a shell and installed only when verified.
struct LinkCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "link",
    abstract: "Link objects for a target, verify the program, and only then put it in place.",
    discussion: """
      Runs the command `link-check plan` prints (an argument vector, never a shell), writing a temporary file \
      beside the output. The program must be an ELF executable for the target's machine (genode: a shared \
      object) entered at _start with no symbol left undefined; a Solo5 program must carry the ABI1 note of its \
      bindings object, where the tender reads it, an MFT1 manifest where the target reads one (hvt, spt, virtio, \
      muen, xen, genode: pass --manifest), and the PT_INTERP its bindings set (Solo5's /nonexistent/solo5/). \
      Only then is it renamed over the output, atomically; on any failure the output is left as it was, the \
      linker's messages are shown, then link-check's own explanation of the link.
      --check-only checks the same link as `link-check check` does and writes nothing.
      Exit status: 0 linked and verified (or, with --check-only, it would link), 1 the link or its verification \
      failed (or would fail), 2 usage or input error.
      """
  )

  @OptionGroup var options: PlanOptions

  @Flag(name: .customLong("check-only"), help: "Check the link as `link-check check` does, and write nothing.")
  var checkOnly = false

  @Option(name: .customLong("max-sites"), help: "Reference sites shown per undefined symbol in an explanation.")
  var maxSites = 3

  func run() throws {
    if checkOnly { return try check() }
    let plan = try reportingInputErrors { try options.plan() }
    options.warn(plan)
    let outcome = try reportingInputErrors {
      try Linker(plan: plan, verifier: LinkVerifier(expectations: LinkExpectations(plan: plan, inputs: options.inputs))).link()
    }
    let errors = OutputStream.standardError
    if !outcome.linkerMessages.isEmpty {
      OutputStream.standardOutput.flush()
      errors.write(outcome.linkerMessages.hasSuffix("\n") ? outcome.linkerMessages : outcome.linkerMessages + "\n")
      errors.flush()
    }
    switch outcome.result {
    case .installed:
      OutputStream.standardOutput.write("linked \(outcome.output)\n")
      outcome.verification.map(VerificationRenderer(out: .standardOutput).render)
    case .linkerFailed(let status):
      Diagnostics.error("\(plan.program.value) failed (exit status \(status)); \(untouched(outcome.output))")
      explain(plan)
      throw ExitStatus.problemsFound
    case .notVerified:
      Diagnostics.error("the linked program does not pass verification; \(untouched(outcome.output))")
      outcome.verification.map(VerificationRenderer(out: errors).render)
      errors.flush()
      throw ExitStatus.problemsFound
    }
  }

  /// `--check-only`: the report `link-check check` gives for this link (the unix main generated in a scratch folder).
  private func check() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("link-check-\(getpid())").path
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let plan = try reportingInputErrors { try options.plan(output: "\(scratch)/unikernel.\(options.target)") }
    let report = try reportingInputErrors { try PlanCheck.report(for: plan) }
    CheckTextRenderer(out: .standardOutput, maxSites: maxSites, sysroot: plan.sysroot).render(report)
    if !report.isClean { throw ExitStatus.problemsFound }
  }

  private func untouched(_ output: String) -> String {
    FileManager.default.fileExists(atPath: output) ? "\(output) is left as it was" : "\(output) was not written"
  }

  /// link-check's model of the failed link, after the linker's own messages.
  private func explain(_ plan: LinkPlan) {
    let errors = OutputStream.standardError
    do {
      let report = try PlanCheck.report(for: plan)
      errors.write(report.isClean ? "link-check's model of this link finds no problem; the failure above is the linker's own.\n" : "link-check's explanation:\n")
      if !report.isClean { CheckTextRenderer(out: errors, maxSites: maxSites).render(report) }
    } catch {
      errors.write("link-check cannot explain this link: \(error)\n")
    }
    errors.flush()
  }
}
