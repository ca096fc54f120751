import ElfKit
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif

/// Models GNU ld's (ld.bfd 2.40) symbol resolution over one link line, pass by pass:
/// enter `-u` symbols; load inputs left to right (objects define and reference; an archive extracts a member
/// only for a name undefined at that point, rescanning itself until nothing more is extracted; a group
/// rescans its archives to a fixed point; shared objects define without extracting; scripts add inputs);
/// apply linker-script and `--defsym` definitions; then claim what stays undefined and find who refers to it.
public struct Resolver {
  public var line: LinkLine
  public var defaults: LinkerDefaults
  /// The folder relative paths on the line are read from.
  public var workingDirectory: String
  /// The line's files, opened and being read ahead while the caller ran the linker for its defaults.
  var prefetched: InputPrefetch?

  public init(
    line: LinkLine, defaults: LinkerDefaults,
    workingDirectory: String = FileManager.default.currentDirectoryPath
  ) {
    self.line = line
    self.defaults = defaults
    self.workingDirectory = workingDirectory
  }

  /// Runs every pass. Throws only for input that cannot be read at all (corrupt ELF, broken script);
  /// what ld would report is in the resolution.
  public func resolve() throws(ElfError) -> Resolution {
    let (scriptsByPosition, problems) = readScripts()
    let scripts = scriptsByPosition.compactMap { $0 }
    let activeScripts = scripts.isEmpty ? [(path: "built-in", script: defaults.script)] : scripts
    let entry = line.entry ?? activeScripts.compactMap(\.script.entry).last ?? "_start"
    // Like ld, the entry symbol is entered as undefined first, so an archive member can supply it: `-e`'s in every
    // link, the script's (or `_start`) only in an executable; with `-shared` or `-r` no other (measured with GNU ld
    // 2.40: an archive's `_start` is not extracted; 22009918, where the group is then walked again).
    let enteredEntry = line.entry ?? (line.shared || line.relocatable ? nil : entry)
    var pass = ResolutionPass(
      search: librarySearch(scripts: scripts.map(\.script)), workingDirectory: workingDirectory,
      prefetched: prefetched)
    pass.resolution.missingInputs = problems
    pass.enterUndefined(
      [enteredEntry].compactMap { $0 } + line.undefinedSymbols
        + scripts.flatMap(\.script.externs))
    // A `-T` script whose place on the line is not known (a plan's line) is folded first, where plans put it.
    let placed = Set(
      line.items.compactMap { if case .script(let index) = $0 { index } else { nil } })
    for (index, script) in scriptsByPosition.enumerated() where !placed.contains(index) {
      if let script { pass.fold(script.script.definitions, of: script.path) }
    }
    // `-static`/`-Bstatic` before the first input makes the whole link static, whatever `-Bdynamic` follows.
    let firstInput = line.items.firstIndex {
      if case .file = $0 { true } else if case .library = $0 { true } else { false }
    }
    // (Not for -shared, which -static does not make static.)
    pass.relocatable = line.relocatable
    pass.positionIndependent = line.positionIndependent
    pass.shared = line.shared
    pass.staticLink =
      !line.shared
      && line.items[..<(firstInput ?? line.items.endIndex)].contains(.staticLibraries(true))
    try pass.loadItems(line.items, scripts: scriptsByPosition)
    // With shared objects' undefined names ignored (`--allow-shlib-undefined`, the default for `-shared`), ld.bfd
    // does not load the libraries they need at all (ldelf.c, `ldelf_after_open`: "Skip the lib if
    // --no-copy-dt-needed-entries and … --allow-shlib-undefined is in effect").
    let sharedUndefinedAllowed =
      line.relocatable || (line.allowSharedLibraryUndefined ?? line.shared)
    if !sharedUndefinedAllowed { try pass.loadNeededLibraries(searching: neededLibraryFolders()) }
    pass.commandLineAssignments = line.items.compactMap {
      if case .defineSymbol(let assignment) = $0 { assignment } else { nil }
    }
    pass.applyDefinitions(
      scripts: activeScripts.map { ($0.path, $0.script) }, defsyms: line.definedSymbols)
    pass.resolution.entry = entry
    pass.resolution.scripts = scripts.map(\.path)
    return try pass.finish(
      undefinedAllowed: line.relocatable || (line.shared && !line.noUndefined),
      duplicatesAllowed: line.allowMultipleDefinitions,
      makesExecutable: !line.shared && !line.relocatable,
      sharedUndefinedAllowed: sharedUndefinedAllowed)
  }

  /// Where ld looks for the libraries a shared object needs (`DT_NEEDED`), before the object's own run path:
  /// `-rpath-link`, `-rpath` (or `LD_RUN_PATH`), `LD_LIBRARY_PATH`; after it, the built-in folders. Not the `-L`
  /// folders (ld.bfd skips them; ld.lld uses them).
  private func neededLibraryFolders() -> NeededLibrarySearch {
    func environment(_ name: String) -> [String] {
      (ProcessInfo.processInfo.environment[name] ?? "").split(separator: ":").map(String.init)
    }
    let rpath = line.rpathDirectories.isEmpty ? environment("LD_RUN_PATH") : line.rpathDirectories
    return NeededLibrarySearch(
      before: line.rpathLinkDirectories + rpath + environment("LD_LIBRARY_PATH"),
      after: defaults.searchDirectories, workingDirectory: workingDirectory)
  }

  /// The `-T` scripts: found in the working folder or, as ld does, in the `-L` folders; read and parsed.
  /// One entry per `-T`, `nil` where the script cannot be read.
  private func readScripts() -> ([(path: String, script: LinkerScript)?], [MissingInput]) {
    var scripts: [(path: String, script: LinkerScript)?] = []
    var problems: [MissingInput] = []
    for name in line.scripts {
      let candidates =
        name.hasPrefix("/")
        ? [name] : ([workingDirectory] + line.searchDirectories).map { "\($0)/\(name)" }
      guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
        let text = try? String(contentsOfFile: path, encoding: .utf8)
      else {
        problems.append(
          MissingInput(
            name: "-T \(name)",
            problem: "cannot open linker script (searched \(candidates.joined(separator: ", ")))"))
        scripts.append(nil)
        continue
      }
      do {
        scripts.append((path, try LinkerScript(parsing: text)))
      } catch {
        scripts.append(nil)
        problems.append(
          MissingInput(name: "-T \(name)", problem: "cannot read linker script: \(error)"))
      }
    }
    return (scripts, problems)
  }

  private func librarySearch(scripts: [LinkerScript]) -> LibrarySearch {
    var directories = line.searchDirectories
    if !line.noStandardLibraries {
      directories += scripts.flatMap(\.searchDirectories) + defaults.searchDirectories
    }
    return LibrarySearch(directories: directories, workingDirectory: workingDirectory)
  }
}

/// The mutable state of one resolution.
struct ResolutionPass {
  let search: LibrarySearch
  let workingDirectory: String
  var resolution = Resolution()
  /// Every name's state and references, by name number.
  private var symbols = NameRecords()
  /// Duplicate definitions, by name number: the first definer, then the others.
  private var duplicates: [Int: [Int]] = [:]
  /// `name` → `name@VERSION` where an object's `name@@VERSION` came after an assignment took `name` over: `name` is
  /// then an indirection to it, and ld names a later object's definition of `name` a duplicate of `name@@VERSION`
  /// (26007947).
  private var defaultVersionOverAssignment: [Int: Int] = [:]
  private var keptGroups = Set<String>()
  /// The archives and assignments of the open `--start-group`, in their order, walked again at its end.
  private var openGroup: [GroupStep]?
  /// `undefinedCount` when the open group opened.
  private var groupStart = 0
  /// Shared objects `--as-needed` dropped, in order, and where the open group's start in that list.
  private var droppedAsNeeded: [DroppedLibrary] = []
  private var groupDroppedFrom = 0
  /// How many names have become undefined so far (ld's list of undefined symbols grows by one each). A weak
  /// reference does not grow it (linker.c, `_bfd_generic_link_add_one_symbol`: `WEAK` makes an `undefweak` without
  /// `bfd_link_add_undef`); a strong reference to a name only weakly referenced does (17109921).
  private var undefinedCount = 0
  /// Every archive's index, for hints about definitions that were not used.
  private var scannedArchives: [ArchiveScan] = []
  private var position = 0
  private var wholeArchive = false
  private var staticLibraries = false
  private var asNeeded = false
  /// A static link: no shared object can be used.
  var staticLink = false
  /// A `-r` link: versioned names stay as they are.
  var relocatable = false
  /// A `-shared` link.
  var shared = false
  /// A `-pie` link.
  var positionIndependent = false
  /// Names a loaded shared object defines.
  private var sharedDefinitions = Set<String>()
  /// Names a shared object from the line defines in its first version (`f@V1` or `f@@V1`, version index 2), which
  /// spare an object's hidden definition (elflink.c, `elf_link_check_versioned_symbol`: "This is the base or first
  /// version. We can use it."); a later version does not (25006092).
  private var sharedVersionedNames = Set<String>()
  /// `f@V` → `f` once a shared object defines `f@@V` (its default version): ld then makes `f@V` an indirection to
  /// the one symbol (elflink.c, `_bfd_elf_add_default_symbol`: "We also need to define an indirection from the
  /// nondefault version of the symbol"), so an object's later `f@V` is `f`.
  private var versionAliases: [Int: Int] = [:]
  /// The `--defsym` assignments, in line order.
  var commandLineAssignments: [SymbolAssignment] = []
  /// The script assignments ld evaluates in its final phase (every one but a `PROVIDE` that defined nothing).
  private var evaluatedScriptAssignments: [(script: String, assignment: SymbolAssignment)] = []
  /// Names an assignment (`--defsym` or script) defines by reading themselves (`f=f`) while nothing else defines
  /// them.
  private var selfReadUndefined = Set<String>()
  /// Names shared objects refer to (not weakly): the shared objects, in load order.
  private var sharedReferences: [String: [String]] = [:]
  /// The numbers of the names shared objects refer to, weakly or not (ld's `ref_dynamic`).
  private var dynamicReferences = Set<Int>()
  /// The shared objects loaded, with the libraries they need.
  private var loadedShared: [(path: String, dependencies: SharedObjectDependencies)] = []
  /// ld's needed list (`htab->needed`), as far as `--as-needed` asks it: one entry per shared object read from
  /// the line, kept or dropped, in order.
  private var neededList: [NeededListEntry] = []
  /// Linker scripts given as inputs, whose assignments also define at the end.
  private var inputScripts: [(String, LinkerScript)] = []
  /// The scripts being loaded, outermost first (symbolic links resolved): one that names an enclosing one is a loop.
  private var openScripts: [String] = []

  /// The line's files opened ahead, if any.
  private let prefetched: InputPrefetch?

  init(search: LibrarySearch, workingDirectory: String, prefetched: InputPrefetch? = nil) {
    self.search = search
    self.workingDirectory = workingDirectory
    self.prefetched = prefetched
  }

  mutating func enterUndefined(_ names: [String]) {
    // `-u`, the entry and names an assignment reads count as regular references (a shared object's reference to
    // them is not reported).
    for name in names {
      let number = symbols.number(name)
      symbols[number: number].regularReference = true
      if symbols[number: number].state == nil {
        symbols[number: number].state = .undefined(weak: false)
        undefinedCount += 1
      }
    }
  }

  // MARK: Loading

  mutating func loadItems(
    _ items: [LinkLine.Item], scripts: [(path: String, script: LinkerScript)?]
  ) throws(ElfError) {
    for item in items {
      switch item {
      case .file(let path):
        try load(path: path, named: path, neededName: path)
        position += 1
      case .library(let name):
        switch search.library(name, allowShared: !staticLibraries) {
        case .success(let path):
          try load(path: path, named: path, neededName: FileSystem.fileName(of: path))
        case .failure(let missing): resolution.missingInputs.append(missing)
        }
        position += 1
      case .startGroup:
        openGroup = []
        groupStart = undefinedCount
        groupDroppedFrom = droppedAsNeeded.count
      case .endGroup: try closeGroup()
      case .wholeArchive(let on): wholeArchive = on
      case .staticLibraries(let on): staticLibraries = on
      case .asNeeded(let on): asNeeded = on
      case .defineSymbol(let assignment):
        fold(assignment, provide: false, definer: .commandLine)
        // Inside a group, ld folds it again on each walk (ldlang.c, `open_input_bfds`).
        openGroup?.append(.assignment(assignment, provide: false, definer: .commandLine))
      case .script(let index):
        if let script = scripts[index] { fold(script.script.definitions, of: script.path) }
      }
    }
    if openGroup != nil { try closeGroup() }
  }

  /// ld walks a group again while its last walk added undefined symbols; each walk scans its archives, folds
  /// again the assignments of the script inputs inside it and loads again the shared objects `--as-needed` dropped
  /// (ldlang.c, `open_input_bfds`: "Likewise reload --as-needed shared libs"). Returns the group as a step of the
  /// group around it, if any.
  @discardableResult
  private mutating func closeGroup() throws(ElfError) -> GroupStep {
    let steps = openGroup ?? []
    let dropped = Array(droppedAsNeeded[min(groupDroppedFrom, droppedAsNeeded.count)...])
    openGroup = nil
    try walk(steps, dropped: dropped, again: undefinedCount != groupStart)
    return .group(steps, dropped: dropped)
  }

  /// Walks a group's steps again while `again`, then while the last walk added undefined symbols. A group inside
  /// it (a script input's `GROUP`) is walked at least once on each walk, and again while it adds (15005752: in
  /// order, an archive before an assignment is scanned before the assignment is folded again; 32003032).
  private mutating func walk(
    _ steps: [GroupStep], dropped: [DroppedLibrary], again: Bool
  ) throws(ElfError) {
    var walkAddedUndefined = again
    while walkAddedUndefined {
      let before = undefinedCount
      for step in steps {
        switch step {
        case .archive(let archive): _ = try scan(archive)
        case .assignment(let assignment, let provide, let definer):
          fold(assignment, provide: provide, definer: definer)
        case .group(let inner, let innerDropped):
          try walk(inner, dropped: innerDropped, again: true)
        }
      }
      for (file, path, _) in dropped where !resolution.sharedObjects.contains(path) {
        let outer = asNeeded
        asNeeded = true
        defer { asNeeded = outer }
        try addShared(file, path: path, reloading: true)
      }
      walkAddedUndefined = undefinedCount != before
    }
  }

  /// `neededName`: what a `DT_NEEDED` entry must be to take this input as the library it needs, should
  /// `--as-needed` drop it (`ScriptInputFile.neededName`).
  private mutating func load(path: String, named display: String, neededName: String?)
    throws(ElfError)
  {
    let resolved = InputPrefetch.resolved(path, in: workingDirectory)
    guard FileManager.default.fileExists(atPath: resolved) else {
      resolution.missingInputs.append(MissingInput(name: display, problem: "no such file"))
      return
    }
    let opened: BinaryFile
    if let file = prefetched?.file(at: resolved) {
      opened = file
    } else {
      opened = try BinaryFile.open(path: resolved)
    }
    switch opened {
    case .object(let file):
      switch file.header.type {
      case .relocatable: try addObject(file, displayName: display, archive: nil, member: nil)
      case .sharedObject where staticLibraries || staticLink:
        // ld stops here: "attempted static link of dynamic object".
        resolution.missingInputs.append(
          MissingInput(
            name: display,
            problem:
              "a shared object cannot be linked after -static or -Bstatic, nor in a link that starts with one"
          ))
      case .sharedObject: try addShared(file, path: display, neededName: neededName)
      default:
        resolution.missingInputs.append(
          MissingInput(name: display, problem: "an \(file.header.type) cannot be linked"))
      }
    case .archive(let archive):
      // An empty archive (glibc ≥ 2.34's libpthread.a, libdl.a, librt.a, libutil.a) needs no index.
      if archive.members.isEmpty { return }
      if wholeArchive {
        for member in archive.members { try extract(member, of: display, symbol: nil) }
      } else {
        guard let index = try archive.symbolIndex() else {
          resolution.missingInputs.append(
            MissingInput(name: display, problem: "archive has no index; run ranlib to add one"))
          return
        }
        let scan = ArchiveScan(
          archive: archive, path: display, position: position, index: index,
          numbers: index.entries.map { symbols.number($0.name) })
        scannedArchives.append(scan)
        _ = try self.scan(scan)
        openGroup?.append(.archive(scan))
      }
    case .notELF(let reason):
      try loadScript(resolved, named: display, reason: reason)
    }
  }

  /// An input that is not ELF may be a linker script naming other inputs (`INPUT`, `GROUP`).
  private mutating func loadScript(_ path: String, named display: String, reason: String)
    throws(ElfError)
  {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ElfError(file: display, problem: reason)
    }
    let script: LinkerScript
    do { script = try LinkerScript(parsing: text) } catch {
      throw ElfError(file: display, problem: "\(reason); as a linker script: \(error)")
    }
    guard !script.inputs.isEmpty || !script.groups.isEmpty || !script.definitions.isEmpty else {
      throw ElfError(file: display, problem: reason)
    }
    let real = FileSystem.resolvingSymlinks(path)
    if openScripts.contains(real) {
      // GNU ld 2.40 loops until it is killed; ld.lld 21 overflows its stack.
      throw ElfError(
        file: display,
        problem: "a linker script that names itself, directly or through another script (a loop)")
    }
    openScripts.append(real)
    defer { openScripts.removeLast() }
    resolution.scripts.append(display)
    inputScripts.append((display, script))
    // ld folds a script input's assignments where they stand in it (before or after its INPUT and GROUP files),
    // unless it has `SECTIONS` (it then warns "did you forget -T?" and folds them all only after loading).
    if !script.hasSections {
      foldInGroup(script.definitions.filter { !$0.followsInputs }, of: display)
    }
    let directory = FileSystem.folder(of: path)
    for input in script.inputs { try loadScriptInput(input, directory: directory) }
    for group in script.groups {
      let outer = (openGroup, groupStart, groupDroppedFrom)
      (openGroup, groupStart, groupDroppedFrom) = ([], undefinedCount, droppedAsNeeded.count)
      for input in group { try loadScriptInput(input, directory: directory) }
      let inner = try closeGroup()
      (openGroup, groupStart, groupDroppedFrom) = outer
      openGroup?.append(inner)
    }
    if !script.hasSections { foldInGroup(script.definitions.filter(\.followsInputs), of: display) }
  }

  /// Folds a script input's assignments, and keeps them for the walks of the open group, if any.
  private mutating func foldInGroup(_ definitions: [LinkerScript.Definition], of display: String) {
    fold(definitions, of: display)
    openGroup? += definitions.map {
      .assignment($0.assignment, provide: $0.isProvide, definer: .script(display))
    }
  }

  private mutating func loadScriptInput(_ input: LinkerScript.Input, directory: String)
    throws(ElfError)
  {
    let outer = asNeeded
    asNeeded = asNeeded || input.asNeeded
    defer { asNeeded = outer }
    switch search.scriptInput(input.name, scriptDirectory: directory, allowShared: !staticLibraries)
    {
    case .success(let found):
      try load(path: found.path, named: found.path, neededName: found.neededName)
    case .failure(let missing): resolution.missingInputs.append(missing)
    }
  }

  // MARK: Archives

  /// Extracts, until nothing changes, every member the index names for a symbol undefined now (or common
  /// now, when the member has a real definition). Returns whether anything was extracted.
  private mutating func scan(_ scan: ArchiveScan) throws(ElfError) -> Bool {
    var extractedAny = false
    var changed = true
    while changed {
      changed = false
      for (entry, number) in zip(scan.index.entries, scan.numbers) {
        guard let member = entry.member, !scan.extracted.contains(member),
          let state = symbols.state(number)
        else { continue }
        switch state {
        case .undefined(weak: false): break
        case .common: guard try scan.memberDefinesData(member, entry.name) else { continue }
        default: continue
        }
        scan.extracted.insert(member)
        // For a common symbol, the object whose common definition asked for the real one refers to it.
        var referrer = symbols[number: number].firstReference
        if case .common(_, let definer) = state { referrer = definer }
        try extract(
          scan.archive.members[member], of: scan.path, symbol: entry.name, referrer: referrer)
        changed = true
        extractedAny = true
      }
    }
    return extractedAny
  }

  private mutating func extract(
    _ member: ArchiveMember, of archive: String, symbol: String?, referrer: Int? = nil
  ) throws(ElfError) {
    guard case .object(let file) = try member.open() else {
      throw ElfError(
        file: archive, member: member.name,
        problem: "member is not an ELF object and cannot be linked")
    }
    let id = resolution.objects.count
    resolution.extractions.append(
      Extraction(
        object: id, archive: archive, member: member.name, symbol: symbol,
        referencedBy: referrer))
    try addObject(
      file, displayName: "\(archive)(\(member.name))", archive: archive, member: member.name)
  }

  // MARK: Symbols

  private mutating func addObject(
    _ file: ElfFile, displayName: String, archive: String?, member: String?
  ) throws(ElfError) {
    let id = resolution.objects.count
    resolution.objects.append(
      LinkObject(
        id: id, file: file, displayName: displayName, archive: archive, member: member,
        inputPosition: position))
    var discarded = Set<Int>()
    for group in try file.sectionGroups() where group.isComdat {
      if keptGroups.contains(group.signature) {
        discarded.formUnion(group.members)
      } else {
        keptGroups.insert(group.signature)
      }
    }
    guard let table = try file.symbolTable() else { return }
    // A table larger than every name so far (a complete object) is numbered without growing on the way.
    if table.symbols.count > symbols.count { symbols.reserve(table.symbols.count) }
    let classifier = SymbolClassifier(file)
    // Bindings read in place: only the global symbols are copied (a copy retains the name).
    for index in table.symbols.indices.dropFirst() where table.symbols[index].binding != .local {
      let symbol = table.symbols[index]
      let number = symbols.number(symbol.name)
      // ld keeps the most constraining visibility, but not that of a definition it rejects as a duplicate.
      let hides = symbol.visibility == .hidden || symbol.visibility == .internal
      let duplicatesBefore = hides ? duplicates[number]?.count : nil
      defer {
        if hides, duplicates[number]?.count == duplicatesBefore {
          symbols[number: number].hidden = true
        }
      }
      if symbol.isUndefined {
        merge(number, .reference(weak: symbol.binding == .weak), from: id)
      } else if case .index(let section) = symbol.section, discarded.contains(section) {
        continue
      } else if classifier.isCommon(symbol) {
        merge(number, .common(size: symbol.size, definer: id), from: id)
      } else {
        let weak = symbol.binding == .weak
        // Outside `-r`, `name@@VERSION` (a default version from `.symver`) is the symbol `name@VERSION` and also
        // defines `name`; ld names a duplicate of either after the definition that came first.
        if !relocatable, case let bytes = symbol.name.unsafeBytes, let base = bytes.baseAddress,
          memchr(base, Int32(UInt8(ascii: "@")), bytes.count) != nil,
          case let name = symbol.name.string, let at = name.firstByteRange(of: "@@")
        {
          let plain = String(name[..<at.lowerBound])
          let definition = SymbolContribution.definition(.object(id), weak: weak)
          let versioned = symbols.number(plain + "@" + name[at.upperBound...])
          let plainNumber = symbols.number(plain)
          merge(versioned, definition, from: id, definedAs: name)
          if symbols[number: plainNumber].assignedOverObject != nil {
            defaultVersionOverAssignment[plainNumber] = versioned
          }
          // (A shared object loaded before made `name@VERSION` an alias of `name`: one definition, not two.)
          if versionAliases[versioned] != plainNumber {
            merge(plainNumber, definition, from: id, definedAs: name)
          }
        } else {
          merge(number, .definition(.object(id), weak: weak), from: id)
        }
      }
    }
  }

  /// A shared object defines its dynamic symbols (a versioned one also as `name@VERSION`, and as `name` when
  /// the version is its default) and refers to its undefined ones. `neededBy`: loaded for another's `DT_NEEDED`
  /// (`droppedFromLine`: found on the line, where `--as-needed` dropped it).
  private mutating func addShared(
    _ file: ElfFile, path: String, neededName: String? = nil, neededBy: String? = nil,
    droppedFromLine: Bool = false, reloading: Bool = false
  ) throws(ElfError) {
    // ld loads a shared object once: named again after it was loaded, it is skipped (elflink.c,
    // `elf_add_dt_needed_tag` finds its DT_NEEDED); named again after `--as-needed` dropped it, it is loaded.
    guard neededBy != nil || reloading || !resolution.sharedObjects.contains(path) else { return }
    let dependencies = try SharedObjectDependencies(file)
    // ld lists what it needs before it reads its symbols, and leaves the entries there if `--as-needed` drops it.
    let listed = neededList.count
    if neededBy == nil {
      neededList.append(
        NeededListEntry(
          name: dependencies.soname ?? neededName ?? path, needed: dependencies.needed,
          asNeeded: asNeeded))
    }
    guard let table = try file.symbolTable(.dynsym) else {
      if !asNeeded || neededBy != nil {
        resolution.sharedObjects.append(path)
        loadedShared.append((path, dependencies))
      }
      return
    }
    let versions = try file.symbolVersions()
    var definitions: [(name: String, weak: Bool)] = []
    var references: [(name: String, weak: Bool)] = []
    var defaultVersions: [(versioned: String, plain: String)] = []
    var firstVersionNames: [String] = []
    for symbol in table.symbols where symbol.binding != .local && symbol.index != 0 {
      let name = symbol.name.string
      let weak = symbol.binding == .weak
      let version =
        versions.flatMap { symbol.index < $0.entries.count ? $0.entries[symbol.index] : nil } ?? 0
      if symbol.isUndefined {
        // A reference that needs a version (`.gnu.version_r`) is the symbol `f@V1` (elflink.c,
        // `elf_link_add_object_symbols` appends the version to a dynamic symbol's name): only a definition of that
        // version satisfies it, not a plain `f` nor an archive member indexed as `f`; ld reports it as `f@V1'.
        let needed = versions?.needs[Int(version & 0x7fff)]
        references.append((needed.map { "\(name)@\($0)" } ?? name, weak))
        continue
      }
      // A non-default version (`foo@V`, hidden bit) does not satisfy a plain reference.
      if version & 0x8000 == 0 { definitions.append((name, weak)) }
      if version & 0x7fff >= 2, let node = versions?.definitions[Int(version & 0x7fff)] {
        let versioned = "\(name)@\(node.name)"
        definitions.append((versioned, weak))
        // (Only a shared object from the line: one loaded for another's DT_NEEDED does not spare it, 14001003.)
        if neededBy == nil, version & 0x7fff == 2 { firstVersionNames.append(name) }
        if version & 0x8000 == 0 { defaultVersions.append((versioned, name)) }
      }
    }
    // Under `--as-needed` a shared object that defines nothing referenced (strongly) by now is dropped, with
    // all its symbols: a later reference does not see them. (`-u` and the entry do not count: only objects; and a
    // shared object's reference only when this one is not on ld's needed list: elflink.c, `ref_dynamic_nonweak`,
    // `on_needed_list`; 31002136.)
    if asNeeded && neededBy == nil
      && !definitions.contains(where: { isStrongUndefinedInObjects($0.name) })
      && (!definitions.contains(where: { isStrongUndefinedInSharedObjects($0.name) })
        || onNeededList(neededList[listed].name))
    {
      if !reloading { droppedAsNeeded.append((file, path, neededName)) }
      return
    }
    resolution.sharedObjects.append(path)
    loadedShared.append((path, dependencies))
    // Kept, it is needed like one given without `--as-needed` (elflink.c clears its `DYN_AS_NEEDED`): what it
    // needs is on the needed list from now on, and a later `--as-needed` library it needs is dropped.
    if neededBy == nil { neededList[listed].asNeeded = false }
    // (One `--as-needed` dropped spares nothing: ld takes its symbols out again, 31000261.)
    sharedVersionedNames.formUnion(firstVersionNames)
    for (versioned, plain) in defaultVersions {
      // A hidden or internal definition in an object already holds `f`: the shared object's `f@@V` does not become
      // `f`, so `f@V` stays its own symbol and an object's later `f@V` is no duplicate of `f` (17000967).
      if let record = symbols.record(plain), record.hidden,
        record.state?.isRegularDefinition ?? false
      {
        continue
      }
      versionAliases[symbols.number(versioned)] = symbols.number(plain)
      // An object's waiting `f@V` binds to an object's own `f`, or to one an assignment made (ld: no "DSO
      // missing", no undefined reference; 32003007).
      switch (symbols[versioned], symbols[plain]) {
      case (.undefined?, let regular?) where regular.isRegularDefinition || regular.isAssignment:
        symbols[versioned] = regular
      default: break
      }
    }
    // A library only a shared object needs does not define names objects refer to (ld: "DSO missing from
    // command line"), unless, in an executable, `-u` (or the entry) asked for the name before an object used it.
    // ld walks the library's symbols in order (elflink.c, `elf_link_add_object_symbols`); the first one an object
    // uses (not weakly) and still waits for decides: first asked for by no file (`-u`, the entry: the undefined
    // symbol has no `abfd`), the library is used as if on the line; first referred to by a file (an object, or a
    // shared object loaded before it: "libs1.so: undefined reference to symbol 'f3'"), ld stops.
    let wanted = definitions.first { isStrongUndefinedInObjects($0.name) }
    // (For a default version `f@@V`, ld decides on the entry of `f@V` when a file already refers to that spelling.)
    let used =
      wanted.map { wanted in
        let versioned = defaultVersions.first { $0.plain == wanted.name }?.versioned
        let entry =
          versioned.flatMap { symbols[$0]?.isUndefined ?? false ? $0 : nil } ?? wanted.name
        return !(symbols.record(entry)?.referencedFirstByFile ?? false)
      } ?? false
    if let neededBy, !used, let name = wanted?.name {
      // ld stops there: "undefined reference to symbol 'NAME'", "error adding symbols: DSO missing from command line".
      let problem =
        droppedFromLine
        ? "needed by \(neededBy) and defines `\(name)`, which an object uses, but --as-needed (or a script's AS_NEEDED) dropped it where it was named, before that use (DSO missing from command line)"
        : "needed by \(neededBy) and defines `\(name)`, which an object uses, but is not on the line (DSO missing from command line)"
      let use = NeededLibraryUse(
        symbol: name, neededBy: neededBy, user: symbols.record(name)?.firstReference,
        droppedFromLine: droppedFromLine)
      resolution.missingInputs.append(
        MissingInput(name: path, problem: problem, neededLibrary: use))
    }
    // (A weak reference from an object does not make ld stop, and the library's definition answers it.)
    for definition in definitions {
      let merged =
        neededBy == nil || used || !(symbols.record(definition.name)?.objectReference ?? false)
      // ld marks every definition it reads as a shared object's (`dynamic_def`, in `_bfd_elf_merge_symbol`), also
      // one it then skips because an object's hidden definition holds the name, before any "DSO missing" check:
      // unless it stopped at one, a needed library's definition spares an object's hidden one (17109391).
      if merged || wanted == nil { sharedDefinitions.insert(definition.name) }
      if merged {
        merge(
          symbols.number(definition.name), .shared(path: path, weak: definition.weak), from: nil)
      }
    }
    for reference in references {
      let number = symbols.number(reference.name)
      merge(number, .reference(weak: reference.weak), from: nil)
      dynamicReferences.insert(number)
      if !reference.weak { sharedReferences[reference.name, default: []].append(path) }
    }
  }

  /// After every input, ld loads the libraries the shared objects need (`DT_NEEDED`) that are not on the line,
  /// where it finds them, for their definitions; one it does not find leaves those names undefined.
  mutating func loadNeededLibraries(searching search: NeededLibrarySearch) throws(ElfError) {
    var next = 0
    while next < loadedShared.count {
      let (path, dependencies) = loadedShared[next]
      next += 1
      for needed in dependencies.needed where !isLoaded(needed) {
        // One `--as-needed` dropped from the line is loaded from there (ldelf.c: "See if this file was included in
        // the link explicitly") as a `DT_NEEDED` library (`ldelf_try_needed`): an object's use of what it defines
        // is "DSO missing" (15006062).
        if let dropped = droppedAsNeeded.first(where: { Self.names($0.file, $0.neededName, needed) }
        ) {
          try addShared(dropped.file, path: dropped.path, neededBy: path, droppedFromLine: true)
          continue
        }
        let origin = FileSystem.folder(
          of: path.hasPrefix("/") ? path : "\(workingDirectory)/\(path)")
        guard let found = search.find(needed, runPath: dependencies.runPath, origin: origin),
          case .object(let file) = try BinaryFile.open(path: found),
          file.header.type == .sharedObject
        else { continue }
        try addShared(file, path: found, neededBy: path)
      }
    }
  }

  /// Whether `file`, taken from the line as `neededName`, is the shared object a `DT_NEEDED` entry names (by
  /// soname, or by the name ld recorded for it: 22000925, a script's `AS_NEEDED(libs0.so)` found beside the script
  /// is `./libs0.so` to ld, and `libs0.so` needed by libs1.so is then not found).
  private static func names(_ file: ElfFile, _ neededName: String?, _ needed: String) -> Bool {
    (try? SharedObjectDependencies(file).soname) == needed || neededName == needed
  }

  /// Whether a shared object of that soname or file name is loaded already.
  private func isLoaded(_ needed: String) -> Bool {
    loadedShared.contains {
      $0.dependencies.soname == needed || FileSystem.fileName(of: $0.path) == needed
    }
  }

  /// Whether a shared object loaded so far refers (not weakly) to `name` and nothing defines it yet.
  private func isStrongUndefinedInSharedObjects(_ name: String) -> Bool {
    sharedReferences[name] != nil && symbols[name]?.isUndefined ?? false
  }

  /// Whether `soname` is on ld's needed list: named in the `DT_NEEDED` of a shared object that is needed (given
  /// without `--as-needed`, or kept), or of one still `--as-needed` that is on the list itself, counting only
  /// the entries before that one (elflink.c, `on_needed_list`). Whether an entry counts depends on nothing else, so
  /// each is looked at once: ld's own recursion is exponential in a chain of as-needed libraries that each need
  /// every later one (40 of them did not finish before).
  private func onNeededList(_ soname: String) -> Bool {
    var lookedAt = Set<Int>()
    func isNeeded(_ soname: String, before end: Int) -> Bool {
      neededList.indices.prefix(end).contains { index in
        let entry = neededList[index]
        guard entry.needed.contains(soname) else { return false }
        guard entry.asNeeded else { return true }
        return lookedAt.insert(index).inserted && isNeeded(entry.name, before: index)
      }
    }
    return isNeeded(soname, before: neededList.count)
  }

  /// Whether an object refers (not weakly) to `name` and nothing defines it yet.
  private func isStrongUndefinedInObjects(_ name: String) -> Bool {
    guard let record = symbols.record(name) else { return false }
    return record.objectReference && record.state?.isStrongUndefined ?? false
  }

  private mutating func merge(
    _ name: Int, _ contribution: SymbolContribution, from object: Int?,
    definedAs spelling: String? = nil
  ) {
    let versioned = name
    let name = object == nil || versionAliases.isEmpty ? name : versionAliases[name] ?? name
    // An object's strong `f@V` that a shared object's `f@@V` made `f`, over an object's weak `f`: ld refuses it as
    // "multiple definition of `f@V'" (GNU ld 2.40; regression seed 9). Not an object's `f@@V` (its default version):
    // ld makes `f` an indirection to it over the weak `f` (26009606).
    if name != versioned, spelling == nil,
      case .definition(.object(let second), weak: false) = contribution,
      case .defined(.object(let first), weak: true)? = symbols[number: name].state
    {
      duplicates[versioned, default: [first]].append(second)
      return
    }
    if case .reference(let weak) = contribution, object != nil {
      symbols[number: name].regularReference = true
      if !weak { symbols[number: name].objectReference = true }
    }
    guard let current = symbols[number: name].state else {
      // ld's list of undefined symbols holds new commons too (an archive may define them).
      switch contribution {
      case .reference(weak: false), .common: undefinedCount += 1
      case .reference(weak: true), .definition, .shared: break
      }
      symbols[number: name].state = contribution.initialState
      if case .reference = contribution {
        symbols[number: name].referencedFirstByFile = true
        if let object { symbols[number: name].firstReference = object }
      }
      symbols[number: name].definedAs = spelling
      return
    }
    if case .reference(weak: false) = contribution, case .undefined(weak: true) = current {
      undefinedCount += 1
      symbols[number: name].referencedFirstByFile = true
      if let object { symbols[number: name].firstReference = object }
    }
    if let first = symbols[number: name].assignedOverObject, spelling == nil,
      case .definition(.object(let second), _) = contribution
    {
      duplicates[defaultVersionOverAssignment[name] ?? name, default: [first]].append(second)
      return
    }
    let merged = current.merging(contribution)
    // (A name already reported as a duplicate keeps the spelling of that report: ld names it once.)
    // (An object's `f@V` that a shared object's `f@@V` made `f` names it `f@V`: 27008803.)
    if case .defined(.object(let definer), _) = merged.state, definer == object,
      merged.duplicate == nil, duplicates.isEmpty || duplicates[name] == nil
    {
      symbols[number: name].definedAs =
        spelling ?? (name != versioned ? symbols.string(versioned) : nil)
    }
    symbols[number: name].state = merged.state
    if let duplicate = merged.duplicate {
      duplicates[name, default: [duplicate.first]].append(duplicate.second)
    }
  }

  // MARK: Assignments

  /// Folds script assignments where they stand on the line (`PROVIDE` only for a name referenced by then).
  mutating func fold(_ definitions: [LinkerScript.Definition], of path: String) {
    for definition in definitions {
      fold(definition.assignment, provide: definition.isProvide, definer: .script(path))
    }
  }

  /// Folds one assignment as ld does while it loads inputs. The symbols the expression reads are entered as
  /// undefined (an archive member may then be extracted for them). The name is defined now when the expression
  /// has a value (every symbol it reads is defined by now) or nothing has mentioned the name yet (ld then gives it
  /// a provisional value); otherwise only at the end (`applyDefinitions`). An expression that reads the name
  /// itself (`f = f`, `f + 1`) defines nothing while inputs load, so it never makes a duplicate with an input's
  /// definition (ldexp.c, `exp_fold_tree_1`: "We don't allow self assignment until the final phase"; 16001784).
  mutating func fold(_ assignment: SymbolAssignment, provide: Bool, definer: SymbolDefiner) {
    let current = symbols[assignment.name]
    if provide && !(current?.isUndefined ?? false) { return }
    // While ld loads inputs, `DEFINED(name)` holds for any definition, an assignment's too.
    let isDefined = { (name: String) -> Bool? in !(self.symbols[name]?.isUndefined ?? true) }
    // The symbols the fold reads, with the branch each `DEFINED` picks (`f2 = DEFINED(f2) ? f2 : 0` over an
    // object's `f2` reads itself: 33001713).
    let reads = assignment.foldReads(isDefined: isDefined)
    let hasValue = reads.allSatisfy { symbols[$0]?.hasValue ?? false }
    enterUndefined(reads)
    guard !reads.contains(assignment.name), hasValue || current == nil else { return }
    // An expression that is a shared object's symbol alone (`f2`, `(f2)`, `DEFINED(f2) ? f2 : 0`) defines the
    // name in that symbol's section, a shared object's: an object's later definition takes it over as it would
    // the shared one, with no duplicate (measured: `f2+0x10` is a duplicate, 30005849).
    if let source = assignment.valueName(isDefined: isDefined),
      case .shared(let path, _)? = symbols[source]
    {
      symbols[assignment.name] = .shared(path: path, weak: false)
      return
    }
    // Over an object's definition the assignment wins, and any later object definition (weak too) is a duplicate.
    switch current {
    case .defined(.object(let object), _), .common(_, let object):
      symbols[number: symbols.number(assignment.name)].assignedOverObject = object
    default: break
    }
    symbols[assignment.name] = .defined(definer, weak: false)
  }

  // MARK: Definitions after loading

  /// An assignment whose expression reads one symbol once takes that symbol's visibility (ldexp.c, `assign_src`;
  /// elflink.c, `_bfd_elf_copy_link_hash_symbol_type`): `--defsym f5=f3` (or `f3+0`) with `f3` hidden makes `f5`
  /// hidden; `f3+g` does not (15009725), nor `f3+f3` (a second read sets `assign_src` to -1 too: 24004504). A
  /// conditional counts the branch its condition picks: `DEFINED(f1) ? f1 : 0` with `f1` hidden and defined
  /// makes the name hidden (27005174). `commandLineIndex` is the assignment's place among the `--defsym`s.
  private mutating func inheritVisibility(
    _ assignment: SymbolAssignment, commandLineIndex: Int? = nil
  ) {
    let reads = assignment.sourceReads {
      definedInCondition($0, commandLineIndex: commandLineIndex)
    }
    guard let reads, reads.count == 1, let source = reads.first,
      symbols.record(source)?.hidden ?? false
    else { return }
    symbols[number: symbols.number(assignment.name)].hidden = true
    symbols[number: symbols.number(assignment.name)].hiddenFrom = source
  }

  /// ld's `DEFINED(name)` in its final fold (ldexp.c, `fold_name`): true for a definition or common symbol from
  /// an input; for one an assignment made, only when an object defined it first (`by_object`) or an earlier
  /// statement of the same fold made it — for `--defsym`s, an earlier one on the command line. nil where
  /// link-check does not know the statements' order (a script's assignment, a name the linker makes).
  private func definedInCondition(_ name: String, commandLineIndex: Int?) -> Bool? {
    switch symbols[name] {
    case nil, .undefined: return false
    case .common, .shared, .defined(.object, _), .defined(.sharedObject, _): return true
    case .defined(.linker, _), .defined(.script, _): return nil
    case .defined(.commandLine, _):
      if symbols.record(name)?.assignedOverObject != nil { return true }
      guard let commandLineIndex else { return nil }
      return commandLineAssignments[..<commandLineIndex].contains { $0.name == name }
    }
  }

  /// Script assignments always define; `PROVIDE` only what is still undefined; `--defsym` defines; and the
  /// linker makes `_GLOBAL_OFFSET_TABLE_`, `__ehdr_start`, `__start_`/`__stop_SECTION` and friends.
  mutating func applyDefinitions(scripts: [(String, LinkerScript)], defsyms: [String]) {
    // `f=f` (a `--defsym` or a script's) reads f before it defines it (ld evaluates a self-assignment only in its
    // final phase, after the earlier phases have run every other assignment: `--defsym f=f --defsym f=_start`
    // links, 17104303).
    let scriptAssignments = (scripts + inputScripts).flatMap { $0.1.definitions.map(\.assignment) }
    let assignedOtherwise = Set(
      (commandLineAssignments + scriptAssignments).filter { !$0.references.contains($0.name) }
        .map(\.name))
    selfReadUndefined = Set(
      (commandLineAssignments + scriptAssignments).filter {
        // (An object's `f@@V` does not count: ld refuses `f=f` over it too.)
        $0.references.contains($0.name) && !assignedOtherwise.contains($0.name)
          && (symbols[$0.name]?.isUndefined ?? true || symbols.record($0.name)?.definedAs != nil)
      }.map(\.name))
    for (path, script) in scripts + inputScripts {
      for definition in script.definitions {
        if definition.isProvide && !(symbols[definition.name]?.isUndefined ?? false) {
          // (One folded while loading was provided then.)
          if case .defined(.script(path), _) = symbols[definition.name] {
            evaluatedScriptAssignments.append((path, definition.assignment))
          }
          continue
        }
        symbols[definition.name] = .defined(.script(path), weak: false)
        inheritVisibility(definition.assignment)
        evaluatedScriptAssignments.append((path, definition.assignment))
      }
    }
    for name in defsyms { symbols[name] = .defined(.commandLine, weak: false) }
    for (index, assignment) in commandLineAssignments.enumerated() {
      inheritVisibility(assignment, commandLineIndex: index)
    }
    var linkerNames: Set<String> = [
      "_GLOBAL_OFFSET_TABLE_", "__ehdr_start", "_TLS_MODULE_BASE_", ".TOC.",
      "_PROCEDURE_LINKAGE_TABLE_",
    ]
    if !resolution.sharedObjects.isEmpty { linkerNames.insert("_DYNAMIC") }
    for object in resolution.objects {
      for section in object.file.sections
      where section.nameBytes?.withBytes(Self.isCIdentifier) ?? false {
        linkerNames.insert("__start_\(section.name)")
        linkerNames.insert("__stop_\(section.name)")
      }
    }
    for name in linkerNames where symbols[name]?.isUndefined ?? false {
      symbols[name] = .defined(.linker, weak: false)
    }
  }

  /// Whether a section name (its bytes) is a C identifier: ASCII letters, digits and `_`, not starting with a digit.
  private static func isCIdentifier(_ name: UnsafeRawBufferPointer) -> Bool {
    func isLetter(_ byte: UInt8) -> Bool {
      byte == UInt8(ascii: "_")
        || (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }
    guard let first = name.first, isLetter(first) else { return false }
    return name.allSatisfy { isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
  }

  // MARK: Claiming

  /// Claims what stays undefined; `makesExecutable` (not `-shared`, not `-r`) turns on ld's TLS relaxation.
  /// A name only shared objects refer to is reported unless `sharedUndefinedAllowed` (`-shared`,
  /// `--allow-shlib-undefined`).
  mutating func finish(
    undefinedAllowed: Bool, duplicatesAllowed: Bool, makesExecutable: Bool,
    sharedUndefinedAllowed: Bool
  ) throws(ElfError) -> Resolution {
    var undefinedNames = Set<String>()
    var definers = [SymbolDefiner?](repeating: nil, count: symbols.count)
    for number in 0..<symbols.count {
      guard let state = symbols.state(number) else { continue }
      switch state {
      case .undefined(weak: false): undefinedNames.insert(symbols.string(number))
      case .undefined(weak: true): resolution.weakUndefined.append(symbols.string(number))
      case .defined(let definer, _): definers[number] = definer
      case .common(_, let definer): definers[number] = .object(definer)
      case .shared(let path, _): definers[number] = .sharedObject(path)
      }
    }
    resolution.weakUndefined.sort()
    // ld evaluates each `--defsym` and script assignment after loading, even in -r, and refuses a name it reads
    // that nothing defines (ldexp.c, `fold_name`), weak references or not; an assignment whose value could not be
    // computed leaves its name undefined for those that read it.
    let evaluated =
      commandLineAssignments.map { (definer: SymbolDefiner.commandLine, assignment: $0) }
      + evaluatedScriptAssignments.map { (definer: .script($0.script), assignment: $0.assignment) }
    var readBy: [String: [(definer: SymbolDefiner, name: String)]] = [:]
    var unvalued = Set<String>()
    var changed = true
    while changed {
      changed = false
      for (definer, assignment) in evaluated {
        for name in assignment.references
        where !(readBy[name]?.contains { $0 == (definer, assignment.name) } ?? false) {
          var undefined =
            symbols[name]?.isUndefined ?? false
            || (name == assignment.name && selfReadUndefined.contains(name))
          if case .defined(let source, _) = symbols[name], source.isAssignment,
            unvalued.contains(name)
          {
            undefined = true
          }
          guard undefined else { continue }
          readBy[name, default: []].append((definer, assignment.name))
          changed = unvalued.insert(assignment.name).inserted || changed
        }
      }
    }
    undefinedNames.formUnion(readBy.keys)
    if let entry = resolution.entry, let number = symbols.names.existing(entry) {
      resolution.entryIsDefined = definers[number] != nil
    }
    let sites =
      undefinedAllowed
      ? [:]
      : try ReferenceFinder(objects: resolution.objects, relaxesTLS: makesExecutable).sites(
        of: undefinedNames, numberedIn: symbols.names)
    resolution.unresolved = undefinedNames.sorted().compactMap { name in
      let found = sites[name] ?? []
      // ld reports a shared object's reference only when no object refers to the name.
      let shared =
        sharedUndefinedAllowed || (symbols.record(name)?.regularReference ?? false)
        ? [] : sharedReferences[name] ?? []
      let readers = readBy[name] ?? []
      guard !found.isEmpty || !shared.isEmpty || !readers.isEmpty else { return nil }
      return UnresolvedSymbol(
        name: name, sites: found, sharedObjects: shared,
        assignments: readers.filter { $0.definer == .commandLine }.map(\.name),
        scriptAssignments: readers.compactMap {
          if case .script(let script) = $0.definer {
            ScriptAssignment(script: script, name: $0.name)
          } else {
            nil
          }
        })
    }
    if !duplicatesAllowed {
      // A `name@@VERSION` duplicate is one, however many of its names it hits.
      var seen = Set<String>()
      let keys = duplicates.keys.map { (name: symbols.string($0), number: $0) }.sorted {
        $0.name < $1.name
      }
      resolution.duplicates = keys.compactMap { key in
        let name = symbols[number: key.number].definedAs ?? key.name
        return seen.insert(name).inserted
          ? DuplicateDefinition(name: name, definers: duplicates[key.number]!) : nil
      }
    }
    resolution.names = LinkNames(
      names: symbols.names, definers: definers,
      known: recordAvailableDefinitions(for: resolution.unresolved, definers: definers))
    if !relocatable { resolution.outputErrors = outputErrors(makesExecutable: makesExecutable) }
    return resolution
  }

  /// What ld refuses as it writes the output's symbols (elflink.c, `elf_link_output_extsym`), by name.
  private mutating func outputErrors(makesExecutable: Bool) -> [OutputSymbolError] {
    let dynamicSections = shared || positionIndependent || !resolution.sharedObjects.isEmpty
    guard dynamicSections else { return [] }
    var errors: [OutputSymbolError] = []
    // Only the names a case below can report on are made strings and sorted: a link against libc.so has tens of
    // thousands of names, nearly none of them hidden or versioned references.
    let named = (0..<symbols.count).filter { number in
      let record = symbols[number: number]
      switch record.state {
      case .defined(let definer, _) where definer != .linker:
        return makesExecutable && record.hidden
      case .common: return makesExecutable && record.hidden
      case .undefined(let weak):
        return (shared || weak || dynamicReferences.contains(number)) && record.regularReference
      default: return false
      }
    }.map { (name: symbols.string($0), number: $0) }
    for (name, number) in named.sorted(by: { $0.name < $1.name }) {
      let record = symbols[number: number]
      guard let state = record.state else { continue }
      switch state {
      // "We should also warn if a forced local symbol is referenced from shared libraries": a hidden symbol is
      // forced local in an executable; a shared object's definition (`dynamic_def`), a shared object's versioned
      // definition of the name (`elf_link_check_versioned_symbol`) or a weak reference spares it.
      // An assignment's definition is regular too (ld: "hidden symbol `f' in out").
      case .defined(let definer, _) where definer != .linker:
        if makesExecutable, record.hidden, !sharedDefinitions.contains(name),
          !sharedVersionedNames.contains(name),
          let sharedObjects = sharedReferences[name], let file = displayName(of: definer)
        {
          errors.append(
            OutputSymbolError(
              kind: .hiddenReferencedBySharedObject, name: name, file: file,
              sharedObjects: sharedObjects, visibilitySource: record.hiddenFrom))
        }
      case .common(_, let object):
        if makesExecutable, record.hidden, !sharedDefinitions.contains(name),
          !sharedVersionedNames.contains(name),
          let sharedObjects = sharedReferences[name]
        {
          errors.append(
            OutputSymbolError(
              kind: .hiddenReferencedBySharedObject, name: name,
              file: resolution.objects[object].displayName, sharedObjects: sharedObjects))
        }
      // A versioned name in the dynamic symbol table with no version definition (`verinfo.verdef == NULL`). A
      // strong reference is dynamic in -shared, or in an executable when a shared object refers to the same
      // `f@V` (its `.gnu.version_r` names the version: `ref_dynamic`, 29001660); else it is an undefined reference.
      case .undefined(let weak):
        if name.contains("@"), shared || weak || dynamicReferences.contains(number),
          let object = record.firstReference ?? firstObject(referringTo: name)
        {
          errors.append(
            OutputSymbolError(
              kind: .versionWithoutVersionSection, name: name,
              file: resolution.objects[object].displayName))
        }
      default: break
      }
    }
    return errors
  }

  /// The first object whose symbol table refers to `name` (for a name a shared object referred to first).
  private func firstObject(referringTo name: String) -> Int? {
    resolution.objects.indices.first { index in
      // (Every table was read while loading: no error is left to meet.)
      let table = (try? resolution.objects[index].file.symbolTable()) ?? nil
      return table?.symbols.contains { $0.isUndefined && $0.name.equals(name) } ?? false
    }
  }

  /// An object's name, `--defsym` or a script's path; nil for a shared object or the linker.
  private func displayName(of definer: SymbolDefiner) -> String? {
    switch definer {
    case .object(let object): resolution.objects[object].displayName
    case .commandLine: "--defsym"
    case .script(let path): path
    case .sharedObject, .linker: nil
    }
  }

  /// Names the inputs offer (for "did you mean"), by number: those defined and those an archive index names;
  /// and, for each unresolved name, the archives that define it.
  private mutating func recordAvailableDefinitions(
    for unresolved: [UnresolvedSymbol], definers: [SymbolDefiner?]
  ) -> [Bool] {
    var known = definers.map { $0 != nil }
    var isUnresolved = [Bool](repeating: false, count: known.count)
    for symbol in unresolved {
      if let number = symbols.names.existing(symbol.name) { isUnresolved[number] = true }
    }
    for scan in scannedArchives {
      for (entry, number) in zip(scan.index.entries, scan.numbers) {
        known[number] = true
        guard isUnresolved[number], let member = entry.member else { continue }
        resolution.availableDefinitions[entry.name, default: []].append(
          AvailableDefinition(
            provider: "\(scan.path)(\(scan.archive.members[member].name))", input: scan.path,
            position: scan.position))
      }
    }
    return known
  }
}

/// An archive being searched: its index and which members were extracted.
final class ArchiveScan {
  let archive: Archive
  let path: String
  let position: Int
  let index: ArchiveSymbolIndex
  /// The name number of each index entry.
  let numbers: [Int]
  var extracted = Set<Int>()
  private var dataDefinitions: [Int: Set<String>] = [:]

  init(archive: Archive, path: String, position: Int, index: ArchiveSymbolIndex, numbers: [Int]) {
    self.archive = archive
    self.path = path
    self.position = position
    self.index = index
    self.numbers = numbers
  }

  /// Whether member `member` defines `name` as real data (global, not common, not a function): ld.bfd pulls a
  /// member for a common symbol only then.
  func memberDefinesData(_ member: Int, _ name: String) throws(ElfError) -> Bool {
    if let known = dataDefinitions[member] { return known.contains(name) }
    var names = Set<String>()
    if case .object(let file) = try archive.members[member].open(),
      let table = try file.symbolTable()
    {
      for symbol in table.symbols
      where symbol.binding == .global && !symbol.isUndefined && symbol.section != .common
        && symbol.type != .function
      {
        names.insert(symbol.name.string)
      }
    }
    dataDefinitions[member] = names
    return names.contains(name)
  }
}

/// A shared object `--as-needed` dropped: the file, its path, and the name a `DT_NEEDED` entry takes it by.
private typealias DroppedLibrary = (file: ElfFile, path: String, neededName: String?)

/// One shared object's entries on ld's needed list: the name ld knows it by (`elf_dt_name`: its soname, else the
/// name it was given as), the libraries it needs, and whether it is still `--as-needed` (dropped, or not decided).
private struct NeededListEntry {
  var name: String
  var needed: [String]
  var asNeeded: Bool
}

/// One step of a group's walk: an archive to scan again, or an assignment to fold again.
private enum GroupStep {
  case archive(ArchiveScan)
  case assignment(SymbolAssignment, provide: Bool, definer: SymbolDefiner)
  /// A group inside the group, with the shared objects `--as-needed` dropped in it.
  case group([GroupStep], dropped: [DroppedLibrary])
}
