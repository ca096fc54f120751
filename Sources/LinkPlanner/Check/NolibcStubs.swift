/// Functions nolibc only stubs (REFERENCE §4): they link, then abort, fail with `ENOSYS`, or do nothing at run
/// time. A reference that resolves to one of them is not a working reference.
public enum NolibcStubs {
  public static let names: Set<String> = [
    "read", "close", "open", "openat", "lseek", "stat", "fstat", "lstat", "getenv", "secure_getenv", "getpid",
    "getppid", "setjmp", "longjmp", "_setjmp", "_longjmp", "sigsetjmp", "siglongjmp", "signal", "sigaction",
    "sigprocmask", "sigemptyset", "sigaddset", "raise", "kill", "system", "unlink", "rename", "rmdir", "mkdir",
    "getcwd", "chdir", "readlink", "isatty", "dup", "dup2", "pipe", "fork", "execv", "execve", "waitpid", "fcntl",
    "mmap", "munmap", "mprotect", "fopen", "fclose", "fread", "fwrite", "fflush", "fseek", "ftell", "getrusage",
    "sched_yield", "dlopen", "dlsym", "dlclose", "dlerror",
  ]

  /// Whether `name` is a stub when `definer` (an input's display name) is nolibc.
  public static func isStub(_ name: String, definedBy definer: String) -> Bool {
    (definer.contains("libnolibc.a") || definer.contains("nolibc")) && (names.contains(name) || name.hasPrefix("pthread_"))
  }
}
