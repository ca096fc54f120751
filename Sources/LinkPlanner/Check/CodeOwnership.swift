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
      replacement: "MirageOS devices instead (mirage-ptime/mirage-mtime for clocks, mirage-sleep, tcpip for sockets)"),
    HostLibrary(package: "str", unit: "Str", category: .ocamlStr, replacement: "`re` instead (pure OCaml; `Re.Str` has Str's interface)"),
    HostLibrary(package: "threads", unit: "Thread", category: .ocamlThreads, replacement: "Lwt instead"),
  ]

  /// The library whose C stubs `category` names.
  static func owning(category: SymbolCategory) -> HostLibrary? { all.first { $0.category == category } }

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
/// `x_n.o` (4.08–4.11) and their variants.
final class CodeOwnership {
  private let resolution: Resolution
  private let decoder: OCamlNameDecoder
  /// Object id → static function → the file symbol before it.
  private var staticFunctionFiles: [Int: [String: String]] = [:]

  init(resolution: Resolution, decoder: OCamlNameDecoder) {
    self.resolution = resolution
    self.decoder = decoder
  }

  func owner(of site: ReferenceSite) throws(ElfError) -> CodeOwner {
    let object = resolution.objects[site.object]
    if let archive = object.archive, RuntimeArchiveName.matches(archive.split(separator: "/").last.map(String.init) ?? archive) {
      return .runtime
    }
    guard let function = site.function else { return .cCode(object: site.object) }
    if let unit = decoder.decode(function)?.unit {
      return HostLibrary.owning(unit: unit).map(CodeOwner.library) ?? .ocamlUnit(unit)
    }
    let category = SymbolCategory.of(function)
    if let library = HostLibrary.owning(category: category) { return .library(library) }
    if category == .ocamlRuntime { return .runtime }
    if let file = try staticFunctionFile(function, in: site.object), Self.isRuntimeMember(file) { return .runtime }
    return .cCode(object: site.object)
  }

  private func staticFunctionFile(_ function: String, in object: Int) throws(ElfError) -> String? {
    if let known = staticFunctionFiles[object] { return known[function] }
    var files: [String: String] = [:]
    var current: String?
    for symbol in try resolution.objects[object].file.symbolTable()?.symbols ?? [] where symbol.binding == .local {
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

  /// `startup_nat.n.o`, `startup_nat_nd.o`, `interp.bpic.o`: a member of an OCaml runtime archive (REFERENCE §6).
  static func isRuntimeMember(_ file: String) -> Bool {
    let variants = ["n", "nd", "ni", "npic", "b", "bd", "bi", "bpic"]
    return variants.contains { file.hasSuffix(".\($0).o") || file.hasSuffix("_\($0).o") }
  }
}
