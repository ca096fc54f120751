import ElfKit

/// Finds, function by function, code compiled with glibc's TLS stack protector: a function that calls
/// `__stack_chk_fail` and reads the guard from thread-local storage — `%fs:0x28` on x86_64, `%gs:0x14` on
/// i386, `sp_el0`-relative on aarch64 — instead of the global `__stack_chk_guard` a freestanding target has.
/// Per function, because one object may mix both (a freestanding OCaml runtime next to Debian's host-compiled
/// `libcamlstr.a` in one complete object).
struct StackGuardScanner {
  /// A function that reads the TLS guard.
  struct Finding: Sendable, Hashable {
    var function: String
    var object: String
  }

  /// The functions of `file` (shown as `displayName`) that read the TLS guard; nil when the machine's guard
  /// sequence is not known (the caller then falls back to the object's symbols). `graph` gives the file's call
  /// graph, whose code sites are sorted by symbol already; it is asked for only when the file calls
  /// `__stack_chk_fail`.
  static func findings(
    in file: ElfFile, displayName: String, graph: () throws(ElfError) -> CallGraph
  ) throws(ElfError) -> [Finding]? {
    guard let pattern = TLSGuardPattern(machine: file.header.machine) else { return nil }
    guard let table = try file.symbolTable() else { return [] }
    // (Fields read in place: a copy of each symbol retains its name.)
    let failures = table.symbols.indices.filter { index in
      table.symbols[index].isUndefined && table.symbols[index].name.equals("__stack_chk_fail")
    }
    guard !failures.isEmpty else { return [] }
    guard let locator = try file.functionLocator() else { return [] }
    var checked = Set<Int>()
    var findings: [Finding] = []
    var code: (section: Int, bytes: [UInt8])?
    for site in try graph().codeSites(ofSymbols: failures) where site.section > 0 {
      if code?.section != site.section {
        code = (site.section, try file.contents(ofSection: site.section))
      }
      guard let function = locator.function(containing: site.offset, inSection: site.section),
        checked.insert(function.index).inserted, let bytes = code?.bytes
      else { continue }
      let start = Int(clamping: function.value)
      let end =
        function.size > 0
        ? Int(clamping: function.value &+ function.size) : Int(clamping: site.offset)
      guard start < end, end <= bytes.count else { continue }
      if pattern.matches(bytes[start..<end]) {
        findings.append(Finding(function: function.name.string, object: displayName))
      }
    }
    return findings
  }
}

/// The instruction that reads the TLS stack guard, per machine.
private enum TLSGuardPattern {
  case x86_64, i386, aarch64

  init?(machine: Machine) {
    switch machine {
    case .x86_64: self = .x86_64
    case .i386: self = .i386
    case .aarch64: self = .aarch64
    default: return nil
    }
  }

  func matches(_ code: ArraySlice<UInt8>) -> Bool {
    let b = Array(code)
    switch self {
    case .x86_64:
      // `%fs:` prefix, REX.W, mov/sub/xor/cmp r64 <-> m64, ModRM mod=00 rm=100 (SIB), SIB base=none index=none,
      // disp32 0x28: `mov %fs:0x28,%rax` = 64 48 8b 04 25 28 00 00 00.
      return Self.find(in: b, length: 9) { i in
        b[i] == 0x64 && b[i + 1] & 0xf8 == 0x48
          && [0x8b, 0x2b, 0x33, 0x3b, 0x39].contains(b[i + 2])
          && b[i + 3] & 0xc7 == 0x04 && b[i + 4] == 0x25 && Self.isLittleEndian(b, at: i + 5, 0x28)
      }
    case .i386:
      // `mov %gs:0x14,%eax` = 65 a1 14 00 00 00, or `%gs:` with mov/sub/xor and ModRM mod=00 rm=101 (disp32).
      return Self.find(in: b, length: 6) { i in
        b[i] == 0x65 && b[i + 1] == 0xa1 && Self.isLittleEndian(b, at: i + 2, 0x14)
      }
        || Self.find(in: b, length: 7) { i in
          b[i] == 0x65 && [0x8b, 0x2b, 0x33].contains(b[i + 1]) && b[i + 2] & 0xc7 == 0x05
            && Self.isLittleEndian(b, at: i + 3, 0x14)
        }
    case .aarch64:
      // `mrs xN, sp_el0` = 0xd5384100 | N, little-endian, on an instruction boundary.
      return stride(from: 0, to: b.count - 3, by: 4).contains { i in
        let word =
          UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
        return word & 0xffff_ffe0 == 0xd538_4100
      }
    }
  }

  /// Whether the four bytes at `offset` are `value`, little-endian.
  private static func isLittleEndian(_ bytes: [UInt8], at offset: Int, _ value: UInt32) -> Bool {
    bytes[offset] == UInt8(value & 0xff) && bytes[offset + 1] == UInt8(value >> 8 & 0xff)
      && bytes[offset + 2] == UInt8(value >> 16 & 0xff) && bytes[offset + 3] == UInt8(value >> 24)
  }

  /// Whether `matches` holds at some start with `length` bytes left.
  private static func find(in bytes: [UInt8], length: Int, _ matches: (Int) -> Bool) -> Bool {
    guard bytes.count >= length else { return false }
    return (0...(bytes.count - length)).contains(where: matches)
  }
}
