#if canImport(Glibc)
  import Glibc
#endif

/// Work handed to a second POSIX thread: the machine has more than one core, and a check has independent parts
/// (reading inputs ahead, finding hazards while findings are described). What runs there must only read shared
/// state through thread-safe types (`ElfFile` and its caches are).
enum SecondThread {
  /// Runs `body` on a detached thread: nobody waits for it.
  static func detach(_ body: @escaping @Sendable () -> Void) {
    _ = start(body, detached: true)
  }

  /// Starts `body` on a thread of its own; nil if no thread could be made.
  fileprivate static func start(_ body: @escaping @Sendable () -> Void, detached: Bool)
    -> pthread_t?
  {
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
      return nil
    }
    if detached { pthread_detach(thread) }
    return thread
  }

  private final class Work {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }
}
