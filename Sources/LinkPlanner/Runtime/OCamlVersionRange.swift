/// An OCaml release, major and minor (`4.14`).
public struct OCamlVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var major: Int
  public var minor: Int

  public init(_ major: Int, _ minor: Int) {
    self.major = major
    self.minor = minor
  }

  public static func < (lhs: OCamlVersion, rhs: OCamlVersion) -> Bool {
    (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
  }

  /// `4.07`, `5.1`: minor versions of 4.x take two digits, as OCaml numbers them.
  public var description: String {
    major == 4 && minor < 10 ? "\(major).0\(minor)" : "\(major).\(minor)"
  }
}

/// The OCaml releases a piece of evidence allows, open at either end.
public struct OCamlVersionRange: Sendable, Hashable, CustomStringConvertible {
  /// The oldest release allowed; nil when no lower bound is known.
  public var oldest: OCamlVersion?
  /// The newest release allowed; nil when no upper bound is known.
  public var newest: OCamlVersion?

  public init(oldest: OCamlVersion?, newest: OCamlVersion?) {
    self.oldest = oldest
    self.newest = newest
  }

  /// Every release: no evidence at all.
  public static let any = OCamlVersionRange(oldest: nil, newest: nil)

  /// The releases both ranges allow; nil when they contradict each other.
  public func intersection(_ other: OCamlVersionRange) -> OCamlVersionRange? {
    let oldest = [self.oldest, other.oldest].compactMap { $0 }.max()
    let newest = [self.newest, other.newest].compactMap { $0 }.min()
    if let oldest, let newest, oldest > newest { return nil }
    return OCamlVersionRange(oldest: oldest, newest: newest)
  }

  /// `4.12–4.14`, `4.12 or later`, `4.07 or earlier`, `any`.
  public var description: String {
    switch (oldest, newest) {
    case (let oldest?, let newest?): oldest == newest ? "\(oldest)" : "\(oldest)–\(newest)"
    case (let oldest?, nil): "\(oldest) or later"
    case (nil, let newest?): "\(newest) or earlier"
    case (nil, nil): "any"
    }
  }
}

/// A symbol whose presence narrows down the OCaml release a runtime comes from.
public struct OCamlVersionHint: Sendable, Hashable {
  /// The symbol that was found.
  public var symbol: String
  /// What it is, in words.
  public var meaning: String
  public var versions: OCamlVersionRange
}

/// How the runtime's makefiles named archive members, which changed twice (REFERENCE §6):
/// ≤ 4.07 `x.o`/`x.d.o`/`x.i.o`/`x.pic.o`; 4.08–4.11 `x_n.o`/`x_nd.o`/`x_ni.o`/`x_npic.o`;
/// 4.12 and later `x.n.o`/`x.nd.o`/`x.ni.o`/`x.npic.o` (bytecode `b` for `n`).
public enum RuntimeMemberNaming: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  case upTo4_07 = "<=4.07"
  case from4_08To4_11 = "4.08-4.11"
  case from4_12 = "4.12+"

  /// The releases that name members this way.
  public var versions: OCamlVersionRange {
    switch self {
    case .upTo4_07: OCamlVersionRange(oldest: nil, newest: OCamlVersion(4, 7))
    case .from4_08To4_11: OCamlVersionRange(oldest: OCamlVersion(4, 8), newest: OCamlVersion(4, 11))
    case .from4_12: OCamlVersionRange(oldest: OCamlVersion(4, 12), newest: nil)
    }
  }

  public var description: String { rawValue }
}

/// The naming era and the stock variant the members were compiled for, read from member names.
public struct RuntimeMemberNamingEvidence: Sendable, Hashable {
  public var naming: RuntimeMemberNaming
  /// The variant the makefile compiled the members as (`.nd.o` → debug); nil when members disagree.
  public var builtAs: RuntimeVariant?
  /// How many members are named this way.
  public var matchingMembers: Int
  /// The first member named this way (`startup_aux.n.o`), for messages.
  public var example: String

  /// The era most member names follow, or nil when no member is marked. A runtime not built by OCaml's
  /// makefiles names members `x.o`, which is also the ≤ 4.07 plain form: that alone proves nothing.
  public init?(memberNames: [String]) {
    var votes: [RuntimeMemberNaming: (variants: [RuntimeVariant], example: String)] = [:]
    for name in memberNames {
      guard let (naming, variant) = Self.parse(name) else { continue }
      votes[naming, default: ([], name)].variants.append(variant)
    }
    guard
      let (naming, (variants, example)) = votes.max(by: {
        $0.value.variants.count < $1.value.variants.count
      }),
      variants.count * 2 >= memberNames.count
    else { return nil }
    self.naming = naming
    self.example = example
    // Assembly members keep plain names in every variant (`amd64.o`), so only marked members say which.
    let marked = Set(variants).subtracting([.plain])
    builtAs = marked.isEmpty ? .plain : marked.count == 1 ? marked.first : nil
    matchingMembers = variants.count
  }

  /// The flavour tags the makefiles append after the kind letter (`n` native, `b` bytecode).
  private static let flavours: [String: RuntimeVariant] = [
    "": .plain, "d": .debug, "i": .instrumented, "pic": .pic,
  ]

  /// The era and variant one member name shows; nil for names that are not marked (`amd64.o`, `x.o`).
  static func parse(_ member: String) -> (RuntimeMemberNaming, RuntimeVariant)? {
    guard member.hasSuffix(".o") else { return nil }
    let stem = member.dropLast(2)
    for (separator, naming) in [
      (Character("."), RuntimeMemberNaming.from4_12), ("_", .from4_08To4_11),
    ] {
      guard let cut = stem.lastIndex(of: separator) else { continue }
      let tag = stem[stem.index(after: cut)...]
      if let kind = tag.first, kind == "n" || kind == "b",
        let variant = flavours[String(tag.dropFirst())]
      {
        return (naming, variant)
      }
    }
    guard let dot = stem.lastIndex(of: "."),
      let variant = flavours[String(stem[stem.index(after: dot)...])],
      variant != .plain
    else { return nil }
    return (.upTo4_07, variant)
  }
}
