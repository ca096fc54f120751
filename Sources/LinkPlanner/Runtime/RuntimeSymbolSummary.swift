import ElfKit

/// Where an undefined name is referenced: an archive member, the function the reference lies in, or both.
public struct RuntimeReferenceSite: Sendable, Hashable, CustomStringConvertible {
  public var member: String?
  public var function: String?

  /// lld's form: `sys.n.o:(caml_sys_error)`, `(caml_sys_error)`, or `sys.n.o`.
  public var description: String {
    switch (member, function) {
    case (let member?, let function?): "\(member):(\(function))"
    case (nil, let function?): "(\(function))"
    case (let member?, nil): member
    case (nil, nil): "?"
    }
  }
}

/// The references to one undefined name: the first few sites and how many there are.
public struct RuntimeReferences: Sendable, Hashable {
  /// At most `RuntimeReferences.keptSites` distinct sites, in file order.
  public var sites: [RuntimeReferenceSite] = []
  /// Every relocation against the name.
  public var count = 0

  static let keptSites = 3

  mutating func add(_ site: RuntimeReferenceSite) {
    count += 1
    if sites.count < Self.keptSites && !sites.contains(site) { sites.append(site) }
  }

  /// Whether another site would be kept: once `keptSites` are, a reference only counts (and need not be located).
  var keepsSites: Bool { sites.count < Self.keptSites }
}

/// A global definition: what kind of symbol, how big, and who may interpose it.
struct RuntimeDefinition: Sendable, Hashable {
  var type: SymbolType
  var size: UInt64
  var visibility: SymbolVisibility
}

/// The external symbols of a set of objects (an archive's members, or one complete object) and how their code
/// reaches global data: everything the runtime classifiers read, gathered in one pass.
struct RuntimeSymbolSummary: Sendable {
  /// Global and weak definitions by name.
  private(set) var defined: [String: RuntimeDefinition] = [:]
  /// Names some object leaves undefined, with their references (including names another object defines).
  private var referenced: [String: RuntimeReferences] = [:]
  private var tally = CodeModelTally()
  /// The names of `RuntimeSymbolSummary.probes` some code refers to, defined here or not.
  private(set) var calledProbes: Set<String> = []
  /// The header of the first object read.
  private(set) var header: ElfHeader?

  /// Adds the symbols and relocations of `file`; `member` names it inside an archive.
  mutating func add(_ file: ElfFile, member: String?) throws(ElfError) {
    if header == nil { header = file.header }
    // A stripped shared object keeps only its dynamic symbols.
    var found = try file.symbolTable(.symtab)
    if found == nil { found = try file.symbolTable(.dynsym) }
    guard let table = found else { return }
    // External names by symbol index, decoded once for all the relocations that refer to them.
    var names = [String?](repeating: nil, count: table.symbols.count)
    for symbol in table.symbols where symbol.isExternal && !symbol.name.isEmpty {
      // A linked shared object names its versioned references `__isoc99_sscanf@GLIBC_2.7`.
      var name = symbol.name.string
      if symbol.isUndefined, let at = name.firstIndex(of: "@") { name = String(name[..<at]) }
      names[symbol.index] = name
      if symbol.isUndefined {
        if referenced[name] == nil { referenced[name] = RuntimeReferences() }
      } else if defined[name] == nil || symbol.binding == .global {
        defined[name] = RuntimeDefinition(
          type: symbol.type, size: symbol.size, visibility: symbol.visibility)
      }
    }
    try addRelocations(of: file, symbols: table, names: names, member: member)
  }

  private mutating func addRelocations(
    of file: ElfFile, symbols table: SymbolTable, names: [String?], member: String?
  ) throws(ElfError) {
    let sections = file.sections
    let relocationSections = try file.relocationTables().filter {
      $0.symbolTable == table.section.index && $0.target > 0 && $0.target < sections.count
        && sections[$0.target].isAllocated
    }
    guard !relocationSections.isEmpty else { return }
    // The locator of the `.symtab` is the file's own, shared with the other checks.
    let locator =
      try table.section.type == .symtab
      ? file.functionLocator() ?? FunctionLocator(symbols: table.symbols)
      : FunctionLocator(symbols: table.symbols)
    // Relocations are counted by symbol index and folded into the names once, after the walk: a complete object
    // has hundreds of thousands, against a few thousand names.
    var references = ReferenceCounts(names: names, symbols: table.symbols, known: referenced)
    // Relocation type → addressing, as an array: a dictionary lookup per relocation costs more than the rest.
    let addressingOfType = RelocationAddressing.table(for: file.header.machine).map { table in
      var byType = [RelocationAddressing?](repeating: nil, count: Int(table.keys.max() ?? 0) + 1)
      for (type, addressing) in table { byType[Int(type)] = addressing }
      return byType
    }
    for relocationSection in relocationSections {
      let inCode = sections[relocationSection.target].flags.contains(.execute)
      for relocation in relocationSection.entries {
        let index =
          relocation.symbolIndex > 0 && relocation.symbolIndex < names.count
          ? relocation.symbolIndex : 0
        if inCode, let byType = addressingOfType, relocation.type < byType.count,
          let addressing = byType[Int(relocation.type)]
        {
          references.record(addressing, symbol: index)
        }
        if inCode, !references.probes.isEmpty, references.probes.contains(index),
          let name = names[index]
        {
          calledProbes.insert(name)
        }
        if let slot = references.undefinedSlot(index) {
          guard references.undefined[slot].references.keepsSites else {
            references.undefined[slot].references.count += 1
            continue
          }
          let function = locator.functionName(
            containing: relocation.offset, inSection: relocationSection.target)
          references.undefined[slot].references.add(
            RuntimeReferenceSite(member: member, function: function))
        }
      }
    }
    for (index, counts) in references.byIndex.enumerated() where counts.total > 0 {
      guard let name = names[index] else { continue }
      tally.record(counts, target: name)
    }
    tally.recordAbsolute(references.absolute)
    for slot in references.undefined { referenced[slot.name] = slot.references }
  }

  /// Functions whose callers tell a build apart although every build defines them: OCaml 5's runtime_events
  /// allocation probes, which only the instrumented runtime calls (`CAML_EV_ALLOC` expands to nothing
  /// without `CAML_INSTR`).
  static let probes: Set<String> = ["caml_ev_alloc", "caml_ev_alloc_flush"]

  /// Names left undefined that no object here defines: what the final link must supply.
  var unresolved: [String: RuntimeReferences] { referenced.filter { defined[$0.key] == nil } }

  /// Whether a global `name` is defined (as any type).
  func defines(_ name: String) -> Bool { defined[name] != nil }

  /// Whether a global `name` is defined with symbol type `type`.
  func defines(_ name: String, as type: SymbolType) -> Bool { defined[name]?.type == type }

  /// How the code reaches the runtime's own global data (`caml_*` objects and `Caml_state`, default visibility).
  var codeModel: CodeModel {
    let data = defined.compactMap { name, symbol in
      symbol.type == .object && symbol.visibility == .default
        && (name.hasPrefix("caml_") || name == "Caml_state")
        ? name : nil
    }
    return tally.codeModel(data: Set(data))
  }

  /// Sizes of the global functions defined here, by name: a fingerprint of one build of the runtime.
  var functionSizes: [String: UInt64] {
    defined.compactMapValues { $0.type == .function ? $0.size : nil }
  }
}

/// One file's relocations, counted by symbol index during the walk.
private struct ReferenceCounts {
  /// Code relocations by addressing, per symbol index.
  var byIndex: [AddressingCounts]
  /// Absolute relocations in code, whatever their symbol.
  var absolute = 0
  /// The references of each undefined name, starting from what earlier files gave.
  var undefined: [(name: String, references: RuntimeReferences)] = []
  /// Symbol index → its slot in `undefined` (names repeated under versions share one).
  private var slots: [Int32]
  /// The indices of the symbols named like one of `RuntimeSymbolSummary.probes`.
  private(set) var probes = Set<Int>()

  init(names: [String?], symbols: [Symbol], known: [String: RuntimeReferences]) {
    slots = [Int32](repeating: -1, count: names.count)
    byIndex = [AddressingCounts](repeating: AddressingCounts(), count: names.count)
    let probeLengths = Set(RuntimeSymbolSummary.probes.map(\.utf8.count))
    var slotOfName: [String: Int32] = [:]
    for (index, name) in names.enumerated() {
      guard let name else { continue }
      if probeLengths.contains(name.utf8.count) && RuntimeSymbolSummary.probes.contains(name) {
        probes.insert(index)
      }
      guard index < symbols.count && symbols[index].isUndefined else { continue }
      if let slot = slotOfName[name] {
        slots[index] = slot
      } else {
        slots[index] = Int32(undefined.count)
        slotOfName[name] = slots[index]
        undefined.append((name, known[name] ?? RuntimeReferences()))
      }
    }
  }

  /// The slot of an undefined named symbol, or nil.
  func undefinedSlot(_ index: Int) -> Int? {
    index < slots.count && slots[index] >= 0 ? Int(slots[index]) : nil
  }

  mutating func record(_ addressing: RelocationAddressing, symbol index: Int) {
    if addressing == .absolute { absolute += 1 }
    if index > 0 { byIndex[index].add(addressing, count: 1) }
  }
}
