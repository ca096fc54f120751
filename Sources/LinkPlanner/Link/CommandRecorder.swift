import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a command with a recorder first on `PATH` under the name of a program the command runs (a compiler's C
/// compiler, a wrapper's `ld`): the recorder writes that program's arguments down and exits 0, so the command is
/// obtained without being carried out. Files under the command's `TMPDIR` that it names (a compiler's temporary
/// startup object, deleted after the link) are copied to `scratch/kept` and named there.
public struct CommandRecorder {
  /// A folder of link-check's own for the recorder, the temporary files and the record.
  var scratch: String

  /// What the command did: its exit status and messages, and the recorded arguments (nil if it never ran `program`).
  struct Run {
    var status: Int32
    var standardError: String
    var recorded: [String]?
  }

  /// Runs `command` with the recorder standing in for `program`. With `passThrough`, calls that compile (`-c`, `-S`,
  /// `-E`) are handed to that real program instead of being recorded.
  ///
  /// The recorder is link-check itself, linked into `scratch/bin` under `program`'s name: started under that name
  /// with `LINK_CHECK_RECORD_AS` set, it records instead of checking (`recordIfStandingIn`). No shell is involved.
  func run(_ command: [String], standingInFor program: String, passThrough: String? = nil)
    throws(LinkPlannerError) -> Run
  {
    let temporary = "\(scratch)/tmp"
    let bin = "\(scratch)/bin"
    let record = "\(scratch)/record-\(program)"
    do {
      for folder in [temporary, "\(scratch)/kept", bin] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      }
    } catch {
      throw LinkPlannerError("cannot prepare a recorder in \(scratch): \(error)")
    }
    let recorder = FileSystem.resolvingSymlinks("/proc/self/exe")
    unlink("\(bin)/\(program)")
    guard symlink(recorder, "\(bin)/\(program)") == 0 else {
      throw LinkPlannerError("cannot place a recorder at \(bin)/\(program)")
    }
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    environment["TMPDIR"] = temporary
    environment[Self.nameVariable] = program
    environment["LINK_CHECK_RECORD"] = record
    environment["LINK_CHECK_KEEP"] = "\(scratch)/kept"
    environment["LINK_CHECK_TEMPORARY"] = temporary
    environment["LINK_CHECK_PASS_THROUGH"] = passThrough ?? ""
    let result = try ProgramRunner.run(
      command[0], Array(command.dropFirst()), environment: environment)
    let recorded = FileManager.default.contents(atPath: record).map {
      String(decoding: $0, as: UTF8.self).split(separator: "\0", omittingEmptySubsequences: false)
        .dropLast().map(String.init)
    }
    return Run(status: result.status, standardError: result.standardError, recorded: recorded)
  }

  /// The variable naming the program the recorder stands in for.
  private static let nameVariable = "LINK_CHECK_RECORD_AS"

  /// The recorder's side: when this process was started as the stand-in `run` placed (its name is the one
  /// `LINK_CHECK_RECORD_AS` gives), hands a compiling call (`-c`, `-S`, `-E`) to the real program, or writes its
  /// arguments to the record (copying files under the command's temporary folder to the kept folder) and exits 0.
  /// Returns at once otherwise; call it first thing in `main`.
  public static func recordIfStandingIn(arguments: [String]) {
    guard let name = getenv(nameVariable).map({ String(cString: $0) }), !name.isEmpty,
      let first = arguments.first, FileSystem.fileName(of: first) == name
    else { return }
    let environment = ProcessInfo.processInfo.environment
    let words = Array(arguments.dropFirst())
    if let real = environment["LINK_CHECK_PASS_THROUGH"], !real.isEmpty,
      words.contains(where: { ["-c", "-S", "-E"].contains($0) })
    {
      let argv = ([real] + words).map { strdup($0) } + [nil]
      execv(real, argv)
      exit(127)
    }
    guard let record = environment["LINK_CHECK_RECORD"], let kept = environment["LINK_CHECK_KEEP"],
      let temporary = environment["LINK_CHECK_TEMPORARY"]
    else { exit(1) }
    var text = ""
    for word in words {
      var argument = word
      if word.hasPrefix(temporary + "/") {
        argument = "\(kept)/\(FileSystem.fileName(of: word))"
        guard let contents = FileManager.default.contents(atPath: word),
          FileManager.default.createFile(atPath: argument, contents: contents)
        else { exit(1) }
      }
      text += argument + "\0"
    }
    exit(FileManager.default.createFile(atPath: record, contents: Data(text.utf8)) ? 0 : 1)
  }
}
