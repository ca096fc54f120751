import ElfKit
import FoundationEssentials

/// What the program a plan links must look like to run on its target, derived from the target and from the
/// files on the plan's line (the bindings object's own ABI note and `.interp`, the inputs' machine).
public struct LinkExpectations: Sendable {
  public var target: Target
  /// The machine of the bindings object (Solo5) or of the first input object (unix); nil when none is readable.
  public var machine: Machine?
  /// Accepted ELF types: an executable; genode's a shared object; unix's an executable or a PIE.
  public var fileTypes: Set<ObjectType>
  /// Solo5's tenders load only ELFCLASS64 files.
  public var requires64Bit: Bool
  /// The symbol the entry point must be.
  public var entrySymbol = "_start"
  /// Whether undefined symbols may stay for a dynamic linker to resolve (unix, genode).
  public var allowsDynamicImports: Bool
  /// The ABI1 note the program must carry; nil when none is expected (stub, unix).
  public var abiNote: ABINoteExpectation?
  /// Who reads the MFT1 manifest, when the program needs one.
  public var manifestReader: String?
  /// Who reads the Solo5 notes the way Solo5's loader does (only the first note of each `PT_NOTE`), if anyone.
  public var solo5Loader: String?
  public var interpreter: InterpreterExpectation

  /// The ABI1 note a program must carry.
  public struct ABINoteExpectation: Sendable, Hashable {
    /// The target's `abi_target`.
    public var target: UInt32
    /// The versions that fit: the bindings object's, or those Solo5 releases used (REFERENCE §5).
    public var versions: Set<UInt32>
    /// Where the versions come from, for messages.
    public var source: String
  }

  /// What `PT_INTERP` must be.
  public enum InterpreterExpectation: Sendable, Hashable {
    /// The bindings set it (Solo5: `/nonexistent/solo5/`, so that a host kernel refuses to run the file).
    case exactly(String)
    /// The bindings set none: a `PT_INTERP` would be a host dynamic linker.
    case none
    /// A host program: its interpreter, if it has one, must exist on this machine.
    case presentOnHost
  }

  /// The expectations for the program `plan` links from `inputs`; throws when the plan's bindings object cannot be
  /// read.
  public init(plan: LinkPlan, inputs: [String]) throws(LinkPlannerError) {
    target = plan.target
    let bindings = try plan.bindingsObject.map { path throws(LinkPlannerError) in try ElfInput.open(path) }
    if target == .unix {
      machine = inputs.lazy.compactMap { try? ElfInput.open($0) }.first?.header.machine
      fileTypes = [.executable, .sharedObject]
      requires64Bit = false
      allowsDynamicImports = true
      interpreter = .presentOnHost
      return
    }
    machine = bindings?.header.machine
    fileTypes = target == .genode ? [.sharedObject] : [.executable]
    requires64Bit = true
    allowsDynamicImports = target == .genode
    if let abiTarget = target.solo5ABITarget {
      let declared = try bindings.flatMap { file throws(LinkPlannerError) in
        try ElfInput.reading { () throws(ElfError) in try NoteListing(file).solo5Note(type: Solo5ABINote.type) }
      }
      if let declared, case .solo5ABI(let note) = declared.content, let path = plan.bindingsObject {
        abiNote = ABINoteExpectation(
          target: abiTarget, versions: [note.version], source: "as \(FileSystem.fileName(of: path)) declares")
      } else {
        abiNote = ABINoteExpectation(target: abiTarget, versions: Self.releasedVersions(target), source: "as Solo5 releases use")
      }
    }
    manifestReader = Self.manifestReader(target)
    solo5Loader = [.hvt, .spt].contains(target) ? "the solo5-\(target) tender" : nil
    let interp = try bindings.flatMap { file throws(LinkPlannerError) in try Self.interpreter(of: file) }
    interpreter = interp.map { .exactly($0) } ?? .none
  }

  /// ABI versions of Solo5's releases (REFERENCE §5): hvt and spt 1, then 2 from 0.8; muen 2, 3, then 4.
  static func releasedVersions(_ target: Target) -> Set<UInt32> {
    switch target {
    case .hvt, .spt: [1, 2]
    case .muen: [2, 3, 4]
    default: [1]
    }
  }

  /// Who refuses a program without a manifest: the hvt and spt tenders read it at start; the virtio, muen, xen
  /// and genode bindings read `__solo5_mft1_note` themselves.
  static func manifestReader(_ target: Target) -> String? {
    switch target {
    case .hvt, .spt: "the solo5-\(target) tender reads it at start (\"No Solo5 manifest found in executable\")"
    case .virtio, .muen, .xen, .genode: "the \(target) bindings read it through __solo5_mft1_note"
    case .stub, .unix: nil
    }
  }

  /// The NUL-terminated string of a file's `.interp` section, if it has one.
  static func interpreter(of file: ElfFile) throws(LinkPlannerError) -> String? {
    guard let section = file.sections.first(where: { $0.name == ".interp" && $0.hasContents }) else { return nil }
    let bytes = try ElfInput.reading { () throws(ElfError) in try file.contents(ofSection: section.index) }
    return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
  }
}
