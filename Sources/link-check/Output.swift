#if canImport(Glibc)
  import Glibc
#endif

/// A buffered byte writer over a file descriptor (standard output or error).
final class OutputStream {
  private let fd: Int32
  private var buffer: [UInt8] = []
  private let flushThreshold = 1 << 16

  // The command line runs on one thread; these are never shared across tasks.
  nonisolated(unsafe) static let standardOutput = OutputStream(fd: 1)
  nonisolated(unsafe) static let standardError = OutputStream(fd: 2)

  private init(fd: Int32) {
    self.fd = fd
    buffer.reserveCapacity(flushThreshold + 4096)
  }

  func write(_ text: String) {
    var text = text
    text.withUTF8 { write(bytes: UnsafeRawBufferPointer($0)) }
  }

  func write(bytes: UnsafeRawBufferPointer) {
    buffer.append(contentsOf: bytes)
    if buffer.count >= flushThreshold { flush() }
  }

  func write(byte: UInt8) {
    buffer.append(byte)
  }

  /// Writes `value` as exactly `digits` lower-case hexadecimal digits.
  func writeHex(_ value: UInt64, digits: Int) {
    let hex: StaticString = "0123456789abcdef"
    for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
      buffer.append(hex.utf8Start[Int((value >> UInt64(shift)) & 0xf)])
    }
  }

  func writeSpaces(_ count: Int) {
    buffer.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
  }

  func flush() {
    buffer.withUnsafeBytes { bytes in
      var offset = 0
      while offset < bytes.count {
        let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return
        }
        offset += written
      }
    }
    buffer.removeAll(keepingCapacity: true)
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
