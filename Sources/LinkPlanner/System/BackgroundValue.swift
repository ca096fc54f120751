import Synchronization

/// A value made on a second thread while the caller goes on, or by the caller when it asks before that thread
/// has started on it: the same value either way, made once, under a lock the other thread waits on (as
/// `PreparedCallGraphs` makes its graphs).
final class BackgroundValue<Value: Sendable>: Sendable {
  private let slot = Mutex<Value?>(nil)
  private let make: @Sendable () -> Value

  /// Starts making the value with `make` on a second thread.
  init(_ make: @escaping @Sendable () -> Value) {
    self.make = make
    SecondThread.detach { [self] in _ = value }
  }

  /// The value: made here if no thread has made it yet, else (once the second thread is done with it) read.
  var value: Value {
    slot.withLock { slot in
      if let slot { return slot }
      let made = make()
      slot = made
      return made
    }
  }
}
