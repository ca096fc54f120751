import Foundation

/// The shape of mirage/ocaml-vchan#80 ("Linking vchan adds 5 MB to my unikernel"): a small findlib package,
/// `vchanlike`, whose META requires `compiler-libs.common`, used by a program's main unit; and the same
/// program after the dependency is removed. Both are complete objects (`-output-complete-obj`, as dune's
/// `(modes object)` builds a unikernel); each has its own findlib folder for `OCAMLPATH`.
public struct VchanFixture: Sendable {
  /// The program with the dependency, and its findlib folder.
  public var heavy: String
  public var heavyFindlib: String
  /// The program without it.
  public var light: String
  public var lightFindlib: String

  static let heavySource = """
    let describe s = Format.asprintf "%a" Pprintast.expression (Parse.expression (Lexing.from_string s))

    """
  static let lightSource = "let describe s = \"expression: \" ^ s\n"
  static let mainSource = "let () = print_endline (Vchanlike.describe \"1 + 2\")\n"

  public init(in scratch: Scratch) throws {
    heavyFindlib = scratch.file("heavy/findlib")
    lightFindlib = scratch.file("light/findlib")
    heavy = try Self.build(
      in: scratch, folder: "heavy", library: Self.heavySource, requires: "compiler-libs.common")
    light = try Self.build(in: scratch, folder: "light", library: Self.lightSource, requires: "")
  }

  /// Builds and installs `vchanlike` (META, cmxa, cmi, cmx) under `folder/findlib`, then `folder/main.exe.o`.
  private static func build(in scratch: Scratch, folder: String, library: String, requires: String)
    throws -> String
  {
    let source = try scratch.write("\(folder)/build/vchanlike.ml", library)
    let build = scratch.file("\(folder)/build")
    let package = requires.isEmpty ? [] : ["-package", requires]
    try Tool.succeed("ocamlfind", ["ocamlopt"] + package + ["-c", source], directory: build)
    try Tool.succeed(
      "ocamlfind", ["ocamlopt", "-a", "-o", "vchanlike.cmxa", "vchanlike.cmx"], directory: build)
    let installed = scratch.file("\(folder)/findlib/vchanlike")
    try FileManager.default.createDirectory(atPath: installed, withIntermediateDirectories: true)
    for file in ["vchanlike.cmxa", "vchanlike.a", "vchanlike.cmi", "vchanlike.cmx"] {
      try FileManager.default.copyItem(atPath: "\(build)/\(file)", toPath: "\(installed)/\(file)")
    }
    try scratch.write(
      "\(folder)/findlib/vchanlike/META",
      "requires = \"\(requires)\"\narchive(native) = \"vchanlike.cmxa\"\n")
    let main = try scratch.write("\(folder)/main.ml", mainSource)
    let output = scratch.file("\(folder)/main.exe.o")
    let result = try Tool.run(
      "ocamlfind",
      [
        "ocamlopt", "-package", "vchanlike", "-linkpkg", "-output-complete-obj", "-o", output, main,
      ],
      directory: scratch.file(folder), environment: ["OCAMLPATH": scratch.file("\(folder)/findlib")]
    )
    guard result.status == 0 else {
      throw ToolFailure(description: "building \(output): \(result.stderr)")
    }
    return output
  }
}
