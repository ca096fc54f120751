import ElfKit

#if canImport(Glibc)
  import Glibc
#endif

/// The distinct global names of one resolution, each numbered once in the order first seen: the resolver keeps
/// its per-name state in arrays indexed by that number. A name read from a symbol table is hashed and compared
/// on its bytes where the string table holds them, so no Swift `String` is made per symbol (one per distinct
/// name, on first use) and no name is hashed twice for one lookup.
struct SymbolNames {
  /// Open addressing, linear probing: a name's number + 1, 0 for an empty slot. The count is a power of two.
  private var slots = [Int32](repeating: 0, count: 1024)
  /// Every name's bytes, one after another; `starts[n]..<starts[n + 1]` is name `n`.
  private var bytes: [UInt8] = []
  private var starts: [Int] = [0]
  private var hashes: [UInt64] = []
  /// Names as Swift strings, made when first asked for.
  private var strings: [String?] = []
  /// A per-process seed: names chosen to collide in one run do not collide in the next. Numbers (and so all
  /// output) do not depend on it.
  private let seed = UInt64.random(in: .min ... .max)

  var count: Int { hashes.count }

  /// The number of `name`, given one if it is new.
  mutating func number(_ name: ElfString) -> Int {
    // The resolution keeps every object (and so its string table) open while it runs.
    number(bytes: name.unsafeBytes)
  }

  /// The number of `name`, given one if it is new.
  mutating func number(_ name: String) -> Int {
    var name = name
    return name.withUTF8 { number(bytes: UnsafeRawBufferPointer($0)) }
  }

  /// The number of `name` if it has one.
  func existing(_ name: String) -> Int? {
    var name = name
    return name.withUTF8 { utf8 in
      let key = UnsafeRawBufferPointer(utf8)
      let slot = find(key, hash: hash(key))
      return slots[slot] == 0 ? nil : Int(slots[slot] - 1)
    }
  }

  /// The number of `name` if it has one.
  func existing(_ name: ElfString) -> Int? {
    let key = name.unsafeBytes
    let slot = find(key, hash: hash(key))
    return slots[slot] == 0 ? nil : Int(slots[slot] - 1)
  }

  /// Name `number` as a Swift string.
  mutating func string(_ number: Int) -> String {
    if let made = strings[number] { return made }
    let made = String(decoding: bytes[starts[number]..<starts[number + 1]], as: UTF8.self)
    strings[number] = made
    return made
  }

  /// Name `number` as a Swift string, without keeping it.
  func string(ofNumber number: Int) -> String {
    strings[number] ?? String(decoding: bytes[starts[number]..<starts[number + 1]], as: UTF8.self)
  }

  /// Calls `body` with the bytes of name `number`.
  func withBytes<R>(_ number: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try bytes.withUnsafeBytes { all in
      try body(UnsafeRawBufferPointer(rebasing: all[starts[number]..<starts[number + 1]]))
    }
  }

  private mutating func number(bytes key: UnsafeRawBufferPointer) -> Int {
    let hash = hash(key)
    let slot = find(key, hash: hash)
    if slots[slot] != 0 { return Int(slots[slot] - 1) }
    let number = hashes.count
    // (Typed, so that the append is one copy, not a loop over bytes.)
    bytes.append(contentsOf: key.assumingMemoryBound(to: UInt8.self))
    starts.append(bytes.count)
    hashes.append(hash)
    strings.append(nil)
    slots[slot] = Int32(number + 1)
    if hashes.count * 2 > slots.count { grow(to: slots.count * 2) }
    return number
  }

  /// Makes room for `count` more names, so that a large symbol table is numbered without growing on the way.
  mutating func reserve(_ count: Int) {
    let wanted = hashes.count + count
    hashes.reserveCapacity(wanted)
    starts.reserveCapacity(wanted + 1)
    strings.reserveCapacity(wanted)
    var slotCount = slots.count
    while wanted * 2 > slotCount { slotCount *= 2 }
    if slotCount > slots.count { grow(to: slotCount) }
  }

  /// The slot holding `key`, or the empty slot where it would go.
  private func find(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Int {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 {
      let number = Int(slots[slot] - 1)
      if hashes[number] == hash && equals(number, key) { return slot }
      slot = (slot + 1) & mask
    }
    return slot
  }

  private func equals(_ number: Int, _ key: UnsafeRawBufferPointer) -> Bool {
    let start = starts[number]
    guard starts[number + 1] - start == key.count else { return false }
    guard key.count > 0 else { return true }
    return bytes.withUnsafeBytes {
      memcmp($0.baseAddress! + start, key.baseAddress!, key.count) == 0
    }
  }

  /// Rehashes every name into `count` slots (a power of two).
  private mutating func grow(to count: Int) {
    slots = [Int32](repeating: 0, count: count)
    let mask = slots.count - 1
    for (number, hash) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(number + 1)
    }
  }

  /// Eight bytes a step, multiply and fold (names are long: mangled C++, Swift and OCaml names).
  private func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
    var hash = seed ^ UInt64(key.count) &* 0x9e37_79b9_7f4a_7c15
    var offset = 0
    while offset + 8 <= key.count {
      hash =
        (hash ^ key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xff51_afd7_ed55_8ccd
      hash ^= hash >> 32
      offset += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while offset < key.count {
      tail |= UInt64(key[offset]) << shift
      shift += 8
      offset += 1
    }
    hash = (hash ^ tail) &* 0xc4ce_b9fe_1a85_ec53
    return hash ^ (hash >> 29)
  }
}

/// What the resolution knows about one name.
struct NameRecord {
  var state: SymbolState?
  /// The object whose (strong, or first) reference made the name undefined.
  var firstReference: Int?
  /// Set when the current definition came from an object's `name@@VERSION`: that spelling, for duplicates.
  var definedAs: String?
  /// Some object refers to it (not weakly).
  var objectReference = false
  /// Some object refers to it, weakly or not, or `-u`, the entry or an assignment entered it (ld's `ref_regular`).
  var regularReference = false
  /// An assignment defined it, while loading, over this object's definition.
  var assignedOverObject: Int?
  /// Its undefined symbol came from a file's reference (an object's or a shared object's), not from `-u`, the
  /// entry or an assignment (ld's `u.undef.abfd`).
  var referencedFirstByFile = false
  /// An object marks it hidden or internal (ld keeps the most constraining visibility).
  var hidden = false
  /// The symbol an assignment copied that hidden visibility from (`--defsym f5=f3`), if it did.
  var hiddenFrom: String?
}

/// The resolution's names and their records, by number; by `String` where a name comes from the command line,
/// a script or an archive index.
struct NameRecords {
  private(set) var names = SymbolNames()
  private(set) var records: [NameRecord] = []

  var count: Int { records.count }

  /// The number of `name`, given one (with an empty record) if it is new.
  mutating func number(_ name: ElfString) -> Int { recorded(names.number(name)) }

  mutating func number(_ name: String) -> Int { recorded(names.number(name)) }

  /// Makes room for `count` more names.
  mutating func reserve(_ count: Int) {
    names.reserve(count)
    records.reserveCapacity(records.count + count)
  }

  private mutating func recorded(_ number: Int) -> Int {
    if number == records.count { records.append(NameRecord()) }
    return number
  }

  /// The state of `name`; setting it numbers the name.
  subscript(name: String) -> SymbolState? {
    get { names.existing(name).flatMap { records[$0].state } }
    set { records[number(name)].state = newValue }
  }

  /// The state of name `number`.
  func state(_ number: Int) -> SymbolState? { records[number].state }

  /// The record of name `number`.
  subscript(number number: Int) -> NameRecord {
    get { records[number] }
    _modify { yield &records[number] }
  }

  /// The record of `name`, if it has one.
  func record(_ name: String) -> NameRecord? { names.existing(name).map { records[$0] } }

  mutating func string(_ number: Int) -> String { names.string(number) }
}
