import ElfKit

/// Who refers to whom in one object's code, read from its relocations once: for each function, the functions
/// whose code refers to it by its symbol or, under -ffunction-sections, by the section symbol of
/// `.text.<function>`. Functions are kept by symbol index and found by a hash of their name's bytes, so only the
/// names asked about become Swift strings (a complete object has a hundred thousand functions).
final class CallGraph {
  private let symbols: [Symbol]
  private let sections: [Section]
  /// Callee → the symbol indices of the functions whose code refers to it. A callee is a symbol index, or
  /// `-1 - section` for the section symbol of a `.text.<function>` section.
  private var callers: [Int: [Int]] = [:]
  /// The callees by the hash of their name.
  private var calleesByName: [UInt64: [Int]] = [:]
  /// Answers given: the same helper is asked about for each of its callers' sites.
  private var answers: [String: [String]] = [:]

  init(_ file: ElfFile) throws(ElfError) {
    sections = file.sections
    guard let table = try file.symbolTable(), let locator = try file.functionLocator() else {
      symbols = []
      return
    }
    symbols = table.symbols
    for relocations in try file.relocationSections()
    where relocations.symbolTable == table.section.index && relocations.target < sections.count
      && sections[relocations.target].flags.contains(.execute)
    {
      for relocation in relocations.relocations where relocation.symbolIndex < symbols.count {
        let callee: Int
        let type = symbols[relocation.symbolIndex].type
        if type == .function {
          callee = relocation.symbolIndex
        } else if type == .section,
          case .index(let section) = symbols[relocation.symbolIndex].section,
          section < sections.count, sections[section].name.hasPrefix(".text.")
        {
          callee = -1 - section
        } else {
          continue
        }
        if let caller = locator.functionIndex(
          containing: relocation.offset, inSection: relocations.target)
        {
          callers[callee, default: []].append(caller)
        }
      }
    }
    for callee in callers.keys {
      let hash =
        callee >= 0
        ? symbols[callee].name.withBytes(Self.hash)
        : Self.hash(Self.sectionFunction(sections[-1 - callee]))
      calleesByName[hash, default: []].append(callee)
    }
  }

  /// The functions whose code refers to `function` (other than itself), in name order.
  func callers(of function: String) -> [String] {
    if let known = answers[function] { return known }
    let answer = findCallers(of: function)
    answers[function] = answer
    return answer
  }

  private func findCallers(of function: String) -> [String] {
    let hash = Self.hash(function)
    var indices = Set<Int>()
    for callee in calleesByName[hash] ?? []
    where callee >= 0
      ? symbols[callee].name.equals(function)
      : Self.sectionFunction(sections[-1 - callee]) == function
    {
      indices.formUnion(callers[callee] ?? [])
    }
    var names = Set(indices.map { symbols[$0].name.string })
    names.remove(function)
    return names.sorted()
  }

  /// `.text.<function>` → `<function>`.
  private static func sectionFunction(_ section: Section) -> String {
    String(section.name.dropFirst(6))
  }

  private static func hash(_ text: String) -> UInt64 {
    var text = text
    return text.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
  }

  /// FNV-1a over the bytes: cheap for the long mangled names of Swift and C++.
  private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
  }
}
