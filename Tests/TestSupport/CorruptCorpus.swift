import Foundation

/// One file of the corrupt corpus.
public struct CorruptFile: Sendable {
  /// The corrupt file.
  public var path: String
  /// What is wrong with it, in words.
  public var defect: String
  /// The intact file it was made from (`diff` compares the two).
  public var original: String
  /// The archive member an error must name (the defect is inside an otherwise intact archive's member).
  public var member: String?
}

/// Corrupt objects and archives made from real ones: objects the corpus compiles (x86_64, i386, big-endian
/// ppc64, aarch64; relocatable, with COMDAT groups, a shared object), archives `ar` builds, archives
/// written field by field (`/SYM64/`, BSD, thin) and a small slice of the system's archives. Each file has one
/// defect (truncation, a header field out of range, a table that runs past the end or points at nothing, an
/// unterminated string, a lying archive index or header, a thin archive naming what it must not, a nesting loop)
/// plus seeded random byte changes. Deterministic: the same machine gives the same files.
public struct CorruptCorpus: Sendable {
  public let files: [CorruptFile]

  /// Builds the corpus in `scratch` (a few seconds: it compiles nine objects).
  public init(in scratch: Scratch) throws {
    var writer = CorpusWriter(scratch: scratch)
    let originals = try CorpusOriginals(in: scratch)
    for object in originals.objects {
      let editor = try ElfEditor.reading(object)
      for variant in ElfDefects.all(of: editor, randomVariants: 8) {
        try writer.add(variant.bytes, defect: "\((object as NSString).lastPathComponent): \(variant.defect)", original: object)
      }
    }
    try writer.add(
      try OverlappingNames.object(in: scratch), defect: "every symbol name overlapping in 1 MiB", original: originals.objects[0])
    try ArchiveDefects(originals: originals, scratch: scratch).write(into: &writer)
    files = writer.files
  }
}

/// Writes corpus files with numbered names: `NNNN.o` for objects, `libasmrun_NNNN.a` for archives (named like
/// an OCaml runtime, so `link-check runtime` reads every member rather than stopping at the name).
struct CorpusWriter {
  let scratch: Scratch
  private(set) var files: [CorruptFile] = []

  init(scratch: Scratch) {
    self.scratch = scratch
    _ = try? Scratch(existing: scratch.file("corpus"))
  }

  mutating func add(_ bytes: [UInt8], defect: String, original: String, member: String? = nil) throws {
    let isArchive = bytes.starts(with: Array("!<".utf8))
    let name = isArchive ? archiveName(at: 0) : String(format: "%04d.o", files.count)
    let path = try scratch.write("corpus/" + name, bytes: bytes)
    files.append(CorruptFile(path: path, defect: defect, original: original, member: member))
  }

  /// The name of the archive added `offset` files from now (0: the next one, -1: the last one).
  func archiveName(at offset: Int) -> String { String(format: "libasmrun_%04d.a", files.count + offset) }
}

/// The intact inputs the corpus is made from.
struct CorpusOriginals {
  /// Objects: relocatable for four machines, one with COMDAT groups, and a shared object (dynamic symbols,
  /// versions, program headers with `PT_NOTE`).
  var objects: [String] = []
  /// Relocatable x86_64 objects for archives (the second with a name of 16 bytes or more).
  var members: [String] = []
  /// `ar rcs` of `members`.
  var archive: String
  /// `ar rcsT` of `members`.
  var thinArchive: String
  /// Small archives of the system that exist here (`libc_nonshared.a`, OCaml's `bigarray.a`…).
  var systemArchives: [String]

  static let systemCandidates = [
    "/usr/lib/x86_64-linux-gnu/libc_nonshared.a", "/usr/lib/gcc/x86_64-linux-gnu/12/libssp_nonshared.a",
    "/usr/lib/ocaml/bigarray.a",
  ]

  init(in scratch: Scratch) throws {
    let source = Recipes.crossArchitectureSource
    objects.append(try scratch.compileC("unit-x86_64.o", source, flags: ["-fcommon"]))
    for triple in Recipes.crossTriples.dropFirst() {
      objects.append(try scratch.compileC("unit-\(triple.prefix { $0 != "-" }).o", source, target: triple))
    }
    objects.append(try scratch.compileC("comdat.o", Self.comdatSource))
    let program = try scratch.write("program.c", Self.programSource)
    let unit = try scratch.write("unit.c", source)
    objects.append(scratch.file("libunit.so"))
    try Tool.succeed("gcc", ["-shared", "-fPIC", "-O1", "-o", scratch.file("libunit.so"), unit, program])
    members = [objects[0], try scratch.compileC("a_member_with_a_long_name.o", Self.programSource)]
    archive = try scratch.archive("libgood.a", members)
    thinArchive = try scratch.archive("libthin.a", members, thin: true)
    systemArchives = Self.systemCandidates.filter { FileManager.default.fileExists(atPath: $0) }
  }

  /// Two COMDAT groups, as C++ makes for templates and inline functions (written in assembly: no C++ compiler
  /// needed).
  static let comdatSource = #"""
    #define COMDAT(name) __asm__(".section .text." #name ",\"axG\",@progbits," #name ",comdat\n.weak " #name \
      "\n.type " #name ",@function\n" #name ":\nret\n.size " #name ",.-" #name "\n.previous\n")
    COMDAT(twice_int);
    COMDAT(shared_inline);
    extern int twice_int(int), shared_inline(int);
    int use_templates(int x) { return shared_inline(x) + twice_int(x); }
    """#

  /// Defines what `Recipes.crossArchitectureSource` leaves undefined, so the two link together.
  static let programSource = """
    int ext_var = 1;
    int ext_fn(int x) { return x + 1; }
    int caller(int);
    int main(void) { return caller(1) > 0 ? 0 : 1; }
    """
}

/// A small deterministic generator (SplitMix64) for the random variants.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}
