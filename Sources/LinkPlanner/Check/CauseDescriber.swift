import ElfKit
import FoundationEssentials

/// Turns a group of findings into a cause: its title, evidence, and a fix worded for the line at hand; a fix
/// that edits the line is tried on a copy of it.
final class CauseDescriber {
  private let resolution: Resolution
  private let target: Target?
  private let line: ModelledLine?
  /// The objects' OCaml unit graph (not archive members'), built for the first chain asked for.
  private var unitGraph: OCamlUnitGraph?
  /// Findlib's packages, read on a second thread from when a host library may be named
  /// (`readPackagesAhead()`: an `ocamlfind` run and every package's archive index) or on first use.
  private var packages: BackgroundValue<OCamlPackageIndex>?

  init(resolution: Resolution, target: Target?, line: ModelledLine?) {
    self.resolution = resolution
    self.target = target
    self.line = line
  }

  func describe(_ group: CauseFinder.Group) throws -> Cause {
    var cause = try draft(group)
    cause.symbols = group.symbols.sorted()
    cause.hazards = group.hazards.map(\.kind)
    // Hazards the kind does not word itself are quoted.
    // (A hazard cause is titled by its first hazard; the others of its kind follow.)
    for hazard in group.hazards.dropFirst(cause.kind == .hazard ? 1 : 0)
    where !Self.wordedHazards.contains(hazard.kind) {
      cause.evidence.append("\(hazard.kind): \(hazard.message)")
    }
    let isError =
      !cause.symbols.isEmpty || group.hazards.contains(where: { $0.level == .error })
      || cause.kind == .missingInput
    cause.level = isError ? .error : .warning
    if let edit = cause.fix.edit, let line {
      cause.fix.verification = try FixVerifier(line: line, original: resolution).verify(
        edit, symbols: cause.symbols)
    }
    return cause
  }

  /// Hazards the causes they join describe in their own words.
  private static let wordedHazards: Set<String> = [
    "runtime-mismatch", "tls-stack-guard", "entry-undefined",
  ]

  private var place: String { target.map { "\($0)" } ?? "this target" }

  private func draft(_ group: CauseFinder.Group) throws -> Cause {
    switch group.key {
    case .hostRuntime: return hostRuntime(group)
    case .hostLibrary(let library): return try hostLibrary(library, group)
    case .hostCStubs: return hostCStubs(group)
    case .missingLibrary(let path): return missingLibrary(path, group)
    case .linkOrder(let definer, let user): return linkOrder(definer: definer, user: user, group)
    case .missingEntry(let name): return missingEntry(name)
    case .duplicates(let first, let second): return try duplicates(first, second, group)
    case .misspelling(let name, let nearMiss):
      var cause = Cause(
        kind: .misspelling, level: .error, title: "`\(name)` is defined nowhere; `\(nearMiss)` is",
        fix: CauseFix(text: "did you mean `\(nearMiss)`? correct the name where it is used"))
      cause.evidence = Self.listing("used in", group.functions).map { [$0] } ?? []
      return cause
    case .sharedObjectNeeds(let needer):
      let them = group.symbols.count == 1 ? "it" : "them"
      return Cause(
        kind: .sharedObjectNeeds, level: .error,
        title:
          "the shared object `\(needer)` needs \(them) and nothing on the line defines \(them)",
        fix: CauseFix(
          text:
            "add the library that defines \(them) after `\(needer)`; if it is one `\(needer)` needs (DT_NEEDED), give its "
            + "folder with -rpath-link (ld does not search -L for those); or link with --allow-shlib-undefined"
        ))
    case .unexplained:
      var cause = Cause(
        kind: .unexplained, level: .error,
        title:
          "nothing on the line or in its library folders defines \(group.symbols.count == 1 ? "it" : "them")",
        fix: CauseFix(
          text:
            "add the object or library that defines \(group.symbols.count == 1 ? "it" : "them"); `--details` shows every reference"
        ))
      cause.evidence = Self.listing("used in", group.functions).map { [$0] } ?? []
      return cause
    case .missingInput(let name):
      let missing = resolution.missingInputs.first { $0.name == name }
      var cause = Cause(
        kind: .missingInput, level: .error,
        title: "cannot use \(name): \(missing?.problem ?? "cannot be used")",
        fix: CauseFix(text: "correct the path or the -L folders"))
      if let use = missing?.neededLibrary {
        cause.fix = neededLibraryFix(name, use)
        cause.evidence = Self.listing("used in", group.functions).map { [$0] } ?? []
      }
      return cause
    case .hazard:
      let hazard = group.hazards[0]
      return Cause(
        kind: .hazard, level: hazard.level, title: hazard.message,
        fix: CauseFix(text: hazard.hint ?? "see the message"))
    }
  }

  // MARK: Kinds

  private func hostRuntime(_ group: CauseFinder.Group) -> Cause {
    let mismatch = group.hazards.first { $0.kind == "runtime-mismatch" }
    let object = mismatch.map { String($0.message.prefix { $0 != " " }) } ?? "the object"
    // The verdict's reason, after "…, which does not suit <target>: ".
    let reason = mismatch?.message.components(separatedBy: "does not suit \(place): ").dropFirst()
      .first
    let runtime =
      target == .unix
      ? "a freestanding" : reason?.hasPrefix("a bytecode runtime") == true ? "a bytecode" : "a host"
    var cause = Cause(
      kind: .hostRuntime, level: .error,
      title: "\(object) embeds \(runtime) OCaml runtime, which cannot run on \(place)",
      fix: CauseFix(
        text: mismatch?.hint
          ?? "rebuild against the target's freestanding runtime (the ocaml-solo5 toolchain)"))
    if let functions = Self.listing("referenced by the runtime's C functions", group.functions) {
      cause.evidence.append(functions)
    }
    // A host runtime's evidence is the undefined names above; the others' is the verdict's reason.
    if runtime != "a host", let reason { cause.evidence.append(reason) }
    if group.hazards.contains(where: { $0.kind == "tls-stack-guard" }) {
      cause.evidence.append(
        "its C was compiled with glibc's TLS stack guard (tls-stack-guard): it would crash on \(place)"
      )
    }
    return cause
  }

  private func hostLibrary(_ library: HostLibrary, _ group: CauseFinder.Group) throws -> Cause {
    var cause = Cause(
      kind: .hostLibrary, level: .error,
      title: group.symbols.isEmpty
        ? "OCaml's \(library.package) library is in the program; its C stubs were built for the host, not for \(place)"
        : "OCaml's \(library.package) library is in the program; its C stubs need a host libc, which \(place) lacks",
      fix: CauseFix(text: ""))
    cause.evidence = Self.listing("referenced by", group.functions).map { [$0] } ?? []
    if group.hazards.contains(where: { $0.kind == "runtime-mismatch" }) {
      cause.evidence.append(
        "runtime-mismatch: these host names are the library's; the runtime's own functions need none that \(place) lacks"
      )
    }
    let replacement = library.replacement.map { "; use \($0)" } ?? ""
    guard let chain = try chain(to: library) else {
      cause.fix.text =
        "find who uses it with `--why \(library.unit)` and drop that dependency\(replacement)"
      return cause
    }
    readPackagesAhead()
    let packageOf = packages!.value.packageOfUnit
    cause.chain = chain.map(Self.moduleName)
    cause.units = Array(chain.dropLast())
    cause.packages = Self.unique(chain.dropLast().compactMap { packageOf[$0] } + [library.package])
    let user = chain[chain.count - 2]
    let owner =
      packageOf[user].map { "package `\($0)` (module \(Self.moduleName(user)))" }
      ?? "module `\(Self.moduleName(user))`"
    cause.fix.text =
      "drop the dependency on `\(library.package)` from \(owner), which uses \(library.unit) directly\(replacement)"
    return cause
  }

  /// Starts reading findlib's packages on a second thread (once), for the causes that name a host library.
  func readPackagesAhead() {
    if packages == nil { packages = BackgroundValue { OCamlPackageIndex.load(paths: []) } }
  }

  /// The chain of units from the main one to `library` (its unit last, also when the chain ends at one of its C
  /// primitives, as an `external` compiles), or nil when the program does not reach it.
  func chain(to library: HostLibrary) throws -> [String]? {
    let graph =
      try unitGraph
      ?? OCamlUnitGraph.build(from: resolution.objects.filter { $0.archive == nil }.map(\.file))
    unitGraph = graph
    let stubs = OCamlStubOwnership.cFunctions(
      of: library.unit, among: Set(graph.cReferences.values.joined()))
    guard var chain = graph.chain(to: library.unit, orCFunctions: stubs), chain.count >= 2 else {
      return nil
    }
    if stubs.contains(chain[chain.count - 1]) { chain[chain.count - 1] = library.unit }
    return chain
  }

  private func hostCStubs(_ group: CauseFinder.Group) -> Cause {
    let objects = group.referrers.sorted().map { resolution.objects[$0].displayName }
    let guardHazard = group.hazards.first { $0.kind == "tls-stack-guard" }
    let subject = objects.isEmpty ? (guardHazard?.message ?? "C code") : Self.list(objects)
    var cause = Cause(
      kind: .hostCStubs, level: .error, title: "C code compiled for the host's libc: \(subject)",
      fix: CauseFix(
        text: "compile these C stubs with the target's compiler and CFLAGS (no _FORTIFY_SOURCE, "
          + "-mstack-protector-guard=global): the ocaml-solo5 toolchain's cc"))
    if let functions = Self.listing("in the C functions", group.functions) {
      cause.evidence.append(functions)
    }
    if guardHazard != nil {
      cause.evidence.append(
        "compiled with glibc's TLS stack guard (tls-stack-guard): it would crash on \(place)")
    }
    return cause
  }

  /// How the line names the library at `path`: `-lNAME` when ld finds it there through the library folders, else
  /// its path.
  private func libraryArgument(_ path: String) -> String {
    let file = FileSystem.fileName(of: path)
    let searched =
      (line?.commandLine.line.searchDirectories ?? [])
      + ((line?.commandLine.line.noStandardLibraries ?? true)
        ? [] : line?.defaults.searchDirectories ?? [])
    let folder = FileSystem.resolvingSymlinks(FileSystem.folder(of: path))
    let workingDirectory = line?.workingDirectory ?? ""
    let found = searched.contains {
      FileSystem.resolvingSymlinks($0.hasPrefix("/") ? $0 : "\(workingDirectory)/\($0)") == folder
    }
    guard found, file.hasPrefix("lib"), let dot = file.lastIndex(of: "."),
      [".a", ".so"].contains(file[dot...])
    else {
      // (Relative to the working folder when it is inside it, as the line would name it.)
      let inside =
        path.hasPrefix(workingDirectory + "/") ? path.dropFirst(workingDirectory.count + 1) : nil
      return inside.map { String($0.hasPrefix("./") ? $0.dropFirst(2) : $0) } ?? path
    }
    return "-l" + file[file.index(file.startIndex, offsetBy: 3)..<dot]
  }

  /// The fix for a library only a shared object needs: name it on the line after the object that uses it (ld
  /// takes no definition from a library it loads for another's `DT_NEEDED`, and loads again one `--as-needed`
  /// dropped when the line names it again).
  private func neededLibraryFix(_ path: String, _ use: NeededLibraryUse) -> CauseFix {
    let argument = libraryArgument(path)
    let reason =
      use.droppedFromLine
      ? "--as-needed drops it where it stands now: nothing uses `\(use.symbol)` yet"
      : "`\(use.neededBy)` needs it, and ld takes no definition from a library only a shared object needs"
    guard let user = use.user,
      case let position = resolution.objects[user].inputPosition,
      let words = line?.inputWords(at: position), let userText = line?.inputText(at: position)
    else { return CauseFix(text: "add `\(argument)` to the line (\(reason))") }
    return CauseFix(
      text: "add `\(argument)` after `\(userText)` (\(reason))",
      edit: .add([argument], after: words.upperBound))
  }

  private func missingLibrary(_ path: String, _ group: CauseFinder.Group) -> Cause {
    let argument = libraryArgument(path)
    let them = group.symbols.count == 1 ? "it" : "them"
    var cause = Cause(
      kind: .missingLibrary, level: .error,
      title: "\(path) defines \(them), but is not on the line",
      fix: CauseFix(text: "add `\(argument)`"))
    cause.evidence = Self.listing("used in", group.functions).map { [$0] } ?? []
    let last = group.referrers.map { resolution.objects[$0].inputPosition }.max()
    if let last, let words = line?.inputWords(at: last), let text = line?.inputText(at: last) {
      cause.fix = CauseFix(
        text: "add `\(argument)` after `\(text)`", edit: .add([argument], after: words.upperBound))
    }
    return cause
  }

  private func linkOrder(definer: Int, user: Int, _ group: CauseFinder.Group) -> Cause {
    let (them, uses) = group.symbols.count == 1 ? ("it", "uses it") : ("them", "use them")
    let definerText = line?.inputText(at: definer) ?? "the definer"
    let userText = line?.inputText(at: user) ?? "its user"
    var cause = Cause(
      kind: .linkOrder, level: .error,
      title:
        "`\(definerText)` defines \(them) but comes before `\(userText)`, which \(uses) (ld reads an archive once, in order)",
      fix: CauseFix(
        text:
          "move `\(definerText)` after `\(userText)`, or group both with --start-group … --end-group"
      ))
    if let from = line?.inputWords(at: definer), let to = line?.inputWords(at: user) {
      cause.fix = CauseFix(
        text: "move `\(definerText)` after `\(userText)`", edit: .move(from, after: to.upperBound))
    }
    return cause
  }

  private func missingEntry(_ name: String) -> Cause {
    let fix: String
    switch (name, target) {
    case ("solo5_app_main", let target?):
      fix =
        "link \(target.mirageBindingsPackage)'s bindings (`pkg-config --static --libs \(target.mirageBindingsPackage)`), "
        + "or define it: call `_nolibc_init` and then `caml_startup`"
    case (_, let target?) where target.isFreestanding:
      fix = "the Solo5 bindings object defines `\(name)`: put solo5_\(target).o first on the line"
    case ("main", _):
      fix =
        "link a `main` that starts the OCaml program (`link-check plan --target unix` generates one)"
    default:
      fix =
        "add the object that defines `\(name)` (the C start files, crt1.o, for a hosted program), or set the entry with -e"
    }
    return Cause(
      kind: .missingEntry, level: .error, title: "the entry `\(name)` is not defined",
      fix: CauseFix(text: fix))
  }

  private func duplicates(_ first: Int, _ second: Int, _ group: CauseFinder.Group) throws -> Cause {
    let firstText = line?.inputText(at: first) ?? "the first definer"
    let secondText = line?.inputText(at: second) ?? "the second definer"
    let isRuntime = { (text: String) in
      RuntimeArchiveName.matches(FileSystem.fileName(of: text)) || text.hasPrefix("-lasmrun")
    }
    let title: String
    if firstText == secondText {
      title = "`\(firstText)` is on the line twice"
    } else if isRuntime(firstText) || isRuntime(secondText) {
      title = "the OCaml runtime is linked twice: `\(firstText)` and `\(secondText)` both carry it"
    } else {
      title =
        "`\(firstText)` and `\(secondText)` both define \(group.symbols.count == 1 ? "it" : "them")"
    }
    var cause = Cause(
      kind: .duplicateDefinitions, level: .error, title: title,
      fix: CauseFix(text: "drop one of `\(firstText)` and `\(secondText)`"))
    guard let line, let later = line.inputWords(at: second),
      let earlier = line.inputWords(at: first)
    else { return cause }
    // Drop the later one, unless only dropping the earlier one links.
    let verifier = FixVerifier(line: line, original: resolution)
    let symbols = group.symbols.sorted()
    cause.fix = CauseFix(text: "drop `\(secondText)` from the line", edit: .drop(later))
    if try !verifier.verify(.drop(later), symbols: symbols).clearsCause,
      try verifier.verify(.drop(earlier), symbols: symbols).clearsCause
    {
      cause.fix = CauseFix(text: "drop `\(firstText)` from the line", edit: .drop(earlier))
    }
    return cause
  }

  // MARK: Wording

  /// A unit as its source names it: dune's executables are `Dune__exe__Main` (→ `Main`), wrapped library modules
  /// `Lib__Mod` (→ `Lib.Mod`).
  static func moduleName(_ unit: String) -> String {
    let name = unit.hasPrefix("Dune__exe__") ? String(unit.dropFirst("Dune__exe__".count)) : unit
    return name.replacing("__", with: ".")
  }

  /// "label: a, b, c and 4 more" over the sorted names; nil for none.
  static func listing(_ label: String, _ names: Set<String>) -> String? {
    names.isEmpty ? nil : "\(label): \(list(names.sorted()))"
  }

  static func list(_ names: [String], limit: Int = 3) -> String {
    names.count <= limit
      ? names.joined(separator: ", ")
      : names.prefix(limit).joined(separator: ", ") + " and \(names.count - limit) more"
  }

  private static func unique(_ names: [String]) -> [String] {
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }
  }
}
