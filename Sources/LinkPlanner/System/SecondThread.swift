#if canImport(Glibc)
  import Glibc
#endif

/// Work handed to a second POSIX thread: the machine has more than one core, and a check can read its inputs
/// ahead while the linker prints its defaults. What runs there must only read shared state through thread-safe
/// types (`ElfFile` and its caches are).
enum SecondThread {
  /// Runs `body` on a detached thread: nobody waits for it. If no thread can be made, `body` does not run (it
  /// may only do work that is done again on demand).
  static func detach(_ body: @escaping @Sendable () -> Void) {
    let work = Unmanaged.passRetained(Work(body)).toOpaque()
    var thread = pthread_t()
    let started = pthread_create(
      &thread, nil,
      { argument in
        Unmanaged<Work>.fromOpaque(argument!).takeRetainedValue().body()
        return nil
      }, work)
    guard started == 0 else {
      Unmanaged<Work>.fromOpaque(work).release()
      return
    }
    pthread_detach(thread)
  }

  private final class Work {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }
}
