import Foundation
import Testing
import TestSupport

/// `link-check notes` against `readelf -n` on every program the synthetic sysroots link, and `--query` against
/// the exact output of `solo5-elftool query-abi` and `query-manifest`.
@Suite struct NotesCommandTests {
  /// One note as `readelf -n -W` shows it.
  struct ReadelfNote: Equatable, CustomStringConvertible {
    var section: String
    var owner: String
    var size: Int
    var type: UInt32
    /// The descriptor's bytes in hex, where readelf dumps them (types it does not decode).
    var data: String?
    /// Build IDs and ABI tags, as readelf decodes them.
    var decoded: String?
    var description: String { "\(section) \(owner) \(type) \(size) \(data ?? decoded ?? "")" }
  }

  /// readelf's names for the types it decodes.
  static let readelfTypes: [String: UInt32] = ["NT_VERSION": 1, "NT_GNU_ABI_TAG": 1, "NT_GNU_BUILD_ID": 3, "NT_GNU_PROPERTY_TYPE_0": 5]

  static func readelf(_ path: String) throws -> [ReadelfNote] {
    var notes: [ReadelfNote] = []
    var section = ""
    for line in try Tool.succeed("readelf", ["-n", "-W", path]).output.split(separator: "\n") {
      if line.hasPrefix("Displaying notes found in: ") {
        section = String(line.dropFirst("Displaying notes found in: ".count))
        continue
      }
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard fields.count >= 3, fields[1].hasPrefix("0x"), let size = Int(fields[1].dropFirst(2), radix: 16) else { continue }
      let type = line.firstRange(of: "(0x").flatMap { UInt32(line[$0.upperBound...].prefix { $0.isHexDigit }, radix: 16) } ?? readelfTypes[String(fields[2])]
      var note = ReadelfNote(section: section, owner: String(fields[0]), size: size, type: try #require(type, "\(line)"))
      if let data = line.firstRange(of: "description data: ") {
        note.data = line[data.upperBound...].split(separator: " ").joined()
      } else if let id = line.firstRange(of: "Build ID: ") {
        note.decoded = String(line[id.upperBound...])
      } else if let os = line.firstRange(of: "OS: ") {
        note.decoded = line[os.upperBound...].replacingOccurrences(of: ", ABI:", with: "")
      }
      notes.append(note)
    }
    return notes
  }

  /// `link-check notes --format json FILE` in readelf's terms.
  static func linkCheck(_ path: String) throws -> [ReadelfNote] {
    let result = try LinkCheckExecutable.run(["notes", "--format", "json", path])
    #expect(result.status == 0, "\(result.stderr)")
    let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    let file = try #require((document["files"] as? [[String: Any]])?.first)
    return try #require(file["notes"] as? [[String: Any]]).map { note in
      let decoded = note["decoded"] as? [String: Any]
      let tag = decoded?["system"].map { "\($0) \(decoded?["version"] ?? "")" }
      return ReadelfNote(
        section: note["section"] as? String ?? "", owner: note["owner"] as? String ?? "", size: note["size"] as? Int ?? -1,
        type: (note["type"] as? NSNumber)?.uint32Value ?? 0, data: note["descriptor"] as? String, decoded: decoded?["buildID"] as? String ?? tag)
    }
  }

  /// Links one program of `testCase` with `link-check link`.
  static func linked(_ testCase: Unikernels.Case, in scratch: Scratch) throws -> String {
    let output = scratch.file("unikernel.\(testCase.target)")
    let result = try LinkCheckExecutable.run(["link"] + (try PlanCommandTests.arguments(testCase, output: output)))
    #expect(result.status == 0, "\(result.stderr)")
    return output
  }

  @Test(arguments: Unikernels.cases)
  func notesAgreeWithReadelf(_ testCase: Unikernels.Case) throws {
    let scratch = try Scratch("notes")
    let program = try Self.linked(testCase, in: scratch)
    let expected = try Self.readelf(program)
    let listed = try Self.linkCheck(program)
    // readelf dumps the bytes of the notes it does not decode; link-check always gives them.
    #expect(listed.map { var note = $0; note.data = nil; return note } == expected.map { var note = $0; note.data = nil; return note })
    for (mine, theirs) in zip(listed, expected) where theirs.data != nil { #expect(mine.data == theirs.data, "\(theirs)") }
    #expect(expected.contains { $0.owner == "OpenBSD" } && expected.contains { $0.section == ".note.solo5.manifest" })
    #expect(expected.contains { $0.section == ".note.solo5.abi" } == (testCase.target != "stub"))
    #expect(expected.contains { $0.owner == "Xen" } == (testCase.target == "xen"))
  }

  @Test func queriesPrintWhatSolo5ElftoolPrints() throws {
    let scratch = try Scratch("notes-query")
    for testCase in [Unikernels.Case(target: "hvt", era: "toolchain"), Unikernels.Case(target: "muen", era: "pkg-config")] {
      let program = try Self.linked(testCase, in: scratch)
      // The ABI version is the u32 after the target in the note readelf dumps.
      let abi = try #require(try Self.readelf(program).first { $0.section == ".note.solo5.abi" }?.data)
      let version = UInt32(abi.dropFirst(8).prefix(2), radix: 16)!
      let query = try LinkCheckExecutable.run(["notes", "--query", "abi", program])
      #expect(query.status == 0)
      #expect(query.output == "{\n  \"type\": \"solo5.abi\",\n  \"target\": \"\(testCase.target)\",\n  \"version\": \(version)\n}\n")
      let manifest = try LinkCheckExecutable.run(["notes", "--query", "manifest", program])
      #expect(manifest.status == 0)
      #expect(manifest.output == """
        {
          "type": "solo5.manifest",
          "version": 1,
          "devices": [
            { "name": "service", "type": "NET_BASIC" },
            { "name": "storage", "type": "BLOCK_BASIC" }
          ]
        }

        """)
    }
  }

  @Test func notesSolo5sLoaderCannotSeeAreMarked() throws {
    let scratch = try Scratch("notes-loader")
    // genode's default script puts every note in one PT_NOTE: the loader reads only the ABI1 note, the first.
    let genode = try Self.linked(Unikernels.Case(target: "genode", era: "pkg-config"), in: scratch)
    let text = try LinkCheckExecutable.run(["notes", genode])
    #expect(text.output.contains(".note.solo5.manifest  PT_NOTE #") && text.output.contains(" (not its first note: Solo5's loader does not read it)  Solo5  MFT1"))
    // Only Solo5's own notes matter to its loader.
    let openBSD = try #require(text.output.split(separator: "\n").first { $0.hasPrefix("  .note.solo5.not_openbsd") })
    #expect(!openBSD.contains("not its first note"))
    let query = try LinkCheckExecutable.run(["notes", "--query", "manifest", genode])
    #expect(query.status == 1 && query.stderr == "link-check: \(genode): No Solo5 manifest found in executable\n")
    let stub = try Self.linked(Unikernels.Case(target: "stub", era: "toolchain"), in: scratch)
    let abi = try LinkCheckExecutable.run(["notes", "--query", "abi", stub])
    #expect(abi.status == 1 && abi.stderr == "link-check: \(stub): No Solo5 ABI information found in executable\n")
  }

  @Test func aHostProgramsGNUNotesAgreeWithReadelf() throws {
    // Debian's programs carry an 8-byte aligned .note.gnu.property, a build ID and an ABI tag.
    let program = try Tool.which("readelf")
    let expected = try Self.readelf(program)
    #expect(expected.contains { $0.section == ".note.gnu.property" })
    #expect(try Self.linkCheck(program).map { var note = $0; note.data = nil; return note } == expected)
    let text = try LinkCheckExecutable.run(["notes", program])
    #expect(text.output.contains("NT_GNU_BUILD_ID (0x3)  20 bytes\n    build ID: \(try #require(expected.first { $0.type == 3 }?.decoded))\n"))
  }

  @Test func anUnreadableFileExitsTwo() throws {
    let scratch = try Scratch("notes-bad")
    let text = try scratch.write("text", "not ELF\n")
    let result = try LinkCheckExecutable.run(["notes", text, scratch.file("missing")])
    #expect(result.status == 2)
    #expect(result.stderr.split(separator: "\n").count == 2)
  }
}
