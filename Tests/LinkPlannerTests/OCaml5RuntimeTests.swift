import ElfKit
import Foundation
import LinkPlanner
import TestSupport
import Testing

/// OCaml 5 runtimes without OCaml 5: archives compiled here the way OCaml 5.x's root `Makefile` builds
/// `libasmrun{,d,i}.a` (the same C sources with nothing, `-DDEBUG` or `-DCAML_INSTR`; members `x.n.o`, `x.nd.o`,
/// `x.ni.o`), from sources reduced to what tells the builds apart: every 5.x build defines the runtime_events
/// functions, `caml_failed_assert` exists only under `DEBUG`, and `CAML_EV_ALLOC` calls `caml_ev_alloc` only under
/// `CAML_INSTR` (runtime/caml/runtime_events.h, shared_heap.c, misc.c of 5.0–5.3).
@Suite struct OCaml5RuntimeTests {
  static let sources: [(String, String)] = [
    (
      "runtime_events",
      """
      static unsigned long buckets[20];
      void caml_ev_begin(int phase) { buckets[0] += (unsigned long)phase; }
      void caml_ev_alloc(unsigned long size) { if (size < 20) ++buckets[size]; }
      void caml_ev_alloc_flush(void) { for (int i = 0; i < 20; i++) buckets[i] = 0; }
      """
    ),
    (
      "shared_heap",
      """
      #ifdef CAML_INSTR
      #define CAML_EV_ALLOC(s) caml_ev_alloc(s)
      #else
      #define CAML_EV_ALLOC(s)
      #endif
      void caml_ev_alloc(unsigned long);
      static char pool[4096];
      void *caml_shared_try_alloc(unsigned long wosize) { CAML_EV_ALLOC(wosize); return pool + wosize; }
      """
    ),
    (
      "misc",
      """
      void abort(void);
      int *__errno_location(void);
      int caml_last_errno(void) { return *__errno_location(); }
      #ifdef DEBUG
      void caml_failed_assert(char *expr, char *file, int line) { (void)expr; (void)file; (void)line; abort(); }
      #endif
      int caml_runtime_warnings;
      """
    ),
    (
      "domain",
      "__thread void *caml_state;\nvoid caml_init_domain(void) { caml_state = &caml_state; }\n"
    ),
    ("startup_nat", "void caml_start_program(void) {}\n"),
  ]

  /// Builds variant `variant` (`""`, `d` or `i`) as `libasmrun<variant>.a`, as the makefile would.
  static func runtime(_ variant: String, in scratch: Scratch) throws -> String {
    let flags = ["": [String](), "d": ["-DDEBUG"], "i": ["-DCAML_INSTR"]][variant]!
    let members = try sources.map { name, source in
      try scratch.compileC(
        "\(variant.isEmpty ? "plain" : variant)/\(name).n\(variant).o", source,
        flags: flags + ["-fno-builtin"])
    }
    return try scratch.archive("libasmrun\(variant).a", members)
  }

  @Test(arguments: [("", RuntimeVariant.plain), ("d", .debug), ("i", .instrumented)])
  func buildMarkersOfEachVariant(_ suffix: String, _ variant: RuntimeVariant) throws {
    let scratch = try Scratch("ocaml5-runtime")
    let archive = try Self.runtime(suffix, in: scratch)
    // nm's view of the archive: the instrumented build alone leaves caml_ev_alloc undefined in a member.
    let undefined = try Tool.succeed("nm", ["-A", archive]).output.split(separator: "\n").filter {
      $0.hasSuffix(" U caml_ev_alloc")
    }
    #expect(undefined.isEmpty == (variant != .instrumented))
    let report = try RuntimeArchiveClassifier.classify(path: archive)
    #expect(report.variant == variant)
    #expect(report.profile.build.stockVariant == variant)
    #expect(
      report.profile.build.instrumentationMarker
        == (variant == .instrumented ? "calls caml_ev_alloc" : nil))
    #expect(
      report.versions?.oldest == OCamlVersion(5, 0),
      "thread-local caml_state: \(report.versions.map(\.description) ?? "none")")
    // `ld -r`, as -output-complete-obj links it, keeps the call: the embedded runtime shows the same build.
    let complete = scratch.file("complete\(suffix).o")
    try Tool.succeed("ld", ["-r", "-o", complete, "--whole-archive", archive])
    let embedded = try #require(
      try EmbeddedRuntimeDetector.detect(in: try RuntimeTestFiles.object(complete)))
    #expect(embedded.variant.description == variant.description)
    #expect(embedded.matches(report))
  }

  @Test func librariesBesideTheRuntimesAreNotRuntimes() throws {
    for file in [
      "libcamlruntime_events.a", "libcamlruntime_eventsbyt.a", "libcamlruntime_eventsnat.a",
      "libunixnat.a",
      "libcamlstrbyt.a", "libthreadsnat.a", "libcomprmarsh.a",
    ] {
      #expect(RuntimeArchiveName(fileName: file) == nil, "\(file)")
      #expect(OCamlSupportLibrary(fileName: file) != nil, "\(file)")
    }
    #expect(OCamlSupportLibrary(fileName: "libasmrun.a") == nil)
    #expect(
      OCamlSupportLibrary(fileName: "libcamlruntime_eventsnat.a")?.versions.description
        == "5.1 or later")
  }

  @Test func folderSearchSkipsTheRuntimeEventsLibrary() throws {
    let scratch = try Scratch("ocaml5-folder")
    let runtime = try Self.runtime("", in: scratch)
    let stubs = try scratch.archive(
      "libcamlruntime_eventsnat.a",
      [
        try scratch.compileC(
          "runtime_events_consumer.o", "int caml_ml_runtime_events_are_active(void) { return 0; }")
      ])
    #expect(try RuntimeArchiveLocator.archives(in: scratch.path) == [runtime])
    let error = #expect(throws: ElfError.self) {
      try RuntimeArchiveClassifier.classify(path: stubs)
    }
    #expect(
      error?.description.contains(
        "the C stubs of the runtime_events library, native code (OCaml 5.1 or later)") == true)
  }

  /// ocaml-solo5's nolibc (1.0–1.3, `nolibc/stubs.c`) answers the pthread locking OCaml 5's runtime does with
  /// success, which is right on one core; `pthread_create` returns EAGAIN and stays a stub that does not work.
  @Test func singleCoreNoOpsAreNotStubs() throws {
    let scratch = try Scratch("ocaml5-pthread")
    let domain = """
      int pthread_mutex_lock(void *); int pthread_mutex_unlock(void *); int pthread_create(void *, void *, void *, void *);
      static char lock[40];
      int caml_domain_spawn(void *thread) { pthread_mutex_lock(lock); int error = pthread_create(thread, 0, 0, 0); pthread_mutex_unlock(lock); return error; }
      """
    let runtime = try scratch.freestandingRuntime(extraMembers: [("domain.n.o", domain)])
    let report = try RuntimeArchiveClassifier.classify(path: runtime)
    #expect(report.profile.environment.environment == .freestanding)
    #expect(report.profile.environment.nolibcStubs == ["getenv", "pthread_create"])
  }

  /// 5.2 renamed the bytecode interpreter `caml_interprete` → `caml_bytecode_interpreter` (runtime/interp.c).
  @Test func bytecodeRuntimeOf52IsFoundByItsInterpreter() throws {
    let scratch = try Scratch("ocaml5-bytecode")
    let members = [
      try scratch.compileC(
        "interp.b.o",
        "long caml_bytecode_interpreter(char *prog, unsigned long size) { return prog[size]; }"),
      try scratch.compileC(
        "domain.b.o",
        "__thread void *caml_state;\nvoid caml_init_domain(void) { caml_state = &caml_state; }\n"),
    ]
    let report = try RuntimeArchiveClassifier.classify(
      path: try scratch.archive("libcamlrun.a", members))
    #expect(report.profile.kind == .bytecode)
    #expect(report.definesRuntimeEntry)
    #expect(report.versions?.oldest == OCamlVersion(5, 2))
  }

  /// Each era's instrumentation marker (the runtimes' sources under `CAML_INSTR`): 4.08–4.10 `caml_instr_init`
  /// (misc.c), 4.11–4.14 eventlog.c whole, with `caml_eventlog_init` and `caml_ev_begin`; 5.x defines
  /// `caml_ev_begin` in every build, so that alone shows nothing.
  @Test(arguments: [
    ("void caml_instr_init(void) {}", "caml_instr_init" as String?),
    (
      "void caml_eventlog_init(void) {}\nvoid caml_ev_begin(int phase) { (void)phase; }",
      "caml_eventlog_init"
    ),
    ("void caml_ev_begin(int phase) { (void)phase; }", nil),
  ])
  func instrumentationMarkerOfEachEra(_ source: String, _ marker: String?) throws {
    let scratch = try Scratch("instr-era")
    let members = [
      try scratch.compileC("startup_nat.n.o", "void caml_start_program(void) {}"),
      try scratch.compileC("events.n.o", source),
    ]
    let report = try RuntimeArchiveClassifier.classify(
      path: try scratch.archive("libasmrun_x.a", members))
    #expect(report.profile.build.instrumentationMarker == marker)
    #expect(report.profile.build.stockVariant == (marker == nil ? .plain : .instrumented))
  }

  /// A freestanding `libasmrun.a` is the default runtime of a cross compiler's sysroot (ocaml-solo5): for unix the
  /// fix is the host compiler, there is no `-runtime-variant` to drop; a custom suffix is dropped.
  @Test(arguments: [
    ("libasmrun.a", "build with the host ocamlopt, not ocaml-solo5's cross compiler"),
    ("libasmrun_freestanding.a", "drop `-runtime-variant _freestanding`"),
  ])
  func hostFixForAFreestandingRuntime(_ name: String, _ fix: String) throws {
    let scratch = try Scratch("ocaml5-fix")
    let report = try RuntimeArchiveClassifier.classify(path: try scratch.freestandingRuntime(name))
    let verdict = report.verdict(for: .unix)
    #expect(!verdict.suits)
    #expect(verdict.fix?.contains(fix) == true, "\(verdict.fix ?? "no fix")")
  }

  /// 5.x names the assembly member of each variant too (`amd64.d.o`, `amd64.i.o`, `amd64_libasmrunpic.o`; 4.12–4.14
  /// kept `amd64.o`), as `ar t` lists the real 5.2 archives; the C members decide the era and the variant.
  @Test(arguments: [
    (["startup_aux.nd.o", "domain.nd.o", "amd64.d.o"], RuntimeVariant.debug),
    (["startup_aux.ni.o", "domain.ni.o", "amd64.i.o"], .instrumented),
    (["startup_aux.npic.o", "domain.npic.o", "amd64_libasmrunpic.o"], .pic),
  ])
  func memberNamesOf5x(_ members: [String], _ variant: RuntimeVariant) throws {
    let evidence = try #require(RuntimeMemberNamingEvidence(memberNames: members))
    #expect(evidence.naming == .from4_12)
    #expect(evidence.builtAs == variant)
  }
}
