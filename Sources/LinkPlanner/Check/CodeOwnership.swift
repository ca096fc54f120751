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
final class CodeOwnership {
  private let resolution: Resolution
  private let decoder: OCamlNameDecoder
  /// Object id → static function → the file symbol before it.
  private var staticFunctionFiles: [Int: [String: String]] = [:]
  private var callGraphs: [Int: CallGraph] = [:]

  init(resolution: Resolution, decoder: OCamlNameDecoder) {
    self.resolution = resolution
    self.decoder = decoder
  }

  func owner(of site: ReferenceSite) throws(ElfError) -> CodeOwner {
    let object = resolution.objects[site.object]
    if let archive = object.archive,
      RuntimeArchiveName.matches(archive.split(separator: "/").last.map(String.init) ?? archive)
    {
      return .runtime
    }
    guard let function = site.function else { return .cCode(object: site.object) }
    var visited: Set<String> = []
    return try owner(of: function, in: site.object, visited: &visited)
      ?? .cCode(object: site.object)
  }

  /// By name; else by the file symbol of a static function; else, for a helper (`alloc_sockaddr`), the owner
  /// all its callers share.
  private func owner(of function: String, in object: Int, visited: inout Set<String>)
    throws(ElfError) -> CodeOwner?
  {
    guard visited.insert(function).inserted, visited.count <= 64 else { return nil }
    if let unit = decoder.decode(function)?.unit {
      return HostLibrary.owning(unit: unit).map(CodeOwner.library) ?? .ocamlUnit(unit)
    }
    let category = SymbolCategory.of(function)
    if let library = HostLibrary.owning(category: category) { return .library(library) }
    if Self.unixMappedFiles.contains(function) {
      return HostLibrary.owning(category: .ocamlUnix).map(CodeOwner.library)
    }
    if category == .ocamlRuntime { return .runtime }
    if let file = try staticFunctionFile(function, in: object), Self.isRuntimeMember(file) {
      return .runtime
    }
    var shared: CodeOwner?
    for caller in try callGraph(of: object).callers(of: function) {
      guard let owner = try owner(of: caller, in: object, visited: &visited),
        shared == nil || shared == owner
      else { return nil }
      shared = owner
    }
    return shared
  }

  /// The call graph of object `object`, read once.
  private func callGraph(of object: Int) throws(ElfError) -> CallGraph {
    if let known = callGraphs[object] { return known }
    let graph = try CallGraph(resolution.objects[object].file)
    callGraphs[object] = graph
    return graph
  }

  private func staticFunctionFile(_ function: String, in object: Int) throws(ElfError) -> String? {
    if let known = staticFunctionFiles[object] { return known[function] }
    var files: [String: String] = [:]
    var current: String?
    for symbol in try resolution.objects[object].file.symbolTable()?.symbols ?? []
    where symbol.binding == .local {
      if symbol.type == .file {
        current = symbol.name.string
      } else if symbol.type == .function, let current {
        let name = symbol.name.string
        if files[name] == nil { files[name] = current }
      }
    }
    staticFunctionFiles[object] = files
    return files[function]
  }

  /// Bigarray's mapped files: `caml_` names, but unix's C (`otherlibs/unix/mmap*.c`, OCaml 4.x and 5.x).
  static let unixMappedFiles: Set<String> = [
    "caml_ba_map_file", "caml_ba_map_file_bytecode", "caml_ba_unmap_file",
  ]

  /// `startup_nat.n.o`, `startup_nat_nd.o`, `interp.bpic.o`: a member of an OCaml runtime archive (REFERENCE §6).
  static func isRuntimeMember(_ file: String) -> Bool {
    let variants = ["n", "nd", "ni", "npic", "b", "bd", "bi", "bpic"]
    return variants.contains { file.hasSuffix(".\($0).o") || file.hasSuffix("_\($0).o") }
  }
}
