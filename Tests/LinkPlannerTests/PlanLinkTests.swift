import Foundation
import LinkPlanner
import Testing
import TestSupport

/// Plans run by `Linker` with the real ld, for every target of both eras: the program is installed only when it
/// passes verification; on any failure the previous output stays byte for byte, and no temporary file is left.
@Suite struct PlanLinkTests {
  /// Links `plan` over an output that already holds `previous`.
  static func link(_ plan: LinkPlan, inputs: [String], over previous: String = "previous program\n") throws -> Linker.Outcome {
    let output = try #require(plan.outputPath)
    try previous.write(toFile: output, atomically: true, encoding: .utf8)
    return try Linker(plan: plan, verifier: LinkVerifier(expectations: LinkExpectations(plan: plan, inputs: inputs))).link()
  }

  /// The files of `folder` link-check left behind besides `expected`.
  static func leftovers(in folder: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".link-check-") || $0.hasSuffix(".tmp") }
  }

  @Test(arguments: Unikernels.cases)
  func linksAndVerifies(_ testCase: Unikernels.Case) throws {
    let unikernels = try Unikernels.shared()
    let scratch = try Scratch("plan-link")
    let plan = try PlanShapeTests.plan(testCase, output: scratch.file("unikernel.\(testCase.target)"))
    let outcome = try Self.link(plan, inputs: [unikernels.unikernel])
    let verification = try #require(outcome.verification)
    #expect(outcome.result == .installed, "\(outcome.linkerMessages) \(verification.checks)")
    var expected = ["ELF", "entry", "undefined", "ABI1", "MFT1", "PT_INTERP"]
    if testCase.target == "stub" { expected.removeAll { $0 == "ABI1" || $0 == "MFT1" } }
    #expect(verification.checks.map(\.name) == expected)
    #expect(verification.checks.allSatisfy { $0.outcome == .passed }, "\(verification.checks)")
    #expect(try Self.leftovers(in: scratch.path).isEmpty)
    // What ld wrote is what is installed: an ELF file, no longer the previous bytes.
    let header = try #require(FileManager.default.contents(atPath: outcome.output)?.prefix(4))
    #expect(Array(header) == [0x7f, 0x45, 0x4c, 0x46])
  }

  @Test func theUnixProgramOfAnOCamlObjectLinksAndVerifies() throws {
    let object = try OCamlPrograms.shared().objects["cstub"]!
    let scratch = try Scratch("plan-link-unix")
    let plan = try TargetLinkPlanner(target: .unix, inputs: [object], output: scratch.file("cstub.unix"), scratchDirectory: scratch.path).plan()
    let outcome = try Self.link(plan, inputs: [object])
    #expect(outcome.result == .installed, "\(outcome.linkerMessages) \(String(describing: outcome.verification?.checks))")
    #expect(try Tool.run(outcome.output, []).output == "42")
  }
}
