import FoundationEssentials

/// Turns a compiler command into the linker command it would run, without linking: a C compiler driver (gcc, cc,
/// clang, or a Solo5 / ocaml-solo5 wrapper) through its `-###` output; `ocamlopt` (or `ocamlfind … ocamlopt`) by
/// running it with `-cc` set to a recorder that captures the C link command and exits 0, then expanding that.
public enum DriverExpansion {
  /// What the first word of a command is.
  public enum CommandKind: Sendable, Hashable {
    case linker
    /// Solo5's `<triple>-ld` or ocaml-solo5's `<arch>-solo5-ocaml-ld`: scripts that add flags and run `ld`.
    case linkerWrapper
    case cDriver
    case ocamlCompiler
  }

  public static func kind(of command: [String]) -> CommandKind {
    guard let first = command.first else { return .linker }
    let name = FileSystem.fileName(of: first)
    if name == "ocamlfind" || ocamlCompilers.contains(name) { return .ocamlCompiler }
    if name.hasSuffix("-solo5-none-static-ld") || name.hasSuffix("-solo5-ocaml-ld") {
      return .linkerWrapper
    }
    let drivers = ["cc", "gcc", "clang", "c89", "c99"]
    if drivers.contains(name) || drivers.contains(where: { name.hasSuffix("-\($0)") }) {
      return .cDriver
    }
    // Versioned drivers: gcc-12, clang-16, x86_64-linux-gnu-gcc-12.
    if let dash = name.lastIndex(of: "-"), name[name.index(after: dash)...].allSatisfy(\.isNumber),
      drivers.contains(where: { name[..<dash].hasSuffix($0) })
    {
      return .cDriver
    }
    return .linker
  }

  private static let ocamlCompilers: Set<String> = ["ocamlopt", "ocamlopt.opt", "ocamlopt.byte"]

  /// The linker command of a C compiler driver: `DRIVER -### ARGS`, the `collect2`/`ld` line without the LTO plugin's
  /// options (they name a fresh temporary file), `collect2` replaced by `ld` (it runs ld with the same arguments).
  public static func expandCDriver(_ command: [String], environment: [String: String]? = nil)
    throws(LinkPlannerError) -> [String]
  {
    let driver = command[0]
    if let option = command.dropFirst().first(where: {
      ["-c", "-S", "-E", "-M", "-MM"].contains($0)
    }) {
      throw LinkPlannerError("cannot expand \(driver): with \(option) the driver links nothing")
    }
    let result = try ProgramRunner.run(
      driver, ["-###"] + command.dropFirst(), environment: environment)
    guard result.status == 0, let words = linkerWords(inDriverOutput: result.standardError) else {
      let lines = result.standardError.split(separator: "\n")
      let failure = result.status == 0 ? nil : lines.first { $0.contains("error") } ?? lines.last
      let detail = failure.map { ": \($0)" } ?? ""
      throw LinkPlannerError(
        "cannot expand \(driver): `\(driver) -### …` printed no linker command (exit \(result.status))\(detail)"
      )
    }
    let line = withoutLTOPlugin(words)
    return [line[0].hasSuffix("collect2") ? "ld" : line[0]] + line.dropFirst()
  }

  /// The linker command `ocamlopt` would run for COMMAND (`ocamlopt …` or `ocamlfind [-toolchain T] ocamlopt …`).
  /// The compiler runs for real (it compiles its sources) with a recorder first on `PATH` under the name of its C
  /// compiler (`-config-var c_compiler`): the recorder passes compilations to the real one and, for the link, writes
  /// its arguments down and exits 0, so the link command is exactly the compiler's own (its `mkexe` flags included,
  /// which `-cc` would drop). Temporary objects the compiler deletes after linking (its startup object) are kept in
  /// `scratch`. The recorded command then goes through the C driver's `-###`.
  public static func expandOCaml(_ command: [String], scratch: String) throws(LinkPlannerError)
    -> [String]
  {
    guard
      let compilerIndex = command.firstIndex(where: {
        ocamlCompilers.contains(FileSystem.fileName(of: $0))
      })
    else {
      throw LinkPlannerError(
        "cannot expand \(command[0]): no ocamlopt in the command (only native links can be checked)"
      )
    }
    let arguments = command[(compilerIndex + 1)...]
    let noLink = [
      "-c", "-a", "-pack", "-shared", "-output-obj", "-output-complete-obj", "-i", "-S", "-config",
      "-version",
    ]
    if let option = arguments.first(where: noLink.contains) {
      throw LinkPlannerError(
        "cannot expand \(command[0]): with \(option) ocamlopt links no program; check its object with --target instead"
      )
    }
    let compiler = Array(command[...compilerIndex])
    let cCompiler = try configVariable("c_compiler", compiler)
    guard let driver = cCompiler.first, !driver.contains("/"),
      let realDriver = ProgramRunner.locate(driver)
    else {
      throw LinkPlannerError(
        "cannot expand \(command[0]): its C compiler `\(cCompiler.joined(separator: " "))` is not a program on PATH that a recorder can stand in for"
      )
    }
    let run = try CommandRecorder(scratch: scratch).run(
      command, standingInFor: driver, passThrough: realDriver)
    guard run.status == 0 else {
      let detail = run.standardError.split(separator: "\n").prefix(3).joined(separator: " / ")
      throw LinkPlannerError(
        "cannot expand \(command[0]): the compiler failed before linking (exit \(run.status)): \(detail)"
      )
    }
    guard let recorded = run.recorded else {
      throw LinkPlannerError(
        "cannot expand \(command[0]): it never ran its C compiler \(driver) to link (a recorder stood in for it on PATH)"
      )
    }
    return try expandCDriver([driver] + recorded)
  }

  /// `COMPILER -config-var NAME`, split into words as the shell `ocamlopt` runs it with would (no quotes in practice).
  private static func configVariable(_ name: String, _ compiler: [String]) throws(LinkPlannerError)
    -> [String]
  {
    let output = try ProgramRunner.run(
      compiler[0], Array(compiler.dropFirst()) + ["-config-var", name])
    guard output.status == 0 else {
      throw LinkPlannerError(
        "cannot expand \(compiler[0]): `\(compiler.joined(separator: " ")) -config-var \(name)` failed (exit \(output.status))"
      )
    }
    return PkgConfig.words(output.standardOutput)
  }

  /// The command a Solo5 or ocaml-solo5 `ld` wrapper (`<triple>-ld`, `<arch>-solo5-ocaml-ld`) would run: the wrapper
  /// runs with a recorder standing in for the `ld` it runs by name, so its flags (`-T solo5_<abi>.lds -l
  /// :solo5_<abi>.o`, the page size, its library folder) are its own.
  public static func expandLinkerWrapper(_ command: [String], scratch: String)
    throws(LinkPlannerError) -> [String]
  {
    let run = try CommandRecorder(scratch: scratch).run(command, standingInFor: "ld")
    guard run.status == 0, let recorded = run.recorded else {
      let detail = run.standardError.split(separator: "\n").first.map { ": \($0)" } ?? ""
      throw LinkPlannerError(
        "cannot expand \(command[0]): the wrapper ran no `ld` found on PATH (a recorder stood in for it; exit \(run.status))\(detail)"
      )
    }
    return ["ld"] + recorded
  }

  /// The quoted words of the `collect2`/`ld` line in a driver's `-###` output (quoted like a response file).
  static func linkerWords(inDriverOutput text: String) -> [String]? {
    for line in text.split(separator: "\n") {
      let words = LinkerCommandLine.splitResponseFile(String(line))
      if let first = words.first,
        first.hasSuffix("collect2") || first.hasSuffix("/ld") || first.hasSuffix("ld.lld")
          || first == "ld"
      {
        return words
      }
    }
    return nil
  }

  /// The driver's line without the LTO plugin's options: gcc names a fresh temporary file in them
  /// (`-plugin-opt=-fresolution=/tmp/ccXXXXXX.res`), which would make the same line differ from run to run, and the
  /// plugin only matters for LTO objects, which complete OCaml objects are not.
  static func withoutLTOPlugin(_ words: [String]) -> [String] {
    var result: [String] = []
    var skipValue = false
    for word in words {
      if skipValue {
        skipValue = false
      } else if word == "-plugin" || word == "--plugin" {
        skipValue = true
      } else if !word.hasPrefix("-plugin-opt=") && !word.hasPrefix("--plugin-opt=") {
        result.append(word)
      }
    }
    return result
  }
}
