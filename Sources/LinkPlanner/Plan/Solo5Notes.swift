import ElfKit

/// The Solo5 ABI1 note: which tender and ABI version a program is built for (REFERENCE §5, Solo5 `elf_abi.h`).
public struct Solo5ABINote: Sendable, Hashable {
  /// `"ABI1"` as a little-endian `u32`.
  public static let type: UInt32 = 0x3149_4241
  /// `abi_target`: hvt 1, spt 2, virtio 3, muen 4, genode 5, xen 6.
  public var target: UInt32
  /// `abi_version`: what the tender checks against its own.
  public var version: UInt32

  public init(target: UInt32, version: UInt32) {
    self.target = target
    self.version = version
  }

  /// Reads an ABI1 note; nil unless its owner is `Solo5`, its type ABI1 and its descriptor holds the 16 bytes.
  public init?(_ note: Note, byteOrder: ByteOrder) {
    guard note.name == "Solo5", note.type == Self.type, note.descriptor.count >= 16 else { return nil }
    let words = NoteWords(bytes: note.descriptor, byteOrder: byteOrder)
    self.init(target: words.u32(at: 0), version: words.u32(at: 4))
  }

  /// The target's name as `solo5-elftool query-abi` prints it (`unknown` for a number it does not know).
  public var targetName: String {
    Target.allCases.first { $0.solo5ABITarget == target }?.rawValue ?? "unknown"
  }
}

/// A Solo5 application manifest, the MFT1 note (Solo5 `mft_abi.h`): the devices the unikernel expects.
public struct Solo5Manifest: Sendable, Hashable {
  /// `"MFT1"` as a little-endian `u32`.
  public static let type: UInt32 = 0x3154_464d
  /// The only manifest version Solo5 defines.
  public static let supportedVersion: UInt32 = 1
  /// `MFT_MAX_ENTRIES`, the reserved entry included.
  public static let maximumEntries = 64
  /// `struct mft_entry` on 64-bit targets: `name[68]`, `type`, two unions, `attached`, padded to 8 bytes.
  static let entrySize = 104
  static let nameSize = 68
  /// `MFT_RESERVED_FIRST`, the type of entry 0.
  public static let reservedFirst: UInt32 = 1 << 30

  public struct Entry: Sendable, Hashable {
    public var name: String
    public var type: UInt32
    /// As `solo5-elftool` prints it: `BLOCK_BASIC`, `NET_BASIC`, `RESERVED_FIRST` or `<undefined type>`.
    public var typeName: String {
      switch type {
      case 1: "BLOCK_BASIC"
      case 2: "NET_BASIC"
      case Solo5Manifest.reservedFirst: "RESERVED_FIRST"
      default: "<undefined type>"
      }
    }
  }

  public var version: UInt32
  public var entries: [Entry]

  /// The devices, without the reserved first entry (what `solo5-elftool query-manifest` lists).
  public var devices: [Entry] { entries.filter { $0.type < Self.reservedFirst } }

  /// Reads and validates an MFT1 note as a Solo5 tender does (`mft_validate`): version 1, at most 64 entries,
  /// a descriptor of exactly the size they need, entry 0 reserved with an empty name, names NUL-terminated, no
  /// entry attached. nil when the note is not an MFT1 note at all.
  public static func read(_ note: Note, byteOrder: ByteOrder) -> Result<Solo5Manifest, Solo5NoteProblem>? {
    guard note.name == "Solo5", note.type == type else { return nil }
    // The manifest is 8-byte aligned inside the note: 4 bytes of padding follow the 20-byte note header.
    let padding = 4
    let bytes = note.descriptor
    guard bytes.count >= padding + 8 else { return .failure(Solo5NoteProblem("the manifest is \(bytes.count) bytes, too short for its header")) }
    let words = NoteWords(bytes: bytes, byteOrder: byteOrder)
    let version = words.u32(at: padding)
    let count = Int(words.u32(at: padding + 4))
    guard version == supportedVersion else {
      return .failure(Solo5NoteProblem("manifest version \(version); Solo5 tenders accept version \(supportedVersion)"))
    }
    guard count <= maximumEntries else { return .failure(Solo5NoteProblem("\(count) entries; at most \(maximumEntries) are allowed")) }
    let expectedSize = padding + 8 + count * entrySize
    guard bytes.count == expectedSize else {
      return .failure(Solo5NoteProblem("the manifest is \(bytes.count) bytes; \(count) entries need exactly \(expectedSize)"))
    }
    var entries: [Entry] = []
    for index in 0..<count {
      let start = padding + 8 + index * entrySize
      let name = bytes[start..<start + nameSize]
      guard name.last == 0 else { return .failure(Solo5NoteProblem("entry \(index): the name is not NUL-terminated")) }
      guard bytes[start + 96] == 0 else { return .failure(Solo5NoteProblem("entry \(index) is marked attached")) }
      entries.append(Entry(name: String(decoding: name.prefix { $0 != 0 }, as: UTF8.self), type: words.u32(at: start + nameSize)))
    }
    guard let first = entries.first, first.type == reservedFirst, first.name.isEmpty else {
      return .failure(Solo5NoteProblem("entry 0 must be the reserved entry (RESERVED_FIRST, empty name)"))
    }
    return .success(Solo5Manifest(version: version, entries: entries))
  }
}

/// Why a Solo5 note would be refused.
public struct Solo5NoteProblem: Error, Sendable, Hashable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// Fixed-width integers of a note descriptor, in the file's byte order.
struct NoteWords {
  let bytes: [UInt8]
  let byteOrder: ByteOrder

  func u32(at offset: Int) -> UInt32 { UInt32(truncatingIfNeeded: value(at: offset, size: 4)) }

  /// `size` bytes at `offset` as an unsigned integer (at most 8 bytes).
  func value(at offset: Int, size: Int) -> UInt64 {
    let slice = bytes[offset..<offset + size]
    let ordered = byteOrder == .littleEndian ? Array(slice.reversed()) : Array(slice)
    return ordered.reduce(0) { $0 << 8 | UInt64($1) }
  }
}
