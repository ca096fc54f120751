import LinkPlanner
import Testing
import TestSupport

/// Host or freestanding, judged against what a linker says: a runtime that links against a nolibc-like library
/// and not against glibc is freestanding; one that needs names the nolibc-like library lacks is not.
@Suite struct RuntimeFreestandingTests {
  @Test func syntheticFreestandingRuntimeIsFreestanding() throws {
    let scratch = try Scratch("freestanding")
    let runtime = try scratch.freestandingRuntime()
    let withoutLibc = try scratch.linkAgainstNolibcLike(runtime)
    #expect(withoutLibc.status == 0, "\(withoutLibc.stderr)")
    let withGlibc = try scratch.linkAgainstHostLibc(runtime)
    #expect(withGlibc.status != 0, "links against glibc")

    let report = try RuntimeArchiveClassifier.classify(path: runtime)
    let evidence = report.profile.environment
    #expect(evidence.environment == .freestanding)
    #expect(evidence.hostSymbols.isEmpty)
    #expect(report.variant == .custom(suffix: "_freestanding"))
    // What it offers as freestanding evidence are names the archive really leaves undefined and glibc does not
    // export as the plain globals or functions the archive needs (glibc's errno is thread-local).
    let undefined = try NMFacts.undefined(runtime)
    let glibc = try NMFacts.hostLibc()
    #expect(!evidence.freestandingMarkers.isEmpty)
    for marker in evidence.freestandingMarkers {
      #expect(undefined.contains(marker.name))
      #expect(glibc[marker.name] == nil || glibc[marker.name] == "TLS", "glibc exports \(marker.name)")
    }

    #expect(report.verdict(for: .hvt).suits)
    #expect(report.verdict(for: .xen).suits)
    let unix = report.verdict(for: .unix)
    #expect(!unix.suits)
    #expect(unix.fix?.contains("-runtime-variant _freestanding") == true)
  }

  @Test func hostRuntimeNeedsWhatTheNolibcLikeLibraryLacks() throws {
    let scratch = try Scratch("freestanding")
    let runtime = try RuntimeFixtures.ocamlLibrary() + "/libasmrun.a"
    let link = try scratch.linkAgainstNolibcLike(runtime)
    #expect(link.status != 0)
    let missing = NMFacts.undefinedReferences(inLinkerOutput: link.stderr)
    let report = try RuntimeArchiveClassifier.classify(path: runtime)
    #expect(report.profile.environment.environment == .host)
    // Every host name is one ld could not find without glibc, except the stack-protector handler, which the
    // nolibc-like library has but whose guard the archive reads from TLS: nm shows it never names the guard.
    let undefined = try NMFacts.undefined(runtime)
    for symbol in report.profile.environment.hostSymbols {
      if symbol.name == "__stack_chk_fail" {
        #expect(!undefined.contains("__stack_chk_guard"))
      } else {
        #expect(missing.contains(symbol.name), "ld found \(symbol.name)")
      }
    }
  }

  @Test(arguments: ["x86_64-linux-gnu", "i386-linux-gnu", "aarch64-linux-gnu"], ["-fPIC", "-fPIE", "-fno-pic"])
  func codeModelFollowsWhatTheLinkerAccepts(_ triple: String, _ flag: String) throws {
    let scratch = try Scratch("freestanding")
    let runtime = try scratch.freestandingRuntime(target: triple, extraFlags: [flag])
    // Does ld take this code into a shared object, and into a position-independent executable (names aside)?
    let shared = try Tool.run(
      "ld.lld", ["-shared", "-o", scratch.file("genode.so"), "--whole-archive", runtime, "--no-whole-archive"])
    let pie = try Tool.run(
      "ld.lld", ["-pie", "--unresolved-symbols=ignore-all", "-e", "caml_start_program", "-o", scratch.file("pie.exe"),
        "--whole-archive", runtime, "--no-whole-archive"])

    let report = try RuntimeArchiveClassifier.classify(path: runtime)
    #expect(report.profile.machine.description == String(triple.prefix { $0 != "-" }))
    let codeModel = report.profile.build.codeModel
    #expect((codeModel == .positionIndependent) == (shared.status == 0), "\(codeModel): \(shared.stderr)")
    #expect((codeModel == .positionDependent) == (pie.status != 0), "\(codeModel): \(pie.stderr)")
    // genode links a shared object; hvt a static executable, which takes any of them.
    #expect(report.verdict(for: .genode).suits == (shared.status == 0))
    #expect(report.verdict(for: .hvt).suits)
    #expect(report.profile.environment.environment == .freestanding)
  }

  @Test func namesNeitherLibraryHasLeaveItUndetermined() throws {
    let scratch = try Scratch("freestanding")
    let runtime = try scratch.freestandingRuntime(
      "libasmrun_ssl.a",
      extraMembers: [("ssl.n.o", "extern int SSL_library_init(void);\nint caml_ssl_init(void) { return SSL_library_init(); }\n")])
    let withoutLibc = try scratch.linkAgainstNolibcLike(runtime)
    #expect(withoutLibc.status != 0)
    #expect(try scratch.linkAgainstHostLibc(runtime).status != 0)

    let report = try RuntimeArchiveClassifier.classify(path: runtime)
    let evidence = report.profile.environment
    #expect(evidence.environment == .undetermined)
    // The unrecognised names are exactly those ld could not find without a C library.
    #expect(Set(evidence.unrecognised.map(\.name)) == NMFacts.undefinedReferences(inLinkerOutput: withoutLibc.stderr))
    #expect(!report.verdict(for: .hvt).suits)
    #expect(report.verdict(for: .unix).suits)
  }
}
