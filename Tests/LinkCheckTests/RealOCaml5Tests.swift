import Foundation
import TestSupport
import Testing

/// The real-toolchain tier for OCaml 5 (see `RealToolchain`): the runtime archives of the host OCaml 5.2 and of
/// ocaml-solo5's cross compiler classified against nm and `ocamlopt -runtime-variant X -verbose`, and `--why Unix`
/// on complete objects the real compiler builds, against the relocations objdump shows. Run as cases of the tier's
/// one test, `RealToolchainTests.realToolchain` (so that without the cache the tier is skipped in one line).
struct RealOCaml5Tests {
  /// The library folders of both compilers.
  static let folders = [
    "\(RealToolchain.switchPrefix)/lib/ocaml",
    "\(RealToolchain.switchPrefix)/lib/ocaml-solo5/lib/ocaml",
  ]

  /// nm's answer for one archive: which runtime entry it defines and which build markers it shows.
  struct NMRuntimeFacts {
    var isRuntime: Bool
    var variant: String

    init(archive: String) throws {
      let lines = try Tool.succeed("nm", ["-A", archive]).output.split(separator: "\n")
      func has(_ suffix: String) -> Bool { lines.contains { $0.hasSuffix(suffix) } }
      // The bytecode interpreter is `caml_interprete` up to 5.1, `caml_bytecode_interpreter` from 5.2.
      isRuntime =
        has(" T caml_start_program") || has(" T caml_interprete")
        || has(" T caml_bytecode_interpreter")
      let debug = has(" T caml_failed_assert")
      let instrumented = has(" U caml_ev_alloc") || has(" U caml_ev_alloc_flush")
      let pic = lines.contains { $0.contains(".npic.o:") || $0.contains(".bpic.o:") }
      variant = debug ? "d" : instrumented ? "i" : pic ? "_pic" : "plain"
    }
  }

  static func runtimes(in folder: String) throws -> [[String: Any]] {
    let result = try LinkCheckExecutable.run(["runtime", "--format", "json", folder])
    #expect(result.status == 0, "\(result.stderr)")
    let document = try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    return try #require(document["runtimes"] as? [[String: Any]])
  }

  func runtimeNamesEveryRuntimeArchiveAndNothingElse(_ folder: String) throws {
    let archives = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
      $0.hasSuffix(".a")
    }.sorted()
    let facts = try Dictionary(
      uniqueKeysWithValues: archives.map {
        ("\(folder)/\($0)", try NMRuntimeFacts(archive: "\(folder)/\($0)"))
      })
    let reported = try Self.runtimes(in: folder)
    #expect(
      Set(reported.compactMap { $0["path"] as? String })
        == Set(facts.filter(\.value.isRuntime).keys))
    for runtime in reported {
      let path = try #require(runtime["path"] as? String)
      #expect(runtime["definesRuntimeEntry"] as? Bool == true, "\(path)")
      let build = try #require(runtime["build"] as? [String: Any])
      #expect(build["stockVariant"] as? String == facts[path]?.variant, "\(path)")
      #expect(
        runtime["variant"] as? String == facts[path]?.variant,
        "\(path): the file name and the contents agree")
    }
  }

  /// `-runtime-variant X` links `libasmrunX.a` (ocamlopt's `-verbose` shows it), and the complete object shows the
  /// same build as that archive; the default runtime is plain, not `i`.
  func completeObjectShowsTheVariantOcamloptLinked(_ variant: String) throws {
    let scratch = try Scratch("real-ocaml5")
    let source = try scratch.write("hello_main.ml", "let () = print_endline \"hello\"\n")
    let flags = variant.isEmpty ? [] : ["-runtime-variant", variant]
    let build = try Tool.succeed(
      RealToolchain.tool("ocamlopt"),
      ["-verbose"] + flags + ["-output-complete-obj", "-o", "hello.exe.o", source],
      directory: scratch.path)
    #expect((build.stderr + build.output).contains("/libasmrun\(variant).a"), "\(build.stderr)")
    let reported = try #require(try Self.runtimes(in: scratch.file("hello.exe.o")).first)
    #expect(reported["variant"] as? String == (variant.isEmpty ? "plain" : variant))
  }

  /// Relocations of the complete object by the function they lie in, as objdump shows them.
  static func references(in object: String) throws -> [String: Set<String>] {
    var references: [String: Set<String>] = [:]
    var function = ""
    for line in try Tool.succeed("objdump", ["-dr", "--no-show-raw-insn", object]).output.split(
      separator: "\n")
    {
      if line.hasSuffix(">:"), let open = line.firstIndex(of: "<") {
        function = String(line[line.index(after: open)..<line.index(line.endIndex, offsetBy: -2)])
      } else if line.contains("R_X86_64_"),
        let target = line.split(separator: " ").last?.split(separator: "\t").last
      {
        references[function, default: []].insert(
          String(target.split(separator: "-").first!.split(separator: "+").first!))
      }
    }
    return references
  }

  /// Builds `Main`, which calls `Unix.gettimeofday` through `Timelib__Clock`, a library compiled `-opaque` (so
  /// nothing is inlined across it), and, with `direct`, itself too, into the complete object `main.exe.o` with the
  /// real ocamlopt.
  @discardableResult
  static func unixProgram(in scratch: Scratch, direct: Bool = true) throws -> String {
    let ocamlopt = RealToolchain.tool("ocamlopt")
    let library = try scratch.write(
      "timelib__Clock.ml", "let stamp () = Printf.sprintf \"%.3f\" (Unix.gettimeofday ())\n")
    try Tool.succeed(
      ocamlopt, ["-opaque", "-I", "+unix", "-a", "-o", "timelib.cmxa", library],
      directory: scratch.path)
    let own = direct ? "; Printf.printf \"%.0f\\n\" (Unix.gettimeofday ())" : ""
    let main = try scratch.write(
      "main.ml", "let () = print_endline (Timelib__Clock.stamp ())\(own)\n")
    try Tool.succeed(
      ocamlopt,
      [
        "-I", "+unix", "unix.cmxa", "timelib.cmxa", "-output-complete-obj", "-o", "main.exe.o",
        main,
      ],
      directory: scratch.path)
    return scratch.file("main.exe.o")
  }

  /// `--why Unix` answers with the program's own chain: Main's call when Main calls Unix itself, else the chain
  /// through the library; the units objdump shows calling the primitive are among the direct referrers.
  func whyUnixAnswersWithTheProgramsOwnChain(_ direct: Bool) throws {
    let scratch = try Scratch("real-why")
    try Self.unixProgram(in: scratch, direct: direct)
    // objdump: which units' code calls the unix primitive, and that Main refers to the library unit.
    let references = try Self.references(in: scratch.file("main.exe.o"))
    func calls(_ unitPrefix: String, _ namePrefix: String) -> Set<String> {
      Set(
        references.filter { $0.key.hasPrefix(unitPrefix) }.values.joined().filter {
          $0.hasPrefix(namePrefix)
        })
    }
    let primitive = try #require(calls("camlTimelib__Clock.", "caml_unix_gettimeofday").min())
    #expect(calls("camlMain.", "caml_unix_gettimeofday").isEmpty == !direct)
    #expect(!calls("camlMain.", "camlTimelib__Clock").isEmpty)
    let result = try LinkCheckExecutable.run(
      ["main.exe.o", "--target", "unix", "--why", "Unix", "--format", "json"],
      directory: scratch.path)
    let why = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    let chain = try #require(why["chain"] as? [[String: Any]]).compactMap { $0["node"] as? String }
    #expect(
      chain.dropLast().map { $0.split(separator: " ").first.map(String.init) ?? $0 }
        == (direct ? ["Main"] : ["Main", "Timelib__Clock"]), "\(chain)")
    #expect(chain.last?.hasPrefix(primitive) == true, "\(chain)")
    let referrers = try #require(why["directReferrers"] as? [String])
    #expect(referrers.contains("Main") == direct, "\(referrers)")
    #expect(referrers.contains { $0.hasPrefix("Timelib__Clock") }, "\(referrers)")
  }

  /// The C stubs of OCaml 5's unix library reach the thread-local `caml_state` through general-dynamic sequences
  /// (`__tls_get_addr` calls); a static link relaxes them, and link-check reports exactly ld's undefined names.
  func staticLinkOfAnOCaml5ObjectAgreesWithLd() throws {
    let scratch = try Scratch("real-tls")
    let object = try Self.unixProgram(in: scratch)
    #expect(try Tool.succeed("readelf", ["-rW", object]).output.contains("R_X86_64_TLSGD"))
    let arguments = ["ld", "-static", "-e", "main", "-o", "out", "main.exe.o"]
    let ld = try LinkerVerdict.run("ld", Array(arguments.dropFirst()), directory: scratch.path)
    #expect(!ld.undefined.isEmpty && !ld.undefined.contains("__tls_get_addr"), "\(ld)")
    let result = try LinkCheckExecutable.run(
      ["check", "--format", "json", "--"] + arguments, directory: scratch.path)
    let report = try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    let unresolved = try #require(report["unresolved"] as? [[String: Any]]).compactMap {
      $0["symbol"] as? String
    }
    #expect(Set(unresolved) == ld.undefined)
  }

  /// `diff` groups OCaml 5.2's `caml<Unit>.<name>` symbols by unit: the Unix unit a second build starts linking
  /// counts exactly the external `camlUnix`/`camlUnix.*` names nm lists.
  func diffGroupsOCaml52SymbolsByUnit() throws {
    let scratch = try Scratch("real-diff")
    let ocamlopt = RealToolchain.tool("ocamlopt")
    for (name, source, flags) in [
      ("old", DiffRecipes.programV1, [String]()),
      ("new", DiffRecipes.programV2, ["-I", "+unix", "unix.cmxa"]),
    ] {
      try FileManager.default.createDirectory(
        atPath: scratch.file(name), withIntermediateDirectories: true)
      let main = try scratch.write("\(name)/main.ml", source)
      try Tool.succeed(
        ocamlopt, flags + ["-output-complete-obj", "-o", "prog.o", main],
        directory: scratch.file(name))
    }
    let newRows = try NMSymbols.rows(scratch.file("new/prog.o"))
    let unixSymbols = newRows.filter {
      $0.isExternal && ($0.name == "camlUnix" || $0.name.hasPrefix("camlUnix."))
    }.count
    #expect(unixSymbols > 50)
    let result = try LinkCheckExecutable.run(
      ["diff", "--format", "json", "old/prog.o", "new/prog.o"], directory: scratch.path)
    let report = try #require(
      try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    let file = try #require((report["files"] as? [[String: Any]])?.first)
    let units = try #require(file["units"] as? [[String: Any]])
    let unix = try #require(units.first { $0["unit"] as? String == "Unix" })
    #expect(unix["added"] as? Int == unixSymbols)
    #expect(unix["removed"] as? Int == 0)
    #expect(units.contains { $0["unit"] as? String == "Main" })
  }

  /// The spt link as Solo5's ld wrapper and ocaml-solo5 shape it (REFERENCE §7), of hello cross-compiled by
  /// ocaml-solo5 and of the host unix program (the issue's case): link-check's undefined and duplicate sets are
  /// exactly GNU ld's, `__tls_get_addr` of the host stubs' relaxed sequences included.
  func sptLinksAgreeWithLd() throws {
    let scratch = try Scratch("real-spt")
    let prefix = RealToolchain.switchPrefix
    let hello = try scratch.write("hello.ml", "let () = print_endline \"hello\"\n")
    let environment = [
      "PATH": "\(prefix)/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    ]
    let cross = try Tool.run(
      "\(prefix)/lib/ocaml-solo5/bin/ocamlopt.opt",
      ["-output-complete-obj", "-o", "hello.exe.o", hello],
      directory: scratch.path, environment: environment)
    #expect(cross.status == 0, "\(cross.stderr)")
    try Self.unixProgram(in: scratch)
    for object in ["hello.exe.o", "main.exe.o"] {
      let arguments = [
        "-nostdlib", "-L\(prefix)/lib/x86_64-solo5-none-static", "-z", "max-page-size=0x1000",
        "-static", "-T",
        "solo5_spt.lds", "-l:solo5_spt.o", object, "-L\(prefix)/lib/ocaml-solo5/lib",
        "--start-group", "-lnolibc",
        "-lopenlibm", "--end-group", "-o", "out.spt",
      ]
      let ld = try LinkerVerdict.run("ld", arguments, directory: scratch.path)
      #expect(
        ld.undefined.contains("solo5_app_main") && !ld.undefined.contains("__tls_get_addr"), "\(ld)"
      )
      let result = try LinkCheckExecutable.run(
        ["check", "--target", "spt", "--format", "json", "--", "ld"] + arguments,
        directory: scratch.path)
      let report = try #require(
        try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
      func names(_ key: String) throws -> Set<String> {
        Set(try #require(report[key] as? [[String: Any]]).compactMap { $0["symbol"] as? String })
      }
      #expect(try names("unresolved") == ld.undefined, "\(object)")
      #expect(try names("duplicates") == ld.duplicates, "\(object)")
      guard object == "hello.exe.o" else { continue }
      // ocaml-solo5's runtime refers to its thread stubs from Domain.spawn's primitive, which hello never calls: no
      // hazard, the stub kept as unreached; the locking nolibc answers is neither.
      let hazards = try #require(report["hazards"] as? [[String: Any]])
      #expect(!hazards.contains { ($0["kind"] as? String ?? "").hasPrefix("nolibc") }, "\(hazards)")
      let unreached = try #require(report["unreachedStubs"] as? [[String: Any]])
      let create = try #require(unreached.first { $0["symbol"] as? String == "pthread_create" })
      #expect(create["kind"] as? String == "nolibc-thread-stub")
      #expect((create["referencedBy"] as? [String])?.contains("caml_domain_spawn") == true)
      #expect(!unreached.contains { ($0["symbol"] as? String ?? "").hasPrefix("pthread_mutex") })
    }
  }

  /// `libasmrun_shared.so` is the runtime as one shared library (no `-runtime-variant` selects it): a shared
  /// object, whose versioned glibc references (`__isoc99_sscanf@GLIBC_2.7`) count by their plain names.
  func sharedRuntimeIsASharedObject() throws {
    let library = "\(RealToolchain.switchPrefix)/lib/ocaml/libasmrun_shared.so"
    let nm = try Tool.succeed("nm", [library]).output
    #expect(nm.contains(" U __errno_location@"))
    let runtime = try #require(try Self.runtimes(in: library).first)
    #expect(runtime["source"] as? String == "shared object")
    #expect(runtime["environment"] as? String == "host")
    let host = try #require(runtime["hostSymbols"] as? [[String: Any]]).compactMap {
      $0["name"] as? String
    }
    #expect(host.contains("__errno_location") && !host.contains { $0.contains("@") }, "\(host)")
  }
}

extension RealOCaml5Tests {
  /// Each check above, with its arguments, as a case of the tier's one test.
  enum Case: Sendable, CustomStringConvertible {
    case runtimes(folder: String)
    case variant(String)
    case whyUnix(direct: Bool)
    case staticLink, diff, sptLinks, sharedRuntime

    var description: String {
      switch self {
      case .runtimes(let folder): "runtime names every runtime archive of \(folder) and nothing else"
      case .variant(let variant):
        "a complete object shows the variant ocamlopt linked (\(variant.isEmpty ? "plain" : variant))"
      case .whyUnix(let direct):
        "--why Unix answers with the program's own chain (\(direct ? "direct" : "through a library"))"
      case .staticLink: "a static link of an OCaml 5 object agrees with ld"
      case .diff: "diff groups OCaml 5.2 symbols by unit"
      case .sptLinks: "spt links agree with ld"
      case .sharedRuntime: "the shared runtime is a shared object"
      }
    }
  }

  static let cases: [Case] =
    folders.map { Case.runtimes(folder: $0) } + ["", "d", "i"].map(Case.variant)
    + [true, false].map { Case.whyUnix(direct: $0) } + [.staticLink, .diff, .sptLinks, .sharedRuntime]

  func run(_ testCase: Case) throws {
    switch testCase {
    case .runtimes(let folder): try runtimeNamesEveryRuntimeArchiveAndNothingElse(folder)
    case .variant(let variant): try completeObjectShowsTheVariantOcamloptLinked(variant)
    case .whyUnix(let direct): try whyUnixAnswersWithTheProgramsOwnChain(direct)
    case .staticLink: try staticLinkOfAnOCaml5ObjectAgreesWithLd()
    case .diff: try diffGroupsOCaml52SymbolsByUnit()
    case .sptLinks: try sptLinksAgreeWithLd()
    case .sharedRuntime: try sharedRuntimeIsASharedObject()
    }
  }
}
