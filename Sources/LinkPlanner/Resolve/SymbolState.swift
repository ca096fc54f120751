/// The state of one global name during resolution: lld's small closed set of symbol kinds.
enum SymbolState: Sendable {
  case undefined(weak: Bool)
  case defined(SymbolDefiner, weak: Bool)
  case common(size: UInt64, definer: Int)
  case shared(path: String, weak: Bool)
}

/// What one input says about a name.
enum SymbolContribution {
  case reference(weak: Bool)
  case definition(SymbolDefiner, weak: Bool)
  case common(size: UInt64, definer: Int)
  case shared(path: String, weak: Bool)
}

/// The outcome of merging a contribution into a state.
struct SymbolMerge {
  var state: SymbolState
  /// Two strong definitions in relocatable objects: the first and the new definer.
  var duplicate: (first: Int, second: Int)?
}

extension SymbolState {
  /// ld.bfd's precedence, in one place: strong beats weak and common; a regular object beats a shared one;
  /// commons merge to the largest; two strong regular definitions are a duplicate (the first is kept).
  func merging(_ contribution: SymbolContribution) -> SymbolMerge {
    switch (self, contribution) {
    case (.undefined(let weak), .reference(let newWeak)):
      return SymbolMerge(state: .undefined(weak: weak && newWeak))
    case (_, .reference):
      return SymbolMerge(state: self)
    case (.undefined, _):
      return SymbolMerge(state: contribution.initialState)
    // An object's definition, weak or strong, silently takes over from an assignment folded while loading (ld's
    // `ldscript_def`); a second object's definition is then merged with the first as usual.
    case (.defined(let definer, _), .definition(.object, _)) where definer.isAssignment:
      return SymbolMerge(state: contribution.initialState)
    case (.defined(let definer, weak: false), .definition(let newDefiner, weak: false)):
      if case .object(let first) = definer, case .object(let second) = newDefiner {
        return SymbolMerge(state: self, duplicate: (first, second))
      }
      return SymbolMerge(state: self)
    case (.defined(_, weak: true), .definition(_, weak: false)):
      return SymbolMerge(state: contribution.initialState)
    // ld.bfd: a common symbol takes over from a weak definition (an archive member may then be extracted for it).
    case (.defined(.object, weak: true), .common):
      return SymbolMerge(state: contribution.initialState)
    case (.defined, _):
      return SymbolMerge(state: self)
    case (.common, .definition(_, weak: false)):
      return SymbolMerge(state: contribution.initialState)
    case (.common(let size, let definer), .common(let newSize, _)):
      return SymbolMerge(state: .common(size: max(size, newSize), definer: definer))
    case (.common, _):
      return SymbolMerge(state: self)
    case (.shared, .definition), (.shared, .common):
      return SymbolMerge(state: contribution.initialState)
    case (.shared, .shared):
      return SymbolMerge(state: self)
    }
  }

  var isStrongUndefined: Bool {
    if case .undefined(weak: false) = self { return true }
    return false
  }

  var isUndefined: Bool {
    if case .undefined = self { return true }
    return false
  }

  /// Defined by a relocatable object (commons too).
  var isRegularDefinition: Bool {
    switch self {
    case .defined(.object, _), .common: true
    default: false
    }
  }
}

extension SymbolDefiner {
  /// A `--defsym` or linker-script assignment.
  var isAssignment: Bool {
    switch self {
    case .script, .commandLine: true
    case .object, .sharedObject, .linker: false
    }
  }
}

extension SymbolContribution {
  var initialState: SymbolState {
    switch self {
    case .reference(let weak): .undefined(weak: weak)
    case .definition(let definer, let weak): .defined(definer, weak: weak)
    case .common(let size, let definer): .common(size: size, definer: definer)
    case .shared(let path, let weak): .shared(path: path, weak: weak)
    }
  }
}

extension SymbolState {
  /// Defined by a `--defsym` or script assignment.
  var isAssignment: Bool {
    if case .defined(let definer, _) = self { return definer.isAssignment }
    return false
  }

  /// Whether an expression reading the name has a value while ld loads inputs (defined, by a shared object too:
  /// `d0+f2` with `f2` a shared object's takes `f1` over an object's, 30005849; not common).
  var hasValue: Bool {
    switch self {
    case .defined, .shared: true
    case .undefined, .common: false
    }
  }
}

extension LinkerScript.Definition {
  /// `PROVIDE` or `PROVIDE_HIDDEN`: defines the name only where it is referenced and not defined.
  var isProvide: Bool { kind == .provide || kind == .provideHidden }
}
