/// What kind of thing owns bytes of an image (the JSON `kind`).
public enum SizeOwnerKind: String, Sendable, Hashable, CaseIterable {
  /// OCaml units of an installed findlib package.
  case package
  /// OCaml units of no installed package: the program's own modules.
  case program
  /// The compiler-generated startup code and data (`caml_startup`, `caml_program`, curry functions).
  case startup
  /// The OCaml runtime (`libasmrun*.a`).
  case runtime
  /// C code from an archive or object: a package's stub archive, nolibc, openlibm, Solo5 bindings…
  case library
  /// A section that holds no code or data of its own: notes, unwind tables, dynamic linking tables.
  case section
  /// Alignment padding between the pieces of a section.
  case padding
  /// Bytes no rule could place, listed by the symbol they lie in or follow.
  case unattributed
}

/// Who owns bytes, at the level `--by package` reports: a package, a library, the runtime…
public struct SizeOwner: Sendable, Hashable, Comparable {
  public var kind: SizeOwnerKind
  /// `compiler-libs.common`, `libnolibc.a`, `.eh_frame`…
  public var name: String

  public init(kind: SizeOwnerKind, name: String) {
    self.kind = kind
    self.name = name
  }

  public static let padding = SizeOwner(kind: .padding, name: "padding")
  public static let unattributed = SizeOwner(kind: .unattributed, name: "unattributed")
  public static let startup = SizeOwner(kind: .startup, name: "startup")

  public static func < (a: SizeOwner, b: SizeOwner) -> Bool {
    a.name != b.name
      ? a.name.utf8.lexicographicallyPrecedes(b.name.utf8) : a.kind.rawValue < b.kind.rawValue
  }
}

/// Which of `size`'s columns a section's bytes count in (Berkeley `size`: text = allocated and read-only,
/// data = writable with contents, bss = writable without).
public enum SizeSegment: String, Sendable, Hashable {
  case text, data, bss
}

/// Bytes of one section attributed to one owner, with the finer names the views need.
public struct SizePiece: Sendable, Hashable {
  public var owner: SizeOwner
  /// The OCaml unit, archive member (`libunix.a(unix.o)`), or, for unattributed bytes, the symbol.
  public var part: String
  /// The file the bytes come from as `--by library` groups them: the `.cmxa` of a unit, the archive of a member.
  public var library: String
  /// The output section (`.text`, `.rodata.str1.1`…).
  public var section: String
  public var segment: SizeSegment
  public var bytes: UInt64
}
