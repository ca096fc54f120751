import ElfKit

/// The attribution of one object of the image (see `SizeAttribution` for the rules).
struct ObjectAttribution {
  typealias Claim = SectionClaims.Claim
  var pieces: [SizePiece] = []
  var unitOwners: [String: SizeOwner] = [:]
  var functions: [SizeOwner: Set<String>] = [:]

  /// Prefixes of the sections that hold code and data; the other allocated sections (notes, unwind tables,
  /// dynamic-linking tables, `.init_array`…) count for an owner named by the section.
  static let codeAndDataPrefixes = [
    ".text", ".rodata", ".data", ".bss", ".tdata", ".tbss", ".lrodata", ".ldata", ".lbss",
  ]

  private let object: ImageLayout.Object
  private let symbols: [Symbol]
  private let names: [String]
  private let relocatable: Bool
  private let tlsBase: UInt64?
  private let candidates: LibraryCandidates
  /// Per symbol index: its OCaml unit and its claim (nil: no rule places it).
  private var units: [String?] = []
  private var symbolClaims: [Claim?] = []

  init(object: ImageLayout.Object, symbols: [Symbol], names: [String], owners: SymbolOwners)
    throws(ElfError)
  {
    self.object = object
    self.symbols = symbols
    self.names = names
    relocatable = object.file.header.type == .relocatable
    candidates = owners.candidates
    tlsBase = object.file.programHeaders.first { $0.type == .tls }?.virtualAddress
    let sections = object.file.sections
    nameSymbols(owners: owners)
    var bySection: [Int: [(position: UInt64, symbol: Symbol)]] = [:]
    for symbol in symbols where SizeAttribution.occupiesBytes(symbol) {
      guard case .index(let index) = symbol.section, index < sections.count,
        sections[index].isAllocated,
        let position = position(of: symbol, in: sections[index])
      else { continue }
      bySection[index, default: []].append((position, symbol))
    }
    var runs: [Int: [SectionClaims.Run]] = [:]
    for section in object.allocatedSections where section.size > 0 {
      let located = (bySection[section.index] ?? []).sorted {
        ($0.position, $0.symbol.index) < ($1.position, $1.symbol.index)
      }
      runs[section.index] = claims(of: section, located).runs()
    }
    let marks = try relocationMarks(runs: runs)
    for section in object.allocatedSections where section.size > 0 {
      var preceding: Claim?
      for run in runs[section.index]! {
        if let claim = run.claim, claim.owner.kind != .unattributed {
          add(claim, section, run.end - run.start)
          preceding = claim
        } else {
          fillGap(run, of: section, marks: marks[section.index] ?? [], after: preceding)
          preceding = nil
        }
      }
    }
  }

  /// Names the unit and claim of every symbol. A local symbol no rule places takes the claim of the first
  /// placed local symbol after the same `STT_FILE` symbol: one source file, one owner (OCaml units leave
  /// unused local constants such as `caml_negf_mask` next to their own local labels).
  private mutating func nameSymbols(owners: SymbolOwners) {
    units = Array(repeating: nil, count: symbols.count)
    symbolClaims = Array(repeating: nil, count: symbols.count)
    var groups: [[Int]] = [[]]
    for symbol in symbols {
      if symbol.type == .file {
        groups.append([])
        continue
      }
      guard SizeAttribution.occupiesBytes(symbol) else { continue }
      let name = names[symbol.index]
      units[symbol.index] = owners.unit(of: name)
      symbolClaims[symbol.index] = owners.claim(
        of: symbol, name: name, unit: units[symbol.index], object: object)
      if !symbol.isExternal { groups[groups.count - 1].append(symbol.index) }
    }
    for group in groups.dropFirst() {
      guard let placed = group.first(where: { symbolClaims[$0] != nil }),
        let claim = symbolClaims[placed]
      else { continue }
      for index in group where symbolClaims[index] == nil { symbolClaims[index] = claim }
    }
  }

  /// The symbols' claims on one section, OCaml unit ranges included.
  private mutating func claims(of section: Section, _ located: [(position: UInt64, symbol: Symbol)])
    -> SectionClaims
  {
    var claims = SectionClaims(size: section.size)
    var begins: [String: UInt64] = [:]
    for (offset, entry) in located.enumerated() {
      let name = names[entry.symbol.index]
      let unit = units[entry.symbol.index]
      let claim = symbolClaims[entry.symbol.index]
      if let unit, let claim { unitOwners[unit] = claim.owner }
      if let claim, entry.symbol.isExternal, entry.symbol.type == .function, unit == nil {
        functions[claim.owner, default: []].insert(name)
      }
      if let unit, name.hasSuffix("code_begin") || name.hasSuffix("data_begin") {
        begins[unit + name.suffix(10)] = entry.position
      } else if let unit, name.hasSuffix("code_end") || name.hasSuffix("data_end"),
        let begin = begins[unit + (name.hasSuffix("code_end") ? "code_begin" : "data_begin")]
      {
        claims.claim(begin, entry.position, .unitMarkers, claim ?? unknown(name, in: section))
      }
      let known = claim ?? unknown(name, in: section)
      if entry.symbol.size > 0 {
        claims.claim(
          entry.position, entry.position &+ entry.symbol.size,
          claim == nil ? .unknownSizedSymbol : .sizedSymbol, known)
      } else if let claim,
        !Self.isReadOnlyData(section) || [.package, .program, .startup].contains(claim.owner.kind)
      {
        // A label reaches to the next one (OCaml data and assembly have no sizes); but in read-only data a C
        // or assembly label followed by anonymous merged strings does not own them.
        let next =
          located[(offset + 1)...].first { $0.position > entry.position }?.position ?? section.size
        claims.claim(entry.position, next, .extent, claim)
      }
    }
    return claims
  }

  /// Where a symbol lies in its section: its value in relocatable objects, value minus the section's address
  /// in programs (TLS symbols count from the TLS segment).
  private func position(of symbol: Symbol, in section: Section) -> UInt64? {
    if relocatable { return symbol.value }
    let base = symbol.type == .tls ? (tlsBase ?? 0) : 0
    let address = symbol.value &+ base
    guard address >= section.address else { return nil }
    return address - section.address
  }

  private func unknown(_ name: String, in section: Section) -> Claim {
    if let container = SymbolOwners.container(of: object) { return container }
    return Claim(
      owner: Self.isCodeOrData(section) ? .unattributed : Self.sectionOwner(section), part: name,
      library: object.displayName)
  }

  private static func isReadOnlyData(_ section: Section) -> Bool {
    !section.flags.contains(.execute) && !section.flags.contains(.write)
  }

  private static func isCodeOrData(_ section: Section) -> Bool {
    codeAndDataPrefixes.contains { section.name == $0 || section.name.hasPrefix($0 + ".") }
  }

  private static func sectionOwner(_ section: Section) -> SizeOwner {
    SizeOwner(kind: .section, name: section.name)
  }

  /// Positions in sections that relocations point at, each with the claim of the code or data that points:
  /// `lea .LC0(%rip)` in a function makes the string at `.rodata.str1.1+off` that function's owner's.
  private func relocationMarks(runs: [Int: [SectionClaims.Run]]) throws(ElfError) -> [Int: [(
    UInt64, Claim
  )]] {
    let gapSections = Set(
      runs.filter { $0.value.contains { $0.claim == nil || $0.claim?.owner.kind == .unattributed } }
        .keys)
    guard !gapSections.isEmpty else { return [:] }
    let sections = object.file.sections
    var marks: [Int: [(UInt64, Claim)]] = [:]
    for relocationSection in try object.file.relocationTables() {
      guard let sourceRuns = runs[relocationSection.target] else { continue }
      for relocation in relocationSection.entries
      where relocation.symbolIndex > 0 && relocation.symbolIndex < symbols.count {
        let symbol = symbols[relocation.symbolIndex]
        guard !symbol.isExternal, case .index(let target) = symbol.section,
          gapSections.contains(target),
          let base = position(of: symbol, in: sections[target])
        else { continue }
        let sourceOffset =
          relocatable
          ? relocation.offset : relocation.offset &- sections[relocationSection.target].address
        guard let source = Self.claim(at: sourceOffset, in: sourceRuns),
          source.owner.kind != .unattributed
        else { continue }
        let offset = UInt64(
          bitPattern: Int64(bitPattern: base) &+ (relocation.addend ?? 0)
            &+ pcRelativeBias(relocation.type))
        marks[target, default: []].append((offset, source))
      }
    }
    return marks.mapValues { entries in
      entries.sorted { ($0.0, $0.1.owner, $0.1.part) < ($1.0, $1.1.owner, $1.1.part) }
    }
  }

  /// x86-64's 32-bit PC-relative relocations (`PC32`, `PLT32`, `GOTPCREL`, `GOTPCRELX`, `REX_GOTPCRELX`) carry
  /// the distance from the end of the 4-byte field: the bytes pointed at are 4 further on.
  private func pcRelativeBias(_ type: UInt32) -> Int64 {
    object.file.header.machine == .x86_64 && [2, 4, 9, 41, 42].contains(type) ? 4 : 0
  }

  private static func claim(at offset: UInt64, in runs: [SectionClaims.Run]) -> Claim? {
    var low = 0
    var high = runs.count
    while low < high {
      let mid = (low + high) / 2
      if runs[mid].end <= offset { low = mid + 1 } else { high = mid }
    }
    return low < runs.count && runs[low].start <= offset ? runs[low].claim : nil
  }

  /// Bytes no symbol claims, or only a symbol of unknown owner: padding, then what relocations point at, then
  /// the unknown symbol, the section's owner or unattributed.
  private mutating func fillGap(
    _ gap: SectionClaims.Run, of section: Section, marks: [(UInt64, Claim)], after preceding: Claim?
  ) {
    let length = gap.end - gap.start
    if gap.claim == nil && isPadding(gap, in: section) {
      return add(
        Claim(owner: .padding, part: "padding", library: object.displayName), section, length)
    }
    let fallback =
      gap.claim ?? SymbolOwners.container(of: object)
      ?? (Self.isCodeOrData(section)
        ? Claim(
          owner: .unattributed, part: "\(section.name) (no symbol)", library: object.displayName)
        : Claim(owner: Self.sectionOwner(section), part: section.name, library: object.displayName))
    let index = Self.firstMark(atOrAfter: gap.start, in: marks)
    if index < marks.count && marks[index].0 < gap.end {
      return fill(gap, of: section, marks: marks[index...], fallback: fallback)
    }
    if !section.flags.contains(.execute), section.hasContents,
      let contents = try? object.file.contents(ofSection: section.index),
      UInt64(contents.count) >= gap.end
    {
      return fill(gap, of: section, strings: contents, fallback: fallback, after: preceding)
    }
    add(fallback, section, length)
  }

  /// From each mark on, the mark's claim (the first claim at each position wins; marks are sorted by position,
  /// then owner); before the first, `fallback`.
  private mutating func fill(
    _ gap: SectionClaims.Run, of section: Section, marks: ArraySlice<(UInt64, Claim)>,
    fallback: Claim
  ) {
    var position = gap.start
    var current = fallback
    for (offset, claim) in marks where offset < gap.end {
      guard offset > position || (offset == gap.start && current == fallback) else { continue }
      add(current, section, offset - position)
      position = offset
      current = claim
    }
    add(current, section, gap.end - position)
  }

  /// Each NUL-terminated string of the gap that a candidate library holds, to that library; the bytes that
  /// directly follow a placed symbol, up to the first such string, to the symbol's owner (the rest of its
  /// object's input section: jump tables, constant pools); the rest to `fallback`.
  private mutating func fill(
    _ gap: SectionClaims.Run, of section: Section, strings contents: [UInt8], fallback: Claim,
    after preceding: Claim?
  ) {
    var position = Int(gap.start)
    var unclaimed = position
    let end = Int(gap.end)
    while position < end {
      var terminator = position
      while terminator < end && contents[terminator] != 0 { terminator += 1 }
      if let home = candidates.home(ofString: contents[position..<terminator]) {
        add(
          unclaimed == Int(gap.start) ? preceding ?? fallback : fallback, section,
          UInt64(position - unclaimed))
        let stop = min(terminator + 1, end)
        add(
          Claim(owner: home.owner, part: home.part, library: home.library), section,
          UInt64(stop - position))
        unclaimed = stop
      }
      position = terminator + 1
    }
    add(
      unclaimed == Int(gap.start) ? preceding ?? fallback : fallback, section,
      UInt64(end - unclaimed))
  }

  private static func firstMark(atOrAfter offset: UInt64, in marks: [(UInt64, Claim)]) -> Int {
    var low = 0
    var high = marks.count
    while low < high {
      let mid = (low + high) / 2
      if marks[mid].0 < offset { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// Shorter than the section's alignment and ending where the next piece is aligned (or at the section's end).
  private func isPadding(_ gap: SectionClaims.Run, in section: Section) -> Bool {
    let length = gap.end - gap.start
    guard length < section.alignment else { return false }
    if gap.end == section.size { return true }
    var boundary: UInt64 = 1
    while boundary <= length { boundary <<= 1 }
    let address = (relocatable ? 0 : section.address) &+ gap.end
    return address % boundary == 0
  }

  private mutating func add(_ claim: Claim, _ section: Section, _ bytes: UInt64) {
    guard bytes > 0 else { return }
    pieces.append(
      SizePiece(
        owner: claim.owner, part: claim.part, library: claim.library, section: section.name,
        segment: section.segment, bytes: bytes))
  }
}
