#if canImport(Glibc)
  import Glibc
#endif

/// The bytes of one string table (`.strtab`, `.dynstr`, `.shstrtab`), kept alive with the file they come from.
final class StringTableStorage: @unchecked Sendable {
  let owner: AnyObject
  let bytes: UnsafeRawBufferPointer

  init(owner: AnyObject, bytes: UnsafeRawBufferPointer) {
    self.owner = owner
    self.bytes = bytes
  }

  /// The string at `offset`: the bytes up to the first NUL, or nil if it is past the end or unterminated.
  func string(at offset: UInt32) -> ElfString? {
    length(at: offset).map { ElfString(storage: self, offset: offset, count: UInt32($0)) }
  }

  /// The length of the string at `offset` (without its NUL), or nil if it is past the end or unterminated.
  func length(at offset: UInt32) -> Int? { Self.length(at: offset, in: bytes) }

  /// The length of the string at `offset` of `bytes` (without its NUL), or nil if it is past the end or
  /// unterminated.
  static func length(at offset: UInt32, in bytes: UnsafeRawBufferPointer) -> Int? {
    let start = Int(offset)
    guard start < bytes.count, let base = bytes.baseAddress else { return nil }
    guard let nul = memchr(base + start, 0, bytes.count - start) else { return nil }
    return base.distance(to: UnsafeRawPointer(nul)) - start
  }
}

/// A name as the file stores it: raw bytes, compared and hashed byte for byte (C order), without copying them
/// out of the string table. `string` decodes it (invalid UTF-8 is repaired there, never in the bytes).
public struct ElfString: Sendable, Hashable, Comparable, CustomStringConvertible {
  let storage: StringTableStorage
  let offset: UInt32
  /// Length in bytes, without the terminating NUL.
  public let count: UInt32

  /// The bytes of the name (valid while this value lives).
  public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try body(
      UnsafeRawBufferPointer(rebasing: storage.bytes[Int(offset)..<Int(offset) + Int(count)]))
  }

  /// The bytes of the name where the string table holds them, without a closure (hot loops hash and compare
  /// names with it); valid only while the file the name was read from is open, as `withBytes`'s are not.
  public var unsafeBytes: UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: storage.bytes[Int(offset)..<Int(offset) + Int(count)])
  }

  /// The name as a Swift string.
  public var string: String {
    withBytes { String(decoding: $0, as: UTF8.self) }
  }

  public var description: String { string }

  public var isEmpty: Bool { count == 0 }

  /// The first byte, or nil for an empty name.
  public var firstByte: UInt8? { count == 0 ? nil : storage.bytes[Int(offset)] }

  public static func == (lhs: ElfString, rhs: ElfString) -> Bool {
    lhs.count == rhs.count && lhs.compare(rhs) == 0
  }

  /// C byte order (`strcmp`), the order of `LC_ALL=C nm`.
  public static func < (lhs: ElfString, rhs: ElfString) -> Bool {
    lhs.compare(rhs) < 0
  }

  /// `memcmp` over the common length, then the shorter first.
  private func compare(_ other: ElfString) -> Int {
    withBytes { a in
      other.withBytes { b in
        let common = min(a.count, b.count)
        if common > 0 {
          let order = memcmp(a.baseAddress!, b.baseAddress!, common)
          if order != 0 { return Int(order) }
        }
        return a.count - b.count
      }
    }
  }

  public func hash(into hasher: inout Hasher) {
    withBytes { hasher.combine(bytes: $0) }
  }

  /// Whether the name equals `text` byte for byte.
  public func equals(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { utf8 in
      withBytes {
        $0.count == utf8.count
          && ($0.count == 0 || memcmp($0.baseAddress!, utf8.baseAddress!, utf8.count) == 0)
      }
    }
  }
}
