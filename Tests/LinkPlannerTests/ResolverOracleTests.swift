import ElfKit
import Foundation
import LinkPlanner
import Testing
import TestSupport

/// The resolver against the real GNU ld (and ld.lld where it shares the semantics): for every scenario the
/// sets of undefined and duplicate symbols must be exactly ld's.
@Suite struct ResolverOracleTests {
  /// A link to model: C sources compiled to objects, archives made of some of them, scripts, and the ld
  /// arguments (relative to the scenario folder; `-o out` is added).
  struct Scenario: Sendable, CustomTestStringConvertible {
    var name: String
    var sources: [String: String]
    var archives: [String: [String]] = [:]
    var files: [String: String] = [:]
    var sharedObjects: [String: [String]] = [:]
    var arguments: [String]
    /// ld.lld resolves archives out of order (it remembers lazy symbols), so order scenarios differ there.
    var lldAgrees = true
    /// Compile with `-fcommon` (tentative definitions become common symbols).
    var commonFlags = false
    /// Sources of the shared objects, by name.
    var extraSources: [String: String] = [:]
    /// An archive of `f.o` made without a symbol index.
    var noIndexArchive: String?
    var pic = false
    /// More compiler flags for every source (`-fno-plt`).
    var compileFlags: [String] = []
    var testDescription: String { name }
  }

  static let start = "void _start(void) {}\n"

  /// A thread-local variable read through the general-dynamic model (`-fPIC`, defined elsewhere).
  static let tlsSources = [
    "tls.c": "extern __thread int x; int f(void) { return x; } void _start(void) { f(); }", "var.c": "__thread int x = 3;",
  ]

  static let scenarios: [Scenario] = [
    Scenario(name: "all defined", sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int f(void) { return 1; }"],
             arguments: ["main.o", "f.o"]),
    Scenario(name: "one undefined", sources: ["main.c": "int g(void); void _start(void) { g(); }"], arguments: ["main.o"]),
    Scenario(name: "undefined data reference", sources: ["main.c": "extern int v; int *p = &v; void _start(void) {}"], arguments: ["main.o"]),
    Scenario(name: "archive after object", sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int f(void) { return 1; }"],
             archives: ["libf.a": ["f.o"]], arguments: ["main.o", "libf.a"]),
    Scenario(name: "archive before object", sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int f(void) { return 1; }"],
             archives: ["libf.a": ["f.o"]], arguments: ["libf.a", "main.o"], lldAgrees: false),
    Scenario(name: "chain inside one archive, members out of order",
             sources: ["main.c": "int a(void); void _start(void) { a(); }", "a.c": "int b(void); int a(void) { return b(); }",
                       "b.c": "int c(void); int b(void) { return c(); }", "c.c": "int c(void) { return 3; }"],
             archives: ["libabc.a": ["c.o", "b.o", "a.o"]], arguments: ["main.o", "libabc.a"]),
    Scenario(name: "circular archives without a group",
             sources: ["main.c": "int a(void); void _start(void) { a(); }", "a.c": "int b(void); int a(void) { return b(); }",
                       "b.c": "int a2(void); int b(void) { return a2(); }", "a2.c": "int a2(void) { return 2; }"],
             archives: ["liba.a": ["a.o", "a2.o"], "libb.a": ["b.o"]], arguments: ["main.o", "liba.a", "libb.a"], lldAgrees: false),
    Scenario(name: "circular archives in a group",
             sources: ["main.c": "int a(void); void _start(void) { a(); }", "a.c": "int b(void); int a(void) { return b(); }",
                       "b.c": "int a2(void); int b(void) { return a2(); }", "a2.c": "int a2(void) { return 2; }"],
             archives: ["liba.a": ["a.o", "a2.o"], "libb.a": ["b.o"]], arguments: ["main.o", "--start-group", "liba.a", "libb.a", "--end-group"]),
    Scenario(name: "circular archives in a -( -) group",
             sources: ["main.c": "int a(void); void _start(void) { a(); }", "a.c": "int b(void); int a(void) { return b(); }",
                       "b.c": "int a2(void); int b(void) { return a2(); }", "a2.c": "int a2(void) { return 2; }"],
             archives: ["liba.a": ["a.o", "a2.o"], "libb.a": ["b.o"]], arguments: ["main.o", "-(", "liba.a", "libb.a", "-)"]),
    Scenario(name: "three archives chained backwards in a group",
             sources: ["main.c": "int x(void); void _start(void) { x(); }", "x.c": "int y(void); int x(void) { return y(); }",
                       "y.c": "int z(void); int y(void) { return z(); }", "z.c": "int z(void) { return 0; }"],
             archives: ["libz.a": ["z.o"], "liby.a": ["y.o"], "libx.a": ["x.o"]],
             arguments: ["main.o", "--start-group", "libz.a", "liby.a", "libx.a", "--end-group"]),
    Scenario(name: "three archives chained backwards, no group",
             sources: ["main.c": "int x(void); void _start(void) { x(); }", "x.c": "int y(void); int x(void) { return y(); }",
                       "y.c": "int z(void); int y(void) { return z(); }", "z.c": "int z(void) { return 0; }"],
             archives: ["libz.a": ["z.o"], "liby.a": ["y.o"], "libx.a": ["x.o"]], arguments: ["main.o", "libz.a", "liby.a", "libx.a"], lldAgrees: false),
    Scenario(name: "weak undefined stays undefined", sources: ["main.c": "__attribute__((weak)) int w(void); void _start(void) { if (w) w(); }"],
             arguments: ["main.o"]),
    Scenario(name: "weak undefined does not extract",
             sources: ["main.c": "__attribute__((weak)) int w(void); int f(void); void _start(void) { if (w) w(); f(); }",
                       "w.c": "int w(void) { return 1; } int f(void) { return 2; }", "lonely.c": "int lonely(void); int w2(void) { return lonely(); }"],
             archives: ["libw.a": ["lonely.o"]], arguments: ["main.o", "libw.a", "w.o"]),
    Scenario(name: "weak and strong definitions", sources: ["main.c": "int f(void); void _start(void) { f(); }",
                                                            "weak.c": "__attribute__((weak)) int f(void) { return 1; }", "strong.c": "int f(void) { return 2; }"],
             arguments: ["main.o", "weak.o", "strong.o"]),
    Scenario(name: "two weak definitions", sources: ["main.c": "int f(void); void _start(void) { f(); }",
                                                     "w1.c": "__attribute__((weak)) int f(void) { return 1; }", "w2.c": "__attribute__((weak)) int f(void) { return 2; }"],
             arguments: ["main.o", "w1.o", "w2.o"]),
    Scenario(name: "two strong definitions", sources: ["main.c": "int f(void); void _start(void) { f(); }",
                                                       "s1.c": "int f(void) { return 1; }", "s2.c": "int f(void) { return 2; }"],
             arguments: ["main.o", "s1.o", "s2.o"]),
    Scenario(name: "duplicate data and function", sources: ["main.c": "int d = 1; int f(void) { return 0; } void _start(void) {}",
                                                            "other.c": "int d = 2; int f(void) { return 1; }"],
             arguments: ["main.o", "other.o"]),
    Scenario(name: "commons merge", sources: ["main.c": "int c; void _start(void) { c = 1; }", "other.c": "int c; int get(void) { return c; }"],
             arguments: ["main.o", "other.o"]).withFlags(),
    Scenario(name: "common and a definition", sources: ["main.c": "int c; void _start(void) { c = 1; }", "other.c": "int c = 5;"],
             arguments: ["main.o", "other.o"]).withFlags(),
    Scenario(name: "common extracts a real definition from an archive",
             sources: ["main.c": "int c; void _start(void) { c = 1; }", "data.c": "int c = 5; int also(void); int helper(void) { return also(); }"],
             archives: ["libdata.a": ["data.o"]], arguments: ["main.o", "libdata.a"], lldAgrees: false).withFlags(),
    Scenario(name: "common does not extract another common",
             sources: ["main.c": "int c; void _start(void) { c = 1; }", "data.c": "int c; int also(void); int helper(void) { return also(); }"],
             archives: ["libdata.a": ["data.o"]], arguments: ["main.o", "libdata.a"]).withFlags(),
    Scenario(name: "whole archive pulls every member",
             sources: ["main.c": "void _start(void) {}", "m1.c": "int m1(void); int missing1(void); int m1(void) { return missing1(); }",
                       "m2.c": "int m2(void) { return 2; }"],
             archives: ["libm.a": ["m1.o", "m2.o"]], arguments: ["main.o", "--whole-archive", "libm.a", "--no-whole-archive"]),
    Scenario(name: "whole archive duplicates an object",
             sources: ["main.c": "int m2(void) { return 0; } void _start(void) {}", "m2.c": "int m2(void) { return 2; }"],
             archives: ["libm.a": ["m2.o"]], arguments: ["main.o", "--whole-archive", "libm.a", "--no-whole-archive"]),
    Scenario(name: "extraction brings a duplicate",
             sources: ["main.c": "int g(void) { return 0; } int f(void); void _start(void) { f(); }",
                       "fg.c": "int f(void) { return 1; } int g(void) { return 2; }"],
             archives: ["libfg.a": ["fg.o"]], arguments: ["main.o", "libfg.a"]),
    Scenario(name: "shared object defines", sources: ["main.c": "int s(void); void _start(void) { s(); }"],
             sharedObjects: ["libs.so": ["s.c"]], arguments: ["main.o", "libs.so"]).with(extraSources: ["s.c": "int s(void) { return 1; }"]),
    Scenario(name: "shared object does not extract archive members",
             sources: ["main.c": "int s(void); void _start(void) { s(); }", "s2.c": "int s(void) { return 2; } int t(void); int u(void) { return t(); }"],
             archives: ["libs2.a": ["s2.o"]], sharedObjects: ["libs.so": ["s.c"]], arguments: ["main.o", "libs.so", "libs2.a"])
      .with(extraSources: ["s.c": "int s(void) { return 1; }"]),
    Scenario(name: "-l finds the archive in -L", sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int f(void) { return 1; }"],
             archives: ["lib/libf.a": ["f.o"]], arguments: ["main.o", "-Llib", "-lf"]),
    Scenario(name: "-L after -l still applies", sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int f(void) { return 1; }"],
             archives: ["lib/libf.a": ["f.o"]], arguments: ["main.o", "-lf", "-L", "lib"]),
    Scenario(name: "-l :file", sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int f(void) { return 1; }"],
             archives: ["lib/weird-name.a": ["f.o"]], arguments: ["main.o", "-L", "lib", "-l:weird-name.a"]),
    Scenario(name: "-l :object", sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int f(void) { return 1; }"],
             files: ["lib/f.o": "@f.o"], arguments: ["main.o", "-Llib", "-l", ":f.o"]),
    Scenario(name: "-l prefers the shared object", sources: ["main.c": "int s(void); void _start(void) { s(); }", "sa.c": "int s(void) { return 2; } int x(void); int y(void) { return x(); }"],
             archives: ["lib/libs.a": ["sa.o"]], sharedObjects: ["lib/libs.so": ["s.c"]], arguments: ["main.o", "-Llib", "-ls"])
      .with(extraSources: ["s.c": "int s(void) { return 1; }"]),
    Scenario(name: "-Bstatic takes the archive", sources: ["main.c": "int s(void); void _start(void) { s(); }", "sa.c": "int s(void) { return 2; } int x(void); int y(void) { return x(); }"],
             archives: ["lib/libs.a": ["sa.o"]], sharedObjects: ["lib/libs.so": ["s.c"]], arguments: ["main.o", "-Llib", "-Bstatic", "-ls"])
      .with(extraSources: ["s.c": "int s(void) { return 1; }"]),
    Scenario(name: "missing library", sources: ["main.c": "void _start(void) {}"], arguments: ["main.o", "-lnope"]),
    Scenario(name: "-u pulls a member", sources: ["main.c": "void _start(void) {}", "m.c": "int m(void); int missing(void); int m(void) { return missing(); }"],
             archives: ["libm.a": ["m.o"]], arguments: ["-u", "m", "main.o", "libm.a"]),
    Scenario(name: "--defsym satisfies", sources: ["main.c": "extern int v; void _start(void) { v = 1; }"], arguments: ["main.o", "--defsym=v=0x1000"]),
    Scenario(name: "-T script assigns", sources: ["main.c": "extern char _etext[], _end[]; char *p = _etext; char *q = _end; void _start(void) {}"],
             files: ["link.lds": "ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text*) } _etext = .; .data : { *(.data*) } .bss : { *(.bss*) } _end = .; }\n"],
             arguments: ["-T", "link.lds", "main.o"]),
    Scenario(name: "-T script lacks a symbol", sources: ["main.c": "extern char _etext[], __bss_start[]; char *p = _etext; char *q = __bss_start; void _start(void) {}"],
             files: ["link.lds": "ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text*) } _etext = .; .data : { *(.data*) } .bss : { *(.bss*) } }\n"],
             arguments: ["-T", "link.lds", "main.o"]),
    Scenario(name: "-T script PROVIDE", sources: ["main.c": "extern char stack_top[]; char *p = stack_top; void _start(void) {}"],
             files: ["link.lds": "SECTIONS { .text : { *(.text*) } .data : { *(.data*) } PROVIDE(stack_top = .); PROVIDE(unused_name = .); }\n"],
             arguments: ["-T", "link.lds", "main.o"]),
    Scenario(name: "default script symbols", sources: ["main.c": "extern char __bss_start[], _end[], __executable_start[]; char *p[] = { __bss_start, _end, __executable_start }; void _start(void) {}"],
             arguments: ["main.o"]),
    Scenario(name: "linker script as an input file (GROUP)",
             sources: ["main.c": "int a(void); void _start(void) { a(); }", "a.c": "int b(void); int a(void) { return b(); }", "b.c": "int a3(void); int b(void) { return a3(); }",
                       "a3.c": "int a3(void) { return 3; }"],
             archives: ["liba.a": ["a.o", "a3.o"], "libb.a": ["b.o"]], files: ["libab.so": "/* GNU ld script */\nGROUP ( liba.a libb.a )\n"],
             arguments: ["main.o", "libab.so"]),
    Scenario(name: "linker script as an input file (INPUT)",
             sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int f(void) { return 1; }"],
             archives: ["libf.a": ["f.o"]], files: ["libwrap.so": "INPUT ( libf.a )\n"], arguments: ["main.o", "libwrap.so"]),
    Scenario(name: "hidden symbol of another object resolves",
             sources: ["main.c": "int h(void); void _start(void) { h(); }", "h.c": "__attribute__((visibility(\"hidden\"))) int h(void) { return 1; }"],
             arguments: ["main.o", "h.o"]),
    Scenario(name: "local symbol of another object does not resolve",
             sources: ["main.c": "int l(void); void _start(void) { l(); }", "l.c": "static int l(void) { return 1; } int (*keep)(void) = l;"],
             arguments: ["main.o", "l.o"]),
    Scenario(name: "COMDAT groups are kept once",
             sources: ["main.c": "int shared_fn(void); void _start(void) { shared_fn(); }",
                       "c1.c": Self.comdat("1"), "c2.c": Self.comdat("2")],
             arguments: ["main.o", "c1.o", "c2.o"]),
    Scenario(name: "archive without an index", sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int f(void) { return 1; }"],
             arguments: ["main.o", "libnoindex.a"], lldAgrees: false).with(noIndexArchive: "libnoindex.a"),
    Scenario(name: "TLS reference", sources: ["main.c": "extern _Thread_local int t; void _start(void) { t = 1; }"], arguments: ["main.o"]),
    Scenario(name: "undefined symbol without a relocation", sources: ["main.c": "__asm__(\".globl never_used\"); void _start(void) {}"], arguments: ["main.o"]),
    Scenario(name: "entry symbol from -e is extracted", sources: ["main.c": "int f(void) { return 0; }", "e.c": "int missing(void); void entry_fn(void) { missing(); }"],
             archives: ["libe.a": ["e.o"]], arguments: ["-e", "entry_fn", "main.o", "libe.a"]),
    Scenario(name: "entry symbol from ENTRY is extracted", sources: ["main.c": "int f(void) { return 0; }", "e.c": "int missing(void); void script_entry(void) { missing(); }"],
             archives: ["libe.a": ["e.o"]], files: ["e.lds": "ENTRY(script_entry)\nSECTIONS { .text : { *(.text*) } .data : { *(.data*) } }\n"],
             arguments: ["-T", "e.lds", "main.o", "libe.a"]),
    Scenario(name: "missing entry symbol is only a warning", sources: ["main.c": "int f(void) { return 0; }"], arguments: ["-e", "nowhere", "main.o"]),
    Scenario(name: "group with objects and archives",
             sources: ["main.c": "int a(void); void _start(void) { a(); }", "a.c": "int b(void); int a(void) { return b(); }", "b.c": "int b(void) { return 0; }"],
             archives: ["libb.a": ["b.o"]], arguments: ["main.o", "--start-group", "libb.a", "a.o", "--end-group"]),
    Scenario(name: "-z muldefs allows duplicates", sources: ["main.c": "int f(void); void _start(void) { f(); }",
                                                             "s1.c": "int f(void) { return 1; }", "s2.c": "int f(void) { return 2; }"],
             arguments: ["-z", "muldefs", "main.o", "s1.o", "s2.o"]),
    Scenario(name: "--allow-multiple-definition", sources: ["main.c": "int f(void); void _start(void) { f(); }",
                                                            "s1.c": "int f(void) { return 1; }", "s2.c": "int f(void) { return 2; }"],
             arguments: ["--allow-multiple-definition", "main.o", "s1.o", "s2.o"]),
    Scenario(name: "-shared allows undefined", sources: ["lib.c": "int missing(void); int api(void) { return missing(); }"],
             arguments: ["-shared", "lib.o"]).withPIC(),
    Scenario(name: "-shared -z defs reports undefined", sources: ["lib.c": "int missing(void); int api(void) { return missing(); }"],
             arguments: ["-shared", "-z", "defs", "lib.o"]).withPIC(),
    // ld's TLS relaxation (REFERENCE §8): in an executable, static, dynamic or PIE, the `__tls_get_addr` call of a
    // general- or local-dynamic sequence is rewritten away; in a shared object it stays a reference.
    Scenario(name: "TLS general dynamic, static executable", sources: tlsSources, arguments: ["-static", "tls.o", "var.o"]).withPIC(),
    Scenario(name: "TLS general dynamic, dynamic executable", sources: tlsSources, arguments: ["tls.o", "var.o"]).withPIC(),
    Scenario(name: "TLS general dynamic, PIE", sources: tlsSources, arguments: ["-pie", "tls.o", "var.o"]).withPIC(),
    Scenario(name: "TLS general dynamic, call through the GOT (-fno-plt)", sources: tlsSources, arguments: ["-static", "tls.o", "var.o"],
             compileFlags: ["-fno-plt"]).withPIC(),
    Scenario(name: "TLS general dynamic, variable in a shared object", sources: ["tls.c": tlsSources["tls.c"]!],
             sharedObjects: ["libvar.so": ["var.c"]], arguments: ["tls.o", "libvar.so"], extraSources: ["var.c": tlsSources["var.c"]!]).withPIC(),
    // ld.bfd relaxes even then (to initial-exec); ld.lld keeps the sequence and reports __tls_get_addr too.
    Scenario(name: "TLS general dynamic, variable nowhere defined", sources: ["tls.c": tlsSources["tls.c"]!],
             arguments: ["-static", "tls.o"], lldAgrees: false).withPIC(),
    Scenario(name: "TLS general dynamic, shared object with -z defs", sources: tlsSources,
             arguments: ["-shared", "-z", "defs", "tls.o", "var.o"]).withPIC(),
    Scenario(name: "TLS local dynamic, static executable",
             sources: ["local.c": "static __thread int counter; int next(void) { return counter++; } void _start(void) { next(); }"],
             arguments: ["-static", "local.o"]).withPIC(),
    Scenario(name: "__tls_get_addr called directly, static executable",
             sources: ["direct.c": "void *__tls_get_addr(void *); void _start(void) { __tls_get_addr(0); }"], arguments: ["-static", "direct.o"]),
    Scenario(name: "empty archives (glibc 2.34+ libpthread.a, libdl.a) need no index",
             sources: ["main.c": "void _start(void) {}"], files: ["lib/libpthread.a": "!<arch>\n", "libdl.a": "!<arch>\n"],
             arguments: ["main.o", "-Llib", "-lpthread", "libdl.a", "--whole-archive", "libdl.a", "--no-whole-archive"]),
    Scenario(name: "--defsym before the archive: no member is extracted for it",
             sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int g(void); int f(void) { return g(); }"],
             archives: ["libf.a": ["f.o"]], arguments: ["--defsym", "f=0x1000", "main.o", "libf.a"], lldAgrees: false),
    Scenario(name: "-u and --defsym of the same name before the archive",
             sources: ["main.c": "void _start(void) {}", "f.c": "int g(void); int f(void) { return g(); } int f2(void) { return 0; }",
                       "dup.c": "int f2(void) { return 1; }"],
             archives: ["libf.a": ["f.o"]], arguments: ["-u", "f", "--defsym=f=0x1000", "main.o", "dup.o", "libf.a"], lldAgrees: false),
    Scenario(name: "--defsym after the archive: the member is extracted",
             sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int g(void); int f(void) { return g(); }"],
             archives: ["libf.a": ["f.o"]], arguments: ["main.o", "libf.a", "--defsym", "f=0x1000"]),
    Scenario(name: "--defsym of a new name reading a symbol not yet defined: defined, and the symbol it reads is needed",
             sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int g(void); int f(void) { return g(); }",
                       "y.c": "int y(void) { return 0; } int z(void); int w(void) { return z(); }"],
             archives: ["libf.a": ["f.o"], "liby.a": ["y.o"]], arguments: ["--defsym", "f=_start", "--defsym", "x=y", "main.o", "libf.a", "liby.a"],
             lldAgrees: false),
    Scenario(name: "--defsym of a referenced name reading a symbol not yet defined folds only at the end",
             sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int g(void); int f(void) { return g(); }",
                       "y.c": "int y(void) { return 0; }"],
             archives: ["libf.a": ["f.o"], "liby.a": ["y.o"]], arguments: ["main.o", "--defsym", "f=y", "libf.a", "liby.a"]),
    Scenario(name: "an assignment, then two objects defining the name",
             sources: ["main.c": "int f(void); void _start(void) { f(); }", "f1.c": "int f(void) { return 1; }", "f2.c": "int f(void) { return 2; }"],
             arguments: ["--defsym", "f=0x1000", "main.o", "f1.o", "f2.o"]),
    Scenario(name: "-T script assignment before the archive",
             sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int g(void); int f(void) { return g(); }"],
             archives: ["libf.a": ["f.o"]], files: ["f.lds": "f = 0x1000;\n"], arguments: ["-T", "f.lds", "main.o", "libf.a"], lldAgrees: false),
    Scenario(name: "script input: its assignments fold where it stands",
             sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int g(void); int f(void) { return g(); }"],
             archives: ["libf.a": ["f.o"]], files: ["defs.ld": "f = 0x1000;\n"], arguments: ["main.o", "defs.ld", "libf.a"], lldAgrees: false),
    Scenario(name: "script input with SECTIONS: its assignments fold only after loading",
             sources: ["main.c": "int f(void); int h(void); void _start(void) { f(); h(); }",
                       "f.c": "int g(void); int f(void) { return g(); }", "h.c": "int k(void); int h(void) { return k(); }"],
             archives: ["libf.a": ["f.o", "h.o"]], files: ["defs.ld": "f = 0x1000;\nSECTIONS { .text : { *(.text) } h = 0x2000; }\n"],
             arguments: ["defs.ld", "main.o", "libf.a"]),
    Scenario(name: "long options after one dash, one-dash options after two",
             sources: ["main.c": "int a(void); void _start(void) { a(); }", "a.c": "int b(void); int a(void) { return b(); }",
                       "b.c": "int a2(void); int b(void) { return a2(); }", "a2.c": "int a2(void) { return 2; }",
                       "m.c": "int a2(void) { return 7; }"],
             archives: ["liba.a": ["a.o", "a2.o"], "libb.a": ["b.o"], "libm.a": ["m.o"]],
             arguments: ["--static", "-gc-sections", "-rpath-link=.", "-no-pie", "main.o", "-start-group", "liba.a", "libb.a", "-end-group",
                         "-whole-archive", "libm.a", "-no-whole-archive", "-export-dynamic", "-entry=_start"]),
    Scenario(name: "response file", sources: ["main.c": "int f(void); void _start(void) { f(); }", "f.c": "int f(void) { return 1; }"],
             archives: ["libf.a": ["f.o"]], files: ["args.rsp": "main.o 'libf.a'\n"], arguments: ["@args.rsp"]),
  ]

  static func comdat(_ value: String) -> String {
    "__asm__(\".section .text.shared_fn,\\\"axG\\\",@progbits,shared_fn,comdat\\n.globl shared_fn\\n.type shared_fn,@function\\nshared_fn:\\nmovl $\(value), %eax\\nret\\n.text\\n\");"
  }

  /// Builds the scenario's files in a fresh folder.
  static func prepare(_ scenario: Scenario) throws -> Scratch {
    let scratch = try Scratch("oracle")
    for (name, source) in scenario.sources { try scratch.compileC(name.replacingOccurrences(of: ".c", with: ".o"), source, flags: scenario.flags) }
    for (name, text) in scenario.files {
      if text.hasPrefix("@") {
        try FileManager.default.createDirectory(atPath: (scratch.file(name) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: scratch.file(String(text.dropFirst())), toPath: scratch.file(name))
      } else {
        try scratch.write(name, text)
      }
    }
    for (name, members) in scenario.archives {
      try FileManager.default.createDirectory(atPath: (scratch.file(name) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try scratch.archive(name, members.map { scratch.file($0) })
    }
    if let noIndex = scenario.noIndexArchive {
      try scratch.archive(noIndex, [scratch.file("f.o")], index: false)
    }
    for (name, sources) in scenario.sharedObjects {
      try FileManager.default.createDirectory(atPath: (scratch.file(name) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      let paths = try sources.map { source in try scratch.write("so-\(source)", scenario.extraSources[source] ?? "") }
      try Tool.succeed("gcc", ["-shared", "-fPIC", "-nostdlib", "-o", scratch.file(name)] + paths)
    }
    return scratch
  }

  static func model(_ arguments: [String], in directory: String) throws -> Resolution {
    let line = try LinkerCommandLine(["ld"] + arguments, responseFileDirectory: directory).line
    return try Resolver(line: line, defaults: try LinkerDefaults.query(linker: "ld"), workingDirectory: directory).resolve()
  }

  @Test(arguments: scenarios)
  func agreesWithGNUld(_ scenario: Scenario) throws {
    let scratch = try Self.prepare(scenario)
    let ld = try LinkerVerdict.run("ld", scenario.arguments + ["-o", "out"], directory: scratch.path)
    let resolution = try Self.model(scenario.arguments, in: scratch.path)
    #expect(!resolution.missingInputs.isEmpty == ld.missingInputs, "ld said: \(ld.stderr)")
    #expect(resolution.links == (ld.status == 0), "ld said: \(ld.stderr)")
    // ld stops at an input it cannot use, before it reports references; link-check still lists them.
    guard !ld.missingInputs else { return }
    #expect(Set(resolution.unresolved.map(\.name)) == ld.undefined, "ld said: \(ld.stderr)")
    #expect(Set(resolution.duplicates.map(\.name)) == ld.duplicates, "ld said: \(ld.stderr)")
  }

  @Test(arguments: scenarios.filter(\.lldAgrees))
  func agreesWithLLD(_ scenario: Scenario) throws {
    let scratch = try Self.prepare(scenario)
    let lld = try LinkerVerdict.run("ld.lld", scenario.arguments + ["-o", "out"], directory: scratch.path)
    let resolution = try Self.model(scenario.arguments, in: scratch.path)
    #expect(Set(resolution.unresolved.map(\.name)) == lld.undefined, "ld.lld said: \(lld.stderr)")
    #expect(Set(resolution.duplicates.map(\.name)) == lld.duplicates, "ld.lld said: \(lld.stderr)")
  }

  @Test func wrongOrderIsWhereBFDAndLLDDisagree() throws {
    let scenario = Self.scenarios.first { $0.name == "archive before object" }!
    let scratch = try Self.prepare(scenario)
    let ld = try LinkerVerdict.run("ld", scenario.arguments + ["-o", "out"], directory: scratch.path)
    let lld = try LinkerVerdict.run("ld.lld", scenario.arguments + ["-o", "out"], directory: scratch.path)
    let resolution = try Self.model(scenario.arguments, in: scratch.path)
    #expect(ld.undefined == ["f"])
    #expect(lld.undefined.isEmpty)
    #expect(Set(resolution.unresolved.map(\.name)) == ld.undefined)
  }

  @Test func extractionRecordNamesMemberSymbolAndReferrer() throws {
    let scenario = Self.scenarios.first { $0.name == "chain inside one archive, members out of order" }!
    let scratch = try Self.prepare(scenario)
    let resolution = try Self.model(scenario.arguments, in: scratch.path)
    let chain = resolution.extractions.map { ($0.member, $0.symbol ?? "", $0.referencedBy.map { resolution.objects[$0].displayName } ?? "") }
    #expect(chain.map(\.0) == ["a.o", "b.o", "c.o"])
    #expect(chain.map(\.1) == ["a", "b", "c"])
    #expect(chain.map(\.2) == ["main.o", "libabc.a(a.o)", "libabc.a(b.o)"])
  }
}

extension ResolverOracleTests.Scenario {
  var flags: [String] { (commonFlags ? ["-fcommon"] : []) + (pic ? ["-fPIC"] : []) + compileFlags }

  /// Compile position-independent code (for `-shared` links).
  func withPIC() -> Self {
    var copy = self
    copy.pic = true
    return copy
  }

  func withFlags() -> Self {
    var copy = self
    copy.commonFlags = true
    return copy
  }

  func with(extraSources: [String: String]) -> Self {
    var copy = self
    copy.extraSources = extraSources
    return copy
  }

  func with(noIndexArchive: String) -> Self {
    var copy = self
    copy.noIndexArchive = noIndexArchive
    return copy
  }
}
