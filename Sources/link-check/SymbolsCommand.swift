import ArgumentParser
import ElfKit
import LinkPlanner

/// `link-check symbols`: an nm-exact symbol lister.
struct SymbolsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "symbols",
    abstract:
      "List symbols of objects and archives, byte-identical to `LC_ALL=C nm` (GNU nm 2.40).",
    discussion: """
      Text output matches GNU nm's default BSD format: value, class letter, name; archive members under \
      their own headings. --format json prints every field ElfKit reads (schema in README.md).
      Exit status: 0 when every file was read, 2 when a file could not be read (the others are still listed).
      """
  )

  @Flag(
    name: [.customShort("p"), .customLong("no-sort")],
    help: "Keep symbol-table order instead of sorting by name.")
  var noSort = false

  @Flag(
    name: [.customShort("u"), .customLong("undefined-only")], help: "List only undefined symbols.")
  var undefinedOnly = false

  @Flag(name: .customLong("defined-only"), help: "List only defined symbols.")
  var definedOnly = false

  @Flag(
    name: [.customShort("g"), .customLong("extern-only")],
    help: "List only external (global, weak, unique, undefined, common) symbols.")
  var externOnly = false

  @Flag(
    name: [.customShort("A"), .customLong("print-file-name")],
    help: "Prefix every line with the file (and member) name.")
  var printFileName = false

  @Flag(
    name: [.customShort("s"), .customLong("print-armap")],
    help: "Print the archive symbol index before the members.")
  var printArmap = false

  @Flag(
    name: [.customShort("D"), .customLong("dynamic")],
    help: "List the dynamic symbol table (.dynsym).")
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
    try SymbolsRun(
      options: options, format: format, printFileName: printFileName, printArmap: printArmap,
      files: files
    ).run()
  }
}

/// One `link-check symbols` run, its options parsed.
struct SymbolsRun {
  var options = SymbolListingOptions()
  var format = OutputFormat.text
  var printFileName = false
  var printArmap = false
  var files: [String] = []

  /// Parses a command line made only of `symbols`' own flags spelled out (`-p`, `--format json`), and file
  /// names; nil for anything else (grouped short flags, help, unknown options), which swift-argument-parser
  /// then parses. Its reflection over the command costs 8.0 M instructions of the 9.8 M of `link-check symbols
  /// crt1.o` (callgrind); this costs next to nothing.
  init?(plainArguments arguments: some Collection<String>) {
    var remaining = arguments[...]
    var filesOnly = false
    while let argument = remaining.popFirst() {
      if filesOnly || !argument.hasPrefix("-") || argument == "-" {
        files.append(argument)
        continue
      }
      switch argument {
      case "--": filesOnly = true
      case "-p", "--no-sort": options.sorted = false
      case "-u", "--undefined-only": options.undefinedOnly = true
      case "--defined-only": options.definedOnly = true
      case "-g", "--extern-only": options.externalOnly = true
      case "-A", "--print-file-name": printFileName = true
      case "-s", "--print-armap": printArmap = true
      case "-D", "--dynamic": options.dynamic = true
      case "--format", "--format=text", "--format=json":
        guard
          let value = argument == "--format" ? remaining.popFirst() : String(argument.dropFirst(9)),
          let parsed = OutputFormat(rawValue: value)
        else { return nil }
        format = parsed
      default: return nil
      }
    }
    guard !files.isEmpty else { return nil }
  }

  init(
    options: SymbolListingOptions, format: OutputFormat, printFileName: Bool, printArmap: Bool,
    files: [String]
  ) {
    (self.options, self.format, self.printFileName, self.printArmap, self.files) = (
      options, format, printFileName, printArmap, files
    )
  }

  func run() throws {
    let renderer: SymbolRenderer =
      format == .json
      ? JSONSymbolRenderer(out: .standardOutput)
      : NMSymbolRenderer(
        out: .standardOutput, headingPerFile: files.count > 1, fileNamePerSymbol: printFileName,
        printArmap: printArmap)
    var failed = false
    renderer.begin()
    for path in files {
      do {
        switch try BinaryFile.open(path: path) {
        case .object(let file):
          renderer.object(try SymbolLister.list(file, options: options), path: path)
        case .archive(let archive):
          try list(archive, path: path, renderer: renderer, failed: &failed)
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

  private func list(_ archive: Archive, path: String, renderer: SymbolRenderer, failed: inout Bool)
    throws(ElfError)
  {
    renderer.archive(archive, path: path, index: printArmap ? try archive.symbolIndex() : nil)
    for member in archive.members {
      do {
        switch try member.open() {
        case .object(let file):
          renderer.member(
            try SymbolLister.list(file, options: options), archivePath: path, member: member.name)
        case .archive(let nested):
          try list(nested, path: "\(path)(\(member.name))", renderer: renderer, failed: &failed)
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
