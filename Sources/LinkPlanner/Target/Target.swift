/// A place a unikernel runs: a Solo5 tender, Xen, or the host (`unix`).
public enum Target: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  case hvt, spt, virtio, muen, xen, genode, stub, unix

  public var description: String { rawValue }

  /// Everything but `unix` runs without a host libc (nolibc, openlibm, Solo5 bindings).
  public var isFreestanding: Bool { self != .unix }

  /// Solo5's `abi_target` in the ABI1 note (REFERENCE §5); nil for unix and stub.
  public var solo5ABITarget: UInt32? {
    switch self {
    case .hvt: 1
    case .spt: 2
    case .virtio: 3
    case .muen: 4
    case .genode: 5
    case .xen: 6
    case .stub, .unix: nil
    }
  }

  /// Whether the bindings leave `__solo5_mft1_note` undefined: the manifest must be linked in.
  public var needsManifest: Bool { self == .virtio || self == .xen || self == .muen }

  /// The pkg-config package with the OCaml bindings' C part (`solo5_app_main`) in era B.
  public var mirageBindingsPackage: String { self == .xen ? "mirage-xen" : "mirage-solo5" }
}
