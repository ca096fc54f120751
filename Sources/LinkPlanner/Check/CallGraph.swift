import ElfKit

#if canImport(Glibc)
  import Glibc
#endif

/// Who refers to whom in one object's code: for each function, the functions whose code refers to it by its
/// symbol or, under -ffunction-sections, by the section symbol of `.text.<function>`. A function is a name: all
/// symbols of one name are one node, numbered by the first of them in the symbol table.
///
/// Built lazily, from the functions asked about outward: reading the object sorts its code's relocation sites by
/// the symbol they refer to (two passes, no lookups); a question then locates the callers of those sites only.
/// A complete object has a hundred thousand functions and hundreds of thousands of sites, and a check asks
/// about the few hundred that lead to undefined names.
///
/// Used by one thread at a time: the second thread may make a line's graphs ahead (`PreparedCallGraphs`) and hands
/// each over, complete, under a lock.
final class CallGraph: @unchecked Sendable {
  private let symbols: [Symbol]
  private let sections: [Section]
  private let locator: FunctionLocator?
  /// The code sites referring to symbol `s`: `sites[siteStart[s]..<siteStart[s + 1]]`.
  private let siteStart: [Int32]
  private let sites: [Site]
  /// Functions, code symbols, undefined globals, and the section symbols of `.text.<name>` sections (by `<name>`),
  /// by the hash of their name; made on the first question.
  private lazy var byName = indexNames()
  /// Node of each symbol, once asked (-1: not yet, -2: none).
  private var nodes: [Int32]
  /// The last local file symbol before each symbol (-1: none); made on the first question about a static function.
  private lazy var fileBefore: [Int32] = {
    var current: Int32 = -1
    // Fields read in place: a copy of each symbol retains its name.
    return symbols.indices.map { index in
      defer {
        if symbols[index].binding == .local && symbols[index].type == .file {
          current = Int32(index)
        }
      }
      return current
    }
  }()
  /// Callers of each node asked about.
  private var callerLists: [Int32: [Int32]] = [:]

  private struct Site {
    var section: Int32
    /// Its place among the code relocations, in the file's order (no larger: it fits the padding).
    var ordinal: UInt32
    var offset: UInt64
  }

  init(_ file: ElfFile) throws(ElfError) {
    sections = file.sections
    guard let table = try file.symbolTable(), let locator = try file.functionLocator() else {
      (symbols, self.locator, siteStart, sites, nodes) = ([], nil, [0], [], [])
      return
    }
    let sections = sections
    let code = try file.relocationTables().filter {
      $0.symbolTable == table.section.index && $0.target < sections.count
        && sections[$0.target].flags.contains(.execute)
    }
    let symbols = table.symbols
    self.symbols = symbols
    self.locator = locator
    // Counting sort of the sites by referenced symbol.
    var start = [Int32](repeating: 0, count: symbols.count + 1)
    for relocations in code {
      let entries = relocations.entries
      for position in entries.indices {
        let symbol = entries.symbolIndex(at: position)
        if symbol < symbols.count { start[symbol + 1] &+= 1 }
      }
    }
    for index in 0..<symbols.count { start[index + 1] &+= start[index] }
    var next = start
    var sorted = [Site](
      repeating: Site(section: 0, ordinal: 0, offset: 0), count: Int(start[symbols.count]))
    var ordinal: UInt32 = 0
    for relocations in code {
      let section = Int32(relocations.target)
      let entries = relocations.entries
      for position in entries.indices {
        let symbol = entries.symbolIndex(at: position)
        guard symbol < symbols.count else { continue }
        sorted[Int(next[symbol])] = Site(
          section: section, ordinal: ordinal, offset: entries.offset(at: position))
        next[symbol] &+= 1
        ordinal &+= 1
      }
    }
    siteStart = start
    sites = sorted
    nodes = [Int32](repeating: -1, count: symbols.count)
  }

  /// The code sites referring to any of the symbols at `indices` of the symbol table (section and offset), in the
  /// order of their relocations in the file.
  func codeSites(ofSymbols indices: [Int]) -> [(section: Int, offset: UInt64)] {
    var found = indices.filter { $0 + 1 < siteStart.count }.flatMap {
      sites[Int(siteStart[$0])..<Int(siteStart[$0 + 1])]
    }
    if indices.count > 1 { found.sort { $0.ordinal < $1.ordinal } }
    return found.map { (Int($0.section), $0.offset) }
  }

  /// Makes the name index now, not at the first question (for a graph made ahead of its questions).
  func prepareNameIndex() { _ = byName }

  /// The node of the function named `name`, or nil if no function or code symbol has that name.
  func node(named name: String) -> Int32? {
    var name = name
    return name.withUTF8 { node(named: UnsafeRawBufferPointer($0)) }
  }

  /// The function's name.
  func name(of node: Int32) -> String { symbols[Int(node)].name.string }

  /// The functions whose code refers to `node` (other than itself), each once, in no particular order.
  func callers(of node: Int32) -> [Int32] {
    forEachCaller(of: node) { _ in true }
    return callerLists[node] ?? []
  }

  /// Calls `body` with the functions `callers(of:)` lists, in its order, until `body` returns false: a question
  /// answered by the first callers does not locate every site of a helper that thousands of functions call. (The
  /// list is kept once a walk has located them all.)
  func forEachCaller(of node: Int32, _ body: (Int32) -> Bool) {
    if let known = callerLists[node] {
      for caller in known {
        guard body(caller) else { return }
      }
      return
    }
    var callers: [Int32] = []
    var seen = Set<Int32>([node])
    var stopped = false
    symbols[Int(node)].name.withBytes { name in
      byName.forEach(hashed: Self.hash(name)) { callee in
        guard refers(callee, to: name) else { return true }
        stopped =
          visitCallers(ofSymbol: Int(callee), seen: &seen) { caller in
            callers.append(caller)
            return body(caller)
          }.stopped
        return !stopped
      }
    }
    if !stopped { callerLists[node] = callers }
  }

  /// Whether the object has a symbol table and function spans: without them, no caller can be told.
  var isUsable: Bool { locator != nil }

  /// The functions whose code refers to the undefined global `name`, each once, in no particular order; nil when
  /// a site lies in no function (it cannot be attributed).
  func callers(ofUndefined name: String) -> [Int32]? {
    guard let symbol = undefinedSymbolIndex(name) else { return [] }
    var callers: [Int32] = []
    var seen = Set<Int32>()
    let visit = visitCallers(ofSymbol: Int(symbol), seen: &seen) { caller in
      callers.append(caller)
      return true
    }
    return visit.attributed ? callers : nil
  }

  /// Whether `node` is a local (static) function, which only its own object can call.
  func isLocal(_ node: Int32) -> Bool { symbols[Int(node)].binding == .local }

  /// The node of symbol `index` of the symbol table, if it is a function or code symbol.
  func node(ofSymbolIndex index: Int) -> Int32? {
    index < symbols.count ? node(ofSymbol: index) : nil
  }

  /// The node of the function containing `offset` of code section `section`.
  func node(containing offset: UInt64, inSection section: Int) -> Int32? {
    locator?.functionIndex(containing: offset, inSection: section).flatMap(node(ofSymbol:))
  }

  /// Where the function starts in its section.
  func start(of node: Int32) -> UInt64 { symbols[Int(node)].value }

  /// The index of undefined global `name` in the symbol table.
  func undefinedSymbolIndex(_ name: String) -> Int? {
    var name = name
    var found: Int?
    name.withUTF8 { bytes in
      let name = UnsafeRawBufferPointer(bytes)
      byName.forEach(hashed: Self.hash(name)) { index in
        let symbol = symbols[Int(index)]
        guard symbol.isUndefined && Self.equal(symbol.name, name) else { return true }
        found = Int(index)
        return false
      }
    }
    return found
  }

  /// Calls `body` with the function of each of symbol `callee`'s sites not `seen` yet, in site order, until it
  /// returns false. `attributed`: no site visited lay outside every function; `stopped`: `body` ended the walk.
  private func visitCallers(
    ofSymbol callee: Int, seen: inout Set<Int32>, _ body: (Int32) -> Bool
  ) -> (attributed: Bool, stopped: Bool) {
    var attributed = true
    for site in sites[Int(siteStart[callee])..<Int(siteStart[callee + 1])] {
      guard
        let caller = locator?.functionIndex(
          containing: site.offset, inSection: Int(site.section))
      else {
        attributed = false
        continue
      }
      guard let callerNode = self.node(ofSymbol: caller), seen.insert(callerNode).inserted
      else { continue }
      guard body(callerNode) else { return (attributed, true) }
    }
    return (attributed, false)
  }

  /// The local function named like `node` that comes first in the symbol table after a file symbol, with that
  /// file symbol's name: the source file of a static function, which `ld -r` keeps.
  func sourceFile(of node: Int32) -> String? {
    var file: Int32?
    symbols[Int(node)].name.withBytes { name in
      byName.forEach(hashed: Self.hash(name)) { index in
        let symbol = symbols[Int(index)]
        guard symbol.binding == .local, symbol.type == .function, Self.equal(symbol.name, name),
          fileBefore[Int(index)] >= 0
        else { return true }
        file = fileBefore[Int(index)]
        return false
      }
    }
    return file.map { symbols[Int($0)].name.string }
  }

  /// Whether symbol `callee` is the function or code symbol `name` (OCaml's are untyped) or the section symbol
  /// of `.text.<name>`.
  private func refers(_ callee: Int32, to name: UnsafeRawBufferPointer) -> Bool {
    let fields = symbols[Int(callee)].fields
    if fields.type != .section { return Self.equal(symbols[Int(callee)].name, name) }
    guard let section = Self.textFunction(of: fields, in: sections) else { return false }
    return section.utf8.elementsEqual(name)
  }

  private func node(named name: UnsafeRawBufferPointer) -> Int32? {
    var node: Int32?
    byName.forEach(hashed: Self.hash(name)) { index in
      let symbol = symbols[Int(index)]
      guard symbol.type != .section && !symbol.isUndefined && Self.equal(symbol.name, name)
      else { return true }
      node = index
      return false
    }
    return node
  }

  private func node(ofSymbol index: Int) -> Int32? {
    if nodes[index] == -1 {
      nodes[index] = symbols[index].name.withBytes { node(named: $0) } ?? -2
    }
    return nodes[index] >= 0 ? nodes[index] : nil
  }

  private func indexNames() -> NameIndex {
    var index = NameIndex(symbols: symbols.count)
    // Backwards, so that each chain lists its symbols in symbol-table order; fields are read in place (a copy of
    // each of a hundred thousand symbols cost more than hashing its name).
    for position in symbols.indices.reversed() {
      let type = symbols[position].type
      if type == .section {
        guard siteStart[position + 1] > siteStart[position],
          let function = Self.textFunction(of: symbols[position].fields, in: sections)
        else { continue }
        var name = String(function)
        index.add(
          Int32(position), hash: name.withUTF8 { Self.hash(UnsafeRawBufferPointer($0)) })
      } else if type == .function || isLocatable(position)
        || (symbols[position].isUndefined && symbols[position].binding != .local
          && !symbols[position].name.isEmpty)
      {
        index.add(Int32(position), hash: Self.hash(symbols[position].name.unsafeBytes))
      }
    }
    return index
  }

  /// The symbols a `FunctionLocator` finds sites in.
  private func isLocatable(_ position: Int) -> Bool {
    guard symbols[position].type == .notype || symbols[position].type == .gnuIndirectFunction,
      case .index = symbols[position].section
    else { return false }
    return !symbols[position].name.isEmpty
  }

  /// `<function>` for the section symbol of a `.text.<function>` section.
  private static func textFunction(of symbol: SymbolFields, in sections: [Section]) -> Substring? {
    guard case .index(let index) = symbol.section, index < sections.count else { return nil }
    let name = sections[index].name
    return name.hasPrefix(".text.") ? name.dropFirst(6) : nil
  }

  private static func equal(_ name: ElfString, _ bytes: UnsafeRawBufferPointer) -> Bool {
    name.withBytes {
      $0.count == bytes.count
        && ($0.count == 0 || memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
    }
  }

  /// The length and three words of the name (its first, middle and last eight bytes): a constant cost for the
  /// long mangled names of Swift and C++, which share prefixes but not all three.
  private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var hash = UInt64(bytes.count) &* 0x9e37_79b9_7f4a_7c15
    func mix(_ word: UInt64) { hash = (hash ^ word) &* 0x100_0000_01b3 ^ (hash >> 29) }
    if bytes.count >= 8 {
      mix(bytes.loadUnaligned(as: UInt64.self))
      mix(bytes.loadUnaligned(fromByteOffset: bytes.count / 2 - 4, as: UInt64.self))
      mix(bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self))
    } else {
      for byte in bytes { mix(UInt64(byte)) }
    }
    return hash
  }
}

/// The call graphs of a link's objects, each made on first use: the nolibc stub walk and the cause attribution of
/// one check share them (a complete object's graph is most of what either costs).
final class CallGraphs {
  private let resolution: Resolution
  /// The graphs of the line's objects, made ahead on the second thread, if any.
  private let prepared: PreparedCallGraphs?
  private var graphs: [Int: CallGraph] = [:]

  init(resolution: Resolution, prepared: PreparedCallGraphs? = nil) {
    self.resolution = resolution
    self.prepared = prepared
  }

  /// The call graph of object `object` of the resolution.
  func graph(of object: Int) throws(ElfError) -> CallGraph {
    if let known = graphs[object] { return known }
    let file = resolution.objects[object].file
    let graph: CallGraph
    if let made = try prepared?.graph(of: file) {
      graph = made
    } else {
      graph = try CallGraph(file)
    }
    graphs[object] = graph
    return graph
  }
}

/// Symbol indices chained by the hash of their name: one array of chain heads and one of links, no allocation
/// per name.
private struct NameIndex {
  private var heads: [Int32]
  private var links: [Int32]
  private var hashes: [UInt64]

  init(symbols: Int) {
    var size = 16
    while size < 2 * symbols { size *= 2 }
    heads = [Int32](repeating: -1, count: size)
    links = [Int32](repeating: -1, count: symbols)
    hashes = [UInt64](repeating: 0, count: symbols)
  }

  /// Puts `symbol` first in its chain.
  mutating func add(_ symbol: Int32, hash: UInt64) {
    let bucket = Int(hash & UInt64(heads.count - 1))
    links[Int(symbol)] = heads[bucket]
    hashes[Int(symbol)] = hash
    heads[bucket] = symbol
  }

  /// Calls `body` with each symbol added with `hash`, in chain order, until it returns false.
  func forEach(hashed hash: UInt64, _ body: (Int32) -> Bool) {
    var symbol = heads[Int(hash & UInt64(heads.count - 1))]
    while symbol >= 0 {
      if hashes[Int(symbol)] == hash, !body(symbol) { return }
      symbol = links[Int(symbol)]
    }
  }
}
