import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a command with a recorder first on `PATH` under the name of a program the command runs (a compiler's C
/// compiler, a wrapper's `ld`): the recorder writes that program's arguments down and exits 0, so the command is
/// obtained without being carried out. Files under the command's `TMPDIR` that it names (a compiler's temporary
/// startup object, deleted after the link) are copied to `scratch/kept` and named there.
struct CommandRecorder {
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
      try Self.script.write(toFile: "\(bin)/\(program)", atomically: true, encoding: .utf8)
    } catch {
      throw LinkPlannerError("cannot prepare a recorder in \(scratch): \(error)")
    }
    guard chmod("\(bin)/\(program)", 0o755) == 0 else {
      throw LinkPlannerError("cannot make \(bin)/\(program) executable")
    }
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    environment["TMPDIR"] = temporary
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

  private static let script = """
    #!/bin/sh
    if [ -n "$LINK_CHECK_PASS_THROUGH" ]; then
      for arg do
        case "$arg" in -c | -S | -E) exec "$LINK_CHECK_PASS_THROUGH" "$@" ;; esac
      done
    fi
    : > "$LINK_CHECK_RECORD"
    for arg do
      case "$arg" in
        "$LINK_CHECK_TEMPORARY"/*)
          cp "$arg" "$LINK_CHECK_KEEP/" || exit 1
          arg="$LINK_CHECK_KEEP/${arg##*/}"
          ;;
      esac
      printf '%s\\0' "$arg" >> "$LINK_CHECK_RECORD"
    done
    exit 0

    """
}
