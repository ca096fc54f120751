/// What an undefined name says about the C library a runtime was compiled against (REFERENCE §4).
enum RuntimeSymbolRole: Sendable, Hashable {
  /// Only a hosted C library (glibc, or any Unix libc) has it: the reason says which part.
  case hosted(reason: String)
  /// Only a freestanding environment (nolibc, Solo5) has it in this form.
  case freestandingMarker(reason: String)
  /// nolibc or openlibm implement it, or the compiler's support library does.
  case freestandingProvided
  /// nolibc has it only as a stub that aborts, fails with ENOSYS or does nothing: it links, but does not work.
  case nolibcStub
  /// nolibc (ocaml-solo5 ≥ 1.0) does nothing and reports success, which is right on one core without threads: the
  /// pthread mutex and condition-variable set-up OCaml 5's runtime calls.
  case singleCoreNoOp
  /// The OCaml program or the linker defines it (`caml_program`, `caml_exn_*`, `_GLOBAL_OFFSET_TABLE_`).
  case programOrLinker
}

/// The names of nolibc, openlibm and glibc that tell a host runtime from a freestanding one. nolibc's lists are
/// the union over ocaml-freestanding 0.4–0.6 and ocaml-solo5 0.7–1.x (`nolibc/include/*.h`, `nolibc/stubs.c`).
enum RuntimeSymbolCatalog {
  /// The role of undefined name `name`; nil for names nobody here knows.
  static func role(of name: String) -> RuntimeSymbolRole? {
    if let reason = hostedReason(name) { return .hosted(reason: reason) }
    if let reason = freestandingMarkers[name] ?? (name.hasPrefix("solo5_") ? "a Solo5 call" : nil) {
      return .freestandingMarker(reason: reason)
    }
    if nolibcImplemented.contains(name) || isOpenlibm(name) || isCompilerSupport(name) {
      return .freestandingProvided
    }
    if singleCoreNoOps.contains(name) { return .singleCoreNoOp }
    if nolibcStubs.contains(name) || nolibcThreadStubs.contains(name) { return .nolibcStub }
    if name.hasPrefix("caml") || linkerDefined.contains(name) { return .programOrLinker }
    return nil
  }

  /// The stack protector reads its guard from TLS (`%fs:0x28`) when code references `__stack_chk_fail` but not
  /// `__stack_chk_guard`: glibc's layout, which crashes a freestanding target at run time.
  static let threadLocalStackGuard =
    "stack protector with the guard in TLS (%fs:0x28, glibc's layout); freestanding code is compiled with "
    + "-mstack-protector-guard=global and references __stack_chk_guard"

  // MARK: Hosted

  private static func hostedReason(_ name: String) -> String? {
    if let reason = hostedNames[name] { return reason }
    if name.hasPrefix("__") && name.hasSuffix("_chk") {
      return "glibc fortify check (_FORTIFY_SOURCE)"
    }
    if name.hasPrefix("__isoc99_") || name.hasPrefix("__isoc23_") {
      return "glibc's ISO C scanf alias"
    }
    if name.hasPrefix("__libc_") || name.hasPrefix("__xstat") || name.hasPrefix("__fxstat")
      || name.hasPrefix("__lxstat")
    {
      return "glibc internal"
    }
    if name.hasSuffix("64"), largeFileBases.contains(String(name.dropLast(2))) {
      return "glibc large-file name (_FILE_OFFSET_BITS=64)"
    }
    return nil
  }

  private static let hostedNames: [String: String] = {
    var names: [String: String] = [
      "__errno_location": "glibc's thread-local errno (nolibc has a plain errno)",
      "__sigsetjmp": "glibc's setjmp", "_setjmp": "glibc's setjmp",
      "__assert_fail": "glibc's assert (nolibc's is _assert_fail)",
      "__ctype_b_loc": "glibc's locale ctype tables",
      "__ctype_tolower_loc": "glibc's locale ctype tables",
      "__ctype_toupper_loc": "glibc's locale ctype tables",
      "__tls_get_addr": "dynamic TLS (shared-library model)",
      "environ": "the process environment", "__environ": "the process environment",
      "atexit": "exit handlers of a hosted C library",
      "__cxa_atexit": "exit handlers of a hosted C library",
      "backtrace": "glibc's execinfo", "backtrace_symbols": "glibc's execinfo",
    ]
    for name in [
      "dlopen", "dlsym", "dlclose", "dlerror", "dladdr", "dlinfo", "dlvsym", "dl_iterate_phdr",
    ] {
      names[name] = "dynamic loading (libdl)"
    }
    for name in [
      "newlocale", "uselocale", "freelocale", "duplocale", "setlocale", "localeconv", "strtod_l",
      "strtof_l",
      "strtold_l", "strtol_l", "strtoul_l", "strtoll_l", "strtoull_l", "strcoll_l", "strxfrm_l",
      "strftime_l",
    ] {
      names[name] = "POSIX locales"
    }
    for name in [
      "sigaltstack", "sigismember", "sigsuspend", "sigpending", "sigqueue", "sigtimedwait",
      "sigwaitinfo", "kill",
      "killpg", "alarm", "setitimer", "getitimer",
    ] {
      names[name] = "signals of a hosted kernel (nolibc has none)"
    }
    for name in [
      "fork", "vfork", "wait", "waitpid", "wait4", "execve", "execl", "execlp", "execvpe", "pipe",
      "pipe2", "dup",
      "dup2", "setsid", "setpgid", "getrusage", "getrlimit", "setrlimit", "getuid", "geteuid",
      "getgid", "getegid",
    ] {
      names[name] = "processes of a hosted kernel"
    }
    for name in [
      "ioctl", "shmat", "shmdt", "shmget", "shmctl", "mprotect", "madvise", "socket", "connect",
      "bind", "listen",
      "accept", "select", "poll", "nanosleep", "chmod", "chown", "link", "symlink", "utime",
      "utimes",
    ] {
      names[name] = "system call of a hosted kernel"
    }
    return names
  }()

  /// Whether `name` is the `*64` large-file form of a call (glibc's `_FILE_OFFSET_BITS=64` names).
  static func isLargeFileName(_ name: String) -> Bool {
    name.utf8.count <= longestLargeFileBase + 2 && name.hasSuffix("64")
      && largeFileBases.contains(String(name.dropLast(2)))
  }

  /// Longer names are none of `largeFileBases` with `64`: they are not hashed.
  private static let longestLargeFileBase = largeFileBases.map(\.utf8.count).max()!

  /// Calls whose `*64` form exists only for glibc's large-file support.
  private static let largeFileBases: Set<String> = [
    "open", "openat", "creat", "lseek", "mmap", "stat", "fstat", "lstat", "fstatat", "readdir",
    "ftruncate",
    "truncate", "fopen", "freopen", "pread", "pwrite", "preadv", "pwritev", "getrlimit",
    "setrlimit", "prlimit",
    "fseeko", "ftello", "fgetpos", "fsetpos", "statfs", "fstatfs", "statvfs", "fstatvfs",
    "sendfile", "tmpfile",
    "scandir", "alphasort", "glob", "globfree", "posix_fallocate", "posix_fadvise", "lockf",
    "getdents", "nftw",
    "ftw", "mkstemp", "mkostemp",
  ]

  // MARK: Freestanding

  private static let freestandingMarkers: [String: String] = [
    "errno":
      "errno as a plain global (nolibc; glibc's is thread-local, reached through __errno_location)",
    "_assert_fail": "nolibc's assert",
    "__stack_chk_guard": "global stack-protector guard (-mstack-protector-guard=global)",
    "_nolibc_init": "nolibc's start-up",
  ]

  /// What nolibc implements for real.
  private static let nolibcImplemented: Set<String> = [
    "isalnum", "isalpha", "iscntrl", "isdigit", "isgraph", "islower", "isprint", "ispunct",
    "isspace", "isupper",
    "isxdigit", "tolower", "toupper", "memchr", "memcmp", "memcpy", "memmove", "memset", "strcmp",
    "strncmp",
    "strlen", "strnlen", "strchr", "strchrnul", "strncpy", "stpncpy", "strstr", "strtol", "strtoul",
    "strtod",
    "strerror_r", "printf", "fprintf", "vfprintf", "snprintf", "vsnprintf", "puts", "putchar",
    "stdout", "stderr",
    "stdin", "malloc", "free", "calloc", "realloc", "posix_memalign", "mallinfo", "abort", "exit",
    "write",
    "gettimeofday", "times", "sbrk", "sysconf", "mmap", "munmap", "__getauxval",
  ]

  /// What nolibc has only as a stub (`STUB_ABORT`, `STUB_WARN_ONCE`, `STUB_IGNORE`).
  private static let nolibcStubs: Set<String> = [
    "fflush", "rename", "sscanf", "fread", "getc", "ungetc", "fwrite", "fputc", "fputs", "putc",
    "ferror", "fopen",
    "fclose", "getenv", "secure_getenv", "system", "qsort", "mktemp", "chdir", "close", "getcwd",
    "getpid",
    "getppid", "isatty", "lseek", "read", "readlink", "unlink", "rmdir", "ftruncate", "execv",
    "execvp",
    "closedir", "opendir", "readdir", "fcntl", "open", "setjmp", "sigsetjmp", "longjmp", "signal",
    "raise",
    "sigaction", "sigaddset", "sigdelset", "sigemptyset", "sigfillset", "sigprocmask", "sigwait",
    "strerror",
    "strcpy", "stat", "fstat", "mkdir", "usleep",
  ]

  /// What nolibc's stub `name` does when called: `aborts` (ocaml-solo5 1.0–1.3's `STUB_ABORT`, which prints
  /// "STUB: abort: NAME() called" first), `returns EAGAIN` (`pthread_create`), `does nothing` (the stubs that
  /// report success), else `fails with ENOSYS` (`STUB_WARN_ONCE`, `STUB_IGNORE`: errno ENOSYS, a failure value).
  static func nolibcStubBehaviour(of name: String) -> String {
    if abortingStubs.contains(name) { return "aborts" }
    if name == "pthread_create" { return "returns EAGAIN" }
    return ["fflush", "sigfillset", "pthread_join", "pthread_cancel", "setjmp"].contains(name)
      ? "does nothing" : "fails with ENOSYS"
  }

  /// The `STUB_ABORT`s of ocaml-solo5 1.0–1.3 (`nolibc/stubs.c`).
  private static let abortingStubs: Set<String> = [
    "rename", "sscanf", "qsort", "system", "close", "getcwd", "read", "unlink", "rmdir",
    "ftruncate",
    "execv", "execvp", "fcntl", "signal", "raise", "strerror", "strcpy", "fstat", "mkdir",
    "longjmp",
    "sigwait", "usleep", "pthread_cleanup_push", "pthread_cleanup_pop", "pthread_cond_wait",
    "pthread_cond_signal", "pthread_self", "pthread_detach", "pthread_exit",
  ]

  /// The `pthread_*` stubs of ocaml-solo5 1.0–1.3 that do not work (older nolibcs have none): `pthread_create`
  /// returns EAGAIN, so `Domain.spawn` fails; `pthread_join`/`pthread_cancel` do nothing; the others abort. A
  /// `pthread_*` name in neither list (`pthread_getaffinity_np`) is not in nolibc at all.
  private static let nolibcThreadStubs: Set<String> = [
    "pthread_create", "pthread_join", "pthread_cancel", "pthread_exit", "pthread_self",
    "pthread_detach",
    "pthread_cleanup_push", "pthread_cleanup_pop", "pthread_cond_wait", "pthread_cond_signal",
  ]

  /// The `STUB_IGNORE`s of ocaml-solo5 1.0–1.3 (`nolibc/stubs.c`) that return success and need do nothing on one
  /// core: locking, signal masks and condition variables nobody can wait on (`pthread_cond_wait` aborts).
  private static let singleCoreNoOps: Set<String> = [
    "pthread_mutex_lock", "pthread_mutex_trylock", "pthread_mutex_unlock", "pthread_mutex_destroy",
    "pthread_mutex_init", "pthread_mutexattr_init", "pthread_mutexattr_destroy",
    "pthread_mutexattr_settype",
    "pthread_sigmask", "pthread_equal", "pthread_attr_init", "pthread_condattr_init",
    "pthread_cond_init",
    "pthread_cond_destroy", "pthread_cond_broadcast",
  ]

  /// openlibm's functions, each also with the `f` and `l` suffixes, and its classification helpers.
  private static let openlibmBases: Set<String> = [
    "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "cbrt", "ceil", "copysign", "cos",
    "cosh", "erf",
    "erfc", "exp", "exp2", "expm1", "fabs", "fdim", "floor", "fma", "fmax", "fmin", "fmod", "frexp",
    "hypot",
    "ilogb", "ldexp", "lgamma", "llrint", "llround", "log", "log10", "log1p", "log2", "logb",
    "lrint", "lround",
    "modf", "nan", "nearbyint", "nextafter", "nexttoward", "pow", "remainder", "remquo", "rint",
    "round",
    "scalbln", "scalbn", "sin", "sincos", "sinh", "sqrt", "tan", "tanh", "tgamma", "trunc", "j0",
    "j1", "jn",
    "y0", "y1", "yn",
  ]

  static func isOpenlibm(_ name: String) -> Bool {
    if name.utf8.count <= longestOpenlibmBase + 1 {
      if openlibmBases.contains(name) { return true }
      if let last = name.last, last == "f" || last == "l",
        openlibmBases.contains(String(name.dropLast()))
      {
        return true
      }
    }
    return name.hasPrefix("__")
      && ["__fpclassify", "__isfinite", "__isinf", "__isnan", "__isnormal", "__signbit"].contains {
        name.hasPrefix($0)
      }
  }

  /// Longer names are none of `openlibmBases`, with or without a suffix: they are not hashed.
  private static let longestOpenlibmBase = openlibmBases.map(\.utf8.count).max()!

  /// libgcc helpers (`__udivti3`, `__popcountdi2`, `__mulsc3`), atomics, and the guard's failure handler.
  private static func isCompilerSupport(_ name: String) -> Bool {
    if ["__stack_chk_fail", "__cpu_model", "__cpu_indicator_init"].contains(name) { return true }
    if name.hasPrefix("__atomic_") || name.hasPrefix("__sync_") { return true }
    guard name.hasPrefix("__"), let last = name.last, last.isNumber else { return false }
    return name.dropFirst(2).dropLast().allSatisfy { $0.isLowercase && $0.isASCII }
  }

  private static let linkerDefined: Set<String> = [
    "_GLOBAL_OFFSET_TABLE_", "__ehdr_start", "__executable_start",
  ]
}
