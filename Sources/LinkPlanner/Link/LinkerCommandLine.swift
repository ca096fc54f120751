import FoundationEssentials

/// Reads a GNU ld command line (argument vector, `@file` response files expanded) into a `LinkLine`.
/// Options that do not affect symbol resolution are accepted and kept; unknown ones are reported.
public struct LinkerCommandLine: Sendable {
  public var line: LinkLine
  /// Options ld would have to know that link-check does not (reported, not fatal).
  public var unknownOptions: [String]
  /// For each `.file` and `.library` item of `line`, in order: the indices of its words in the arguments given
  /// (the linker's name is index 0), so that an edit of the line can be made on the words; empty when response
  /// files were expanded (their words have no place in the arguments).
  public var inputWords: [ClosedRange<Int>] = []

  /// Parses `arguments`, the linker's own name first (`["ld", "-o", "x", "a.o"]`).
  public init(_ arguments: [String], responseFileDirectory: String = ".") throws(LinkerCommandLineError) {
    var line = LinkLine()
    var unknown: [String] = []
    let expanded = try Self.expandResponseFiles(Array(arguments.dropFirst()), directory: responseFileDirectory)
    var words = expanded[...]
    var inputWords: [ClosedRange<Int>] = []
    // `--push-state`/`--pop-state` save and restore these three modes.
    var modes = (staticLibraries: false, wholeArchive: false, asNeeded: false)
    var savedModes: [(staticLibraries: Bool, wholeArchive: Bool, asNeeded: Bool)] = []
    line.linker = arguments.first ?? "ld"
    func value(_ option: String) throws(LinkerCommandLineError) -> String {
      guard let next = words.popFirst() else { throw LinkerCommandLineError("\(option) needs an argument") }
      return next
    }
    while let popped = words.popFirst() {
      let word = Self.longOptionSpelling(popped)
      let first = words.startIndex  // one past `word` in `expanded`: `word` is argument `first`.
      let itemCount = line.items.count
      // After the word and its value (if any): `words.startIndex` is then the value's argument index, or `first`.
      defer { if line.items.count > itemCount, Self.isInput(line.items.last!) { inputWords.append(first...words.startIndex) } }
      // Options that take a value, in their separate, attached and `=` forms.
      if let (option, attached) = Self.splitValued(word) {
        let argument: String
        if let attached { argument = attached } else { argument = try value(option) }
        switch option {
        case "-o": line.output = argument
        case "-L": line.searchDirectories.append(argument)
        case "-l": line.items.append(.library(argument))
        case "-T":
          line.items.append(.script(line.scripts.count))
          line.scripts.append(argument)
        case "-u": line.undefinedSymbols.append(argument)
        case "-e": line.entry = argument
        case "--defsym":
          let assignment = SymbolAssignment(defsym: argument)
          line.definedSymbols.append(assignment.name)
          line.items.append(.defineSymbol(assignment))
        case "--sysroot": line.sysroot = argument
        case "-z" where argument == "muldefs": line.allowMultipleDefinitions = true
        case "-z" where argument == "defs": line.noUndefined = true
        case "-z" where argument == "undefs": line.noUndefined = false
        case "-rpath", "-rpath-link":
          let folders = argument.split(separator: ":").map(String.init)
          if option == "-rpath" { line.rpathDirectories += folders } else { line.rpathLinkDirectories += folders }
          line.otherOptions += [option, argument]
        default: line.otherOptions += [option, argument]
        }
        continue
      }
      switch word {
      case "-(", "--start-group": line.items.append(.startGroup)
      case "-)", "--end-group": line.items.append(.endGroup)
      case "--whole-archive", "--no-whole-archive":
        modes.wholeArchive = word == "--whole-archive"
        line.items.append(.wholeArchive(modes.wholeArchive))
      case "-static", "-Bstatic", "-dn", "-non_shared", "-Bdynamic", "-dy", "-call_shared":
        modes.staticLibraries = !["-Bdynamic", "-dy", "-call_shared"].contains(word)
        line.items.append(.staticLibraries(modes.staticLibraries))
      case "--as-needed", "--no-as-needed":
        modes.asNeeded = word == "--as-needed"
        line.items.append(.asNeeded(modes.asNeeded))
      case "--push-state": savedModes.append(modes)
      case "--pop-state":
        guard let saved = savedModes.popLast() else { throw LinkerCommandLineError("--pop-state without --push-state") }
        modes = saved
        line.items += [.staticLibraries(saved.staticLibraries), .wholeArchive(saved.wholeArchive), .asNeeded(saved.asNeeded)]
      case "-nostdlib": line.noStandardLibraries = true
      case "-shared", "-Bshareable": line.shared = true
      case "-r", "-i", "--relocatable": line.relocatable = true
      case "-pie", "--pie", "-no-pie", "--no-pie":
        line.positionIndependent = !word.contains("no-")
        line.otherOptions.append(word)
      case "--allow-multiple-definition": line.allowMultipleDefinitions = true
      case "--no-undefined": line.noUndefined = true
      case "--allow-shlib-undefined", "--no-allow-shlib-undefined":
        line.allowSharedLibraryUndefined = word == "--allow-shlib-undefined"
        line.otherOptions.append(word)
      default:
        if word.hasPrefix("-") && word != "-" {
          if Self.ignoredFlags.contains(word) || Self.ignoredPrefixes.contains(where: { word.hasPrefix($0) }) {
            line.otherOptions.append(word)
          } else {
            unknown.append(word)
          }
        } else {
          line.items.append(.file(word))
        }
      }
    }
    self.line = line
    self.unknownOptions = unknown
    self.inputWords = expanded == Array(arguments.dropFirst()) ? inputWords : []
  }

  private static func isInput(_ item: LinkLine.Item) -> Bool {
    switch item {
    case .file, .library: true
    default: false
    }
  }

  /// ld reads its options with `getopt_long_only`: a long option may be given after one dash (`-gc-sections`,
  /// `-rpath-link=.`, `-whole-archive`) or two (`--static`, `--nostdlib`), except the few ld marks "exactly two
  /// dashes" (`--output`, `--omagic`). A word that names a long option link-check knows is returned in the
  /// spelling link-check reads; anything else (`-lfoo`, `-Tlink.lds`, `-zdefs`, `-o`) unchanged, to be read as a
  /// short option with its value attached.
  static func longOptionSpelling(_ word: String) -> String {
    if word.hasPrefix("--") {
      let name = String(word.dropFirst(2).prefix { $0 != "=" })
      return oneDashNames.contains(name) && !twoDashNames.contains(name)
        ? String(word.dropFirst()) : word
    }
    // ld turns every `-lNAME` into `--library=NAME` before reading options: `-library-path=x` is a library.
    guard word.hasPrefix("-"), word.count > 2, !word.hasPrefix("-l") else { return word }
    let name = String(word.dropFirst().prefix { $0 != "=" })
    return twoDashNames.contains(name) && !oneDashNames.contains(name) ? "-" + word : word
  }

  /// The flags of the `switch` in `init`.
  private static let switchFlags = [
    "--start-group", "--end-group", "--whole-archive", "--no-whole-archive", "--as-needed",
    "--no-as-needed",
    "--push-state", "--pop-state", "--relocatable", "--allow-multiple-definition", "--no-undefined",
    "--allow-shlib-undefined", "--no-allow-shlib-undefined", "-static", "-Bstatic", "-dn",
    "-non_shared",
    "-Bdynamic", "-dy", "-call_shared", "-nostdlib", "-shared", "-Bshareable",
  ]
  private static let knownSpellings = valuedSpellings.map(\.0) + Array(ignoredFlags) + switchFlags

  /// Long options link-check spells with two dashes (ld's `--output`, `--omagic` and `--no-omagic` take exactly
  /// two, so `-output` is `-o utput`).
  private static let twoDashNames = Set(
    knownSpellings.filter { $0.hasPrefix("--") }.map { String($0.dropFirst(2)) }
  ).subtracting(["output", "omagic", "no-omagic"])
  /// Long options link-check spells with one dash (`-soname`, `-static`, `-Ttext`).
  private static let oneDashNames = Set(
    knownSpellings.filter { !$0.hasPrefix("--") && $0.count > 2 }.map { String($0.dropFirst()) })

  /// Options with a value: separate (`-L dir`), attached (`-Ldir`) or with `=` (`--library-path=dir`).
  /// Returns the canonical option and the attached value, if any.
  private static func splitValued(_ word: String) -> (String, String?)? {
    for (spelling, canonical) in valuedSpellings {
      if word == spelling { return (canonical, nil) }
      if spelling.count > 2 {
        if word.hasPrefix(spelling + "=") { return (canonical, String(word.dropFirst(spelling.count + 1))) }
      } else if word.hasPrefix(spelling) {
        return (canonical, String(word.dropFirst(spelling.count)))
      }
    }
    return nil
  }

  /// Spelling → canonical option, longest spelling first (`-Ttext` before `-T`). Two-character spellings
  /// also take an attached value (`-lfoo`).
  private static let valuedSpellings: [(String, String)] = [
    ("-o", ["-o", "--output"]),
    ("-L", ["-L", "--library-path"]),
    ("-l", ["-l", "--library"]),
    ("-T", ["-T", "--script"]),
    ("-u", ["-u", "--undefined"]),
    ("-e", ["-e", "--entry"]),
    ("--defsym", ["--defsym"]),
    ("--sysroot", ["--sysroot"]),
    ("-z", ["-z"]),
    ("-m", ["-m"]),
    ("-soname", ["-soname", "-h", "--soname"]),
    ("-rpath", ["-rpath", "-R"]),
    ("-rpath-link", ["-rpath-link"]),
    ("--dynamic-linker", ["--dynamic-linker", "-dynamic-linker", "-I"]),
    ("-Map", ["-Map"]),
    ("--hash-style", ["--hash-style"]),
    ("-plugin", ["-plugin", "--plugin"]),
    ("-plugin-opt", ["-plugin-opt", "--plugin-opt"]),
    ("-Ttext", ["-Ttext", "-Ttext-segment"]),
    ("-Tdata", ["-Tdata"]),
    ("-Tbss", ["-Tbss"]),
    ("--section-start", ["--section-start"]),
    ("-O", ["-O"]),
    ("-y", ["-y", "--trace-symbol"]),
    ("--version-script", ["--version-script"]),
    ("--image-base", ["--image-base"]),
  ].flatMap { canonical, spellings in spellings.map { ($0, canonical) } }.sorted { $0.0.count > $1.0.count }

  /// Flags that do not change which symbols resolve.
  private static let ignoredFlags: Set<String> = [
    "--gc-sections", "--no-gc-sections", "--eh-frame-hdr", "-s", "-S",
    "--strip-all", "--strip-debug", "-E", "--export-dynamic", "-d", "-dc", "-dp", "-N", "-n",
    "--fatal-warnings", "--no-fatal-warnings", "--warn-common", "--cref", "-M", "--print-map", "--verbose", "-v",
    "--no-dynamic-linker", "-X", "-x", "--discard-all", "--discard-locals", "-t", "--trace", "--build-id",
    "--enable-new-dtags", "--disable-new-dtags", "-Bsymbolic", "-Bsymbolic-functions", "--sort-common",
    "--no-warn-rwx-segments", "--no-warn-execstack", "--warn-backrefs", "-q", "--emit-relocs", "--relax",
    "--no-relax", "-g", "-nostartfiles",
  ]
  private static let ignoredPrefixes = ["--build-id=", "--dynamic-list", "--compress-debug-sections"]

  /// Replaces each `@file` with the words of that file (quoted as GCC writes them), recursively.
  static func expandResponseFiles(_ words: [String], directory: String, depth: Int = 0) throws(LinkerCommandLineError) -> [String] {
    var result: [String] = []
    for word in words {
      guard word.hasPrefix("@"), word.count > 1 else {
        result.append(word)
        continue
      }
      guard depth < 8 else { throw LinkerCommandLineError("response files nested too deeply at \(word)") }
      let path = String(word.dropFirst())
      let resolved = path.hasPrefix("/") ? path : "\(directory)/\(path)"
      guard let text = try? String(contentsOfFile: resolved, encoding: .utf8) else {
        // ld treats an unreadable @file as a file name.
        result.append(word)
        continue
      }
      result += try expandResponseFiles(Self.splitResponseFile(text), directory: directory, depth: depth + 1)
    }
    return result
  }

  /// Splits response-file text into words: white space separates, quotes and backslashes escape (libiberty's rules).
  static func splitResponseFile(_ text: String) -> [String] {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character?
    var escaped = false
    for character in text {
      if escaped {
        current.append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
        inWord = true
      } else if let open = quote {
        if character == open { quote = nil } else { current.append(character) }
      } else if character == "'" || character == "\"" {
        quote = character
        inWord = true
      } else if character.isWhitespace {
        if inWord { words.append(current) }
        current = ""
        inWord = false
      } else {
        current.append(character)
        inWord = true
      }
    }
    if inWord { words.append(current) }
    return words
  }
}

/// A linker command line that cannot be read.
public struct LinkerCommandLineError: Error, Sendable, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}
