/// Writes JSON straight to an output stream, keeping track of commas; keys come out in the order written.
final class JSONStream {
  private let out: OutputStream
  /// Per open container: whether it already holds an element.
  private var hasElement: [Bool] = []
  private var afterKey = false

  init(_ out: OutputStream) { self.out = out }

  private func separate() {
    if afterKey {
      afterKey = false
      return
    }
    if let last = hasElement.last {
      if last { out.write(byte: UInt8(ascii: ",")) }
      hasElement[hasElement.count - 1] = true
    }
  }

  func beginObject() { separate(); out.write(byte: UInt8(ascii: "{")); hasElement.append(false) }
  func endObject() { hasElement.removeLast(); out.write(byte: UInt8(ascii: "}")) }
  func beginArray() { separate(); out.write(byte: UInt8(ascii: "[")); hasElement.append(false) }
  func endArray() { hasElement.removeLast(); out.write(byte: UInt8(ascii: "]")) }

  func key(_ name: String) {
    separate()
    writeQuoted(name)
    out.write(byte: UInt8(ascii: ":"))
    afterKey = true
  }

  func string(_ value: String) { separate(); writeQuoted(value) }
  func number<N: BinaryInteger>(_ value: N) { separate(); out.write(String(value)) }
  func bool(_ value: Bool) { separate(); out.write(value ? "true" : "false") }
  func null() { separate(); out.write("null") }

  func field(_ name: String, _ value: String?) {
    key(name)
    if let value { string(value) } else { null() }
  }
  func field<N: BinaryInteger>(_ name: String, _ value: N?) {
    key(name)
    if let value { number(value) } else { null() }
  }
  func field(_ name: String, _ value: Bool) { key(name); bool(value) }

  func newline() { out.write(byte: UInt8(ascii: "\n")) }

  private func writeQuoted(_ text: String) {
    out.write(byte: UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out.write("\\\"")
      case UInt8(ascii: "\\"): out.write("\\\\")
      case 0x0a: out.write("\\n")
      case 0x0d: out.write("\\r")
      case 0x09: out.write("\\t")
      case 0..<0x20:
        out.write("\\u00")
        out.writeHex(UInt64(byte), digits: 2)
      default: out.write(byte: byte)
      }
    }
    out.write(byte: UInt8(ascii: "\""))
  }
}

extension JSONStream {
  /// `{ body }`.
  func object(_ body: () -> Void) {
    beginObject()
    body()
    endObject()
  }

  /// `"key": [ element(item)... ]`.
  func array<Items: Sequence>(_ key: String, _ items: Items, _ element: (Items.Element) -> Void) {
    self.key(key)
    beginArray()
    for item in items { element(item) }
    endArray()
  }
}
