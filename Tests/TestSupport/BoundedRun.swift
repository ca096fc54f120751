import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program on hostile input under limits and measures what it used: address space and CPU time are
/// capped with `prlimit` (util-linux), wall time by a deadline after which the run's process group is killed;
/// `/usr/bin/time` reports the program's peak memory. (`wait4` on a `posix_spawn`ed child would not do: the child
/// starts in the caller's memory, and `ru_maxrss` keeps the caller's peak across `exec`; `time` forks a small
/// process of its own.) Never through a shell: the arguments go to `posix_spawn` as they are.
public enum BoundedRun {
  public struct Limits: Sendable {
    /// `RLIMIT_AS`: an allocation past it fails (and the program dies of it), so peak memory stays below. Nil for
    /// none: AddressSanitizer reserves terabytes of address space for its shadow and cannot start under a limit.
    public var addressSpaceBytes: Int? = 1 << 30
    /// `RLIMIT_CPU`: the kernel kills the program with `SIGXCPU` (a signal: a failure) after this.
    public var cpuSeconds = 5
    /// Killed (`SIGKILL`) after this many seconds of wall time: only for a program that waits without using CPU
    /// (the CPU limit stops a busy one); generous, since a loaded shared machine stretches wall time many times.
    public var wallSeconds = 60.0

    public init() {}
  }

  public struct Outcome: Sendable {
    /// The exit status, nil when the program died of a signal.
    public var status: Int32?
    public var signal: Int32?
    public var stdout: String
    public var stderr: String
    /// Wall-clock seconds (on a shared machine, mostly other programs' time: judge `cpuSeconds`).
    public var seconds: Double
    /// CPU seconds the program used (user and system), as `/usr/bin/time` reports them; `.infinity` when its
    /// report cannot be read, so that no limit passes on a number that was never measured.
    public var cpuSeconds: Double
    /// Peak resident memory of the program; `Int.max` when `/usr/bin/time`'s report cannot be read, so that no
    /// limit passes on a peak that was never measured.
    public var maxResidentBytes: Int
  }

  /// Runs `program` with `arguments` under `limits`; `LC_ALL=C`, the rest of the environment inherited.
  public static func run(_ program: String, _ arguments: [String], limits: Limits = Limits()) throws -> Outcome {
    let output = try Scratch("run")
    let (stdoutPath, stderrPath, memoryPath) = (output.file("stdout"), output.file("stderr"), output.file("memory"))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
    posix_spawnattr_setpgroup(&attributes, 0)
    let time = "/usr/bin/time"
    let addressSpace = limits.addressSpaceBytes.map { ["--as=\($0)"] } ?? []
    let argv = [time, "--format=%M %U %S", "--output=\(memoryPath)", "--", "/usr/bin/prlimit"] + addressSpace
      + ["--cpu=\(limits.cpuSeconds)", "--", program] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["LC_ALL"] = "C"
    let envp = environment.map { "\($0.key)=\($0.value)" }
    let start = Date()
    var pid: pid_t = 0
    let spawned = withCStrings(argv) { argv in
      withCStrings(envp) { envp in posix_spawn(&pid, time, &actions, &attributes, argv, envp) }
    }
    guard spawned == 0 else { throw ToolFailure(description: "cannot run \(time): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while true {
      let reaped = waitpid(pid, &status, WNOHANG)
      if reaped == pid { break }
      if reaped < 0 && errno != EINTR { throw ToolFailure(description: "waitpid: \(String(cString: strerror(errno)))") }
      if Date().timeIntervalSince(start) > limits.wallSeconds { kill(-pid, SIGKILL) }
      usleep(2_000)
    }
    // `time` exits with the program's status, or 128 + the signal that killed it; a signal of its own is the deadline.
    let killed = status & 0x7f
    let code = (status >> 8) & 0xff
    let signal: Int32? = killed != 0 ? killed : code > 128 ? code - 128 : nil
    // The last line is ours ("KB user system"); `time` puts "Command exited with non-zero status" before it.
    let report = (try? String(contentsOfFile: memoryPath, encoding: .utf8))?.split(separator: "\n").last
    let usage = TimeReport(report.map(String.init) ?? "")
    return Outcome(
      status: signal == nil ? code : nil, signal: signal,
      stdout: (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "",
      seconds: Date().timeIntervalSince(start), cpuSeconds: usage?.cpuSeconds ?? .infinity,
      maxResidentBytes: usage.map { $0.kilobytes.multipliedReportingOverflow(by: 1024).partialValue } ?? Int.max)
  }

  /// Runs `program` once per argument list, `width` runs at a time on threads of their own (not the caller's);
  /// the outcomes in the order of `argumentLists`. Throws the first failure to start a run.
  public static func runAll(
    _ argumentLists: [[String]], program: String, width: Int = 2, limits: Limits = Limits()
  ) async throws -> [Outcome] {
    let results = Mutex([Result<Outcome, Error>?](repeating: nil, count: argumentLists.count))
    let next = Mutex(0)
    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
      DispatchQueue.global().async {
        DispatchQueue.concurrentPerform(iterations: width) { _ in
          while case let job = next.withLock({ (value: inout Int) -> Int in defer { value += 1 }; return value }),
            job < argumentLists.count
          {
            let result = Result { try run(program, argumentLists[job], limits: limits) }
            results.withLock { $0[job] = result }
          }
        }
        done.resume()
      }
    }
    return try results.withLock { $0 }.map { try $0!.get() }
  }

  /// Whether `program` was built with AddressSanitizer (`swift test --sanitize address`): it then needs the
  /// address-space limit lifted.
  public static func isAddressSanitized(_ program: String) -> Bool {
    guard let bytes = FileManager.default.contents(atPath: program) else { return false }
    return bytes.range(of: Data("__asan_init".utf8)) != nil
  }

  /// Calls `body` with `strings` as a NULL-terminated C array.
  private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return body(pointers)
  }
}

/// `/usr/bin/time --format='%M %U %S'`: peak kilobytes, user and system seconds; nil unless all three parse.
struct TimeReport {
  var kilobytes: Int
  var cpuSeconds: Double

  init?(_ line: String) {
    let fields = line.split(separator: " ")
    guard fields.count == 3, let kilobytes = Int(fields[0]), let user = Double(fields[1]), let system = Double(fields[2]) else {
      return nil
    }
    self.kilobytes = kilobytes
    cpuSeconds = user + system
  }
}
