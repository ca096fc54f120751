import ElfKit

/// How a runtime was compiled, read from its symbols and relocations rather than its file name.
public struct RuntimeBuild: Sendable, Hashable {
  /// Defines `caml_failed_assert`, which only the debug runtime has (every release).
  public var debug: Bool
  /// Shows the instrumented runtime's marker (`CAML_INSTR`): see `instrumentationMarker`.
  public var instrumented: Bool
  public var codeModel: CodeModel
  /// What showed `instrumented`: the marker it defines (`caml_eventlog_init`) or `calls caml_ev_alloc`; nil
  /// when not instrumented.
  public var instrumentationMarker: String?

  /// The build `summary` shows. The instrumented runtime's marker changed with each rewrite of its tracing:
  /// 4.08–4.10 define `caml_instr_init`, 4.11–4.14 `caml_eventlog_init` (eventlog, compiled only with
  /// `CAML_INSTR`); 5.x defines its runtime_events functions in every build, and only the instrumented one calls
  /// the allocation probes `caml_ev_alloc`/`caml_ev_alloc_flush` (shared_heap.c, major_gc.c).
  init(summary: RuntimeSymbolSummary) {
    let marker =
      ["caml_instr_init", "caml_eventlog_init"].first { summary.defines($0) }
      ?? summary.calledProbes.min().map { "calls \($0)" }
    debug = summary.defines("caml_failed_assert")
    instrumented = marker != nil
    codeModel = summary.codeModel
    instrumentationMarker = marker
  }

  /// The stock variant whose markers this build shows: `d`, `i`, `_pic` (GOT-addressed data), else plain;
  /// nil when it shows several at once (a custom build).
  public var stockVariant: RuntimeVariant? {
    switch (debug, instrumented) {
    case (true, true): nil
    case (true, false): .debug
    case (false, true): .instrumented
    case (false, false): codeModel == .positionIndependent ? .pic : .plain
    }
  }
}

/// What a runtime's contents say, whether it sits in an archive or inside a complete object: its machine,
/// build, OCaml release and C environment. The verdicts for targets are computed from this.
public struct RuntimeProfile: Sendable {
  public var kind: RuntimeKind
  public var machine: Machine
  public var elfClass: ElfClass
  public var byteOrder: ByteOrder
  public var build: RuntimeBuild
  /// Symbols that narrow down the OCaml release, in a fixed order.
  public var versionHints: [OCamlVersionHint]
  public var environment: EnvironmentEvidence
  /// Sizes of the global functions, by name: identifies one build of the runtime.
  let functionSizes: [String: UInt64]

  init(kind: RuntimeKind, summary: RuntimeSymbolSummary, header: ElfHeader) {
    self.kind = kind
    machine = header.machine
    elfClass = header.elfClass
    byteOrder = header.byteOrder
    build = RuntimeBuild(summary: summary)
    versionHints = Self.versionHints(summary)
    environment = EnvironmentEvidence(unresolved: summary.unresolved)
    functionSizes = summary.functionSizes
  }

  /// The runtime kind shown by what `summary` defines: the bytecode interpreter (`caml_interprete`, renamed
  /// `caml_bytecode_interpreter` in 5.2), or the native entry glue.
  /// The names whose definition marks a runtime (what `kind(of:)` reads).
  static let entryNames = ["caml_interprete", "caml_bytecode_interpreter", "caml_start_program"]

  static func kind(of summary: RuntimeSymbolSummary) -> RuntimeKind? {
    if summary.defines("caml_interprete") || summary.defines("caml_bytecode_interpreter") {
      return .bytecode
    }
    if summary.defines("caml_start_program") { return .native }
    return nil
  }

  /// The releases every hint allows (nil when the hints contradict each other).
  public var versions: OCamlVersionRange? {
    versionHints.reduce(OCamlVersionRange.any as OCamlVersionRange?) { range, hint in
      range?.intersection(hint.versions)
    }
  }

  private static func versionHints(_ summary: RuntimeSymbolSummary) -> [OCamlVersionHint] {
    let v = OCamlVersion.init
    var hints: [OCamlVersionHint] = []
    func hint(_ symbol: String, _ meaning: String, _ oldest: OCamlVersion?, _ newest: OCamlVersion?)
    {
      hints.append(
        OCamlVersionHint(
          symbol: symbol, meaning: meaning, versions: .init(oldest: oldest, newest: newest)))
    }
    if summary.defines("Caml_state", as: .object) {
      hint("Caml_state", "global domain state", v(4, 10), v(4, 14))
    } else if summary.defines("caml_young_ptr", as: .object) {
      hint("caml_young_ptr", "minor-heap pointer as a global, before Caml_state", nil, v(4, 9))
    }
    if summary.defines("caml_state", as: .tls) {
      hint(
        "caml_state", "thread-local domain state (needs Solo5 0.8 or later for TLS)", v(5, 0), nil)
    }
    if summary.defines("caml_bytecode_interpreter") {
      hint(
        "caml_bytecode_interpreter", "the bytecode interpreter, named caml_interprete up to 5.1",
        v(5, 2), nil)
    }
    if summary.defines("caml_eventlog_init") {
      hint("caml_eventlog_init", "eventlog of the instrumented runtime", v(4, 11), v(4, 14))
    }
    if summary.defines("camlStdlib__code_begin") {
      hint("camlStdlib__code_begin", "unit symbols mangled as caml<Unit>__<name>", nil, v(5, 0))
    } else if summary.defines("camlStdlib.code_begin") {
      hint("camlStdlib.code_begin", "unit symbols mangled as caml<Unit>.<name>", v(5, 1), nil)
    }
    return hints
  }
}
