/// GNU ld's lexer in its expression state (ldlex.l, `<EXPRESSION>`; `--defsym` and a script's right-hand sides are
/// read in it), as far as finding the symbols an expression reads needs. A name is `[_a-zA-Z.\$][_a-zA-Z0-9/.\$~]*`
/// (so `f3/2` and `f3~1` are one name, `f3+_start` two) or a quoted string; a number is `$1f`, `0x1f`, `10`, with
/// `K` or `M` after it, or hex digits ending in a radix letter (`10h`, `fd`, `f3d`), and wins over a name of the
/// same length; anything else is a token of one character.
struct ExpressionLexer {
  enum Token: Sendable, Hashable {
    case name(String)
    case number
    /// An operator or punctuation character (`(`, `,`, `+`…).
    case other(UInt8)
  }

  private let bytes: [UInt8]

  init(_ text: String) { bytes = Array(text.utf8) }

  func tokens() -> [Token] {
    var tokens: [Token] = []
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x20 || byte == 0x09 || byte == 0x0a || byte == 0x0d {
        index += 1
      } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count,
        bytes[index + 1] == UInt8(ascii: "*")
      {
        index += 2
        while index + 1 < bytes.count,
          !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/"))
        {
          index += 1
        }
        index = min(bytes.count, index + 2)
      } else if byte == UInt8(ascii: "\"") {
        let end = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "\"")) ?? bytes.count
        tokens.append(.name(String(decoding: bytes[(index + 1)..<end], as: UTF8.self)))
        index = end + 1
      } else {
        let name = nameLength(at: index)
        let number = numberLength(at: index)
        if number > 0 && number >= name {
          tokens.append(.number)
          index += number
        } else if name > 0 {
          tokens.append(.name(String(decoding: bytes[index..<index + name], as: UTF8.self)))
          index += name
        } else {
          tokens.append(.other(byte))
          index += 1
        }
      }
    }
    return tokens
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f"))
  }

  /// `{SYMBOLNAMECHAR1}{SYMBOLNAMECHAR}*`: the length of the name at `index`, 0 when none starts there.
  private func nameLength(at index: Int) -> Int {
    func starts(_ byte: UInt8) -> Bool {
      Self.isLetter(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "$")
    }
    func continues(_ byte: UInt8) -> Bool {
      starts(byte) || Self.isDigit(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "~")
    }
    guard starts(bytes[index]) else { return 0 }
    var end = index + 1
    while end < bytes.count, continues(bytes[end]) { end += 1 }
    return end - index
  }

  /// The longest of ld's three number rules at `index`, 0 when none matches.
  private func numberLength(at index: Int) -> Int {
    func hexRun(from start: Int) -> Int {
      var end = start
      while end < bytes.count, Self.isHexDigit(bytes[end]) { end += 1 }
      return end - start
    }
    func scaled(_ end: Int) -> Int {
      end < bytes.count && "KkMm".utf8.contains(bytes[end]) ? end + 1 : end
    }
    var longest = 0
    // `$1f` and `0x1f`, `10`, with `K` or `M` after them.
    if bytes[index] == UInt8(ascii: "$"), case let run = hexRun(from: index + 1), run > 0 {
      longest = scaled(index + 1 + run) - index
    } else if bytes[index] == UInt8(ascii: "0"), index + 2 < bytes.count,
      bytes[index + 1] | 0x20 == UInt8(ascii: "x"), case let run = hexRun(from: index + 2), run > 0
    {
      longest = scaled(index + 2 + run) - index
    } else if Self.isDigit(bytes[index]) {
      var end = index
      while end < bytes.count, Self.isDigit(bytes[end]) { end += 1 }
      longest = scaled(end) - index
    }
    // Hex digits, then a radix letter (`b` and `d` are hex digits too: the last one of the run may be the radix).
    let run = hexRun(from: index)
    if run > 0, index + run < bytes.count, "HhXxOo".utf8.contains(bytes[index + run]) {
      longest = max(longest, run + 1)
    } else if let radix = (1..<max(run, 1)).last(where: { "BbDd".utf8.contains(bytes[index + $0]) })
    {
      longest = max(longest, radix + 1)
    }
    return longest
  }
}
