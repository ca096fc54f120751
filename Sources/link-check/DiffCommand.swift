import ArgumentParser
import ElfKit
import FoundationEssentials
import LinkPlanner

/// `link-check diff`: what changed in the symbols of two builds of an object, archive or directory.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare the symbols of two objects, two archives or two directories of them.",
    discussion: """
      Headlines first: new undefined symbols (what NEW needs from the target that OLD did not) and removed \
      global definitions; then member and symbol changes, OCaml symbols by compilation unit, and sizes in the \
      manner of bloat-o-meter. Local symbols are left out unless --include-locals. Schema of --format json in \
      README.md.
      Exit status, a bitmask: 0 identical, 2 usage or input error, 4 symbols changed, 8 incompatible change \
      (a global definition removed or a new undefined symbol; comes with 4, so 12).
      """
  )

  @Flag(
    name: [.customShort("u"), .customLong("undefined-only")],
    help: "Only undefined symbols (either side).")
  var undefinedOnly = false

  @Flag(name: .customLong("defined-only"), help: "Only defined symbols (either side).")
  var definedOnly = false

  @Flag(name: .customLong("include-locals"), help: "Report local symbols too.")
  var includeLocals = false

  @Option(
    name: .customLong("filter"),
    help: ArgumentHelp("Only symbols whose name matches this fnmatch pattern.", valueName: "glob"))
  var pattern: String?

  @Option(name: .long, help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Argument(help: "The old object, archive or directory.")
  var old: String

  @Argument(help: "The new object, archive or directory.")
  var new: String

  func validate() throws {
    if undefinedOnly && definedOnly {
      throw ValidationError("--undefined-only and --defined-only exclude each other.")
    }
  }

  func run() throws {
    let filter = DiffFilter(
      scope: undefinedOnly ? .undefinedOnly : definedOnly ? .definedOnly : .all,
      includeLocals: includeLocals,
      pattern: pattern)
    var report: DiffReport
    do {
      report = try DiffReport(old: old, new: new, filter: filter)
    } catch {
      Diagnostics.error(error.description)
      throw ExitStatus.inputError
    }
    // The whole images' sizes, when the unfiltered report shows a change.
    if !report.files.isEmpty && !undefinedOnly && !definedOnly && !includeLocals && pattern == nil {
      report.packageSizes = Self.packageSizes(old: old, new: new)
    }
    switch format {
    case .text: DiffTextRenderer(out: .standardOutput).render(report)
    case .json: DiffJSONRenderer(out: .standardOutput).render(report)
    }
    if report.status != [] { throw ExitCode(report.status.rawValue) }
  }

  /// The change of each owner's allocated bytes (`link-check size`) between two files; nil for directories or
  /// when either side cannot be measured.
  private static func packageSizes(old: String, new: String) -> PackageSizeDelta? {
    if FileSystem.isDirectory(old) || FileSystem.isDirectory(new) { return nil }
    let catalog = OCamlLibraryCatalog.load(paths: [])
    guard let before = try? SizeReport.measuring(files: [old], libraries: [], catalog: catalog),
      let after = try? SizeReport.measuring(files: [new], libraries: [], catalog: catalog)
    else { return nil }
    return PackageSizeDelta(old: before, new: after)
  }
}
