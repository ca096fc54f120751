import ElfKit

/// Finds what links but will not run as intended on the target.
struct HazardFinder {
  let resolution: Resolution
  let target: Target?
  /// The nolibc stubs of a freestanding link (the analyzer finds them once, for the report too).
  var nolibcStubFindings = NolibcStubFindings()
  /// The objects' call graphs, shared with the stub walk and the cause attribution.
  var graphs: CallGraphs

  func hazards() throws(ElfError) -> [Hazard] {
    var hazards: [Hazard] = []
    hazards += machineMismatches()
    hazards += resolution.outputErrors.map(outputSymbolHazard)
    if let target { hazards += try embeddedRuntimes(target) }
    if let target, target.isFreestanding {
      hazards += try stackGuards(target)
      hazards += try threadLocalStorage(target)
      hazards += try nolibcStubs()
      if target.solo5ABITarget != nil { hazards += try abiNote(target) }
    }
    if let entry = resolution.entry, !resolution.entryIsDefined, !resolution.objects.isEmpty {
      hazards.append(
        Hazard(
          level: .warning, kind: "entry-undefined",
          message: "the entry symbol `\(entry)` is not defined",
          hint: "ld will warn and start the program at the beginning of .text"))
    }
    return hazards
  }

  /// Every object must share the first object's machine and class (the bindings come first in Solo5 links).
  private func machineMismatches() -> [Hazard] {
    guard let first = resolution.objects.first else { return [] }
    let expected = (first.file.header.machine, first.file.header.elfClass)
    return resolution.objects.dropFirst().filter {
      ($0.file.header.machine, $0.file.header.elfClass) != expected
    }.map {
      Hazard(
        level: .error, kind: "machine-mismatch",
        message:
          "\($0.displayName) is \($0.file.header.machine) \($0.file.header.elfClass), but \(first.displayName) is \(expected.0) \(expected.1)",
        hint: "build every input for the target's architecture")
    }
  }

  /// A symbol ld refuses as it writes the output: the link fails although every name resolves.
  private func outputSymbolHazard(_ error: OutputSymbolError) -> Hazard {
    let object = error.file
    switch error.kind {
    case .hiddenReferencedBySharedObject:
      let users = error.sharedObjects.joined(separator: ", ")
      let hidden =
        error.visibilitySource.map {
          (
            message:
              "`\(error.name)` is hidden: \(object) assigns it from `\($0)`, which is hidden, and copies its visibility; \(users) refers to it: ld refuses the link (\"hidden symbol `\(error.name)' in OUTPUT is referenced by DSO\")",
            hint:
              "give `\($0)` default visibility where it is defined (drop .hidden or its visibility attribute), or link a shared object that defines `\(error.name)`"
          )
        } ?? (
          message:
            "`\(error.name)` is hidden in \(object), but \(users) refers to it: ld refuses the link (\"hidden symbol `\(error.name)' in \(object) is referenced by DSO\")",
          hint:
            "give `\(error.name)` default visibility in \(object) (drop .hidden or its visibility attribute), or link a shared object that defines it"
        )
      return Hazard(
        level: .error, kind: error.kind.rawValue, message: hidden.message, hint: hidden.hint)
    case .versionWithoutVersionSection:
      let plain = error.name.prefix { $0 != "@" }
      return Hazard(
        level: .error, kind: error.kind.rawValue,
        message:
          "\(object) refers to `\(error.name)`, a version nothing on the line defines, and the output cannot record it: ld refuses the link (\"no symbol version section for versioned symbol `\(error.name)'\")",
        hint:
          "link the shared object that defines `\(error.name)`, or refer to `\(plain)` without a version"
      )
    }
  }

  /// A complete object carries its OCaml runtime; the wrong one (a host runtime for Solo5) cannot work.
  private func embeddedRuntimes(_ target: Target) throws(ElfError) -> [Hazard] {
    var hazards: [Hazard] = []
    for object in resolution.objects where object.archive == nil {
      guard let runtime = try EmbeddedRuntimeDetector.detect(in: object.file) else { continue }
      let verdict = runtime.verdict(for: target)
      guard !verdict.suits else { continue }
      hazards.append(
        Hazard(
          level: .error, kind: "runtime-mismatch",
          message:
            "\(object.displayName) embeds the \(runtime.variant) OCaml runtime, which does not suit \(target): \(verdict.reason)",
          hint: verdict.fix))
    }
    return hazards
  }

  /// Host C compiled with glibc's stack protector reads the guard from TLS (`%fs:0x28`) and crashes on a
  /// freestanding target. Decided per function (`StackGuardScanner`): one object may hold both kinds. Where the
  /// code cannot be read (an unknown machine), per object: `__stack_chk_fail` without `__stack_chk_guard`.
  private func stackGuards(_ target: Target) throws(ElfError) -> [Hazard] {
    var functions: [StackGuardScanner.Finding] = []
    var objects: [String] = []
    for (index, object) in resolution.objects.enumerated() {
      if let found = try StackGuardScanner.findings(
        in: object.file, displayName: object.displayName,
        graph: { () throws(ElfError) in try graphs.graph(of: index) })
      {
        functions += found
      } else if try usesTLSGuardBySymbols(object.file) {
        objects.append(object.displayName)
      }
    }
    guard !functions.isEmpty || !objects.isEmpty else { return [] }
    // Grouped by object, in link order: "re_match, re_replacement_text (OCaml's str library) in u.exe.o".
    var groups: [(object: String, functions: [String])] = []
    for finding in functions {
      let name = finding.function + Self.origin(of: finding.function)
      if groups.last?.object == finding.object {
        groups[groups.count - 1].functions.append(name)
      } else {
        groups.append((finding.object, [name]))
      }
    }
    let described = groups.map { "\(Self.list($0.functions)) in \($0.object)" } + objects
    return [
      Hazard(
        level: .error, kind: "tls-stack-guard",
        message:
          "compiled with glibc's TLS stack guard (reads it from thread-local storage, %fs:0x28, and calls __stack_chk_fail): \(Self.list(described))",
        hint:
          "rebuild that code with -mstack-protector-guard=global (the target's CFLAGS) or -fno-stack-protector; it would crash on \(target)"
      )
    ]
  }

  private func usesTLSGuardBySymbols(_ file: ElfFile) throws(ElfError) -> Bool {
    guard let table = try file.symbolTable() else { return false }
    let undefined = Set(
      table.symbols.filter { $0.isUndefined && $0.binding != .local }.map(\.name.string))
    return undefined.contains("__stack_chk_fail") && !undefined.contains("__stack_chk_guard")
      && !table.symbols.contains(where: { !$0.isUndefined && $0.name.equals("__stack_chk_guard") })
  }

  /// Where a C function comes from, when its name says so: ` (OCaml's str library)`.
  private static func origin(of function: String) -> String {
    switch SymbolCategory.of(function) {
    case .ocamlStr: " (OCaml's str library)"
    case .ocamlUnix: " (OCaml's unix library)"
    case .ocamlThreads: " (OCaml's threads library)"
    case .ocamlRuntime: " (the OCaml runtime)"
    default: ""
    }
  }

  /// Thread-local variables need TLS from the Solo5 bindings on the line (0.8.0 and later) and a TLS block the
  /// program sets up: every Solo5 starts it with the TLS base at 0, so the first access would fault.
  private func threadLocalStorage(_ target: Target) throws(ElfError) -> [Hazard] {
    var users: [String] = []
    for object in resolution.objects {
      // (Types read in place: a copy of each symbol retains its name.)
      if let table = try object.file.symbolTable(),
        table.symbols.indices.contains(where: { table.symbols[$0].type == .tls })
      {
        users.append(object.displayName)
      }
    }
    guard !users.isEmpty else { return [] }
    let used = "thread-local storage is used by \(Self.list(users))"
    switch try Solo5TLSSupport(resolution: resolution) {
    case .bindingsWithTLS(setUp: true):
      return []
    case .bindingsWithTLS(setUp: false):
      return [
        Hazard(
          level: .warning, kind: "tls",
          message:
            "\(used), but nothing on the line calls solo5_set_tls_base: Solo5 starts the program with the TLS base at 0",
          hint:
            "set a TLS block up before the first access: solo5_tls_init on solo5_tls_size() bytes, then solo5_set_tls_base(solo5_tls_tp_offset(block)) (ocaml-solo5's nolibc does it in _nolibc_init)"
        )
      ]
    case .bindingsWithoutTLS(let bindings, let evidence):
      return [
        Hazard(
          level: .error, kind: "tls",
          message:
            "\(used), but the Solo5 bindings \(bindings) have no TLS: they do not define solo5_tls_init\(evidence)",
          hint:
            "use Solo5 0.8.0 or later, whose bindings and solo5_\(target).lds lay out TLS; with these the TLS base stays 0 and the first access faults"
        )
      ]
    case .bindingsAbsent:
      return [
        Hazard(
          level: .warning, kind: "tls",
          message:
            "\(used); no Solo5 bindings object is among the inputs, so whether they have TLS cannot be told",
          hint:
            "\(target) has TLS only with Solo5 0.8.0 or later (bindings that define solo5_tls_init); with older bindings the first access faults"
        )
      ]
    }
  }

  /// References that resolve to a nolibc stub link but do not work: those the program's code reaches
  /// (`NolibcStubFinder`, found by the analyzer).
  private func nolibcStubs() throws(ElfError) -> [Hazard] {
    nolibcStubFindings.hazards
  }

  /// A Solo5 tender refuses a binary without the ABI1 note, which the bindings object carries.
  private func abiNote(_ target: Target) throws(ElfError) -> [Hazard] {
    for object in resolution.objects {
      if try object.file.notes().contains(where: { $0.name == "Solo5" && $0.type == 0x3149_4241 }) {
        return []
      }
    }
    return [
      Hazard(
        level: .error, kind: "missing-abi-note",
        message: "no input carries the Solo5 ABI note (.note.solo5.abi)",
        hint:
          "the Solo5 bindings object for \(target) (solo5_\(target).o) must be on the line, first")
    ]
  }

  private static func list(_ names: [String]) -> String {
    names.count <= 5
      ? names.joined(separator: ", ")
      : names.prefix(5).joined(separator: ", ") + " and \(names.count - 5) more"
  }
}
