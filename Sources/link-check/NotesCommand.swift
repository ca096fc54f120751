import ArgumentParser
import ElfKit
import LinkPlanner

/// `link-check notes`: the ELF notes of files, Solo5's decoded as `solo5-elftool` decodes them.
struct NotesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "notes",
    abstract: "Print the ELF notes of files: Solo5's ABI1 and MFT1 (as solo5-elftool reads them) and the others.",
    discussion: """
      Notes are listed as `readelf -n` lists them: by note section (or by PT_NOTE segment in a file without \
      note sections), each with the PT_NOTE holding it. Solo5's loader (its tenders and solo5-elftool) reads only \
      the first note of each PT_NOTE; notes it cannot see are marked.
      --query abi and --query manifest print exactly what `solo5-elftool query-abi` and `query-manifest` print.
      Exit status: 0 all files read (and, with --query, the note found and valid), 1 the queried note is missing \
      or invalid, 2 a file could not be read.
      """
  )

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Option(help: "Print one Solo5 note as solo5-elftool does: abi (query-abi) or manifest (query-manifest).")
  var query: Query?

  @Argument(help: "ELF files: linked programs, objects.")
  var files: [String]

  enum Query: String, ExpressibleByArgument { case abi, manifest }

  func validate() throws {
    if query != nil && format == .json { throw ValidationError("--query prints solo5-elftool's JSON; leave out --format") }
  }

  func run() throws {
    var listings: [(String, NoteListing)] = []
    var unreadable = false
    for file in files {
      do {
        listings.append((file, try NoteListing(path: file)))
      } catch {
        Diagnostics.error(String(describing: error))
        unreadable = true
      }
    }
    if let query {
      let found = listings.map { Solo5QueryRenderer(out: .standardOutput).render(query, of: $0.1, file: $0.0) }
      OutputStream.standardOutput.flush()
      if unreadable { throw ExitStatus.inputError }
      if found.contains(false) { throw ExitStatus.problemsFound }
      return
    }
    switch format {
    case .text: NotesTextRenderer(out: .standardOutput).render(listings)
    case .json: NotesJSONRenderer(json: JSONStream(.standardOutput)).render(listings)
    }
    if unreadable { throw ExitStatus.inputError }
  }
}
