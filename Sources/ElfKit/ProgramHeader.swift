import CLibelf

/// `p_type`.
public struct SegmentType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  public static let load = SegmentType(rawValue: UInt32(PT_LOAD))
  public static let dynamic = SegmentType(rawValue: UInt32(PT_DYNAMIC))
  public static let interpreter = SegmentType(rawValue: UInt32(PT_INTERP))
  public static let note = SegmentType(rawValue: UInt32(PT_NOTE))
  public static let tls = SegmentType(rawValue: UInt32(PT_TLS))

  public var description: String {
    switch self {
    case .load: "LOAD"
    case .dynamic: "DYNAMIC"
    case .interpreter: "INTERP"
    case .note: "NOTE"
    case .tls: "TLS"
    default: "0x\(String(rawValue, radix: 16))"
    }
  }
}

/// One entry of the program header table.
public struct ProgramHeader: Sendable, Hashable {
  public var index: Int
  public var type: SegmentType
  public var flags: UInt32
  public var offset: UInt64
  public var virtualAddress: UInt64
  public var physicalAddress: UInt64
  public var fileSize: UInt64
  public var memorySize: UInt64
  public var alignment: UInt64
}
