import ElfKit

/// An OCaml library whose C stubs need a hosted C library, so it cannot work on a freestanding target.
struct HostLibrary: Sendable, Hashable, Comparable {
  /// The findlib package (`unix`).
  var package: String
  /// The unit users refer to (`Unix`).
  var unit: String
  /// The category of its C stubs' names.
  var category: SymbolCategory
  /// What a unikernel uses instead, where that is well known.
  var replacement: String?

  static let all = [
    HostLibrary(
      package: "unix", unit: "Unix", category: .ocamlUnix,
      replacement:
        "MirageOS devices instead (mirage-ptime/mirage-mtime for clocks, mirage-sleep, tcpip for sockets)"
    ),
    HostLibrary(
      package: "str", unit: "Str", category: .ocamlStr,
      replacement: "`re` instead (pure OCaml; `Re.Str` has Str's interface)"),
    HostLibrary(
      package: "threads", unit: "Thread", category: .ocamlThreads, replacement: "Lwt instead"),
  ]

  /// The library whose C stubs `category` names.
  static func owning(category: SymbolCategory) -> HostLibrary? {
    all.first { $0.category == category }
  }

  /// The library a unit belongs to (`UnixLabels` → unix, `Mutex` → threads).
  static func owning(unit: String) -> HostLibrary? {
    OCamlStubOwnership.owners[unit].flatMap(owning(category:))
  }

  static func < (a: HostLibrary, b: HostLibrary) -> Bool { a.package < b.package }
}

/// Whose code a reference comes from.
enum CodeOwner: Sendable, Hashable {
  /// The OCaml runtime's C functions.
  case runtime
  /// A host library's C stubs or OCaml units.
  case library(HostLibrary)
  /// The OCaml code of another unit.
  case ocamlUnit(String)
  /// Other C code (a package's stubs, the program's C), by object.
  case cCode(object: Int)
}

/// Attributes reference sites to the code they lie in: the runtime, a host library's stubs, an OCaml unit, or
/// other C. Global functions are told by their names (`caml_*`, `unix_*`, OCaml mangling); static functions by
/// the `STT_FILE` symbol before them, which `ld -r` keeps: the runtime's members are named `x.n.o` (4.12–5.x),
/// `x_n.o` (4.08–4.11) and their variants; helpers by the owner all their callers share.
///
/// Functions are the call graph's integer nodes; each function's own owner (by name or file) and each site
/// function's answer are found once per object.
final class CodeOwnership {
  private let resolution: Resolution
  private let decoder: OCamlNameDecoder
  private let graphs: CallGraphs
  private var objects: [Int: ObjectFunctions] = [:]
  /// Object id → whether it is a member of an OCaml runtime archive.
  private var runtimeMembers: [Int: Bool] = [:]

  /// One object's functions: its call graph, and the answers found so far.
  private final class ObjectFunctions {
    let graph: CallGraph
    /// Node → its owner by its own name or file (nil inside: told by its callers).
    var ownOwners: [Int32: CodeOwner?] = [:]
    /// Node → the owner of a site in it.
    var siteOwners: [Int32: CodeOwner?] = [:]

    init(graph: CallGraph) { self.graph = graph }
  }

  init(resolution: Resolution, decoder: OCamlNameDecoder, graphs: CallGraphs) {
    self.resolution = resolution
    self.decoder = decoder
    self.graphs = graphs
  }

  func owner(of site: ReferenceSite) throws(ElfError) -> CodeOwner {
    if isRuntimeArchiveMember(site.object) { return .runtime }
    guard let function = site.function else { return .cCode(object: site.object) }
    let functions = try self.functions(of: site.object)
    guard let node = functions.graph.node(named: function) else {
      // No symbol of that name: nothing calls it, so only its name can tell.
      return ownOwner(named: function) { nil } ?? .cCode(object: site.object)
    }
    if let known = functions.siteOwners[node] { return known ?? .cCode(object: site.object) }
    var visited: Set<Int32> = []
    let owner = owner(of: node, in: functions, visited: &visited)
    functions.siteOwners[node] = owner
    return owner ?? .cCode(object: site.object)
  }

  /// By name; else by the file symbol of a static function; else, for a helper (`alloc_sockaddr`), the owner
  /// all its callers share: nil when they differ, when one is reached twice (a cycle, or two paths), or past 64.
  private func owner(of node: Int32, in functions: ObjectFunctions, visited: inout Set<Int32>)
    -> CodeOwner?
  {
    guard visited.insert(node).inserted, visited.count <= 64 else { return nil }
    if let own = ownOwner(of: node, in: functions) { return own }
    var shared: CodeOwner?
    var agreed = true
    // (The first caller without the shared owner ends the question: the rest of a helper's callers are not located.)
    functions.graph.forEachCaller(of: node) { caller in
      guard let owner = owner(of: caller, in: functions, visited: &visited),
        shared == nil || shared == owner
      else {
        agreed = false
        return false
      }
      shared = owner
      return true
    }
    return agreed ? shared : nil
  }

  private func ownOwner(of node: Int32, in functions: ObjectFunctions) -> CodeOwner? {
    if let known = functions.ownOwners[node] { return known }
    let own = ownOwner(named: functions.graph.name(of: node)) {
      functions.graph.sourceFile(of: node)
    }
    functions.ownOwners[node] = own
    return own
  }

  /// The owner `function`'s name tells, else the file of the static function of that name.
  private func ownOwner(named function: String, sourceFile: () -> String?) -> CodeOwner? {
    if let unit = decoder.decode(function)?.unit {
      return HostLibrary.owning(unit: unit).map(CodeOwner.library) ?? .ocamlUnit(unit)
    }
    let category = SymbolCategory.of(function)
    if let library = HostLibrary.owning(category: category) { return .library(library) }
    if Self.unixMappedFiles.contains(function) {
      return HostLibrary.owning(category: .ocamlUnix).map(CodeOwner.library)
    }
    if category == .ocamlRuntime { return .runtime }
    if let file = sourceFile(), Self.isRuntimeMember(file) { return .runtime }
    return nil
  }

  private func functions(of object: Int) throws(ElfError) -> ObjectFunctions {
    if let known = objects[object] { return known }
    let functions = ObjectFunctions(graph: try graphs.graph(of: object))
    objects[object] = functions
    return functions
  }

  private func isRuntimeArchiveMember(_ object: Int) -> Bool {
    if let known = runtimeMembers[object] { return known }
    let archive = resolution.objects[object].archive
    let member =
      archive.map {
        RuntimeArchiveName.matches($0.split(separator: "/").last.map(String.init) ?? $0)
      }
      ?? false
    runtimeMembers[object] = member
    return member
  }

  /// Bigarray's mapped files: `caml_` names, but unix's C (`otherlibs/unix/mmap*.c`, OCaml 4.x and 5.x).
  static let unixMappedFiles: Set<String> = [
    "caml_ba_map_file", "caml_ba_map_file_bytecode", "caml_ba_unmap_file",
  ]

  /// `startup_nat.n.o`, `startup_nat_nd.o`, `interp.bpic.o`: a member of an OCaml runtime archive (REFERENCE §6).
  static func isRuntimeMember(_ file: String) -> Bool {
    runtimeMemberSuffixes.contains { file.hasSuffix($0) }
  }

  /// `.n.o`, `_n.o` and the other variants' (made once, not at each question).
  private static let runtimeMemberSuffixes = ["n", "nd", "ni", "npic", "b", "bd", "bi", "bpic"]
    .flatMap { [".\($0).o", "_\($0).o"] }
}
