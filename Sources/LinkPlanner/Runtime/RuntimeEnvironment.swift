/// The C environment a runtime was compiled for.
public enum RuntimeEnvironment: String, Sendable, Hashable, CustomStringConvertible {
  /// A hosted C library (glibc): it references names only such a library has.
  case host
  /// nolibc and openlibm (Solo5, Xen): every name it leaves undefined is theirs.
  case freestanding
  /// Neither: no glibc-only name, but names nolibc and openlibm do not provide.
  case undetermined

  public var description: String { rawValue }
}

/// One undefined name that is evidence, with why and where it is referenced.
public struct EvidenceSymbol: Sendable, Hashable {
  public var name: String
  /// Why the name counts (empty for names nobody recognises).
  public var reason: String
  public var references: RuntimeReferences
}

/// The verdict host-or-freestanding with the names behind it.
public struct EnvironmentEvidence: Sendable, Hashable {
  public var environment: RuntimeEnvironment
  /// Names only a hosted C library provides: why the runtime is `host`.
  public var hostSymbols: [EvidenceSymbol]
  /// Names only a freestanding environment has in this form (a plain `errno`, `_assert_fail`…).
  public var freestandingMarkers: [EvidenceSymbol]
  /// Names nolibc has only as stubs: they link, but abort, fail with ENOSYS or do nothing.
  public var nolibcStubs: [String]
  /// Names neither nolibc, openlibm nor the catalog of hosted names knows.
  public var unrecognised: [EvidenceSymbol]

  /// Classifies the names a runtime leaves for the final link (`RuntimeSymbolSummary.unresolved`).
  init(unresolved: [String: RuntimeReferences]) {
    var hosted: [EvidenceSymbol] = []
    var markers: [EvidenceSymbol] = []
    var stubs: [String] = []
    var unknown: [EvidenceSymbol] = []
    for (name, references) in unresolved {
      switch RuntimeSymbolCatalog.role(of: name) {
      case .hosted(let reason):
        hosted.append(EvidenceSymbol(name: name, reason: reason, references: references))
      case .freestandingMarker(let reason):
        markers.append(EvidenceSymbol(name: name, reason: reason, references: references))
      case .nolibcStub: stubs.append(name)
      case .freestandingProvided, .singleCoreNoOp, .programOrLinker: break
      case nil: unknown.append(EvidenceSymbol(name: name, reason: "", references: references))
      }
    }
    if let failure = unresolved["__stack_chk_fail"], unresolved["__stack_chk_guard"] == nil {
      hosted.append(
        EvidenceSymbol(
          name: "__stack_chk_fail", reason: RuntimeSymbolCatalog.threadLocalStackGuard,
          references: failure))
    }
    let byName: (EvidenceSymbol, EvidenceSymbol) -> Bool = { $0.name < $1.name }
    hostSymbols = hosted.sorted(by: byName)
    freestandingMarkers = markers.sorted(by: byName)
    nolibcStubs = stubs.sorted()
    unrecognised = unknown.sorted(by: byName)
    environment =
      !hostSymbols.isEmpty ? .host : !unrecognised.isEmpty ? .undetermined : .freestanding
  }
}
