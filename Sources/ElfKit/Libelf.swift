import CLibelf
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The process-wide libelf set-up and its error reporting.
enum Libelf {
  /// `elf_version` must be called once before `elf_begin`.
  static let isReady: Bool = elf_version(UInt32(EV_CURRENT)) != UInt32(EV_NONE)

  /// The message of libelf's last error, cleared by reading it.
  static func lastError() -> String { message(elf_errno()) }

  /// The message of libelf error `code` (from `elf_errno()`, which clears it).
  static func message(_ code: Int32) -> String {
    guard code != 0, let message = elf_errmsg(code) else { return "unknown libelf error" }
    return String(cString: message)
  }
}

/// Serialises the libelf calls of one file and everything opened from it.
///
/// Debian's libelf is built without thread safety, and members of an archive share their parent's state
/// (`elf_rand`), so one lock guards a whole descriptor tree.
final class LibelfLock: Sendable {
  private let mutex = Mutex(())

  func withLock<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
    try mutex.withLock { _ throws(E) -> R in try body() }
  }
}

/// Owns one libelf descriptor (`Elf *`) and what keeps its bytes alive: the file descriptor, the in-memory
/// copy, or the parent archive. Pointers that libelf hands out stay valid while the handle lives.
///
/// An archive member libelf would hand out unchanged (`InPlaceImage`) gets its descriptor only when something
/// asks for one (`descriptor()`): a listing reads its header, section headers and symbol table in place.
final class ElfHandle: @unchecked Sendable {
  /// The libelf descriptor; nil until first asked for when the image is read in place. Guarded by `lock`.
  private var opened: OpaquePointer?
  /// The member read in place, nil when libelf reads the image.
  let inPlace: InPlaceImage?
  let origin: ElfOrigin
  let lock: LibelfLock
  /// The file descriptor libelf reads from (`-1` for memory); members pass it back to `elf_begin`.
  let fileDescriptor: Int32
  private let parent: ElfHandle?
  /// Where this member's header lies in the parent archive (0 for a file or a copy).
  private let headerOffset: Int
  private let ownsFileDescriptor: Bool
  private let memory: UnsafeMutableRawBufferPointer?

  private init(
    elf: OpaquePointer?, inPlace: InPlaceImage? = nil, origin: ElfOrigin, lock: LibelfLock,
    fileDescriptor: Int32, parent: ElfHandle?, headerOffset: Int = 0,
    ownsFileDescriptor: Bool, memory: UnsafeMutableRawBufferPointer?
  ) {
    self.opened = elf
    self.inPlace = inPlace
    self.origin = origin
    self.lock = lock
    self.fileDescriptor = fileDescriptor
    self.parent = parent
    self.headerOffset = headerOffset
    self.ownsFileDescriptor = ownsFileDescriptor
    self.memory = memory
  }

  deinit {
    if let opened { elf_end(opened) }
    if ownsFileDescriptor { _ = close(fileDescriptor) }
    memory?.deallocate()
  }

  /// The libelf descriptor, opened now for a member read in place so far (libelf then parses the member's header
  /// again, as when the member was opened). Call with `lock` held.
  func descriptor() throws(ElfError) -> OpaquePointer {
    if let opened { return opened }
    guard let parent else { preconditionFailure("only archive members are opened late") }
    try parent.selectMember(atHeaderOffset: headerOffset, origin: origin)
    let elf = try parent.beginSelectedMember(origin: origin)
    opened = elf
    return elf
  }

  /// libelf's kind of the image (`elf_kind`); a member read in place is ELF. Call with `lock` held.
  var kind: Elf_Kind {
    guard let opened else { return ELF_K_ELF }
    return elf_kind(opened)
  }

  /// Maps the open file `fd` read-only (`ELF_C_READ_MMAP`); the handle takes ownership of `fd`.
  static func mapping(fd: Int32, origin: ElfOrigin) throws(ElfError) -> ElfHandle {
    guard Libelf.isReady else { throw origin.error("libelf could not be initialised") }
    guard let elf = elf_begin(fd, ELF_C_READ_MMAP, nil) else {
      let message = Libelf.lastError()
      _ = close(fd)
      throw origin.error(message)
    }
    return ElfHandle(
      elf: elf, origin: origin, lock: LibelfLock(), fileDescriptor: fd, parent: nil,
      ownsFileDescriptor: true,
      memory: nil)
  }

  /// Reads `bytes` from a private copy padded with zero bytes (`elf_memory`).
  static func copying(
    _ bytes: some Collection<UInt8>, origin: ElfOrigin, lock: LibelfLock = LibelfLock()
  ) throws(ElfError) -> ElfHandle {
    guard Libelf.isReady else { throw origin.error("libelf could not be initialised") }
    let padding = 64
    let memory = UnsafeMutableRawBufferPointer.allocate(
      byteCount: bytes.count + padding, alignment: 16)
    memory.initializeMemory(as: UInt8.self, repeating: 0)
    memory.copyBytes(from: bytes)
    guard
      let elf = memory.baseAddress!.withMemoryRebound(
        to: CChar.self, capacity: bytes.count,
        {
          elf_memory($0, bytes.count)
        })
    else {
      memory.deallocate()
      throw origin.error(Libelf.lastError())
    }
    return ElfHandle(
      elf: elf, origin: origin, lock: lock, fileDescriptor: -1, parent: nil,
      ownsFileDescriptor: false,
      memory: memory)
  }

  /// Opens the archive member whose header starts at `headerOffset` of this archive and whose contents, as libelf
  /// reads that header, are the `size` bytes after it. A member libelf would hand out unchanged is read in place;
  /// libelf still parses its header (`elf_rand`), so a header it refuses fails here as before, unless
  /// `headerChecked` says it accepts it (`LibelfHeaderCheck`). Call with `lock` held.
  func member(atHeaderOffset headerOffset: Int, size: Int, headerChecked: Bool, origin: ElfOrigin)
    throws(ElfError) -> ElfHandle
  {
    let start = headerOffset + ArchiveLayout.headerSize
    let inPlace = InPlaceImage(UnsafeRawBufferPointer(rebasing: rawImage()[start..<start + size]))
    if inPlace == nil || !headerChecked {
      try selectMember(atHeaderOffset: headerOffset, origin: origin)
    }
    return ElfHandle(
      elf: inPlace == nil ? try beginSelectedMember(origin: origin) : nil, inPlace: inPlace,
      origin: origin, lock: lock, fileDescriptor: fileDescriptor, parent: self,
      headerOffset: headerOffset, ownsFileDescriptor: false, memory: nil)
  }

  /// `elf_rand`: libelf parses the member header at `headerOffset`. Call with `lock` held.
  private func selectMember(atHeaderOffset headerOffset: Int, origin: ElfOrigin) throws(ElfError) {
    guard elf_rand(try descriptor(), headerOffset) == headerOffset else {
      throw origin.error(Libelf.lastError())
    }
  }

  /// `elf_begin` of the member `selectMember` chose. Call with `lock` held.
  private func beginSelectedMember(origin: ElfOrigin) throws(ElfError) -> OpaquePointer {
    guard let child = elf_begin(fileDescriptor, ELF_C_READ_MMAP, try descriptor()) else {
      throw origin.error(Libelf.lastError())
    }
    return child
  }

  /// Whether this descriptor is a member of an archive (its bytes belong to the parent's image).
  var isArchiveMember: Bool { parent != nil }

  /// The bytes of this descriptor's image (the whole file, or the member's part of it).
  /// Valid while the handle lives. Call with `lock` held.
  func rawImage() -> UnsafeRawBufferPointer {
    if let inPlace { return inPlace.bytes }
    var size = 0
    guard let opened, let base = elf_rawfile(opened, &size), size > 0 else {
      return UnsafeRawBufferPointer(start: nil, count: 0)
    }
    return UnsafeRawBufferPointer(start: base, count: size)
  }
}

/// The libelf ElfKit runs on: which elfutils release, and whether it is linked into the program.
public enum LibelfLibrary {
  /// The elfutils release of the headers ElfKit was built with (`_ELFUTILS_VERSION`), such as `0.188`.
  public static let elfutilsVersion = "\(_ELFUTILS_VERSION / 1000).\(_ELFUTILS_VERSION % 1000)"

  /// The shared library libelf's code was loaded from, as the kernel maps it (symbolic links resolved, so the
  /// file name carries the release: `libelf-0.188.so`), or nil when libelf is linked into the program itself.
  public static var sharedLibrary: String? {
    guard let maps = fopen("/proc/self/maps", "r") else { return nil }
    defer { fclose(maps) }
    var line = [CChar](repeating: 0, count: 4096)
    while fgets(&line, Int32(line.count), maps) != nil {
      // `ADDRESS PERMS OFFSET DEVICE INODE PATH`: the path is the line's first `/`, to its end.
      guard let path = strchr(line, Int32(UInt8(ascii: "/"))),
        let file = strrchr(path, Int32(UInt8(ascii: "/"))),
        strncmp(file, "/libelf", 7) == 0
      else { continue }
      let name = String(cString: path)
      return name.hasSuffix("\n") ? String(name.dropLast()) : name
    }
    return nil
  }
}
