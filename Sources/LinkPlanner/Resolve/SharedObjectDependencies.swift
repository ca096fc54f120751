import ElfKit

/// What a shared object's dynamic section says about the libraries it needs: `DT_NEEDED`, `DT_SONAME`,
/// `DT_RUNPATH`/`DT_RPATH`. ld loads the needed libraries it finds after all inputs, to resolve the shared
/// object's own undefined symbols.
struct SharedObjectDependencies {
  var needed: [String] = []
  var soname: String?
  /// `DT_RUNPATH` (or `DT_RPATH`) folders, `$ORIGIN` not yet expanded.
  var runPath: [String] = []

  private static let tagNeeded: UInt64 = 1
  private static let tagSoname: UInt64 = 14
  private static let tagRPath: UInt64 = 15
  private static let tagRunPath: UInt64 = 29

  /// Reads `file`'s `SHT_DYNAMIC` section (none: no dependencies).
  init(_ file: ElfFile) throws(ElfError) {
    guard let dynamic = file.sections.first(where: { $0.type == .dynamic }),
      Int(dynamic.link) < file.sections.count
    else { return }
    let entries = try file.contents(ofSection: dynamic.index)
    let strings = try file.contents(ofSection: Int(dynamic.link))
    let wide = file.header.elfClass == .elf64
    let little = file.header.byteOrder == .littleEndian
    let word = wide ? 8 : 4
    func value(at offset: Int) -> UInt64 {
      let bytes = entries[offset..<(offset + word)]
      return (little ? bytes.reversed() : Array(bytes)).reduce(0) { $0 << 8 | UInt64($1) }
    }
    func string(at offset: UInt64) -> String? {
      guard offset < UInt64(strings.count) else { return nil }
      let start = Int(offset)
      let end = strings[start...].firstIndex(of: 0) ?? strings.endIndex
      return String(decoding: strings[start..<end], as: UTF8.self)
    }
    var rpath: [String] = []
    for offset in stride(from: 0, to: entries.count - 2 * word + 1, by: 2 * word) {
      let tag = value(at: offset)
      if tag == 0 { break }
      guard let text = string(at: value(at: offset + word)) else { continue }
      switch tag {
      case Self.tagNeeded: needed.append(text)
      case Self.tagSoname: soname = text
      case Self.tagRunPath: runPath += text.split(separator: ":").map(String.init)
      case Self.tagRPath: rpath += text.split(separator: ":").map(String.init)
      default: break
      }
    }
    // ld uses DT_RPATH only when there is no DT_RUNPATH.
    if runPath.isEmpty { runPath = rpath }
  }
}
