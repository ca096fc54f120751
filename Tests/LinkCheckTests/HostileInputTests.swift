import Foundation
import Testing
import TestSupport

@testable import ElfKitFuzz

/// The corrupt corpus (over a thousand broken objects and archives) through the real `link-check`: every file
/// through `symbols`, `runtime` and `diff`, every other one through `check -- ld`, each run under a 1 GiB
/// address-space limit and 5 s of CPU, two at a time. Each must end with its ordinary output or with exit 2 and
/// one line naming the file (and the member); never a signal, never more than 5 s, never more than 1 GiB. All
/// the files also go through the fuzzer's driver in-process (every ElfKit reader, the resolver with the check
/// analyser, the runtime classifier and the symbol diff).
@Suite(.serialized) struct HostileInputTests {
  /// One command over a corrupt file, with the statuses that mean it was read and reported on.
  struct Command: Sendable {
    var name: String
    var arguments: @Sendable (CorruptFile) -> [String]
    var successes: Set<Int32>
  }

  static let commands = [
    Command(name: "symbols", arguments: { ["symbols", "-s", "--format", "json", $0.path] }, successes: [0]),
    // A target makes the check read notes too (the Solo5 ABI note).
    Command(name: "check", arguments: { ["check", "--target", "hvt", "--", "ld", $0.path] }, successes: [0, 1]),
    Command(name: "runtime", arguments: { ["runtime", $0.path] }, successes: [0, 1]),
    Command(name: "diff", arguments: { ["diff", $0.original, $0.path] }, successes: [0, 4, 12]),
  ]

  static let secondsAllowed = 5.0
  static let bytesAllowed = 1 << 30
  /// 1 GiB of address space and 5 s of CPU; an AddressSanitizer build is measured (`ru_maxrss`) but not limited.
  static let limits = limited(to: bytesAllowed)

  /// The limits with `bytes` of address space, unless the executable is built with AddressSanitizer.
  static func limited(to bytes: Int) -> BoundedRun.Limits {
    var limits = BoundedRun.Limits()
    limits.addressSpaceBytes = BoundedRun.isAddressSanitized(LinkCheckExecutable.path) ? nil : bytes
    return limits
  }

  @Test func corruptCorpusThroughTheCommandLine() async throws {
    let scratch = try Scratch("hostile")
    let corpus = try CorruptCorpus(in: scratch)
    #expect(corpus.files.count >= 1000)
    // `check` (the slowest: it asks ld for its defaults) takes every other file; the driver test takes them all.
    let jobs = corpus.files.enumerated().flatMap { position, file in
      Self.commands.filter { $0.name != "check" || position % 2 == 0 }.map { (file, $0) }
    }
    let outcomes = try await BoundedRun.runAll(jobs.map { $1.arguments($0) }, program: LinkCheckExecutable.path, limits: Self.limits)
    var problems: [String] = []
    for ((file, command), outcome) in zip(jobs, outcomes) {
      if let problem = Self.problem(with: outcome, of: command, on: file) {
        problems.append("\(command.name) \(file.path) [\(file.defect)]: \(problem)")
      }
    }
    // Where GNU nm and readelf both reject a file, `symbols` must too: exit 2, or the file in the JSON `errors`.
    let nm = try await BoundedRun.runAll(corpus.files.map { [$0.path] }, program: try Tool.which("nm"), limits: Self.limits)
    let readelf = try await BoundedRun.runAll(
      corpus.files.map { ["-sW", $0.path] }, program: try Tool.which("readelf"), limits: Self.limits)
    for ((file, command), outcome) in zip(jobs, outcomes) where command.name == "symbols" {
      guard let index = corpus.files.firstIndex(where: { $0.path == file.path }), nm[index].status != 0,
        readelf[index].status != 0
      else { continue }
      if let problem = Self.acceptsWhatNMRejects(outcome) {
        problems.append("symbols \(file.path) [\(file.defect)]: nm rejects it (\(nm[index].stderr.prefix(200))) but \(problem)")
      }
    }
    var statuses: [String: Int] = [:]
    for ((_, command), outcome) in zip(jobs, outcomes) { statuses["\(command.name) \(outcome.status ?? -1)", default: 0] += 1 }
    let slowest = outcomes.map(\.cpuSeconds).max() ?? 0
    let largest = outcomes.map(\.maxResidentBytes).max() ?? 0
    print(
      "hostile corpus: \(corpus.files.count) files, \(outcomes.count) runs, \(problems.count) problems; "
        + "slowest \(String(format: "%.2f", slowest)) s, largest \(largest >> 20) MiB; exit statuses "
        + statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
    #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
  }

  @Test func corruptCorpusThroughTheFuzzDriver() throws {
    let scratch = try Scratch("hostile-driver")
    let corpus = try CorruptCorpus(in: scratch)
    let driver = FuzzDriver(input: InputFile(directory: try Scratch(existing: scratch.file("driver")).path))
    var slowest = (seconds: 0.0, file: "")
    for file in corpus.files {
      let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file.path)))
      let seconds = CPUTime.measure { bytes.withUnsafeBytes { driver.run($0) } }.seconds
      if seconds > slowest.seconds { slowest = (seconds, "\(file.path) [\(file.defect)]") }
    }
    #expect(slowest.seconds < Self.secondsAllowed, "slowest: \(slowest.file), \(slowest.seconds) s")
  }

  /// Huge claimed sizes never cause a huge allocation: each claim is refused (exit 2) by a `link-check symbols`
  /// that may not map more than 256 MiB. An `ar` size field holds ten digits (up to 9999999999 bytes); the 64-bit
  /// index (`/SYM64/`) and ELF sections can claim 2^60; names that overlap in one long string claim gigabytes.
  @Test func hugeClaimedSizesAreRefusedWithoutAllocating() async throws {
    let scratch = try Scratch("huge")
    let object = try ElfEditor.reading(try scratch.compileC("unit.o", Recipes.crossArchitectureSource))
    let symtab = try #require(object.section(ofType: ElfEditor.SectionType.symtab))
    func claiming(_ value: UInt64, _ field: ElfEditor.Field, of base: Int = 0, extended: Bool = false) -> [UInt8] {
      var editor = object
      editor.write(value, to: field, of: base)
      if extended { editor.write(0, to: ElfEditor.Header.shnum) }
      return editor.bytes
    }
    let section40 = claiming(1 << 40, ElfEditor.SectionField.size, of: symtab.headerOffset)
    let section60 = claiming(1 << 60, ElfEditor.SectionField.size, of: symtab.headerOffset)
    // Extended numbering: e_shnum 0, the count in section 0's sh_size.
    let sectionTable = claiming(
      0xffff_ffff, ElfEditor.SectionField.size, of: Int(object.read(ElfEditor.Header.shoff)), extended: true)
    let member = (name: "unit.o", bytes: object.bytes)
    var memberSize = ArchiveEditor.gnu([member], symbols: [], index: .none)
    memberSize.replaceSubrange(8 + 48..<8 + 58, with: Array("9999999999".utf8))  // the first header's size
    var index64 = ArchiveEditor.gnu([member], symbols: [(name: "caller", member: 0)], index: .gnu64)
    index64.replaceSubrange(8 + 60..<8 + 68, with: ArchiveEditor.bigEndian(1 << 60, width: 8))  // the entry count
    let files = [
      ("section-2^40.o", section40), ("section-2^60.o", section60), ("sections-2^32.o", sectionTable),
      ("libsize.a", memberSize), ("libindex64.a", index64),
      ("libsection.a", ArchiveEditor.gnu([(name: "unit.o", bytes: section60)], symbols: [])),
      ("overlapping.o", try OverlappingNames.object(in: scratch)), ("liblongnames.a", OverlappingNames.longNames()),
      ("libbsdindex.a", OverlappingNames.bsdIndex(member: object.bytes)),
    ]
    let paths = try files.map { try scratch.write($0.0, bytes: $0.1) }
    let outcomes = try await BoundedRun.runAll(
      paths.map { ["symbols", "-s", $0] }, program: LinkCheckExecutable.path, limits: Self.limited(to: 256 << 20))
    for (path, outcome) in zip(paths, outcomes) {
      #expect(outcome.signal == nil && outcome.status == 2, "\(path): \(outcome.status ?? -1) \(outcome.stderr)")
      #expect(
        ["claims", "runs past the end", "names overlap"].contains { outcome.stderr.contains($0) }, "\(path): \(outcome.stderr)")
      #expect(outcome.maxResidentBytes < 256 << 20)
    }
  }

  /// Was: `diff` summed symbol sizes with trapping arithmetic, so sizes near 2^64 killed it (found by the fuzzer).
  @Test func diffOfSymbolSizesThatOverflow() throws {
    let scratch = try Scratch("sizes")
    let old = try scratch.compileC("old.o", "int a[4];\nint b[4];\nint c[4];\n", flags: ["-fno-common"])
    var editor = try ElfEditor.reading(old)
    let symtab = try #require(editor.section(ofType: ElfEditor.SectionType.symtab))
    for at in editor.entries(of: symtab, entrySize: editor.symbolSize).dropFirst() {
      editor.write(1 << 63, to: ElfEditor.SymbolField.size, of: at)
    }
    let new = try scratch.write("new.o", bytes: editor.bytes)
    for format in ["text", "json"] {
      let result = try LinkCheckExecutable.run(["diff", "--format", format, old, new])
      #expect(result.signal == nil && result.status == 4, "\(result.status): \(result.stderr)")
    }
  }

  /// Small inputs that once cost minutes or gigabytes, each through the command that choked on it (found by the
  /// fuzzer, and by reading where names are copied): never a signal, more than 5 s or more than 1 GiB.
  @Test func smallInputsThatWereCostly() async throws {
    let scratch = try Scratch("costly")
    let unit = try scratch.compileC("unit.o", Recipes.crossArchitectureSource)
    // Was a stack overflow: the script parser recursed once per brace.
    let deep = String(repeating: "{", count: 100_000) + " INPUT(\(unit)) " + String(repeating: "}", count: 100_000)
    let script = try scratch.write("deep.ld", deep)
    // Was quadratic (the fuzzer's timeout): each assignment of a script that leaves out the `;` read the rest of the
    // script as its expression.
    let assignments = (0..<20_000).map { "f\($0) = g\($0)\n" }.joined()
    let unterminated = try scratch.write("unterminated.ld", assignments)
    // Was quadratic in the nesting (found by profiling the fuzzer): an assignment's expression 20,000 parentheses
    // deep, with and without a conditional inside (6.4 s of CPU in release before).
    let nest = String(repeating: "(", count: 20_000)
    let unnest = String(repeating: ")", count: 20_000)
    let nested = try scratch.write(
      "nested.ld", "f0 = \(nest)f1\(unnest);\nf2 = \(nest)DEFINED(f1) ? f1 : 0\(unnest);\n")
    // Was 2 minutes: the near-miss search compared every pair of long names, each in time of its length squared.
    let prefix = "p" + String(repeating: "a", count: 200)
    let undefined = (0..<40).map { "\(prefix)_u\($0)" }
    let alikeSource = undefined.map { "extern int \($0)(void);" }.joined(separator: "\n")
      + (0..<200).map { "\nint \(prefix)_d\($0)(void) { return \($0); }" }.joined()
      + "\nint use(void) { return " + undefined.map { "\($0)()" }.joined(separator: " + ") + "; }\n"
    let alike = try scratch.compileC("alike.o", alikeSource)
    // Was 10 GB: every call site copied the name of the function it lies in (and decoded it, if OCaml's).
    func calls(from name: String, _ object: String) throws -> String {
      try scratch.compileC(
        object, "__asm__(\".text\\n.globl \(name)\\n.type \(name),@function\\n\(name):\\n"
          + ".rept 100000\\ncall missing_function\\n.endr\\n.size \(name), .-\(name)\\n\");\n")
    }
    let long = try calls(from: String(repeating: "F", count: 1 << 20), "long.o")
    let ocaml = try calls(from: "camlHostile__" + String(repeating: "f", count: 4000) + "_1", "ocaml.o")
    // Exponential in ld (elflink.c, `on_needed_list`, asks again of every earlier entry; GNU ld 2.40 takes 0.29 s
    // of CPU for 22 of them and 1.37 s for 24): `--as-needed` libraries that define nothing used, each needing every
    // later one and libx.so, whose `fx` libk.so calls. check looks at each entry of the needed list once.
    let chainLength = 40
    let fx = try scratch.compileC("fx.o", "int fx(void) { return 0; }\n", flags: ["-fPIC"])
    let libx = scratch.file("libx.so")
    try Tool.succeed("ld", ["-shared", "-soname", "libx.so", "-o", libx, fx])
    var chain: [String] = []
    for index in stride(from: chainLength, through: 1, by: -1) {
      let unit = try scratch.compileC("d\(index).o", "int d\(index)(void) { return 0; }\n", flags: ["-fPIC"])
      let library = scratch.file("libd\(index).so")
      try Tool.succeed("ld", ["-shared", "-soname", "libd\(index).so", "-o", library, unit, "--no-as-needed"] + chain + [libx])
      chain.insert(library, at: 0)
    }
    let fk = try scratch.compileC("fk.o", "int fx(void);\nint fk(void) { return fx(); }\n", flags: ["-fPIC"])
    let libk = scratch.file("libk.so")
    try Tool.succeed("ld", ["-shared", "-soname", "libk.so", "-o", libk, fk])
    let chainMain = try scratch.compileC("chainmain.o", "int fk(void);\nvoid _start(void) { fk(); }\n")
    let cases: [(String, [String])] = [
      ("a linker script 100,000 braces deep", ["check", "--", "ld", script]),
      ("a linker script of 20,000 assignments without `;`", ["check", "--", "ld", unit, unterminated]),
      ("assignments 20,000 parentheses deep", ["check", "--", "ld", unit, nested]),
      ("40 undefined and 200 defined names alike but for their last bytes", ["check", "--", "ld", alike]),
      ("100,000 calls from a function named with 1 MiB", ["check", "--", "ld", long]),
      ("the same through the runtime classifier", ["runtime", long]),
      ("100,000 calls from an OCaml function named with 4 KB", ["check", "--", "ld", ocaml]),
      ("\(chainLength) --as-needed shared objects, each needing every later one", ["check", "--", "ld", chainMain, libk, "--as-needed"] + chain + [libx, "-o", scratch.file("chain")]),
    ]
    let outcomes = try await BoundedRun.runAll(cases.map(\.1), program: LinkCheckExecutable.path, limits: Self.limits)
    for ((label, _), outcome) in zip(cases, outcomes) {
      #expect(outcome.signal == nil, "\(label): \(outcome.stderr.prefix(300))")
      #expect(outcome.cpuSeconds < Self.secondsAllowed, "\(label): \(outcome.cpuSeconds) s of CPU")
      #expect(outcome.maxResidentBytes < Self.bytesAllowed, "\(label): \(outcome.maxResidentBytes >> 20) MiB")
    }
    // libx.so is on no needed list but the dropped libraries': it is kept for libk.so's `fx`, and the line links.
    #expect(outcomes.last?.status == 0, "\(outcomes.last?.stdout.prefix(300) ?? "")")
  }

  /// Was a stack overflow (found by the fuzzer): a linker script given as an input that names itself, directly,
  /// through a symbolic link or through another script, was loaded again and again. GNU ld 2.40 loops on these
  /// until it is killed and ld.lld overflows its stack; `check` refuses the script in one line (exit 2).
  @Test func linkerScriptsThatNameThemselves() throws {
    let scratch = try Scratch("script-loop")
    let unit = try scratch.compileC("unit.o", Recipes.crossArchitectureSource)
    let itself = try scratch.write("libself.a", "GROUP ( libself.a )\n")
    let first = try scratch.write("libfirst.a", "INPUT ( libsecond.a )\n")
    _ = try scratch.write(
      "libsecond.a", "/* GNU ld script */\nGROUP ( \(scratch.file("libfirst.a")) )\n")
    let linked = scratch.file("liblinked.a")
    _ = try scratch.write("libtarget.a", "INPUT ( liblinked.a )\n")
    try FileManager.default.createSymbolicLink(atPath: linked, withDestinationPath: "libtarget.a")
    for script in [itself, first, linked] {
      let result = try LinkCheckExecutable.run(["check", "--", "ld", unit, script])
      #expect(
        result.signal == nil && result.status == 2, "\(script): \(result.status) \(result.stderr)")
      #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
      #expect(
        result.stderr.contains("names itself") && result.stderr.contains(".a:"), "\(result.stderr)")
    }
  }

  /// The near-miss search still finds a typo after it was bounded (see `smallInputsThatWereCostly`).
  @Test func nearMissHintSurvivesTheBounds() throws {
    let scratch = try Scratch("typo")
    let object = try scratch.compileC(
      "typo.o", "extern int compute_totl(int);\nint compute_total(int x) { return x; }\nint f(int x) { return compute_totl(x); }\n")
    let result = try LinkCheckExecutable.run(["check", "--", "ld", object])
    #expect(result.status == 1)
    #expect(result.output.contains("did you mean `compute_total`?"), "\(result.output)")
  }

  /// No file name reaches a shell: names full of shell syntax go through every command and create nothing.
  @Test func fileNamesAreNeverInterpretedByAShell() throws {
    let scratch = try Scratch("shell")
    let object = try scratch.compileC("unit.o", Recipes.crossArchitectureSource)
    let names = ["$(touch pwned-1).o", "`touch pwned-2`.o", "x; touch pwned-3.o", "x' && touch 'pwned-4.o", "-o pwned-5.o"]
    for name in names {
      let path = try scratch.write(name, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: object))))
      for arguments in [["symbols", path], ["check", "--target", "hvt", "--", "ld", path], ["runtime", path], ["diff", object, path]] {
        let result = try LinkCheckExecutable.run(arguments, directory: scratch.path)
        #expect(result.signal == nil)
      }
    }
    let created = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasPrefix("pwned") }
    #expect(created.isEmpty)
  }

  /// The audit the README promises, kept true: no source spawns a shell (`/bin/sh`, `system(3)`, `popen(3)`).
  @Test func noSourceRunsAShell() throws {
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources").standardized
    let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
    #expect(!files.isEmpty)
    for file in files {
      let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      for pattern in ["/bin/sh", "system(", "popen("] {
        #expect(!text.contains(pattern), "\(file) contains \(pattern)")
      }
    }
  }

  /// Why a `symbols --format json` run did not reject its file, or nil when it did (exit 2, or `errors` not empty).
  static func acceptsWhatNMRejects(_ outcome: BoundedRun.Outcome) -> String? {
    if outcome.status == 2 { return nil }
    guard let document = try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any] else {
      return "link-check exited \(outcome.status ?? -1) without a JSON document"
    }
    return (document["errors"] as? [Any])?.isEmpty == false ? nil : "link-check exited \(outcome.status ?? -1) with no errors"
  }

  /// What is wrong with one run, or nil when it ended as it must.
  static func problem(with outcome: BoundedRun.Outcome, of command: Command, on file: CorruptFile) -> String? {
    if let signal = outcome.signal { return "killed by signal \(signal)\n\(outcome.stderr.suffix(400))" }
    if outcome.cpuSeconds > secondsAllowed { return "took \(outcome.cpuSeconds) s of CPU" }
    if outcome.maxResidentBytes > bytesAllowed { return "used \(outcome.maxResidentBytes >> 20) MiB" }
    guard let status = outcome.status else { return "no status" }
    // `diff` prints nothing for identical symbols (exit 0).
    if command.successes.contains(status) {
      return outcome.stdout.isEmpty && !(command.name == "diff" && status == 0) ? "exit \(status) without output" : nil
    }
    guard status == 2 else { return "exit status \(status): \(outcome.stderr.prefix(300))" }
    return errorLineProblem(outcome.stderr, command: command, file: file)
  }

  /// An input error must be reported as `link-check: FILE(MEMBER): problem`, one line. `symbols` goes on past
  /// an unreadable member, as nm does, so it may give one such line per member; the other commands stop at one.
  static func errorLineProblem(_ stderr: String, command: Command, file: CorruptFile) -> String? {
    let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    guard !lines.isEmpty else { return "exit 2 without a message" }
    if command.name != "symbols" && lines.count != 1 { return "\(lines.count) lines on stderr:\n\(stderr.prefix(600))" }
    let name = (file.path as NSString).lastPathComponent
    for line in lines {
      guard line.hasPrefix("link-check: "), line.contains(name) else { return "a line that does not name \(name): \(line)" }
      if let member = file.member, !line.contains("(\(member)") { return "a line that does not name member \(member): \(line)" }
    }
    return nil
  }
}
