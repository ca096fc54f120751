import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A value made on a second thread while the caller goes on, or by the caller when it asks before that thread
/// starts (or no thread could be made): the same value either way, made once.
final class BackgroundValue<Value: Sendable>: Sendable {
  private enum State: Sendable {
    case waiting
    case making
    case made(Value)
  }

  private let state = Mutex<State>(.waiting)
  /// Posted once the second thread has made the value (a POSIX semaphore is safe to share between threads).
  nonisolated(unsafe) private let made: UnsafeMutablePointer<sem_t>
  private let make: @Sendable () -> Value

  /// Starts making the value with `make` on a second thread.
  init(_ make: @escaping @Sendable () -> Value) {
    self.make = make
    made = .allocate(capacity: 1)
    sem_init(made, 0, 0)
    SecondThread.detach { [self] in
      guard claim() else { return }
      let value = make()
      state.withLock { $0 = .made(value) }
      sem_post(made)
    }
  }

  deinit {
    sem_destroy(made)
    made.deallocate()
  }

  /// The value: made here if the second thread has not started on it, else waited for.
  var value: Value {
    if claim() {
      let value = make()
      state.withLock { $0 = .made(value) }
      return value
    }
    while true {
      if case .made(let value) = state.withLock({ $0 }) { return value }
      while sem_wait(made) != 0 && errno == EINTR {}
    }
  }

  /// Takes the work on for the caller, if nobody has.
  private func claim() -> Bool {
    state.withLock { state in
      guard case .waiting = state else { return false }
      state = .making
      return true
    }
  }
}
