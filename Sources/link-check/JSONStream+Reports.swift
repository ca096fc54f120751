import ElfKit
import LinkPlanner

extension JSONStream {
  /// `"key": [{"file": …, "member": …, "problem": …}, …]`: how the JSON reports list files that could not be read.
  func errors(_ key: String, _ errors: [ElfError]) {
    self.key(key)
    beginArray()
    for error in errors {
      beginObject()
      field("file", error.file)
      field("member", error.member)
      field("problem", error.problem)
      endObject()
    }
    endArray()
  }

  /// `"key": ["a", "b"]`, or `"key": null` when `values` is nil.
  func stringArray(_ key: String, _ values: [String]?) {
    self.key(key)
    guard let values else { return null() }
    beginArray()
    for value in values { string(value) }
    endArray()
  }

  /// `"sysroot": {"origin": …, "solo5": …, "ocaml": …, "pkgConfig": …, "compiler": …, "evidence": …}`, or null (unix,
  /// a linker command given as it stands).
  func sysroot(_ location: SysrootLocation?) {
    key("sysroot")
    guard let location else { return null() }
    object {
      field("origin", location.origin.rawValue)
      field("solo5", location.solo5)
      field("ocaml", location.ocaml)
      field("pkgConfig", location.pkgConfig)
      field("compiler", location.compiler)
      field("evidence", location.evidence)
    }
  }
}
