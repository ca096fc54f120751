import ElfKit

#if canImport(Glibc)
  import Glibc
#endif

/// Turns a resolution into a report: demangles, categorises, attributes sites, finds hints and hazards.
public struct CheckAnalyzer {
  public var resolution: Resolution
  public var target: Target?
  /// The line as modelled: with it, fixes that edit the line are verified.
  public var line: ModelledLine?
  /// The line's call graphs, if the second thread is making them.
  var preparedGraphs: PreparedCallGraphs?
  private let nearMisses: NearMiss

  public init(resolution: Resolution, target: Target?) {
    self.resolution = resolution
    self.target = target
    nearMisses = NearMiss(candidates: resolution.names)
  }

  public func report() throws -> CheckReport {
    var report = CheckReport()
    report.target = target
    report.missingInputs = resolution.missingInputs
    let decoder = try ocamlDecoder()
    var functions: [String: String?] = [:]
    report.unresolved = resolution.unresolved.map { unresolved in
      let category = SymbolCategory.of(unresolved.name)
      return UnresolvedFinding(
        symbol: unresolved.name, demangled: decoder.decode(unresolved.name)?.demangled,
        category: category,
        sites: unresolved.sites.map { describe($0, decoder, functions: &functions) },
        sharedObjects: unresolved.sharedObjects, assignments: unresolved.assignments,
        scriptAssignments: unresolved.scriptAssignments,
        hint: hint(for: unresolved, category: category))
    }
    report.duplicates = resolution.duplicates.map {
      DuplicateFinding(
        symbol: $0.name, demangled: decoder.decode($0.name)?.demangled,
        definitions: $0.definers.map { resolution.objects[$0].displayName })
    }
    report.extracted = resolution.extractions.map {
      ExtractionFinding(
        archive: $0.archive, member: $0.member, symbol: $0.symbol,
        referencedBy: $0.referencedBy.map { resolution.objects[$0].displayName })
    }
    report.inputs = inputs()
    let graphs = CallGraphs(resolution: resolution, prepared: preparedGraphs)
    let stubs =
      target?.isFreestanding == true
      ? try NolibcStubFinder(resolution: resolution, decoder: decoder, graphs: graphs).findings()
      : NolibcStubFindings()
    report.hazards = try HazardFinder(
      resolution: resolution, target: target, nolibcStubFindings: stubs, graphs: graphs
    ).hazards()
    report.unreachedStubs = stubs.unreached
    try attributeCauses(&report, decoder: decoder, graphs: graphs)
    return report
  }

  /// Groups the findings under causes.
  private func attributeCauses(
    _ report: inout CheckReport, decoder: OCamlNameDecoder, graphs: CallGraphs
  ) throws {
    let finder = CauseFinder(
      resolution: resolution, target: target, decoder: decoder, nearMisses: nearMisses, line: line,
      graphs: graphs)
    let attribution = try finder.attribute(
      unresolved: resolution.unresolved, duplicates: resolution.duplicates, hazards: report.hazards)
    report.causes = attribution.causes
    for index in report.unresolved.indices {
      report.unresolved[index].cause = attribution.unresolved[index]
    }
    for index in report.duplicates.indices {
      report.duplicates[index].cause = attribution.duplicates[index]
    }
    let edits = attribution.causes.compactMap { $0.fix.verified == true ? $0.fix.edit : nil }
    if let line, !edits.isEmpty {
      let fixed = LineEdit.apply(edits, to: line.words)
      report.fixedCommand = fixed
      report.fixedCommandLinks = try FixVerifier.links(fixed, as: line)
    }
  }

  /// Knows every OCaml unit whose markers appear in the link's objects.
  private func ocamlDecoder() throws(ElfError) -> OCamlNameDecoder {
    var names: [String] = []
    for object in resolution.objects {
      guard let table = try object.file.symbolTable() else { continue }
      // Read in place: a copy of each symbol retains its name.
      for index in table.symbols.indices
      where table.symbols[index].name.firstByte == UInt8(ascii: "c")
        && !table.symbols[index].isUndefined
      {
        names.append(table.symbols[index].name.string)
      }
    }
    return OCamlNameDecoder(units: OCamlNameDecoder.units(in: names))
  }

  /// `functions`: the OCaml name of each function decoded so far, so that the thousands of sites a function may
  /// have share one decoding (and one string).
  private func describe(
    _ site: ReferenceSite, _ decoder: OCamlNameDecoder, functions: inout [String: String?]
  ) -> SiteDescription {
    var ocamlFunction: String?
    if let function = site.function, function.utf8.count <= OCamlNameDecoder.maximumLength {
      if let known = functions[function] {
        ocamlFunction = known
      } else {
        ocamlFunction = decoder.decode(function)?.demangled
        functions[function] = ocamlFunction
      }
    }
    return SiteDescription(
      object: resolution.objects[site.object].displayName, section: site.section,
      offset: site.offset,
      function: site.function, ocamlFunction: ocamlFunction)
  }

  private func inputs() -> [ReportInput] {
    var result: [ReportInput] = []
    var seen = Set<String>()
    for object in resolution.objects {
      let name = object.archive ?? object.displayName
      guard seen.insert(name).inserted else { continue }
      let kind: ReportInput.Kind = object.archive == nil ? .object : .archive
      result.append(
        ReportInput(
          name: name, kind: kind,
          extractedMembers: resolution.objects.filter { $0.archive == name }.count))
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
    if unresolved.sites.isEmpty, let needer = unresolved.sharedObjects.first {
      return
        "only the shared object `\(needer)` needs it: put the library that defines it on the line (or, if a "
        + "library `\(needer)` needs defines it, give that library's folder with -rpath-link: ld does not search -L "
        + "for them), or link with --allow-shlib-undefined"
    }
    if let order = orderHint(for: unresolved) { return order }
    if category == .libm, let lacking = openlibmLacks(unresolved) { return lacking }
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
      let available = resolution.availableDefinitions[unresolved.name]?.first(where: {
        $0.position < first.inputPosition
      })
    else { return nil }
    return
      "`\(available.input)` defines it (\(available.provider)) but comes before `\(first.archive ?? first.displayName)`: "
      + "move it after, or group both with --start-group … --end-group"
  }

  /// openlibm is on the line after every object that needs the name, and does not define it.
  private func openlibmLacks(_ unresolved: UnresolvedSymbol) -> String? {
    guard let items = line?.commandLine.line.items else { return nil }
    var position = 0
    var openlibm: (Int, String)?
    for item in items {
      switch item {
      case .library(let name):
        if name == "openlibm" || name == ":libopenlibm.a" { openlibm = (position, "-l\(name)") }
        position += 1
      case .file(let path):
        if path.hasSuffix("libopenlibm.a") { openlibm = (position, path) }
        position += 1
      default: break
      }
    }
    guard let (at, spelling) = openlibm, unresolved.sharedObjects.isEmpty,
      unresolved.sites.allSatisfy({ resolution.objects[$0.object].inputPosition < at })
    else { return nil }
    return
      "`\(spelling)` is on the line after the object but does not define it: this openlibm lacks it"
  }

  /// On a freestanding target, a libc name needed only by OCaml's own C code says where the fix is: the
  /// library whose stubs call it, or the host runtime inside the object.
  private func callerHint(for unresolved: UnresolvedSymbol, category: SymbolCategory) -> String? {
    guard let target, target.isFreestanding,
      ![.ocamlUnix, .ocamlThreads, .ocamlStr, .solo5AppMain, .linkerScript].contains(category)
    else { return nil }
    guard !unresolved.sites.isEmpty, unresolved.sites.allSatisfy({ $0.function != nil }) else {
      return nil
    }
    // Compiled OCaml (`camlMain.entry`) that needs a runtime name shows a missing runtime, not a host one.
    // A function's sites come one after another and share its name's storage: comparing with the one before is
    // cheap, hashing each long mangled name is not (the callers' names are gathered only for a hint).
    var callerCategories = Set<SymbolCategory>()
    var previous: String?
    for site in unresolved.sites where site.function != previous {
      previous = site.function
      let caller = site.function!
      callerCategories.insert(Self.isCompiledOCaml(caller) ? .other : SymbolCategory.of(caller))
    }
    var examples: String {
      Set(unresolved.sites.compactMap(\.function)).sorted().prefix(2).joined(separator: ", ")
    }
    let libraries: [SymbolCategory: (String, String)] = [
      .ocamlUnix: ("unix", "Unix"), .ocamlThreads: ("threads", "Thread"), .ocamlStr: ("str", "Str"),
    ]
    if callerCategories.count == 1, let (library, unit) = libraries[callerCategories.first!] {
      return
        "needed only by OCaml's \(library) library stubs (\(examples)), which cannot work on \(target): find who uses it with `--why \(unit)`"
    }
    if callerCategories.contains(.ocamlRuntime)
      && callerCategories.isSubset(of: [.ocamlRuntime, .other])
    {
      return
        "needed by the OCaml runtime inside the object (\(examples)): it is a host runtime; rebuild against the target's "
        + "freestanding runtime (`-runtime-variant` with its libasmrun, or the ocaml-solo5 toolchain)"
    }
    return nil
  }

  /// `caml<Unit>…`: code the OCaml compiler generated, as opposed to the runtime's C (`caml_*`).
  private static func isCompiledOCaml(_ name: String) -> Bool {
    name.hasPrefix("caml") && name.dropFirst(4).first?.isUppercase == true
  }

  private func categoryHint(_ category: SymbolCategory, name: String) -> String? {
    let freestanding = target?.isFreestanding ?? false
    let place = target.map { "the \($0) target" } ?? "this target"
    switch category {
    case .ocamlUnix:
      return freestanding
        ? "OCaml's unix library is linked into the object and \(place) has no host libc for its C stubs: find who uses it with `--why Unix`"
        : "link OCaml's unix stubs (`-L$(ocamlfind query unix) -lunix`, `-lunixnat` from OCaml 5.1), or build with -output-complete-obj"
    case .ocamlThreads:
      return freestanding
        ? "OCaml's threads library is linked into the object; \(place) has no threads: find who uses it with `--why Thread`"
        : "link OCaml's threads stubs (`-lthreadsnat -lpthread`)"
    case .ocamlStr:
      return freestanding
        ? "OCaml's str library needs its C stubs (`libcamlstr.a`, `libcamlstrnat.a` from OCaml 5.1) built for \(place)"
        : "link `-lcamlstr` (`-lcamlstrnat` from OCaml 5.1)"
    case .ocamlRuntime:
      return
        "the OCaml runtime is missing: build with -output-complete-obj (dune `(modes object)`) or link libasmrun.a"
    case .glibcFortify:
      return
        "C code was compiled with -D_FORTIFY_SOURCE against glibc's headers: build the C stubs with the target's CFLAGS"
    case .largeFile:
      return
        "C code was compiled against glibc with _FILE_OFFSET_BITS=64: build the C stubs with the target's CFLAGS"
    case .glibcInternal:
      return freestanding
        ? "a glibc internal: the object holds code built for the host's libc (the host OCaml runtime or host-compiled C stubs)"
        : nil
    case .libm:
      return freestanding
        ? "openlibm provides it: link -lopenlibm after the object"
        : "link the math library: add -lm after the object"
    case .pthread:
      return freestanding
        ? "\(place) has no POSIX threads: something in the object uses pthreads (OCaml threads, or C stubs)"
        : "add -lpthread"
    case .dynamicLoading:
      return freestanding
        ? "\(place) cannot load code at run time: the host OCaml runtime or Dynlink is in the object"
        : "add -ldl"
    case .stackProtector:
      return
        "the Solo5 bindings object defines the stack protector: is solo5_\(target?.rawValue ?? "<target>").o on the line?"
    case .solo5AppMain:
      let package = target?.mirageBindingsPackage ?? "mirage-solo5"
      return
        "`solo5_app_main` comes from \(package)'s bindings (lib\(package)_bindings.a, `pkg-config --static --libs \(package)`)"
    case .solo5:
      return
        "the Solo5 bindings object (solo5_\(target?.rawValue ?? "<target>").o) defines it: is it on the line?"
    case .linkerScript:
      return resolution.scripts.isEmpty
        ? "the target's linker script defines it: pass it with -T solo5_\(target?.rawValue ?? "<target>").lds"
        : "\(resolution.scripts.joined(separator: ", ")) does not define it"
    case .other:
      return nil
    }
  }
}

/// "Did you mean": the closest defined name within a small edit distance. Nothing is prepared until the first
/// question (most checks ask none); then each question looks at the candidates of a length within the limit
/// (sorted by length once) and measures only those with the same first byte (a typo in the
/// first character is not suggested) and whose byte classes differ from the name's in at most twice the limit
/// (a bound on the distance, kept per candidate across questions), on their bytes in place. Only the first `maximumQuestions` are answered:
/// past that many unexplained names a library is missing, not a name mistyped, and a hostile object of thousands
/// of long names that differ in their last bytes would otherwise cost every pair of them.
final class NearMiss {
  static let maximumQuestions = 16
  private var questions = 0
  private let names: LinkNames
  /// The candidates by length, made on the first question.
  private lazy var candidates = Candidates(names)

  /// The known names' numbers in order of length (a counting sort: two passes), each with its key
  /// `length << 8 | first byte`; names longer than `longest` share the last length.
  private struct Candidates {
    static let longest = 4096
    var numbers: [Int32] = []
    var keys: [UInt64] = []
    /// `starts[length]`: the position of the first candidate of that length.
    var starts: [Int]

    init(_ names: LinkNames) {
      starts = [Int](repeating: 0, count: Self.longest + 3)
      var known: [(number: Int32, key: UInt64)] = []
      for number in names.knownNumbers {
        let key = names.withBytes(number) { bytes in
          bytes.first.map { UInt64(bytes.count) << 8 | UInt64($0) }
        }
        guard let key else { continue }
        known.append((Int32(number), key))
        starts[min(Int(key >> 8), Self.longest + 1) + 1] += 1
      }
      for length in 1..<starts.count { starts[length] += starts[length - 1] }
      var next = starts
      numbers = [Int32](repeating: 0, count: known.count)
      keys = [UInt64](repeating: 0, count: known.count)
      for (number, key) in known {
        let bucket = min(Int(key >> 8), Self.longest + 1)
        numbers[next[bucket]] = number
        keys[next[bucket]] = key
        next[bucket] += 1
      }
    }

    /// The positions of the candidates whose length may lie in `lengths`.
    func positions(_ lengths: ClosedRange<Int>) -> Range<Int> {
      starts[
        min(lengths.lowerBound, Self.longest + 1)]..<starts[
          min(lengths.upperBound, Self.longest + 1) + 1]
    }
  }

  /// Asks among the names `names` knows (`LinkNames.isKnown`).
  init(candidates names: LinkNames) {
    self.names = names
  }

  /// The byte classes of each candidate (`byteClasses`), by position in `candidates`; 0 until a question first
  /// reaches it (a name has at least one byte, so its classes are never 0). Stored, not lazy: a lazy array is
  /// copied by each write through it.
  private var candidateClasses: [UInt64] = []

  /// Answers given, so that asking again (the hint, then the cause) costs nothing and counts once.
  private var answers: [String: String?] = [:]

  func closest(to name: String) -> String? {
    if let known = answers[name] { return known }
    let answer = search(name)
    answers[name] = answer
    return answer
  }

  private func search(_ name: String) -> String? {
    questions += 1
    guard questions <= Self.maximumQuestions else { return nil }
    var target = name
    return target.withUTF8 { target -> String? in
      guard let first = target.first else { return nil }
      let limit = max(1, min(2, target.count / 6))
      let lengths = max(1, target.count - limit)...(target.count + limit)
      let (numbers, keys) = (candidates.numbers, candidates.keys)
      let targetClasses = Self.byteClasses(target)
      if candidateClasses.isEmpty {
        candidateClasses = [UInt64](repeating: 0, count: numbers.count)
      }
      var best: (number: Int, distance: Int)?
      for index in candidates.positions(lengths)
      where keys[index] & 0xff == UInt64(first) && lengths.contains(Int(keys[index] >> 8)) {
        let number = Int(numbers[index])
        if candidateClasses[index] == 0 {
          candidateClasses[index] = names.withBytes(number) {
            Self.byteClasses($0.assumingMemoryBound(to: UInt8.self))
          }
        }
        // An edit adds or removes at most one class each way: more differing classes than twice the limit is
        // farther than the limit, whatever the order (a few in a hundred thousand candidates pass).
        guard (candidateClasses[index] ^ targetClasses).nonzeroBitCount <= 2 * limit else {
          continue
        }
        let better = names.withBytes(number) { raw -> Int? in
          let bytes = raw.assumingMemoryBound(to: UInt8.self)
          guard
            bytes.count != target.count
              || memcmp(bytes.baseAddress!, target.baseAddress!, bytes.count) != 0
          else { return nil }
          let distance = Self.editDistance(target, bytes, limit: limit)
          guard distance <= limit else { return nil }
          if let best, distance > best.distance { return nil }
          if let best, distance == best.distance {
            let precedes = names.withBytes(best.number) { bytes.lexicographicallyPrecedes($0) }
            return precedes ? distance : nil
          }
          return distance
        }
        if let better { best = (number, better) }
      }
      return best.map { names.string($0.number) }
    }
  }

  /// The classes (`byte & 63`) of the bytes `name` holds, one bit each.
  static func byteClasses(_ name: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var classes: UInt64 = 0
    for byte in name { classes |= 1 << (byte & 63) }
    return classes
  }

  /// Levenshtein distance, or `limit + 1` for anything farther. The common prefix and suffix are skipped and only
  /// the cells within `limit` of the diagonal computed (no other can stay within it), stopping as soon as a row
  /// has none within the limit (Ukkonen): names alike but for a few bytes cost their length, not its square, and
  /// names unalike a few rows.
  static func editDistance(
    _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, limit: Int
  ) -> Int {
    let over = limit + 1
    let (start, suffix) = commonEnds(a, b)
    let (xCount, yCount) = (a.count - start - suffix, b.count - start - suffix)
    guard abs(xCount - yCount) <= limit else { return over }
    guard xCount > 0 && yCount > 0 else { return max(xCount, yCount) }
    let (x, y) = (a.baseAddress! + start, b.baseAddress! + start)
    // previous[j], current[j]: the distance between the first i-1 (i) bytes of x and the first j of y, capped.
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (yCount + 1)) { rows in
      var previous = rows.baseAddress!
      var current = previous + (yCount + 1)
      for j in 0...yCount { previous[j] = min(j, over) }
      for j in 0...yCount { current[j] = over }
      for i in 1...xCount {
        let (low, high) = (max(1, i - limit), min(yCount, i + limit))
        current[low - 1] = low == 1 ? min(i, over) : over
        var rowMinimum = current[low - 1]
        if low <= high {
          for j in low...high {
            let substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution, over)
            rowMinimum = min(rowMinimum, current[j])
          }
        }
        if high < yCount { current[high + 1] = over }
        if rowMinimum > limit { return over }
        swap(&previous, &current)
      }
      return previous[yCount]
    }
  }

  /// The lengths of the common prefix of `a` and `b` and of their common suffix after it.
  private static func commonEnds(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>)
    -> (Int, Int)
  {
    let shorter = min(a.count, b.count)
    var prefix = 0
    while prefix < shorter && a[prefix] == b[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < shorter - prefix && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
      suffix += 1
    }
    return (prefix, suffix)
  }
}
