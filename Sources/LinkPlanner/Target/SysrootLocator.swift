import FoundationEssentials

/// Where a Solo5 target's toolchain was found, and how: the answer `check`, `plan` and `link` print.
public struct SysrootLocation: Sendable, Hashable {
  /// How the location was found, in the order they are tried.
  public enum Origin: String, Sendable, Hashable {
    /// `--sysroot` / `--ocaml-sysroot` / `--pkg-config-path`.
    case flag
    /// `ocamlfind -toolchain solo5 printconf` (the `solo5` findlib toolchain ocaml-solo5 installs).
    case ocamlfind
    /// The ocaml-solo5 or Solo5 compiler wrapper found on `PATH`.
    case path
    /// `$OPAM_SWITCH_PREFIX`.
    case opamSwitch = "opam-switch"
  }

  public var origin: Origin
  /// The Solo5 prefix holding `lib/<triple>/solo5_<target>.{o,lds}` (era C).
  public var solo5: String?
  /// The ocaml-solo5 sysroot holding `lib/libnolibc.a`, `lib/libopenlibm.a` and `lib/ocaml/` (era C).
  public var ocaml: String?
  /// Era B: the folder with the `.pc` files.
  public var pkgConfig: String?
  /// The ocaml-solo5 compiler wrapper (`<arch>-solo5-ocaml-cc`) whose `-###` output is the planned line.
  public var compiler: String?
  /// What was asked or looked at, for people.
  public var evidence: String

  public init(
    origin: Origin, solo5: String? = nil, ocaml: String? = nil, pkgConfig: String? = nil,
    compiler: String? = nil,
    evidence: String
  ) {
    self.origin = origin
    self.solo5 = solo5
    self.ocaml = ocaml
    self.pkgConfig = pkgConfig
    self.compiler = compiler
    self.evidence = evidence
  }

  /// One line for people: `sysroot: found by ocamlfind (…): Solo5 P, ocaml-solo5 S`.
  public var summary: String {
    var parts: [String] = []
    if let solo5 { parts.append("Solo5 \(solo5)") }
    if let ocaml { parts.append("ocaml-solo5 \(ocaml)") }
    if let pkgConfig { parts.append("pkg-config \(pkgConfig)") }
    if let compiler { parts.append("line from \(compiler) -###") }
    return "sysroot (\(origin.rawValue): \(evidence)): \(parts.joined(separator: ", "))"
  }
}

/// Finds a Solo5 target's toolchain when no flag names it, in the order MirageOS 4 users have it (issue 12):
/// the `solo5` findlib toolchain, the compiler wrappers on `PATH`, then `$OPAM_SWITCH_PREFIX`. Each candidate is
/// taken only when the files the link needs are there (`solo5_<target>.o`, `libnolibc.a`, or the target's `.pc`).
public struct SysrootLocator: Sendable {
  public var target: Target
  public var environment: [String: String]

  public init(target: Target, environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.target = target
    self.environment = environment
  }

  /// The first location found, or nil.
  public func locate() -> SysrootLocation? {
    guard target.isFreestanding else { return nil }
    return fromOCamlfind() ?? fromPath() ?? fromOpamSwitch()
  }

  /// `ocamlfind -toolchain solo5 printconf stdlib` is `<sysroot>/lib/ocaml`; `printconf destdir` is `<prefix>/lib`.
  func fromOCamlfind() -> SysrootLocation? {
    guard ProgramRunner.locate("ocamlfind") != nil, let stdlib = printconf("stdlib") else {
      return nil
    }
    let sysroot = Self.parent(Self.parent(stdlib))
    guard Self.hasNolibc(sysroot) else { return nil }
    let candidates = [printconf("destdir").map(Self.parent), Self.parent(Self.parent(sysroot))]
      .compactMap { $0 }
    guard let solo5 = candidates.first(where: hasBindings) else { return nil }
    return SysrootLocation(
      origin: .ocamlfind, solo5: solo5, ocaml: sysroot,
      compiler: wrapper(in: "\(Self.parent(Self.parent(sysroot)))/bin"),
      evidence: "ocamlfind -toolchain solo5 printconf stdlib: \(stdlib)")
  }

  /// `<arch>-solo5-ocaml-cc` on `PATH` (its prefix's `lib/ocaml-solo5`), else Solo5's `<arch>-solo5-none-static-cc`,
  /// whose prefix is the folder above its own, as the wrapper computes it (`realpath $0`).
  func fromPath() -> SysrootLocation? {
    let arch = TargetLinkPlanner.hostArchitecture
    if let found = ProgramRunner.locate("\(arch)-solo5-ocaml-cc") {
      let prefix = Self.parent(Self.parent(Self.resolved(found)))
      let sysroot = "\(prefix)/lib/ocaml-solo5"
      let solo5 = ProgramRunner.locate("\(arch)-solo5-none-static-cc").map {
        Self.parent(Self.parent(Self.resolved($0)))
      }
      if Self.hasNolibc(sysroot),
        let solo5 = [solo5, prefix].compactMap({ $0 }).first(where: hasBindings)
      {
        return SysrootLocation(
          origin: .path, solo5: solo5, ocaml: sysroot, compiler: found,
          evidence: "\(arch)-solo5-ocaml-cc on PATH: \(found)")
      }
    }
    if let found = ProgramRunner.locate("\(arch)-solo5-none-static-cc") {
      let prefix = Self.parent(Self.parent(Self.resolved(found)))
      guard hasBindings(prefix) else { return nil }
      let sysroot = "\(prefix)/lib/ocaml-solo5"
      return SysrootLocation(
        origin: .path, solo5: prefix, ocaml: Self.hasNolibc(sysroot) ? sysroot : nil,
        evidence: "\(arch)-solo5-none-static-cc on PATH: \(found)")
    }
    return nil
  }

  /// `$OPAM_SWITCH_PREFIX`: `lib/<triple>` and `lib/ocaml-solo5` (era C), or `lib/pkgconfig` (era B).
  func fromOpamSwitch() -> SysrootLocation? {
    guard let prefix = environment["OPAM_SWITCH_PREFIX"], !prefix.isEmpty else { return nil }
    let evidence = "OPAM_SWITCH_PREFIX=\(prefix)"
    if hasBindings(prefix) {
      let sysroot = "\(prefix)/lib/ocaml-solo5"
      let hasSysroot = Self.hasNolibc(sysroot)
      return SysrootLocation(
        origin: .opamSwitch, solo5: prefix, ocaml: hasSysroot ? sysroot : nil,
        compiler: hasSysroot ? wrapper(in: "\(prefix)/bin") : nil, evidence: evidence)
    }
    let pkgConfig = "\(prefix)/lib/pkgconfig"
    if FileManager.default.fileExists(atPath: "\(pkgConfig)/solo5-bindings-\(target).pc") {
      return SysrootLocation(origin: .opamSwitch, pkgConfig: pkgConfig, evidence: evidence)
    }
    return nil
  }

  private func printconf(_ variable: String) -> String? {
    guard
      let output = try? ProgramRunner.run(
        "ocamlfind", ["-toolchain", "solo5", "printconf", variable]), output.status == 0
    else { return nil }
    let value = output.standardOutput.trimmingWhitespace()
    return value.isEmpty || value.contains("\n") ? nil : value
  }

  /// `<prefix>/lib/<arch>-solo5-none-static/solo5_<target>.o` exists (Solo5 ≥ 0.7; 0.6 has `lib/solo5-bindings-<t>`).
  private func hasBindings(_ prefix: String) -> Bool {
    let lib = "\(prefix)/lib"
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []
    return entries.contains {
      $0.hasSuffix("-solo5-none-static")
        && FileManager.default.fileExists(atPath: "\(lib)/\($0)/solo5_\(target).o")
    }
  }

  /// The ocaml-solo5 `cc` wrapper in a `bin` folder, if it is there.
  private func wrapper(in bin: String) -> String? {
    let path = "\(bin)/\(TargetLinkPlanner.hostArchitecture)-solo5-ocaml-cc"
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }

  private static func hasNolibc(_ sysroot: String) -> Bool {
    FileManager.default.fileExists(atPath: "\(sysroot)/lib/libnolibc.a")
  }

  private static func parent(_ path: String) -> String {
    FileSystem.folder(of: path)
  }

  private static func resolved(_ path: String) -> String {
    FileSystem.resolvingSymlinks(path)
  }
}
