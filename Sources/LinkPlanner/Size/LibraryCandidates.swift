import ElfKit
import FoundationEssentials

/// The archives and objects C code of an image may come from (stub archives, the runtime, nolibc, openlibm,
/// Solo5 bindings…), indexed by the symbols they define. A symbol of the image is placed in the candidate
/// that defines it; when several do (`libasmrun.a` and `libasmrund.a`, the bindings of each target), in the one
/// that defines the most of the image's global symbols with the same sizes.
struct LibraryCandidates {
  /// One archive member or object that can hold C code.
  struct Home: Sendable {
    var owner: SizeOwner
    /// `libunix.a(unix.o)`, `solo5_spt.o`.
    var part: String
    /// The archive or object's file name.
    var library: String
    /// Defined symbol name → size.
    var globals: [String: UInt64]
    var locals: [String: UInt64]
    /// Name and contents of each note section (the Solo5 ABI note tells the bindings of each target apart).
    var notes: Set<[UInt8]>
  }

  private var homes: [Home] = []
  /// Global name → homes defining it, in candidate order.
  private var definers: [String: [Int]] = [:]
  /// Per home: how many of the image's globals it defines with the same size, then how many of the image's
  /// notes it holds (set by `rank`).
  private var scores: [Score] = []

  struct Score {
    var symbols = 0
    var notes = 0
  }
  /// Local name → homes defining it.
  private var localDefiners: [String: [Int]] = [:]
  /// A string of a merged-strings section (`.rodata.str1.1`, without its NUL) → homes holding it.
  private var stringHolders: [[UInt8]: [Int]] = [:]

  /// Reads `candidates` (path and the owner its code counts for), skipping what cannot be read: a candidate
  /// only helps to name owners.
  init(_ candidates: [(path: String, owner: SizeOwner)]) {
    for candidate in candidates {
      let library = ImageLayout.Object.basename(candidate.path)
      switch try? BinaryFile.open(path: candidate.path) {
      case .object(let file):
        add(file, owner: candidate.owner, part: library, library: library)
      case .archive(let archive):
        for member in archive.members {
          guard case .object(let file) = try? member.open() else { continue }
          add(file, owner: candidate.owner, part: "\(library)(\(member.name))", library: library)
        }
      default: continue
      }
    }
    scores = Array(repeating: Score(), count: homes.count)
  }

  /// The candidates of an image: `extra` (archives and objects, or directories searched recursively for them,
  /// each counting for a library named by its file), then the stub archives of the installed OCaml packages
  /// (counting for the package) and the compiler's runtime archives.
  static func paths(extra: [String], catalog: OCamlLibraryCatalog) -> [(
    path: String, owner: SizeOwner
  )] {
    var result: [(path: String, owner: SizeOwner)] = []
    for path in extra {
      guard FileManager.default.fileExists(atPath: path) else { continue }
      let files =
        FileSystem.isDirectory(path)
        ? ((try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []).filter {
          $0.hasSuffix(".a") || $0.hasSuffix(".o")
        }.sorted()
          .map { "\(path)/\($0)" }
        : [path]
      result += files.map { ($0, SizeOwner(kind: .library, name: ImageLayout.Object.basename($0))) }
    }
    result += catalog.stubArchives.sorted { $0.key < $1.key }.map {
      ($0.key, SizeOwner(kind: .package, name: $0.value))
    }
    result += catalog.runtimeArchives.map { ($0, SizeOwner(kind: .runtime, name: "runtime")) }
    return result
  }

  private mutating func add(_ file: ElfFile, owner: SizeOwner, part: String, library: String) {
    guard let table = try? file.symbolTable() else { return }
    var home = Home(
      owner: owner, part: part, library: library, globals: [:], locals: [:],
      notes: Self.notes(of: file))
    for symbol in table.symbols
    where symbol.section.isDefined && !symbol.isCommon && symbol.type != .section
      && symbol.type != .file
    {
      guard case .index = symbol.section, !symbol.name.isEmpty else { continue }
      if symbol.isExternal {
        home.globals[symbol.name.string] = symbol.size
      } else {
        home.locals[symbol.name.string] = symbol.size
      }
    }
    let index = homes.count
    for section in file.sections
    where section.isAllocated && section.flags.contains(.strings) && section.hasContents {
      guard let contents = try? file.contents(ofSection: section.index) else { continue }
      for string in contents.split(separator: 0) where string.count >= Self.shortestString {
        let key = Array(string)
        if stringHolders[key]?.last != index { stringHolders[key, default: []].append(index) }
      }
    }
    for name in home.globals.keys { definers[name, default: []].append(index) }
    for name in home.locals.keys { localDefiners[name, default: []].append(index) }
    homes.append(home)
  }

  /// Scores every home by the image's global definitions (name → size) it also defines with that size, and
  /// by the image's notes it holds.
  mutating func rank(imageGlobals: [String: UInt64], imageNotes: Set<[UInt8]>) {
    for (name, size) in imageGlobals {
      for index in definers[name] ?? [] where homes[index].globals[name] == size {
        scores[index].symbols += 1
      }
    }
    for index in homes.indices where scores[index].symbols > 0 {
      scores[index].notes = homes[index].notes.intersection(imageNotes).count
    }
  }

  /// Name and contents of each note section of `file`.
  static func notes(of file: ElfFile) -> Set<[UInt8]> {
    Set(
      file.sections.filter { $0.type == .note }.compactMap { section in
        (try? file.contents(ofSection: section.index)).map { Array(section.name.utf8) + [0] + $0 }
      })
  }

  /// The home of a global symbol of the image, or nil.
  func home(ofGlobal name: String, size: UInt64) -> Home? {
    best(definers[name] ?? [], name: name, size: size, in: \.globals, needingScore: false)
  }

  /// Strings shorter than this are not matched: `"%s"` and `"\n"` are in every library.
  static let shortestString = 4

  /// The home holding `string` (the bytes of a merged-strings section up to its NUL), among homes the image
  /// has globals from: string literals have no symbols, but their bytes are the ones the library holds.
  func home(ofString string: ArraySlice<UInt8>) -> Home? {
    guard string.count >= Self.shortestString, let holders = stringHolders[Array(string)] else {
      return nil
    }
    let chosen = holders.filter { scores[$0].symbols > 0 }.max {
      (scores[$0].symbols, $1) < (scores[$1].symbols, $0)
    }
    return chosen.map { homes[$0] }
  }

  /// The home of a local (static) symbol: only homes that define some of the image's globals count, so that
  /// a common static name (`buf`) is not placed in an archive the image has nothing from.
  func home(ofLocal name: String, size: UInt64) -> Home? {
    best(localDefiners[name] ?? [], name: name, size: size, in: \.locals, needingScore: true)
  }

  /// The best of `indices` for `name`: for a global, a home defining it with the image's size first, then the
  /// home of most of the image; for a local (static names collide across archives), the home of most of the
  /// image first, and only homes the image has globals from.
  private func best(
    _ indices: [Int], name: String, size: UInt64, in table: KeyPath<Home, [String: UInt64]>,
    needingScore: Bool
  ) -> Home? {
    func rank(_ index: Int) -> (Int, Int, Int) {
      let sameSize = homes[index][keyPath: table][name] == size ? 1 : 0
      let score = scores[index]
      return needingScore
        ? (score.symbols, sameSize, score.notes) : (sameSize, score.symbols, score.notes)
    }
    var chosen: Int?
    for index in indices where !needingScore || scores[index].symbols > 0 {
      if let current = chosen, rank(index) <= rank(current) { continue }
      chosen = index
    }
    return chosen.map { homes[$0] }
  }
}
