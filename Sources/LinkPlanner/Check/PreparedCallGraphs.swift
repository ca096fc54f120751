import ElfKit
import Synchronization

/// Call graphs made ahead on the second thread, for the objects a line names: a complete object's graph (its code
/// relocations sorted by the symbol they refer to, its names indexed) is most of what the cause attribution and the
/// nolibc stub walk of its report cost, and the second thread is idle once it has read the inputs. Whichever thread
/// asks first for a file's graph makes it; the other waits for it, so none is made twice.
final class PreparedCallGraphs: Sendable {
  /// One file's graph, made under its lock.
  private final class Slot: Sendable {
    let file: ElfFile
    let graph = Mutex<CallGraph?>(nil)

    init(file: ElfFile) { self.file = file }

    func made() throws(ElfError) -> CallGraph {
      try graph.withLock { graph throws(ElfError) -> CallGraph in
        if let graph { return graph }
        let made = try CallGraph(file)
        made.prepareNameIndex()
        graph = made
        return made
      }
    }
  }

  /// In the order the line names the files.
  private let slots: [Slot]

  init(files: [ElfFile]) { slots = files.map(Slot.init) }

  /// Makes every file's graph, in order (the second thread's work). A file whose graph cannot be made is left to
  /// the question that meets the error again and reports it.
  func prepare() {
    for slot in slots { _ = try? slot.made() }
  }

  /// The graph of `file`, made now if the second thread has not; nil if `file` is not one of the line's.
  func graph(of file: ElfFile) throws(ElfError) -> CallGraph? {
    try slots.first { $0.file === file }?.made()
  }
}
