#if canImport(Glibc)
  import Glibc
#endif

/// A buffered byte writer over a file descriptor (standard output or error): a fixed buffer filled with
/// `memcpy`, written out when full.
final class OutputStream {
  private let fd: Int32
  private static let capacity = 1 << 16
  private let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: OutputStream.capacity)
  /// Bytes waiting in `storage`. Only this thread writes it (the stream is never shared across tasks).
  @exclusivity(unchecked) private var count = 0

  // The command line runs on one thread; these are never shared across tasks.
  nonisolated(unsafe) static let standardOutput = OutputStream(fd: 1)
  nonisolated(unsafe) static let standardError = OutputStream(fd: 2)

  private init(fd: Int32) { self.fd = fd }

  deinit { storage.deallocate() }

  func write(_ text: String) {
    var text = text
    text.withUTF8 { write(bytes: UnsafeRawBufferPointer($0)) }
  }

  func write(bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    if count + bytes.count > Self.capacity { flush() }
    if bytes.count > Self.capacity {
      writeAll(base, bytes.count)
      return
    }
    (storage + count).initialize(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    count += bytes.count
  }

  func write(byte: UInt8) {
    if count == Self.capacity { flush() }
    storage[count] = byte
    count += 1
  }

  /// Writes `value` as exactly `digits` lower-case hexadecimal digits (`digits` even: 8 or 16), a byte's two
  /// digits at a time.
  func writeHex(_ value: UInt64, digits: Int) {
    if count + digits > Self.capacity { flush() }
    let pairs = Self.hexPairs.utf8Start
    var end = storage + count + digits
    var remaining = value
    while end > storage + count {
      let byte = Int(truncatingIfNeeded: remaining & 0xff) &* 2
      end -= 2
      end[0] = pairs[byte]
      end[1] = pairs[byte &+ 1]
      remaining >>= 8
    }
    count += digits
  }

  /// The two lower-case hexadecimal digits of every byte, in byte order.
  private static let hexPairs: StaticString = """
    000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\
    202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\
    404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f\
    606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f\
    808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f\
    a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf\
    c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf\
    e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff
    """

  func writeSpaces(_ spaces: Int) {
    if count + spaces > Self.capacity { flush() }
    (storage + count).initialize(repeating: UInt8(ascii: " "), count: spaces)
    count += spaces
  }

  func flush() {
    writeAll(UnsafeRawPointer(storage), count)
    count = 0
  }

  private func writeAll(_ base: UnsafeRawPointer, _ length: Int) {
    var offset = 0
    while offset < length {
      let written = Glibc.write(fd, base + offset, length - offset)
      if written < 0 {
        if errno == EINTR { continue }
        return
      }
      offset += written
    }
  }
}

/// One-line diagnostics on standard error, prefixed with the program name.
enum Diagnostics {
  static func error(_ message: String) {
    OutputStream.standardOutput.flush()
    OutputStream.standardError.write("link-check: \(message)\n")
    OutputStream.standardError.flush()
  }
}
