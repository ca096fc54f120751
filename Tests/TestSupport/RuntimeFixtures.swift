import Foundation

/// Recipes and probes for the OCaml runtime tests: programs built with each `-runtime-variant`, what they do
/// when run, and a synthetic freestanding runtime with a nolibc-like library to link it against.
public enum RuntimeFixtures {
  /// A small OCaml program that allocates and prints.
  public static let helloSource = "let () = print_endline (\"hello \" ^ string_of_int (List.length [1; 2; 3]))\n"

  /// A C `main` for a complete object (which has none): it starts the OCaml runtime.
  public static let mainSource = """
    #define CAML_NAME_SPACE
    #include <caml/callback.h>
    int main(int argc, char **argv) { (void)argc; caml_startup(argv); return 0; }
    """

  /// The first line the debug runtime prints on standard error at start-up.
  public static let debugBanner = "### OCaml runtime: debug mode ###"

  /// The names the nolibc-like library defines, in nolibc's forms: a plain `errno`, `_assert_fail`, a global
  /// stack-protector guard, and `getenv` as a stub that finds nothing.
  public static let nolibcLikeSource = """
    typedef unsigned long size_t;
    int errno;
    unsigned long __stack_chk_guard = 0x595e9fbd94fda766UL;
    void __stack_chk_fail(void) { for (;;) {} }
    void abort(void) { for (;;) {} }
    void _assert_fail(const char *file, const char *line, const char *expr) { (void)file; (void)line; (void)expr; abort(); }
    static char heap[1 << 16];
    static size_t used;
    void *malloc(size_t n) { void *p = heap + used; used += (n + 15) & ~(size_t)15; return p; }
    void free(void *p) { (void)p; }
    void *memcpy(void *d, const void *s, size_t n) { char *a = d; const char *b = s; while (n--) *a++ = *b++; return d; }
    void *memset(void *d, int c, size_t n) { char *a = d; while (n--) *a++ = (char)c; return d; }
    int printf(const char *format, ...) { (void)format; return 0; }
    char *getenv(const char *name) { (void)name; return 0; }
    double sqrt(double x) { return x; }
    double fmod(double x, double y) { (void)y; return x; }
    double strtod(const char *s, char **end) { if (end) *end = (char *)s; return 0; }
    """

  /// An entry point for linking the synthetic runtime without a C library.
  public static let entrySource = """
    extern int caml_startup_common(char **argv);
    void _start(void) { static char *argv[] = {0}; caml_startup_common(argv); for (;;) {} }
    """

  /// Members of a synthetic freestanding runtime, named as OCaml 4.12+ names them, referencing only names
  /// the nolibc-like library defines.
  public static let freestandingMembers: [(String, String)] = [
    (
      "startup_nat.n.o",
      """
      typedef unsigned long size_t;
      extern int errno;
      extern char *getenv(const char *);
      extern void *malloc(size_t);
      extern int printf(const char *, ...);
      extern void _assert_fail(const char *, const char *, const char *) __attribute__((noreturn));
      struct caml_domain_state { char *young_ptr; char *young_limit; };
      struct caml_domain_state *Caml_state;
      static void fill(char *buffer, const char *from) { while ((*buffer++ = *from++)) {} }
      int caml_startup_common(char **argv) {
        char name[64];
        char *params = getenv("OCAMLRUNPARAM");
        fill(name, argv[0] ? argv[0] : "ocaml");
        Caml_state = malloc(sizeof *Caml_state);
        if (Caml_state == 0) _assert_fail("startup_nat.c", "12", "Caml_state != NULL");
        if (params) printf("%s: %s\\n", name, params);
        return errno;
      }
      """
    ),
    (
      "alloc.n.o",
      """
      typedef unsigned long size_t;
      extern void *malloc(size_t);
      extern void *memcpy(void *, const void *, size_t);
      extern void *memset(void *, int, size_t);
      long caml_allocated_words;
      char *caml_alloc_string(const char *from, size_t length) {
        char *block = malloc(length + 8);
        memset(block, 0, 8);
        memcpy(block + 8, from, length);
        caml_allocated_words += (long)(length / 8 + 1);
        return block;
      }
      """
    ),
    (
      "floats.n.o",
      """
      extern double sqrt(double);
      extern double fmod(double, double);
      extern double strtod(const char *, char **);
      double caml_float_of_string(const char *s) { return sqrt(fmod(strtod(s, 0), 7.0)); }
      """
    ),
    // The entry glue, with the entry points OCaml code calls, which is what pulls it into a complete object.
    ("amd64.o", "void caml_start_program(void) {}\nvoid caml_call_gc(void) {}\nvoid caml_c_call(void) {}\n"),
  ]

  /// `ocamlfind ocamlc -where`: the folder of the OCaml installation's runtime archives.
  public static func ocamlLibrary() throws -> String {
    try Tool.succeed("ocamlfind", ["ocamlc", "-where"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The files in `ocamlLibrary()` named `PREFIX*.a`, sorted by path.
  public static func installedArchives(prefix: String) throws -> [String] {
    let folder = try ocamlLibrary()
    return try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".a") }.map { "\(folder)/\($0)" }.sorted()
  }

  /// The flags the synthetic runtime is compiled with: freestanding, with a global stack-protector guard.
  public static let freestandingFlags = [
    "-ffreestanding", "-nostdlib", "-fno-builtin", "-fstack-protector-strong", "-mstack-protector-guard=global",
  ]
}

/// What a program built around a complete object does, observed from outside.
public struct RuntimeBehaviour: Sendable {
  /// The debug runtime announced itself on standard error.
  public var printedDebugBanner: Bool
  /// With `OCAML_EVENTLOG_ENABLED=1` the run left a `caml-PID.eventlog` file: the instrumented runtime.
  public var wroteEventlog: Bool
  /// `gcc -shared` accepted the object: its code is position-independent enough for a shared object.
  public var linksIntoSharedObject: Bool
}

extension Scratch {
  /// Builds the hello program as the complete object `name` with `ocamlfind ocamlopt FLAGS -output-complete-obj`
  /// (`-runtime-variant d`, `-I folder`…). Returns the object and the runtime archive ocamlopt's `-verbose`
  /// shows it linked.
  public func helloCompleteObject(_ name: String, flags: [String] = []) throws -> (object: String, linkedArchive: String) {
    // Not hello.ml: its own object would be hello.o, a name the tests give complete objects.
    let source = try write("hello_main.ml", RuntimeFixtures.helloSource)
    let object = file(name)
    let result = try Tool.succeed(
      "ocamlfind", ["ocamlopt", "-verbose"] + flags + ["-output-complete-obj", "-o", object, source], directory: path)
    let words = (result.stderr + result.output).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "'" })
    guard let archive = words.first(where: { $0.hasSuffix(".a") && $0.contains("libasmrun") }) else {
      throw ToolFailure(description: "ocamlopt -verbose named no runtime archive:\n\(result.stderr)")
    }
    return (object, String(archive))
  }

  /// Links `object` with a C `main`, runs it with the eventlog enabled, and tries it in a shared object.
  public func behaviour(of object: String) throws -> RuntimeBehaviour {
    let stem = ((object as NSString).lastPathComponent as NSString).deletingPathExtension
    let runDirectory = file("run-\(stem)")
    try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
    let main = try write("main.c", RuntimeFixtures.mainSource)
    let program = file("\(stem).exe")
    try Tool.succeed("gcc", ["-I", try RuntimeFixtures.ocamlLibrary(), "-o", program, main, object, "-lm", "-ldl"])
    let run = try Tool.run(program, [], directory: runDirectory, environment: ["OCAML_EVENTLOG_ENABLED": "1"])
    guard run.status == 0, run.output.hasPrefix("hello 3") else {
      throw ToolFailure(description: "\(program) failed (\(run.status)): \(run.stderr)")
    }
    let files = try FileManager.default.contentsOfDirectory(atPath: runDirectory)
    let shared = try Tool.run("gcc", ["-shared", "-o", file("\(stem).so"), object])
    return RuntimeBehaviour(
      printedDebugBanner: run.stderr.contains(RuntimeFixtures.debugBanner),
      wroteEventlog: files.contains { $0.hasPrefix("caml-") && $0.hasSuffix(".eventlog") },
      linksIntoSharedObject: shared.status == 0)
  }

  /// Builds the synthetic freestanding runtime, plus `extraMembers` (name → C source), as archive `name`,
  /// compiled with `extraFlags` too (by `clang --target=target` when set), and returns its path.
  public func freestandingRuntime(
    _ name: String = "libasmrun_freestanding.a", target: String? = nil, extraFlags: [String] = [],
    extraMembers: [(String, String)] = []
  ) throws -> String {
    let folder = (name as NSString).deletingPathExtension
    let members = try (RuntimeFixtures.freestandingMembers + extraMembers).map { member, source in
      try compileC("\(folder)/\(member)", source, flags: RuntimeFixtures.freestandingFlags + extraFlags, target: target)
    }
    return try archive(name, members)
  }

  /// Links `runtime` whole, with an entry point, against the nolibc-like library and no C library (`ld`).
  public func linkAgainstNolibcLike(_ runtime: String) throws -> ToolResult {
    let stubs = try archive(
      "libnolibc-like.a", [try compileC("nolibc-like.o", RuntimeFixtures.nolibcLikeSource, flags: ["-ffreestanding", "-fno-builtin"])])
    let entry = try compileC("entry.o", RuntimeFixtures.entrySource, flags: ["-ffreestanding"])
    return try Tool.run(
      "ld", ["-static", "-nostdlib", "-e", "_start", "-o", file("nolibc-like.exe"), entry, "--whole-archive", runtime,
        "--no-whole-archive", stubs])
  }

  /// Links `runtime` whole, with the same entry point, against the host's C library (`gcc`, glibc).
  public func linkAgainstHostLibc(_ runtime: String) throws -> ToolResult {
    let entry = try compileC("entry.o", RuntimeFixtures.entrySource, flags: ["-ffreestanding"])
    return try Tool.run(
      "gcc", ["-nostartfiles", "-o", file("host.exe"), entry, "-Wl,--whole-archive", runtime, "-Wl,--no-whole-archive", "-lm"])
  }
}

/// Facts about symbols gathered with GNU nm, independently of link-check.
public enum NMFacts {
  /// The names `nm -u` lists for `path` (every member of an archive).
  public static func undefined(_ path: String) throws -> Set<String> {
    Set(try names(["-u", path]))
  }

  /// The names `path` defines globally (`nm -g --defined-only`).
  public static func defined(_ path: String) throws -> Set<String> {
    Set(try names(["-g", "--defined-only", path]))
  }

  /// What `-lc` links from the host's C library: the symbols libc.so.6 exports (`readelf --dyn-syms`), name →
  /// readelf's type (`FUNC`, `OBJECT`, `TLS`…, versions stripped), and what libc_nonshared.a defines (`atexit`…,
  /// type `nonshared`), the two files glibc's libc.so linker script groups.
  public static func hostLibc() throws -> [String: String] {
    func path(_ file: String) throws -> String {
      try Tool.succeed("gcc", ["-print-file-name=\(file)"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    var exports: [String: String] = [:]
    for name in try defined(try path("libc_nonshared.a")) { exports[name] = "nonshared" }
    for row in try ReadElf.symbols(try path("libc.so.6"), dynamic: true) where row.section != "UND" && !row.name.isEmpty {
      exports[String(row.name.prefix { $0 != "@" })] = row.type
    }
    return exports
  }

  /// The names GNU ld reported as undefined references in `output` (its standard error).
  public static func undefinedReferences(inLinkerOutput output: String) -> Set<String> {
    var names = Set<String>()
    for line in output.split(separator: "\n") {
      guard let start = line.range(of: "undefined reference to `") else { continue }
      names.insert(String(line[start.upperBound...].prefix { $0 != "'" }))
    }
    return names
  }

  private static func names(_ arguments: [String]) throws -> [String] {
    try Tool.succeed("nm", arguments).output.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: " ")
      guard fields.count >= 2, !line.hasSuffix(":") else { return nil }
      return String(fields[fields.count - 1])
    }
  }
}
