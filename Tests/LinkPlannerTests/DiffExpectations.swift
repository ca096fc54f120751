import LinkPlanner
import TestSupport

extension NMExpectation {
  /// The sets a report shows, keyed as the nm oracle keys them, over all its files.
  init(_ report: DiffReport) {
    self.init()
    for file in report.files {
      for change in file.changes {
        let key = NMExpectation.key(change.member, change.name)
        switch change.kind {
        case .added: added.insert(key)
        case .removed: removed.insert(key)
        case .changed: changed.insert(key)
        }
      }
      newUndefined.formUnion(file.newUndefined.map(\.name))
      removedDefinitions.formUnion(file.removedDefinitions.map(\.name))
    }
  }
}

/// Compiles both versions of the diff recipes' C library into `v1/lib.o` and `v2/lib.o`.
func buildLibraryVersions(_ scratch: Scratch) throws -> (old: String, new: String) {
  (try scratch.compileC("v1/lib.o", DiffRecipes.libraryV1), try scratch.compileC("v2/lib.o", DiffRecipes.libraryV2))
}
