import ElfKit

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
}
