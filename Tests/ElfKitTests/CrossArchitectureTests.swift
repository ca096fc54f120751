import ElfKit
import Foundation
import TestSupport
import Testing

/// Objects for other classes, byte orders and machines, compiled by clang, read back and compared with readelf.
@Suite struct CrossArchitectureTests {
  struct Target: Sendable, CustomTestStringConvertible {
    var triple: String
    var elfClass: ElfClass
    var byteOrder: ByteOrder
    var machine: Machine
    var testDescription: String { triple }
  }

  static let targets: [Target] = [
    Target(
      triple: "x86_64-linux-gnu", elfClass: .elf64, byteOrder: .littleEndian, machine: .x86_64),
    Target(triple: "i386-linux-gnu", elfClass: .elf32, byteOrder: .littleEndian, machine: .i386),
    Target(triple: "powerpc64-linux-gnu", elfClass: .elf64, byteOrder: .bigEndian, machine: .ppc64),
    Target(
      triple: "aarch64-linux-gnu", elfClass: .elf64, byteOrder: .littleEndian, machine: .aarch64),
  ]

  private func build(_ target: Target, in scratch: Scratch) throws -> (String, ElfFile) {
    let path = try scratch.compileC(
      "cross.o", Recipes.crossArchitectureSource, flags: ["-fcommon"], target: target.triple)
    guard case .object(let file) = try BinaryFile.open(path: path) else {
      throw ToolFailure(description: "\(path) did not open as ELF")
    }
    return (path, file)
  }

  @Test(arguments: targets)
  func headerMatchesTarget(_ target: Target) throws {
    let scratch = try Scratch("cross")
    let (_, file) = try build(target, in: scratch)
    #expect(file.header.elfClass == target.elfClass)
    #expect(file.header.byteOrder == target.byteOrder)
    #expect(file.header.machine == target.machine)
    #expect(file.header.type == .relocatable)
  }

  @Test(arguments: targets)
  func symbolsMatchReadelf(_ target: Target) throws {
    let scratch = try Scratch("cross")
    let (path, file) = try build(target, in: scratch)
    let expected = try ReadElf.symbols(path)
    let symbols = try #require(try file.symbolTable()).symbols
    #expect(expected.count == symbols.count)
    #expect(expected.count > 10)
    for row in expected {
      let symbol = symbols[row.index]
      // readelf shows a section symbol by its section's name.
      let name =
        symbol.type == .section && symbol.name.isEmpty
        ? file.sections[row.section == "UND" ? 0 : Int(row.section) ?? 0].name : symbol.name.string
      #expect(name == row.name, "symbol \(row.index)")
      #expect(symbol.value == row.value, "\(row.name)")
      #expect(symbol.size == row.size, "\(row.name)")
      #expect(readelfType(symbol.type) == row.type, "\(row.name)")
      #expect(readelfBinding(symbol.binding) == row.binding, "\(row.name)")
      #expect(symbol.visibility.description.uppercased() == row.visibility, "\(row.name)")
      #expect(readelfSection(symbol.section) == row.section, "\(row.name)")
    }
    // The fixture's special cases are really there.
    #expect(symbols.contains { $0.name.string == "tls_var" && $0.type == .tls })
    #expect(symbols.contains { $0.name.string == "common_var" && $0.section == .common })
    #expect(symbols.contains { $0.name.string == "maybe" && $0.binding == .weak && $0.isUndefined })
    #expect(symbols.contains { $0.name.string == "hidden_fn" && $0.visibility == .hidden })
  }

  @Test(arguments: targets)
  func relocationsMatchReadelf(_ target: Target) throws {
    let scratch = try Scratch("cross")
    let (path, file) = try build(target, in: scratch)
    let expected = Set(try ReadElf.relocations(path, is64: target.elfClass == .elf64))
    var actual = Set<ReadElf.RelocationRow>()
    for section in try file.relocationTables() {
      for relocation in section.entries {
        actual.insert(
          ReadElf.RelocationRow(
            section: section.section.name, offset: relocation.offset, type: relocation.type,
            symbol: relocation.symbolIndex, addend: relocation.addend))
      }
    }
    #expect(!expected.isEmpty)
    #expect(actual == expected)
  }

  @Test(arguments: targets)
  func notesMatchReadelf(_ target: Target) throws {
    let scratch = try Scratch("cross")
    let (path, file) = try build(target, in: scratch)
    let expected = try ReadElf.notes(path)
    let notes = try file.notes()
    #expect(
      notes.map { ReadElf.NoteRow(owner: $0.name, size: $0.descriptor.count, type: $0.type) }
        == expected)
    let abi = try #require(notes.first { $0.source == .section(".note.solo5.abi") })
    #expect(abi.name == "Solo5")
    #expect(abi.type == 0x3149_4241)
    let word: [UInt8] = target.byteOrder == .littleEndian ? [1, 0, 0, 0] : [0, 0, 0, 1]
    #expect(abi.descriptor == word + word + [UInt8](repeating: 0, count: 8))
  }

  @Test func functionLocatorFindsTheCaller() throws {
    let scratch = try Scratch("cross")
    let (_, file) = try build(Self.targets[0], in: scratch)
    let symbols = try #require(try file.symbolTable()).symbols
    let locator = FunctionLocator(symbols: symbols)
    let text = try #require(try file.relocationTables().first { $0.section.name == ".rela.text" })
    let call = try #require(text.entries.first { symbols[$0.symbolIndex].name.string == "ext_fn" })
    #expect(
      locator.function(containing: call.offset, inSection: text.target)?.name.string == "caller")
  }

  private func readelfType(_ type: SymbolType) -> String {
    switch type {
    case .notype: "NOTYPE"
    case .object: "OBJECT"
    case .function: "FUNC"
    case .section: "SECTION"
    case .file: "FILE"
    case .common: "COMMON"
    case .tls: "TLS"
    case .gnuIndirectFunction: "IFUNC"
    default: "\(type.rawValue)"
    }
  }

  private func readelfBinding(_ binding: SymbolBinding) -> String {
    binding == .gnuUnique ? "UNIQUE" : binding.description.uppercased()
  }

  private func readelfSection(_ section: SymbolSection) -> String {
    switch section {
    case .undefined: "UND"
    case .absolute: "ABS"
    case .common: "COM"
    case .index(let index): "\(index)"
    case .reserved(let value): "\(value)"
    }
  }
}
