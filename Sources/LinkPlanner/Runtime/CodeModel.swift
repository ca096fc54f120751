import ElfKit

/// How position-independent compiled code is, read from how it reaches its own global data.
public enum CodeModel: String, Sendable, Hashable, CustomStringConvertible {
  /// Absolute addresses in code (`R_X86_64_32`/`32S`): links only into a fixed-address executable (`-no-pie`).
  case positionDependent = "absolute"
  /// PC-relative access to its own data (`-fPIE`): fits executables, PIE included, but not shared objects.
  case positionIndependentExecutable = "pie"
  /// Global data through the GOT (`R_X86_64_GOTPCREL`…, `-fPIC`): fits shared objects too.
  case positionIndependent = "pic"
  /// No relocation tells (an unsupported machine, or no references to global data).
  case undetermined = "unknown"

  public var description: String { rawValue }

  /// What it means for the link, in words.
  public var meaning: String {
    switch self {
    case .positionDependent: "position-dependent (absolute relocations in code)"
    case .positionIndependentExecutable:
      "position-independent executable code (PC-relative data access; not for shared objects)"
    case .positionIndependent:
      "position-independent code (global data through the GOT; fits shared objects)"
    case .undetermined: "undetermined"
    }
  }
}

/// How a relocation in code reaches its target.
enum RelocationAddressing: Sendable, Hashable {
  /// Through the global offset table.
  case globalOffsetTable
  /// An absolute address patched into the code.
  case absolute
  /// Relative to the instruction (or, on i386, to the GOT base: `R_386_GOTOFF`), bound at link time.
  case direct

  /// The addressing of relocation `type` on `machine`; nil for types that say nothing about the code model
  /// and for machines without a table here.
  init?(type: UInt32, machine: Machine) {
    guard let table = Self.tables[machine], let addressing = table[type] else { return nil }
    self = addressing
  }

  /// The addressing of each relocation type `machine` has one for (nil for machines without a table here).
  static func table(for machine: Machine) -> [UInt32: RelocationAddressing]? { tables[machine] }

  private static let tables: [Machine: [UInt32: RelocationAddressing]] = [
    // R_X86_64_: GOT32 3, GOTPCREL 9, GOT64 27, GOTPCREL64 28, GOTPCRELX 41, REX_GOTPCRELX 42; 64 1, 32 10,
    // 32S 11; PC32 2, PLT32 4, PC64 24.
    .x86_64: [
      3: .globalOffsetTable, 9: .globalOffsetTable, 27: .globalOffsetTable, 28: .globalOffsetTable,
      41: .globalOffsetTable, 42: .globalOffsetTable, 1: .absolute, 10: .absolute, 11: .absolute,
      2: .direct,
      4: .direct, 24: .direct,
    ],
    // R_386_: GOT32 3, GOT32X 43; 32 1; PC32 2, PLT32 4, GOTOFF 9.
    .i386: [
      3: .globalOffsetTable, 43: .globalOffsetTable, 1: .absolute, 2: .direct, 4: .direct,
      9: .direct,
    ],
    // R_AARCH64_: GOT_LD_PREL19 309, ADR_GOT_PAGE 311, LD64_GOT_LO12_NC 312, LD64_GOTPAGE_LO15 313;
    // MOVW_UABS_G0…G3 263–269; ADR_PREL_PG_HI21 275, ADD_ABS_LO12_NC 277, LDST*_ABS_LO12_NC 278, 284–286, 299.
    .aarch64: [
      309: .globalOffsetTable, 311: .globalOffsetTable, 312: .globalOffsetTable,
      313: .globalOffsetTable,
      263: .absolute, 264: .absolute, 265: .absolute, 266: .absolute, 267: .absolute,
      268: .absolute,
      269: .absolute, 275: .direct, 277: .direct, 278: .direct, 284: .direct, 285: .direct,
      286: .direct,
      299: .direct,
    ],
  ]
}

/// How many code relocations to one symbol use each addressing.
struct AddressingCounts: Sendable, Hashable {
  private var globalOffsetTable = 0
  private var absolute = 0
  private var direct = 0

  mutating func add(_ addressing: RelocationAddressing, count: Int) {
    switch addressing {
    case .globalOffsetTable: globalOffsetTable += count
    case .absolute: absolute += count
    case .direct: direct += count
    }
  }

  mutating func add(_ other: AddressingCounts) {
    globalOffsetTable += other.globalOffsetTable
    absolute += other.absolute
    direct += other.direct
  }

  func count(of addressing: RelocationAddressing) -> Int {
    switch addressing {
    case .globalOffsetTable: globalOffsetTable
    case .absolute: absolute
    case .direct: direct
    }
  }

  var total: Int { globalOffsetTable + absolute + direct }
}

/// Counts how code reaches the runtime's global data, relocation by relocation, then judges the code model.
struct CodeModelTally: Sendable, Hashable {
  /// Per target symbol name: how many references of each addressing.
  private var referencesByTarget: [String: AddressingCounts] = [:]
  /// Absolute addresses patched into code, whatever they point at (jump tables, address-taking included).
  private var absoluteInCode = 0

  /// Counts relocations in code to the external symbol `target` (absolute ones also with `recordAbsolute`).
  mutating func record(_ counts: AddressingCounts, target: String) {
    referencesByTarget[target, default: AddressingCounts()].add(counts)
  }

  /// Counts `count` absolute addresses patched into code, whatever they point at.
  mutating func recordAbsolute(_ count: Int) { absoluteInCode += count }

  /// The code model: any absolute address in code makes it position-dependent; otherwise the references to
  /// `data` (global data objects of default visibility) decide. `-fPIC` code reaches such data only through the
  /// GOT, since another module may interpose it; code that binds any of it directly is at most PIE, which is
  /// also what keeps ld from putting it in a shared object. Calls and function addresses do not count: PIE code
  /// takes those through the GOT too.
  func codeModel(data: Set<String>) -> CodeModel {
    if absoluteInCode > 0 { return .positionDependent }
    var got = 0
    var direct = 0
    for (target, counts) in referencesByTarget where data.contains(target) {
      got += counts.count(of: .globalOffsetTable)
      direct += counts.count(of: .direct)
    }
    if direct > 0 { return .positionIndependentExecutable }
    return got > 0 ? .positionIndependent : .undetermined
  }
}
