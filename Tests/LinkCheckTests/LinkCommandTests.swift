import Foundation
import Testing
import TestSupport

/// `link-check link` as the final step of a build: every target links and verifies; the synthetic spt program
/// and a unix OCaml program run; failures show ld's messages and then link-check's, and leave the previous
/// program byte for byte; concurrent links of one output never leave a corrupt file.
@Suite struct LinkCommandTests {
  /// Bytes that stand for a previous build's program.
  static let previous = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) })

  static func leftovers(in folder: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".link-check-") || $0.hasSuffix(".tmp") }
  }

  @Test(arguments: Unikernels.cases)
  func linksAndVerifiesEveryTarget(_ testCase: Unikernels.Case) throws {
    let scratch = try Scratch("link-cli")
    let output = scratch.file("unikernel.\(testCase.target)")
    try Self.previous.write(to: URL(fileURLWithPath: output))
    let result = try LinkCheckExecutable.run(["link"] + (try PlanCommandTests.arguments(testCase, output: output)))
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.output.split(separator: "\n")
    #expect(lines.first == "linked \(output)")
    #expect(lines.count >= 5 && lines.dropFirst().allSatisfy { $0.hasPrefix("  ok ") }, "\(result.output)")
    #expect(FileManager.default.contents(atPath: output) != Self.previous)
    #expect(try Self.leftovers(in: scratch.path).isEmpty)
    try Self.verifierAgreesWithReadelf(output, lines.map(String.init), abiNote: testCase.target != "stub")
  }

  /// What the verifier said ok about, read again by `readelf -hlnW`: the entry address is `_start`'s, the
  /// program interpreter is the one (or the none) it named, and the Solo5 ABI1 note is in a `PT_NOTE`.
  static func verifierAgreesWithReadelf(_ program: String, _ lines: [String], abiNote: Bool) throws {
    let readelf = try Tool.succeed("readelf", ["-hlnW", program]).output.split(separator: "\n").map(String.init)
    func value(after label: String) -> String? {
      readelf.first { $0.contains(label) }.map { String($0[$0.range(of: label)!.upperBound...]).trimmingCharacters(in: .whitespaces) }
    }
    let entry = try #require(value(after: "Entry point address:"))
    let start = try #require(try ReadElf.symbols(program).first { $0.name == "_start" })
    #expect(UInt64(entry.dropFirst(2), radix: 16) == start.value, "readelf: entry \(entry), _start 0x\(String(start.value, radix: 16))")
    let entryLine = try #require(lines.first { $0.contains(" entry ") })
    #expect(entryLine.contains(entry), "\(entryLine) vs readelf's \(entry)")
    let interpreter = value(after: "[Requesting program interpreter:").map { String($0.dropLast()) }
    let interpreterLine = try #require(lines.first { $0.contains("PT_INTERP") })
    #expect(interpreterLine.contains(interpreter ?? "none"), "\(interpreterLine) vs readelf's \(interpreter ?? "none")")
    guard abiNote else { return }
    #expect(readelf.contains { $0.hasPrefix("  NOTE") }, "a PT_NOTE segment")
    #expect(try ReadElf.notes(program).contains { $0.owner == "Solo5" && ($0.type ?? 0x3149_4241) == 0x3149_4241 })
  }

  @Test(arguments: ["pkg-config", "toolchain"])
  func theSynthetic_sptProgramRunsDirectlyOnLinux(era: String) throws {
    let scratch = try Scratch("link-spt")
    let output = scratch.file("hello.spt")
    let result = try LinkCheckExecutable.run(["link"] + (try PlanCommandTests.arguments(Unikernels.Case(target: "spt", era: era), output: output)))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.output.contains("ok   PT_INTERP  none, as the bindings set none"))
    let run = try Tool.run(output, [])
    #expect(run.status == 0 && run.signal == nil)
    #expect(run.output == Unikernels.greeting + "\n")
  }

  @Test func anOCamlProgramLinksForUnixAndRuns() throws {
    let object = try OCamlPrograms.shared().objects["hello"]!
    let scratch = try Scratch("link-unix")
    let output = scratch.file("hello")
    let result = try LinkCheckExecutable.run(["link", object, "--target", "unix", "-o", output])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.output.contains("ok   PT_INTERP  /lib"))
    #expect(try Tool.run(output, []).output == "hello\n")
    #expect(FileManager.default.fileExists(atPath: output + ".main.o"))
  }

  @Test func anLdFailureShowsLdThenTheExplanationAndKeepsTheOldProgram() throws {
    let unikernels = try Unikernels.shared()
    let scratch = try Scratch("link-fail")
    let object = try Unikernels.compileCallingMissing(in: scratch)
    let output = scratch.file("unikernel.hvt")
    try Self.previous.write(to: URL(fileURLWithPath: output))
    let result = try LinkCheckExecutable.run(
      ["link", object, "--target", "hvt", "-o", output, "--manifest", unikernels.manifest, "--sysroot", unikernels.toolchainPrefix])
    #expect(result.status == 1)
    let ld = try #require(result.stderr.range(of: "undefined reference to `missing_function'"))
    let failed = try #require(result.stderr.range(of: "link-check: ld failed (exit status 1); \(output) is left as it was"))
    let explanation = try #require(result.stderr.range(of: "error: undefined symbol: missing_function"))
    #expect(ld.lowerBound < failed.lowerBound && failed.lowerBound < explanation.lowerBound, "\(result.stderr)")
    #expect(result.stderr.contains(">>> referenced by \(object):(.text"))
    #expect(FileManager.default.contents(atPath: output) == Self.previous)
    #expect(try Self.leftovers(in: scratch.path).isEmpty)
  }

  @Test func aVerificationFailureKeepsTheOldProgram() throws {
    let unikernels = try Unikernels.shared()
    let scratch = try Scratch("link-unverified")
    let output = scratch.file("unikernel.hvt")
    try Self.previous.write(to: URL(fileURLWithPath: output))
    let result = try LinkCheckExecutable.run(["link", unikernels.unikernel, "--target", "hvt", "-o", output] + unikernels.options("pkg-config"))
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("link-check: the linked program does not pass verification; \(output) is left as it was\n"))
    #expect(result.stderr.contains("  FAIL MFT1       no Solo5 MFT1 manifest note: the solo5-hvt tender reads it at start"))
    #expect(result.stdout.isEmpty)
    #expect(FileManager.default.contents(atPath: output) == Self.previous)
    #expect(try Self.leftovers(in: scratch.path).isEmpty)
  }

  @Test func aMissingPcIsAnInputErrorAndKeepsTheOldProgram() throws {
    let unikernels = try Unikernels.shared()
    let scratch = try Scratch("link-nopc")
    let output = scratch.file("unikernel.muen")
    try Self.previous.write(to: URL(fileURLWithPath: output))
    try FileManager.default.createDirectory(atPath: scratch.file("empty"), withIntermediateDirectories: true)
    let result = try LinkCheckExecutable.run(
      ["link", unikernels.unikernel, "--target", "muen", "-o", output, "--manifest", unikernels.manifest, "--pkg-config-path", scratch.file("empty")])
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("link-check: pkg-config cannot read solo5-bindings-muen.pc"), "\(result.stderr)")
    #expect(FileManager.default.contents(atPath: output) == Self.previous)
  }

  @Test func concurrentLinksOfOneOutputEachInstallAWholeProgram() throws {
    let unikernels = try Unikernels.shared()
    let scratch = try Scratch("link-race")
    let other = try scratch.compileC("other.o", Unikernels.source.replacingOccurrences(of: Unikernels.greeting, with: "another unikernel"), flags: Unikernels.cFlags)
    let object = try OCamlPrograms.shared().objects["hello"]!
    let spt = scratch.file("race.spt")
    let unix = scratch.file("race.unix")
    let commands = (0..<8).map { index in
      index % 4 == 3
        ? ["link", object, "--target", "unix", "-o", unix]
        : ["link", index % 2 == 0 ? unikernels.unikernel : other, "--target", "spt", "-o", spt, "--manifest", unikernels.manifest]
          + unikernels.options("toolchain")
    }
    let statuses = Statuses()
    DispatchQueue.concurrentPerform(iterations: commands.count) { index in
      statuses.set(index, (try? LinkCheckExecutable.run(commands[index]))?.status ?? -1)
    }
    #expect(statuses.all == Array(repeating: 0, count: commands.count))
    #expect([Unikernels.greeting + "\n", "another unikernel\n"].contains(try Tool.run(spt, []).output))
    #expect(try Tool.run(unix, []).output == "hello\n")
    #expect(try Self.leftovers(in: scratch.path).isEmpty)
  }

  @Test func checkOnlyIsCheck() throws {
    let unikernels = try Unikernels.shared()
    let object = try OCamlPrograms.shared().objects["unix"]!
    let scratch = try Scratch("link-check-only")
    for (target, options) in [("hvt", unikernels.options("pkg-config")), ("unix", [])] {
      let output = scratch.file("program.\(target)")
      let link = try LinkCheckExecutable.run(["link", "--check-only", object, "--target", target, "-o", output] + options)
      let check = try LinkCheckExecutable.run(["check", object, "--target", target] + options)
      #expect(link.status == check.status && link.status == (target == "unix" ? 0 : 1))
      // The same report; only the scratch folder holding the output named on the linker line differs.
      let scratchName = #/\/link-check-[0-9]+\//#
      #expect(link.output.replacing(scratchName, with: "/SCRATCH/") == check.output.replacing(scratchName, with: "/SCRATCH/"))
      #expect(!FileManager.default.fileExists(atPath: output) && !FileManager.default.fileExists(atPath: output + ".main.o"))
    }
  }
}

/// Exit statuses collected from concurrent runs.
private final class Statuses: @unchecked Sendable {
  private let lock = NSLock()
  private var values = [Int32](repeating: -2, count: 8)
  func set(_ index: Int, _ status: Int32) { lock.withLock { values[index] = status } }
  var all: [Int32] { lock.withLock { values } }
}
