import Foundation

/// The repository's `Samples/` folder, found from this source file.
public enum Samples {
  public static var directory: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Samples").path
  }

  /// Builds a synthetic Solo5 sysroot of `era` (`pkg-config` or `toolchain`) under `prefix` with
  /// `Samples/sysroot/make-sysroot`.
  public static func makeSysroot(era: String, prefix: String) throws {
    try Tool.succeed("\(directory)/sysroot/make-sysroot", [era, prefix])
  }
}

/// OCaml programs of the kinds unikernel builds meet, each built once per test run as a complete object.
public final class OCamlPrograms: @unchecked Sendable {
  private static let built = Result { try OCamlPrograms() }

  /// The programs, built on first use (a build failure is thrown to every test that needs them).
  public static func shared() throws -> OCamlPrograms { try built.get() }

  public let scratch: Scratch
  /// Name → complete object path.
  public let objects: [String: String]

  public static let recipes: [(name: String, modules: [(String, String)], stubs: [(String, String)], packages: [String], flags: [String])] = [
    ("hello", [("main", "let () = print_endline \"hello\"\n")], [], [], []),
    ("unix", [("clock", "let now () = Unix.gettimeofday ()\n"), ("main", "let () = Printf.printf \"%f\\n\" (Clock.now ())\n")], [], ["unix"], []),
    ("str", [("main", "let () = if Str.string_match (Str.regexp \"h.*o\") \"hello\" 0 then print_endline \"match\"\n")], [], ["str"], []),
    ("threads", [("main", "let () = Thread.join (Thread.create print_endline \"in a thread\")\n")], [], ["threads.posix"], ["-thread"]),
    ("bigarray", [("main", "let () = let a = Bigarray.Array1.create Bigarray.float64 Bigarray.c_layout 4 in a.{0} <- 1.5; print_float a.{0}\n")], [], [], []),
    ("cstub", [("main", "external answer : unit -> int = \"stub_answer\"\nlet () = print_int (answer ())\n")],
     [("stub.c", "#include <caml/mlvalues.h>\nvalue stub_answer(value u) { (void)u; return Val_int(42); }\n")], [], []),
    ("debug-runtime", [("main", "let () = print_endline \"debug\"\n")], [], [], ["-runtime-variant", "d"]),
  ]

  private init() throws {
    scratch = try Scratch("ocaml-programs")
    var objects: [String: String] = [:]
    // `ld -r` (which -output-complete-obj runs) does not search the C compiler's folders for -lpthread.
    let pthread = try Tool.succeed("gcc", ["-print-file-name=libpthread.a"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    let threadFlags = ["-cclib", "-L" + (pthread as NSString).deletingLastPathComponent]
    for recipe in Self.recipes {
      let folder = try Scratch.subfolder(of: scratch, recipe.name)
      let flags = recipe.flags + (recipe.packages.contains("threads.posix") ? threadFlags : [])
      objects[recipe.name] = try folder.completeOCamlObject(
        "\(recipe.name).exe.o", modules: recipe.modules, cStubs: recipe.stubs, packages: recipe.packages, flags: flags)
    }
    self.objects = objects
  }
}

extension Scratch {
  /// A folder inside `parent`, removed with it.
  static func subfolder(of parent: Scratch, _ name: String) throws -> Scratch {
    try Scratch(existing: parent.file(name))
  }
}
