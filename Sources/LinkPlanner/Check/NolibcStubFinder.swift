import ElfKit

/// A nolibc stub only dead code refers to: no warning, but the evidence is kept for `--details` and JSON.
public struct UnreachedStub: Sendable, Hashable {
  /// The stub (`chdir`).
  public var symbol: String
  /// `nolibc-stub` or `nolibc-thread-stub`.
  public var kind: String
  /// The functions that refer to it directly (`caml_sys_chdir`), none of which the program reaches.
  public var referencedBy: [String]
}

/// What the nolibc stubs of a link come to: warnings for those the program's code reaches (with the path), and
/// the ones only dead code refers to.
struct NolibcStubFindings: Sendable {
  var hazards: [Hazard] = []
  var unreached: [UnreachedStub] = []
}

/// Finds the references that resolve to a nolibc stub, and whether the program can reach them
/// (`StubReachability`).
struct NolibcStubFinder {
  let resolution: Resolution
  let decoder: OCamlNameDecoder
  let graphs: CallGraphs

  func findings() throws(ElfError) -> NolibcStubFindings {
    // Only the stubs something outside nolibc refers to: nolibc's stubs share members, so one call extracts dozens.
    var referrers: [String: [Int]] = [:]
    for (index, object) in resolution.objects.enumerated()
    where object.archive?.hasSuffix("libnolibc.a") != true {
      guard let table = try object.file.symbolTable() else { continue }
      var names = Set<String>()
      // (Fields read in place: a copy of each symbol retains its name.)
      for index in table.symbols.indices
      where table.symbols[index].isUndefined && table.symbols[index].binding != .local {
        names.insert(table.symbols[index].name.string)
      }
      for name in names { referrers[name, default: []].append(index) }
    }
    // From the (few) referenced names to their definers: not through every definition of the link.
    let stubs = referrers.keys.filter { name in
      guard case .object(let id) = resolution.definer(of: name),
        resolution.objects[id].archive?.hasSuffix("libnolibc.a") == true
      else { return false }
      return RuntimeSymbolCatalog.role(of: name) == .nolibcStub
    }.sorted()
    let verdicts = try StubReachability(
      resolution: resolution, decoder: decoder, graphs: graphs, referrers: referrers
    ).verdicts(for: stubs)
    var findings = NolibcStubFindings()
    var reached: [(stub: String, path: [String])] = []
    for stub in stubs {
      switch verdicts[stub] {
      case .reached(let path): reached.append((stub, path))
      case .unreached(let referrers):
        findings.unreached.append(
          UnreachedStub(symbol: stub, kind: Self.kind(of: stub), referencedBy: referrers))
      case nil: break
      }
    }
    // OCaml 5's runtime refers to the thread stubs for domains and threads; they fail only when a program starts one.
    for kind in ["nolibc-stub", "nolibc-thread-stub"] {
      let group = reached.filter { Self.kind(of: $0.stub) == kind }
      if !group.isEmpty { findings.hazards.append(Self.hazard(kind, group)) }
    }
    return findings
  }

  /// The warning for the reached stubs of `kind`: each stub's path, and the callers to change.
  private static func hazard(_ kind: String, _ reached: [(stub: String, path: [String])]) -> Hazard
  {
    let threads = kind == "nolibc-thread-stub"
    let stubs =
      threads
      ? "nolibc's thread stubs (they abort, fail or do nothing; pthread_create returns EAGAIN)"
      : "nolibc stubs (they abort, fail with ENOSYS or do nothing)"
    return Hazard(
      level: .warning, kind: kind, message: "reaches \(stubs): \(paths(reached))",
      hint: threads
        ? "a unikernel cannot spawn domains or threads: change \(callers(reached)) (\(behaviours(reached)))"
        : "change \(callers(reached)): on a unikernel \(behaviours(reached))")
  }

  static func kind(of stub: String) -> String {
    stub.hasPrefix("pthread_") ? "nolibc-thread-stub" : "nolibc-stub"
  }

  /// "chdir (fails with ENOSYS) from `Main`'s top level (camlMain.entry in main.o) → caml_sys_chdir → chdir; …".
  private static func paths(_ reached: [(stub: String, path: [String])]) -> String {
    let shown = reached.prefix(3).map {
      "\($0.stub) (\(RuntimeSymbolCatalog.nolibcStubBehaviour(of: $0.stub))) from \($0.path.joined(separator: " → "))"
    }
    let more =
      reached.count > 3 ? "; and \(reached.dropFirst(3).map(\.stub).joined(separator: ", "))" : ""
    return shown.joined(separator: "; ") + more
  }

  /// The first function of each path, each once.
  private static func callers(_ reached: [(stub: String, path: [String])]) -> String {
    var seen = Set<String>()
    let firsts = reached.compactMap(\.path.first).filter { seen.insert($0).inserted }
    return firsts.count == 1 ? firsts[0] : "the first function of each path"
  }

  /// "chdir fails with ENOSYS", "close aborts".
  private static func behaviours(_ reached: [(stub: String, path: [String])]) -> String {
    reached.prefix(3).map { "\($0.stub) \(RuntimeSymbolCatalog.nolibcStubBehaviour(of: $0.stub))" }
      .joined(separator: ", ")
  }
}
