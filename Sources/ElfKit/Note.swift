/// Where a note was read from.
public enum NoteSource: Sendable, Hashable, CustomStringConvertible {
  /// A `SHT_NOTE` section, by name.
  case section(String)
  /// A `PT_NOTE` program header, by index.
  case segment(Int)

  public var description: String {
    switch self {
    case .section(let name): name
    case .segment(let index): "PT_NOTE #\(index)"
    }
  }
}

/// One ELF note: owner name, type and descriptor bytes.
public struct Note: Sendable, Hashable {
  /// The owner, without its terminating NUL (`"GNU"`, `"Solo5"`).
  public var name: String
  public var type: UInt32
  public var descriptor: [UInt8]
  public var source: NoteSource

  /// Reads the note entries of `bytes` (file byte order) aligned to `alignment` (4 or 8).
  static func parse(
    _ bytes: UnsafeRawBufferPointer, byteOrder: ByteOrder, alignment: Int, source: NoteSource
  ) -> Result<[Note], NoteFormatError> {
    var notes: [Note] = []
    var position = 0
    let reader = ByteReader(bytes: bytes, byteOrder: byteOrder)
    while position < bytes.count {
      guard bytes.count - position >= 12 else { return .failure(.truncatedHeader(offset: position)) }
      let nameSize = Int(reader.u32(at: position))
      let descriptorSize = Int(reader.u32(at: position + 4))
      let type = reader.u32(at: position + 8)
      let nameStart = position + 12
      // The descriptor starts at the next multiple of the alignment after the name (gABI; readelf's
      // ELF_NOTE_DESC_OFFSET): "GNU" in an 8-aligned .note.gnu.property ends at 16, not 12 + 8.
      let descriptorStart = (nameStart + nameSize).roundedUp(to: alignment)
      let end = descriptorStart + descriptorSize.roundedUp(to: alignment)
      guard nameSize <= bytes.count - nameStart, descriptorStart + descriptorSize <= bytes.count else {
        return .failure(.sizePastEnd(offset: position))
      }
      var name = Array(bytes[nameStart..<nameStart + nameSize])
      if name.last == 0 { name.removeLast() }
      notes.append(
        Note(
          name: String(decoding: name, as: UTF8.self), type: type,
          descriptor: Array(bytes[descriptorStart..<descriptorStart + descriptorSize]), source: source))
      position = min(end, bytes.count)
    }
    return .success(notes)
  }
}

/// A note table that does not fit its section or segment.
enum NoteFormatError: Error {
  case truncatedHeader(offset: Int)
  case sizePastEnd(offset: Int)

  var problem: String {
    switch self {
    case .truncatedHeader(let offset): "note header at offset \(offset) is truncated"
    case .sizePastEnd(let offset): "note at offset \(offset) claims sizes past the end"
    }
  }
}

extension Int {
  func roundedUp(to alignment: Int) -> Int {
    let (sum, overflow) = addingReportingOverflow(alignment - 1)
    return overflow ? Int.max : sum / alignment * alignment
  }
}

/// Reads fixed-width integers in a given byte order from unaligned bytes.
struct ByteReader {
  let bytes: UnsafeRawBufferPointer
  let byteOrder: ByteOrder

  func u32(at offset: Int) -> UInt32 {
    let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
    return byteOrder == .littleEndian ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw)
  }

  func u64(at offset: Int) -> UInt64 {
    let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    return byteOrder == .littleEndian ? UInt64(littleEndian: raw) : UInt64(bigEndian: raw)
  }
}
