import ArgumentParser
import ElfKit
import LinkPlanner

/// `link-check size`: which package makes the image big, and which chain of units pulled it in.
struct SizeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "size",
    abstract:
      "Attribute every allocated byte of an object, program or archive to a package, library or unit.",
    discussion: """
      The files are read as one image. Each byte of an allocated section goes to one owner: an OCaml unit's \
      findlib package (the program's own units: program), the archive member C code comes from (stub archives \
      of installed packages, the runtime, and the archives and objects given with --library), startup code, \
      padding, a section (notes, unwind tables), or unattributed (listed by symbol). Each owner comes with the \
      shortest chain of units from the main unit that reaches it (needs relocations: complete objects, \
      archives, programs linked with --emit-relocs). Schema of --format json in README.md.
      Exit status: 0, or 2 on usage or input errors.
      """
  )

  /// What the text table is grouped by.
  enum Grouping: String, ExpressibleByArgument, CaseIterable {
    case package, unit, section, library
  }

  /// `--format`: `text`, `json`, or an SVG treemap.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, svg
  }

  @Option(help: "Group the text table by package (owner), unit, section or library.")
  var by: Grouping = .package

  @Option(help: "Output format: text, json, or svg (a treemap of owners and their units).")
  var format: Format = .text

  @Option(
    name: .customLong("library"),
    help: ArgumentHelp(
      "An archive, object, or a directory of them, that C code of the image may come from (repeatable).",
      valueName: "path"))
  var libraries: [String] = []

  @Option(
    name: .customLong("findlib-path"),
    help: ArgumentHelp(
      "A findlib package directory (repeatable; default: $OCAMLPATH and `ocamlfind printconf path`).",
      valueName: "dir"))
  var findlibPaths: [String] = []

  @Option(help: "Parts (units, members, symbols) listed under each owner in the text table.")
  var top = 3

  @Argument(
    help:
      "Objects (*.exe.o), linked programs (.hvt, .spt, unix executables) or archives, read as one image."
  )
  var files: [String]

  func validate() throws {
    if top < 0 { throw ValidationError("--top must be 0 or more") }
  }

  func run() throws {
    let report = try reportingInputErrors {
      try SizeReport.measuring(
        files: files, libraries: libraries, catalog: OCamlLibraryCatalog.load(paths: findlibPaths))
    }
    let out = OutputStream.standardOutput
    switch format {
    case .text: SizeTextRenderer(out: out, top: top).render(report, by: by)
    case .json: SizeJSONRenderer(out: out).render(report)
    case .svg: SizeSVGRenderer(out: out).render(report)
    }
  }
}
