import Foundation
import Testing
import TestSupport

/// `link-check diff` as a user runs it: exit bits, text, JSON and bad input.
@Suite struct DiffCommandTests {
  private func libraries(_ scratch: Scratch) throws -> (old: String, new: String) {
    (try scratch.compileC("v1/lib.o", DiffRecipes.libraryV1), try scratch.compileC("v2/lib.o", DiffRecipes.libraryV2))
  }

  private func json(_ result: ToolResult) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
  }

  @Test func identicalInputsExitZeroWithAnEmptyReport() throws {
    let scratch = try Scratch("diff-cli")
    let (old, _) = try libraries(scratch)
    let text = try LinkCheckExecutable.run(["diff", "--include-locals", old, old])
    #expect(text.status == 0)
    #expect(text.output.isEmpty && text.stderr.isEmpty)
    let document = try json(try LinkCheckExecutable.run(["diff", "--format", "json", old, old]))
    #expect(document["status"] as? Int == 0)
    #expect((document["files"] as? [Any])?.isEmpty == true)
  }

  @Test func sizeChangeAloneIsFour() throws {
    let scratch = try Scratch("diff-cli")
    let old = try scratch.compileC("v1/buf.o", "char buffer[16];\nint f(void) { return buffer[0]; }\n")
    let new = try scratch.compileC("v2/buf.o", "char buffer[64];\nint f(void) { return buffer[0]; }\n")
    let result = try LinkCheckExecutable.run(["diff", old, new])
    #expect(result.status == 4)
    #expect(result.output.contains("\n  ~ B buffer: size 16 -> 64\n"), "\(result.output)")
    #expect(!result.output.contains("new undefined") && !result.output.contains("removed definitions"))
    let total = try NMSymbols.rows(old).filter { $0.isExternal && !$0.isUndefined }.reduce(0) { $0 + $1.size }
    #expect(result.output.contains("\nsize: \(total) -> \(total + 48) bytes (+48, +"), "\(result.output)")
    #expect(result.output.contains("\n  buffer                                        16      64     +48\n"))
  }

  @Test func incompatibleChangeIsTwelve() throws {
    let scratch = try Scratch("diff-cli")
    let (old, new) = try libraries(scratch)
    let result = try LinkCheckExecutable.run(["diff", old, new])
    #expect(result.status == 12)
    let text = result.output
    #expect(text.hasPrefix("--- \(old)\n+++ \(new)\n"))
    // The headlines come first, then the rest, then sizes.
    let sections = ["new undefined symbols", "removed definitions", "symbol changes", "size:"].map {
      text.range(of: $0)?.lowerBound
    }
    #expect(sections.allSatisfy { $0 != nil })
    #expect(sections.compactMap { $0 } == sections.compactMap { $0 }.sorted())
    #expect(text.contains("\n  U printf\n"))
    #expect(text.contains("\n  U becomes_reference (OLD defines it: T, "))
    #expect(text.contains("\n  T api_old  "))
    #expect(text.contains("\n  ~ W to_weak: binding global -> weak\n"))
    #expect(text.contains("\n  - U ext_gone\n"))
    #expect(!text.contains("+ U printf"), "shown in the headline only")
    #expect(text.contains("add/remove: "))
  }

  @Test func jsonCarriesTheSameSetsAsNm() throws {
    let scratch = try Scratch("diff-cli")
    let (old, new) = try libraries(scratch)
    let result = try LinkCheckExecutable.run(["diff", "--format", "json", old, new])
    #expect(result.status == 12)
    let document = try json(result)
    #expect(document["status"] as? Int == 12)
    #expect(document["old"] as? String == old)
    let files = try #require(document["files"] as? [[String: Any]])
    #expect(files.count == 1)
    let file = files[0]
    #expect(file["kind"] as? String == "object")
    #expect(file["incompatible"] as? Bool == true)
    var seen = NMExpectation()
    for change in try #require(file["changes"] as? [[String: Any]]) {
      let name = try #require(change["name"] as? String)
      switch change["change"] as? String {
      case "added": seen.added.insert(name)
      case "removed": seen.removed.insert(name)
      case "changed": seen.changed.insert(name)
      default: Issue.record("unknown change \(String(describing: change["change"])) of \(name)")
      }
      for key in ["member", "attributes", "unit", "old", "new"] { #expect(change.keys.contains(key), "missing \(key)") }
    }
    for (key, names) in [("newUndefined", \NMExpectation.newUndefined), ("removedDefinitions", \.removedDefinitions)] {
      for entry in try #require(file[key] as? [[String: Any]]) { seen[keyPath: names].insert(entry["name"] as! String) }
    }
    #expect(seen == NMExpectation(old: try NMSymbols.rows(old), new: try NMSymbols.rows(new)))
    let size = try #require(file["size"] as? [String: Any])
    let growth = try #require(size["growth"] as? [[String: Any]])
    #expect(growth.first?["name"] as? String == "buffer")
    #expect(growth.first?["delta"] as? Int == 48)
    let members = try #require(file["members"] as? [String: Any])
    #expect(Set(members.keys) == ["added", "removed", "renamed", "moved"])
  }

  @Test func filtersDecideTheStatusToo() throws {
    let scratch = try Scratch("diff-cli")
    let (old, new) = try libraries(scratch)
    // Only sizes and bindings of definitions matching `b*`: buffer grew, nothing incompatible.
    let defined = try LinkCheckExecutable.run(["diff", "--defined-only", "--filter", "bu*", old, new])
    #expect(defined.status == 4, "\(defined.output)")
    #expect(defined.output.contains("~ B buffer"))
    #expect(!defined.output.contains("printf"))
    let undefined = try LinkCheckExecutable.run(["diff", "--undefined-only", old, new])
    #expect(undefined.status == 12)
    #expect(!undefined.output.contains("buffer"))
    let nothing = try LinkCheckExecutable.run(["diff", "--filter", "no_such_*", old, new])
    #expect(nothing.status == 0 && nothing.output.isEmpty)
  }

  @Test func archivesAndDirectories() throws {
    let scratch = try Scratch("diff-cli")
    let one = try scratch.compileC("one.o", "int one(void) { return 1; }\n")
    let two = try scratch.compileC("two.o", "int two(void) { return 2; }\n")
    let three = try scratch.compileC("three.o", "int three(void) { return 3; }\n")
    // Folders with a text file, which is not compared.
    for side in ["old", "new"] { try scratch.write("\(side)/README", "\(side)\n") }
    try scratch.archive("old/libn.a", [one, two])
    try scratch.archive("new/libn.a", [two, one, three])
    let result = try LinkCheckExecutable.run(["diff", scratch.file("old"), scratch.file("new")])
    #expect(result.status == 4, "\(result.output)")
    #expect(result.output.contains("members: +1 -0 renamed 0 moved 1\n"))
    #expect(result.output.contains("  + three.o (at 2)\n"))
    #expect(result.output.contains("  three.o:\n    + T three  "))
    let document = try json(try LinkCheckExecutable.run(["diff", "--format", "json", scratch.file("old"), scratch.file("new")]))
    let file = try #require((document["files"] as? [[String: Any]])?.first)
    #expect(file["name"] as? String == "libn.a")
    #expect(file["kind"] as? String == "archive")
  }

  @Test func usageAndInputErrorsAreTwo() throws {
    let scratch = try Scratch("diff-cli")
    let (old, _) = try libraries(scratch)
    let missing = scratch.file("missing.o")
    let result = try LinkCheckExecutable.run(["diff", old, missing])
    #expect(result.status == 2)
    #expect(result.output.isEmpty)
    #expect(result.stderr == "link-check: \(missing): No such file or directory\n")
    let notObject = try LinkCheckExecutable.run(["diff", old, try scratch.write("notes.txt", "hi\n")])
    #expect(notObject.status == 2)
    #expect(notObject.stderr.split(separator: "\n").count == 1)
    let both = try LinkCheckExecutable.run(["diff", "--defined-only", "--undefined-only", old, old])
    #expect(both.status == 2)
    let one = try LinkCheckExecutable.run(["diff", old])
    #expect(one.status == 2)
  }
}
