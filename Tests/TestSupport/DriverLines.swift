import Foundation

/// The linker line a C compiler driver prints, read by the tests themselves (not with link-check's tokenizer):
/// `-###` puts words in double quotes when they need them, `-v` prints them bare; `collect2` runs `ld` with the same words, and
/// the LTO plugin's options (which name a fresh temporary file) are left out.
public enum DriverLines {
  /// The words of the `collect2` line in `gcc -###` (quoted) or `gcc -v` (bare) output, `collect2` as `ld`.
  public static func linkerWords(_ output: String) -> [String]? {
    guard
      let line = output.split(separator: "\n").first(where: {
        $0.hasPrefix(" ") && $0.contains("collect2")
      })
    else {
      return nil
    }
    let words = Self.words(line)
    var result: [String] = []
    var skip = false
    for word in words {
      if skip {
        skip = false
        continue
      }
      if word == "-plugin" {
        skip = true
        continue
      }
      if word.hasPrefix("-plugin-opt=") { continue }
      result.append(result.isEmpty && word.hasSuffix("collect2") ? "ld" : word)
    }
    return result
  }

  /// Words separated by spaces; a word may be in double quotes, inside which a backslash escapes the next character.
  private static func words(_ line: Substring) -> [String] {
    var words: [String] = []
    var current: String?
    var inQuotes = false
    var escaped = false
    for character in line {
      if escaped {
        current!.append(character)
        escaped = false
      } else if inQuotes && character == "\\" {
        escaped = true
      } else if character == "\"" {
        inQuotes.toggle()
        current = current ?? ""
      } else if character == " " && !inQuotes {
        if let word = current { words.append(word) }
        current = nil
      } else {
        current = (current ?? "") + String(character)
      }
    }
    if let word = current { words.append(word) }
    return words
  }
}
