import Foundation

/// Corrupt archives: lying member headers, long names and indexes (GNU 32- and 64-bit, BSD); thin archives
/// naming missing files, `../` paths, devices, folders and themselves; nesting loops; and intact archives whose
/// member is a corrupt object.
struct ArchiveDefects {
  let originals: CorpusOriginals
  let scratch: Scratch

  private typealias Member = (name: String, bytes: [UInt8])

  func write(into writer: inout CorpusWriter) throws {
    let members: [Member] = try originals.members.map { ((($0 as NSString).lastPathComponent), try read($0)) }
    let symbols = [(name: "caller", member: 0), (name: "counter", member: 0), (name: "main", member: 1)]
    try add(headerDefects(of: try read(originals.archive)), original: originals.archive, to: &writer)
    for system in originals.systemArchives {
      try add(headerDefects(of: try read(system), headerLimit: 3), original: system, to: &writer)
    }
    try add(
      indexDefects(of: ArchiveEditor.gnu(members, symbols: symbols, index: .gnu64), width: 8),
      original: originals.archive, to: &writer)
    try add(bsdDefects(of: ArchiveEditor.bsd(members, symbols: symbols)), original: originals.archive, to: &writer)
    try writer.add(OverlappingNames.longNames(), defect: "2,000 member names overlapping in 1 MiB of long names", original: originals.archive)
    try writer.add(
      OverlappingNames.bsdIndex(member: members[0].bytes), defect: "BSD index of 2,001 names overlapping in 1 MiB",
      original: originals.archive)
    try thinArchives(members, into: &writer)
    try nesting(members, into: &writer)
    try corruptMembers(members, into: &writer)
  }

  private func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

  private func add(_ variants: [CorruptVariant], original: String, to writer: inout CorpusWriter) throws {
    let name = (original as NSString).lastPathComponent
    for variant in variants { try writer.add(variant.bytes, defect: "\(name): \(variant.defect)", original: original) }
  }

  // MARK: Headers, long names and the GNU index

  /// Truncations around headers; size fields, terminators and names that lie; a long-name table without
  /// terminators; then the index's defects.
  private func headerDefects(of image: [UInt8], headerLimit: Int = 8) -> [CorruptVariant] {
    var variants: [CorruptVariant] = []
    func add(_ defect: String, _ change: (inout [UInt8]) -> Void) {
      var bytes = image
      change(&bytes)
      if bytes != image { variants.append(CorruptVariant(defect: defect, bytes: bytes)) }
    }
    let headers = ArchiveEditor.headers(of: image).prefix(headerLimit)
    var cuts: Set<Int> = [7, image.count - 1]
    for header in headers { cuts.formUnion([header.offset + 1, header.offset + 59, header.offset + 61, header.dataOffset + header.size / 2]) }
    for cut in cuts.sorted() where cut > 0 && cut < image.count {
      variants.append(CorruptVariant(defect: "truncated to \(cut) of \(image.count) bytes", bytes: Array(image.prefix(cut))))
    }
    for header in headers {
      let label = "member header '\(header.name)' at \(header.offset)"
      for size in ["abc", "-1", "9999999999", String(header.size + 1), String(header.size - 1), "", "0", "12 34"] {
        add("\(label): size field '\(size)'") { Self.patch(&$0, at: header.offset + 48, field: size, width: 10) }
      }
      add("\(label): no terminator") { Self.patch(&$0, at: header.offset + 58, field: "xx", width: 2) }
      guard !["/", "//", "/SYM64/"].contains(header.name) else { continue }
      for name in ["/99999", "/\(image.count)", "#1/99999", "#1/\(header.size + 1)", "/abc"] {
        add("\(label): name '\(name)'") { Self.patch(&$0, at: header.offset, field: name, width: 16) }
      }
    }
    if let table = headers.first(where: { $0.name == "//" }) {
      add("long-name table without terminators") {
        $0.replaceSubrange(table.dataOffset..<table.dataOffset + table.size, with: repeatElement(0x78, count: table.size))
      }
    }
    if let index = headers.first(where: { $0.name == "/" }) {
      variants += indexDefects(of: image, width: 4, at: index)
    }
    return variants
  }

  /// A GNU index (`/` with 4-byte, `/SYM64/` with 8-byte words) that claims more entries or names than it holds,
  /// or points past the end or into the middle of a member.
  private func indexDefects(of image: [UInt8], width: Int, at header: ArchiveEditor.Header? = nil) -> [CorruptVariant] {
    guard let index = header ?? ArchiveEditor.headers(of: image).first else { return [] }
    let start = index.dataOffset
    let count = Int(image[start..<start + width].reduce(0) { $0 << 8 | UInt64($1) })
    let namesStart = start + width * (count + 1)
    var variants: [CorruptVariant] = []
    func add(_ defect: String, _ change: (inout [UInt8]) -> Void) {
      var bytes = image
      change(&bytes)
      variants.append(CorruptVariant(defect: "index (\(width * 8)-bit): \(defect)", bytes: bytes))
    }
    let all: UInt64 = width == 8 ? 1 << 60 : 0xffff_ffff
    for claimed in [all, UInt64(count + 1), UInt64((index.size - width) / width)] {
      add("claims \(claimed) entries") { $0.replaceSubrange(start..<start + width, with: ArchiveEditor.bigEndian(claimed, width: width)) }
    }
    add("names without terminators") {
      $0.replaceSubrange(namesStart..<index.dataOffset + index.size, with: repeatElement(0x41, count: index.dataOffset + index.size - namesStart))
    }
    for (label, offset) in [("past the end", width == 8 ? 1 << 60 : 0x7fff_ffff), ("into a member header", 9)] as [(String, UInt64)] {
      add("offsets \(label)") {
        for entry in 0..<count {
          $0.replaceSubrange(start + width * (entry + 1)..<start + width * (entry + 2), with: ArchiveEditor.bigEndian(offset, width: width))
        }
      }
    }
    add("size field 3") { Self.patch(&$0, at: index.offset + 48, field: "3", width: 10) }
    return variants
  }

  /// A BSD index whose table or strings run past its end, and `#1/` names longer than their member.
  private func bsdDefects(of image: [UInt8]) -> [CorruptVariant] {
    let headers = ArchiveEditor.headers(of: image)
    guard let index = headers.first else { return [] }
    var variants: [CorruptVariant] = []
    func add(_ defect: String, _ change: (inout [UInt8]) -> Void) {
      var bytes = image
      change(&bytes)
      variants.append(CorruptVariant(defect: "BSD archive: \(defect)", bytes: bytes))
    }
    let tableSize = Int(image[index.dataOffset..<index.dataOffset + 4].reversed().reduce(0) { $0 << 8 | UInt64($1) })
    add("ranlib table of 0xfffffff8 bytes") { $0.replaceSubrange(index.dataOffset..<index.dataOffset + 4, with: [0xf8, 0xff, 0xff, 0xff]) }
    add("strings of 0xffffffff bytes") {
      $0.replaceSubrange(index.dataOffset + 4 + tableSize..<index.dataOffset + 8 + tableSize, with: [0xff, 0xff, 0xff, 0xff])
    }
    add("first name offset past the strings") { $0.replaceSubrange(index.dataOffset + 4..<index.dataOffset + 8, with: [0xff, 0xff, 0, 0]) }
    for member in headers.dropFirst() {
      add("member at \(member.offset) named '#1/99999'") { Self.patch(&$0, at: member.offset, field: "#1/99999", width: 16) }
      add("member at \(member.offset) named '#1/\(member.size + 1)'") { Self.patch(&$0, at: member.offset, field: "#1/\(member.size + 1)", width: 16) }
    }
    return variants
  }

  /// Writes `field` left-justified and space-padded over `width` bytes at `offset`.
  private static func patch(_ image: inout [UInt8], at offset: Int, field: String, width: Int) {
    let bytes = Array((field + String(repeating: " ", count: width)).utf8.prefix(width))
    image.replaceSubrange(offset..<offset + width, with: bytes)
  }

  // MARK: Thin archives and nesting

  /// Thin archives naming a missing file, `../` paths (to a file outside the folder and to nowhere), a device,
  /// folders, themselves (once and sixteen times) and each other. `itself` and `next` stand for the names the
  /// archive and the one after it get in the corpus.
  private func thinArchives(_ members: [Member], into writer: inout CorpusWriter) throws {
    let (itself, next, previous) = ("<itself>", "<next>", "<previous>")
    let outside = "../" + members[0].name
    let cases: [(String, [String])] = [
      ("names a missing file", ["missing.o"]),
      ("names a ../ path outside the folder (it exists)", [outside]),
      ("names a ../ path to nowhere", ["../../../../../../../../nonexistent/escape.o"]),
      ("names an absolute path to a device", ["/dev/zero"]),
      ("names a folder", [".", "/"]),
      ("names a file that is not ELF", ["/etc/hostname"]),
      ("names itself", [itself]),
      ("names itself sixteen times", Array(repeating: itself, count: 16)),
      ("names the next, which names it back", [next]),
      ("names the previous, which names it", [previous]),
    ]
    for (defect, names) in cases {
      let paths = names.map { [itself: writer.archiveName(at: 0), next: writer.archiveName(at: 1), previous: writer.archiveName(at: -1)][$0] ?? $0 }
      let archive = ArchiveEditor.gnu(paths.map { ($0, [UInt8](repeating: 0, count: 100)) }, symbols: [], index: .none, thin: true)
      try writer.add(archive, defect: "thin archive \(defect)", original: originals.thinArchive)
    }
  }

  /// Regular archives nested ten deep (past ElfKit's limit of eight), and a regular archive holding a thin
  /// archive that names the outer one (a loop through both kinds).
  private func nesting(_ members: [Member], into writer: inout CorpusWriter) throws {
    var nested = try read(originals.archive)
    for depth in 1...10 {
      nested = ArchiveEditor.gnu([("depth\(depth).a", nested)], symbols: [], index: .none)
    }
    try writer.add(nested, defect: "archives nested 10 deep", original: originals.archive)
    let loop = ArchiveEditor.gnu([(writer.archiveName(at: 0), [UInt8](repeating: 0, count: 10))], symbols: [], index: .none, thin: true)
    try writer.add(
      ArchiveEditor.gnu(members + [("loop.a", loop)], symbols: [], index: .none),
      defect: "holds a thin archive that names the outer archive", original: originals.archive)
    let escaping: [Member] = zip(["../../escape.o", "/tmp/absolute.o"], members).map { ($0, $1.bytes) }
    try writer.add(
      ArchiveEditor.gnu(escaping, symbols: [], index: .none),
      defect: "member names '../../escape.o' and '/tmp/absolute.o'", original: originals.archive)
  }

  /// Intact archives whose middle member is one of the corrupt variants of an object: the error must name it.
  private func corruptMembers(_ members: [Member], into writer: inout CorpusWriter) throws {
    guard let editor = ElfEditor(members[0].bytes) else { return }
    let variants = ElfDefects.all(of: editor, randomVariants: 0)
    for variant in stride(from: 0, to: variants.count, by: 8).map({ variants[$0] }) {
      let archive = ArchiveEditor.gnu(
        [members[1], ("corrupt.o", variant.bytes), members[0]], symbols: [(name: "main", member: 0), (name: "caller", member: 2)])
      try writer.add(archive, defect: "member corrupt.o: \(variant.defect)", original: originals.archive, member: "corrupt.o")
    }
  }
}
