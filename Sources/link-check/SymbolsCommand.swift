import ArgumentParser
import ElfKit
import LinkPlanner

/// `link-check symbols`: an nm-exact symbol lister.
struct SymbolsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "symbols",
    abstract: "List symbols of objects and archives, byte-identical to `LC_ALL=C nm` (GNU nm 2.40).",
    discussion: """
      Text output matches GNU nm's default BSD format: value, class letter, name; archive members under \
      their own headings. --format json prints every field ElfKit reads (schema in README.md).
      Exit status: 0 when every file was read, 2 when a file could not be read (the others are still listed).
      """
  )

  @Flag(name: [.customShort("p"), .customLong("no-sort")], help: "Keep symbol-table order instead of sorting by name.")
  var noSort = false

  @Flag(name: [.customShort("u"), .customLong("undefined-only")], help: "List only undefined symbols.")
  var undefinedOnly = false

  @Flag(name: .customLong("defined-only"), help: "List only defined symbols.")
  var definedOnly = false

  @Flag(name: [.customShort("g"), .customLong("extern-only")], help: "List only external (global, weak, unique, undefined, common) symbols.")
  var externOnly = false

  @Flag(name: [.customShort("A"), .customLong("print-file-name")], help: "Prefix every line with the file (and member) name.")
  var printFileName = false

  @Flag(name: [.customShort("s"), .customLong("print-armap")], help: "Print the archive symbol index before the members.")
  var printArmap = false

  @Flag(name: [.customShort("D"), .customLong("dynamic")], help: "List the dynamic symbol table (.dynsym).")
  var dynamic = false

  @Option(name: .long, help: "Output format: text (nm's) or json.")
  var format: OutputFormat = .text

  @Argument(help: "Object files, archives or shared objects.")
  var files: [String]

  func run() throws {
    var options = SymbolListingOptions()
    options.sorted = !noSort
    options.undefinedOnly = undefinedOnly
    options.definedOnly = definedOnly
    options.externalOnly = externOnly
    options.dynamic = dynamic
    let renderer: SymbolRenderer =
      format == .json
      ? JSONSymbolRenderer(out: .standardOutput)
      : NMSymbolRenderer(
        out: .standardOutput, headingPerFile: files.count > 1, fileNamePerSymbol: printFileName, printArmap: printArmap)
    var failed = false
    renderer.begin()
    for path in files {
      do {
        switch try BinaryFile.open(path: path) {
        case .object(let file):
          renderer.object(try SymbolLister.list(file, options: options), path: path)
        case .archive(let archive):
          try list(archive, path: path, options: options, renderer: renderer, failed: &failed)
        case .notELF(let reason):
          renderer.failure(ElfError(file: path, problem: reason))
          failed = true
        }
      } catch {
        renderer.failure(error)
        failed = true
      }
    }
    renderer.end()
    if failed { throw ExitStatus.inputError }
  }

  private func list(
    _ archive: Archive, path: String, options: SymbolListingOptions, renderer: SymbolRenderer, failed: inout Bool
  ) throws(ElfError) {
    renderer.archive(archive, path: path, index: printArmap ? try archive.symbolIndex() : nil)
    for member in archive.members {
      do {
        switch try member.open() {
        case .object(let file):
          renderer.member(try SymbolLister.list(file, options: options), archivePath: path, member: member.name)
        case .archive(let nested):
          try list(nested, path: "\(path)(\(member.name))", options: options, renderer: renderer, failed: &failed)
        case .notELF(let reason):
          renderer.note(ElfError(file: path, member: member.name, problem: reason))
        }
      } catch {
        renderer.failure(error)
        failed = true
      }
    }
  }
}
