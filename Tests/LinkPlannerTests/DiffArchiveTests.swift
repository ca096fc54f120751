import ElfKit
import Foundation
import LinkPlanner
import Testing
import TestSupport

/// Archives matched member by member, and directories file by file.
@Suite struct DiffArchiveTests {
  /// Members `a r b c d` in OLD and `a c d b n` in NEW: `r` removed, `n` added, `b` moved after `d` and
  /// changed; `shared` moves from `c` to `n`, which needs it from nowhere else, so the archive as a whole
  /// neither loses it nor needs it.
  private func buildArchives(_ scratch: Scratch) throws -> (old: String, new: String) {
    func member(_ version: String, _ name: String, _ source: String) throws -> String {
      try scratch.compileC("\(version)/\(name)", source)
    }
    let old = try [
      member("v1", "a.o", "int shared(void);\nint a(void) { return shared(); }\n"),
      member("v1", "r.o", "int r(void) { return 4; }\n"),
      member("v1", "b.o", "int b(int x) { return x; }\n"),
      member("v1", "c.o", "int c(void) { return 1; }\nint shared(void) { return 2; }\n"),
      member("v1", "d.o", "int d(void) { return 3; }\n"),
    ]
    let new = try [
      member("v2", "a.o", "int shared(void);\nint a(void) { return shared(); }\n"),
      member("v2", "c.o", "int c(void) { return 1; }\n"),
      member("v2", "d.o", "int d(void) { return 3; }\n"),
      member("v2", "b.o", "int b(int x) { return x * x + 3 * x - 11; }\n"),
      member("v2", "n.o", "int shared(void) { return 2; }\n"),
    ]
    return (try scratch.archive("v1/lib.a", old), try scratch.archive("v2/lib.a", new))
  }

  @Test func membersAddedRemovedAndMoved() throws {
    let scratch = try Scratch("diff-ar")
    let (old, new) = try buildArchives(scratch)
    let report = try DiffReport(old: old, new: new, filter: DiffFilter())
    let file = try #require(report.files.first)
    #expect(file.kind == .archive)
    #expect(file.members.added.map(\.name) == ["n.o"])
    #expect(file.members.added.map(\.position) == [4])
    #expect(file.members.removed.map(\.name) == ["r.o"])
    #expect(file.members.moved.map(\.newName) == ["b.o"])
    #expect(file.members.renamed.isEmpty)
    #expect(file.members.moved.map(\.oldPosition) == [2])
    #expect(file.members.moved.map(\.newPosition) == [3])
    // Symbols member by member, as nm lists them under each member.
    #expect(NMExpectation(report) == NMExpectation(old: try NMSymbols.rows(old), new: try NMSymbols.rows(new)))
    #expect(file.changes.map { NMExpectation.key($0.member, $0.name) }.sorted() == [
      "b.o(b)", "c.o(shared)", "n.o(shared)", "r.o(r)",
    ])
    // Over the whole archive only `r` is gone, and nothing new is needed.
    #expect(file.removedDefinitions.map(\.name) == ["r"])
    #expect(file.removedDefinitions.first?.members == ["r.o"])
    #expect(file.newUndefined.isEmpty)
    #expect(report.status == [.changed, .incompatible])
  }

  @Test func reorderingAloneIsAChange() throws {
    let scratch = try Scratch("diff-ar")
    let one = try scratch.compileC("one.o", "int one(void) { return 1; }\n")
    let two = try scratch.compileC("two.o", "int two(void) { return 2; }\n")
    let old = try scratch.archive("old.a", [one, two])
    let new = try scratch.archive("new.a", [two, one])
    let report = try DiffReport(old: old, new: new, filter: DiffFilter())
    #expect(report.files.first?.members.moved.count == 1)
    #expect(report.files.first?.changes.isEmpty == true)
    #expect(report.status == [.changed])
  }

  @Test func membersOfTheSameNameMatchInOrder() throws {
    let scratch = try Scratch("diff-ar")
    let first = try scratch.compileC("first/dup.o", "int first_fn(void) { return 1; }\n")
    let second = try scratch.compileC("second/dup.o", "int second_fn(int x) { return x; }\n")
    let grown = try scratch.compileC("grown/dup.o", "int second_fn(int x) { return x * x * x - 7 * x; }\n")
    // `ar q` appends without replacing: two members named dup.o.
    let old = scratch.file("old.a")
    let new = scratch.file("new.a")
    try Tool.succeed("ar", ["qc", old, first, second])
    try Tool.succeed("ar", ["qc", new, first, grown])
    let file = try #require(try DiffReport(old: old, new: new, filter: DiffFilter()).files.first)
    #expect(file.members.isEmpty)
    #expect(file.changes.map(\.name) == ["second_fn"])
    #expect(file.changes.first?.member == "dup.o")
    #expect(file.changes.first?.attributes == [.size])
  }

  @Test func runtimeVariantTagsDoNotSeparateMembers() throws {
    let scratch = try Scratch("diff-ar")
    let old = try scratch.archive("libasmrun.a", [
      try scratch.compileC("v1/main.n.o", "int caml_main(void) { return 0; }\n"),
      try scratch.compileC("v1/gc.n.o", "int caml_gc(int x) { return x; }\n"),
    ])
    let new = try scratch.archive("libasmrund.a", [
      try scratch.compileC("v2/main.nd.o", "int caml_main(void) { return 0; }\n"),
      try scratch.compileC("v2/gc.nd.o", "int caml_gc(int x) { return x * x - 3 * x + 1; }\n"),
      try scratch.compileC("v2/debug.nd.o", "void caml_failed_assert(void) {}\n"),
    ])
    let file = try #require(try DiffReport(old: old, new: new, filter: DiffFilter()).files.first)
    #expect(file.members.renamed.map { "\($0.oldName)>\($0.newName)" } == ["main.n.o>main.nd.o", "gc.n.o>gc.nd.o"])
    #expect(file.members.added.map(\.name) == ["debug.nd.o"])
    #expect(file.members.removed.isEmpty && file.members.moved.isEmpty)
    #expect(file.changes.map { NMExpectation.key($0.member, $0.name) } == ["gc.n.o(caml_gc)", "debug.nd.o(caml_failed_assert)"])
  }

  @Test func theInstalledDebugRuntimeAgainstThePlainOne() throws {
    let directory = try Tool.succeed("ocamlfind", ["ocamlopt", "-where"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    let old = "\(directory)/libasmrun.a"
    let new = "\(directory)/libasmrund.a"
    let report = try DiffReport(old: old, new: new, filter: DiffFilter())
    let file = try #require(report.files.first)
    // Every member has its debug twin; the debug runtime defines the assertion handler.
    #expect(file.members.added.isEmpty && file.members.removed.isEmpty)
    #expect(!file.members.renamed.isEmpty)
    #expect(file.changes.contains { $0.name == "caml_failed_assert" && $0.kind == .added })
    let expected = NMExpectation(old: try NMSymbols.rows(old), new: try NMSymbols.rows(new))
    #expect(NMExpectation(report).newUndefined == expected.newUndefined)
    #expect(NMExpectation(report).removedDefinitions == expected.removedDefinitions)
  }

  @Test func directoriesMatchFilesByPath() throws {
    let old = try Scratch("diff-old")
    let new = try Scratch("diff-new")
    let members = try Scratch("diff-members")
    // An archive changed, an object removed, one added, one the same in a subfolder; C sources and META
    // (not ELF) left out.
    try old.archive("libk.a", [try members.compileC("v1/k.o", "int k(void) { return 1; }\n")])
    try new.archive("libk.a", [try members.compileC("v2/k.o", "int k(int x) { return x * x + 5 * x; }\n")])
    try old.compileC("gone.o", "int gone(void) { return 1; }\n")
    try new.compileC("fresh.o", "int fresh(void) { return 1; }\n")
    for scratch in [old, new] {
      try scratch.compileC("sub/same.o", "int same(void) { return 0; }\n")
      try scratch.write("META", "version = \"\(scratch.path)\"\n")
    }
    let report = try DiffReport(old: old.path, new: new.path + "/", filter: DiffFilter())
    #expect(report.files.map(\.name) == ["fresh.o", "gone.o", "libk.a"])
    let byName = Dictionary(uniqueKeysWithValues: report.files.map { ($0.name, $0) })
    #expect(byName["fresh.o"]?.oldPath == nil)
    #expect(byName["fresh.o"]?.newPath == new.file("fresh.o"))
    #expect(byName["fresh.o"]?.changes.map(\.kind) == [.added])
    #expect(byName["gone.o"]?.newPath == nil)
    #expect(byName["gone.o"]?.removedDefinitions.map(\.name) == ["gone"])
    #expect(byName["libk.a"]?.changes.map { NMExpectation.key($0.member, $0.name) } == ["k.o(k)"])
    #expect(report.status == [.changed, .incompatible])

    let same = try DiffReport(old: old.path, new: old.path, filter: DiffFilter())
    #expect(same.files.isEmpty && same.status == [])
  }

  @Test func inputsThatCannotBeCompared() throws {
    let scratch = try Scratch("diff-bad")
    let object = try scratch.compileC("x.o", "int x(void) { return 1; }\n")
    let archive = try scratch.archive("x.a", [object])
    let missing = scratch.file("missing.o")
    let text = try scratch.write("notes.txt", "hello\n")
    let cases: [(String, String, String)] = [
      (object, missing, "\(missing): No such file or directory"),
      (missing, object, "\(missing): No such file or directory"),
      (object, text, "\(text): file format not recognized"),
      (object, archive, "\(archive): an archive, \(object) is not"),
      (scratch.path, object, "\(object): not a directory, \(scratch.path) is"),
      (object, scratch.path, "\(scratch.path): a directory, \(object) is not"),
    ]
    for (old, new, message) in cases {
      let error = #expect(throws: ElfError.self) { try DiffReport(old: old, new: new, filter: DiffFilter()) }
      #expect(error?.description.hasPrefix(message) == true, "\(String(describing: error))")
    }
  }
}
