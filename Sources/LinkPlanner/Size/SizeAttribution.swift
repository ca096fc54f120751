import ElfKit

/// Every allocated byte of an image given to exactly one owner, most specific first:
/// 1. a symbol's own bytes (`st_size`; a symbol without size reaches to the next symbol): an OCaml symbol to its
///    compilation unit and so to the unit's findlib package (the program's own units to `program`); a C symbol
///    to the archive member that defines it (the input archive it is a member of, or a candidate library);
///    the code ocamlopt generates at link time (`caml_program`, `caml_curry*`…) to `startup`;
/// 2. an OCaml unit's `code_begin`…`code_end` and `data_begin`…`data_end` ranges, to the unit;
/// 3. bytes between symbols: alignment padding (shorter than the section's alignment, ending aligned) to
///    `padding`; bytes a relocation points at (strings, constants: `.rodata.str1.1+0x40`), from that position
///    on, to the owner of the code that refers to them;
/// 4. notes, unwind tables and dynamic-linking sections, whole, to an owner named by the section;
/// 5. the rest to `unattributed`, by the symbol they lie in.
public struct SizeAttribution: Sendable {
  public var pieces: [SizePiece]
  /// Which units refer to which (from relocations: complete objects, archives, `--emit-relocs` programs).
  public var graph: OCamlUnitGraph
  /// The owner of every OCaml unit of the image.
  public var unitOwners: [String: SizeOwner]
  /// The C functions each library owner defines (to find chains to C code).
  public var functionsOfOwner: [SizeOwner: Set<String>]

  /// Attributes `layout`, placing C code in `libraries` (paths with the owner their code counts for).
  public init(
    layout: ImageLayout, catalog: OCamlLibraryCatalog, libraries: [(path: String, owner: SizeOwner)]
  )
    throws(ElfError)
  {
    var tables: [[Symbol]] = []
    var names: [[String]] = []
    for object in layout.objects {
      let symbols = try object.file.symbolTable()?.symbols ?? []
      tables.append(symbols)
      names.append(symbols.map(\.name.string))
    }
    let units = OCamlNameDecoder.units(in: names.joined())
    var candidates = LibraryCandidates(libraries)
    var imageGlobals: [String: UInt64] = [:]
    for (index, symbols) in tables.enumerated() {
      for symbol in symbols where symbol.isExternal && Self.occupiesBytes(symbol) {
        imageGlobals[names[index][symbol.index]] = symbol.size
      }
    }
    candidates.rank(
      imageGlobals: imageGlobals,
      imageNotes: Set(layout.objects.flatMap { LibraryCandidates.notes(of: $0.file) }))
    let owners = SymbolOwners(catalog: catalog, units: units, candidates: candidates)

    pieces = []
    unitOwners = [:]
    functionsOfOwner = [:]
    for (index, object) in layout.objects.enumerated() {
      let attributed = try ObjectAttribution(
        object: object, symbols: tables[index], names: names[index], owners: owners)
      pieces += attributed.pieces
      for (unit, owner) in attributed.unitOwners { unitOwners[unit] = owner }
      for (owner, functions) in attributed.functions {
        functionsOfOwner[owner, default: []].formUnion(functions)
      }
    }
    graph = try OCamlUnitGraph.build(from: layout.objects.map(\.file))
  }

  /// Defined in a section of the file (not absolute, common or undefined), and not a section or file symbol.
  static func occupiesBytes(_ symbol: Symbol) -> Bool {
    guard case .index = symbol.section else { return false }
    return symbol.type != .section && symbol.type != .file && !symbol.name.isEmpty
  }
}

/// Names the owner of a symbol.
struct SymbolOwners {
  let catalog: OCamlLibraryCatalog
  let units: Set<String>
  let candidates: LibraryCandidates

  /// Names of the code and data ocamlopt generates when it links (the startup unit): `caml_program`,
  /// `caml_curry3`, `caml_apply2`, `caml_globals`, `caml_frametable`, predefined exceptions…
  static let startupPrefixes = [
    "caml_startup__", "caml_startup.", "caml_program", "caml_curry", "caml_apply", "caml_tuplify",
    "caml_send",
    "caml_globals",
    "caml_frametable", "caml_code_segments", "caml_data_segments", "caml_exn_", "caml_hot__",
    "caml_globalsym",
  ]

  /// The OCaml unit of `name`: the longest unit the image holds or findlib knows such that the name is
  /// `caml<Unit>`, `caml<Unit>__…` or `caml<Unit>.…`. Linear in the name's length (the image's symbols are
  /// many and so are its units).
  func unit(of name: String) -> String? {
    let bytes = name.utf8
    guard bytes.count <= OCamlNameDecoder.maximumLength, name.hasPrefix("caml"),
      let first = bytes.dropFirst(4).first, first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")
    else { return nil }
    let rest = Array(bytes.dropFirst(4))
    func known(_ length: Int) -> String? {
      let candidate = String(decoding: rest[..<length], as: UTF8.self)
      return units.contains(candidate) || catalog.units[candidate] != nil ? candidate : nil
    }
    if let whole = known(rest.count) { return whole }
    var index = rest.count - 1
    while index > 0 {
      let separator =
        rest[index] == UInt8(ascii: ".")
        || (rest[index] == UInt8(ascii: "_") && index + 1 < rest.count
          && rest[index + 1] == UInt8(ascii: "_"))
      if separator, let unit = known(index) { return unit }
      index -= 1
    }
    return nil
  }

  /// The claim of an OCaml unit: its package, or `program` for units of no installed package.
  func claim(unit: String, object: ImageLayout.Object) -> SectionClaims.Claim {
    if let home = catalog.units[unit] {
      return SectionClaims.Claim(
        owner: SizeOwner(kind: .package, name: home.package), part: unit,
        library: ImageLayout.Object.basename(home.archive))
    }
    return SectionClaims.Claim(
      owner: SizeOwner(kind: .program, name: "program"), part: unit, library: object.displayName)
  }

  /// The claim of what an input archive's member holds: the archive, as a library, and the member.
  static func container(of object: ImageLayout.Object) -> SectionClaims.Claim? {
    guard let member = object.member else { return nil }
    let library = ImageLayout.Object.basename(object.path)
    return SectionClaims.Claim(
      owner: SizeOwner(kind: .library, name: library), part: "\(library)(\(member))",
      library: library)
  }

  /// The claim of a symbol, or nil when no rule places it.
  func claim(of symbol: Symbol, name: String, unit: String?, object: ImageLayout.Object)
    -> SectionClaims.Claim?
  {
    if let unit { return claim(unit: unit, object: object) }
    let home =
      symbol.isExternal
      ? candidates.home(ofGlobal: name, size: symbol.size)
      : candidates.home(ofLocal: name, size: symbol.size)
    if let home {
      return SectionClaims.Claim(owner: home.owner, part: home.part, library: home.library)
    }
    if Self.startupPrefixes.contains(where: name.hasPrefix) {
      return SectionClaims.Claim(owner: .startup, part: "startup", library: object.displayName)
    }
    return Self.container(of: object)
  }
}
