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
    let relocationSections = try file.relocationSections().filter {
      $0.symbolTable == table.section.index && $0.target > 0 && $0.target < sections.count
        && sections[$0.target].isAllocated
    }
    guard !relocationSections.isEmpty else { return }
    let locator = FunctionLocator(symbols: table.symbols)
    for relocationSection in relocationSections {
      let inCode = sections[relocationSection.target].flags.contains(.execute)
      for relocation in relocationSection.relocations {
        let valid = relocation.symbolIndex > 0 && relocation.symbolIndex < names.count
        let name = valid ? names[relocation.symbolIndex] : nil
        if inCode,
          let addressing = RelocationAddressing(type: relocation.type, machine: file.header.machine)
        {
          tally.record(addressing, target: name)
        }
        if inCode, let name, Self.probes.contains(name) { calledProbes.insert(name) }
        if let name, table.symbols[relocation.symbolIndex].isUndefined {
          let function = locator.functionName(
            containing: relocation.offset, inSection: relocationSection.target)
          referenced[name, default: RuntimeReferences()].add(
            RuntimeReferenceSite(member: member, function: function))
        }
      }
    }
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
