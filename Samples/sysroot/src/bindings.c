/* A synthetic Solo5 bindings object, shaped like solo5_<target>.o (REFERENCE §4): it defines _start, the
 * solo5_* calls and the global stack guard; it leaves solo5_app_main, the linker-script symbols and (for
 * virtio, xen, muen) __solo5_mft1_note to the rest of the link. Its console and exit make raw Linux system
 * calls on x86_64, so a program linked against it runs directly on Linux (like spt). Built with
 * -DABI_TARGET=N -DABI_VERSION=V (no ABI1 note when N is 0, as for stub) [-DNEEDS_MANIFEST] [-DELF_INTERP]
 * [-DXEN_NOTE] [-DNO_LINKER_SCRIPT] (genode: linked as a shared object, without Solo5's script). */

struct solo5_start_info {
  const char *cmdline;
  unsigned long heap_start;
  unsigned long heap_size;
};

extern int solo5_app_main(const struct solo5_start_info *info);
#ifndef NO_LINKER_SCRIPT
extern char _stext[], _etext[], _erodata[], _edata[], _ebss[], _end[];
#endif
#ifdef NEEDS_MANIFEST
extern const char __solo5_mft1_note[];
const void *solo5__manifest = __solo5_mft1_note;
#endif

unsigned long __stack_chk_guard = 0x00000aff0a0d0000UL;

static long raw_syscall3(long number, long a, long b, long c) {
#if defined(__x86_64__)
  long result;
  __asm__ volatile("syscall" : "=a"(result) : "a"(number), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
  return result;
#else
  (void)number; (void)a; (void)b; (void)c;
  return -1;
#endif
}

void solo5_console_write(const char *buf, unsigned long size) { raw_syscall3(1, 1, (long)buf, (long)size); }

void solo5_exit(int status) {
  for (;;) raw_syscall3(60, status, 0, 0);
}

void solo5_abort(void) { solo5_exit(255); }

void __stack_chk_fail(void) { solo5_abort(); }

static char heap[1 << 20];

void _start(void) {
  struct solo5_start_info info = { "", (unsigned long)heap, sizeof heap };
#ifndef NO_LINKER_SCRIPT
  /* Keep the script symbols referenced, as the real bindings do. */
  static char *volatile bounds[] = { _stext, _etext, _erodata, _edata, _ebss, _end };
  (void)bounds;
#endif
  solo5_exit(solo5_app_main(&info));
}

/* The notes and sections of Solo5's elf_abi.h (REFERENCE §5), written as assembly so that no symbol names them. */
#define STR2(x) #x
#define STR(x) STR2(x)
#if ABI_TARGET != 0
__asm__(".pushsection .note.solo5.abi,\"a\",%note\n"
        ".balign 4\n.long 6\n.long 16\n.long 0x31494241\n.asciz \"Solo5\"\n.balign 4\n"
        ".long " STR(ABI_TARGET) "\n.long " STR(ABI_VERSION) "\n.long 0\n.long 0\n.popsection\n");
#endif
/* An OpenBSD identification note, which keeps OpenBSD's kernel from running the file with /bin/sh. */
__asm__(".pushsection .note.solo5.not_openbsd,\"a\",%note\n"
        ".balign 4\n.long 8\n.long 4\n.long 1\n.asciz \"OpenBSD\"\n.long 0\n.popsection\n");
#ifdef ELF_INTERP
/* A PT_INTERP that cannot exist, so that a host kernel refuses to load the file (24 bytes, as Solo5's). */
__asm__(".pushsection .interp,\"a\",%progbits\n.balign 8\n.asciz \"/nonexistent/solo5/\"\n.zero 4\n.popsection\n");
#endif
#ifdef XEN_NOTE
/* XEN_ELFNOTE_PHYS32_ENTRY (18): where a PVH guest starts. */
__asm__(".pushsection .note.solo5.xen,\"a\",%note\n"
        ".balign 4\n.long 4\n.long 4\n.long 18\n.asciz \"Xen\"\n.long _start\n.popsection\n");
#endif
