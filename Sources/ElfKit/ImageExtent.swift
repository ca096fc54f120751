/// The bytes libelf may read for one descriptor: a whole file, or one member's part of an archive.
///
/// With `ELF_C_READ_MMAP` libelf follows the offsets a file claims into its mapping, so ElfKit checks every
/// offset and size against the image before it hands them over; a hostile file then gets a message, not a read
/// past the mapping or an allocation of the size it claims.
struct ImageExtent: Sendable {
  /// Size of the image in bytes.
  let size: UInt64

  init(size: Int) { self.size = UInt64(size) }

  /// Whether `count` bytes at `offset` lie inside the image (false when `offset + count` overflows).
  func contains(offset: UInt64, count: UInt64) -> Bool {
    offset <= size && count <= size - offset
  }

  /// Throws unless `count` bytes at `offset` lie inside the image; `what` names them in the message.
  func require(
    _ what: @autoclosure () -> String, offset: UInt64, count: UInt64,
    origin: @autoclosure () -> ElfOrigin
  ) throws(ElfError) {
    guard !contains(offset: offset, count: count) else { return }
    throw origin().error(
      "\(what()) (\(count) bytes at offset \(offset)) runs past the end of the file (\(size) bytes)"
    )
  }

  /// Throws unless a table of `count` entries of `entrySize` bytes at `offset` lies inside the image.
  func requireTable(
    _ what: String, offset: UInt64, count: UInt64, entrySize: UInt64,
    origin: @autoclosure () -> ElfOrigin
  ) throws(ElfError) {
    let (bytes, overflow) = count.multipliedReportingOverflow(by: entrySize)
    guard overflow || !contains(offset: offset, count: bytes) else { return }
    throw origin().error(
      "\(what) (offset \(offset), \(count) entries of \(entrySize) bytes) runs past the end of the file (\(size) bytes)"
    )
  }
}
