/// Shrunk reproducers of the disagreements the differential campaign found with GNU ld, one per class.
public enum DifferentialRegressions {
  static let start = "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret"

  /// `main.o` of `mainParts`, and `libs0.so` defining `f2`.
  static func withSharedObject(mainParts: [String]) -> [DifferentialScenario.File] {
    [
      .init("main.o", .object(parts: mainParts)),
      .init("so0.o", .object(parts: ["\t.text\n\t.globl f2\n\t.type f2,@function\nf2:\n\tret"])),
      .init("libs0.so", .sharedObject(objects: ["so0.o"])),
    ]
  }

  public static let scenarios: [DifferentialScenario] = [
    // Seeds 6, 7, 24…: ld turns every `-lNAME` into `--library=NAME`, so `-library-path=.` is a library.
    DifferentialScenario(
      seed: 6, files: [.init("main.o", .object(parts: [start]))],
      arguments: ["-library-path=.", "main.o"]),
    // Seed 27: an assignment over an object's (weak) definition, then a strong definition: a duplicate.
    DifferentialScenario(
      seed: 27,
      files: [
        .init(
          "main.o",
          .object(parts: [
            start, "\t.text\n\t.globl f3\n\t.hidden f3\n\t.type f3,@function\nf3:\n\tret",
          ])),
        .init("o0.o", .object(parts: ["\t.text\n\t.weak f3\n\t.type f3,@function\nf3:\n\tret"])),
        .init("inputs.ld", .text("f3 = 0x24848;\n")),
      ],
      arguments: ["o0.o", "inputs.ld", "main.o"]),
    // Seed 1000111: after an assignment over a weak definition, another weak definition is a duplicate too.
    DifferentialScenario(
      seed: 1_000_111,
      files: [
        .init("main.o", .object(parts: [start])),
        .init("o2.o", .object(parts: ["\t.text\n\t.weak f0\n\t.type f0,@function\nf0:\n\tret"])),
        .init("o3.o", .object(parts: ["\t.text\n\t.weak f0\n\t.type f0,@function\nf0:\n\tret"])),
      ],
      arguments: ["o3.o", "--defsym=f0=0xff70", "o2.o", "main.o"]),
    // Seed 1000713: -Bstatic (-dn) before the first input makes the link static, even after -Bdynamic (-dy).
    DifferentialScenario(
      seed: 1_000_713,
      files: withSharedObject(mainParts: [start]),
      arguments: ["-dn", "-dy", "main.o", "libs0.so"]),
    // Seed 1001456: a script input's INPUT files load before the assignments that follow them in the script.
    DifferentialScenario(
      seed: 1_001_456,
      files: [
        .init("main.o", .object(parts: [start])),
        .init(
          "o2.o",
          .object(parts: [
            "\t.text\n\t.globl f0\n\t.type f0,@function\nf0:\n\tret",
            "\t.text\n\tmovq d0@GOTPCREL(%rip), %rax",
          ])),
        .init(
          "o3.o",
          .object(parts: [
            "\t.text\n\tcall f0@PLT", "\t.text\n\t.weak f3\n\t.type f3,@function\nf3:\n\tret",
          ])),
        .init("liba0.a", .archive(members: ["o3.o"], kind: .thin)),
        .init("liba1.a", .archive(members: ["o2.o"], kind: .indexed)),
        .init("inputs.ld", .text("INPUT(liba0.a liba1.a)\nf0 = 0x58800;\n")),
      ],
      arguments: ["-ef3", "inputs.ld", "main.o"]),
    // Seed 1004815: ld walks a group again while the walk added undefined symbols (here t0), folding the script
    // input's assignment again, now over o3's weak definition: o0's definition is then a duplicate.
    DifferentialScenario(
      seed: 1_004_815,
      files: [
        .init("main.o", .object(parts: [start])),
        .init("o0.o", .object(parts: ["\t.text\n\t.globl f4\n\t.type f4,@function\nf4:\n\tret"])),
        .init(
          "o3.o",
          .object(parts: [
            "\t.text\n\t.weak f4\n\t.type f4,@function\nf4:\n\tret",
            "\t.text\n\tmovq t0@gottpoff(%rip), %rax",
          ])),
        .init("inputs.ld", .text("f4 = 0x24272;\n")),
      ],
      arguments: [
        "-e", "f4", "--start-group", "inputs.ld", "o3.o", "--end-group", "o0.o", "main.o",
      ]),
    // Seed 1008179: a new common symbol counts as a new undefined one: the group is walked again.
    DifferentialScenario(
      seed: 1_008_179,
      files: [
        .init("main.o", .object(parts: [start])),
        .init("o0.o", .object(parts: ["\t.text\n\t.weak f0\n\t.type f0,@function\nf0:\n\tret"])),
        .init(
          "o2.o",
          .object(parts: [
            "\t.text\n\t.weak f0\n\t.type f0,@function\nf0:\n\tret", "\t.comm c1,8,8",
          ])),
        .init("inputs.ld", .text("f0 = 0x1264;\n")),
      ],
      arguments: [
        "-start-group", "--undefined", "f2", "inputs.ld", "o2.o", "-end-group", "o0.o", "main.o",
      ]),
    // Seed 1006474: -static before the first input does not make a -shared link static.
    DifferentialScenario(
      seed: 1_006_474, files: withSharedObject(mainParts: [start]),
      arguments: ["--shared", "--library-path=.", "-static", "-dy", "-ls0"]),
    // Seed 159: under --as-needed a shared object nothing refers to yet is dropped (`-u` does not count).
    DifferentialScenario(
      seed: 159,
      files: withSharedObject(mainParts: [start, "\t.text\n\tcall f2@PLT"]),
      arguments: ["-L.", "-as-needed", "-l", "s0", "-undefined=f2", "main.o"]),
    // Seed 187: a shared object named after -dn (-Bstatic) stops ld: "attempted static link of dynamic object".
    DifferentialScenario(
      seed: 187,
      files: withSharedObject(mainParts: [start, "\t.text\n\tcall f2@PLT"]),
      arguments: ["-dn", "libs0.so", "main.o"]),
  ]
}
