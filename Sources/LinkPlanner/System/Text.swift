extension StringProtocol {
  /// The text without leading and trailing blanks: tabs and space separators (Foundation's `.whitespaces`).
  public func trimmingBlanks() -> String {
    trimming { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
  }

  /// The text without leading and trailing white space, line breaks included (`.whitespacesAndNewlines`).
  public func trimmingWhitespace() -> String {
    trimming { $0.properties.isWhitespace }
  }

  private func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
    let scalars = Substring(self).unicodeScalars
    guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
      let last = scalars.lastIndex(where: { !isTrimmed($0) })
    else { return "" }
    return String(scalars[first...last])
  }
}

extension String {
  /// The text cut or filled with spaces to exactly `width` characters (a table cell).
  public func padded(toWidth width: Int) -> String {
    count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count)
  }
}
