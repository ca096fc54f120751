import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif

/// Runs helper programs (ld, pkg-config, gcc) with argument vectors, never through a shell: `posix_spawn`, standard
/// input from `/dev/null`, standard output and error collected through pipes drained together with `poll`.
public enum ProgramRunner {
  public struct Output: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
  }

  /// Runs `program` (a path, or a name looked up on `PATH`) and collects its output. `environment` replaces
  /// link-check's own when given.
  public static func run(
    _ program: String, _ arguments: [String], environment: [String: String]? = nil
  ) throws(LinkPlannerError) -> Output {
    guard let executable = locate(program) else {
      throw LinkPlannerError("\(program): not found on PATH")
    }
    var output: [Int32] = [-1, -1]
    var errors: [Int32] = [-1, -1]
    guard pipe(&output) == 0 else { throw failure(program, errno) }
    guard pipe(&errors) == 0 else {
      let code = errno
      close(output[0])
      close(output[1])
      throw failure(program, code)
    }
    // Only the child's copies (dup2 onto 1 and 2) survive the exec; no other spawn inherits these ends.
    for descriptor in output + errors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, output[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
    let argv = [executable] + arguments
    let envp = (environment ?? ProcessInfo.processInfo.environment).sorted { $0.key < $1.key }.map {
      "\($0.key)=\($0.value)"
    }
    var pid: pid_t = 0
    let spawned = withCStrings(argv) { argv in
      withCStrings(envp) { envp in posix_spawn(&pid, executable, &actions, nil, argv, envp) }
    }
    close(output[1])
    close(errors[1])
    defer {
      close(output[0])
      close(errors[0])
    }
    guard spawned == 0 else { throw failure(program, spawned) }
    let (standardOutput, standardError) = drain(output[0], errors[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS; a signal shows as 128 + its number, as shells report it.
    let exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + status & 0x7f
    return Output(
      status: exitStatus, standardOutput: String(decoding: standardOutput, as: UTF8.self),
      standardError: String(decoding: standardError, as: UTF8.self))
  }

  /// The full path of `program`: itself if it contains `/`, else the first match on `PATH`.
  public static func locate(_ program: String) -> String? {
    if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(program)"
      if access(candidate, X_OK) == 0 && !FileSystem.isDirectory(candidate) { return candidate }
    }
    return nil
  }

  /// Reads both pipes to their ends, whichever has data first, so neither child stream can fill up and block.
  private static func drain(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
    var collected: [[UInt8]] = [[], []]
    var descriptors = [
      pollfd(fd: first, events: Int16(POLLIN), revents: 0),
      pollfd(fd: second, events: Int16(POLLIN), revents: 0),
    ]
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while descriptors.contains(where: { $0.fd >= 0 }) {
      guard poll(&descriptors, nfds_t(descriptors.count), -1) >= 0 else {
        if errno == EINTR { continue }
        break
      }
      for slot in descriptors.indices
      where descriptors[slot].fd >= 0 && descriptors[slot].revents != 0 {
        let count = buffer.withUnsafeMutableBytes {
          read(descriptors[slot].fd, $0.baseAddress, $0.count)
        }
        if count > 0 {
          collected[slot].append(contentsOf: buffer[..<count])
        } else if count == 0 || errno != EINTR && errno != EAGAIN {
          descriptors[slot].fd = -1
        }
      }
    }
    return (collected[0], collected[1])
  }

  private static func failure(_ program: String, _ code: Int32) -> LinkPlannerError {
    LinkPlannerError("\(program): \(String(cString: strerror(code)))")
  }

  /// Calls `body` with a NUL-terminated C array of `strings`.
  private static func withCStrings<R>(
    _ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R
  ) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return body(pointers)
  }
}
