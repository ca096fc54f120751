import ArgumentParser
import ElfKit
import FoundationEssentials
import LinkPlanner

#if canImport(Glibc)
  import Glibc
#endif

/// The `link-check` command: checks and plans the final link of unikernels.
struct LinkCheck: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "link-check",
    abstract: "Check, plan and run the final link step of OCaml unikernels (Solo5, Xen, unix).",
    discussion: """
      Exit status: 0 when all is well, 1 when a check found problems, 2 on usage or input errors; `diff` exits \
      with a bitmask (4 symbols changed, 8 incompatible change; see `link-check help diff`). `link-check --version` prints link-check's release and the libelf it reads \
      files with.
      """,
    subcommands: [
      CheckCommand.self, SymbolsCommand.self, DiffCommand.self, RuntimeCommand.self,
      PlanCommand.self, LinkCommand.self,
      NotesCommand.self, SizeCommand.self,
    ],
    defaultSubcommand: CheckCommand.self
  )

  /// The command `arguments` name, parsed on its own; nil when they ask for help, a completion script or
  /// anything else that fails to parse, so that the full parser answers that (with its messages).
  ///
  /// `parseAsRoot` reflects over every subcommand's arguments before parsing (to find passthrough arguments and
  /// completion requests): 87% of the instructions of `link-check symbols crt1.o` (12.3 M of 14.0 M, callgrind).
  /// Parsing the one subcommand named gives the same command with the same values.
  static func parseDirectly(_ arguments: [String]) -> ParsableCommand? {
    guard let first = arguments.first else { return nil }
    do {
      if let named = configuration.subcommands.first(where: { $0._commandName == first }) {
        return try named.parse(Array(arguments.dropFirst()))
      }
      // The default command, when the line starts with an option (a word could be `help`, a root command).
      return first.hasPrefix("-") ? try CheckCommand.parse(arguments) : nil
    } catch {
      return nil
    }
  }

  /// link-check's release.
  static let version = "0.1.0"

  /// What `--version` prints: link-check's release, then the libelf it reads files with.
  static var versionText: String {
    let libelf = LibelfLibrary.sharedLibrary.map { "loaded from \($0)" } ?? "linked in"
    return "link-check \(version)\nlibelf: elfutils \(LibelfLibrary.elfutilsVersion), \(libelf)"
  }
}

/// Runs the command line and maps exit statuses: swift-argument-parser's usage error (64) becomes 2.
@main
enum Main {
  static func main() {
    // Standing in for a compiler's C driver or a wrapper's `ld` (check -- ocamlopt …): record, don't check.
    CommandRecorder.recordIfStandingIn(arguments: CommandLine.arguments)
    // Answered before the parser is built: a version query should cost no more than starting the process.
    if CommandLine.arguments.dropFirst().elementsEqual(["--version"]) {
      OutputStream.standardOutput.write(LinkCheck.versionText + "\n")
      OutputStream.standardOutput.flush()
      exit(0)
    }
    let status: Int32
    do {
      let arguments = Array(CommandLine.arguments.dropFirst())
      if arguments.first == SymbolsCommand._commandName,
        let symbols = SymbolsRun(plainArguments: arguments.dropFirst())
      {
        try symbols.run()
      } else if arguments.first == CheckCommand._commandName,
        let check = CheckRun(plainArguments: arguments.dropFirst())
      {
        try check.run()
      } else {
        var command = try LinkCheck.parseDirectly(arguments) ?? LinkCheck.parseAsRoot()
        try command.run()
      }
      status = 0
    } catch {
      let code = LinkCheck.exitCode(for: error).rawValue
      if code == ExitCode.validationFailure.rawValue {
        // A usage error is one line, like every other error.
        let words = LinkCheck.message(for: error).split(whereSeparator: \.isNewline).map {
          $0.trimmingBlanks()
        }
        Diagnostics.error(
          words.joined(separator: " ").replacing("Error: ", with: "")
            + " (see --help)")
        status = 2
      } else {
        let message = LinkCheck.fullMessage(for: error)
        if !message.isEmpty {
          let stream = code == 0 ? OutputStream.standardOutput : OutputStream.standardError
          stream.write(message.hasSuffix("\n") ? message : message + "\n")
        }
        status = code
      }
    }
    OutputStream.standardOutput.flush()
    OutputStream.standardError.flush()
    exit(status)
  }
}

/// The statuses every command shares.
enum ExitStatus {
  /// The check found problems.
  static let problemsFound = ExitCode(1)
  /// Usage or input error.
  static let inputError = ExitCode(2)
}

/// `--format`: for people or for pipelines.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}
