import Foundation

/// Makes random but valid link scenarios from a seed: assembled objects with defined, undefined, weak, common,
/// TLS, hidden, COMDAT and versioned (`.symver`) symbols and `__start_`/`__stop_` sections; archives (indexed,
/// without index, thin, empty), shared objects (with undefined references, versions from a version script, and
/// one needing another, `DT_NEEDED`), linker scripts (`-T` with assignments, `PROVIDE`, `ENTRY`, `SECTIONS`;
/// scripts as inputs with `INPUT`, `GROUP`, `AS_NEEDED` and assignments); and an ld line over them (order, groups,
/// `--whole-archive`, `-Bstatic`/`-Bdynamic`, `--push-state`, `--as-needed`, `-u`, `--defsym`, `-e`, `-z defs`,
/// `-static`, `-pie`, `-no-pie`, `-shared`, `-r`, `--(no-)allow-shlib-undefined`, `-rpath-link`, `-rpath`,
/// `--no-gc-sections`), each option spelled in one of the ways GNU ld accepts.
public struct DifferentialGenerator {
  private var random: SeededGenerator
  private let seed: UInt64
  private var files: [DifferentialScenario.File] = []
  /// Names a shared object defines with a default version: no assignment names them (ld.bfd then makes a later
  /// object definition a duplicate with no first definer, which link-check does not model).
  private var sharedVersioned = Set<String>()

  /// Function and data names: the only ones assignments, `-u` and `-e` use (a TLS or common name given a
  /// value by `--defsym` is a different error in ld).
  private static let functions = (0..<6).map { "f\($0)" }
  private static let data = (0..<3).map { "d\($0)" }
  private static let commons = ["c0", "c1"]
  private static let threadLocals = ["t0", "t1"]

  public init(seed: UInt64) {
    self.seed = seed
    random = SeededGenerator(seed: seed)
  }

  /// The scenario of this seed.
  public static func scenario(seed: UInt64) -> DifferentialScenario {
    var generator = DifferentialGenerator(seed: seed)
    return generator.make()
  }

  private mutating func chance(_ percent: Int) -> Bool {
    Int.random(in: 0..<100, using: &random) < percent
  }
  private mutating func pick<T>(_ items: [T]) -> T {
    items[Int.random(in: 0..<items.count, using: &random)]
  }

  private mutating func make() -> DifferentialScenario {
    enum Mode { case executable, staticExecutable, pie, shared, relocatable }
    let mode = pick([Mode.executable, .executable, .staticExecutable, .pie, .shared, .relocatable])
    var head: [[String]] = []
    if chance(10) { head.append([pick(["--no-gc-sections", "-no-gc-sections"])]) }
    let objectCount = Int.random(in: 1...5, using: &random)
    files.append(
      .init(
        "main.o",
        .object(
          parts: [Self.entryPart] + objectParts(main: true, versionedDefinitions: mode != .shared)))
    )
    let objects = (0..<objectCount).map { "o\($0).o" }
    for name in objects {
      files.append(
        .init(name, .object(parts: objectParts(main: false, versionedDefinitions: false))))
    }

    switch mode {
    case .executable: if chance(30) { head.append([pick(["-no-pie", "--no-pie"])]) }
    case .staticExecutable:
      head.append([pick(["-static", "--static", "-Bstatic", "-dn", "-non_shared"])])
    case .pie: head.append([pick(["-pie", "--pie"])])
    case .shared:
      head.append([pick(["-shared", "--shared", "-Bshareable"])])
      if chance(50) {
        head.append(pick([["-z", "defs"], ["-zdefs"], ["--no-undefined"], ["-no-undefined"]]))
      }
    case .relocatable: head.append([pick(["-r", "--relocatable", "-relocatable", "-i"])])
    }
    if chance(50) {
      head.append(pick([["-L."], ["-L", "."], ["--library-path=."], ["--library-path", "."]]))
    }
    if mode != .relocatable && mode != .shared && chance(25) { head.append(scriptOption()) }
    if chance(20) { head.append(entryOption()) }

    // Inputs: main.o, the loose objects, archives, shared objects and scripts, in random order.
    var units: [[String]] = [["main.o"]]
    for object in objects where chance(45) { units.append([object]) }
    let archiveCount = Int.random(in: 0...3, using: &random)
    for index in 0..<archiveCount {
      let members = objects.filter { _ in chance(50) }
      let kind = pick([
        DifferentialScenario.ArchiveKind.indexed, .indexed, .indexed, .indexed, .thin, .empty,
        .withoutIndex,
      ])
      let name = "liba\(index).a"
      files.append(.init(name, .archive(members: kind == .empty ? [] : members, kind: kind)))
      units.append(libraryReference(name, base: "a\(index)", archive: true))
    }
    let allowShared = mode != .relocatable && mode != .staticExecutable
    var sharedOnLine = false
    if allowShared && chance(35) {
      let (needed, onLine) = sharedObjects()
      units += onLine
      sharedOnLine = true
      if needed, chance(50) { head.append(neededSearchOption()) }
      if chance(25) { head.append([pick(Self.sharedUndefinedOptions)]) }
    }
    if chance(15) {
      units.append([scriptInput(archives: archiveCount, sharedObject: sharedOnLine)])
    }
    if chance(3) { units.append([pick(["-lnope", "nothere.o", "-l:nothere.a"])]) }
    units.shuffle(using: &random)
    if units.count > 2 && chance(30) { units = grouped(units) }
    units = units.map { unit in
      guard unit.count == 1, unit[0].hasSuffix(".a") || unit[0].hasPrefix("-la"), chance(15) else {
        return unit
      }
      return [pick(["--whole-archive", "-whole-archive"])] + unit + [
        pick(["--no-whole-archive", "-no-whole-archive"])
      ]
    }
    if allowShared && chance(20) {
      units.insert(
        [pick(["-Bstatic", "-dn", "-static", "--Bstatic"])],
        at: Int.random(in: 0...units.count, using: &random))
      if chance(50) {
        units.insert(
          [pick(["-Bdynamic", "-dy", "-call_shared"])],
          at: Int.random(in: 0...units.count, using: &random))
      }
    }
    if chance(10) {
      units.insert(
        [pick(["--as-needed", "-as-needed"])], at: Int.random(in: 0...units.count, using: &random))
    }
    // Symbol options where they stand among the inputs: their place matters to ld.
    for _ in 0..<Int.random(in: 0...3, using: &random) {
      let option = chance(50) ? defsymOption() : undefinedOption()
      units.insert(option, at: Int.random(in: 0...units.count, using: &random))
    }
    // A `-T` script replaces ld's whole layout: without SECTIONS it leaves the program headers out of every LOAD
    // segment, which a dynamic executable refuses ("PHDR segment not covered by LOAD segment"): a layout
    // question, not a resolution one, so such a script gets SECTIONS.
    if sharedOnLine || mode == .pie, let index = files.firstIndex(where: { $0.name == "link.lds" }),
      case .text(let text) = files[index].recipe, !text.contains("SECTIONS")
    {
      files[index].recipe = .text(text + Self.layout + "\n")
    }
    let searches = head.joined().contains { $0.hasPrefix("-L") || $0.contains("library-path") }
    if !searches, units.joined().contains(where: { $0.hasPrefix("-l") || $0.contains("library") }) {
      head.append(["-L."])
    }
    return DifferentialScenario(seed: seed, files: files, arguments: (head + units).flatMap { $0 })
  }

  // MARK: Objects

  private static let entryPart =
    "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret"

  /// Random definitions and references, each name used once per object; `versionedDefinitions`: also
  /// `.symver` definitions (`f0@V1`, `f0@@V2`), which need a version script in a shared object. (Only `main.o`
  /// has them: an archive member defining `f0@@V2` makes ld.bfd extract it for `f0` and then load it twice,
  /// which link-check does not model.)
  private mutating func objectParts(main: Bool, versionedDefinitions: Bool = true) -> [String] {
    var parts: [String] = []
    for name in Self.functions where chance(main ? 35 : 30) {
      parts.append(chance(50) ? reference(name) : functionDefinition(name))
    }
    for name in Self.data where chance(25) {
      parts.append(chance(50) ? dataReference(name) : dataDefinition(name))
    }
    for name in Self.commons where chance(20) {
      parts.append(pick(["\t.comm \(name),8,8", dataDefinition(name), dataReference(name)]))
    }
    for name in Self.threadLocals where chance(12) {
      parts.append(
        chance(50)
          ? "\t.text\n\tmovq \(name)@gottpoff(%rip), %rax"
          : "\t.section .tbss,\"awT\",@nobits\n\t.globl \(name)\n\t.type \(name),@object\n\t.size \(name),8\n\(name):\n\t.zero 8"
      )
    }
    if chance(15) {
      parts.append(
        chance(70)
          ? "\t.section .text.g0,\"axG\",@progbits,g0,comdat\n\t.globl g0\n\t.type g0,@function\ng0:\n\tret"
          : chance(50) ? reference("g0") : functionDefinition("g0"))
    }
    if chance(8) {
      let name = pick(Self.functions)
      let version = Int.random(in: 1...3, using: &random)
      parts.append(
        "\t.symver \(name)_r\(version), \(name)@V\(version)\n\t.text\n\tcall \(name)_r\(version)@PLT"
      )
    }
    if versionedDefinitions && chance(8) {
      parts.append(versionedDefinition(pick(Self.functions), default: chance(50)))
    }
    if chance(10) { parts.append("\t.section s0,\"aw\"\n\t.quad 0") }
    if chance(10) {
      parts.append("\t.text\n\tmovq \(pick(["__start_s0", "__stop_s0"]))@GOTPCREL(%rip), %rax")
    }
    return parts
  }

  private mutating func functionDefinition(_ name: String) -> String {
    let binding = pick([
      "\t.globl \(name)", "\t.weak \(name)", "\t.globl \(name)\n\t.hidden \(name)",
    ])
    return "\t.text\n\(binding)\n\t.type \(name),@function\n\(name):\n\tret"
  }

  private mutating func dataDefinition(_ name: String) -> String {
    let binding = pick(["\t.globl \(name)", "\t.globl \(name)", "\t.weak \(name)"])
    return "\t.data\n\(binding)\n\t.type \(name),@object\n\t.size \(name),8\n\(name):\n\t.quad 1"
  }

  private mutating func reference(_ name: String) -> String {
    (chance(20) ? "\t.weak \(name)\n" : "") + "\t.text\n\tcall \(name)@PLT"
  }

  private mutating func dataReference(_ name: String) -> String {
    (chance(15) ? "\t.weak \(name)\n" : "") + "\t.text\n\tmovq \(name)@GOTPCREL(%rip), %rax"
  }

  /// `name@V1` (or `name@@V1`, the default version) defined through `.symver`, with a version 1, 2 or 3.
  private mutating func versionedDefinition(_ name: String, default isDefault: Bool) -> String {
    let version = Int.random(in: 1...3, using: &random)
    let alias = "\(name)_v\(version)"
    return "\t.text\n\t.globl \(alias)\n\t.type \(alias),@function\n\(alias):\n\tret\n"
      + "\t.symver \(alias), \(name)@\(isDefault ? "@" : "")V\(version)"
  }

  /// A shared object's parts: definitions, versioned definitions (with `versioned`), and references, which ld
  /// checks against the rest of an executable's link.
  private mutating func sharedObjectParts(versioned: Bool) -> [String] {
    var parts: [String] = []
    for name in Self.functions where chance(40) {
      if versioned && chance(30) {
        parts.append(versionedDefinition(name, default: chance(50)))
      } else {
        parts.append(chance(25) ? reference(name) : functionDefinition(name))
      }
    }
    for name in Self.data where chance(25) {
      parts.append(chance(25) ? dataReference(name) : dataDefinition(name))
    }
    return parts
  }

  /// `libs0.so` (sometimes with a version script defining V1, V2, V3) and sometimes `libs1.so`, which needs
  /// `libs0.so` (`DT_NEEDED`). Returns whether `libs1.so` was made, and the line's units naming them: `libs1.so`
  /// alone (ld then looks for `libs0.so` itself) or with `libs0.so`, or `libs0.so` alone.
  private mutating func sharedObjects() -> (needed: Bool, units: [[String]]) {
    let versioned = chance(35)
    let parts = sharedObjectParts(versioned: versioned)
    files.append(.init("so0.o", .object(parts: parts)))
    if versioned {
      // `global: *` gives every name of libs0.so the default version V1.
      sharedVersioned = Set(
        Self.functions.filter { name in
          parts.contains { $0.contains("\n\(name):") || $0.contains(" \(name)@") }
        })
      sharedVersioned.formUnion(
        Self.data.filter { name in parts.contains { $0.contains("\n\(name):") } })
    }
    var objects = ["so0.o"]
    if versioned {
      files.append(.init("ver.map", .text("V1 { global: *; };\nV2 { } V1;\nV3 { } V2;\n")))
      objects += ["--version-script", "ver.map"]
    }
    files.append(.init("libs0.so", .sharedObject(objects: objects)))
    guard chance(45) else {
      return (false, [libraryReference("libs0.so", base: "s0", archive: false)])
    }
    files.append(.init("so1.o", .object(parts: sharedObjectParts(versioned: false))))
    files.append(.init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])))
    var units = [libraryReference("libs1.so", base: "s1", archive: false)]
    if chance(35) { units.append(libraryReference("libs0.so", base: "s0", archive: false)) }
    return (true, units)
  }

  private static let sharedUndefinedOptions = [
    "--allow-shlib-undefined", "-allow-shlib-undefined", "--no-allow-shlib-undefined",
    "-no-allow-shlib-undefined",
  ]

  /// Where ld may find `libs0.so` for `libs1.so`: `-rpath-link`, `-rpath` (`-R` of a folder), in any spelling.
  private mutating func neededSearchOption() -> [String] {
    pick([
      ["-rpath-link=."], ["-rpath-link", "."], ["--rpath-link=."], ["-rpath=."], ["-rpath", "."],
      ["-R", "."], ["--rpath=."],
    ])
  }

  // MARK: Options

  /// How an archive or shared object is named on the line: its path, `-lBASE` or `-l:FILE`, in any spelling.
  private mutating func libraryReference(_ file: String, base: String, archive: Bool) -> [String] {
    switch Int.random(in: 0..<6, using: &random) {
    case 0, 1: return [file]
    case 2: return ["-l\(base)"]
    case 3: return [pick(["-l", "--library"]), base]
    case 4: return ["--library=\(base)"]
    default: return ["-l:\(file)"]
    }
  }

  private mutating func grouped(_ units: [[String]]) -> [[String]] {
    let start = Int.random(in: 0..<(units.count - 1), using: &random)
    let end = Int.random(in: (start + 1)...units.count, using: &random)
    let open = pick(["--start-group", "-start-group", "-("])
    let close = open == "-(" ? "-)" : pick(["--end-group", "-end-group"])
    var result: [[String]] = Array(units[..<start])
    result.append([open])
    result += units[start..<end]
    result.append([close])
    result += units[end...]
    return result
  }

  private mutating func symbolName() -> String {
    chance(75) ? pick(Self.functions) : pick(Self.data)
  }

  /// A name for an assignment.
  private mutating func assignedName() -> String {
    let name = symbolName()
    guard sharedVersioned.contains(name) else { return name }
    return (Self.functions + Self.data).first { !sharedVersioned.contains($0) } ?? "z0"
  }

  private mutating func defsymOption() -> [String] {
    let name = assignedName()
    // A value reading a symbol nothing defines is an error ld reports before undefined references: rare.
    let value =
      chance(70)
      ? "0x\(String(Int.random(in: 1...0xfff, using: &random) * 16, radix: 16))" : assignedValue()
    return pick([
      ["--defsym", "\(name)=\(value)"], ["--defsym=\(name)=\(value)"],
      ["-defsym", "\(name)=\(value)"],
    ])
  }

  /// An assignment's value that reads symbols: `_start` or a name, sometimes in an expression (ld's expression
  /// lexer reads `f3+_start` as two names, `DEFINED(f3) ? f3 : 0` reads `f3` only when it is defined).
  private mutating func assignedValue() -> String {
    let name = chance(50) ? "_start" : symbolName()
    switch Int.random(in: 0..<10, using: &random) {
    case 0: return "\(name)+0x10"
    case 1: return "\(name)+\(symbolName())"
    case 2: return "DEFINED(\(name)) ? \(name) : 0"
    default: return name
    }
  }

  private mutating func undefinedOption() -> [String] {
    let name = symbolName()
    return pick([
      ["-u", name], ["-u\(name)"], ["--undefined=\(name)"], ["-undefined=\(name)"],
      ["--undefined", name],
    ])
  }

  private mutating func entryOption() -> [String] {
    let name = symbolName()
    return pick([["-e", name], ["-e\(name)"], ["--entry=\(name)"], ["-entry=\(name)"]])
  }

  /// The `SECTIONS` of a `-T` script.
  private static let layout =
    "SECTIONS {\n  . = 0x400000;\n  .text : { *(.text*) }\n  .data : { *(.data*) }\n  .bss : { *(.bss*) *(COMMON) }\n}"

  /// A `-T` script with an entry, assignments, `PROVIDE`s and sometimes `SECTIONS`.
  private mutating func scriptOption() -> [String] {
    var lines: [String] = []
    if chance(40) { lines.append("ENTRY(\(symbolName()))") }
    for _ in 0..<Int.random(in: 0...2, using: &random) {
      lines.append("\(symbolName()) = 0x\(Int.random(in: 1...0xfff, using: &random) * 16);")
    }
    for _ in 0..<Int.random(in: 0...2, using: &random) {
      lines.append("PROVIDE(\(symbolName()) = 0x2000);")
    }
    if chance(40) {
      lines.append(
        Self.layout.replacingOccurrences(
          of: "{ *(.text*) }\n", with: "{ *(.text*) }\n  \(symbolName()) = .;\n"))
    }
    files.append(.init("link.lds", .text(lines.joined(separator: "\n") + "\n")))
    return pick([
      ["-T", "link.lds"], ["-Tlink.lds"], ["--script=link.lds"], ["-script=link.lds"],
      ["--script", "link.lds"],
    ])
  }

  /// A script given as an input: `INPUT`/`GROUP` of archives (and `AS_NEEDED` shared objects), or assignments.
  private mutating func scriptInput(archives: Int, sharedObject: Bool) -> String {
    var lines: [String] = []
    if archives > 0 && chance(60) || sharedObject && chance(50) {
      var names = (0..<archives).filter { _ in chance(60) }.map { "liba\($0).a" }
      if sharedObject && chance(50) {
        let name = pick(files.map(\.name).filter { $0.hasSuffix(".so") })
        names.insert(
          chance(60) ? "AS_NEEDED(\(name))" : name,
          at: Int.random(in: 0...names.count, using: &random))
      }
      if !names.isEmpty {
        lines.append("\(pick(["INPUT", "GROUP"]))(\(names.joined(separator: " ")))")
      }
    }
    if lines.isEmpty || chance(40) {
      let value =
        chance(80) ? "0x\(Int.random(in: 1...0xfff, using: &random) * 16)" : assignedValue()
      lines.append("\(assignedName()) = \(value);")
    }
    files.append(.init("inputs.ld", .text(lines.joined(separator: "\n") + "\n")))
    return "inputs.ld"
  }
}
