import ElfKit
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif

/// Plans the final link for a target: from its pkg-config files (era B), its Solo5 toolchain layout (era C),
/// or the host C compiler (unix). The result is the exact argument vector, each word with its origin.
public struct TargetLinkPlanner: Sendable {
  public var target: Target
  /// The unikernel object(s), first on the line after the bindings' flags.
  public var inputs: [String]
  /// Extra inputs and `-L`/`-l` options, appended after the inputs in order (like ld).
  public var extraArguments: [String] = []
  public var output: String
  /// Era C: the Solo5 prefix holding `lib/<triple>/solo5_<t>.{o,lds}`.
  public var sysroot: String?
  /// Era C: the ocaml-solo5 folder holding `libnolibc.a` and `libopenlibm.a` (found under the prefix if not given).
  public var ocamlSysroot: String?
  /// Era B: folders searched for `.pc` files before `$PKG_CONFIG_PATH`.
  public var pkgConfigPaths: [String] = []
  /// Solo5 targets: the application manifest (an object or archive defining `__solo5_mft1_note`), linked right
  /// after the inputs, as mirage links `manifest.o` after `main.native.o`.
  public var manifest: String?
  /// Unix: where the source of a generated `main` is written (its object goes beside the output, `OUT.main.o`).
  public var scratchDirectory: String
  public var environment: [String: String] = ProcessInfo.processInfo.environment

  public init(target: Target, inputs: [String], output: String, scratchDirectory: String) {
    self.target = target
    self.inputs = inputs
    self.output = output
    self.scratchDirectory = scratchDirectory
  }

  /// The plan, from the flags' sysroot, else the one `SysrootLocator` finds, else `$PKG_CONFIG_PATH` (era B). The plan
  /// says which (`LinkPlan.sysroot`).
  public func plan() throws(LinkPlannerError) -> LinkPlan {
    if target == .unix { return try hostPlan() }
    if let sysroot {
      var plan = try toolchainPlan(prefix: sysroot, ocamlSysroot: ocamlSysroot)
      plan.sysroot = SysrootLocation(
        origin: .flag, solo5: sysroot, ocaml: ocamlSysroot, evidence: ocamlSysroot == nil ? "--sysroot" : "--sysroot, --ocaml-sysroot")
      return plan
    }
    if !pkgConfigPaths.isEmpty {
      var plan = try pkgConfigPlan(paths: pkgConfigPaths)
      plan.sysroot = SysrootLocation(origin: .flag, pkgConfig: pkgConfigPaths.joined(separator: ":"), evidence: "--pkg-config-path")
      return plan
    }
    guard let found = SysrootLocator(target: target, environment: environment).locate() else {
      return try pkgConfigPlan(paths: [])
    }
    var plan: LinkPlan
    if let pkgConfig = found.pkgConfig {
      // mirage prepends the switch's share/pkgconfig and lib/pkgconfig (REFERENCE §2).
      let prefix = FileSystem.folder(of: FileSystem.folder(of: pkgConfig))
      plan = try pkgConfigPlan(paths: ["\(prefix)/share/pkgconfig", pkgConfig])
    } else if let compiler = found.compiler {
      plan = try wrapperPlan(compiler: compiler)
    } else {
      plan = try toolchainPlan(prefix: found.solo5!, ocamlSysroot: found.ocaml)
    }
    plan.sysroot = found
    return plan
  }

  /// The inputs, the manifest (preceded by `-u __solo5_mft1_note` when it is an archive, REFERENCE §3), then the
  /// extra arguments.
  private func userInputs() throws(LinkPlannerError) -> [LinkArgument] {
    var arguments = inputs.map { LinkArgument($0, .user) }
    if let manifest {
      if try Self.isArchive(manifest) {
        let why = ArgumentOrigin.linkCheck("ld extracts an archived manifest only for an undefined reference")
        arguments += [LinkArgument("-u", why), LinkArgument("__solo5_mft1_note", why)]
      }
      arguments.append(LinkArgument(manifest, .user))
    }
    return arguments + extraArguments.map { LinkArgument($0, .user) }
  }

  // MARK: Era B

  /// mirage's order (REFERENCE §2): `LD LDFLAGS objects STATIC_LIBS -o OUT LDPOSTFLAGS`.
  private func pkgConfigPlan(paths: [String]) throws(LinkPlannerError) -> LinkPlan {
    let pkgConfig = PkgConfig(extraPaths: paths, environment: environment)
    let bindings = "solo5-bindings-\(target)"
    var warnings: [String] = []
    let ld: LinkArgument
    if let value = try pkgConfig.variable("ld", of: bindings) {
      ld = LinkArgument(value, .pkgConfig(package: bindings, query: "--variable=ld"))
    } else {
      ld = LinkArgument("ld", .linkCheck("\(bindings).pc has no ld= variable; using ld"))
      warnings.append("\(bindings).pc has no `ld` variable; falling back to `ld` as mirage does")
    }
    func flags(_ variable: String) throws(LinkPlannerError) -> [LinkArgument] {
      PkgConfig.words(try pkgConfig.variable(variable, of: bindings) ?? "").map {
        LinkArgument($0, .pkgConfig(package: bindings, query: "--variable=\(variable)"))
      }
    }
    var libraries: [LinkArgument] = []
    var found: String?
    for candidate in [target.mirageBindingsPackage, "ocaml-freestanding"] where found == nil {
      if try pkgConfig.exists(candidate) { found = candidate }
    }
    if let package = found {
      libraries = try pkgConfig.staticLibs(package).map { LinkArgument($0, .pkgConfig(package: package, query: "--static --libs")) }
      if package == "ocaml-freestanding" {
        warnings.append("\(target.mirageBindingsPackage).pc not found: solo5_app_main will be missing unless an input defines it")
      }
    } else {
      warnings.append("neither \(target.mirageBindingsPackage).pc nor ocaml-freestanding.pc was found: no libc or runtime is linked")
    }
    let ldflags = try flags("ldflags")
    if ldflags.isEmpty {
      warnings.append("\(bindings).pc has no `ldflags` variable: the plan has no bindings object and no linker script")
    }
    let arguments = try ldflags + userInputs() + libraries + [LinkArgument("-o", .user), LinkArgument(output, .user)]
      + flags("ldpostflags")
    let bindingsObject = ldflags.map(\.value).first { FileSystem.fileName(of: $0) == "solo5_\(target).o" }
    return LinkPlan(
      target: target, era: .pkgConfig, program: ld, arguments: arguments, warnings: warnings, bindingsObject: bindingsObject)
  }

  // MARK: Era C

  /// The Solo5 `ld` wrapper's flags (REFERENCE §3), bindings before the inputs, nolibc and openlibm in a group.
  private func toolchainPlan(prefix: String, ocamlSysroot: String?) throws(LinkPlannerError) -> LinkPlan {
    let (triple, libraryDirectory) = try bindingsDirectory(prefix: prefix)
    let origin = ArgumentOrigin.toolchain("\(prefix)/lib/\(triple)")
    let pageSize = triple.hasPrefix("powerpc64") ? "0x10000" : "0x1000"
    var arguments = ["-nostdlib", "-L", libraryDirectory, "-z", "max-page-size=\(pageSize)", "-static", "-T", "solo5_\(target).lds", "-l", ":solo5_\(target).o"]
      .map { LinkArgument($0, origin) }
    arguments += try userInputs()
    var warnings: [String] = []
    if let libc = try ocamlLibraryDirectory(prefix: prefix, ocamlSysroot: ocamlSysroot) {
      let libcOrigin = ArgumentOrigin.toolchain("ocaml-solo5 \(libc)")
      arguments += ["-L", libc, "--start-group", "-lnolibc", "-lopenlibm", "--end-group"].map { LinkArgument($0, libcOrigin) }
    } else {
      warnings.append("no ocaml-solo5 sysroot with libnolibc.a under \(prefix) (looked in lib/ocaml-solo5/lib and solo5-sysroot/lib/nolibc); pass --ocaml-sysroot")
    }
    arguments += [LinkArgument("-o", .user), LinkArgument(output, .user)]
    let ld = environment["LD"].flatMap { $0.isEmpty ? nil : $0 } ?? "ld"
    return LinkPlan(
      target: target, era: .toolchain, program: LinkArgument(ld, .toolchain("the ld the Solo5 wrapper runs")), arguments: arguments,
      warnings: warnings, bindingsObject: "\(libraryDirectory)/solo5_\(target).o")
  }

  /// The line the ocaml-solo5 `cc` wrapper runs, as MirageOS 4's `ocamlopt` calls it (`-z solo5-abi=<target>`):
  /// the wrapper adds nolibc and openlibm from its sysroot and runs Solo5's `cc` wrapper, whose gcc runs ld.
  private func wrapperPlan(compiler: String) throws(LinkPlannerError) -> LinkPlan {
    let user = try userInputs()
    // The wrappers run each other by name, from the folder they are installed in (an opam switch's bin, on PATH).
    var environment = environment
    environment["PATH"] = FileSystem.folder(of: compiler) + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    let words = try DriverExpansion.expandCDriver(
      [compiler, "-z", "solo5-abi=\(target)"] + user.map(\.value) + ["-o", output], environment: environment)
    let origin = ArgumentOrigin.toolchain("\(compiler) -###")
    var remaining = user
    let arguments = words.dropFirst().map { word -> LinkArgument in
      if let index = remaining.firstIndex(where: { $0.value == word }) { return remaining.remove(at: index) }
      return LinkArgument(word, word == output ? .user : origin)
    }
    let directories = (try? LinkerCommandLine(words))?.line.searchDirectories ?? []
    let bindings = directories.map { "\($0)/solo5_\(target).o" }.first { FileManager.default.fileExists(atPath: $0) }
    return LinkPlan(
      target: target, era: .toolchain, program: LinkArgument(words[0], origin), arguments: arguments, bindingsObject: bindings)
  }

  /// `lib/<triple>` holding `solo5_<t>.o`; the host's architecture is preferred when several exist.
  private func bindingsDirectory(prefix: String) throws(LinkPlannerError) -> (String, String) {
    let lib = "\(prefix)/lib"
    let triples = ((try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []).sorted().filter {
      FileManager.default.fileExists(atPath: "\(lib)/\($0)/solo5_\(target).o")
    }
    guard !triples.isEmpty else {
      throw LinkPlannerError("no Solo5 bindings for \(target): searched \(lib)/*/solo5_\(target).o")
    }
    let host = Self.hostArchitecture
    let triple = triples.first { $0.hasPrefix(host) } ?? triples[0]
    return (triple, "\(lib)/\(triple)")
  }

  private func ocamlLibraryDirectory(prefix: String, ocamlSysroot: String?) throws(LinkPlannerError) -> String? {
    if let ocamlSysroot {
      for candidate in [ocamlSysroot, "\(ocamlSysroot)/lib"] where FileManager.default.fileExists(atPath: "\(candidate)/libnolibc.a") {
        return candidate
      }
      throw LinkPlannerError("--ocaml-sysroot \(ocamlSysroot) has no libnolibc.a (looked in it and its lib/)")
    }
    return ["\(prefix)/lib/ocaml-solo5/lib", "\(prefix)/solo5-sysroot/lib/nolibc"].first {
      FileManager.default.fileExists(atPath: "\($0)/libnolibc.a")
    }
  }

  static var hostArchitecture: String {
    #if arch(x86_64)
      "x86_64"
    #elseif arch(arm64)
      "aarch64"
    #else
      "powerpc64"
    #endif
  }

  // MARK: Unix

  /// The host compiler driver's own link line (`cc -### …`), with OCaml's native C libraries and, when no
  /// input defines `main`, a generated one that starts the OCaml program.
  private func hostPlan() throws(LinkPlannerError) -> LinkPlan {
    let driver = environment["CC"].flatMap { $0.isEmpty ? nil : $0 } ?? "cc"
    var generated: [String] = []
    var hasMain = false
    for input in inputs where !hasMain { hasMain = try Self.definesMain(input) }
    if !hasMain { generated.append(try generateMain(driver: driver)) }
    let libraries = try Self.ocamlNativeLibraries()
    let driverArguments = ["-###", "-o", output] + generated + inputs + extraArguments + libraries
    let result = try ProgramRunner.run(driver, driverArguments)
    guard result.status == 0, let driverWords = DriverExpansion.linkerWords(inDriverOutput: result.standardError) else {
      throw LinkPlannerError("\(driver) -### printed no linker command: \(result.standardError.suffix(300))")
    }
    let words = DriverExpansion.withoutLTOPlugin(driverWords)
    let userWords = Set(inputs + extraArguments + [output])
    let generatedWords = Set(generated)
    let arguments = words.dropFirst().map { word -> LinkArgument in
      if generatedWords.contains(word) { return LinkArgument(word, .linkCheck("generated main: the object has none")) }
      if libraries.contains(word) { return LinkArgument(word, .linkCheck("ocamlopt -config-var native_c_libraries")) }
      return LinkArgument(word, userWords.contains(word) ? .user : .hostCompiler(driver))
    }
    // collect2 runs ld with the same arguments.
    let program = words[0].hasSuffix("collect2") ? "ld" : words[0]
    return LinkPlan(
      target: target, era: .host, program: LinkArgument(program, .hostCompiler(driver)), arguments: arguments,
      generatedFiles: generated)
  }

  private static func isArchive(_ path: String) throws(LinkPlannerError) -> Bool {
    do {
      if case .archive = try BinaryFile.open(path: path) { return true }
      return false
    } catch {
      throw LinkPlannerError(error.description)
    }
  }

  private static func definesMain(_ path: String) throws(LinkPlannerError) -> Bool {
    do {
      guard case .object(let file) = try BinaryFile.open(path: path), let table = try file.symbolTable() else { return false }
      return table.symbols.contains { !$0.isUndefined && $0.binding != .local && $0.name.equals("main") }
    } catch {
      throw LinkPlannerError(error.description)
    }
  }

  /// Compiles a `main` that starts the OCaml program to `OUT.main.o`, a name the plan can print the same every
  /// time; it is compiled under a unique name and renamed into place, so concurrent plans never see half of it.
  private func generateMain(driver: String) throws(LinkPlannerError) -> String {
    let source = "\(scratchDirectory)/link-check-main.c"
    let object = "\(output).main.o"
    let partial = "\(object).\(getpid())-\(UUID().uuidString.prefix(8)).tmp"
    let text = """
      /* Generated by link-check: starts the OCaml program of an object built with -output-complete-obj, as the
         runtime's own main does, then runs at_exit (flushing the channels) as std_exit would in an executable. */
      typedef long value;
      extern void caml_main(char **argv);
      extern void caml_do_exit(int status);
      extern const value *caml_named_value(const char *name);
      extern value caml_callback(value closure, value argument);
      int main(int argc, char **argv) {
        const value *at_exit;
        (void)argc;
        caml_main(argv);
        at_exit = caml_named_value("Pervasives.do_at_exit");
        if (at_exit) caml_callback(*at_exit, 1 /* Val_unit */);
        caml_do_exit(0);
        return 0;
      }

      """
    do { try text.write(toFile: source, atomically: true, encoding: .utf8) } catch {
      throw LinkPlannerError("cannot write \(source): \(error)")
    }
    let result = try ProgramRunner.run(driver, ["-c", "-o", partial, source])
    guard result.status == 0, rename(partial, object) == 0 else {
      try? FileManager.default.removeItem(atPath: partial)
      throw LinkPlannerError("\(driver) could not compile the generated main to \(object): \(result.standardError)")
    }
    return object
  }

  /// `ocamlfind ocamlopt -config-var native_c_libraries` (`-lm -ldl` for OCaml 4.13), or that default.
  static func ocamlNativeLibraries() throws(LinkPlannerError) -> [String] {
    guard ProgramRunner.locate("ocamlfind") != nil,
      let output = try? ProgramRunner.run("ocamlfind", ["ocamlopt", "-config-var", "native_c_libraries"]), output.status == 0
    else { return ["-lm", "-ldl"] }
    return PkgConfig.words(output.standardOutput)
  }
}
