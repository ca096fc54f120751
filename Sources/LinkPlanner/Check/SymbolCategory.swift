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

  /// The category of `name`.
  public static func of(_ name: String) -> SymbolCategory {
    if name == "solo5_app_main" { return .solo5AppMain }
    if name.hasPrefix("solo5_") || name.hasPrefix("__solo5_") { return .solo5 }
    if name == "__stack_chk_fail" || name == "__stack_chk_guard" { return .stackProtector }
    if linkerScriptNames.contains(name) { return .linkerScript }
    if name.hasPrefix("unix_") || name.hasPrefix("caml_unix_") || ["uerror", "unix_error", "caml_uerror"].contains(name) { return .ocamlUnix }
    if name.hasPrefix("caml_thread_") || name.hasPrefix("caml_mutex_") || name.hasPrefix("caml_condition_") || name == "caml_wait_signal" {
      return .ocamlThreads
    }
    if name.hasPrefix("re_") && strStubs.contains(name) { return .ocamlStr }
    if name.hasPrefix("caml_") || name.hasPrefix("caml") && name.dropFirst(4).first?.isUppercase == true { return .ocamlRuntime }
    if name.hasPrefix("pthread_") || name.hasPrefix("__pthread_") { return .pthread }
    if dynamicLoadingNames.contains(name) { return .dynamicLoading }
    if name.hasPrefix("__") && name.hasSuffix("_chk") { return .glibcFortify }
    if RuntimeSymbolCatalog.isLargeFileName(name) { return .largeFile }
    if RuntimeSymbolCatalog.isOpenlibm(name) { return .libm }
    if name.hasPrefix("__") { return .glibcInternal }
    return .other
  }

  static let linkerScriptNames: Set<String> = [
    "_stext", "_etext", "_erodata", "_edata", "_ebss", "_end", "_stdata", "_ltdata", "_ltbss", "TEXT_START",
    "__bss_start", "_edata", "__executable_start", "etext", "edata", "end",
  ]

  static let strStubs: Set<String> = [
    "re_string_match", "re_partial_match", "re_search_forward", "re_search_backward", "re_replacement_text",
  ]

  static let dynamicLoadingNames: Set<String> = ["dlopen", "dlsym", "dlclose", "dlerror", "dladdr", "dlinfo", "dlvsym", "dlmopen"]
}
