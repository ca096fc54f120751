import CLibelf

#if canImport(Glibc)
  import Glibc
#endif

/// What a path or an archive member holds.
public enum BinaryFile: Sendable {
  /// An ELF relocatable object, executable or shared object.
  case object(ElfFile)
  /// An `ar` archive, regular or thin.
  case archive(Archive)
  /// Neither: the reason says what it looks like instead.
  case notELF(reason: String)

  /// Opens the file at `path` read-only, mapping it (`ELF_C_READ_MMAP`).
  /// Throws when the file cannot be opened; a readable file that is not ELF is `.notELF`.
  public static func open(path: String) throws(ElfError) -> BinaryFile {
    try open(path: path, origin: ElfOrigin(file: path), nesting: ArchiveNesting())
  }

  /// Reads in-memory bytes (`elf_memory` on a private, zero-padded copy). `name` is used in messages.
  public static func parse(bytes: some Collection<UInt8>, name: String) throws(ElfError)
    -> BinaryFile
  {
    let origin = ElfOrigin(file: name)
    guard !bytes.isEmpty else { return .notELF(reason: "empty file") }
    return try classify(
      ElfHandle.copying(bytes, origin: origin), directory: ".", nesting: ArchiveNesting())
  }

  static func open(
    path: String, origin: ElfOrigin, nesting: ArchiveNesting
  ) throws(ElfError) -> BinaryFile {
    var status = stat()
    guard stat(path, &status) == 0 else { throw origin.error(String(cString: strerror(errno))) }
    switch status.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw origin.error("is a directory")
    default: throw origin.error("not a regular file")
    }
    let identity = ArchiveNesting.FileIdentity(
      device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    guard !nesting.contains(identity) else {
      throw origin.error("\(path) is an archive that encloses this member (a loop)")
    }
    guard status.st_size > 0 else { return .notELF(reason: "empty file") }
    let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw origin.error(String(cString: strerror(errno))) }
    let handle = try ElfHandle.mapping(fd: fd, origin: origin)
    let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
    return try classify(
      handle, directory: directory.isEmpty ? "/" : directory, nesting: nesting.including(identity))
  }

  static func classify(_ handle: ElfHandle, directory: String, nesting: ArchiveNesting)
    throws(ElfError) -> BinaryFile
  {
    switch handle.lock.withLock({ handle.kind }) {
    case ELF_K_ELF:
      return .object(try ElfFile(handle: handle))
    case ELF_K_AR:
      return .archive(
        try Archive(source: ArchiveSource(handle: handle, directory: directory, nesting: nesting)))
    default:
      if handle.isThinArchive {
        return .archive(
          try Archive(source: ArchiveSource(handle: handle, directory: directory, nesting: nesting))
        )
      }
      return .notELF(reason: handle.lock.withLock { Self.describeForeign(handle.rawImage()) })
    }
  }

  /// Says what a file that is neither ELF nor an archive looks like.
  static func describeForeign(_ image: UnsafeRawBufferPointer) -> String {
    let elfMagic: [UInt8] = [0x7f, 0x45, 0x4c, 0x46]
    if image.starts(with: elfMagic) {
      guard image.count >= 16 else { return "truncated ELF identification (\(image.count) bytes)" }
      return
        "unsupported ELF identification (class \(image[4]), data encoding \(image[5]), version \(image[6]))"
    }
    let head = String(decoding: image.prefix(256), as: UTF8.self)
    let trimmed = head.drop { $0 == " " || $0 == "\n" || $0 == "\t" }
    if trimmed.hasPrefix("/*") || trimmed.hasPrefix("GROUP") || trimmed.hasPrefix("INPUT")
      || trimmed.hasPrefix("OUTPUT_FORMAT")
    {
      return "not an object or archive: a linker script"
    }
    return "file format not recognized (neither ELF nor an ar archive)"
  }
}

extension ElfHandle {
  /// Whether the image starts with the thin-archive magic (libelf does not read thin archives).
  var isThinArchive: Bool {
    lock.withLock {
      let image = rawImage()
      return image.count >= 8 && memcmp(image.baseAddress!, ArchiveLayout.thinMagic, 8) == 0
    }
  }
}
