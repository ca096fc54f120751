/// Whether a runtime suits a target, why, and what to do when it does not.
public struct RuntimeVerdict: Sendable, Hashable {
  public var target: Target
  public var suits: Bool
  /// One sentence: why it suits or does not.
  public var reason: String
  /// What to change, when it does not suit.
  public var fix: String?
}

/// What a runtime lacks for a target.
enum RuntimeMismatch: Sendable {
  case needsFreestanding
  case needsHost(selectedBy: RuntimeVariant?)
  case needsNativeCode
  case needsPositionIndependentCode

  /// The variant a freestanding runtime is installed as beside the host's.
  private static let freestanding = RuntimeVariant(suffix: "_freestanding")

  var fix: String {
    switch self {
    case .needsFreestanding:
      "rebuild with `\(Self.freestanding.flag ?? "")` after installing the freestanding libasmrun.a (ocaml-solo5) "
        + "as \(Self.freestanding.archiveName(.native)) on the load path, or use the ocaml-solo5 toolchain"
    case .needsHost(let variant):
      if let flag = variant?.flag {
        "link the host runtime: drop `\(flag)` so that ocamlopt takes libasmrun.a from `ocamlfind ocamlc -where`"
      } else {
        // A freestanding runtime selected by default: the cross compiler's own (ocaml-solo5's sysroot).
        "link the host runtime: build with the host ocamlopt, not ocaml-solo5's cross compiler "
          + "(`ocamlfind -toolchain solo5`), and no `-runtime-variant` that selects a freestanding runtime"
      }
    case .needsNativeCode:
      "compile with ocamlopt: unikernels link the native runtime (libasmrun), not the bytecode interpreter"
    case .needsPositionIndependentCode:
      "use a runtime compiled with -fPIC (a freestanding runtime built for genode, or `-runtime-variant _pic`)"
    }
  }
}

extension RuntimeProfile {
  /// Whether this runtime suits `target`; `selectedBy` is the variant that put it in the link, when known.
  func verdict(for target: Target, selectedBy: RuntimeVariant?) -> RuntimeVerdict {
    func verdict(_ suits: Bool, _ reason: String, _ mismatch: RuntimeMismatch? = nil)
      -> RuntimeVerdict
    {
      RuntimeVerdict(target: target, suits: suits, reason: reason, fix: mismatch?.fix)
    }
    let evidence = environment
    guard target.isFreestanding else {
      switch evidence.environment {
      case .host: return verdict(true, "a host runtime, for the host's C library")
      case .undetermined:
        return verdict(
          true,
          "no glibc-only names, and \(Self.list(evidence.unrecognised)) must come from the host's libraries"
        )
      case .freestanding:
        let markers =
          evidence.freestandingMarkers.isEmpty
          ? "its undefined symbols are all nolibc's and openlibm's"
          : "it references \(Self.list(evidence.freestandingMarkers))"
        // Measured with GNU ld 2.40 and ocaml-solo5 1.0.1's runtime: "errno: TLS definition in libc.so.6 section
        // .tbss mismatches non-TLS reference", so such a line never gets to run.
        let refused =
          evidence.freestandingMarkers.contains { $0.name == "errno" }
          ? "; ld refuses the link: its errno is a plain variable and glibc's is thread-local" : ""
        return verdict(
          false, "a freestanding runtime: \(markers), and unix links glibc\(refused)",
          .needsHost(selectedBy: selectedBy))
      }
    }
    switch evidence.environment {
    case .host:
      return verdict(
        false,
        "a host runtime: it references \(Self.list(evidence.hostSymbols)), which nolibc and openlibm do not provide",
        .needsFreestanding)
    case .undetermined:
      return verdict(
        false,
        "\(target) links nolibc and openlibm, which do not provide \(Self.list(evidence.unrecognised))",
        .needsFreestanding)
    case .freestanding:
      if kind == .bytecode {
        return verdict(
          false, "a bytecode runtime cannot run a \(target) unikernel", .needsNativeCode)
      }
      // genode's bindings link the unikernel as a shared object (`-shared`), which takes only PIC code.
      if target == .genode && build.codeModel != .positionIndependent
        && build.codeModel != .undetermined
      {
        return verdict(
          false, "\(target) links a shared object, and this runtime is \(build.codeModel.meaning)",
          .needsPositionIndependentCode)
      }
      var reason = "a freestanding runtime: its undefined symbols fit nolibc and openlibm"
      if !evidence.nolibcStubs.isEmpty {
        let stubs =
          evidence.nolibcStubs.count == 1
          ? "is a nolibc stub that links but does not work"
          : "are nolibc stubs that link but do not work"
        reason += "; \(Self.list(evidence.nolibcStubs)) \(stubs)"
      }
      if versionHints.contains(where: { $0.symbol == "caml_state" }) {
        reason += "; OCaml 5 keeps caml_state in TLS, which needs Solo5 0.8.0 or later"
      }
      return verdict(true, reason)
    }
  }

  /// The first names of `symbols`.
  static func list(_ symbols: [EvidenceSymbol]) -> String { list(symbols.map(\.name)) }

  /// `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`.
  static func list(_ items: [String], limit: Int = 3) -> String {
    let shown = items.prefix(limit)
    let rest = items.count - shown.count
    if rest > 0 { return shown.joined(separator: ", ") + " and \(rest) more" }
    guard let last = shown.last, shown.count > 1 else { return shown.first ?? "" }
    return shown.dropLast().joined(separator: ", ") + " and " + last
  }
}
