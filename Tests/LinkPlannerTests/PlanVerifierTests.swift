import Foundation
import LinkPlanner
import Testing
import TestSupport

/// Programs ld links without complaint but a tender or host would refuse: each fails verification for the
/// reason REFERENCE §5 gives, and the previous output stays byte for byte.
@Suite struct PlanVerifierTests {
  /// An era C sysroot copied into `scratch`, with `edit` applied to its `solo5_<target>.lds`.
  static func toolchain(in scratch: Scratch, target: String, editingScript edit: (String) -> String = { $0 }) throws -> String {
    let prefix = scratch.file("era-c")
    try FileManager.default.copyItem(atPath: try Unikernels.shared().toolchainPrefix, toPath: prefix)
    let script = "\(prefix)/lib/\(try Unikernels.architecture)-solo5-none-static/solo5_\(target).lds"
    try edit(try String(contentsOfFile: script, encoding: .utf8)).write(toFile: script, atomically: true, encoding: .utf8)
    return prefix
  }

  static func plan(_ target: Target, sysroot: String, inputs: [String]? = nil, manifest: String?, extra: [String] = [], in scratch: Scratch) throws -> LinkPlan {
    let objects = try inputs ?? [Unikernels.shared().unikernel]
    var planner = TargetLinkPlanner(target: target, inputs: objects, output: scratch.file("unikernel.\(target)"), scratchDirectory: scratch.path)
    planner.sysroot = sysroot
    planner.manifest = manifest
    planner.extraArguments = extra
    return try planner.plan()
  }

  /// Links, expects a verification failure of `check` whose detail contains `words`, and the old output kept.
  static func expectRefusal(_ plan: LinkPlan, inputs: [String]? = nil, check: String, saying words: String) throws {
    let previous = "previous program\n"
    let outcome = try PlanLinkTests.link(plan, inputs: try inputs ?? [Unikernels.shared().unikernel], over: previous)
    #expect(outcome.result == .notVerified, "\(outcome.linkerMessages)")
    let failed = outcome.verification?.checks.filter { $0.outcome == .failed } ?? []
    #expect(failed.map(\.name) == [check], "\(failed)")
    #expect(failed.first?.detail.contains(words) == true, "\(failed)")
    #expect(try String(contentsOfFile: outcome.output, encoding: .utf8) == previous)
    #expect(try PlanLinkTests.leftovers(in: (outcome.output as NSString).deletingLastPathComponent).isEmpty)
  }

  @Test func hvtWithoutAManifestIsRefused() throws {
    let scratch = try Scratch("verify")
    let plan = try Self.plan(.hvt, sysroot: try Unikernels.shared().toolchainPrefix, manifest: nil, in: scratch)
    try Self.expectRefusal(plan, check: "MFT1", saying: "No Solo5 manifest found in executable")
  }

  @Test func aManifestOfAnotherVersionIsRefused() throws {
    let scratch = try Scratch("verify")
    let manifest = try Unikernels.compileManifest(in: scratch, name: "manifest2.o", flags: ["-DMANIFEST_VERSION=2"])
    let plan = try Self.plan(.spt, sysroot: try Unikernels.shared().toolchainPrefix, manifest: manifest, in: scratch)
    try Self.expectRefusal(plan, check: "MFT1", saying: "manifest version 2")
  }

  @Test func anEntryOtherThanStartIsRefused() throws {
    let unikernels = try Unikernels.shared()
    let scratch = try Scratch("verify")
    let plan = try Self.plan(.virtio, sysroot: unikernels.toolchainPrefix, manifest: unikernels.manifest, extra: ["-e", "solo5_app_main"], in: scratch)
    try Self.expectRefusal(plan, check: "entry", saying: "is not _start")
  }

  @Test func symbolsLeftUndefinedAreRefused() throws {
    let unikernels = try Unikernels.shared()
    let scratch = try Scratch("verify")
    let object = try Unikernels.compileCallingMissing(in: scratch)
    let plan = try Self.plan(
      .muen, sysroot: unikernels.toolchainPrefix, inputs: [object], manifest: unikernels.manifest, extra: ["--warn-unresolved-symbols"], in: scratch)
    // ld warns, succeeds, and keeps no trace of the symbol in a static program's table: its message counts.
    try Self.expectRefusal(plan, inputs: [object], check: "undefined", saying: "missing_function (the linker reported them and linked anyway)")
  }

  @Test func anABINoteForAnotherTargetIsRefused() throws {
    let scratch = try Scratch("verify")
    let prefix = try Self.toolchain(in: scratch, target: "hvt")
    let folder = "\(prefix)/lib/\(try Unikernels.architecture)-solo5-none-static"
    try FileManager.default.removeItem(atPath: "\(folder)/solo5_hvt.o")
    try FileManager.default.copyItem(atPath: "\(folder)/solo5_spt.o", toPath: "\(folder)/solo5_hvt.o")
    let plan = try Self.plan(.hvt, sysroot: prefix, manifest: try Unikernels.shared().manifest, in: scratch)
    try Self.expectRefusal(plan, check: "ABI1", saying: "target spt (2), version 2, but the program is linked for hvt (1)")
  }

  @Test func anABINoteTheTenderCannotSeeIsRefused() throws {
    let scratch = try Scratch("verify")
    // The ABI1 note moved into the OpenBSD note's PT_NOTE: Solo5's loader reads only the first note of each.
    let prefix = try Self.toolchain(in: scratch, target: "hvt") { $0.replacingOccurrences(of: ":note.abi", with: ":note.not_openbsd") }
    let plan = try Self.plan(.hvt, sysroot: prefix, manifest: try Unikernels.shared().manifest, in: scratch)
    try Self.expectRefusal(plan, check: "ABI1", saying: "not the first note of a PT_NOTE, so the solo5-hvt tender does not see it")
  }

  @Test func aDroppedInterpreterIsRefused() throws {
    let scratch = try Scratch("verify")
    let prefix = try Self.toolchain(in: scratch, target: "xen") { script in
      script.split(separator: "\n").filter { !$0.contains("/* interp */") }.joined(separator: "\n") + "\n"
    }
    let plan = try Self.plan(.xen, sysroot: prefix, manifest: try Unikernels.shared().manifest, in: scratch)
    try Self.expectRefusal(plan, check: "PT_INTERP", saying: "none, though the bindings set /nonexistent/solo5/")
  }
}
