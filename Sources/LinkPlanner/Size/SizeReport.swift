import ElfKit

/// What `link-check size` reports: the allocated bytes of an image by owner, with the parts inside each owner
/// and the chain of units that pulled each owner in; and the same bytes by unit, section and library.
public struct SizeReport: Sendable {
  /// A named number of bytes (a unit, a member, a section, a library).
  public struct Part: Sendable, Hashable {
    public var name: String
    public var bytes: UInt64
  }

  /// One owner and its bytes.
  public struct OwnerSize: Sendable {
    public var owner: SizeOwner
    public var bytes: UInt64
    /// Bytes in read-only allocated sections (code, constants), as `size` counts `text`.
    public var text: UInt64
    public var data: UInt64
    public var bss: UInt64
    /// OCaml units for packages and the program; archive members for libraries and the runtime; symbols for
    /// unattributed bytes; largest first.
    public var parts: [Part]
    /// Unit names (module paths) from the main unit to the first unit of the owner that it reaches, ending with a
    /// C function for C code; nil when no chain is known (a program without relocations, an unreached owner).
    public var chain: [String]?
  }

  /// One part with its owner (`--by unit`).
  public struct OwnedPart: Sendable {
    public var owner: SizeOwner
    public var part: Part
  }

  /// The inputs, as given.
  public var files: [String]
  /// Allocated bytes: the sum of the sizes of the allocated sections (`readelf -SW` flag `A`).
  public var total: UInt64
  /// Owners, largest first (ties by name); their bytes sum to `total`.
  public var owners: [OwnerSize]
  /// Every part with its owner, largest first.
  public var parts: [OwnedPart]
  /// Bytes per section name, largest first.
  public var sections: [Part]
  /// Bytes per library (`.cmxa`, archive, object), largest first.
  public var libraries: [Part]
  /// The main unit (initialised last), when the image's relocations show it.
  public var mainUnit: String?

  /// Bytes given to a named owner: all but `unattributed`.
  public var namedBytes: UInt64 {
    owners.filter { $0.owner.kind != .unattributed }.reduce(0) { $0 &+ $1.bytes }
  }

  /// Aggregates `attribution` of the image read from `files`.
  public init(files: [String], attribution: SizeAttribution) {
    self.files = files
    let pieces = attribution.pieces
    total = pieces.reduce(0) { $0 &+ $1.bytes }
    sections = Self.sum(pieces, by: \.section)
    libraries = Self.sum(pieces, by: \.library)
    mainUnit = attribution.graph.programMainUnit.map(Self.modulePath)

    let chains = attribution.graph.chainsFromMain()
    var unitsOfOwner: [SizeOwner: Set<String>] = [:]
    for (unit, owner) in attribution.unitOwners { unitsOfOwner[owner, default: []].insert(unit) }
    var ownerSizes: [OwnerSize] = []
    var parts: [OwnedPart] = []
    for (owner, owned) in Dictionary(grouping: pieces, by: \.owner) {
      func bytes(_ segment: SizeSegment) -> UInt64 {
        owned.filter { $0.segment == segment }.reduce(0) { $0 &+ $1.bytes }
      }
      let ownerParts = Self.sum(owned, by: \.part)
      parts += ownerParts.map { OwnedPart(owner: owner, part: $0) }
      let chain = OCamlUnitGraph.shortest(
        chains, toAnyOf: unitsOfOwner[owner] ?? [],
        orCalling: attribution.functionsOfOwner[owner] ?? [], in: attribution.graph)
      ownerSizes.append(
        OwnerSize(
          owner: owner, bytes: owned.reduce(0) { $0 &+ $1.bytes }, text: bytes(.text),
          data: bytes(.data), bss: bytes(.bss),
          parts: ownerParts, chain: chain.map { $0.map(Self.modulePath) }))
    }
    owners = ownerSizes.sorted { ($0.bytes, $1.owner) > ($1.bytes, $0.owner) }
    self.parts = parts.sorted { a, b in
      a.part.bytes != b.part.bytes
        ? a.part.bytes > b.part.bytes : (a.part.name, a.owner) < (b.part.name, b.owner)
    }
  }

  /// `Stdlib__List` as `Stdlib.List`; C function names stay as they are.
  static func modulePath(_ unit: String) -> String {
    guard let first = unit.first, first.isUppercase else { return unit }
    return unit.replacing("__", with: ".")
  }

  /// Bytes of `pieces` grouped by a name, largest first, ties by name in C byte order.
  private static func sum(_ pieces: [SizePiece], by name: KeyPath<SizePiece, String>) -> [Part] {
    var totals: [String: UInt64] = [:]
    for piece in pieces { totals[piece[keyPath: name], default: 0] &+= piece.bytes }
    return totals.map { Part(name: $0.key, bytes: $0.value) }.sorted { a, b in
      a.bytes != b.bytes ? a.bytes > b.bytes : a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
    }
  }
}

extension SizeReport {
  /// Reads `files` as one image and attributes its bytes, placing C code in `libraries` (archives, objects or
  /// directories of them) and in the stub and runtime archives `catalog` knows.
  public static func measuring(files: [String], libraries: [String], catalog: OCamlLibraryCatalog)
    throws(ElfError) -> SizeReport
  {
    let layout = try ImageLayout(paths: files)
    let attribution = try SizeAttribution(
      layout: layout, catalog: catalog,
      libraries: LibraryCandidates.paths(extra: libraries, catalog: catalog))
    return SizeReport(files: files, attribution: attribution)
  }
}
