/* Synthetic nolibc: a bump allocator over the heap Solo5 hands over, exit and abort. */
typedef unsigned long size_t;
extern void solo5_exit(int);
static unsigned long heap_next, heap_end;
void _nolibc_init(unsigned long start, unsigned long size) { heap_next = start; heap_end = start + size; }
void *malloc(size_t n) { unsigned long p = (heap_next + 15) & ~15UL; if (p + n > heap_end) return 0; heap_next = p + n; return (void *)p; }
void free(void *p) { (void)p; }
void *calloc(size_t a, size_t b) { char *p = malloc(a * b); for (size_t i = 0; p && i < a * b; i++) p[i] = 0; return p; }
void exit(int status) { solo5_exit(status); for (;;); }
void abort(void) { solo5_exit(255); for (;;); }
