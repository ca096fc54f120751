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

  /// `libs1.so` (defines `f0`, calls `f3`) needing `libs0.so` (defines `f3` with version V1, `f3@V2` too).
  static let neededLibrary: [DifferentialScenario.File] = [
    .init("main.o", .object(parts: [start, "\t.text\n\tcall f0@PLT"])),
    .init(
      "so0.o",
      .object(parts: [
        "\t.text\n\t.globl f3\n\t.type f3,@function\nf3:\n\tret",
        "\t.text\n\t.globl f3_v2\n\t.type f3_v2,@function\nf3_v2:\n\tret\n\t.symver f3_v2, f3@V2",
      ])),
    .init("ver.map", .text("V1 { global: *; };\nV2 { } V1;\n")),
    versionedLibs0,
    .init(
      "so1.o",
      .object(parts: [
        "\t.text\n\t.globl f0\n\t.type f0,@function\nf0:\n\tret", "\t.text\n\tcall f3@PLT",
      ])),
    libs1,
  ]

  /// 22000925's files: libs1.so needs libs0.so (no soname), which refers to an undefined `d1`; inputs.ld names
  /// `AS_NEEDED(libs0.so)`.
  static let droppedAsNeededLibs0: [DifferentialScenario.File] = [
    .init(
      "main.o",
      .object(parts: [start])),
    .init("liba0.a", .archive(members: [], kind: .indexed)),
    .init("so0.o", .object(parts: ["\t.text\n\tmovq d1@GOTPCREL(%rip), %rax"])),
    versionMap,
    .init("libs0.so", .sharedObject(objects: ["so0.o", "--version-script", "ver.map"])),
    .init("so1.o", .object(parts: [])),
    .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
    .init("inputs.ld", .text("INPUT(AS_NEEDED(libs0.so) liba0.a)\n")),
  ]

  /// x.o defining `f9`; libst.a's m9.o defining `_start` and `f9` (22009919, 22009920).
  static let archiveStart: [DifferentialScenario.File] = [
    .init("x.o", .object(parts: ["\t.text\n\t.globl f9\n\t.type f9,@function\nf9:\n\tret"])),
    .init(
      "m9.o",
      .object(parts: [
        start,
        "\t.text\n\t.globl f9\n\t.type f9,@function\nf9:\n\tret",
      ])),
    .init("libst.a", .archive(members: ["m9.o"], kind: .indexed)),
  ]

  /// 17109921's archive and late object: liba0.a's o2.o defines `d0` and uses `d2`, its o3.o defines a weak `d2`;
  /// o4.o defines `d2`.
  static let groupDefsymArchive: [DifferentialScenario.File] = [
    .init(
      "o2.o",
      .object(parts: [
        "\t.data\n\t.globl d0\n\t.type d0,@object\n\t.size d0,8\nd0:\n\t.quad 1",
        "\t.text\n\tmovq d2@GOTPCREL(%rip), %rax",
      ])),
    .init(
      "o3.o",
      .object(parts: ["\t.data\n\t.weak d2\n\t.type d2,@object\n\t.size d2,8\nd2:\n\t.quad 1"])),
    .init(
      "o4.o",
      .object(parts: ["\t.data\n\t.globl d2\n\t.type d2,@object\n\t.size d2,8\nd2:\n\t.quad 1"])
    ),
    .init("liba0.a", .archive(members: ["o2.o", "o3.o"], kind: .indexed)),
  ]

  /// `main.o` defining only `_start`.
  static let mainStart = DifferentialScenario.File("main.o", .object(parts: [start]))

  /// A function `name` that returns, for an object's `parts`.
  static func function(_ name: String) -> String {
    "\t.text\n\t.globl \(name)\n\t.type \(name),@function\n\(name):\n\tret"
  }

  /// libs0.so defines `f0` and calls `f3` (needing libs1.so when `needsLibs1`); libs1.so defines `f1` and needs
  /// libs3.so, which defines `f3`; late.o calls `f3`; main.o calls `f0`.
  static func neededThroughDroppedLibrary(needsLibs1: Bool) -> [DifferentialScenario.File] {
    [
      .init("main.o", .object(parts: [start, "\t.text\n\tcall f0@PLT"])),
      .init("so3.o", .object(parts: [function("f3")])),
      .init("libs3.so", .sharedObject(objects: ["so3.o"])),
      .init("so1.o", .object(parts: [function("f1")])),
      .init("libs1.so", .sharedObject(objects: ["so1.o", "libs3.so"])),
      .init("so0.o", .object(parts: [function("f0"), "\t.text\n\tcall f3@PLT"])),
      .init("libs0.so", .sharedObject(objects: ["so0.o"] + (needsLibs1 ? ["libs1.so"] : []))),
      .init("late.o", .object(parts: ["\t.text\n\tcall f3@PLT"])),
    ]
  }

  /// main.o defines `_start` and `f1` (`mainF1` binds it); o2.o a weak `f1` and `d0`; libs0.so `f2@@V1`; link.lds
  /// provides `f2` (30005849 and its companions).
  static func assignmentOverWeakF1ReadingSharedF2(mainF1: String) -> [DifferentialScenario.File] {
    [
      .init(
        "main.o", .object(parts: [start, "\(mainF1)\n\t.text\n\t.type f1,@function\nf1:\n\tret"])),
      .init(
        "o2.o",
        .object(parts: [
          "\t.text\n\t.weak f1\n\t.type f1,@function\nf1:\n\tret",
          "\t.data\n\t.globl d0\n\t.type d0,@object\n\t.size d0,8\nd0:\n\t.quad 1",
        ])),
      .init(
        "link.lds",
        .text(
          "f3 = 0x61280;\nPROVIDE(f2 = 0x2000);\nPROVIDE(f5 = 0x2000);\nSECTIONS {\n  . = 0x400000;\n"
            + "  .text : { *(.text*) }\n  .data : { *(.data*) }\n  .bss : { *(.bss*) *(COMMON) }\n}\n"
        )),
      .init("so0.o", .object(parts: ["\t.text\n\t.globl f2\n\t.type f2,@function\nf2:\n\tret"])),
      versionMap,
      .init("libs0.so", .sharedObject(objects: ["so0.o", "--version-script", "ver.map"])),
    ]
  }

  /// An object's hidden `name` (main.o's, or o0.o's beside main.o); libs0.so's non-default `name@V<version>`;
  /// libs1.so, which needs libs0.so, calls `name` (25006092, 31000261).
  static func hiddenBesideSharedVersion(_ name: String, version: Int, inMain: Bool)
    -> [DifferentialScenario.File]
  {
    let hidden =
      "\t.text\n\t.globl \(name)\n\t.hidden \(name)\n\t.type \(name),@function\n\(name):\n\tret"
    let alias = "\(name)_v\(version)"
    return [
      inMain ? .init("main.o", .object(parts: [start, hidden])) : mainStart,
      .init("o0.o", .object(parts: inMain ? [] : [hidden])),
      .init(
        "so0.o",
        .object(parts: [
          "\t.text\n\t.globl \(alias)\n\t.type \(alias),@function\n\(alias):\n\tret\n\t.symver \(alias), \(name)@V\(version)"
        ])),
      versionMap,
      .init("libs0.so", .sharedObject(objects: ["so0.o", "--version-script", "ver.map"])),
      .init("so1.o", .object(parts: ["\t.text\n\tcall \(name)@PLT"])),
      .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
    ]
  }

  /// o0.o refers to `f2@V1`; libs1.so needs libs0.so, whose `f2@@V1` is its default version (32003007 and its
  /// companion).
  static let versionedF2BesideNeededDefault: [DifferentialScenario.File] = [
    mainStart,
    .init("o0.o", .object(parts: ["\t.symver f2_r1, f2@V1\n\t.text\n\tcall f2_r1@PLT"])),
    .init(
      "so0.o",
      .object(parts: [
        "\t.text\n\t.globl f2_v1\n\t.type f2_v1,@function\nf2_v1:\n\tret\n\t.symver f2_v1, f2@@V1"
      ])),
    versionMap,
    .init("libs0.so", .sharedObject(objects: ["so0.o", "--version-script", "ver.map"])),
    .init("so1.o", .object(parts: [])),
    .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
  ]

  /// liba0.a's o2.o defines a hidden `f2` (32003032 and its companion).
  static let hiddenF2InLiba0: [DifferentialScenario.File] = [
    .init(
      "o2.o",
      .object(parts: ["\t.text\n\t.globl f2\n\t.hidden f2\n\t.type f2,@function\nf2:\n\tret"])),
    .init("liba0.a", .archive(members: ["o2.o"], kind: .indexed)),
  ]

  /// libs0.so calls `f1`; libs1.so, which needs libs0.so, defines a weak `f1` (31002136 and its companion).
  static let sharedCallsF1WeakInLibs1: [DifferentialScenario.File] = [
    mainStart,
    .init("so0.o", .object(parts: ["\t.text\n\tcall f1@PLT"])),
    .init("libs0.so", .sharedObject(objects: ["so0.o"])),
    .init("so1.o", .object(parts: ["\t.text\n\t.weak f1\n\t.type f1,@function\nf1:\n\tret"])),
    .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
  ]

  /// o2.o refers to `f5@V1`; libs1.so calls `f5` (weakly or not) of version V1 from libs0.so, which the link
  /// does not find (29001660 and its companions).
  static func sharedReferenceToF5V1(weak: Bool) -> [DifferentialScenario.File] {
    [
      mainStart,
      .init("o2.o", .object(parts: ["\t.symver f5_r1, f5@V1\n\t.text\n\tcall f5_r1@PLT"])),
      .init("so0.o", .object(parts: ["\t.text\n\t.globl f5\n\t.type f5,@function\nf5:\n\tret"])),
      .init("ver.map", .text("V1 { global: *; };\nV2 { } V1;\nV3 { } V2;\n")),
      .init("libs0.so", .sharedObject(objects: ["so0.o", "--version-script", "ver.map"])),
      .init("so1.o", .object(parts: [(weak ? "\t.weak f5\n" : "") + "\t.text\n\tcall f5@PLT"])),
      .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
    ]
  }

  /// main.o with `_start` and a hidden `f1`; libs1.so reads `d1` (the companions of 27005174).
  static let hiddenF1SharedReadsD1: [DifferentialScenario.File] = [
    .init(
      "main.o",
      .object(parts: [
        start, "\t.text\n\t.globl f1\n\t.hidden f1\n\t.type f1,@function\nf1:\n\tret",
      ])),
    .init("so1.o", .object(parts: ["\t.text\n\tmovq d1@GOTPCREL(%rip), %rax"])),
    .init("libs1.so", .sharedObject(objects: ["so1.o"])),
  ]
  /// The campaign's version script: every name in V1 (the default), V2 and V3 defined too.
  static let versionMap = DifferentialScenario.File(
    "ver.map", .text("V1 { global: *; };\nV2 { } V1;\nV3 { } V2;\n"))
  /// `main.o` defining `_start` and `f2@V1` (a non-default version, through `.symver`).
  static let versionedMain = DifferentialScenario.File(
    "main.o",
    .object(parts: [
      start,
      "\t.text\n\t.globl f2_v1\n\t.type f2_v1,@function\nf2_v1:\n\tret\n\t.symver f2_v1, f2@V1",
    ]))
  /// `so0.o` defining a weak `f2`.
  static let weakSharedF2 = DifferentialScenario.File(
    "so0.o", .object(parts: ["\t.text\n\t.weak f2\n\t.type f2,@function\nf2:\n\tret"]))
  /// `main.o` defining a hidden `f5`; `libs0.so` defining `f5@V1` (a hidden version); `libs1.so`, needing
  /// `libs0.so`, calling `f5`.
  static let hiddenF5BesideVersionedF5: [DifferentialScenario.File] = [
    .init(
      "main.o",
      .object(parts: [
        start, "\t.text\n\t.globl f5\n\t.hidden f5\n\t.type f5,@function\nf5:\n\tret",
      ])),
    .init(
      "so0.o",
      .object(parts: [
        "\t.text\n\t.globl f5_v1\n\t.type f5_v1,@function\nf5_v1:\n\tret\n\t.symver f5_v1, f5@V1"
      ])),
    versionMap, versionedLibs0,
    .init("so1.o", .object(parts: ["\t.text\n\tcall f5@PLT"])),
    .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
  ]
  /// `libs0.so` linked from `so0.o` with `versionMap`.
  static let versionedLibs0 = DifferentialScenario.File(
    "libs0.so", .sharedObject(objects: ["so0.o", "--version-script", "ver.map"]))
  /// `libs1.so` linked from `so1.o` against `libs0.so`, which it then needs (`DT_NEEDED`).
  static let libs1 = DifferentialScenario.File(
    "libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"]))

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
    // Seed 3000028: an object's name@@VERSION is one symbol with name and name@VERSION: one duplicate, named after the first definition.
    DifferentialScenario(
      seed: 3_000_028,
      files: [
        mainStart,
        .init(
          "o2.o",
          .object(parts: [
            "\t.data\n\t.globl d1\n\t.type d1,@object\n\t.size d1,8\nd1:\n\t.quad 1",
            "\t.text\n\t.globl f3_v2\n\t.type f3_v2,@function\nf3_v2:\n\tret\n\t.symver f3_v2, f3@@V2",
          ])),
        .init("liba2.a", .archive(members: ["o2.o"], kind: .indexed)),
      ],
      arguments: ["-L.", "-ud1", "-l", "a2", "o2.o"]),
    // Seed 3000084: name@@VERSION defined before a plain definition: the duplicate is named name@@VERSION.
    DifferentialScenario(
      seed: 3_000_084,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\t.globl f0_v3\n\t.type f0_v3,@function\nf0_v3:\n\tret\n\t.symver f0_v3, f0@@V3",
          ])),
        .init(
          "o3.o",
          .object(parts: ["\t.text\n\t.globl f0\n\t.hidden f0\n\t.type f0,@function\nf0:\n\tret"])),
      ],
      arguments: ["-defsym", "f2=_start", "main.o", "o3.o"]),
    // Seed 3000109: an assignment over a weak definition, then name@@VERSION: no duplicate.
    DifferentialScenario(
      seed: 3_000_109,
      files: [
        mainStart,
        .init("o2.o", .object(parts: ["\t.text\n\t.weak f3\n\t.type f3,@function\nf3:\n\tret"])),
        .init(
          "o4.o",
          .object(parts: [
            "\t.text\n\t.globl f3_v3\n\t.type f3_v3,@function\nf3_v3:\n\tret\n\t.symver f3_v3, f3@@V3"
          ])),
      ],
      arguments: ["-L", ".", "o2.o", "--defsym", "f3=0xd600", "o4.o", "--undefined", "d0"]),
    // Seed 3000193: under -r, name and name@@VERSION in one object are two symbols.
    DifferentialScenario(
      seed: 3_000_193,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\t.globl f2\n\t.type f2,@function\nf2:\n\tret",
            "\t.text\n\t.globl f2_v3\n\t.type f2_v3,@function\nf2_v3:\n\tret\n\t.symver f2_v3, f2@@V3",
          ]))
      ],
      arguments: ["-r", "--library-path", ".", "main.o"]),
    // Seed 3000299: a library only a shared object needs (found by -R) does not define what an object refers to.
    DifferentialScenario(
      seed: 3_000_299,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\tcall f4@PLT",
          ])),
        .init("so0.o", .object(parts: ["\t.text\n\t.globl f4\n\t.type f4,@function\nf4:\n\tret"])),
        versionMap,
        versionedLibs0,
        .init("so1.o", .object(parts: [])),
        libs1,
      ],
      arguments: [
        "-Bshareable", "-zdefs", "--library-path=.", "-R", ".", "--defsym", "f5=0xe790", "-ls1",
        "main.o",
      ]),
    // Shared objects' undefined references (issue 14's missing shape): ld reports "libs1.so: undefined reference
    // to `f3'" for an executable; it looks for libs1.so's DT_NEEDED libs0.so in -rpath-link/-rpath, not in -L.
    DifferentialScenario(seed: 1, files: neededLibrary, arguments: ["-L.", "main.o", "-ls1"]),
    DifferentialScenario(
      seed: 2, files: neededLibrary, arguments: ["-L.", "-rpath-link=.", "main.o", "-ls1"]),
    DifferentialScenario(
      seed: 3, files: neededLibrary, arguments: ["-R", ".", "main.o", "libs1.so"]),
    DifferentialScenario(
      seed: 4, files: neededLibrary, arguments: ["-allow-shlib-undefined", "main.o", "libs1.so"]),
    DifferentialScenario(
      seed: 5, files: neededLibrary, arguments: ["-shared", "main.o", "libs1.so"]),
    DifferentialScenario(
      seed: 6, files: neededLibrary,
      arguments: ["-shared", "--no-allow-shlib-undefined", "main.o", "libs1.so"]),
    // A versioned reference resolves against the shared object's `f3@V2` (hidden) or `f3@@V1`, not `f3@V3`.
    DifferentialScenario(
      seed: 7,
      files: neededLibrary + [
        .init(
          "o0.o",
          .object(parts: [
            "\t.symver f3_r2, f3@V2\n\t.text\n\tcall f3_r2@PLT",
            "\t.symver f3_r1, f3@V1\n\t.text\n\tcall f3_r1@PLT",
            "\t.symver f3_r3, f3@V3\n\t.text\n\tcall f3_r3@PLT",
          ]))
      ], arguments: ["main.o", "o0.o", "libs1.so", "libs0.so"]),
    // Campaign 5000173: a name `-e` (or `-u`) names counts as referenced by an object: a shared object's reference
    // to it is not reported.
    DifferentialScenario(
      seed: 5_000_173,
      files: [
        .init("main.o", .object(parts: [start])),
        .init("so0.o", .object(parts: ["\t.text\n\tcall f0@PLT"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
      ],
      arguments: ["--library-path", ".", "-e", "f0", "-ls0"]),
    // Campaign 5000027: a library only a shared object needs, once it defines a name `-u` asks for, also defines
    // names objects use (here d2; no "DSO missing from command line").
    DifferentialScenario(
      seed: 5_000_027,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\tcall f1@PLT",
          ])),
        .init("o1.o", .object(parts: ["\t.text\n\tmovq d2@GOTPCREL(%rip), %rax"])),
        .init(
          "so0.o",
          .object(parts: [
            "\t.text\n\t.weak f1\n\t.type f1,@function\nf1:\n\tret",
            "\t.data\n\t.weak d2\n\t.type d2,@object\n\t.size d2,8\nd2:\n\t.quad 1",
          ])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init("so1.o", .object(parts: [])),
        libs1,
      ],
      arguments: [
        "--rpath=.", "-L.", "o1.o", "-u", "f1", "main.o", "-defsym", "f5=0x5e70", "--library=s1",
      ]),
    // Campaign 5000673: in a -shared link a needed library does not define what an object uses, even a -u name.
    DifferentialScenario(
      seed: 5_000_673,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\tcall f2@PLT",
          ])),
        .init("so0.o", .object(parts: ["\t.text\n\t.weak f2\n\t.type f2,@function\nf2:\n\tret"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init("so1.o", .object(parts: [])),
        libs1,
      ],
      arguments: ["-shared", "-no-undefined", "-rpath", ".", "-uf2", "main.o", "libs1.so"]),
    // Campaign 5000767: an object uses a name only a needed library (not on the line) defines: ld stops there
    // ("DSO missing from command line"), reporting nothing after it.
    DifferentialScenario(
      seed: 5_000_767,
      files: [
        mainStart,
        .init("o1.o", .object(parts: ["\t.text\n\tcall f1@PLT"])),
        .init("o3.o", .object(parts: ["\t.text\n\t.globl f2\n\t.type f2,@function\nf2:\n\tret"])),
        .init("liba0.a", .archive(members: ["o3.o"], kind: .thin)),
        .init(
          "so0.o",
          .object(parts: [
            "\t.text\n\t.weak f1\n\t.type f1,@function\nf1:\n\tret",
            "\t.text\n\tmovq d2@GOTPCREL(%rip), %rax",
          ])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init("so1.o", .object(parts: [])),
        libs1,
      ],
      arguments: [
        "-rpath=.", "-L.", "o3.o", "-whole-archive", "liba0.a", "o1.o", "--library", "s1",
      ]),
    // Campaign 5001271: AS_NEEDED in a script input; a shared object named again is not loaded again.
    DifferentialScenario(
      seed: 5_001_271,
      files: [
        mainStart,
        .init("o0.o", .object(parts: ["\t.text\n\t.weak f5\n\t.type f5,@function\nf5:\n\tret"])),
        .init("liba0.a", .archive(members: ["o0.o"], kind: .indexed)),
        .init("so0.o", .object(parts: ["\t.text\n\tcall f5@PLT"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init("inputs.ld", .text("INPUT(AS_NEEDED(libs0.so) liba0.a)\n")),
      ],
      arguments: ["-L.", "inputs.ld", "--library", "s0"]),
    // Campaign 5000082: ld takes the word after -R as its argument, even one that looks like an option (here a
    // nonexistent -rpath folder, so --allow-shlib-undefined is not in effect): libs1.so's f1@V2 is reported.
    DifferentialScenario(
      seed: 5_000_082,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\t.globl f1\n\t.hidden f1\n\t.type f1,@function\nf1:\n\tret",
          ])),
        .init(
          "so0.o",
          .object(parts: [
            "\t.text\n\t.globl f1_v2\n\t.type f1_v2,@function\nf1_v2:\n\tret\n\t.symver f1_v2, f1@@V2"
          ])),
        versionMap,
        versionedLibs0,
        .init("so1.o", .object(parts: ["\t.text\n\tcall f1@PLT"])),
        libs1,
      ],
      arguments: ["-L", ".", "-R", "-allow-shlib-undefined", "main.o", "-l", "s1"]),
    // Campaign 5003437: a shared object's reference that needs a version is the symbol d2@V1, apart from main.o's
    // weak reference to d2: ld reports d2@V1 only.
    DifferentialScenario(
      seed: 5_003_437,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.weak d2\n\t.text\n\tmovq d2@GOTPCREL(%rip), %rax",
          ])),
        .init(
          "so0.o",
          .object(parts: ["\t.data\n\t.weak d2\n\t.type d2,@object\n\t.size d2,8\nd2:\n\t.quad 1"])),
        versionMap,
        versionedLibs0,
        .init("so1.o", .object(parts: ["\t.text\n\tmovq d2@GOTPCREL(%rip), %rax"])),
        libs1,
      ],
      arguments: ["-L.", "main.o", "--library", "s1"]),
    // Campaign 5009945: an archive member indexed as f4 is not extracted for a shared object's reference to f4@V1.
    DifferentialScenario(
      seed: 5_009_945,
      files: [
        mainStart,
        .init("o0.o", .object(parts: ["\t.text\n\t.weak f4\n\t.type f4,@function\nf4:\n\tret"])),
        .init("liba1.a", .archive(members: ["o0.o"], kind: .indexed)),
        .init("so0.o", .object(parts: ["\t.text\n\t.globl f4\n\t.type f4,@function\nf4:\n\tret"])),
        versionMap,
        versionedLibs0,
        .init("so1.o", .object(parts: ["\t.text\n\tcall f4@PLT"])),
        libs1,
      ],
      arguments: ["--library-path=.", "-l", "s1", "--library", "a1"]),
    // Campaign 5007840: with --allow-shlib-undefined ld does not load the libraries shared objects need: d0, which
    // only libs0.so (needed by libs1.so) defines, is undefined, not "DSO missing from command line".
    DifferentialScenario(
      seed: 5_007_840,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\tmovq d0@GOTPCREL(%rip), %rax",
          ])),
        .init(
          "so0.o",
          .object(parts: ["\t.data\n\t.weak d0\n\t.type d0,@object\n\t.size d0,8\nd0:\n\t.quad 1"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init("so1.o", .object(parts: [])),
        libs1,
      ],
      arguments: ["-rpath-link=.", "--allow-shlib-undefined", "libs1.so", "main.o"]),
    // Campaign 5007286: the same in -shared (its default): libs0.so, which libs1.so needs, is not loaded, so its
    // reference to d1 does not make o0.o's weak reference strong.
    DifferentialScenario(
      seed: 5_007_286,
      files: [
        mainStart,
        .init("o0.o", .object(parts: ["\t.weak d1\n\t.text\n\tmovq d1@GOTPCREL(%rip), %rax"])),
        .init("so0.o", .object(parts: ["\t.text\n\tmovq d1@GOTPCREL(%rip), %rax"])),
        versionMap,
        versionedLibs0,
        .init("so1.o", .object(parts: [])),
        libs1,
      ],
      arguments: ["--shared", "-zdefs", "-R", ".", "-L.", "-l:libs1.so", "o0.o"]),
    // Campaign 5006163: -u d1 does not rescue a needed library whose symbol d2, before d1 in its symbol table, an
    // object uses: ld stops at d2 ("DSO missing from command line").
    DifferentialScenario(
      seed: 5_006_163,
      files: [
        mainStart,
        .init(
          "o0.o",
          .object(parts: ["\t.text\n\t.globl f2\n\t.hidden f2\n\t.type f2,@function\nf2:\n\tret"])),
        .init("o1.o", .object(parts: ["\t.text\n\tmovq d2@GOTPCREL(%rip), %rax"])),
        .init("o2.o", .object(parts: [])),
        .init("o3.o", .object(parts: [])),
        .init(
          "o4.o",
          .object(parts: ["\t.text\n\t.globl f2\n\t.hidden f2\n\t.type f2,@function\nf2:\n\tret"])),
        .init("liba0.a", .archive(members: ["o0.o", "o2.o"], kind: .indexed)),
        .init("liba1.a", .archive(members: ["o0.o", "o2.o", "o3.o", "o4.o"], kind: .indexed)),
        .init(
          "so0.o",
          .object(parts: [
            "\t.text\n\t.globl f0_v3\n\t.type f0_v3,@function\nf0_v3:\n\tret\n\t.symver f0_v3, f0@@V3",
            "\t.text\n\t.globl f1\n\t.hidden f1\n\t.type f1,@function\nf1:\n\tret",
            "\t.text\n\t.globl f4\n\t.hidden f4\n\t.type f4,@function\nf4:\n\tret",
            "\t.data\n\t.weak d1\n\t.type d1,@object\n\t.size d1,8\nd1:\n\t.quad 1",
            "\t.data\n\t.weak d2\n\t.type d2,@object\n\t.size d2,8\nd2:\n\t.quad 1",
          ])),
        versionMap,
        versionedLibs0,
        .init(
          "so1.o",
          .object(parts: [
            "\t.text\n\t.globl f3\n\t.hidden f3\n\t.type f3,@function\nf3:\n\tret",
            "\t.text\n\tcall f4@PLT", "\t.weak f5\n\t.text\n\tcall f5@PLT",
          ])),
        libs1,
      ],
      arguments: [
        "-rpath-link=.", "-L.", "-l", "a1", "--whole-archive", "-la0", "o4.o", "--undefined=d1",
        "o1.o", "--library", "s1",
      ]),
    // Campaign 5006936: `--defsym f2=f2` reads f2 before defining it, so it does not define it while loading; inside
    // a group it makes ld scan liba0.a again, which extracts o2.o.
    DifferentialScenario(
      seed: 5_006_936,
      files: [
        mainStart,
        .init(
          "o2.o",
          .object(parts: [
            "\t.text\n\t.globl f2\n\t.hidden f2\n\t.type f2,@function\nf2:\n\tret",
            "\t.text\n\tcall f4@PLT",
          ])),
        .init("liba0.a", .archive(members: ["o2.o"], kind: .indexed)),
      ],
      arguments: ["-(", "liba0.a", "--defsym", "f2=f2"]),
    // Campaign 5007279: a --defsym inside a group is folded again on each walk, over o2.o's weak f1: main.o's f1 is
    // then a duplicate.
    DifferentialScenario(
      seed: 5_007_279,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\t.weak f1\n\t.type f1,@function\nf1:\n\tret",
          ])),
        .init(
          "o2.o",
          .object(parts: [
            "\t.text\n\t.weak f1\n\t.type f1,@function\nf1:\n\tret",
            "\t.text\n\tmovq d2@GOTPCREL(%rip), %rax",
          ])),
      ],
      arguments: [
        "--defsym", "d0=_start", "-start-group", "-defsym", "f1=0xd840", "o2.o", "--end-group",
        "main.o",
      ]),
    // Skipped before: a --defsym reading a name nothing defines (here only weakly referenced) stops ld ("--defsym:1:
    // undefined symbol `d1' referenced in expression") before it reports undefined references; check reports it.
    DifferentialScenario(
      seed: 8,
      files: [
        .init("main.o", .object(parts: [start, "\t.text\n\tcall f2@PLT"])),
        .init("o0.o", .object(parts: ["\t.weak d1\n\t.text\n\tmovq d1@GOTPCREL(%rip), %rax"])),
      ],
      arguments: ["o0.o", "main.o", "--defsym", "f1=d1"]),
    // Campaign 5002943: a hidden definition (f4 in o0.o) a shared object refers to, in an executable: ld refuses
    // it as it writes the output ("hidden symbol `f4' in o0.o is referenced by DSO") and stops there, so libs1.so's
    // d0 is not reported; check reports the hazard hidden-symbol-referenced-by-dso.
    DifferentialScenario(
      seed: 5_002_943,
      files: [
        mainStart,
        .init(
          "o0.o",
          .object(parts: ["\t.text\n\t.globl f4\n\t.hidden f4\n\t.type f4,@function\nf4:\n\tret"])),
        .init("o3.o", .object(parts: ["\t.text\n\tmovq t0@gottpoff(%rip), %rax"])),
        .init("so0.o", .object(parts: ["\t.text\n\tcall f4@PLT"])),
        versionMap,
        versionedLibs0,
        .init("so1.o", .object(parts: ["\t.text\n\tmovq d0@GOTPCREL(%rip), %rax"])),
        libs1,
      ],
      arguments: ["-L.", "--library=s0", "-l:libs1.so", "o3.o", "o0.o"]),
    // Campaign 5004501: the same with the shared object before the object that defines the hidden f5.
    DifferentialScenario(
      seed: 5_004_501,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\tcall f2@PLT",
            "\t.text\n\t.globl f5\n\t.hidden f5\n\t.type f5,@function\nf5:\n\tret",
          ])),
        .init("so0.o", .object(parts: ["\t.text\n\tcall f4@PLT"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init("so1.o", .object(parts: ["\t.text\n\tcall f5@PLT"])),
        libs1,
      ],
      arguments: ["-L.", "-l", "s0", "libs1.so", "main.o", "--defsym", "d1=0x2500"]),
    // Campaign 5002179: -shared with o3.o's reference to f5@V2, which nothing defines: "no symbol version section
    // for versioned symbol `f5@V2'"; ld stops there, reporting one of libs0.so's undefined names.
    DifferentialScenario(
      seed: 5_002_179,
      files: [
        mainStart,
        .init("o3.o", .object(parts: ["\t.symver f5_r2, f5@V2\n\t.text\n\tcall f5_r2@PLT"])),
        .init("so0.o", .object(parts: ["\t.text\n\tcall f0@PLT", "\t.text\n\tcall f2@PLT"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
      ],
      arguments: [
        "-shared", "--library-path=.", "--no-allow-shlib-undefined", "-ls0", "--defsym",
        "f1=0xa7a0", "o3.o",
      ]),
    // Campaign 5002885: the same with -z defs: ld also reports the reference as undefined.
    DifferentialScenario(
      seed: 5_002_885,
      files: [
        mainStart,
        .init("o1.o", .object(parts: ["\t.symver f0_r2, f0@V2\n\t.text\n\tcall f0_r2@PLT"])),
        .init("so0.o", .object(parts: ["\t.text\n\tcall f4@PLT"])),
        versionMap,
        versionedLibs0,
      ],
      arguments: [
        "--shared", "-zdefs", "--library-path", ".", "-no-allow-shlib-undefined", "o1.o",
        "libs0.so", "--defsym", "d4=0xbe00", "-defsym", "f5=0xa530",
      ]),
    // Campaign 6000410: o3.o refers to f0@V1 and defines f0; libs0.so (needed by libs1.so) defines f0@@V1, which makes
    // f0@V1 and f0 one symbol: the reference binds to o3.o's f0 (no "DSO missing from command line").
    DifferentialScenario(
      seed: 6_000_410,
      files: [
        mainStart,
        .init(
          "o3.o",
          .object(parts: [
            "\t.text\n\t.globl f0\n\t.type f0,@function\nf0:\n\tret",
            "\t.symver f0_r1, f0@V1\n\t.text\n\tcall f0_r1@PLT",
          ])),
        .init("so0.o", .object(parts: ["\t.text\n\t.globl f0\n\t.type f0,@function\nf0:\n\tret"])),
        versionMap,
        versionedLibs0,
        .init("so1.o", .object(parts: [])),
        libs1,
      ],
      arguments: ["--library-path", ".", "--rpath=.", "o3.o", "libs1.so", "--defsym", "d2=0x6bd0"]),
    // Campaign 5003773: after libs0.so's f5@@V2, main.o's f5@V2 is f5 (ld: _bfd_elf_add_default_symbol's indirection):
    // with main.o's own f5 it is a duplicate.
    DifferentialScenario(
      seed: 5_003_773,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\t.globl f5\n\t.type f5,@function\nf5:\n\tret",
            "\t.text\n\t.globl f5_v2\n\t.type f5_v2,@function\nf5_v2:\n\tret\n\t.symver f5_v2, f5@V2",
          ])),
        .init(
          "so0.o",
          .object(parts: [
            "\t.text\n\t.globl f5_v2\n\t.type f5_v2,@function\nf5_v2:\n\tret\n\t.symver f5_v2, f5@@V2"
          ])),
        versionMap,
        versionedLibs0,
      ],
      arguments: ["--library-path", ".", "--defsym", "d0=0xb0f0", "--library=s0", "main.o"]),
    // Campaign 6004584: the hidden f5 is finally defined by a --defsym (over main.o's definition): ld refuses it
    // the same way ("hidden symbol `f5' in out is referenced by DSO", after a BFD assertion).
    DifferentialScenario(
      seed: 6_004_584,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\t.globl f5\n\t.hidden f5\n\t.type f5,@function\nf5:\n\tret",
            "\t.text\n\tmovq __stop_s0@GOTPCREL(%rip), %rax",
          ])),
        .init("so0.o", .object(parts: ["\t.text\n\tcall f3@PLT", "\t.text\n\tcall f5@PLT"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
      ],
      arguments: [
        "-L", ".", "main.o", "-defsym", "f0=0x1f0", "-defsym", "f5=0x6ab0", "-defsym", "f1=0xbf00",
        "-l", "s0",
      ]),
    // Campaign 7000060: `--defsym f5=f5` with nothing else defining f5: ld reads f5 first ("undefined symbol `f5'
    // referenced in expression").
    DifferentialScenario(
      seed: 7_000_060,
      files: [
        mainStart,
        .init("o0.o", .object(parts: [])),
      ],
      arguments: ["--library-path", ".", "o0.o", "-defsym", "f5=f5"]),
    // Campaign 7000280: -shared with --no-allow-shlib-undefined loads the needed libs0.so, and o2.o's f2, which only
    // it defines, stops ld there too ("DSO missing from command line").
    DifferentialScenario(
      seed: 7_000_280,
      files: [
        mainStart,
        .init("o2.o", .object(parts: ["\t.text\n\tcall f2@PLT"])),
        .init("so0.o", .object(parts: ["\t.text\n\t.weak f2\n\t.type f2,@function\nf2:\n\tret"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init("so1.o", .object(parts: [])),
        libs1,
      ],
      arguments: [
        "-Bshareable", "-rpath", ".", "-no-allow-shlib-undefined", "-L.", "-ls1", "-u", "d1",
        "o2.o",
      ]),
    // Campaign 7001411: `--defsym f3=_start` with _start undefined leaves f3 without a value, so the earlier
    // `--defsym f1=f3` is refused first ("undefined symbol `f3' referenced in expression").
    DifferentialScenario(
      seed: 7_001_411,
      files: [
        mainStart,
        .init("liba0.a", .archive(members: [], kind: .indexed)),
      ],
      arguments: ["-L.", "--defsym=f1=f3", "-la0", "-defsym", "f2=0x5110", "--defsym", "f3=_start"]),
    // Campaign 7001887: main.o's reference to d1 is weak: libs0.so (needed by libs1.so) defines d1 for it and for
    // libs1.so, with no "DSO missing from command line".
    DifferentialScenario(
      seed: 7_001_887,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.weak d1\n\t.text\n\tmovq d1@GOTPCREL(%rip), %rax",
          ])),
        .init("liba0.a", .archive(members: [], kind: .empty)),
        .init(
          "so0.o",
          .object(parts: ["\t.data\n\t.weak d1\n\t.type d1,@object\n\t.size d1,8\nd1:\n\t.quad 1"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init("so1.o", .object(parts: ["\t.text\n\tmovq d1@GOTPCREL(%rip), %rax"])),
        libs1,
      ],
      arguments: [
        "-L", ".", "-rpath", ".", "-l", "a0", "main.o", "-defsym", "f3=0xfd50", "--library=s1",
      ]),
    // Campaign 8000352: o1.o's hidden f3 is a duplicate of o3.o's, which ld keeps with its default visibility: no
    // "hidden symbol referenced by DSO", only the duplicate.
    DifferentialScenario(
      seed: 8_000_352,
      files: [
        mainStart,
        .init(
          "o1.o",
          .object(parts: ["\t.text\n\t.globl f3\n\t.hidden f3\n\t.type f3,@function\nf3:\n\tret"])),
        .init("o3.o", .object(parts: ["\t.text\n\t.globl f3\n\t.type f3,@function\nf3:\n\tret"])),
        .init("so0.o", .object(parts: ["\t.text\n\tcall f3@PLT"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
      ],
      arguments: ["-L.", "-rpath-link", ".", "o3.o", "o1.o", "-u", "d1", "-ls0"]),
    // Campaign 9001152: libs1.so, before main.o, is the first to refer to f3, which only the needed libs0.so defines:
    // ld stops ("libs1.so: undefined reference to symbol 'f3'", DSO missing from command line).
    DifferentialScenario(
      seed: 9_001_152,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\tcall f3@PLT",
          ])),
        .init("so0.o", .object(parts: ["\t.text\n\t.globl f3\n\t.type f3,@function\nf3:\n\tret"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init("so1.o", .object(parts: ["\t.text\n\tcall f3@PLT"])),
        .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
      ],
      arguments: ["-rpath", ".", "-L.", "--defsym", "f2=0x1b90", "-l", "s1", "main.o"]),
    // Campaign 9003137: main.o's f4 duplicates the --defsym over o0.o's weak f4; its f4@@V3 that follows does not
    // rename the report: ld names `f4'.
    DifferentialScenario(
      seed: 9_003_137,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\t.globl f4\n\t.hidden f4\n\t.type f4,@function\nf4:\n\tret",
            "\t.text\n\t.globl f4_v3\n\t.type f4_v3,@function\nf4_v3:\n\tret\n\t.symver f4_v3, f4@@V3",
          ])),
        .init("o0.o", .object(parts: ["\t.text\n\t.weak f4\n\t.type f4,@function\nf4:\n\tret"])),
      ],
      arguments: ["o0.o", "--defsym", "f4=0xd3b0", "main.o", "--defsym", "d0=0x1fe0"]),
    // Campaign 9004542: inside a group, ld loads again a shared object --as-needed dropped (nothing used it yet) when
    // it walks the group again: libs1.so then defines main.o's f5.
    DifferentialScenario(
      seed: 9_004_542,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\tcall f5@PLT",
          ])),
        .init("so0.o", .object(parts: [])),
        .init("ver.map", .text("V1 { global: *; };\nV2 { } V1;\nV3 { } V2;\n")),
        .init("libs0.so", .sharedObject(objects: ["so0.o", "--version-script", "ver.map"])),
        .init("so1.o", .object(parts: ["\t.text\n\t.globl f5\n\t.type f5,@function\nf5:\n\tret"])),
        .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
      ],
      arguments: ["--library-path=.", "-(", "-as-needed", "-l", "s1", "main.o"]),
    // Campaign 10002001: -u f3 comes first, but libs1.so referred to f3@V1 before libs0.so (needed) defined f3@@V1:
    // ld decides on that entry and stops ("libs1.so: undefined reference to symbol 'f3@@V1'").
    DifferentialScenario(
      seed: 10_002_001,
      files: [
        .init(
          "main.o",
          .object(parts: ["\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret"])),
        .init("o0.o", .object(parts: ["\t.text\n\tcall f3@PLT"])),
        .init("so0.o", .object(parts: ["\t.text\n\t.globl f3\n\t.type f3,@function\nf3:\n\tret"])),
        .init("ver.map", .text("V1 { global: *; };\nV2 { } V1;\nV3 { } V2;\n")),
        .init("libs0.so", .sharedObject(objects: ["so0.o", "--version-script", "ver.map"])),
        .init("so1.o", .object(parts: ["\t.text\n\tcall f3@PLT"])),
        .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
      ],
      arguments: [
        "--library-path", ".", "-rpath-link", ".", "-l:libs1.so", "o0.o", "--undefined", "f4",
        "-defsym", "d2=0x9690", "-undefined=f3",
      ]),
    // Campaign 10002409: libs0.so, dropped by --as-needed, is loaded from the line when libs1.so needs it: its own
    // undefined f1 is then reported.
    DifferentialScenario(
      seed: 10_002_409,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\tmovq d1@GOTPCREL(%rip), %rax",
          ])),
        .init("so0.o", .object(parts: ["\t.text\n\tcall f1@PLT"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init(
          "so1.o",
          .object(parts: ["\t.data\n\t.globl d1\n\t.type d1,@object\n\t.size d1,8\nd1:\n\t.quad 1"])
        ),
        .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
      ],
      arguments: [
        "-L.", "--as-needed", "--defsym", "f0=0xa970", "--library=s0", "main.o", "--library", "s1",
      ]),
    // Campaign 10004288: the same defines d1, which libs1.so refers to: the link succeeds.
    DifferentialScenario(
      seed: 10_004_288,
      files: [
        .init(
          "main.o",
          .object(parts: ["\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret"])),
        .init(
          "so0.o",
          .object(parts: ["\t.data\n\t.globl d1\n\t.type d1,@object\n\t.size d1,8\nd1:\n\t.quad 1"])
        ),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init("so1.o", .object(parts: ["\t.text\n\tmovq d1@GOTPCREL(%rip), %rax"])),
        .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
      ],
      arguments: ["-L.", "libs1.so", "-as-needed", "--library=s0"]),
    // Campaign 11001690: `--defsym f2=f2` where only main.o's f2@@V3 defines f2: ld refuses it as undefined.
    DifferentialScenario(
      seed: 11_001_690,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\t.globl f2_v3\n\t.type f2_v3,@function\nf2_v3:\n\tret\n\t.symver f2_v3, f2@@V3",
          ]))
      ],
      arguments: ["--undefined", "d0", "main.o", "--defsym=f2=f2"]),
    // Campaign 11000561: ld warns "multiple definition of `f3'" as the --defsym over o0.o's f3 is evaluated at the
    // end: a warning, not a duplicate; the --defsym reading f4 is the error.
    DifferentialScenario(
      seed: 11_000_561,
      files: [
        .init(
          "main.o",
          .object(parts: ["\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret"])),
        .init(
          "o0.o",
          .object(parts: ["\t.text\n\t.globl f3\n\t.hidden f3\n\t.type f3,@function\nf3:\n\tret"])),
        .init(
          "o1.o",
          .object(parts: [
            "\t.text\n\t.globl f1\n\t.hidden f1\n\t.type f1,@function\nf1:\n\tret",
            "\t.text\n\tcall f3@PLT",
          ])),
        .init("liba0.a", .archive(members: ["o0.o", "o1.o"], kind: .thin)),
        .init("so0.o", .object(parts: ["\t.text\n\tcall f1@PLT", "\t.text\n\tcall f5@PLT"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
      ],
      arguments: [
        "-rpath", ".", "-L.", "--library=s0", "-l:liba0.a", "-defsym", "f5=f4", "-defsym", "f3=f5",
      ]),
    // Campaign 12001964: libs0.so defines f5@V1 (a hidden version): ld then does not refuse main.o's hidden f5 that
    // libs1.so refers to (elflink.c `elf_link_check_versioned_symbol`).
    DifferentialScenario(
      seed: 12_001_964,
      files: hiddenF5BesideVersionedF5,
      arguments: [
        "-L.", "libs0.so", "-defsym", "d1=0xffb0", "--library", "s1", "main.o", "--undefined", "f4",
      ]),
    // Campaign 13000239: o0.o's common c0 takes over from main.o's weak c0 (ld.bfd), so liba0.a(o1.o), which defines
    // c0 as data, is extracted for it, and the loose o1.o then duplicates it.
    DifferentialScenario(
      seed: 13_000_239,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.data\n\t.weak c0\n\t.type c0,@object\n\t.size c0,8\nc0:\n\t.quad 1",
          ])),
        .init("o0.o", .object(parts: ["\t.comm c0,8,8"])),
        .init(
          "o1.o",
          .object(parts: ["\t.data\n\t.globl c0\n\t.type c0,@object\n\t.size c0,8\nc0:\n\t.quad 1"])
        ),
        .init("liba0.a", .archive(members: ["o1.o"], kind: .indexed)),
        .init("liba2.a", .archive(members: [], kind: .thin)),
        .init("so0.o", .object(parts: [])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
      ],
      arguments: ["-L.", "main.o", "o0.o", "-la0", "-l", "s0", "o1.o", "--library", "a2"]),
    // Campaign 14001003: as 12001964, but libs0.so is loaded only for libs1.so's DT_NEEDED: ld refuses main.o's
    // hidden f5.
    DifferentialScenario(
      seed: 14_001_003,
      files: hiddenF5BesideVersionedF5,
      arguments: ["--rpath=.", "libs1.so", "main.o"]),
    // Campaign 15000245: libs0.so defines f0 (default version V1), then main.o defines f0@@V1: one definition,
    // not a duplicate of itself.
    DifferentialScenario(
      seed: 15_000_245,
      files: [
        .init(
          "main.o",
          .object(parts: [
            start,
            "\t.text\n\t.globl f0_v1\n\t.type f0_v1,@function\nf0_v1:\n\tret\n\t.symver f0_v1, f0@@V1",
          ])),
        .init("so0.o", .object(parts: ["\t.text\n\t.globl f0\n\t.type f0,@function\nf0:\n\tret"])),
        versionMap, versionedLibs0,
      ],
      arguments: ["--library-path", ".", "libs0.so", "main.o"]),
    // Campaign 15003186: as 15000245, libs0.so's f4 itself from `.symver f4_v1, f4@@V1`.
    DifferentialScenario(
      seed: 15_003_186,
      files: [
        .init(
          "main.o",
          .object(parts: [
            start,
            "\t.text\n\t.globl f4_v1\n\t.type f4_v1,@function\nf4_v1:\n\tret\n\t.symver f4_v1, f4@@V1",
          ])),
        .init(
          "so0.o",
          .object(parts: [
            "\t.text\n\t.globl f4_v1\n\t.type f4_v1,@function\nf4_v1:\n\tret\n\t.symver f4_v1, f4@@V1"
          ])),
        versionMap, versionedLibs0,
      ],
      arguments: ["--library-path=.", "-ls0", "main.o"]),
    // Campaign 15005752: in the group's second walk liba2.a (before the `--defsym`) brings in o1.o's weak f0
    // over o0.o's weak f0: no duplicate; only then is the assignment folded again.
    DifferentialScenario(
      seed: 15_005_752,
      files: [
        .init("main.o", .object(parts: [start, "\t.text\n\tcall f3@PLT"])),
        .init("o0.o", .object(parts: ["\t.text\n\t.weak f0\n\t.type f0,@function\nf0:\n\tret"])),
        .init(
          "o1.o",
          .object(parts: [
            "\t.text\n\t.weak f0\n\t.type f0,@function\nf0:\n\tret",
            "\t.text\n\t.globl f3\n\t.type f3,@function\nf3:\n\tret",
          ])),
        .init("liba1.a", .archive(members: [], kind: .empty)),
        .init("liba2.a", .archive(members: ["o1.o"], kind: .indexed)),
      ],
      arguments: [
        "-L.", "--library", "a1", "-start-group", "liba2.a", "--defsym=f0=0xf8f0", "o0.o", "main.o",
        "-defsym", "f4=_start",
      ]),
    // Campaign 15009725: `--defsym=f5=f3` copies main.o's hidden f3's visibility to f5: ld refuses f5, which
    // libs1.so refers to.
    DifferentialScenario(
      seed: 15_009_725,
      files: [
        .init(
          "main.o",
          .object(parts: [
            start, "\t.text\n\t.globl f3\n\t.hidden f3\n\t.type f3,@function\nf3:\n\tret",
          ])),
        .init("so0.o", .object(parts: [])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init("so1.o", .object(parts: ["\t.text\n\tcall f5@PLT"])),
        .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
      ],
      arguments: ["-L.", "--defsym=f5=f3", "--library=s1", "main.o"]),
    // Campaign 15006062: AS_NEEDED(libs0.so) in a script input is dropped (nothing uses f3 yet); libs1.so needs it,
    // and ld loads it again as a DT_NEEDED library: o2.o's f3 is then "DSO missing from command line".
    DifferentialScenario(
      seed: 15_006_062,
      files: [
        mainStart,
        .init("o2.o", .object(parts: ["\t.text\n\tcall f3@PLT"])),
        .init("liba0.a", .archive(members: [], kind: .empty)),
        .init("liba1.a", .archive(members: [], kind: .thin)),
        .init(
          "so0.o",
          .object(parts: [
            "\t.text\n\t.globl f3_v2\n\t.type f3_v2,@function\nf3_v2:\n\tret\n\t.symver f3_v2, f3@@V2"
          ])),
        versionMap, versionedLibs0,
        .init("so1.o", .object(parts: [])),
        .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
        .init("inputs.ld", .text("INPUT(liba1.a AS_NEEDED(libs0.so))\nf0 = 0x65296;\n")),
      ],
      arguments: ["-rpath", ".", "-L.", "inputs.ld", "o2.o", "-ls1", "-l", "a0"]),
    // Campaign 16001784: `-defsym f3=f3` defines nothing while inputs load (ld allows a self-assignment only in its
    // final phase), so o0.o's weak f3 after main.o's f3 is no duplicate.
    DifferentialScenario(
      seed: 16_001_784,
      files: [
        .init(
          "main.o",
          .object(parts: [start, "\t.text\n\t.globl f3\n\t.type f3,@function\nf3:\n\tret"])),
        .init("o0.o", .object(parts: ["\t.text\n\t.weak f3\n\t.type f3,@function\nf3:\n\tret"])),
      ],
      arguments: ["main.o", "-defsym", "f3=f3", "o0.o"]),
    // Campaign 16007422: the same after a weak definition: o3.o's global f5 takes over main.o's weak f5.
    DifferentialScenario(
      seed: 16_007_422,
      files: [
        .init(
          "main.o",
          .object(parts: [start, "\t.text\n\t.weak f5\n\t.type f5,@function\nf5:\n\tret"])),
        .init("o3.o", .object(parts: ["\t.text\n\t.globl f5\n\t.type f5,@function\nf5:\n\tret"])),
      ],
      arguments: [
        "--library-path", ".", "-u", "f4", "main.o", "--defsym=f5=f5", "o3.o", "-defsym",
        "f2=0xce90",
      ]),
    // Campaign 16009040: the same between archives: liba1.a's weak f0 and then liba0.a's (extracted for f3).
    DifferentialScenario(
      seed: 16_009_040,
      files: [
        mainStart,
        .init("o0.o", .object(parts: ["\t.text\n\tcall f5@PLT"])),
        .init(
          "o1.o",
          .object(parts: [
            "\t.text\n\t.weak f0\n\t.type f0,@function\nf0:\n\tret", "\t.text\n\tcall f3@PLT",
            "\t.text\n\t.globl f5\n\t.type f5,@function\nf5:\n\tret",
          ])),
        .init(
          "o4.o",
          .object(parts: [
            "\t.text\n\t.weak f0\n\t.type f0,@function\nf0:\n\tret",
            "\t.text\n\t.weak f3\n\t.type f3,@function\nf3:\n\tret",
          ])),
        .init("liba0.a", .archive(members: ["o4.o"], kind: .indexed)),
        .init("liba1.a", .archive(members: ["o1.o"], kind: .thin)),
      ],
      arguments: ["-L.", "o0.o", "liba1.a", "--defsym", "f0=f0", "-l:liba0.a"]),
    // Seen in campaign 15 (not then fixed): ld reads `--defsym`'s value in its expression lexer, where
    // `f3+_start` is two names (both defined here), not one.
    DifferentialScenario(
      seed: 0,
      files: [
        .init(
          "main.o",
          .object(parts: [
            start, "\t.text\n\tcall f5@PLT",
            "\t.text\n\t.globl f3\n\t.type f3,@function\nf3:\n\tret",
          ]))
      ],
      arguments: ["main.o", "--defsym=f5=f3+_start"]),
    // Found by hand: ld evaluates a script's assignments after loading and refuses a name one reads that nothing
    // defines ("inputs.ld:1: undefined symbol `f4' referenced in expression"), but not in a conditional's branch
    // the condition does not pick (`DEFINED(f2) ? f2 : 0`).
    DifferentialScenario(
      seed: 0,
      files: [mainStart, .init("inputs.ld", .text("f0 = f4;\nf1 = DEFINED(f2) ? f2 : 0;\n"))],
      arguments: ["main.o", "inputs.ld"]),
    // Found by hand: a script's self-assignment with nothing else defining f0 is refused in ld's final phase.
    DifferentialScenario(
      seed: 0, files: [mainStart, .init("inputs.ld", .text("f0 = f0;\n"))],
      arguments: ["main.o", "inputs.ld"]),
    // Found by hand: a `PROVIDE` is evaluated only when it defines its name (here for `-u f1`): f2 is refused.
    DifferentialScenario(
      seed: 0,
      files: [mainStart, .init("link.lds", .text("PROVIDE(f1 = f2);\nPROVIDE(f3 = f5);\n"))],
      arguments: ["-u", "f1", "-T", "link.lds", "main.o"]),
    // Found by hand: without a reference to f1 neither `PROVIDE` is evaluated; the line links.
    DifferentialScenario(
      seed: 0,
      files: [mainStart, .init("link.lds", .text("PROVIDE(f1 = f2);\nPROVIDE(f3 = f5);\n"))],
      arguments: ["-T", "link.lds", "main.o"]),
    // Found by hand: a shared object --as-needed dropped (nothing used f2 yet) is loaded when named again; one that
    // was loaded is not.
    DifferentialScenario(
      seed: 0, files: withSharedObject(mainParts: [start, "\t.text\n\tcall f2@PLT"]),
      arguments: ["-L.", "--as-needed", "-ls0", "--no-as-needed", "main.o", "-ls0"]),
    // Campaign 17003812: `f=f` between a weak and a hidden definition, with `-u` of the name before it.
    DifferentialScenario(
      seed: 17_003_812,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\t.globl f2\n\t.hidden f2\n\t.type f2,@function\nf2:\n\tret",
          ])),
        .init("o1.o", .object(parts: ["\t.text\n\t.weak f2\n\t.type f2,@function\nf2:\n\tret"])),
      ],
      arguments: ["o1.o", "-u", "f2", "--defsym", "f2=f2", "main.o"]),
    // Campaign 17000967: a hidden `f2` in o1.o holds the name when libs0.so's `f2@@V1` comes, so main.o's `f2@V1`
    // is its own symbol (ld: `_bfd_elf_merge_symbol` skips the shared definition), not a duplicate of o1.o's `f2`.
    DifferentialScenario(
      seed: 17_000_967,
      files: [
        versionedMain,
        .init(
          "o1.o",
          .object(parts: ["\t.text\n\t.globl f2\n\t.hidden f2\n\t.type f2,@function\nf2:\n\tret"])),
        weakSharedF2, versionMap, versionedLibs0,
      ],
      arguments: ["o1.o", "--undefined", "f4", "libs0.so", "main.o"]),
    // Its weak variant, written by hand: libs0.so's `f2@@V1` makes main.o's strong `f2@V1` the weak `f2` of o1.o,
    // and ld refuses it ("main.o: multiple definition of `f2@V1'", GNU ld 2.40).
    DifferentialScenario(
      seed: 9,
      files: [
        versionedMain,
        .init("o1.o", .object(parts: ["\t.text\n\t.weak f2\n\t.type f2,@function\nf2:\n\tret"])),
        weakSharedF2, versionMap, versionedLibs0,
      ],
      arguments: ["o1.o", "libs0.so", "main.o"]),
    // Campaign 17101202: `--defsym f1=f4` while only libs0.so defines f4 has no value yet (a shared object's
    // symbol is in no output section), so it does not take f1 over from o1.o, and o2.o's weak f1 is no duplicate.
    DifferentialScenario(
      seed: 17_101_202,
      files: [
        .init(
          "o1.o",
          .object(parts: ["\t.text\n\t.globl f1\n\t.hidden f1\n\t.type f1,@function\nf1:\n\tret"])),
        .init(
          "o2.o",
          .object(parts: [
            "\t.text\n\t.weak f1\n\t.type f1,@function\nf1:\n\tret",
            "\t.text\n\t.globl f4\n\t.hidden f4\n\t.type f4,@function\nf4:\n\tret",
          ])),
        .init(
          "so0.o",
          .object(parts: [
            "\t.text\n\t.globl f1\n\t.type f1,@function\nf1:\n\tret",
            "\t.text\n\t.globl f4\n\t.type f4,@function\nf4:\n\tret",
          ])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
      ],
      arguments: ["o1.o", "libs0.so", "-defsym", "f1=f4", "o2.o"]),
    // Campaign 17104303: `f5=f5` is computed in ld's final phase, after the earlier phases ran `f5=_start`.
    DifferentialScenario(
      seed: 17_104_303, files: [mainStart],
      arguments: ["-u", "f0", "-defsym", "f5=f5", "--defsym", "f5=_start", "main.o"]),
    // Campaign 17106326 (the generator of e6d27f2): main.o's strong `f3@V3`, which libs0.so's `f3@@V3` makes `f3`,
    // over o1.o's weak `f3` is "multiple definition of `f3@V3'" (the rule of hand-written seed 9, found here first).
    DifferentialScenario(
      seed: 17_106_326,
      files: [
        .init(
          "main.o",
          .object(parts: [
            start,
            "\t.text\n\t.globl f3_v3\n\t.type f3_v3,@function\nf3_v3:\n\tret\n\t.symver f3_v3, f3@V3",
          ])),
        .init(
          "o1.o",
          .object(parts: [
            "\t.text\n\t.globl f1\n\t.hidden f1\n\t.type f1,@function\nf1:\n\tret",
            "\t.text\n\t.weak f3\n\t.type f3,@function\nf3:\n\tret",
          ])),
        .init("liba1.a", .archive(members: ["o1.o"], kind: .indexed)),
        .init(
          "so0.o",
          .object(parts: [
            "\t.text\n\t.globl f3_v3\n\t.type f3_v3,@function\nf3_v3:\n\tret\n\t.symver f3_v3, f3@@V3"
          ])),
        versionMap,
        .init("libs0.so", .sharedObject(objects: ["so0.o", "--version-script", "ver.map"])),
      ],
      arguments: ["-L.", "-l", "a1", "libs0.so", "--undefined", "f1", "main.o"]),
    // Campaign 17109391 (the generator of e6d27f2): main.o's hidden `f4`, which o1.o uses and libs1.so needs, is
    // no refusal: libs0.so, loaded for libs1.so's DT_NEEDED, defines `f4`, and ld marks it a shared object's
    // definition (`dynamic_def`) before skipping it for the hidden one (check said "hidden symbol `f4'").
    DifferentialScenario(
      seed: 17_109_391,
      files: [
        .init(
          "main.o",
          .object(parts: [
            start,
            "\t.text\n\t.globl f4\n\t.hidden f4\n\t.type f4,@function\nf4:\n\tret",
          ])),
        .init("o1.o", .object(parts: ["\t.text\n\tcall f4@PLT"])),
        .init("liba1.a", .archive(members: ["o1.o"], kind: .indexed)),
        .init("so0.o", .object(parts: ["\t.text\n\t.globl f4\n\t.type f4,@function\nf4:\n\tret"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init("so1.o", .object(parts: ["\t.text\n\tcall f4@PLT"])),
        .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
      ],
      arguments: [
        "-rpath-link", ".", "main.o", "--defsym", "d2=0x7d30", "--whole-archive", "liba1.a",
        "libs1.so",
      ]),
    // Campaign 17109921 (the generator of e6d27f2): the group holds `--defsym=d2=_start` before main.o, whose only
    // undefined name is weak: a weak reference does not grow ld's list of undefined symbols, so the group is walked
    // once, the assignment never takes `d2` over while loading, and o4.o's `d2` is no duplicate (check walked it
    // twice). With a strong reference in main.o ld walks it again and reports `d2` (seed 17_109_922 below).
    DifferentialScenario(
      seed: 17_109_921,
      files: [
        .init(
          "main.o",
          .object(parts: [
            start,
            "\t.weak f0\n\t.text\n\tcall f0@PLT",
          ]))
      ] + groupDefsymArchive,
      arguments: [
        "--library-path=.", "--library=a0", "-(", "--defsym=d2=_start", "--undefined", "d0",
        "main.o", "-)", "o4.o",
      ]),
    // By hand, beside 17109921: main.o's strong reference to `g` makes ld walk the group again, where `d2=_start`
    // now has a value and takes `d2` over, so o4.o's `d2` is a duplicate (ld: "multiple definition of `d2'").
    DifferentialScenario(
      seed: 17_109_922,
      files: [
        .init(
          "main.o",
          .object(parts: ["\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tcall g"]))
      ] + groupDefsymArchive,
      arguments: [
        "--library-path=.", "--library=a0", "-(", "--defsym=d2=_start", "--undefined", "d0",
        "main.o", "-)", "o4.o",
      ]),
    // Campaign 22000925: a script's `AS_NEEDED(libs0.so)`, found beside the script, is `./libs0.so` to ld, so
    // libs1.so's DT_NEEDED `libs0.so` does not take it from the line ("libs0.so, needed by ./libs1.so, not found")
    // and libs0.so's undefined `d1` is not reported; check matched by file name and reported it.
    DifferentialScenario(
      seed: 22_000_925,
      files: droppedAsNeededLibs0,
      arguments: ["-L", ".", "-l", "s1", "inputs.ld"]),
    // By hand, beside 22000925: `--as-needed ./libs0.so` is no `libs0.so` either (ld matches the name as written).
    DifferentialScenario(
      seed: 22_000_926,
      files: droppedAsNeededLibs0,
      arguments: ["main.o", "-L.", "-ls1", "--as-needed", "./libs0.so"]),
    // By hand, beside 22000925: `--as-needed libs0.so` is, so libs0.so is loaded for libs1.so and `d1` is undefined.
    DifferentialScenario(
      seed: 22_000_927,
      files: droppedAsNeededLibs0,
      arguments: ["main.o", "-L.", "-ls1", "--as-needed", "libs0.so"]),
    // By hand, beside 22000925: `-l:libs0.so` matches by file name (ld: `search_dirs`), so `d1` is undefined.
    DifferentialScenario(
      seed: 22_000_928,
      files: droppedAsNeededLibs0,
      arguments: ["main.o", "-L.", "-ls1", "--as-needed", "-l:libs0.so"]),
    // Campaign 22003025, the same: o0.o uses `d2`, which only the dropped libs0.so defines; ld does not take it
    // for libs1.so's DT_NEEDED, so `d2` is undefined, not "DSO missing from command line".
    DifferentialScenario(
      seed: 22_003_025,
      files: [
        .init(
          "main.o",
          .object(parts: [start])),
        .init("o0.o", .object(parts: ["\t.text\n\tmovq d2@GOTPCREL(%rip), %rax"])),
        .init("liba0.a", .archive(members: [], kind: .indexed)),
        .init(
          "so0.o",
          .object(parts: ["\t.data\n\t.weak d2\n\t.type d2,@object\n\t.size d2,8\nd2:\n\t.quad 1"])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init("so1.o", .object(parts: ["\t.text\n\tmovq d0@GOTPCREL(%rip), %rax"])),
        .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
        .init("inputs.ld", .text("INPUT(AS_NEEDED(libs0.so))\nd0 = 0x38832;\n")),
      ],
      arguments: ["-L.", "inputs.ld", "-l", "s1", "o0.o", "--library", "a0", "--undefined", "f3"]),
    // Campaign 22009918: with `-shared` ld does not enter `_start` (no `-e`) as undefined, so reading it in
    // `--defsym=f3=_start` does, the group is walked again, the assignment then has a value and takes main.o's weak
    // `f3` over, and o1.o's weak `f3` is a duplicate; check had entered `_start` first and walked the group once.
    DifferentialScenario(
      seed: 22_009_918,
      files: [
        .init(
          "main.o",
          .object(parts: [
            start,
            "\t.text\n\t.weak f3\n\t.type f3,@function\nf3:\n\tret",
          ])),
        .init("o1.o", .object(parts: ["\t.text\n\t.weak f3\n\t.type f3,@function\nf3:\n\tret"])),
      ],
      arguments: ["-shared", "-(", "--defsym=f3=_start", "main.o", "-)", "o1.o"]),
    // By hand, beside 22009918: with `-shared` an archive's `_start` is not extracted (no duplicate `f9`)...
    DifferentialScenario(
      seed: 22_009_919,
      files: archiveStart,
      arguments: ["-shared", "x.o", "libst.a"]),
    // ... and in an executable it is ("multiple definition of `f9'").
    DifferentialScenario(
      seed: 22_009_920,
      files: archiveStart,
      arguments: ["x.o", "libst.a"]),
    // Campaign 24004504: `--defsym f5=f3+f3` reads hidden `f3` twice, so `f5` does not take its visibility
    // (ldexp.c sets `assign_src` to -1 at the second read) and libs1.so's reference to `f5` is no refusal.
    DifferentialScenario(
      seed: 24_004_504,
      files: [
        .init(
          "main.o",
          .object(parts: ["\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret"])),
        .init(
          "o1.o",
          .object(parts: ["\t.text\n\t.globl f3\n\t.hidden f3\n\t.type f3,@function\nf3:\n\tret"])),
        .init("so0.o", .object(parts: [])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init("so1.o", .object(parts: ["\t.text\n\tcall f5@PLT"])),
        .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
      ],
      arguments: ["-rpath", ".", "-L.", "o1.o", "-l:libs1.so", "--defsym", "f5=f3+f3"]),
    // Campaign 25006092: libs0.so's `f2@V3` (version index 4) does not spare main.o's hidden `f2`, which libs1.so
    // refers to: ld spares it only for a definition in the base or first version ("hidden symbol `f2' is
    // referenced by DSO").
    DifferentialScenario(
      seed: 25_006_092,
      files: hiddenBesideSharedVersion("f2", version: 3, inMain: true),
      arguments: ["-L.", "main.o", "--defsym", "f0=0x84f0", "--library=s0", "-l:libs1.so"]),
    // Campaign 26009606: main.o's weak `f1` and its `f1@@V1`, after libs0.so's `f1@@V1`: ld makes `f1` an indirection
    // to the object's default version over the weak `f1`, no duplicate (check applied seed 9's rule for `f1@V1`).
    DifferentialScenario(
      seed: 26_009_606,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\t.weak f1\n\t.type f1,@function\nf1:\n\tret",
            "\t.text\n\t.globl f1_v1\n\t.type f1_v1,@function\nf1_v1:\n\tret\n\t.symver f1_v1, f1@@V1",
          ])),
        .init("so0.o", .object(parts: ["\t.text\n\t.globl f1\n\t.type f1,@function\nf1:\n\tret"])),
        versionMap,
        .init("libs0.so", .sharedObject(objects: ["so0.o", "--version-script", "ver.map"])),
      ],
      arguments: ["--library-path", ".", "-l:libs0.so", "main.o", "-defsym", "d1=f2+0x10"]),
    // Campaign 26007947: `--defsym=f4=0x59e0` in the group took `f4` over o0.o's weak one while loading; main.o's
    // `f4` is a duplicate, and its `f4@@V2` makes `f4` an indirection to it, so ld names liba0.a's o0.o's later weak
    // `f4` a duplicate of `f4@@V2` ("multiple definition of `f4@@V2'"); check named it `f4` again.
    DifferentialScenario(
      seed: 26_007_947,
      files: [
        .init(
          "main.o",
          .object(parts: [
            "\t.text\n\t.globl _start\n\t.type _start,@function\n_start:\n\tret",
            "\t.text\n\t.globl f4\n\t.type f4,@function\nf4:\n\tret",
            "\t.symver f5_r2, f5@V2\n\t.text\n\tcall f5_r2@PLT",
            "\t.text\n\t.globl f4_v2\n\t.type f4_v2,@function\nf4_v2:\n\tret\n\t.symver f4_v2, f4@@V2",
          ])),
        .init("o0.o", .object(parts: ["\t.text\n\t.weak f4\n\t.type f4,@function\nf4:\n\tret"])),
        .init("liba0.a", .archive(members: ["o0.o"], kind: .indexed)),
      ],
      arguments: [
        "-L.", "o0.o", "-start-group", "--defsym=f4=0x59e0", "-u", "f2", "main.o", "-end-group",
        "-whole-archive", "-la0",
      ]),
    // Campaign 27008803: main.o's `f1@V1`, which libs0.so's weak `f1@@V1` made `f1`, and o0.o's `f1` are a
    // duplicate ld names `f1@V1' (after the definition that came first); check named it `f1`.
    DifferentialScenario(
      seed: 27_008_803,
      files: [
        .init(
          "main.o",
          .object(parts: [
            start,
            "\t.text\n\t.globl f1_v1\n\t.type f1_v1,@function\nf1_v1:\n\tret\n\t.symver f1_v1, f1@V1",
          ])),
        .init("o0.o", .object(parts: ["\t.text\n\t.globl f1\n\t.type f1,@function\nf1:\n\tret"])),
        .init("so0.o", .object(parts: ["\t.text\n\t.weak f1\n\t.type f1,@function\nf1:\n\tret"])),
        versionMap,
        .init("libs0.so", .sharedObject(objects: ["so0.o", "--version-script", "ver.map"])),
      ],
      arguments: ["-L", ".", "-rpath", ".", "libs0.so", "-u", "f0", "main.o", "o0.o"]),
    // Campaign 27005174: `-defsym d1=DEFINED(f1) ? f1 : 0` with liba0.a's hidden `f1` loaded: ld folds the branch
    // the condition picks, copies `f1`'s visibility to `d1` and refuses the hidden `d1` libs1.so reads; check
    // counted no branch's reads.
    DifferentialScenario(
      seed: 27_005_174,
      files: [
        .init("main.o", .object(parts: [start])),
        .init(
          "o2.o",
          .object(parts: [
            "\t.text\n\t.globl f1\n\t.hidden f1\n\t.type f1,@function\nf1:\n\tret",
            "\t.text\n\t.globl f2\n\t.type f2,@function\nf2:\n\tret",
          ])),
        .init("liba0.a", .archive(members: ["o2.o"], kind: .indexed)),
        .init("so0.o", .object(parts: [])),
        .init("libs0.so", .sharedObject(objects: ["so0.o"])),
        .init(
          "so1.o",
          .object(parts: ["\t.text\n\tcall f2@PLT", "\t.text\n\tmovq d1@GOTPCREL(%rip), %rax"])),
        .init("libs1.so", .sharedObject(objects: ["so1.o", "libs0.so"])),
      ],
      arguments: ["-L.", "--library=s1", "-defsym", "d1=DEFINED(f1) ? f1 : 0", "--library", "a0"]),
    // Found by hand (27005174's companions): a negated condition, the other branch, a condition on a name an
    // earlier `--defsym` made (hidden from f1: picked), and on one a later `--defsym` makes (not yet defined in
    // ld's fold: `0` is picked and d1 stays default).
    DifferentialScenario(
      seed: 0, files: hiddenF1SharedReadsD1,
      arguments: ["main.o", "libs1.so", "--defsym", "d1=!DEFINED(f1) ? 0 : f1"]),
    DifferentialScenario(
      seed: 0, files: hiddenF1SharedReadsD1,
      arguments: ["main.o", "libs1.so", "--defsym", "d1=(DEFINED(f9)) ? 0x10 : f1"]),
    DifferentialScenario(
      seed: 0, files: hiddenF1SharedReadsD1,
      arguments: ["main.o", "libs1.so", "--defsym", "f6=f1", "--defsym", "d1=DEFINED(f6) ? f6 : 0"]),
    DifferentialScenario(
      seed: 0, files: hiddenF1SharedReadsD1,
      arguments: ["main.o", "libs1.so", "--defsym", "d1=DEFINED(f6) ? f6 : 0", "--defsym", "f6=f1"]),
    // Campaign 29001660: o2.o's strong reference to `f5@V1`, which nothing defines (libs0.so is not found), in an
    // executable: libs1.so's reference needs `f5` of version V1, which ld names `f5@V1` too, so the name is
    // referenced by a shared object and goes to the dynamic symbol table, which cannot record its version: ld
    // refuses it ("no symbol version section for versioned symbol `f5@V1'"); check took a strong reference in an
    // executable for a plain undefined one. Companions: o2.o first; libs1.so's reference weak.
    DifferentialScenario(
      seed: 29_001_660, files: sharedReferenceToF5V1(weak: false),
      arguments: ["libs1.so", "o2.o"]),
    DifferentialScenario(
      seed: 0, files: sharedReferenceToF5V1(weak: false), arguments: ["o2.o", "libs1.so"]),
    DifferentialScenario(
      seed: 0, files: sharedReferenceToF5V1(weak: true), arguments: ["libs1.so", "o2.o"]),
    // Campaign 30005849: `--defsym f1=d0+f2` after o2.o's weak `f1`, with `f2` libs0.so's: ld folds it while
    // loading (a shared object's definition has a value then), takes `f1` over, and main.o's weak `f1` is a
    // duplicate (link.lds's `PROVIDE(f2 = 0x2000)` takes `f2` from the shared object before the final fold, which
    // would refuse it); check gave a shared definition no value.
    DifferentialScenario(
      seed: 30_005_849,
      files: assignmentOverWeakF1ReadingSharedF2(mainF1: "\t.weak f1"),
      arguments: [
        "-Tlink.lds", "-L.", "-ls0", "--defsym", "f1=0x26b0", "o2.o", "--defsym", "f1=d0+f2",
        "main.o",
      ]),
    // Found by hand (its companions): an expression that is `f2` alone (in parentheses, or the branch `DEFINED`
    // picks) defines `f1` in f2's section, a shared object's: main.o's later `f1`, weak or strong, takes it over
    // with no duplicate; `f2+0x10` is a duplicate.
    DifferentialScenario(
      seed: 0, files: assignmentOverWeakF1ReadingSharedF2(mainF1: "\t.weak f1"),
      arguments: ["-Tlink.lds", "-L.", "-ls0", "o2.o", "--defsym", "f1=f2", "main.o"]),
    DifferentialScenario(
      seed: 0, files: assignmentOverWeakF1ReadingSharedF2(mainF1: "\t.globl f1"),
      arguments: ["-Tlink.lds", "-L.", "-ls0", "o2.o", "--defsym", "f1=(f2)", "main.o"]),
    DifferentialScenario(
      seed: 0, files: assignmentOverWeakF1ReadingSharedF2(mainF1: "\t.weak f1"),
      arguments: [
        "-Tlink.lds", "-L.", "-ls0", "o2.o", "--defsym", "f1=DEFINED(f2) ? f2 : 0", "main.o",
      ]),
    DifferentialScenario(
      seed: 0, files: assignmentOverWeakF1ReadingSharedF2(mainF1: "\t.globl f1"),
      arguments: ["-Tlink.lds", "-L.", "-ls0", "o2.o", "--defsym", "f1=f2+0x10", "main.o"]),
    // Campaign 31000261: libs0.so's `f0@V1` (its first version) spares o0.o's hidden `f0`, which libs1.so refers
    // to, only while libs0.so is loaded: inputs.ld's `AS_NEEDED(libs0.so)` dropped it (nothing needed it), ld took
    // its symbols out again, and the libs0.so loaded for libs1.so's `DT_NEEDED` spares nothing (14001003), so ld
    // refuses `f0` ("hidden symbol … is referenced by DSO"); check let the dropped library spare it. Companion:
    // `INPUT(libs0.so)` keeps it, and the link goes through.
    DifferentialScenario(
      seed: 31_000_261,
      files: hiddenBesideSharedVersion("f0", version: 1, inMain: false)
        + [.init("inputs.ld", .text("INPUT(AS_NEEDED(libs0.so))\n"))],
      arguments: ["-L.", "o0.o", "inputs.ld", "-ls1"]),
    DifferentialScenario(
      seed: 0,
      files: hiddenBesideSharedVersion("f0", version: 1, inMain: false)
        + [.init("inputs.ld", .text("INPUT(libs0.so)\n"))],
      arguments: ["-L.", "o0.o", "inputs.ld", "-ls1"]),
    // Campaign 31002136: `--as-needed libs1.so` defines the `f1` libs0.so (on the line before it, not as needed)
    // refers to: ld keeps a library that satisfies a shared object's strong reference when no loaded library
    // names it in its `DT_NEEDED` (`ref_dynamic_nonweak`, `on_needed_list`), so `f1` is defined; check counted only
    // objects' references, dropped libs1.so and reported `f1` undefined. Companion: the same without liba1.a.
    DifferentialScenario(
      seed: 31_002_136,
      files: sharedCallsF1WeakInLibs1 + [.init("liba1.a", .archive(members: [], kind: .indexed))],
      arguments: [
        "-L", ".", "-defsym", "f3=0x8a00", "--library", "a1", "-ls0", "--as-needed", "libs1.so",
      ]),
    DifferentialScenario(
      seed: 0,
      files: sharedCallsF1WeakInLibs1,
      arguments: ["-L.", "main.o", "-ls0", "--as-needed", "libs1.so"]),
    // Campaign 32000561: inputs.ld's `GROUP(liba0.a)` inside the group `-(` opens: each walk of the outer group walks
    // the script's group again (ldlang.c, `open_input_bfds`), so liba0.a's o0.o is extracted for main.o's `f1`, and
    // its weak `f5` meets main.o's `f5@@V3` (ld: "multiple definition of `f5@@V3'"); check walked the script's
    // group only where the script was read.
    DifferentialScenario(
      seed: 32_000_561,
      files: [
        .init(
          "main.o",
          .object(parts: [
            start,
            "\t.text\n\tcall f1@PLT",
            "\t.text\n\t.globl f5_v3\n\t.type f5_v3,@function\nf5_v3:\n\tret\n\t.symver f5_v3, f5@@V3",
          ])),
        .init(
          "o0.o",
          .object(parts: [
            "\t.text\n\t.globl f1\n\t.hidden f1\n\t.type f1,@function\nf1:\n\tret",
            "\t.text\n\t.weak f5\n\t.type f5,@function\nf5:\n\tret",
          ])),
        .init("liba0.a", .archive(members: ["o0.o"], kind: .thin)),
        .init("inputs.ld", .text("GROUP(liba0.a)\n")),
      ], arguments: ["-(", "-defsym", "f5=f4+0x10", "inputs.ld", "main.o", "--defsym", "f5=0x2b0"]),
    // Campaign 32003032: the same with `-defsym f2=f2`, which reads `f2` (undefined) after inputs.ld: the outer walk
    // extracts liba0.a's o2.o for it, and the link goes through. Companion: the group closed with `-)`.
    DifferentialScenario(
      seed: 32_003_032,
      files: [
        mainStart,
        hiddenF2InLiba0[0], hiddenF2InLiba0[1],
        .init("inputs.ld", .text("GROUP(liba0.a)\nf3 = 0x18544;\n")),
      ], arguments: ["-(", "inputs.ld", "-defsym", "f2=f2", "-defsym", "d1=0x7af0"]),
    DifferentialScenario(
      seed: 0,
      files: [
        mainStart,
        hiddenF2InLiba0[0], hiddenF2InLiba0[1],
        .init("inputs.ld", .text("GROUP(liba0.a)\n")),
      ],
      arguments: ["-(", "inputs.ld", "-defsym", "f2=f2", "-)"]),
    // Campaign 32003007: link.lds's `f2 = 0x60464` defines the `f2` that libs0.so's `f2@@V1` (loaded for libs1.so's
    // `DT_NEEDED`) would: ld makes `f2@V1` an indirection to `f2`, so o0.o's reference to `f2@V1` is the
    // assignment's, with no "DSO missing from command line"; check bound a waiting `f@V` only to an object's own
    // `f`. Companion: a `--defsym` after the objects does the same.
    DifferentialScenario(
      seed: 32_003_007,
      files: versionedF2BesideNeededDefault + [
        .init(
          "link.lds",
          .text(
            "ENTRY(d2)\nf2 = 0x60464;\nPROVIDE(d0 = 0x2000);\nPROVIDE(f3 = 0x2000);\nSECTIONS {\n  . = 0x400000;\n"
              + "  .text : { *(.text*) }\n  d0 = .;\n  .data : { *(.data*) }\n  .bss : { *(.bss*) *(COMMON) }\n}\n"
          )),
        .init("liba2.a", .archive(members: ["o0.o"], kind: .thin)),
      ],
      arguments: [
        "--script=link.lds", "-rpath=.", "-L.", "-whole-archive", "--library=s1", "--library", "a2",
      ]),
    DifferentialScenario(
      seed: 0, files: versionedF2BesideNeededDefault,
      arguments: ["-rpath=.", "-L.", "main.o", "-ls1", "o0.o", "--defsym", "f2=0x60464"]),
    // Campaign 33001713: `--defsym f2=DEFINED(f2) ? f2 : 0` after o0.o's hidden `f2` reads `f2` itself (the branch
    // `DEFINED` picks while ld loads inputs), so it defines nothing then, and liba0.a's o1.o's weak `f2` is no
    // duplicate; check counted no branch's reads, folded it over o0.o's `f2` and reported one.
    DifferentialScenario(
      seed: 33_001_713,
      files: [
        mainStart,
        .init(
          "o0.o",
          .object(parts: [
            "\t.text\n\tcall f1@PLT",
            "\t.text\n\t.globl f2\n\t.hidden f2\n\t.type f2,@function\nf2:\n\tret",
          ])),
        .init(
          "o1.o",
          .object(parts: [
            "\t.text\n\t.globl f1\n\t.type f1,@function\nf1:\n\tret",
            "\t.text\n\t.weak f2\n\t.type f2,@function\nf2:\n\tret",
          ])),
        .init("liba0.a", .archive(members: ["o1.o"], kind: .indexed)),
      ],
      arguments: [
        "-L.", "--defsym", "f2=0xe3d0", "o0.o", "--defsym", "f2=DEFINED(f2) ? f2 : 0", "-l:liba0.a",
      ]),
    // Found while bounding check's needed-list walk (not by a campaign): an `--as-needed` library ld keeps is needed
    // from then on (elflink.c clears its `DYN_AS_NEEDED`), so libs2.so, which kept libs1.so needs, is on the needed
    // list and dropped though libs1.so calls its `f2`; late.o's `f2` is then "DSO missing from command line".
    // check followed the list through libs1.so as if it were still as-needed, kept libs2.so and said it links.
    DifferentialScenario(
      seed: 0,
      files: [
        .init("main.o", .object(parts: [start, "\t.text\n\tcall f1@PLT"])),
        .init("so2.o", .object(parts: [function("f2")])),
        .init("libs2.so", .sharedObject(objects: ["so2.o"])),
        .init("so1.o", .object(parts: [function("f1"), "\t.text\n\tcall f2@PLT"])),
        .init("libs1.so", .sharedObject(objects: ["so1.o", "libs2.so"])),
        .init("late.o", .object(parts: ["\t.text\n\tcall f2@PLT"])),
      ],
      arguments: ["main.o", "--as-needed", "libs1.so", "libs2.so", "late.o"]),
    // The same list, through a library `--as-needed` dropped: ld leaves its `DT_NEEDED` entries on the list, so
    // libs3.so, needed by the dropped libs1.so that libs0.so needs, is dropped though libs0.so calls its `f3`.
    // check looked only at the libraries it kept. Companion: libs0.so not needing libs1.so keeps libs3.so.
    DifferentialScenario(
      seed: 0, files: neededThroughDroppedLibrary(needsLibs1: true),
      arguments: ["main.o", "libs0.so", "--as-needed", "libs1.so", "libs3.so", "late.o"]),
    DifferentialScenario(
      seed: 0, files: neededThroughDroppedLibrary(needsLibs1: false),
      arguments: ["main.o", "libs0.so", "--as-needed", "libs1.so", "libs3.so", "late.o"]),
  ]
}
