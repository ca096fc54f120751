import Foundation
import Testing
import TestSupport

/// `link-check symbols` as a user runs it: other machines, JSON, and every kind of bad input.
@Suite struct SymbolsCommandTests {
  @Test(arguments: Recipes.crossTriples)
  func crossArchitectureObjectsMatchNm(_ triple: String) throws {
    let scratch = try Scratch("symbols")
    let path = try scratch.compileC("cross.o", Recipes.crossArchitectureSource, flags: ["-fcommon"], target: triple)
    let nm = try Tool.succeed("nm", [path])
    let ours = try LinkCheckExecutable.run(["symbols", path])
    #expect(ours.status == 0)
    #expect(ours.output == nm.output)
  }

  /// Section index → name, from `readelf -SW`.
  static func sectionNames(_ path: String) throws -> [Int: String] {
    var names: [Int: String] = [:]
    for line in try Tool.succeed("readelf", ["-SW", path]).output.split(separator: "\n") {
      guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]"), open < close,
        let index = Int(line[line.index(after: open)..<close].trimmingCharacters(in: .whitespaces))
      else { continue }
      names[index] = line[line.index(after: close)...].split(separator: " ").first.map(String.init) ?? ""
    }
    names[0] = nil
    return names
  }

  @Test func jsonCarriesEveryFieldInNmOrder() throws {
    let scratch = try Scratch("symbols")
    let path = try scratch.compileC("cross.o", Recipes.crossArchitectureSource, flags: ["-fcommon"])
    let result = try LinkCheckExecutable.run(["symbols", "--format", "json", path])
    #expect(result.status == 0)
    let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    let files = try #require(document["files"] as? [[String: Any]])
    #expect(files.count == 1)
    #expect(files[0]["file"] as? String == path)
    #expect(files[0]["class"] as? String == "ELF64")
    #expect(files[0]["machine"] as? String == "x86_64")
    let symbols = try #require(files[0]["symbols"] as? [[String: Any]])
    // Same symbols, same order, same letters and values as nm.
    let nmLines = try Tool.succeed("nm", [path]).output.split(separator: "\n")
    #expect(symbols.count == nmLines.count)
    for (symbol, line) in zip(symbols, nmLines) {
      let fields = line.split(separator: " ")
      #expect(symbol["name"] as? String == String(fields.last!))
      #expect(symbol["letter"] as? String == String(fields[fields.count - 2]))
      if fields.count == 3 { #expect(symbol["value"] as? Int == Int(fields[0], radix: 16)) }
      for key in ["index", "size", "binding", "type", "visibility", "section", "version"] {
        #expect(symbol.keys.contains(key), "missing \(key)")
      }
    }
    // Each symbol's fields are readelf's for the entry at its index.
    let rows = Dictionary(uniqueKeysWithValues: try ReadElf.symbols(path).map { ($0.index, $0) })
    let sectionNames = try Self.sectionNames(path)
    let types = ["NOTYPE": "notype", "OBJECT": "object", "FUNC": "function", "SECTION": "section", "FILE": "file", "COMMON": "common", "TLS": "tls"]
    let sections = ["UND": "UNDEF", "ABS": "ABS", "COM": "COMMON"]
    for symbol in symbols {
      let index = try #require(symbol["index"] as? Int)
      let row = try #require(rows[index])
      #expect(symbol["name"] as? String == row.name)
      #expect(symbol["size"] as? Int == Int(row.size))
      #expect(symbol["binding"] as? String == row.binding.lowercased(), "\(row.name)")
      #expect(symbol["type"] as? String == types[row.type], "\(row.name)")
      #expect(symbol["visibility"] as? String == row.visibility.lowercased(), "\(row.name)")
      #expect(symbol["section"] as? String == sections[row.section] ?? Int(row.section).flatMap { sectionNames[$0] }, "\(row.name)")
    }
    let tls = try #require(symbols.first { $0["name"] as? String == "tls_var" })
    #expect(tls["type"] as? String == "tls")
    #expect(tls["section"] as? String == ".tdata")
    #expect(tls["size"] as? Int == 4)
    #expect((document["errors"] as? [Any])?.isEmpty == true)
  }

  /// A valid object whose bytes the bad-input cases mutate.
  private func sample(_ scratch: Scratch) throws -> (String, [UInt8]) {
    let path = try scratch.compileC("good.o", "int g = 1; int f(int x) { return x + g; }\n")
    return (path, [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
  }

  private func expectInputError(_ path: String, mentions: String? = nil, good: String) throws {
    let result = try LinkCheckExecutable.run(["symbols", path, good])
    #expect(result.signal == nil, "\(path): died of a signal")
    #expect(result.status == 2, "\(path): exit \(result.status)")
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(path): \(result.stderr)")
    #expect(lines.first?.hasPrefix("link-check: \(path)") == true, "\(result.stderr)")
    if let mentions { #expect(result.stderr.contains(mentions), "\(result.stderr)") }
    // The good file after it is still listed.
    #expect(result.output.contains("\n\(good):\n") && result.output.contains(" T f\n"))
  }

  @Test func missingDirectoryTextAndEmptyInputs() throws {
    let scratch = try Scratch("bad")
    let (good, _) = try sample(scratch)
    try expectInputError(scratch.file("missing.o"), mentions: "No such file", good: good)
    try expectInputError(scratch.path, mentions: "is a directory", good: good)
    try expectInputError(try scratch.write("notes.txt", "hello\n"), mentions: "not recognized", good: good)
    try expectInputError(try scratch.write("empty.o", ""), mentions: "empty", good: good)
    try expectInputError(try scratch.write("libscript.so", "/* GNU ld script */\nGROUP ( libc.so.6 )\n"), mentions: "linker script", good: good)
  }

  @Test func truncatedObjectsAreInputErrors() throws {
    let scratch = try Scratch("bad")
    let (good, bytes) = try sample(scratch)
    for length in [1, 4, 16, 52, 63, 64, 200, bytes.count / 2, bytes.count - 64, bytes.count - 1] {
      let path = try scratch.write("truncated-\(length).o", bytes: Array(bytes.prefix(length)))
      try expectInputError(path, good: good)
    }
  }

  @Test func corruptHeaderFieldsAreInputErrors() throws {
    let scratch = try Scratch("bad")
    let (good, bytes) = try sample(scratch)
    func patched(_ name: String, at offset: Int, _ value: [UInt8]) throws -> String {
      var copy = bytes
      copy.replaceSubrange(offset..<offset + value.count, with: value)
      return try scratch.write(name, bytes: copy)
    }
    // e_shoff (offset 40) far past the end.
    try expectInputError(try patched("shoff.o", at: 40, [0, 0, 0, 0, 0, 0, 0, 0x7f]), good: good)
    // e_shstrndx (offset 62) naming a section that is not a string table, and one past the table.
    try expectInputError(try patched("shstrndx.o", at: 62, [1, 0]), mentions: "string table", good: good)
    try expectInputError(try patched("shstrndx-past.o", at: 62, [0xf0, 0xff]), good: good)
    // e_shnum (offset 60) larger than the file holds.
    try expectInputError(try patched("shnum.o", at: 60, [0xff, 0x7f]), good: good)
  }

  @Test func symbolNamePastTheStringTableIsAnInputError() throws {
    let scratch = try Scratch("bad")
    let (good, bytes) = try sample(scratch)
    // Find .symtab with readelf (the oracle), then point symbol 1's st_name far outside .strtab.
    let sections = try Tool.succeed("readelf", ["-S", "-W", good]).output
    let line = try #require(sections.split(separator: "\n").first { $0.contains(" .symtab ") })
    let fields = line.split(separator: "]").last!.split(separator: " ")
    let offset = try #require(Int(fields[3], radix: 16))
    var copy = bytes
    copy.replaceSubrange(offset + 24..<offset + 28, with: [0xff, 0xff, 0xff, 0x00])
    let path = try scratch.write("badname.o", bytes: copy)
    try expectInputError(path, mentions: "outside its string table", good: good)
  }

  @Test func usageErrorsExitWithTwo() throws {
    let noFiles = try LinkCheckExecutable.run(["symbols"])
    #expect(noFiles.status == 2)
    #expect(noFiles.stderr.contains("Missing expected argument"))
    let unknown = try LinkCheckExecutable.run(["symbols", "--no-such-option", "x.o"])
    #expect(unknown.status == 2)
    let help = try LinkCheckExecutable.run(["symbols", "--help"])
    #expect(help.status == 0)
    #expect(help.output.contains("--undefined-only"))
  }
}
