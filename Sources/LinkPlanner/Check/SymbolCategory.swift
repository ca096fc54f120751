#if canImport(Glibc)
  import Glibc
#endif

/// What kind of code an unresolved name belongs to, so the report can say where it came from.
public enum SymbolCategory: String, Sendable, Hashable, CaseIterable {
  /// C stubs of OCaml's `unix` library (4.x `unix_*`, `uerror`; from 5.0 `caml_unix_*`, `caml_uerror`).
  case ocamlUnix = "ocaml-unix"
  /// C stubs of OCaml's `threads` library (`caml_thread_*`, `caml_wait_signal`; 4.x also `caml_mutex_*`,
  /// `caml_condition_*`, which 5.x moved into the runtime as `caml_ml_mutex_*`/`caml_ml_condition_*`).
  case ocamlThreads = "ocaml-threads"
  /// C stubs of OCaml's `str` library (`re_*`).
  case ocamlStr = "ocaml-str"
  /// The OCaml runtime itself (`caml_*`): the object was built without it (`-output-obj`).
  case ocamlRuntime = "ocaml-runtime"
  /// glibc's fortify wrappers (`__memcpy_chk`…): C compiled with `-D_FORTIFY_SOURCE`.
  case glibcFortify = "glibc-fortify"
  /// glibc internals (`__errno_location`, `__sigsetjmp`, `__libc_*`…).
  case glibcInternal = "glibc-internal"
  /// Large-file names (`open64`, `mmap64`, `stat64`…): C compiled with `_FILE_OFFSET_BITS=64` against glibc.
  case largeFile = "large-file"
  /// The C math library.
  case libm
  /// POSIX threads.
  case pthread
  /// Dynamic loading (`dlopen`, `dlsym`…).
  case dynamicLoading = "dl"
  /// The stack protector (`__stack_chk_fail`, `__stack_chk_guard`).
  case stackProtector = "stack-protector"
  /// The Solo5 application entry the OCaml bindings define.
  case solo5AppMain = "solo5-app-main"
  /// A Solo5 binding (`solo5_*`).
  case solo5
  /// A symbol a Solo5 linker script defines (`_etext`, `_end`, `TEXT_START`…).
  case linkerScript = "linker-script"
  case other

  /// The category of `name`. Exact names come from one table, looked up only for names no longer than its
  /// longest (long mangled Swift and C++ names are told by their first bytes alone); prefixes and suffixes are
  /// compared as bytes, and as characters only where a non-ASCII byte borders them (a combining mark joins the
  /// character before it).
  public static func of(_ name: String) -> SymbolCategory {
    var bytes = name
    return bytes.withUTF8 { of(name, bytes: $0) }
  }

  private static func of(_ name: String, bytes: UnsafeBufferPointer<UInt8>) -> SymbolCategory {
    if bytes.count <= longestExactName, let exact = exactNames[name] { return exact }
    func starts(_ prefix: StaticString) -> Bool {
      let count = prefix.utf8CodeUnitCount
      guard bytes.count >= count, memcmp(bytes.baseAddress!, prefix.utf8Start, count) == 0 else {
        return false
      }
      return bytes.count == count || bytes[count] < 0x80 || name.hasPrefix(prefix.description)
    }
    if starts("solo5_") || starts("__solo5_") { return .solo5 }
    if starts("unix_") || starts("caml_unix_") { return .ocamlUnix }
    if starts("caml_thread_") || starts("caml_mutex_") || starts("caml_condition_") {
      return .ocamlThreads
    }
    if starts("caml_") { return .ocamlRuntime }
    if starts("caml"), bytes.count > 4 {
      let isUppercase =
        bytes[4] < 0x80
        ? bytes[4] >= UInt8(ascii: "A") && bytes[4] <= UInt8(ascii: "Z")
        : name.dropFirst(4).first?.isUppercase == true
      if isUppercase { return .ocamlRuntime }
    }
    if starts("pthread_") || starts("__pthread_") { return .pthread }
    if starts("__"), bytes.count >= 4, memcmp(bytes.baseAddress! + bytes.count - 4, "_chk", 4) == 0,
      bytes.count == 4 || bytes[bytes.count - 5] < 0x80 || name.hasSuffix("_chk")
    {
      return .glibcFortify
    }
    if RuntimeSymbolCatalog.isLargeFileName(name) { return .largeFile }
    if RuntimeSymbolCatalog.isOpenlibm(name) { return .libm }
    if starts("__") { return .glibcInternal }
    return .other
  }

  /// The names whose category is theirs alone (no prefix tells it), each with its category.
  private static let exactNames: [String: SymbolCategory] = {
    var names: [String: SymbolCategory] = ["solo5_app_main": .solo5AppMain]
    for name in ["__stack_chk_fail", "__stack_chk_guard"] { names[name] = .stackProtector }
    for name in linkerScriptNames { names[name] = .linkerScript }
    for name in ["uerror", "unix_error", "caml_uerror"] { names[name] = .ocamlUnix }
    names["caml_wait_signal"] = .ocamlThreads
    for name in strStubs { names[name] = .ocamlStr }
    for name in dynamicLoadingNames { names[name] = .dynamicLoading }
    return names
  }()

  private static let longestExactName = exactNames.keys.map(\.utf8.count).max()!

  static let linkerScriptNames: Set<String> = [
    "_stext", "_etext", "_erodata", "_edata", "_ebss", "_end", "_stdata", "_ltdata", "_ltbss",
    "TEXT_START",
    "__bss_start", "_edata", "__executable_start", "etext", "edata", "end",
  ]

  static let strStubs: Set<String> = [
    "re_string_match", "re_partial_match", "re_search_forward", "re_search_backward",
    "re_replacement_text",
  ]

  static let dynamicLoadingNames: Set<String> = [
    "dlopen", "dlsym", "dlclose", "dlerror", "dladdr", "dlinfo", "dlvsym", "dlmopen",
  ]
}
