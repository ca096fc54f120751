/* Synthetic nolibc: POSIX calls nolibc only stubs (they fail with ENOSYS at run time). */
int errno;
static int enosys(void) { errno = 38; return -1; }
int read(int fd, void *buf, unsigned long n) { (void)fd; (void)buf; (void)n; return enosys(); }
int close(int fd) { (void)fd; return enosys(); }
int open(const char *path, int flags, ...) { (void)path; (void)flags; return enosys(); }
char *getenv(const char *name) { (void)name; return 0; }
int getpid(void) { return 1; }
