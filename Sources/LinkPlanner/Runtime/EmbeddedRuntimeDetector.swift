import ElfKit

/// Which variant a runtime inside a complete object is, as far as its contents tell. A byte-for-byte copy of a
/// stock archive installed under another suffix looks like that stock variant: `EmbeddedRuntime.matches(_:)`
/// tells which archives it may come from.
public enum EmbeddedVariant: Sendable, Hashable, CustomStringConvertible {
  /// The markers and C environment of a stock variant of the host toolchain.
  case stock(RuntimeVariant)
  /// Not a stock variant of the host toolchain: the reason says why.
  case notStock(reason: String)

  public var description: String {
    switch self {
    case .stock(let variant): variant.description
    case .notStock: "custom"
    }
  }
}

/// The OCaml runtime linked into a complete object (`ocamlfind ocamlopt -output-complete-obj`, dune's
/// `(modes object)`).
public struct EmbeddedRuntime: Sendable {
  public var path: String
  public var profile: RuntimeProfile
  /// Whether the runtime is a shared object (`libasmrun_shared.so`, the runtime as one library) rather than
  /// inside a complete object.
  public var isSharedObject = false

  /// The variant the contents show.
  public var variant: EmbeddedVariant {
    switch profile.environment.environment {
    case .freestanding:
      return .notStock(reason: "a freestanding build; OCaml's stock variants are host runtimes")
    case .undetermined: return .notStock(reason: "references names neither glibc's nor nolibc's")
    case .host:
      guard let stock = profile.build.stockVariant else {
        return .notStock(reason: "shows the markers of both the debug and the instrumented runtime")
      }
      return .stock(stock)
    }
  }

  /// Whether this runtime suits `target`, with the reason and, when it does not, the fix.
  public func verdict(for target: Target) -> RuntimeVerdict {
    var selectedBy: RuntimeVariant?
    if case .stock(let stock) = variant { selectedBy = stock }
    return profile.verdict(for: target, selectedBy: selectedBy)
  }

  /// Whether the embedded runtime may have been linked from `archive`: same kind and machine, at least half of
  /// the archive's global functions present, and every one present with the size it has in the archive
  /// (`ld -r` keeps symbol sizes; the variants differ in them). Identical copies match alike.
  public func matches(_ archive: RuntimeArchiveReport) -> Bool {
    guard archive.profile.kind == profile.kind, archive.profile.machine == profile.machine else {
      return false
    }
    let candidate = archive.profile.functionSizes
    var common = 0
    for (name, size) in candidate {
      guard let embedded = profile.functionSizes[name] else { continue }
      guard embedded == size else { return false }
      common += 1
    }
    return common > 0 && common * 2 >= candidate.count
  }
}

/// Finds the OCaml runtime inside a complete object from the symbols the runtime defines.
public enum EmbeddedRuntimeDetector {
  /// The runtime `file` embeds, or nil when it defines neither `caml_start_program` (native) nor
  /// the bytecode interpreter (`RuntimeProfile.kind(of:)`): an `-output-obj` object, or no OCaml at all.
  public static func detect(in file: ElfFile) throws(ElfError) -> EmbeddedRuntime? {
    // Most objects hold no runtime: only the definitions are read to tell, not the relocations.
    guard try definesRuntimeEntry(file) else { return nil }
    var summary = RuntimeSymbolSummary()
    try summary.add(file, member: nil)
    guard let kind = RuntimeProfile.kind(of: summary) else { return nil }
    return EmbeddedRuntime(
      path: file.origin.description,
      profile: RuntimeProfile(kind: kind, summary: summary, header: file.header),
      isSharedObject: file.header.type == .sharedObject)
  }

  /// Whether `file` defines a name `RuntimeProfile.kind(of:)` looks for, read from the table a
  /// `RuntimeSymbolSummary` reads (the `.symtab`, else the `.dynsym`).
  private static func definesRuntimeEntry(_ file: ElfFile) throws(ElfError) -> Bool {
    var found = try file.symbolTable(.symtab)
    if found == nil { found = try file.symbolTable(.dynsym) }
    guard let table = found else { return false }
    return table.symbols.contains { symbol in
      symbol.name.firstByte == UInt8(ascii: "c") && symbol.isExternal && !symbol.isUndefined
        && RuntimeProfile.entryNames.contains { symbol.name.equals($0) }
    }
  }
}
