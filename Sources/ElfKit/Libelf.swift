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
final class ElfHandle: @unchecked Sendable {
  let elf: OpaquePointer
  let origin: ElfOrigin
  let lock: LibelfLock
  /// The file descriptor libelf reads from (`-1` for memory); members pass it back to `elf_begin`.
  let fileDescriptor: Int32
  private let parent: ElfHandle?
  private let ownsFileDescriptor: Bool
  private let memory: UnsafeMutableRawBufferPointer?

  private init(
    elf: OpaquePointer, origin: ElfOrigin, lock: LibelfLock, fileDescriptor: Int32,
    parent: ElfHandle?,
    ownsFileDescriptor: Bool, memory: UnsafeMutableRawBufferPointer?
  ) {
    self.elf = elf
    self.origin = origin
    self.lock = lock
    self.fileDescriptor = fileDescriptor
    self.parent = parent
    self.ownsFileDescriptor = ownsFileDescriptor
    self.memory = memory
  }

  deinit {
    elf_end(elf)
    if ownsFileDescriptor { _ = close(fileDescriptor) }
    memory?.deallocate()
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

  /// Opens the archive member whose header starts at `headerOffset` of this archive.
  /// Call with `lock` held.
  func member(atHeaderOffset headerOffset: Int, origin: ElfOrigin) throws(ElfError) -> ElfHandle {
    guard elf_rand(elf, headerOffset) == headerOffset,
      let child = elf_begin(fileDescriptor, ELF_C_READ_MMAP, elf)
    else { throw origin.error(Libelf.lastError()) }
    return ElfHandle(
      elf: child, origin: origin, lock: lock, fileDescriptor: fileDescriptor, parent: self,
      ownsFileDescriptor: false, memory: nil)
  }

  /// Maps every page of the image now (`MADV_POPULATE_READ`, Linux 5.14); where the kernel refuses (or the image
  /// is a copy in memory), pages are mapped as they are read, as without it.
  func prefault() {
    lock.withLock {
      let image = rawImage()
      guard let base = image.baseAddress else { return }
      let page = Int(sysconf(Int32(_SC_PAGESIZE)))
      let start = Int(bitPattern: base) & ~(page - 1)
      let length = Int(bitPattern: base) + image.count - start
      _ = madvise(UnsafeMutableRawPointer(bitPattern: start), length, MADV_POPULATE_READ)
    }
  }

  /// Whether this descriptor is a member of an archive (its bytes belong to the parent's image).
  var isArchiveMember: Bool { parent != nil }

  /// The bytes of this descriptor's image (the whole file, or the member's part of it).
  /// Valid while the handle lives. Call with `lock` held.
  func rawImage() -> UnsafeRawBufferPointer {
    var size = 0
    guard let base = elf_rawfile(elf, &size), size > 0 else {
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
