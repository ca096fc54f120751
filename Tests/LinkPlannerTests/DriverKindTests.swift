import LinkPlanner
import Testing

/// Which first words after `check --` are expanded, and how (`DriverExpansion.kind`).
@Suite struct DriverKindTests {
  @Test(arguments: [
    ("ld", DriverExpansion.CommandKind.linker),
    ("/usr/bin/ld.gold", .linker),
    ("x86_64-linux-gnu-ld", .linker),
    ("x86_64-solo5-none-static-ld", .linkerWrapper),
    ("/opam/bin/x86_64-solo5-ocaml-ld", .linkerWrapper),
    ("gcc", .cDriver),
    ("cc", .cDriver),
    ("/usr/bin/clang", .cDriver),
    ("gcc-12", .cDriver),
    ("clang-16", .cDriver),
    ("x86_64-linux-gnu-gcc-12", .cDriver),
    ("x86_64-solo5-none-static-cc", .cDriver),
    ("x86_64-solo5-ocaml-cc", .cDriver),
    ("x86_64-solo5-ocaml-gcc", .cDriver),
    ("ocamlfind", .ocamlCompiler),
    ("ocamlopt.opt", .ocamlCompiler),
    ("/usr/bin/ocamlopt", .ocamlCompiler),
  ])
  func kind(_ word: String, _ expected: DriverExpansion.CommandKind) {
    #expect(DriverExpansion.kind(of: [word, "-o", "x"]) == expected)
  }
}
