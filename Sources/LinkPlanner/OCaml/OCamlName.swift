import FoundationEssentials

/// An OCaml-generated symbol split into its compilation unit and the name inside it.
public struct OCamlSymbol: Sendable, Hashable {
  /// The compilation unit as the compiler names it (`Stdlib__List`, `Lib__Mod` for dune-wrapped modules).
  public var unit: String
  /// The name inside the unit, without the uniquifying stamp (`map` for `..._123`); empty for unit markers.
  public var name: String
  /// The numeric stamp the compiler appended (`"123"`), if any.
  public var stamp: String?

  /// The unit as a module path: `Stdlib__List` reads `Stdlib.List`.
  public var modulePath: String { unit.replacing("__", with: ".") }

  /// `Module.function` as a user writes it (`Stdlib.List.map`); the module path alone for unit markers.
  public var demangled: String { name.isEmpty ? modulePath : "\(modulePath).\(name)" }
}

/// Decodes OCaml's symbol mangling (`middle_end/compilenv.ml`, `asmcomp/x86_proc.ml` of each release):
/// `caml<Unit>__<name>_<stamp>` up to 5.0 and `caml<Unit>.<name>_<stamp>` from 5.1 (5.2 made the separator
/// configurable, `$` only for MSVC; 5.3 and the 5.4 trunk keep `.` on ELF), with other characters as `$xx`
/// (operators, flambda's `anon_fn[file.ml:3,8--20]`). A unit packed with `-for-pack P` is `P__Unit` up to 5.0 and
/// `P.Unit` from 5.1, and dune-wrapped unit names contain `__` themselves, so the unit is the longest known unit
/// name that prefixes the symbol; known units come from the per-unit markers every unit defines
/// (`caml<Unit>__code_begin` or `caml<Unit>.code_begin`, `data_begin`, `frametable`, `gc_roots`, `entry`…).
public struct OCamlNameDecoder: Sendable {
  /// Marker suffixes that name a compilation unit.
  public static let unitMarkers = [
    "code_begin", "code_end", "data_begin", "data_end", "frametable", "gc_roots", "entry",
  ]

  /// Units known to exist, by the hash of their bytes (`hash(_:)`): a decoding looks up only the prefixes of the
  /// symbol that end at a separator, a few hashes however many units share its first letters.
  private let unitsByHash: [UInt64: [String]]

  /// A decoder that knows `units`.
  public init(units: some Sequence<String>) {
    var byHash: [UInt64: [String]] = [:]
    for unit in Set(units) where !unit.isEmpty {
      var unit = unit
      byHash[unit.withUTF8 { Self.hash($0[...]) }, default: []].append(unit)
    }
    unitsByHash = byHash
  }

  /// FNV-1a over the bytes.
  private static func hash(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
  }

  /// The units whose markers appear among `symbolNames`.
  public static func units(in symbolNames: some Sequence<String>) -> Set<String> {
    var found = Set<String>()
    for name in symbolNames {
      var name = name
      name.withUTF8 { bytes in
        guard bytes.count > 4, bytes[0..<4].elementsEqual("caml".utf8) else { return }
        for suffix in markerSuffixes where bytes.count > 4 + suffix.count {
          guard bytes[(bytes.count - suffix.count)...].elementsEqual(suffix) else { continue }
          let unit = String(decoding: bytes[4..<bytes.count - suffix.count], as: UTF8.self)
          if let first = unit.first, first.isUppercase { found.insert(unit) }
        }
      }
    }
    return found
  }

  /// `__code_begin`, `.code_begin`, … as bytes.
  private static let markerSuffixes = unitMarkers.flatMap { marker in
    ["__", "."].map { Array(($0 + marker).utf8) }
  }

  /// Longer names are not taken for OCaml's: real ones are far shorter, and a hostile object could make each
  /// decoding cost megabytes.
  public static let maximumLength = 4096

  /// The unit and name of an OCaml symbol, or nil for C symbols and the runtime's own `caml_*` names.
  public func decode(_ symbol: String) -> OCamlSymbol? {
    guard let (unit, remainder) = unitAndRemainder(symbol) else { return nil }
    guard let remainder else { return OCamlSymbol(unit: unit, name: "", stamp: nil) }
    return Self.split(unit: unit, remainder: remainder)
  }

  /// `decode(symbol)?.unit`, without reading the name inside the unit.
  public func unit(of symbol: String) -> String? { unitAndRemainder(symbol)?.unit }

  /// The unit of an OCaml symbol and what follows its separator (nil when the symbol ends with the unit).
  private func unitAndRemainder(_ symbol: String) -> (unit: String, remainder: Substring?)? {
    guard symbol.utf8.count <= Self.maximumLength, Self.startsWithUnit(symbol) else { return nil }
    // (`caml` then an uppercase letter: the fifth byte starts a character.)
    let rest = Substring(symbol.utf8.dropFirst(4))
    var text = symbol
    if let unit = text.withUTF8(knownUnit) {
      let after = Substring(rest.utf8.dropFirst(unit.utf8.count))
      if after.isEmpty { return (unit, nil) }
      return (unit, Substring(after.utf8.dropFirst(after.hasPrefix("__") ? 2 : 1)))
    }
    // Unknown unit: 5.1+ separates with the first `.`, 4.x with the first `__`.
    if let dot = rest.firstIndex(of: ".") {
      return (String(rest[..<dot]), rest[rest.index(after: dot)...])
    }
    if let separator = rest.firstByteRange(of: "__") {
      return (String(rest[..<separator.lowerBound]), rest[separator.upperBound...])
    }
    return (String(rest), nil)
  }

  /// Whether `symbol` is `caml` then an uppercase character, decided on its bytes when that character is an ASCII
  /// letter followed by ASCII (one scalar, no combining mark): Unicode's properties cost more than the rest of a
  /// decoding.
  private static func startsWithUnit(_ symbol: String) -> Bool {
    let decided = symbol.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
      guard bytes.count > 4, bytes[0] == UInt8(ascii: "c"), bytes[1] == UInt8(ascii: "a"),
        bytes[2] == UInt8(ascii: "m"), bytes[3] == UInt8(ascii: "l")
      else { return false }
      guard bytes[4] < 0x80, bytes.count == 5 || bytes[5] < 0x80 else { return nil }
      return (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[4])
    }
    if let decided = decided ?? nil { return decided }
    return symbol.utf8.starts(with: "caml".utf8)
      && Substring(symbol.utf8.dropFirst(4)).first?.isUppercase ?? false
  }

  /// The longest known unit that the symbol (`caml` and the unit first) ends with or continues with a separator
  /// (`.`, or `__`).
  private func knownUnit(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    var end = bytes.count
    while end > 4 {
      let separates =
        end == bytes.count || bytes[end] == UInt8(ascii: ".")
        || (bytes[end] == UInt8(ascii: "_") && end + 1 < bytes.count
          && bytes[end + 1] == UInt8(ascii: "_"))
      if separates, let units = unitsByHash[Self.hash(bytes[4..<end])],
        let unit = units.first(where: { $0.utf8.elementsEqual(bytes[4..<end]) })
      {
        return unit
      }
      end -= 1
    }
    return nil
  }

  private static func split(unit: String, remainder: Substring) -> OCamlSymbol {
    if unitMarkers.contains(String(remainder)) {
      return OCamlSymbol(unit: unit, name: "", stamp: nil)
    }
    var name = remainder
    var stamp: String?
    if let underscore = name.lastIndex(of: "_"), name.index(after: underscore) < name.endIndex,
      name[name.index(after: underscore)...].allSatisfy(\.isNumber), underscore > name.startIndex
    {
      stamp = String(name[name.index(after: underscore)...])
      name = name[..<underscore]
    }
    return OCamlSymbol(unit: unit, name: unescape(name), stamp: stamp)
  }

  /// `$xx` (two hexadecimal digits) stands for the byte `xx`.
  private static func unescape(_ text: Substring) -> String {
    guard text.contains("$") else { return String(text) }
    var bytes: [UInt8] = []
    var utf8 = Array(text.utf8)[...]
    while let byte = utf8.popFirst() {
      if byte == UInt8(ascii: "$"), utf8.count >= 2,
        let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
      {
        bytes.append(value)
        utf8 = utf8.dropFirst(2)
      } else {
        bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
