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

  /// The link `ocamlopt -verbose` ran for `output` (it prints `+ CMD` as its shell runs it), put through the C driver's
  /// own `-###`: the linker's words, its temporary startup object (deleted after linking) masked as `STARTUP`.
  public static func ocamlLinkerWords(
    verbose: String, output: String, directory: String, environment: [String: String]? = nil
  ) throws -> [String]? {
    guard
      let link = verbose.split(separator: "\n").last(where: {
        $0.hasPrefix("+ ") && $0.contains("-o '\(output)'")
      })
    else {
      return nil
    }
    let words = try shellWords(String(link.dropFirst(2)))
    // The driver as the compiler's shell finds it, on the PATH it ran with.
    let path =
      (environment?["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
      .split(separator: ":")
    let program =
      words[0].contains("/")
      ? words[0]
      : path.map { "\($0)/\(words[0])" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        ?? words[0]
    let driver = try Tool.run(
      program, ["-###"] + words.dropFirst(), directory: directory, environment: environment)
    return linkerWords(driver.stderr).map(startupMasked)
  }

  /// `words` with ocamlopt's temporary startup object (`camlstartup*.o`, wherever it is kept) as `STARTUP`.
  public static func startupMasked(_ words: [String]) -> [String] {
    words.map { ($0 as NSString).lastPathComponent.hasPrefix("camlstartup") ? "STARTUP" : $0 }
  }

  /// The words a POSIX shell makes of `line` (nothing else is run).
  public static func shellWords(_ line: String) throws -> [String] {
    let result = try Tool.run(
      "sh", ["-c", "set -- \(line)\nfor word do printf '%s\\0' \"$word\"; done"])
    return result.stdout.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
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
