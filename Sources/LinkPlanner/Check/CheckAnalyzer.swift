import ElfKit

/// Turns a resolution into a report: demangles, categorises, attributes sites, finds hints and hazards.
public struct CheckAnalyzer {
  public var resolution: Resolution
  public var target: Target?
  private let nearMisses: NearMiss

  public init(resolution: Resolution, target: Target?) {
    self.resolution = resolution
    self.target = target
    nearMisses = NearMiss(candidates: resolution.knownNames)
  }

  public func report() throws(ElfError) -> CheckReport {
    var report = CheckReport()
    report.target = target
    report.missingInputs = resolution.missingInputs
    let decoder = try ocamlDecoder()
    report.unresolved = resolution.unresolved.map { unresolved in
      let category = SymbolCategory.of(unresolved.name)
      return UnresolvedFinding(
        symbol: unresolved.name, demangled: decoder.decode(unresolved.name)?.demangled, category: category,
        sites: unresolved.sites.map { describe($0, decoder) }, hint: hint(for: unresolved, category: category))
    }
    report.duplicates = resolution.duplicates.map {
      DuplicateFinding(symbol: $0.name, demangled: decoder.decode($0.name)?.demangled, definitions: $0.definers.map { resolution.objects[$0].displayName })
    }
    report.extracted = resolution.extractions.map {
      ExtractionFinding(archive: $0.archive, member: $0.member, symbol: $0.symbol, referencedBy: $0.referencedBy.map { resolution.objects[$0].displayName })
    }
    report.inputs = inputs()
    report.hazards = try HazardFinder(resolution: resolution, target: target).hazards()
    return report
  }

  /// Knows every OCaml unit whose markers appear in the link's objects.
  private func ocamlDecoder() throws(ElfError) -> OCamlNameDecoder {
    var names: [String] = []
    for object in resolution.objects {
      guard let table = try object.file.symbolTable() else { continue }
      for symbol in table.symbols where symbol.name.firstByte == UInt8(ascii: "c") && !symbol.isUndefined {
        names.append(symbol.name.string)
      }
    }
    return OCamlNameDecoder(units: OCamlNameDecoder.units(in: names))
  }

  private func describe(_ site: ReferenceSite, _ decoder: OCamlNameDecoder) -> SiteDescription {
    SiteDescription(
      object: resolution.objects[site.object].displayName, section: site.section, offset: site.offset, function: site.function,
      ocamlFunction: site.function.flatMap { decoder.decode($0)?.demangled })
  }

  private func inputs() -> [ReportInput] {
    var result: [ReportInput] = []
    var seen = Set<String>()
    for object in resolution.objects {
      let name = object.archive ?? object.displayName
      guard seen.insert(name).inserted else { continue }
      let kind: ReportInput.Kind = object.archive == nil ? .object : .archive
      result.append(ReportInput(name: name, kind: kind, extractedMembers: resolution.objects.filter { $0.archive == name }.count))
    }
    for path in resolution.sharedObjects where seen.insert(path).inserted {
      result.append(ReportInput(name: path, kind: .sharedObject, extractedMembers: 0))
    }
    for path in resolution.scripts where seen.insert(path).inserted {
      result.append(ReportInput(name: path, kind: .script, extractedMembers: 0))
    }
    return result
  }

  // MARK: Hints

  func hint(for unresolved: UnresolvedSymbol, category: SymbolCategory) -> String? {
    if let order = orderHint(for: unresolved) { return order }
    if let callers = callerHint(for: unresolved, category: category) { return callers }
    var hint = categoryHint(category, name: unresolved.name)
    // A near miss is worth a word only for names nothing else explains (a typo in the caller's code).
    if category == .other, let nearMiss = nearMisses.closest(to: unresolved.name) {
      hint = (hint.map { $0 + "; " } ?? "") + "did you mean `\(nearMiss)`?"
    }
    return hint
  }

  /// A definition exists on the line but before every object that needs it: ld's one-pass archive rule.
  private func orderHint(for unresolved: UnresolvedSymbol) -> String? {
    let referrers = unresolved.sites.map { resolution.objects[$0.object] }
    guard let first = referrers.min(by: { $0.inputPosition < $1.inputPosition }),
      let available = resolution.availableDefinitions[unresolved.name]?.first(where: { $0.position < first.inputPosition })
    else { return nil }
    return "`\(available.input)` defines it (\(available.provider)) but comes before `\(first.archive ?? first.displayName)`: "
      + "move it after, or group both with --start-group … --end-group"
  }

  /// On a freestanding target, a libc name needed only by OCaml's own C code says where the fix is: the
  /// library whose stubs call it, or the host runtime inside the object.
  private func callerHint(for unresolved: UnresolvedSymbol, category: SymbolCategory) -> String? {
    guard let target, target.isFreestanding, ![.ocamlUnix, .ocamlThreads, .ocamlStr, .solo5AppMain, .linkerScript].contains(category)
    else { return nil }
    let callers = Set(unresolved.sites.compactMap(\.function))
    guard !callers.isEmpty, unresolved.sites.allSatisfy({ $0.function != nil }) else { return nil }
    let examples = callers.sorted().prefix(2).joined(separator: ", ")
    let libraries: [SymbolCategory: (String, String)] = [.ocamlUnix: ("unix", "Unix"), .ocamlThreads: ("threads", "Thread"), .ocamlStr: ("str", "Str")]
    let callerCategories = Set(callers.map(SymbolCategory.of))
    if callerCategories.count == 1, let (library, unit) = libraries[callerCategories.first!] {
      return "needed only by OCaml's \(library) library stubs (\(examples)), which cannot work on \(target): find who uses it with `--why \(unit)`"
    }
    if callerCategories.contains(.ocamlRuntime) && callerCategories.isSubset(of: [.ocamlRuntime, .other]) {
      return "needed by the OCaml runtime inside the object (\(examples)): it is a host runtime; rebuild against the target's "
        + "freestanding runtime (`-runtime-variant` with its libasmrun, or the ocaml-solo5 toolchain)"
    }
    return nil
  }

  private func categoryHint(_ category: SymbolCategory, name: String) -> String? {
    let freestanding = target?.isFreestanding ?? false
    let place = target.map { "the \($0) target" } ?? "this target"
    switch category {
    case .ocamlUnix:
      return freestanding
        ? "OCaml's unix library is linked into the object and \(place) has no host libc for its C stubs: find who uses it with `--why Unix`"
        : "link OCaml's unix stubs (`-L$(ocamlfind query unix) -lunix`), or build with -output-complete-obj"
    case .ocamlThreads:
      return freestanding
        ? "OCaml's threads library is linked into the object; \(place) has no threads: find who uses it with `--why Thread`"
        : "link OCaml's threads stubs (`-lthreadsnat -lpthread`)"
    case .ocamlStr:
      return freestanding ? "OCaml's str library needs its C stubs (`libcamlstr.a`) built for \(place)" : "link `-lcamlstr`"
    case .ocamlRuntime:
      return "the OCaml runtime is missing: build with -output-complete-obj (dune `(modes object)`) or link libasmrun.a"
    case .glibcFortify:
      return "C code was compiled with -D_FORTIFY_SOURCE against glibc's headers: build the C stubs with the target's CFLAGS"
    case .largeFile:
      return "C code was compiled against glibc with _FILE_OFFSET_BITS=64: build the C stubs with the target's CFLAGS"
    case .glibcInternal:
      return freestanding
        ? "a glibc internal: the object holds code built for the host's libc (the host OCaml runtime or host-compiled C stubs)"
        : nil
    case .libm:
      return freestanding ? "openlibm provides it: link -lopenlibm after the object" : "link the math library: add -lm after the object"
    case .pthread:
      return freestanding ? "\(place) has no POSIX threads: something in the object uses pthreads (OCaml threads, or C stubs)" : "add -lpthread"
    case .dynamicLoading:
      return freestanding ? "\(place) cannot load code at run time: the host OCaml runtime or Dynlink is in the object" : "add -ldl"
    case .stackProtector:
      return "the Solo5 bindings object defines the stack protector: is solo5_\(target?.rawValue ?? "<target>").o on the line?"
    case .solo5AppMain:
      let package = target?.mirageBindingsPackage ?? "mirage-solo5"
      return "`solo5_app_main` comes from \(package)'s bindings (lib\(package)_bindings.a, `pkg-config --static --libs \(package)`)"
    case .solo5:
      return "the Solo5 bindings object (solo5_\(target?.rawValue ?? "<target>").o) defines it: is it on the line?"
    case .linkerScript:
      return resolution.scripts.isEmpty
        ? "the target's linker script defines it: pass it with -T solo5_\(target?.rawValue ?? "<target>").lds"
        : "\(resolution.scripts.joined(separator: ", ")) does not define it"
    case .other:
      return nil
    }
  }
}

/// "Did you mean": the closest defined name within a small edit distance. Candidates are indexed by length and
/// first byte, so a link with a hundred thousand names answers each question from a few dozen of them (a typo
/// in the first character is not suggested).
struct NearMiss {
  private struct Bucket: Hashable {
    var length: Int
    var first: UInt8
  }
  private var buckets: [Bucket: [[UInt8]]] = [:]

  init(candidates: Set<String>) {
    for candidate in candidates {
      let bytes = Array(candidate.utf8)
      guard let first = bytes.first else { continue }
      buckets[Bucket(length: bytes.count, first: first), default: []].append(bytes)
    }
  }

  func closest(to name: String) -> String? {
    let target = Array(name.utf8)
    guard let first = target.first else { return nil }
    let limit = max(1, min(2, target.count / 6))
    var best: ([UInt8], Int)?
    for length in max(1, target.count - limit)...(target.count + limit) {
      for candidate in buckets[Bucket(length: length, first: first)] ?? [] where candidate != target {
        let distance = Self.editDistance(target, candidate, limit: limit)
        if distance <= limit, best == nil || distance < best!.1 || (distance == best!.1 && candidate.lexicographicallyPrecedes(best!.0)) {
          best = (candidate, distance)
        }
      }
    }
    return best.map { String(decoding: $0.0, as: UTF8.self) }
  }

  /// Levenshtein distance, giving up (returning `limit + 1`) once every path exceeds `limit`.
  static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
      var current = [i + 1] + Array(repeating: 0, count: b.count)
      var rowMinimum = current[0]
      for (j, y) in b.enumerated() {
        current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
        rowMinimum = min(rowMinimum, current[j + 1])
      }
      if rowMinimum > limit { return limit + 1 }
      previous = current
    }
    return previous[b.count]
  }
}
