import ElfKit

/// Opening the ELF files a link reads or writes, with ElfKit's errors reported as link-check's.
enum ElfInput {
  /// The ELF object at `path`; an archive or a file that is not ELF is an error.
  static func open(_ path: String) throws(LinkPlannerError) -> ElfFile {
    switch try reading({ () throws(ElfError) in try BinaryFile.open(path: path) }) {
    case .object(let file): return file
    case .archive: throw LinkPlannerError("\(path): an archive, not an ELF object")
    case .notELF(let reason): throw LinkPlannerError("\(path): \(reason)")
    }
  }

  /// Runs ElfKit code, reporting its errors as `LinkPlannerError`s.
  static func reading<T>(_ body: () throws(ElfError) -> T) throws(LinkPlannerError) -> T {
    do { return try body() } catch { throw LinkPlannerError(error.description) }
  }
}
