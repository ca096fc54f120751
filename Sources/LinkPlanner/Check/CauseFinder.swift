import ElfKit
import FoundationEssentials

/// The link line a check modelled, for causes whose fix edits it: its words, how they parse, and the linker's
/// defaults (to resolve an edited copy again).
public struct ModelledLine: Sendable {
  public var words: [String]
  public var commandLine: LinkerCommandLine
  public var defaults: LinkerDefaults
  /// The folder the line's relative paths are read from.
  public var workingDirectory: String

  public init(
    words: [String], commandLine: LinkerCommandLine, defaults: LinkerDefaults,
    workingDirectory: String
  ) {
    self.words = words
    self.commandLine = commandLine
    self.defaults = defaults
    self.workingDirectory = workingDirectory
  }

  /// The words of the input at `position` (the resolver's `inputPosition`), when they are known.
  func inputWords(at position: Int) -> ClosedRange<Int>? {
    position < commandLine.inputWords.count ? commandLine.inputWords[position] : nil
  }

  /// The input at `position` as written on the line (`-lnolibc`, `main.o`).
  func inputText(at position: Int) -> String? {
    inputWords(at: position).map { words[$0].joined(separator: " ") }
  }
}

/// Groups every unresolved symbol, duplicate and hazard of a check under exactly one cause, first match wins:
/// the entry; a definer that comes too early (link order); on a freestanding target, by who references the name
/// (the host runtime, a host library's stubs, C stubs built for the host); a library on the search path; a near
/// miss; the rest unexplained. Hazards join the cause they follow from, or stand alone.
struct CauseFinder {
  let resolution: Resolution
  let target: Target?
  let decoder: OCamlNameDecoder
  let nearMisses: NearMiss
  let line: ModelledLine?
  /// The objects' call graphs, shared with the nolibc stub walk.
  let graphs: CallGraphs

  /// What one cause gathers before it is described.
  struct Group {
    var key: CauseKey
    var symbols: [String] = []
    /// Referencing functions (references from data have none), for evidence.
    var functions = Set<String>()
    /// Objects whose code references the symbols.
    var referrers = Set<Int>()
    var hazards: [Hazard] = []
  }

  /// The attribution: causes, and for each unresolved symbol and duplicate, the index of its cause.
  struct Attribution {
    var causes: [Cause]
    var unresolved: [Int]
    var duplicates: [Int]
  }

  func attribute(
    unresolved: [UnresolvedSymbol], duplicates: [DuplicateDefinition], hazards: [Hazard]
  ) throws -> Attribution {
    let ownership = CodeOwnership(resolution: resolution, decoder: decoder, graphs: graphs)
    let hostRuntime = hazards.contains { $0.kind == "runtime-mismatch" }
    let catalog = makeCatalog(wanted: Set(unresolved.map(\.name)))
    var groups: [CauseKey: Group] = [:]
    var order: [CauseKey] = []
    func open(_ key: CauseKey) {
      guard groups[key] == nil else { return }
      groups[key] = Group(key: key)
      order.append(key)
    }
    func add(_ key: CauseKey, _ symbol: String, _ sites: [ReferenceSite]) {
      open(key)
      groups[key]!.symbols.append(symbol)
      for site in Self.distinctCallers(sites) {
        groups[key]!.referrers.insert(site.object)
        if let function = site.function { groups[key]!.functions.insert(function) }
      }
    }
    var unresolvedKeys: [CauseKey] = []
    for symbol in unresolved {
      let key = try classify(
        symbol, ownership: ownership, catalog: catalog, hostRuntime: hostRuntime)
      add(key, symbol.name, symbol.sites)
      unresolvedKeys.append(key)
    }
    var duplicateKeys: [CauseKey] = []
    for duplicate in duplicates {
      let key = CauseKey.duplicates(
        first: resolution.objects[duplicate.definers[0]].inputPosition,
        second: resolution.objects[duplicate.definers[1]].inputPosition)
      add(key, duplicate.name, [])
      duplicateKeys.append(key)
    }
    let describer = CauseDescriber(resolution: resolution, target: target, line: line)
    // A host library's cause names packages when the program reaches the library: they are read while the unit
    // graph is built, when a cause names a library whose unit the program links (its `code_begin` marker is
    // defined). Most programs define some host-library names (OCaml 5's runtime has `caml_unix_*` of its own)
    // and reach none.
    let linksLibraryUnit = groups.keys.contains { key in
      guard case .hostLibrary(let library) = key else { return false }
      return ["caml\(library.unit).code_begin", "caml\(library.unit)__code_begin"].contains {
        resolution.definer(of: $0) != nil
      }
    }
    if linksLibraryUnit { describer.readPackagesAhead() }
    // A host library whose stubs link (str's need only memcpy and malloc) is still built for the host, when the
    // program reaches it (OCaml 5's runtime defines `caml_unix_*` and `caml_thread_*` names of its own).
    for library in presentHostLibraries() where groups[.hostLibrary(library)] == nil {
      if try describer.chain(to: library) != nil {
        open(.hostLibrary(library))
        describer.readPackagesAhead()
      }
    }
    // A runtime whose own functions need no missing name is not the host's: the host names the whole-object
    // verdict counted are a host library's (an object built with `-runtime-variant _freestanding` that links unix).
    let mismatchLibrary = order.first { key in
      if case .hostLibrary = key { return !(groups[key]?.symbols.isEmpty ?? true) }
      return false
    }
    let libraryInstead = groups[.hostRuntime] == nil && mismatchLibrary != nil
    for hazard in hazards {
      let key = hazardKey(
        hazard, hostRuntime: hostRuntime && !libraryInstead, library: mismatchLibrary)
      open(key)
      groups[key]!.hazards.append(hazard)
    }
    for missing in resolution.missingInputs { open(.missingInput(missing.name)) }
    var described: [(key: CauseKey, cause: Cause)] = []
    for key in order { described.append((key, try describer.describe(groups[key]!))) }
    described.sort { Self.precedes($0.cause, $1.cause) }
    let index = Dictionary(uniqueKeysWithValues: described.enumerated().map { ($1.key, $0) })
    return Attribution(
      causes: described.map(\.cause), unresolved: unresolvedKeys.map { index[$0]! },
      duplicates: duplicateKeys.map { index[$0]! })
  }

  /// The sites, without those that repeat the object and function of the one before: a function calls a name
  /// many times, and hashing its name for each (100,000 calls from a function named with 1 MiB) costs more than
  /// everything else. Names of one function share their storage, so comparing them is cheap.
  private static func distinctCallers(_ sites: [ReferenceSite]) -> [ReferenceSite] {
    var result: [ReferenceSite] = []
    for site in sites
    where result.last.map({ $0.object != site.object || $0.function != site.function }) ?? true {
      result.append(site)
    }
    return result
  }

  /// Errors before warnings, then most symbols first, then by kind and title (for the same bytes every run).
  private static func precedes(_ a: Cause, _ b: Cause) -> Bool {
    if a.level != b.level { return a.level == .error }
    if a.symbols.count != b.symbols.count { return a.symbols.count > b.symbols.count }
    let kinds = Cause.Kind.allCases
    if a.kind != b.kind { return kinds.firstIndex(of: a.kind)! < kinds.firstIndex(of: b.kind)! }
    return a.title < b.title
  }

  private func classify(
    _ symbol: UnresolvedSymbol, ownership: CodeOwnership, catalog: LibraryCatalog, hostRuntime: Bool
  ) throws -> CauseKey {
    let name = symbol.name
    if name == resolution.entry || (target?.isFreestanding == true && name == "solo5_app_main")
      || (target == .unix && name == "main")
    {
      return .missingEntry(name)
    }
    // ld stopped at a library only a shared object needs: that explains the name ("DSO missing from command line").
    if let missing = resolution.missingInputs.first(where: { $0.neededLibrary?.symbol == name }) {
      return .missingInput(missing.name)
    }
    let referrers = symbol.sites.map { resolution.objects[$0.object] }
    if let first = referrers.min(by: { $0.inputPosition < $1.inputPosition }),
      let available = resolution.availableDefinitions[name]?.first(where: {
        $0.position < first.inputPosition
      })
    {
      return .linkOrder(definer: available.position, user: referrers.map(\.inputPosition).max()!)
    }
    // A freestanding runtime on unix: what only its C references (its global stack guard) follows from it.
    if target == .unix, hostRuntime,
      try Self.distinctCallers(symbol.sites).contains(where: {
        try ownership.owner(of: $0) == .runtime
      })
    {
      return .hostRuntime
    }
    if let target, target.isFreestanding {
      if let library = HostLibrary.owning(category: SymbolCategory.of(name)) {
        return .hostLibrary(library)
      }
      var owners = Set<CodeOwner>()
      for site in Self.distinctCallers(symbol.sites) {
        owners.insert(try ownership.owner(of: site))
      }
      if hostRuntime && owners.contains(.runtime) { return .hostRuntime }
      let libraries = owners.compactMap { owner -> HostLibrary? in
        if case .library(let library) = owner { return library }
        return nil
      }
      if let library = libraries.min() { return .hostLibrary(library) }
      if Self.isHostOnly(name) {
        let objects = owners.compactMap { owner -> Int? in
          if case .cCode(let object) = owner { return object }
          return nil
        }
        if !objects.isEmpty { return .hostCStubs }
      }
    }
    if symbol.sites.isEmpty, let needer = symbol.sharedObjects.first {
      return .sharedObjectNeeds(needer)
    }
    if let library = catalog.library(defining: name) { return .missingLibrary(library.path) }
    if SymbolCategory.of(name) == .other, let nearMiss = nearMisses.closest(to: name) {
      return .misspelling(name, nearMiss)
    }
    return .unexplained
  }

  /// On a freestanding target, the host libraries whose C stubs the objects define.
  private func presentHostLibraries() -> [HostLibrary] {
    guard target?.isFreestanding == true else { return [] }
    // Compared on bytes: a hundred thousand names, nearly none of them these.
    let categories = Set(
      resolution.names.definedNames(withPrefixes: ["re_", "unix_", "caml_"]).map(SymbolCategory.of))
    return HostLibrary.all.filter { categories.contains($0.category) }
  }

  /// Names only a hosted C library has: what C compiled against glibc's headers references.
  private static func isHostOnly(_ name: String) -> Bool {
    if case .hosted = RuntimeSymbolCatalog.role(of: name) { return true }
    return [.glibcFortify, .largeFile, .glibcInternal, .stackProtector, .pthread, .dynamicLoading]
      .contains(SymbolCategory.of(name))
  }

  /// The libraries of the line's `-L` folders and, for a hosted target, the linker's own; a freestanding target's
  /// line may name the host's folders too (collect2 adds them), whose libraries cannot be the fix.
  private func makeCatalog(wanted: Set<String>) -> LibraryCatalog {
    guard let line else { return LibraryCatalog(directories: [], wanted: []) }
    var directories = line.commandLine.line.searchDirectories
    if !line.commandLine.line.noStandardLibraries && target?.isFreestanding != true {
      directories += line.defaults.searchDirectories
    }
    if target?.isFreestanding == true {
      directories = directories.filter { directory in
        !["/usr/lib", "/lib", "/usr/local/lib"].contains {
          directory == $0 || directory.hasPrefix($0 + "/")
        }
      }
    }
    return LibraryCatalog(directories: directories, wanted: wanted)
  }

  /// The host runtime explains its own stack guard and the nolibc stubs it calls; other hazards stand alone.
  private func hazardKey(_ hazard: Hazard, hostRuntime: Bool, library: CauseKey?) -> CauseKey {
    switch hazard.kind {
    case "runtime-mismatch": hostRuntime ? .hostRuntime : library ?? .hostRuntime
    case "tls-stack-guard": hostRuntime ? .hostRuntime : .hostCStubs
    case "nolibc-stub", "nolibc-thread-stub": hostRuntime ? .hostRuntime : .hazard(hazard.kind)
    case "entry-undefined": .missingEntry(resolution.entry ?? "_start")
    default: .hazard(hazard.kind)
    }
  }
}

/// What distinguishes one cause from another of the same check.
enum CauseKey: Hashable {
  case hostRuntime
  case hostLibrary(HostLibrary)
  case hostCStubs
  /// The library file that defines the names.
  case missingLibrary(String)
  /// Input positions: the definer that comes too early, the last input that uses it.
  case linkOrder(definer: Int, user: Int)
  case missingEntry(String)
  /// Input positions of the first definer and of the later one.
  case duplicates(first: Int, second: Int)
  case misspelling(String, String)
  /// The shared object that needs the names (no object refers to them).
  case sharedObjectNeeds(String)
  case unexplained
  case missingInput(String)
  case hazard(String)
}
