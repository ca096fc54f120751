/// Values left for the process's exit to reclaim: a check's resolution holds every input's tables (a complete
/// object's hundreds of thousands of symbols), and freeing them one by one, just before the exit would free them all
/// at once, costs more than some of the passes that made them (as clang's `-disable-free`).
enum ProcessEnd {
  // The command line runs on one thread.
  nonisolated(unsafe) private static var kept: [Any] = []

  /// Keeps `value` until the process exits.
  static func keep(_ value: Any) { kept.append(value) }
}
