import Foundation
import TestSupport
import Testing

/// `link-check size`: every allocated byte attributed (the sum is what readelf reports), owners named as nm and
/// the unit markers say, the vchan-shaped case, the SVG treemap rendered by a real renderer, and bad input.
@Suite struct SizeCommandTests {
  private struct Owner {
    var name: String
    var kind: String
    var bytes: UInt64
    var units: [String: UInt64]
    var chain: [String]?
  }

  private struct Document {
    var total: UInt64
    var named: UInt64
    var owners: [Owner]
    func owner(_ name: String) -> Owner? { owners.first { $0.name == name } }
  }

  private func measure(_ arguments: [String], environment: [String: String]? = nil) throws
    -> Document
  {
    let result = try Tool.run(
      LinkCheckExecutable.path, ["size", "--format", "json"] + arguments, environment: environment)
    #expect(result.status == 0, "\(result.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    let owners = try #require(object["owners"] as? [[String: Any]]).map { owner in
      Owner(
        name: owner["name"] as? String ?? "", kind: owner["kind"] as? String ?? "",
        bytes: (owner["bytes"] as? NSNumber)?.uint64Value ?? 0,
        units: Dictionary(
          ((owner["units"] as? [[String: Any]]) ?? []).map {
            ($0["name"] as? String ?? "", ($0["bytes"] as? NSNumber)?.uint64Value ?? 0)
          },
          uniquingKeysWith: +),
        chain: owner["chain"] as? [String])
    }
    return Document(
      total: (object["total"] as? NSNumber)?.uint64Value ?? 0,
      named: (object["named"] as? NSNumber)?.uint64Value ?? 0, owners: owners)
  }

  /// The synthetic C unikernel linked for spt from the era C sysroot.
  private func linkedUnikernel(_ scratch: Scratch) throws -> String {
    let unikernels = try Unikernels.shared()
    let output = scratch.file("unikernel.spt")
    let link = try LinkCheckExecutable.run(
      [
        "link", unikernels.unikernel, "--target", "spt", "-o", output, "--manifest",
        unikernels.manifest,
      ] + unikernels.options("toolchain"))
    #expect(link.status == 0, "\(link.stderr)")
    return output
  }

  @Test func attributedBytesAddUpToReadelfForObjectsProgramsAndArchives() throws {
    let scratch = try Scratch("size-sums")
    let programs = try OCamlPrograms.shared()
    let unixObject = try #require(programs.objects["unix"])
    // The same program linked as a unix executable by ocamlopt.
    let executable = scratch.file("unix.exe")
    let recipe = try #require(OCamlPrograms.recipes.first { $0.name == "unix" })
    let sources = try recipe.modules.map { try scratch.write("\($0.0).ml", $0.1) }
    try Tool.succeed(
      "ocamlfind",
      ["ocamlopt", "-package", "unix", "-linkpkg", "-ccopt", "-Wl,--emit-relocs", "-o", executable]
        + sources,
      directory: scratch.path)
    let archive = try scratch.archive(
      "libpair.a",
      [
        try scratch.compileC("a.o", "int a[7] = {1};\nint fa(void) { return a[0]; }\n"),
        try scratch.compileC("b.o", "const char b[] = \"bee\";\n"),
      ])
    let unikernel = try linkedUnikernel(scratch)
    for file in [
      try #require(programs.objects["hello"]), unixObject, try #require(programs.objects["cstub"]),
      executable, archive, unikernel,
    ] {
      let document = try measure([file])
      #expect(document.total == (try SizeOracles.allocatedBytes(file)), "\(file)")
      #expect(document.owners.reduce(0) { $0 + $1.bytes } == document.total, "\(file)")
      #expect(document.owners.allSatisfy { $0.units.values.reduce(0, +) == $0.bytes }, "\(file)")
    }
    // Linked with --emit-relocs, the program keeps the references the chains follow (Std_exit, initialised
    // after every program, is not its main unit).
    #expect(try measure([executable]).owner("unix")?.chain?.first == "Main")
    // Two files are one image: their sums add up.
    let both = try measure([archive, unikernel])
    #expect(
      both.total == (try SizeOracles.allocatedBytes(archive))
        + (try SizeOracles.allocatedBytes(unikernel)))
  }

  @Test func unikernelIsAttributedToItsLibrariesAsNmSizesThem() throws {
    let scratch = try Scratch("size-unikernel")
    let unikernel = try linkedUnikernel(scratch)
    let prefix = try Unikernels.shared().toolchainPrefix
    let document = try measure(["--library", prefix, unikernel])
    #expect(document.named * 100 >= document.total * 99, "\(document.named) of \(document.total)")
    // The bindings of spt, not of another target with the same symbols (the ABI note tells them apart).
    #expect(document.owner("solo5_spt.o") != nil)
    #expect(!document.owners.contains { $0.name.hasPrefix("solo5_") && $0.name != "solo5_spt.o" })
    // nolibc's bytes are the nm -S sizes of the symbols libnolibc.a defines (its sections are not padded).
    let nolibc = "\(prefix)/lib/ocaml-solo5/lib/libnolibc.a"
    let names = try SizeOracles.definedNames(nolibc)
    let expected = try SizeOracles.symbolSizes(unikernel).filter { names.contains($0.name) }.reduce(
      0
    ) { $0 + $1.size }
    #expect(document.owner("libnolibc.a")?.bytes == expected)
    #expect(document.owner("libnolibc.a")?.kind == "library")
  }

  @Test func ocamlUnitsFollowTheirMarkersAndPackages() throws {
    let programs = try OCamlPrograms.shared()
    let object = try #require(programs.objects["unix"])
    let document = try measure([object])
    #expect(document.named * 1000 >= document.total * 999, "\(document.named) of \(document.total)")
    // The program's own units: their code and data ranges and frame tables, plus what follows the end markers
    // (the word after data_end, code alignment) and the two 16-byte float masks every unit leaves in .rodata.cst16.
    let symbols = Dictionary(
      try SizeOracles.symbolSizes(object).map { ($0.name, $0.size) },
      uniquingKeysWith: { a, _ in a })
    let addresses = Dictionary(
      try Tool.succeed("nm", [object]).output.split(separator: "\n").compactMap {
        line -> (String, UInt64)? in
        let fields = line.split(separator: " ")
        guard fields.count == 3, let value = UInt64(fields[0], radix: 16) else { return nil }
        return (String(fields[2]), value)
      }, uniquingKeysWith: { a, _ in a })
    let program = try #require(document.owner("program"))
    #expect(program.kind == "program")
    for unit in ["Clock", "Main"] {
      func span(_ kind: String) throws -> UInt64 {
        try #require(addresses["caml\(unit)__\(kind)_end"])
          - (try #require(addresses["caml\(unit)__\(kind)_begin"]))
      }
      let markers =
        try span("code") + (try span("data")) + (try #require(symbols["caml\(unit)__frametable"]))
      let measured = try #require(program.units[unit])
      #expect(
        measured >= markers && measured <= markers + 8 + 15 + 32,
        "\(unit): \(measured) bytes, markers say \(markers)")
    }
    // Unix's units and its C stubs (libunix.a, named by unix.cmxa) count for the findlib package unix, reached
    // from the main unit through Clock.
    let unix = try #require(document.owner("unix"))
    #expect(unix.kind == "package")
    #expect(unix.units["Unix"] != nil && unix.units.keys.contains { $0.hasPrefix("libunix.a(") })
    // Clock.now is inlined into Main, which calls Unix's C primitive itself: the chain ends there.
    let libunix = try SizeOracles.definedNames(
      "\(try Tool.succeed("ocamlfind", ["ocamlc", "-where"]).output.trimmingCharacters(in: .whitespacesAndNewlines))/libunix.a"
    )
    #expect(unix.chain?.first == "Main")
    #expect(
      unix.chain.flatMap(\.last).map { $0 == "Unix" || libunix.contains($0) } == true,
      "\(unix.chain ?? [])")
    #expect(document.owner("runtime")?.units.keys.allSatisfy { $0.hasPrefix("libasmrun") } == true)
  }

  @Test func vchanShapedDependencyNamesCompilerLibsAndDiffShowsItsRemoval() throws {
    let scratch = try Scratch("size-vchan")
    let fixture = try VchanFixture(in: scratch)
    let document = try measure([fixture.heavy], environment: ["OCAMLPATH": fixture.heavyFindlib])
    let largest = try #require(document.owners.first { $0.kind == "package" })
    #expect(largest.name == "compiler-libs.common")
    #expect(largest.chain?.prefix(2) == ["Main", "Vchanlike"], "\(largest.chain ?? [])")
    #expect(document.owner("vchanlike")?.chain == ["Main", "Vchanlike"])
    let text = try Tool.run(
      LinkCheckExecutable.path, ["size", fixture.heavy],
      environment: ["OCAMLPATH": fixture.heavyFindlib])
    #expect(text.output.contains("compiler-libs.common (package)\n"))
    #expect(text.output.contains("via Main → Vchanlike → "))

    let diff = try Tool.run(
      LinkCheckExecutable.path, ["diff", "--format", "json", fixture.heavy, fixture.light],
      environment: ["OCAMLPATH": fixture.heavyFindlib])
    #expect(diff.status & 4 == 4, "\(diff.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: diff.stdout) as? [String: Any])
    let sizes = try #require(object["packageSizes"] as? [String: Any])
    let rows = try #require(sizes["owners"] as? [[String: Any]])
    let removed = try #require(rows.first { $0["name"] as? String == "compiler-libs.common" })
    #expect((removed["old"] as? NSNumber)?.uint64Value == largest.bytes)
    #expect((removed["new"] as? NSNumber)?.uint64Value == 0)
    #expect((sizes["old"] as? NSNumber)?.uint64Value == document.total)
    #expect(
      (sizes["new"] as? NSNumber)?.uint64Value == (try SizeOracles.allocatedBytes(fixture.light)))
    let diffText = try Tool.run(
      LinkCheckExecutable.path, ["diff", fixture.light, fixture.heavy],
      environment: ["OCAMLPATH": fixture.heavyFindlib])
    #expect(
      diffText.output.contains(
        "  +\(largest.bytes)  compiler-libs.common (package): 0 -> \(largest.bytes), via Main → Vchanlike → "
      ))
  }

  @Test func svgTreemapRendersAndLabelsEveryOwnerAboveOnePercent() throws {
    let scratch = try Scratch("size-svg")
    let object = try #require(try OCamlPrograms.shared().objects["unix"])
    let svg = try LinkCheckExecutable.run(["size", "--format", "svg", object])
    #expect(svg.status == 0)
    #expect(
      svg.stdout == (try LinkCheckExecutable.run(["size", "--format", "svg", object])).stdout,
      "deterministic")
    let path = try scratch.write("size.svg", bytes: Array(svg.stdout))
    let png = scratch.file("size.png")
    try Tool.succeed("rsvg-convert", ["-o", png, path])
    let header = try Data(contentsOf: URL(fileURLWithPath: png)).prefix(8)
    #expect(Array(header) == [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    let document = try measure([object])
    let labels = svg.output.split(separator: "\n").filter { $0.contains("font-weight=\"bold\"") }
    for owner in document.owners where owner.bytes * 100 >= document.total {
      #expect(labels.contains { $0.contains(">\(owner.name) ") }, "no label for \(owner.name)")
    }
  }

  @Test func outputIsDeterministicAndGroupsAsAsked() throws {
    let object = try #require(try OCamlPrograms.shared().objects["cstub"])
    for grouping in ["package", "unit", "section", "library"] {
      let first = try LinkCheckExecutable.run(["size", "--by", grouping, object])
      #expect(first.status == 0)
      #expect(
        first.stdout == (try LinkCheckExecutable.run(["size", "--by", grouping, object])).stdout)
    }
    let sections = try LinkCheckExecutable.run(["size", "--by", "section", object]).output
    #expect(sections.contains("  .eh_frame\n") && sections.contains("  .data\n"))
  }

  @Test func badInputIsOneLineNamingTheFileAndExitTwo() throws {
    let scratch = try Scratch("size-bad")
    let text = try scratch.write("notes.txt", "not an object\n")
    let result = try LinkCheckExecutable.run(["size", text])
    #expect(result.status == 2)
    #expect(
      result.stderr.hasPrefix("link-check: \(text): ")
        && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    #expect(result.output.isEmpty)
    let missing = try LinkCheckExecutable.run(["size", scratch.file("missing.o")])
    #expect(missing.status == 2 && missing.stderr.contains("missing.o"))
  }

  /// Real-toolchain tier: the OCaml 5 hello unikernel of `RealToolchainTests` (cross-compiled by ocaml-solo5)
  /// linked for spt on the Solo5 wrappers' line, measured with the sysroot's libraries as candidates.
  @Test(
    .enabled(
      if: RealToolchain.isAvailable,
      Comment(rawValue: RealToolchain.skipLine("size of an ocaml-solo5 spt unikernel"))))
  func realSptUnikernelIsAttributedToItsLibraries() throws {
    let scratch = try Scratch("size-real")
    let prefix = RealToolchain.switchPrefix
    let environment = RealToolchain.switchEnvironment
    let hello = try RealToolchainTests.Unikernel.shared()
    let unikernel = scratch.file("hello.spt")
    let link = try Tool.run(
      LinkCheckExecutable.path,
      ["link"] + hello.inputs + ["--target", "spt", "--manifest", hello.manifest, "-o", unikernel],
      environment: environment)
    #expect(link.status == 0, "\(link.output)\(link.stderr)")
    let document = try measure(
      [
        "--library", "\(prefix)/lib/ocaml-solo5", "--library",
        "\(prefix)/lib/x86_64-solo5-none-static", unikernel,
      ], environment: environment)
    #expect(document.total == (try SizeOracles.allocatedBytes(unikernel)))
    #expect(document.named * 100 >= document.total * 99, "\(document.named) of \(document.total)")
    for library in ["libasmrun.a", "libnolibc.a", "libopenlibm.a", "solo5_spt.o"] {
      #expect(document.owner(library)?.kind == "library", "\(library)")
    }
    #expect(document.owner("stdlib")?.units["Stdlib"] != nil)
  }
}
