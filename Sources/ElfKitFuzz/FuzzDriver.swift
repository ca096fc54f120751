import ElfKit
import LinkPlanner

#if canImport(Glibc)
  import Glibc
#endif

/// Runs one input through every reader of ElfKit and the LinkPlanner passes that consume them.
/// Errors are the expected outcome for most inputs; a crash, a hang or a sanitizer report is a bug.
/// The tests replay their corrupt corpus through it too.
struct FuzzDriver: Sendable {
  /// Members opened per archive, and archive nesting followed, at most: keeps one input fast.
  static let memberLimit = 64
  static let depthLimit = 3

  /// Where each input is written to be read from a file.
  let input: InputFile

  /// The fuzzer's driver: one input file for the whole run.
  static let fuzzer = FuzzDriver(input: .temporary())

  /// Every ElfKit reader and the runtime classifier over the input read from memory (`elf_memory` on a heap
  /// copy, so AddressSanitizer sees any read past its end), then the resolver and the symbol diff over the
  /// input written to a file, which they open themselves (`ELF_C_READ_MMAP`).
  func run(_ bytes: UnsafeRawBufferPointer) {
    if let binary = try? BinaryFile.parse(bytes: bytes, name: input.path) {
      Self.explore(binary, depth: 0)
      Self.classifyRuntime(binary, path: input.path)
    }
    guard let path = input.write(bytes) else { return }
    Self.resolve(path)
    _ = try? DiffReport(
      old: path, new: path, filter: DiffFilter(scope: .all, includeLocals: true, pattern: nil))
  }

  /// Every accessor of an object; every member of an archive, nested ones included.
  static func explore(_ binary: BinaryFile, depth: Int) {
    switch binary {
    case .object(let file): explore(file)
    case .archive(let archive):
      _ = try? archive.symbolIndex()
      _ = try? archive.symbolIndexDiscrepancies()
      for member in archive.members.prefix(memberLimit) {
        _ = member.externalPath
        guard depth < depthLimit, let opened = try? member.open() else { continue }
        explore(opened, depth: depth + 1)
      }
    case .notELF: break
    }
  }

  static func explore(_ file: ElfFile) {
    for dynamic in [false, true] {
      var options = SymbolListingOptions()
      options.dynamic = dynamic
      _ = try? SymbolLister.list(file, options: options)
    }
    if let relocations = try? file.relocationTables(), let table = try? file.symbolTable() {
      let locator = FunctionLocator(symbols: table.symbols, includingData: true)
      for section in relocations {
        for relocation in section.entries.prefix(256) {
          _ = locator.function(containing: relocation.offset, inSection: section.target)
        }
      }
    }
    _ = try? file.notes()
    _ = try? file.sectionGroups()
    _ = try? file.symbolVersions()
    _ = try? file.comments()
    for section in file.sections.prefix(memberLimit) {
      _ = try? file.contents(ofSection: section.index)
    }
  }

  static func classifyRuntime(_ binary: BinaryFile, path: String) {
    switch binary {
    case .object(let file): _ = try? EmbeddedRuntimeDetector.detect(in: file)
    case .archive(let archive): _ = try? RuntimeArchiveClassifier.classify(archive, path: path)
    case .notELF: break
    }
  }

  /// `ld FILE` through the resolver and the check analyser, with an empty default script (no `ld` run).
  static func resolve(_ path: String) {
    guard let commandLine = try? LinkerCommandLine(["ld", path]) else { return }
    let resolver = Resolver(
      line: commandLine.line, defaults: LinkerDefaults(script: LinkerScript()))
    guard let resolution = try? resolver.resolve() else { return }
    _ = try? CheckAnalyzer(resolution: resolution, target: nil).report()
  }
}

/// The file inputs are written to, so the mapped (`ELF_C_READ_MMAP`) path is fuzzed too. Named like a runtime
/// archive (`libasmrun_*.a`), so the runtime classifier reads every member.
struct InputFile: Sendable {
  let path: String

  /// `libasmrun_fuzz.a` in `directory`.
  init(directory: String) { path = directory + "/libasmrun_fuzz.a" }

  /// In a new private folder under /dev/shm (a tmpfs: rewriting the file per input costs no disk writeback) or,
  /// without it, /tmp. The fuzzer's: it lives as long as the process.
  static func temporary() -> InputFile {
    let parent = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    var template = Array("\(parent)/elfkit-fuzz-XXXXXX".utf8CString)
    let directory = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map {
      String(cString: $0)
    }
    return InputFile(directory: directory ?? "/tmp")
  }

  /// Replaces the file's contents with `bytes`; nil when it cannot be written.
  func write(_ bytes: UnsafeRawBufferPointer) -> String? {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var offset = 0
    while offset < bytes.count {
      let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
      guard written > 0 else { return nil }
      offset += written
    }
    return path
  }
}
