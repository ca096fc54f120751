#if canImport(Glibc)
  import Glibc
#endif

/// Which symbols a diff reports. The report and the exit status are both computed from what passes, so a
/// filtered-out change neither shows nor counts.
public struct DiffFilter: Sendable, Hashable {
  /// Defined, undefined or both.
  public enum Scope: Sendable, Hashable {
    case all, definedOnly, undefinedOnly
  }

  public var scope: Scope
  /// Report local symbols too (hidden by default: they are invisible to the link).
  public var includeLocals: Bool
  /// An `fnmatch(3)` pattern the name must match (`caml*`, `unix_*`, `*_chk`).
  public var pattern: String?

  public init(scope: Scope = .all, includeLocals: Bool = false, pattern: String? = nil) {
    self.scope = scope
    self.includeLocals = includeLocals
    self.pattern = pattern
  }

  /// Whether `symbol` passes.
  public func admits(_ symbol: DiffSymbol) -> Bool {
    guard includeLocals || !symbol.isLocal else { return false }
    switch scope {
    case .all: break
    case .definedOnly: guard symbol.isDefined else { return false }
    case .undefinedOnly: guard !symbol.isDefined else { return false }
    }
    return pattern.map { fnmatch($0, symbol.name, 0) == 0 } ?? true
  }

  /// Whether a symbol seen as `old` and `new` passes: when either side does (a local that became global shows
  /// without `--include-locals`; a definition that became a reference shows with either scope).
  public func admits(old: DiffSymbol?, new: DiffSymbol?) -> Bool {
    old.map(admits) == true || new.map(admits) == true
  }
}
