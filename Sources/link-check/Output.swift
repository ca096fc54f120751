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

  /// Writes `value` as exactly `digits` lower-case hexadecimal digits.
  func writeHex(_ value: UInt64, digits: Int) {
    if count + digits > Self.capacity { flush() }
    let hex = ("0123456789abcdef" as StaticString).utf8Start
    let end = storage + count + digits
    var remaining = value
    for position in 1...digits {
      end[-position] = hex[Int(truncatingIfNeeded: remaining & 0xf)]
      remaining >>= 4
    }
    count += digits
  }

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
