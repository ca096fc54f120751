import LinkPlanner
import Testing

/// The byte search `check` uses on every symbol name agrees with the standard library's character search.
@Suite struct TextTests {
  @Test(arguments: [
    ("memcpy@@GLIBC_2.14", "@@"), ("memcpy@GLIBC_2.2.5", "@@"), ("@@", "@@"), ("a@@b@@c", "@@"),
    ("", "@@"),
    ("@", "@@"), ("camlStdlib__List__map_123", "__"),
    ("x.o: undefined symbol: é__ü", "undefined symbol: "),
    ("naïve__café", "__"), ("ab", ""),
  ])
  func firstByteRangeMatchesFirstRange(_ text: String, _ pattern: String) {
    let bytes = text.firstByteRange(of: pattern)
    let characters = text.firstRange(of: pattern)
    #expect(bytes == characters)
    let substring = text.dropFirst()
    #expect(substring.firstByteRange(of: pattern) == substring.firstRange(of: pattern))
  }
}
