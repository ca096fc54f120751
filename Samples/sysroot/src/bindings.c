/* A synthetic Solo5 bindings object, shaped like solo5_<target>.o (REFERENCE §4): it defines _start, the
 * solo5_* calls and the global stack guard; it leaves solo5_app_main, the linker-script symbols and (for
 * virtio, xen, muen) __solo5_mft1_note to the rest of the link. Its console and exit make raw Linux system
 * calls on x86_64, so a program linked against it runs directly on Linux (like spt). Built with
 * -DABI_TARGET=N -DABI_VERSION=V [-DNEEDS_MANIFEST]. */

struct solo5_start_info {
  const char *cmdline;
  unsigned long heap_start;
  unsigned long heap_size;
};

extern int solo5_app_main(const struct solo5_start_info *info);
extern char _stext[], _etext[], _erodata[], _edata[], _ebss[], _end[];
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
  /* Keep the script symbols referenced, as the real bindings do. */
  static char *volatile bounds[] = { _stext, _etext, _erodata, _edata, _ebss, _end };
  (void)bounds;
  solo5_exit(solo5_app_main(&info));
}

#define STR2(x) #x
#define STR(x) STR2(x)
__asm__(".pushsection .note.solo5.abi,\"a\",%note\n"
        ".balign 4\n.long 6\n.long 16\n.long 0x31494241\n.asciz \"Solo5\"\n.balign 4\n"
        ".long " STR(ABI_TARGET) "\n.long " STR(ABI_VERSION) "\n.long 0\n.long 0\n.popsection\n");
