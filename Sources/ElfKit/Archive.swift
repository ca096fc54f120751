#if canImport(Glibc)
  import Glibc
#endif

/// An `ar` archive: regular, or thin (members stay on disk, named relative to the archive).
/// Member headers are read when the archive is opened; each member's contents only when it is opened.
public struct Archive: Sendable {
  let source: ArchiveSource
  /// Whether members are files beside the archive rather than bytes inside it (`!<thin>`).
  public let isThin: Bool
  /// The real members in file order (the index and the long-name table are not members).
  public let members: [ArchiveMember]
  /// Where the symbol index lies in the image (read only by `symbolIndex()`: listing never copies it).
  private let index: (format: ArchiveLayout.IndexFormat, range: Range<Int>)?

  /// The archive file (and, for a nested archive, its member name).
  public var origin: ElfOrigin { source.handle.origin }

  init(source: ArchiveSource) throws(ElfError) {
    self.source = source
    let handle = source.handle
    let layout: ArchiveLayout
    do {
      layout = try handle.lock.withLock { () throws(ArchiveFormatError) in
        try ArchiveLayout(image: handle.rawImage())
      }
    } catch {
      throw handle.origin.error(error.problem)
    }
    isThin = layout.isThin
    index = layout.index
    members = layout.entries.enumerated().map { position, entry in
      ArchiveMember(
        name: entry.name, position: position, headerOffset: entry.headerOffset,
        dataOffset: entry.dataOffset,
        size: entry.size, libelfAgreesOnHeader: entry.libelfAgrees, source: source)
    }
  }

  /// Whether the archive has a symbol index (GNU `/`, `/SYM64/` or BSD `__.SYMDEF`).
  public var hasSymbolIndex: Bool { index != nil }

  /// The symbol index, checked against the archive: nil when there is none; throws when it claims more
  /// entries or names than it holds.
  public func symbolIndex() throws(ElfError) -> ArchiveSymbolIndex? {
    guard let index else { return nil }
    var memberAtOffset: [Int: Int] = [:]
    for member in members { memberAtOffset[member.headerOffset] = member.position }
    let handle = source.handle
    do throws(ArchiveFormatError) {
      return try handle.lock.withLock { () throws(ArchiveFormatError) in
        try ArchiveSymbolIndex.parse(
          UnsafeRawBufferPointer(rebasing: handle.rawImage()[index.range]), format: index.format,
          memberAtOffset: memberAtOffset)
      }
    } catch {
      throw origin.error(error.problem)
    }
  }
}

extension Archive {
  /// Calls `body` with each symbol index entry: the name's bytes (valid only during the call) and the header
  /// offset of the member said to define it, in index order, without making a `String` of every name (what
  /// `symbolIndex()` does). False when there is no index; throws, after the entries before the fault, where
  /// `symbolIndex()` throws. `body` runs under the libelf lock: it must not open members.
  public func forEachSymbolIndexEntry(
    _ body: (_ name: UnsafeRawBufferPointer, _ memberHeaderOffset: Int) -> Void
  ) throws(ElfError) -> Bool {
    guard let index else { return false }
    let handle = source.handle
    do throws(ArchiveFormatError) {
      try handle.lock.withLock { () throws(ArchiveFormatError) in
        try ArchiveSymbolIndex.walk(
          UnsafeRawBufferPointer(rebasing: handle.rawImage()[index.range]), format: index.format,
          body)
      }
    } catch {
      throw origin.error(error.problem)
    }
    return true
  }
}

/// What an archive's members are opened from: its libelf descriptor, or for thin archives its folder.
final class ArchiveSource: Sendable {
  let handle: ElfHandle
  /// The folder thin members are named relative to.
  let directory: String
  /// The archives that enclose this one, and this one's file.
  let nesting: ArchiveNesting
  /// Whether the archive is thin (its members are files beside it).
  let isThin: Bool

  init(handle: ElfHandle, directory: String, nesting: ArchiveNesting) {
    self.handle = handle
    self.directory = directory
    self.nesting = nesting
    isThin = handle.isThinArchive
  }
}

/// The chain of archives a file is opened through: how deep it lies, and which files on disk hold the chain.
/// A thin archive that names itself, directly or through others, is refused at once rather than opened
/// `maximumDepth` times over for every member that names it.
struct ArchiveNesting: Sendable {
  /// Device and inode of a file.
  struct FileIdentity: Sendable, Hashable {
    var device: UInt64
    var inode: UInt64
  }

  static let maximumDepth = 8

  /// How many archives enclose the file.
  private(set) var depth = 0
  private var files: Set<FileIdentity> = []

  /// Whether `file` is already on the chain.
  func contains(_ file: FileIdentity) -> Bool { files.contains(file) }

  /// The chain with `file` (opened from disk) on it.
  func including(_ file: FileIdentity) -> ArchiveNesting {
    var next = self
    next.files.insert(file)
    return next
  }

  /// The chain one archive deeper: what a member of this file is opened with.
  var member: ArchiveNesting {
    var next = self
    next.depth += 1
    return next
  }
}

/// One member of an archive. Its contents are read only by `open()`.
public struct ArchiveMember: Sendable {
  /// The member name (GNU long names and BSD `#1/` names resolved; for thin archives, the stored path).
  public let name: String
  /// Position among the archive's members, from 0.
  public let position: Int
  /// Offset of the member's 60-byte header in the archive (what the symbol index refers to).
  public let headerOffset: Int
  /// Offset of the member's contents in the archive (for thin archives, where they would be).
  public let dataOffset: Int
  /// Size of the contents in bytes (for thin archives, as recorded in the header).
  public let size: Int
  /// Whether libelf parses the member's header as ElfKit did (`LibelfHeaderCheck`).
  let libelfAgreesOnHeader: Bool
  let source: ArchiveSource

  /// The archive and this member, for messages.
  public var origin: ElfOrigin { source.handle.origin.member(name) }

  /// For a thin archive, the file holding the member's contents.
  public var externalPath: String? {
    guard source.isThin else { return nil }
    return name.hasPrefix("/") ? name : source.directory + "/" + name
  }

  /// Reads the member: an ELF file, a nested archive, or something else (with the reason).
  public func open() throws(ElfError) -> BinaryFile {
    let origin = self.origin
    guard source.nesting.depth < ArchiveNesting.maximumDepth else {
      throw origin.error("archives nested more than \(ArchiveNesting.maximumDepth) deep")
    }
    if let path = externalPath {
      return try BinaryFile.open(path: path, origin: origin, nesting: source.nesting.member)
    }
    let handle = source.handle
    let child = try handle.lock.withLock { () throws(ElfError) in
      // libelf misreads the long-name table of an archive nested in another, and takes a BSD `#1/` name for the
      // start of the member's contents: read such members from a copy.
      let hasBSDName = dataOffset != headerOffset + ArchiveLayout.headerSize
      guard handle.isArchiveMember || hasBSDName else {
        return try handle.member(
          atHeaderOffset: headerOffset, size: size, headerChecked: libelfAgreesOnHeader,
          origin: origin)
      }
      return try ElfHandle.copying(
        handle.rawImage()[dataOffset..<dataOffset + size], origin: origin, lock: handle.lock)
    }
    return try BinaryFile.classify(
      child, directory: source.directory, nesting: source.nesting.member)
  }
}
