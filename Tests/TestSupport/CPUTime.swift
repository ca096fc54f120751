#if canImport(Glibc)
  import Glibc
#endif

/// CPU time of the calling thread: limits on a shared machine bound the work done, not the wall clock, which
/// other programs' load stretches.
public enum CPUTime {
  /// Seconds of CPU the calling thread has used so far.
  public static func thread() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  /// The CPU seconds `body` takes on the calling thread, and its result.
  public static func measure<R>(_ body: () throws -> R) rethrows -> (seconds: Double, result: R) {
    let start = thread()
    let result = try body()
    return (thread() - start, result)
  }
}
