/* Synthetic nolibc: console output through Solo5. */
typedef unsigned long size_t;
extern size_t strlen(const char *);
extern void solo5_console_write(const char *, size_t);
int puts(const char *s) { solo5_console_write(s, strlen(s)); solo5_console_write("\n", 1); return 0; }
int printf(const char *format, ...) { solo5_console_write(format, strlen(format)); return (int)strlen(format); }
long write(int fd, const void *buf, size_t n) { (void)fd; solo5_console_write(buf, n); return (long)n; }
