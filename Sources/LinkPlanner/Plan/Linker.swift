import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a plan safely: the linker (an argument vector, never a shell) writes a temporary file beside the
/// output, the result is verified, and only a verified program is renamed over the output, atomically. On any
/// failure the output is left as it was, and concurrent links of one output each install a whole file.
public struct Linker: Sendable {
  public var plan: LinkPlan
  public var verifier: LinkVerifier

  public init(plan: LinkPlan, verifier: LinkVerifier) {
    self.plan = plan
    self.verifier = verifier
  }

  /// How a link ended.
  public enum Result: Sendable, Hashable {
    /// Linked, verified and renamed into place.
    case installed
    /// The linker failed with this status.
    case linkerFailed(status: Int32)
    /// The linker succeeded, but the program does not pass verification.
    case notVerified
  }

  /// What a link did, and why.
  public struct Outcome: Sendable {
    public var result: Result
    /// The output the plan names.
    public var output: String
    /// What the linker printed (standard error, then standard output).
    public var linkerMessages: String
    /// The checks of the linked program (nil when the linker failed).
    public var verification: LinkVerification?
  }

  /// Links, verifies and installs; throws only when the output's folder is unusable or the rename fails.
  public func link() throws(LinkPlannerError) -> Outcome {
    guard let output = plan.outputPath else { throw LinkPlannerError("the plan names no output (-o)") }
    let temporary = try temporaryPath(beside: output)
    defer { try? FileManager.default.removeItem(atPath: temporary) }
    let run = try ProgramRunner.run(plan.program.value, plan.writing(to: temporary).arguments.map(\.value))
    let messages = run.standardError + run.standardOutput
    guard run.status == 0 else {
      return Outcome(result: .linkerFailed(status: run.status), output: output, linkerMessages: messages, verification: nil)
    }
    var verification = verifier.verify(temporary, linkerMessages: messages)
    verification.path = output
    guard verification.passed else {
      return Outcome(result: .notVerified, output: output, linkerMessages: messages, verification: verification)
    }
    guard rename(temporary, output) == 0 else {
      throw LinkPlannerError("cannot rename the linked program to \(output): \(String(cString: strerror(errno)))")
    }
    return Outcome(result: .installed, output: output, linkerMessages: messages, verification: verification)
  }

  /// A name no other link uses, in the output's folder (so that the rename stays on one file system).
  private func temporaryPath(beside output: String) throws(LinkPlannerError) -> String {
    let folder = FileSystem.folder(of: output)
    guard FileSystem.isDirectory(folder.isEmpty ? "." : folder) else {
      throw LinkPlannerError("\(output): the folder \(folder) does not exist")
    }
    if FileSystem.isDirectory(output) {
      throw LinkPlannerError("\(output) is a folder")
    }
    let name = ".\(FileSystem.fileName(of: output)).link-check-\(getpid())-\(UUID().uuidString.prefix(8))"
    return folder.isEmpty ? name : "\(folder)/\(name)"
  }
}
