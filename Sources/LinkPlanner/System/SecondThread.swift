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

/// A value computed on a second thread; `value()` waits for it. Where no thread can be made, it is computed by
/// the first call of `value()`.
final class Concurrent<Value: Sendable>: @unchecked Sendable {
  /// Written by the thread, read after joining it.
  private final class Slot: @unchecked Sendable {
    var value: Value?
  }
  private let slot = Slot()
  private var thread: pthread_t?
  private let body: @Sendable () -> Value

  init(_ body: @escaping @Sendable () -> Value) {
    self.body = body
    let slot = slot
    thread = SecondThread.start({ slot.value = body() }, detached: false)
  }

  /// The value, once the thread has made it. Call from one thread only.
  func value() -> Value {
    if let thread {
      pthread_join(thread, nil)
      self.thread = nil
    }
    if slot.value == nil { slot.value = body() }
    return slot.value!
  }

  deinit {
    if let thread { pthread_join(thread, nil) }
  }
}
