import ElfKit
import Foundation
import Testing
import TestSupport

/// An object with more sections than `e_shnum` can hold: `SHN_XINDEX`, `e_shstrndx` escape, `SHT_SYMTAB_SHNDX`.
@Suite struct ExtendedNumberingTests {
  static let functionCount = 66_000

  @Test func objectWithMoreThan65280SectionsIsReadCorrectly() throws {
    let scratch = try Scratch("xindex")
    let source = (0..<Self.functionCount).map { "int f\($0)(void) { return \($0); }" }.joined(separator: "\n")
    let path = try scratch.compileC("many.o", source, flags: ["-O0", "-ffunction-sections", "-fno-asynchronous-unwind-tables"])
    guard case .object(let file) = try BinaryFile.open(path: path) else { throw ToolFailure(description: "not ELF") }

    // readelf reports the real count in parentheses: "Number of section headers: 0 (66006)".
    let header = try Tool.succeed("readelf", ["-h", path]).output
    let countLine = try #require(header.split(separator: "\n").first { $0.contains("Number of section headers") })
    let realCount = try #require(Int(countLine.split(separator: "(").last!.prefix { $0.isNumber }))
    #expect(realCount > 65_280)
    #expect(file.sections.count == realCount)
    #expect(file.sections[file.header.sectionNameTable].name == ".shstrtab")

    let symbols = try #require(try file.symbolTable()).symbols
    let last = try #require(symbols.first { $0.name.string == "f\(Self.functionCount - 1)" })
    guard case .index(let section) = last.section else { throw ToolFailure(description: "f is not in a section") }
    #expect(section > 0xff00)
    #expect(file.sections[section].name == ".text.f\(Self.functionCount - 1)")
    #expect(file.sections.contains { $0.type == .symtabShndx })
  }
}
