import ElfKit

/// Whether code the program runs can reach a nolibc stub, told by walking the references to it backwards.
///
/// OCaml's native code calls an `external` directly from the calling function (`lea caml_sys_chdir(%rip),%rax;
/// call caml_c_call`), so a runtime primitive that no code refers to is dead code its object file brought in. The
/// walk goes backwards from each function that refers to the stub, through the OCaml distribution's code (the
/// runtime's C, the standard library's OCaml, static functions), across objects by their undefined names, until it
/// meets the program's code: an OCaml function of another unit, or C that is not the runtime's (the user's, a
/// library's stubs). It does not go past the runtime's services, which the program calls to run OCaml rather than
/// to use a primitive: start-up (`caml_startup`, `caml_main`), the code generator's helpers (`caml_call_gc`,
/// `caml_alloc2`…), the GC's verbose log (`caml_gc_log`, only with `v=` in OCAMLRUNPARAM, which nolibc's `getenv`
/// never returns) and the handling of other domains (a unikernel has one). A function on the walk (or the stub)
/// whose address the program's data holds (a table of callbacks) counts as reached; the runtime's own hooks and the
/// standard library's closures and module blocks do not. Sites that cannot be attributed (no symbol table, a site
/// outside every function) count as reached.
final class StubReachability {
  /// What the walk found for one stub.
  enum Verdict: Equatable {
    /// Reached: the path from the program's code (first) to the stub (last).
    case reached(path: [String])
    /// Only dead distribution code refers to it: the functions that refer to it directly.
    case unreached(referrers: [String])
  }

  private let resolution: Resolution
  private let decoder: OCamlNameDecoder
  /// Undefined global name → the objects (outside nolibc) that refer to it.
  private let referrers: [String: [Int]]
  private let graphs: CallGraphs

  /// A function of one object on a walk, with the step it was reached from.
  private struct Step: Hashable {
    var object: Int
    var name: String
    var undefined: Bool
  }

  /// Walks stop past this many functions and count the stub as reached.
  static let limit = 20_000

  init(
    resolution: Resolution, decoder: OCamlNameDecoder, graphs: CallGraphs,
    referrers: [String: [Int]]
  ) {
    self.resolution = resolution
    self.decoder = decoder
    self.graphs = graphs
    self.referrers = referrers
  }

  /// The verdict for each of `stubs`.
  func verdicts(for stubs: [String]) throws(ElfError) -> [String: Verdict] {
    var verdicts: [String: Verdict] = [:]
    var walks: [String: (walked: [Step], previous: [Step: Step])] = [:]
    for stub in stubs {
      switch try walk(from: stub) {
      case .met(let verdict): verdicts[stub] = verdict
      case .exhausted(let walked, let previous): walks[stub] = (walked, previous)
      }
    }
    // One pass over each object's data relocations for every function the remaining walks met.
    var wanted: [Int: Set<String>] = [:]
    for walk in walks.values {
      for step in walk.walked { wanted[step.object, default: []].insert(step.name) }
    }
    var stored: [Step: String] = [:]
    for (object, names) in wanted.sorted(by: { $0.key < $1.key }) {
      for (name, place) in try dataReferences(in: object, to: names) {
        stored[Step(object: object, name: name, undefined: false)] = place
        stored[Step(object: object, name: name, undefined: true)] = place
      }
    }
    for stub in stubs.sorted() {
      guard let walk = walks[stub] else { continue }
      if let step = walk.walked.first(where: { stored[$0] != nil }) {
        verdicts[stub] = .reached(path: [stored[step]!] + path(to: step, walk.previous))
      } else {
        let direct = walk.previous.filter { $0.value.name == stub && $0.value.undefined }.keys
        verdicts[stub] = .unreached(referrers: Array(Set(direct.map(\.name))).sorted())
      }
    }
    return verdicts
  }

  /// How a walk ended: it met the program's code (or could not go on), or it walked everything that leads to the
  /// stub, each step with the one it was reached from.
  private enum WalkEnd {
    case met(Verdict)
    case exhausted(walked: [Step], previous: [Step: Step])
  }

  /// Breadth-first, backwards from `stub`: a verdict when it meets the program's code, else what it walked.
  private func walk(from stub: String) throws(ElfError) -> WalkEnd {
    var previous: [Step: Step] = [:]
    var queue = (referrers[stub] ?? []).map { Step(object: $0, name: stub, undefined: true) }
    var seen = Set(queue)
    var walked = queue
    var next = 0
    while next < queue.count {
      let step = queue[next]
      next += 1
      let graph = try self.graph(of: step.object)
      let object = resolution.objects[step.object].displayName
      let callers =
        !graph.isUsable
        ? nil
        : step.undefined
          ? graph.callers(ofUndefined: step.name)
          : graph.node(named: step.name).map(graph.callers(of:)) ?? []
      guard let callers else {
        return .met(
          .reached(
            path: ["code of \(object) (its functions cannot be told)"] + path(to: step, previous)))
      }
      guard seen.count <= Self.limit else {
        return .met(
          .reached(path: ["more than \(Self.limit) functions (not followed further)", stub]))
      }
      for caller in callers.sorted() {
        let next = Step(object: step.object, name: graph.name(of: caller), undefined: false)
        guard seen.insert(next).inserted else { continue }
        previous[next] = step
        if Self.services.contains(next.name) { continue }
        if isProgramCode(next.name, local: graph.isLocal(caller), object: step.object) {
          return .met(.reached(path: path(fromProgram: next, previous)))
        }
        walked.append(next)
        queue.append(next)
      }
      // A global function is also called from the objects that refer to it by name.
      if !step.undefined, let node = graph.node(named: step.name), !graph.isLocal(node) {
        for other in referrers[step.name] ?? [] where other != step.object {
          let next = Step(object: other, name: step.name, undefined: true)
          guard seen.insert(next).inserted else { continue }
          previous[next] = step
          walked.append(next)
          queue.append(next)
        }
      }
    }
    return .exhausted(walked: walked, previous: previous)
  }

  /// The names from `step` down to the stub, each once.
  private func path(to step: Step, _ previous: [Step: Step]) -> [String] {
    var names: [String] = []
    var current: Step? = step
    while let here = current {
      if names.last != here.name { names.append(here.name) }
      current = previous[here]
    }
    return names
  }

  /// `path(to:)` with the program's function first, described with its object.
  private func path(fromProgram step: Step, _ previous: [Step: Step]) -> [String] {
    var names = path(to: step, previous)
    names[0] = describe(step.name, in: resolution.objects[step.object].displayName)
    return names
  }

  /// "`Main.f` (camlMain.f_270 in main.o)", "solo5_app_main (in startup.o)".
  private func describe(_ function: String, in object: String) -> String {
    guard let symbol = decoder.decode(function) else { return "\(function) (in \(object))" }
    let name = symbol.name.isEmpty ? "`\(symbol.demangled)`'s top level" : "`\(symbol.demangled)`"
    return "\(name) (\(function) in \(object))"
  }

  /// The program's own code: not the OCaml distribution's (runtime C, `caml_*` C, the standard library's OCaml),
  /// and not a static function (its callers tell).
  private func isProgramCode(_ function: String, local: Bool, object: Int) -> Bool {
    if local { return false }
    if let unit = decoder.decode(function)?.unit { return !Self.isDistribution(unit: unit) }
    if function.hasPrefix("caml_") { return false }
    if let archive = resolution.objects[object].archive,
      RuntimeArchiveName.matches(archive.split(separator: "/").last.map(String.init) ?? archive)
    {
      return false
    }
    return true
  }

  /// The standard library's units (`Stdlib`, `Stdlib__List`, `CamlinternalFormat`, `Std_exit`).
  static func isDistribution(unit: String) -> Bool {
    unit == "Stdlib" || unit.hasPrefix("Stdlib__") || unit.hasPrefix("Camlinternal")
      || unit == "Std_exit"
  }

  /// Runtime services: the program calls them to run OCaml, not to use a primitive (OCaml 5's
  /// `runtime/caml/startup.h`, `callback.h`, the amd64 and arm64 emitters, `runtime/misc.c`).
  static let services: Set<String> = [
    "caml_startup", "caml_startup_exn", "caml_startup_pooled", "caml_startup_pooled_exn",
    "caml_main",
    "caml_call_gc", "caml_call_realloc_stack", "caml_alloc1", "caml_alloc2", "caml_alloc3",
    "caml_allocN", "caml_c_call", "caml_c_call_stack_args", "caml_raise_exn",
    "caml_ml_array_bound_error", "caml_perform", "caml_reperform", "caml_resume", "caml_runstack",
    "caml_initialize", "caml_modify", "caml_gc_log", "caml_gc_message", "caml_handle_gc_interrupt",
    "caml_plat_spin_wait",
  ]

  /// The functions of `names` whose address a data section of `object` holds, each with where: "a pointer in
  /// .data of x.o (in sym)". Only the program's data counts: the runtime's hooks and the standard library's
  /// closures are the distribution's own; a pointer into a function (a `switch`'s jump table) is no address of it.
  private func dataReferences(in object: Int, to names: Set<String>) throws(ElfError)
    -> [(String, String)]
  {
    let graph = try self.graph(of: object)
    let file = resolution.objects[object].file
    let sections = file.sections
    guard let table = try file.symbolTable() else { return [] }
    var holders: FunctionLocator?
    var indices: [Int: String] = [:]
    for name in names {
      if let index = graph.undefinedSymbolIndex(name) { indices[index] = name }
    }
    var found: [String: String] = [:]
    for relocations in try file.relocationTables()
    where relocations.symbolTable == table.section.index && relocations.target < sections.count {
      let data = sections[relocations.target]
      guard data.isAllocated, !data.flags.contains(.execute), !data.name.hasPrefix(".eh_frame")
      else { continue }
      let entries = relocations.entries
      for position in entries.indices {
        let index = entries.symbolIndex(at: position)
        guard index > 0, index < table.symbols.count else { continue }
        guard
          let name = indices[index]
            ?? pointedFunction(entries[position], table.symbols[index], graph, sections),
          names.contains(name), found[name] == nil
        else { continue }
        let offset = entries.offset(at: position)
        // Made for the first pointer found: most objects hold none.
        holders = holders ?? FunctionLocator(symbols: table.symbols, includingData: true)
        let holder = holders?.function(containing: offset, inSection: relocations.target)
        if let holder, isDistributionData(holder, pointingAt: name, object: object) { continue }
        let near = holder.map { " (in \($0.name.string))" } ?? ""
        found[name] =
          "a pointer in \(data.name) of \(resolution.objects[object].displayName)\(near)"
      }
    }
    return found.sorted { $0.key < $1.key }
  }

  /// The function whose start `relocation` (in data) points at: by its symbol, or by a code section's symbol and
  /// an addend at a function's start.
  private func pointedFunction(
    _ relocation: Relocation, _ symbol: Symbol, _ graph: CallGraph, _ sections: [Section]
  ) -> String? {
    guard !symbol.isUndefined else { return nil }
    guard symbol.type == .section else {
      return graph.node(ofSymbolIndex: relocation.symbolIndex).map(graph.name(of:))
    }
    guard let section = sectionIndex(symbol), sections[section].flags.contains(.execute),
      let start = relocation.addend.map({ UInt64(bitPattern: $0) }),
      let node = graph.node(containing: start, inSection: section), graph.start(of: node) == start
    else { return nil }
    return graph.name(of: node)
  }

  /// The standard library's data (closures, module blocks), the runtime's (`caml_*`, a runtime member's), or a
  /// static table of the runtime's own functions.
  private func isDistributionData(_ holder: Symbol, pointingAt function: String, object: Int)
    -> Bool
  {
    let name = holder.name.string
    if let unit = decoder.decode(name)?.unit { return Self.isDistribution(unit: unit) }
    if name.hasPrefix("caml_") || !isProgramCode(name, local: false, object: object) { return true }
    return holder.binding == .local && !isProgramCode(function, local: false, object: object)
  }

  private func sectionIndex(_ symbol: Symbol) -> Int? {
    if case .index(let index) = symbol.section { return index }
    return nil
  }

  private func graph(of object: Int) throws(ElfError) -> CallGraph {
    try graphs.graph(of: object)
  }
}
