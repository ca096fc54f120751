import ElfKit

/// Whether the Solo5 bindings on a line give the program thread-local storage, and whether the program sets it up.
///
/// Solo5 has `solo5_set_tls_base` from 0.6.0, but TLS itself only from 0.8.0 (CHANGES.md v0.8.0, #542, #546): from
/// then the linker scripts put `.tdata`/`.tbss` in a `PT_TLS` segment and the bindings define `solo5_tls_size`,
/// `solo5_tls_tp_offset` and `solo5_tls_init`; hvt's and spt's ABI version went from 1 to 2, muen's from 2 to 3.
/// Every release starts the program with the TLS base at 0 (`crt_init_tls`), so until something calls
/// `solo5_set_tls_base` the first access faults (ocaml-solo5's nolibc sets a block up in `_nolibc_init`).
enum Solo5TLSSupport: Equatable {
  /// Bindings of 0.8.0 or later; `setUp`: an input calls `solo5_set_tls_base`.
  case bindingsWithTLS(setUp: Bool)
  /// Bindings older than 0.8.0: `bindings` is their name, `evidence` what tells their release (a clause or empty).
  case bindingsWithoutTLS(bindings: String, evidence: String)
  /// No input carries the Solo5 ABI1 note: the bindings' release cannot be told.
  case bindingsAbsent

  /// The bindings object is the input carrying the ABI1 note; TLS is told by its definition of `solo5_tls_init`.
  init(resolution: Resolution) throws(ElfError) {
    guard let (object, note) = try resolution.solo5Bindings() else {
      self = .bindingsAbsent
      return
    }
    let symbols = try object.file.symbolTable()?.symbols ?? []
    guard
      symbols.contains(where: {
        !$0.isUndefined && $0.binding != .local && $0.name.equals("solo5_tls_init")
      })
    else {
      self = .bindingsWithoutTLS(bindings: object.displayName, evidence: Self.evidence(note))
      return
    }
    self = .bindingsWithTLS(setUp: try Self.callsSetTLSBase(resolution))
  }

  /// The ABI versions only releases before 0.8.0 carry: "; their ABI1 note says spt ABI version 1, Solo5's before 0.8.0".
  private static func evidence(_ note: Solo5ABINote) -> String {
    let lastWithoutTLS: [String: UInt32] = ["hvt": 1, "spt": 1, "muen": 2]
    guard let last = lastWithoutTLS[note.targetName], note.version <= last else { return "" }
    return
      "; their ABI1 note says \(note.targetName) ABI version \(note.version), Solo5's before 0.8.0"
  }

  private static func callsSetTLSBase(_ resolution: Resolution) throws(ElfError) -> Bool {
    for object in resolution.objects {
      guard let table = try object.file.symbolTable() else { continue }
      if table.symbols.contains(where: { $0.isUndefined && $0.name.equals("solo5_set_tls_base") }) {
        return true
      }
    }
    return false
  }
}
