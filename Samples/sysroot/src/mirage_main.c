/* A synthetic mirage-solo5 / mirage-xen bindings member: solo5_app_main starts the OCaml program. */
struct solo5_start_info { const char *cmdline; unsigned long heap_start; unsigned long heap_size; };

extern void _nolibc_init(unsigned long heap_start, unsigned long heap_size);
extern void caml_startup(char **argv);

int solo5_app_main(const struct solo5_start_info *info) {
  static char *argv[] = { "mirage", 0 };
  _nolibc_init(info->heap_start, info->heap_size);
  caml_startup(argv);
  return 0;
}
