import CLibelf

/// An archive member ElfKit reads in place, without a libelf descriptor: ELF64 in the host's byte order with a
/// section header table (`e_shnum` and `e_shoff` not 0, `e_shstrndx` not `SHN_XINDEX`) and no program header
/// table (`e_phoff` 0): a relocatable object as archives hold them.
///
/// For such an image libelf (elfutils 0.188, `ELF_C_READ_MMAP`) hands out the file's own bytes: the header, a
/// copy of the section headers, and the contents of string and symbol tables; its `elf_begin` cannot fail on it
/// (only a zero `e_shnum` makes `get_shnum` read section 0), and `elf_getphdrnum` reports no program headers when
/// `e_phoff` is 0. So reading those here gives the same values and, with ElfKit's own bounds checks made first as
/// on the libelf path, the same errors; every other read opens libelf on the member (`ElfHandle.descriptor()`).
/// A listing of `libc.a` then never calls `elf_begin` or `elf_end` for its 2,070 members.
struct InPlaceImage {
  /// The member's bytes, as `elf_rawfile` would give them.
  let bytes: UnsafeRawBufferPointer
  /// `e_shoff`.
  private let sectionHeaderOffset: Int

  /// Nil unless `bytes` is such an image (then libelf reads it).
  init?(_ bytes: UnsafeRawBufferPointer) {
    #if _endian(little)
      guard bytes.count >= MemoryLayout<GElf_Ehdr>.size,
        bytes.loadUnaligned(as: UInt32.self) == 0x464c_457f,  // "\x7fELF"
        bytes[Int(EI_CLASS)] == ELFCLASS64, bytes[Int(EI_DATA)] == ELFDATA2LSB,
        bytes[Int(EI_VERSION)] == EV_CURRENT
      else { return nil }
      let header = Self.fileHeader(of: bytes)
      guard header.e_shnum != 0, header.e_shoff != 0, header.e_shoff <= Int.max,
        header.e_shstrndx != UInt16(SHN_XINDEX), header.e_phoff == 0
      else { return nil }
      (self.bytes, sectionHeaderOffset) = (bytes, Int(header.e_shoff))
    #else
      return nil
    #endif
  }

  /// The ELF header, as `gelf_getehdr` copies it.
  var fileHeader: GElf_Ehdr { Self.fileHeader(of: bytes) }

  private static func fileHeader(of bytes: UnsafeRawBufferPointer) -> GElf_Ehdr {
    bytes.loadUnaligned(as: GElf_Ehdr.self)
  }

  /// Section header `index`, as `gelf_getshdr` copies it. The caller has checked that the table lies inside
  /// the image (`ElfFile.checkTableBounds`) and that `index` is below `e_shnum`.
  func sectionHeader(at index: Int) -> GElf_Shdr {
    bytes.loadUnaligned(
      fromByteOffset: sectionHeaderOffset + index * MemoryLayout<GElf_Shdr>.size, as: GElf_Shdr.self
    )
  }

  /// Whether libelf's `elf_getdata` (and `elf_rawdata`) of a section with this header hands out its bytes
  /// unchanged: a string table, symbol table or `SHT_SYMTAB_SHNDX` words, not compressed, its size a whole
  /// number of entries (else libelf refuses it with "invalid data"). Its offset and size are already checked
  /// against the image.
  static func handsOutUnchanged(type: UInt32, flags: UInt64, size: UInt64) -> Bool {
    guard flags & UInt64(SHF_COMPRESSED) == 0 else { return false }
    let entrySize: UInt64
    switch Int32(bitPattern: type) {
    case SHT_STRTAB: entrySize = 1
    case SHT_SYMTAB, SHT_DYNSYM: entrySize = UInt64(MemoryLayout<Elf64_Sym>.size)
    case SHT_SYMTAB_SHNDX: entrySize = 4
    default: return false
    }
    return size % entrySize == 0
  }
}
