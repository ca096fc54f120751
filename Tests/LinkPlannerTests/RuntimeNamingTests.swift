import LinkPlanner
import Testing

/// Names of runtime archives and of their members, for the eras no archive on this machine comes from. The member
/// lists follow the runtime makefiles of OCaml 4.07 (`asmrun/Makefile`: `$(COBJS:.o=.d.o)`, assembly objects
/// unchanged), 4.08–4.11 (`runtime/Makefile`: `_nd.$(O)`, `_libasmrunpic.$(O)`) and 4.12+ (`.nd.$(O)`).
@Suite struct RuntimeNamingTests {
  @Test(arguments: [
    ("libasmrun.a", RuntimeKind.native, RuntimeVariant.plain, nil as String?),
    ("libasmrund.a", .native, .debug, "-runtime-variant d"),
    ("libcamlruni.a", .bytecode, .instrumented, "-runtime-variant i"),
    ("libasmrun_pic.a", .native, .pic, "-runtime-variant _pic"),
    ("libasmrun_freestanding.a", .native, .custom(suffix: "_freestanding"), "-runtime-variant _freestanding"),
  ])
  func archiveNames(_ file: String, _ kind: RuntimeKind, _ variant: RuntimeVariant, _ flag: String?) throws {
    let name = try #require(RuntimeArchiveName(fileName: file))
    #expect(name.kind == kind)
    #expect(name.variant == variant)
    #expect(name.variant.flag == flag)
    #expect(name.variant.archiveName(kind) == file)
  }

  @Test func otherFilesAreNotRuntimeArchives() {
    for file in ["libasmrun_shared.so", "libunix.a", "libcamlstr.a", "asmrun.a"] {
      #expect(RuntimeArchiveName(fileName: file) == nil, "\(file)")
    }
  }

  @Test(arguments: [
    (["startup.d.o", "alloc.d.o", "minor_gc.d.o", "amd64.o"], RuntimeMemberNaming.upTo4_07, RuntimeVariant.debug),
    (["startup_n.o", "alloc_n.o", "signals_nat_n.o", "amd64.o"], .from4_08To4_11, .plain),
    (["startup_npic.o", "alloc_npic.o", "amd64_libasmrunpic.o"], .from4_08To4_11, .pic),
    (["interp_bd.o", "alloc_bd.o", "instrtrace_bd.o"], .from4_08To4_11, .debug),
    (["startup_aux.ni.o", "signals_nat.ni.o", "amd64.o"], .from4_12, .instrumented),
  ])
  func memberNamingEras(_ members: [String], _ naming: RuntimeMemberNaming, _ variant: RuntimeVariant) throws {
    let evidence = try #require(RuntimeMemberNamingEvidence(memberNames: members))
    #expect(evidence.naming == naming)
    #expect(evidence.builtAs == variant)
  }

  @Test func unmarkedMembersProveNothing() {
    // A plain ≤ 4.07 runtime and a runtime built by other makefiles both name members `x.o`.
    #expect(RuntimeMemberNamingEvidence(memberNames: ["startup.o", "alloc.o", "amd64.o"]) == nil)
  }

  @Test func versionRangesIntersect() throws {
    let naming = RuntimeMemberNaming.from4_12.versions
    let stateGlobal = OCamlVersionRange(oldest: OCamlVersion(4, 10), newest: OCamlVersion(4, 14))
    let both = try #require(naming.intersection(stateGlobal))
    #expect(both.description == "4.12–4.14")
    #expect(RuntimeMemberNaming.upTo4_07.versions.intersection(stateGlobal) == nil)
    #expect(RuntimeMemberNaming.upTo4_07.versions.description == "4.07 or earlier")
  }
}
