import ElfKit
import Foundation
import Testing
import TestSupport

/// Archives in every shape `ar` makes, read back and checked against `ar t` and `nm`.
@Suite struct ArchiveTests {
  /// Three small objects, one with a member name longer than 15 bytes (GNU long-name table).
  private func objects(in scratch: Scratch) throws -> [String] {
    [
      try scratch.compileC("alpha.o", "int alpha(void) { return 1; }\nint shared_counter;\n", flags: ["-fcommon"]),
      try scratch.compileC("a_member_with_a_long_name.o", "extern int alpha(void); int beta(void) { return alpha() + 1; }\n"),
      try scratch.compileC("gamma.o", "static int hidden(void) { return 3; } int gamma_fn(void) { return hidden(); }\n"),
    ]
  }

  private func open(_ path: String) throws -> Archive {
    guard case .archive(let archive) = try BinaryFile.open(path: path) else {
      throw ToolFailure(description: "\(path) is not an archive")
    }
    return archive
  }

  private func arListing(_ path: String) throws -> [String] {
    try Tool.succeed("ar", ["t", path]).output.split(separator: "\n").map(String.init)
  }

  @Test func regularArchiveWithLongNames() throws {
    let scratch = try Scratch("ar")
    let members = try objects(in: scratch)
    let archive = try open(try scratch.archive("libx.a", members))
    #expect(!archive.isThin)
    #expect(archive.members.map(\.name) == (try arListing(scratch.file("libx.a"))))
    #expect(archive.members.contains { $0.name == "a_member_with_a_long_name.o" })
    for member in archive.members {
      guard case .object(let file) = try member.open() else { Issue.record("\(member.name) not ELF"); continue }
      #expect(file.origin.member == member.name)
      let onDisk = try Data(contentsOf: URL(fileURLWithPath: scratch.file(member.name)))
      #expect(member.size == onDisk.count)
    }
    let index = try #require(try archive.symbolIndex())
    #expect(Set(index.entries.map(\.name)) == ["alpha", "shared_counter", "beta", "gamma_fn"])
    #expect(index.danglingEntries.isEmpty)
    #expect(try archive.symbolIndexDiscrepancies().isEmpty)
  }

  @Test func thinArchiveReadsMembersFromDisk() throws {
    let scratch = try Scratch("ar")
    let members = try objects(in: scratch)
    let path = try scratch.archive("libthin.a", members, thin: true)
    let archive = try open(path)
    #expect(archive.isThin)
    #expect(archive.members.count == 3)
    let beta = try #require(archive.members.first { $0.name.hasSuffix("a_member_with_a_long_name.o") })
    #expect(beta.externalPath.map { FileManager.default.fileExists(atPath: $0) } == true)
    guard case .object(let file) = try beta.open() else { throw ToolFailure(description: "thin member not ELF") }
    #expect(try file.symbolTable()?.symbols.contains { $0.name.string == "beta" } == true)
    #expect(try archive.symbolIndexDiscrepancies().isEmpty)
  }

  @Test func thinArchiveNamingAMissingFileFailsOnThatMemberOnly() throws {
    let scratch = try Scratch("ar")
    let members = try objects(in: scratch)
    let path = try scratch.archive("libthin.a", members, thin: true)
    try FileManager.default.removeItem(atPath: members[2])
    let archive = try open(path)
    #expect(throws: ElfError.self) { try archive.members[2].open() }
    let error = try #require(throws: ElfError.self) { try archive.members[2].open() }
    #expect(error.file == path)
    #expect(error.member == members[2])  // a thin archive stores the path it was given
    if case .object = try archive.members[0].open() {} else { Issue.record("first member should still open") }
  }

  @Test func nestedArchiveOpensAsArchive() throws {
    let scratch = try Scratch("ar")
    let members = try objects(in: scratch)
    let inner = try scratch.archive("libinner.a", Array(members.prefix(2)))
    let outer = try open(try scratch.archive("libouter.a", [inner, members[2]], index: false))
    #expect(outer.members.map(\.name) == ["libinner.a", "gamma.o"])
    #expect(!outer.hasSymbolIndex)
    guard case .archive(let nested) = try outer.members[0].open() else {
      throw ToolFailure(description: "nested member is not an archive")
    }
    #expect(nested.members.map(\.name) == ["alpha.o", "a_member_with_a_long_name.o"])
    guard case .object(let file) = try nested.members[1].open() else { throw ToolFailure(description: "not ELF") }
    #expect(file.origin.member == "libinner.a/a_member_with_a_long_name.o")
  }

  @Test func nonELFMemberIsReportedWithAReason() throws {
    let scratch = try Scratch("ar")
    let members = try objects(in: scratch)
    let notes = try scratch.write("README.txt", "not an object\n")
    let archive = try open(try scratch.archive("libmixed.a", [members[0], notes]))
    guard case .notELF(let reason) = try archive.members[1].open() else {
      throw ToolFailure(description: "text member opened as ELF")
    }
    #expect(reason.contains("not recognized"))
  }

  @Test func indexClaimingMoreNamesThanItHoldsIsRejected() throws {
    let scratch = try Scratch("ar")
    let path = try scratch.archive("liblie.a", try objects(in: scratch))
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    // The GNU index is the first member: header at 8, count (big-endian) at 68.
    #expect(String(decoding: bytes[8..<10], as: UTF8.self) == "/ ")
    bytes[68..<72] = [0x00, 0x00, 0x10, 0x00]
    let lying = try scratch.write("liblie2.a", bytes: bytes)
    let error = try #require(throws: ElfError.self) { try open(lying).symbolIndex() }
    #expect(error.problem.contains("claims"))
    #expect(error.file == lying)
  }

  @Test func indexPointingAtTheWrongMemberIsFound() throws {
    let scratch = try Scratch("ar")
    let path = try scratch.archive("libswap.a", try objects(in: scratch))
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let archive = try open(path)
    let index = try #require(try archive.symbolIndex())
    let alpha = try #require(index.entries.firstIndex { $0.name == "alpha" })
    let gammaOffset = try #require(archive.members.first { $0.name == "gamma.o" }).headerOffset
    // Entry offsets follow the 4-byte count.
    let at = 68 + 4 + alpha * 4
    bytes[at..<at + 4] = [UInt8(gammaOffset >> 24 & 0xff), UInt8(gammaOffset >> 16 & 0xff), UInt8(gammaOffset >> 8 & 0xff), UInt8(gammaOffset & 0xff)]
    // And one entry pointing into the middle of a member.
    let beta = try #require(index.entries.firstIndex { $0.name == "beta" })
    let middle = gammaOffset + 1
    let betaAt = 68 + 4 + beta * 4
    bytes[betaAt..<betaAt + 4] = [UInt8(middle >> 24 & 0xff), UInt8(middle >> 16 & 0xff), UInt8(middle >> 8 & 0xff), UInt8(middle & 0xff)]
    let lying = try open(try scratch.write("libswap2.a", bytes: bytes))
    let problems = Set(try lying.symbolIndexDiscrepancies())
    #expect(problems.contains(.notDefined(symbol: "alpha", member: "gamma.o")))
    #expect(problems.contains(.missing(symbol: "alpha", member: "alpha.o")))
    #expect(problems.contains(.dangling(symbol: "beta", offset: middle)))
    #expect(problems.contains(.missing(symbol: "beta", member: "a_member_with_a_long_name.o")))
    #expect(problems.count == 4)
  }
}
