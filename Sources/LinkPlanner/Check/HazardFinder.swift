import ElfKit

/// Finds what links but will not run as intended on the target.
struct HazardFinder {
  let resolution: Resolution
  let target: Target?

  func hazards() throws(ElfError) -> [Hazard] {
    var hazards: [Hazard] = []
    hazards += machineMismatches()
    if let target { hazards += try embeddedRuntimes(target) }
    if let target, target.isFreestanding {
      hazards += try stackGuards(target)
      hazards += try threadLocalStorage(target)
      hazards += nolibcStubs()
      if target.solo5ABITarget != nil { hazards += try abiNote(target) }
    }
    if let entry = resolution.entry, !resolution.entryIsDefined, !resolution.objects.isEmpty {
      hazards.append(
        Hazard(level: .warning, kind: "entry-undefined", message: "the entry symbol `\(entry)` is not defined",
               hint: "ld will warn and start the program at the beginning of .text"))
    }
    return hazards
  }

  /// Every object must share the first object's machine and class (the bindings come first in Solo5 links).
  private func machineMismatches() -> [Hazard] {
    guard let first = resolution.objects.first else { return [] }
    let expected = (first.file.header.machine, first.file.header.elfClass)
    return resolution.objects.dropFirst().filter { ($0.file.header.machine, $0.file.header.elfClass) != expected }.map {
      Hazard(
        level: .error, kind: "machine-mismatch",
        message: "\($0.displayName) is \($0.file.header.machine) \($0.file.header.elfClass), but \(first.displayName) is \(expected.0) \(expected.1)",
        hint: "build every input for the target's architecture")
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
          message: "\(object.displayName) embeds the \(runtime.variant) OCaml runtime, which does not suit \(target): \(verdict.reason)",
          hint: verdict.fix))
    }
    return hazards
  }

  /// Host C compiled with glibc's stack protector reads the guard from TLS (`%fs:0x28`): it references
  /// `__stack_chk_fail` but not `__stack_chk_guard`, links cleanly, and crashes on a freestanding target.
  private func stackGuards(_ target: Target) throws(ElfError) -> [Hazard] {
    var culprits: [String] = []
    for object in resolution.objects {
      guard let table = try object.file.symbolTable() else { continue }
      let undefined = Set(table.symbols.filter { $0.isUndefined && $0.binding != .local }.map(\.name.string))
      if undefined.contains("__stack_chk_fail") && !undefined.contains("__stack_chk_guard")
        && !table.symbols.contains(where: { !$0.isUndefined && $0.name.equals("__stack_chk_guard") })
      {
        culprits.append(object.displayName)
      }
    }
    guard !culprits.isEmpty else { return [] }
    return [
      Hazard(
        level: .error, kind: "tls-stack-guard",
        message: "compiled with glibc's TLS stack guard (uses __stack_chk_fail without __stack_chk_guard): \(Self.list(culprits))",
        hint: "rebuild with -mstack-protector-guard=global (the target's CFLAGS) or -fno-stack-protector; it would crash on \(target)")
    ]
  }

  /// Thread-local symbols need TLS support in the target's runtime (Solo5 from 0.8 only).
  private func threadLocalStorage(_ target: Target) throws(ElfError) -> [Hazard] {
    var users: [String] = []
    for object in resolution.objects {
      if let table = try object.file.symbolTable(), table.symbols.contains(where: { $0.type == .tls }) { users.append(object.displayName) }
    }
    guard !users.isEmpty else { return [] }
    return [
      Hazard(
        level: .warning, kind: "tls", message: "thread-local storage is used by \(Self.list(users))",
        hint: "\(target) has TLS only with Solo5 0.8 or later (OCaml 5's runtime needs it)")
    ]
  }

  /// References that resolve to a nolibc stub link but do not work.
  private func nolibcStubs() -> [Hazard] {
    let stubs = resolution.definitions.compactMap { name, definer -> String? in
      guard case .object(let id) = definer, resolution.objects[id].archive?.hasSuffix("libnolibc.a") == true,
        RuntimeSymbolCatalog.role(of: name) == .nolibcStub
      else { return nil }
      return name
    }.sorted()
    // OCaml 5's runtime refers to these for domains and threads; they fail only when a program starts one.
    let threads = stubs.filter { $0.hasPrefix("pthread_") }
    let others = stubs.filter { !$0.hasPrefix("pthread_") }
    var hazards: [Hazard] = []
    if !others.isEmpty {
      hazards.append(
        Hazard(
          level: .warning, kind: "nolibc-stub", message: "resolved only to nolibc stubs (they abort, fail with ENOSYS or do nothing): \(Self.list(others))",
          hint: "find the caller with --why SYMBOL; it cannot work on a unikernel"))
    }
    if !threads.isEmpty {
      hazards.append(
        Hazard(
          level: .warning, kind: "nolibc-thread-stub", message: "resolved only to nolibc's thread stubs (they abort, fail or do nothing; pthread_create returns EAGAIN): \(Self.list(threads))",
          hint: "OCaml 5's runtime refers to them for Domain.spawn and threads: on a unikernel the program must not spawn domains or threads; find other callers with --why SYMBOL"))
    }
    return hazards
  }

  /// A Solo5 tender refuses a binary without the ABI1 note, which the bindings object carries.
  private func abiNote(_ target: Target) throws(ElfError) -> [Hazard] {
    for object in resolution.objects {
      if try object.file.notes().contains(where: { $0.name == "Solo5" && $0.type == 0x3149_4241 }) { return [] }
    }
    return [
      Hazard(
        level: .error, kind: "missing-abi-note", message: "no input carries the Solo5 ABI note (.note.solo5.abi)",
        hint: "the Solo5 bindings object for \(target) (solo5_\(target).o) must be on the line, first")
    ]
  }

  private static func list(_ names: [String]) -> String {
    names.count <= 5 ? names.joined(separator: ", ") : names.prefix(5).joined(separator: ", ") + " and \(names.count - 5) more"
  }
}
