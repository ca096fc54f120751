import ArgumentParser
import ElfKit
import FoundationEssentials
import LinkPlanner

/// `link-check runtime`: which OCaml runtime an archive is, or a complete object embeds, and whether it suits a target.
struct RuntimeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "runtime",
    abstract: "Identify OCaml runtimes (libasmrun*.a, libcamlrun*.a) in archives, folders and complete objects.",
    discussion: """
      PATH is a runtime archive, a folder searched for them (such as `ocamlfind ocamlc -where`), or a complete \
      object (`ocamlfind ocamlopt -output-complete-obj`, dune's (modes object)) whose embedded runtime is \
      identified and matched against the archives given alongside it. For each runtime: the variant and the \
      -runtime-variant flag that selects it, the OCaml releases it comes from, machine, code model (PIC or not), \
      and whether it is a host (glibc) or a freestanding (nolibc/openlibm) runtime. --target adds a verdict. \
      The JSON schema is in README.md.
      Exit status: 0 when all is well, 1 when --target is given and a runtime does not suit it, 2 when a path \
      could not be read or holds no runtime.
      """
  )

  @Option(name: .long, help: "Judge each runtime for this target: hvt, spt, virtio, muen, xen, genode, stub or unix.")
  var target: Target?

  @Option(name: .long, help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Argument(help: "Runtime archives, folders to search for them, or complete objects.")
  var paths: [String]

  func run() throws {
    var collection = RuntimeCollection()
    for path in paths { collection.add(path) }
    let findings = collection.findings(target: target)
    let renderer: RuntimeRenderer =
      format == .json ? JSONRuntimeRenderer(out: .standardOutput) : TextRuntimeRenderer(out: .standardOutput)
    renderer.render(findings, target: target, errors: collection.errors)
    OutputStream.standardOutput.flush()
    if !collection.errors.isEmpty { throw ExitStatus.inputError }
    if findings.contains(where: { $0.verdict?.suits == false }) { throw ExitStatus.problemsFound }
  }
}

/// The runtimes found on the command line, in order, and the paths that could not be read.
struct RuntimeCollection {
  private(set) var archives: [RuntimeArchiveReport] = []
  private(set) var embedded: [EmbeddedRuntime] = []
  /// A runtime found, by its index in `archives` or `embedded`.
  private enum Entry {
    case archive(Int)
    case embedded(Int)
  }

  /// The runtimes in command-line order.
  private var order: [Entry] = []
  private(set) var errors: [ElfError] = []

  mutating func add(_ path: String) {
    if FileSystem.isDirectory(path) {
      addDirectory(path)
      return
    }
    do {
      try addFile(path)
    } catch {
      fail(error)
    }
  }

  private mutating func addFile(_ path: String) throws(ElfError) {
    switch try BinaryFile.open(path: path) {
    case .archive(let archive): addArchive(try RuntimeArchiveClassifier.classify(archive, path: path))
    case .object(let file):
      guard let runtime = try EmbeddedRuntimeDetector.detect(in: file) else {
        throw ElfError(
          file: path, problem: "embeds no OCaml runtime (built with -output-obj rather than -output-complete-obj?)")
      }
      order.append(.embedded(embedded.count))
      embedded.append(runtime)
    case .notELF(let reason): throw ElfError(file: path, problem: reason)
    }
  }

  private mutating func addDirectory(_ path: String) {
    let found: [String]
    do {
      found = try RuntimeArchiveLocator.archives(in: path)
    } catch {
      fail(ElfError(file: path, problem: "cannot read the folder: \(error)"))
      return
    }
    guard !found.isEmpty else {
      fail(ElfError(file: path, problem: "no OCaml runtime archives (libasmrun*.a, libcamlrun*.a) in this folder"))
      return
    }
    for archive in found {
      do {
        addArchive(try RuntimeArchiveClassifier.classify(path: archive))
      } catch {
        fail(error)
      }
    }
  }

  private mutating func addArchive(_ report: RuntimeArchiveReport) {
    guard !archives.contains(where: { $0.path == report.path }) else { return }
    order.append(.archive(archives.count))
    archives.append(report)
  }

  private mutating func fail(_ error: ElfError) {
    Diagnostics.error(error.description)
    errors.append(error)
  }

  /// One finding per runtime in input order; embedded runtimes are matched against every archive found.
  func findings(target: Target?) -> [RuntimeFinding] {
    order.map { entry in
      switch entry {
      case .archive(let index): RuntimeFinding(archives[index], target: target)
      case .embedded(let index):
        RuntimeFinding(embedded[index], matches: archives.filter(embedded[index].matches), target: target)
      }
    }
  }
}
