import ElfKit

/// What a note says, for the owners and types link-check knows (REFERENCE §5, and the GNU notes of host files).
public enum NoteContent: Sendable, Hashable {
  case solo5ABI(Solo5ABINote)
  case solo5Manifest(Result<Solo5Manifest, Solo5NoteProblem>)
  /// OpenBSD's identification note, which Solo5 adds so that OpenBSD's kernel refuses to run the file.
  case openBSDIdentification
  /// `XEN_ELFNOTE_PHYS32_ENTRY`: where a PVH guest starts.
  case xenPhysicalEntry(UInt64)
  case gnuBuildID(String)
  /// `NT_GNU_ABI_TAG`: the oldest kernel the C library needs.
  case gnuABITag(system: String, version: String)
  /// Anything else: the raw descriptor says it all.
  case other

  init(_ note: Note, byteOrder: ByteOrder) {
    let words = NoteWords(bytes: note.descriptor, byteOrder: byteOrder)
    switch (note.name, note.type) {
    case ("Solo5", Solo5ABINote.type):
      self = Solo5ABINote(note, byteOrder: byteOrder).map { .solo5ABI($0) } ?? .other
    case ("Solo5", Solo5Manifest.type):
      self = Solo5Manifest.read(note, byteOrder: byteOrder).map { .solo5Manifest($0) } ?? .other
    case ("OpenBSD", 1):
      self = .openBSDIdentification
    case ("Xen", 18) where [4, 8].contains(note.descriptor.count):
      self = .xenPhysicalEntry(words.value(at: 0, size: note.descriptor.count))
    case ("GNU", 3):
      self = .gnuBuildID(Hex.bytes(note.descriptor, separator: ""))
    case ("GNU", 1) where note.descriptor.count >= 16:
      let systems = ["Linux", "Hurd", "Solaris", "FreeBSD", "NetBSD", "Syllable"]
      let system = Int(words.u32(at: 0))
      let version = (1...3).map { String(words.u32(at: $0 * 4)) }.joined(separator: ".")
      self = .gnuABITag(system: system < systems.count ? systems[system] : "system \(system)", version: version)
    default:
      self = .other
    }
  }

  /// The type's name (`ABI1`, `NT_GNU_BUILD_ID`…), or nil for a type link-check has no name for.
  static func typeName(owner: String, type: UInt32) -> String? {
    switch (owner, type) {
    case ("Solo5", Solo5ABINote.type): "ABI1"
    case ("Solo5", Solo5Manifest.type): "MFT1"
    case ("OpenBSD", 1): "NT_VERSION"
    case ("Xen", 18): "XEN_ELFNOTE_PHYS32_ENTRY"
    case ("GNU", 1): "NT_GNU_ABI_TAG"
    case ("GNU", 3): "NT_GNU_BUILD_ID"
    case ("GNU", 4): "NT_GNU_GOLD_VERSION"
    case ("GNU", 5): "NT_GNU_PROPERTY_TYPE_0"
    default: nil
    }
  }
}

/// One note of a file and where it sits.
public struct ListedNote: Sendable, Hashable {
  public var note: Note
  /// The section holding it; nil when the file has no note sections (the notes then come from `PT_NOTE`s).
  public var section: String?
  /// The `PT_NOTE` program header holding it, if any.
  public var segment: Int?
  /// Whether it is the first note of its `PT_NOTE`: the only one Solo5's loader (`elf_load_note`, used by the
  /// tenders and `solo5-elftool`) reads.
  public var readBySolo5Loader: Bool
  public var content: NoteContent
  /// The type's name, when link-check knows it.
  public var typeName: String? { NoteContent.typeName(owner: note.name, type: note.type) }
}

/// The notes of an ELF file as `readelf -n` lists them: by note section, or by `PT_NOTE` segment when the file
/// has no note sections; each decoded and placed.
public struct NoteListing: Sendable {
  public var notes: [ListedNote]

  /// The notes of the ELF file at `path`.
  public init(path: String) throws(LinkPlannerError) {
    let file = try ElfInput.open(path)
    self = try ElfInput.reading { () throws(ElfError) in try NoteListing(file) }
  }

  /// The notes of `file`; throws when a note table does not fit its section or segment.
  public init(_ file: ElfFile) throws(ElfError) {
    let all = try file.notes()
    let noteSegments = file.programHeaders.filter { $0.type == .note }
    let noteSections = file.sections.filter { $0.type == .note }
    let byteOrder = file.header.byteOrder
    var listed: [ListedNote] = []
    if noteSections.isEmpty {
      for segment in noteSegments {
        let notes = all.filter { $0.source == .segment(segment.index) }
        for (position, note) in notes.enumerated() {
          listed.append(
            ListedNote(
              note: note, section: nil, segment: segment.index, readBySolo5Loader: position == 0,
              content: NoteContent(note, byteOrder: byteOrder)))
        }
      }
    } else {
      for section in noteSections {
        let segment = section.isAllocated
          ? noteSegments.first { section.offset >= $0.offset && section.offset - $0.offset < $0.fileSize } : nil
        let notes = all.filter { $0.source == .section(section.name) }
        for (position, note) in notes.enumerated() {
          let first = position == 0 && segment.map { $0.offset == section.offset } == true
          listed.append(
            ListedNote(
              note: note, section: section.name, segment: segment?.index, readBySolo5Loader: first,
              content: NoteContent(note, byteOrder: byteOrder)))
        }
      }
    }
    notes = listed
  }

  /// The Solo5 note of `type` that Solo5's loader finds: the first note of some `PT_NOTE`, owned by Solo5.
  public func solo5LoaderNote(type: UInt32) -> ListedNote? {
    notes.first { $0.readBySolo5Loader && $0.note.name == "Solo5" && $0.note.type == type }
  }

  /// The first Solo5 note of `type`, wherever it is.
  public func solo5Note(type: UInt32) -> ListedNote? {
    notes.first { $0.note.name == "Solo5" && $0.note.type == type }
  }
}


/// Bytes as lower-case hexadecimal, two digits each.
public enum Hex {
  public static func bytes<C: Collection<UInt8>>(_ bytes: C, separator: String = " ") -> String {
    bytes.map { ($0 < 0x10 ? "0" : "") + String($0, radix: 16) }.joined(separator: separator)
  }
}
