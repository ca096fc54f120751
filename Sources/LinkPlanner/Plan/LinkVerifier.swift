import ElfKit
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif

/// One property of a linked program, checked.
public struct VerificationCheck: Sendable, Hashable {
  /// How a check came out; the raw value is how `link` prints it.
  public enum Outcome: String, Sendable {
    case passed = "ok"
    case failed = "FAIL"
    /// Could not be checked (a stripped file); not a failure.
    case unchecked = "skip"
  }

  /// What was checked: `ELF`, `entry`, `undefined`, `ABI1`, `MFT1`, `PT_INTERP`.
  public var name: String
  public var outcome: Outcome
  public var detail: String
}

/// The checks of one linked program.
public struct LinkVerification: Sendable {
  /// The program checked (the output it is installed as).
  public var path: String
  public var checks: [VerificationCheck]
  /// Whether no check failed.
  public var passed: Bool { !checks.contains { $0.outcome == .failed } }
}

/// Checks a linked program against what its target needs: an ELF file of the right type and machine, entry at
/// `_start`, nothing left undefined, and the Solo5 ABI1 note, MFT1 manifest and `PT_INTERP` a tender or host
/// expects (REFERENCE §5).
public struct LinkVerifier: Sendable {
  public var expectations: LinkExpectations

  public init(expectations: LinkExpectations) { self.expectations = expectations }

  /// Checks the program at `path`; `linkerMessages` (what ld printed) count too: a link run with
  /// `--warn-unresolved-symbols` or `--noinhibit-exec` reports undefined references yet succeeds, and a static
  /// link leaves no trace of them in the symbol table.
  public func verify(_ path: String, linkerMessages: String = "") -> LinkVerification {
    let file: ElfFile
    do {
      file = try ElfInput.open(path)
    } catch {
      return LinkVerification(path: path, checks: [VerificationCheck(name: "ELF", outcome: .failed, detail: error.description)])
    }
    var checks = [format(file), entry(file), undefined(file, reportedByLinker: Self.undefinedReferences(in: linkerMessages))]
    if expectations.abiNote != nil || expectations.manifestReader != nil {
      do {
        let notes = try NoteListing(file)
        if let abi = expectations.abiNote { checks.append(abiNote(abi, in: notes)) }
        if let reader = expectations.manifestReader { checks.append(manifest(readBy: reader, in: notes)) }
      } catch {
        checks.append(VerificationCheck(name: "notes", outcome: .failed, detail: error.description))
      }
    }
    checks.append(interpreter(file, path: path))
    return LinkVerification(path: path, checks: checks)
  }

  private func format(_ file: ElfFile) -> VerificationCheck {
    let header = file.header
    let kind = expectations.target == .unix && header.type == .sharedObject ? "position-independent executable" : header.type.description
    let summary = "\(header.elfClass) \(kind) for \(header.machine)"
    var problems: [String] = []
    if !expectations.fileTypes.contains(header.type) {
      problems.append("\(expectations.target) needs \(expectations.fileTypes.map(\.description).sorted().joined(separator: " or "))")
    }
    if let machine = expectations.machine, machine != header.machine { problems.append("the bindings and inputs are for \(machine)") }
    if expectations.requires64Bit && header.elfClass != .elf64 { problems.append("Solo5 tenders load only ELF64 files") }
    return check("ELF", problems.isEmpty, problems.isEmpty ? summary : "\(summary): " + problems.joined(separator: "; "))
  }

  private func entry(_ file: ElfFile) -> VerificationCheck {
    let address = "0x" + String(file.header.entry, radix: 16)
    let wanted = expectations.entrySymbol
    guard let table = try? file.symbolTable() else {
      return VerificationCheck(name: "entry", outcome: .unchecked, detail: "\(address); no symbol table to find \(wanted) in")
    }
    guard let symbol = table.symbols.first(where: { $0.isExternal && !$0.isUndefined && $0.name.equals(wanted) }) else {
      return check("entry", false, "\(address), but nothing defines \(wanted)")
    }
    let matches = symbol.value == file.header.entry
    return check("entry", matches, matches ? "\(address) is \(wanted)" : "\(address) is not \(wanted) (0x\(String(symbol.value, radix: 16)))")
  }

  private func undefined(_ file: ElfFile, reportedByLinker reported: Set<String>) -> VerificationCheck {
    guard let table = try? file.symbolTable() else {
      if !reported.isEmpty { return check("undefined", false, "the linker reported undefined references to " + Self.list(reported.sorted())) }
      return VerificationCheck(name: "undefined", outcome: .unchecked, detail: "no symbol table")
    }
    // A linked program's .symtab names a symbol a shared library provides with its version: `printf@GLIBC_2.2.5`.
    let undefined = table.symbols.filter { $0.index > 0 && $0.isUndefined && $0.binding == .global }
      .map { String($0.name.string.prefix { $0 != "@" }) }
    var imported: Set<String> = []
    if expectations.allowsDynamicImports, let dynamic = try? file.symbolTable(.dynsym) {
      imported = Set(dynamic.symbols.filter(\.isUndefined).map(\.name.string))
    }
    let missing = Array(Set(undefined).subtracting(imported).union(reported)).sorted()
    guard missing.isEmpty else {
      let ld = reported.isEmpty ? "" : " (the linker reported \(reported.count == missing.count ? "them" : Self.list(reported.sorted())) and linked anyway)"
      return check("undefined", false, "\(missing.count) symbol\(missing.count == 1 ? "" : "s") left undefined: \(Self.list(missing))\(ld)")
    }
    let dynamic = Set(undefined).intersection(imported).count
    return check("undefined", true, dynamic == 0 ? "none" : "none; \(dynamic) resolved by the dynamic linker at load time")
  }

  /// The names of GNU ld's "undefined reference to `X'" and ld.lld's "undefined symbol: X" messages.
  static func undefinedReferences(in messages: String) -> Set<String> {
    var names: Set<String> = []
    for line in messages.split(separator: "\n") {
      if let start = line.firstByteRange(of: "undefined reference to `") {
        names.insert(String(line[start.upperBound...].prefix { $0 != "'" }))
      } else if let start = line.firstByteRange(of: "undefined symbol: ") {
        names.insert(String(line[start.upperBound...]).trimmingBlanks())
      }
    }
    return names
  }

  private static func list(_ names: [String]) -> String {
    names.prefix(5).joined(separator: ", ") + (names.count > 5 ? " and \(names.count - 5) more" : "")
  }

  private func abiNote(_ expected: LinkExpectations.ABINoteExpectation, in notes: NoteListing) -> VerificationCheck {
    guard let listed = solo5Note(Solo5ABINote.type, in: notes) else { return check("ABI1", false, missingNote("ABI1", notes)) }
    guard case .solo5ABI(let note) = listed.content else { return check("ABI1", false, "the ABI1 note is too short") }
    let found = "target \(note.targetName) (\(note.target)), version \(note.version)"
    if note.target != expected.target {
      return check("ABI1", false, "\(found), but the program is linked for \(expectations.target) (\(expected.target))")
    }
    let versions = expected.versions.sorted().map(String.init).joined(separator: " or ")
    let fits = expected.versions.contains(note.version)
    return check("ABI1", fits, fits ? "\(found), \(expected.source)" : "\(found); expected version \(versions), \(expected.source)")
  }

  private func manifest(readBy reader: String, in notes: NoteListing) -> VerificationCheck {
    guard let listed = solo5Note(Solo5Manifest.type, in: notes) else {
      return check("MFT1", false, missingNote("MFT1 manifest", notes) + ": \(reader); link one with --manifest")
    }
    switch listed.content {
    case .solo5Manifest(.success(let manifest)):
      let devices = manifest.devices.map { "\($0.name) (\($0.typeName))" }.joined(separator: ", ")
      return check("MFT1", true, "version \(manifest.version), \(manifest.devices.count) device\(manifest.devices.count == 1 ? "" : "s")" + (devices.isEmpty ? "" : ": \(devices)"))
    case .solo5Manifest(.failure(let problem)): return check("MFT1", false, "invalid manifest: \(problem); \(reader)")
    default: return check("MFT1", false, "the MFT1 note cannot be read")
    }
  }

  /// The note where the target's reader looks: the first note of a `PT_NOTE` for a tender, anywhere otherwise.
  private func solo5Note(_ type: UInt32, in notes: NoteListing) -> ListedNote? {
    expectations.solo5Loader == nil ? notes.solo5Note(type: type) : notes.solo5LoaderNote(type: type)
  }

  private func missingNote(_ what: String, _ notes: NoteListing) -> String {
    let type = what.hasPrefix("ABI1") ? Solo5ABINote.type : Solo5Manifest.type
    if let reader = expectations.solo5Loader, let misplaced = notes.solo5Note(type: type) {
      let place = misplaced.section ?? "a PT_NOTE"
      return "the \(what) note in \(place) is not the first note of a PT_NOTE, so \(reader) does not see it"
    }
    return "no Solo5 \(what) note"
  }

  private func interpreter(_ file: ElfFile, path: String) -> VerificationCheck {
    let found = interpreterPath(file, path: path)
    switch (expectations.interpreter, found) {
    case (.exactly(let wanted), let found?):
      return check("PT_INTERP", found == wanted, found == wanted ? "\(found), as the bindings set it" : "\(found); the bindings set \(wanted)")
    case (.exactly(let wanted), nil):
      return check("PT_INTERP", false, "none, though the bindings set \(wanted) (so that a host kernel refuses the file)")
    case (.none, let found?):
      return check("PT_INTERP", false, "\(found): a host dynamic linker in a program for \(expectations.target)")
    case (.none, nil):
      return check("PT_INTERP", true, "none, as the bindings set none")
    case (.presentOnHost, let found?):
      let exists = FileManager.default.fileExists(atPath: found)
      return check("PT_INTERP", exists, exists ? found : "\(found) does not exist on this machine")
    case (.presentOnHost, nil):
      return check("PT_INTERP", true, "none (a static program)")
    }
  }

  /// The `PT_INTERP` string, read from the file; nil when the segment holds no bytes.
  private func interpreterPath(_ file: ElfFile, path: String) -> String? {
    guard let segment = file.programHeaders.first(where: { $0.type == .interpreter }) else { return nil }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: Int(min(segment.fileSize, 4096)))
    let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(segment.offset)) }
    guard count > 0 else { return nil }
    return String(decoding: bytes[..<count].prefix { $0 != 0 }, as: UTF8.self)
  }

  private func check(_ name: String, _ passed: Bool, _ detail: String) -> VerificationCheck {
    VerificationCheck(name: name, outcome: passed ? .passed : .failed, detail: detail)
  }
}
