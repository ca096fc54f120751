import ElfKit

/// GNU ld's TLS relaxation as far as it changes which references ld resolves. In an executable (static,
/// dynamic or PIE alike; not `-shared`, not `-r`) ld.bfd 2.40 rewrites a general- or local-dynamic sequence
/// (`R_X86_64_TLSGD`/`TLSLD`, i386 `R_386_TLS_GD`/`TLS_LDM`) to initial- or local-exec and skips the relocation of
/// the call to `__tls_get_addr` (i386: `___tls_get_addr`) that must follow it: that call never asks for the symbol,
/// so ld reports no undefined reference for it. The symbol is still entered as undefined, so an archive member
/// defining it is extracted all the same. aarch64's TLS descriptors (`R_AARCH64_TLSDESC_*`, the default dialect)
/// refer only to the variable, never to a resolver symbol: there is nothing to relax away.
struct TLSRelaxation {
  /// The sequence-opening relocation types and the call relocation types ld accepts after them, by machine
  /// (elf64-x86-64.c and elf32-i386.c, `*_check_tls_transition`).
  private struct Sequence {
    var getAddress: String
    // Arrays of two to five: a scan costs less than hashing, and every relocation of the object is asked.
    var opening: [UInt32]
    var call: [UInt32]
  }

  private static let sequences: [Machine: Sequence] = [
    // R_X86_64_TLSGD 19, TLSLD 20; PC32 2, PLT32 4, PLTOFF64 31 (large model), GOTPCRELX 41, REX_GOTPCRELX 42.
    .x86_64: Sequence(getAddress: "__tls_get_addr", opening: [19, 20], call: [2, 4, 31, 41, 42]),
    // R_386_TLS_GD 18, TLS_LDM 19; PC32 2, PLT32 4, GOT32 3, GOT32X 43.
    .i386: Sequence(getAddress: "___tls_get_addr", opening: [18, 19], call: [2, 3, 4, 43]),
  ]

  private let sequence: Sequence

  /// The relaxation of `machine`'s sequences; nil where ld relaxes none.
  init?(machine: Machine) {
    guard let sequence = Self.sequences[machine] else { return nil }
    self.sequence = sequence
  }

  /// Whether relocation `index` of `relocations` (one section's, in file order) is the call of a TLS sequence
  /// that ld relaxes away; `name` gives a symbol index's name.
  func isRelaxedCall(_ index: Int, in relocations: RelocationEntries, name: (Int) -> String?)
    -> Bool
  {
    index > 0 && sequence.opening.contains(relocations.type(at: index - 1))
      && sequence.call.contains(relocations.type(at: index))
      && name(relocations.symbolIndex(at: index)) == sequence.getAddress
  }
}
