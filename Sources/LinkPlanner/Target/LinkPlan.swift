/// Where one word of a planned link command came from.
public enum ArgumentOrigin: Sendable, Hashable, CustomStringConvertible {
  /// A pkg-config variable or `--libs` of a package.
  case pkgConfig(package: String, query: String)
  /// The Solo5 toolchain layout (era C), as its `ld` wrapper adds it.
  case toolchain(String)
  /// The host C compiler driver's own link line (`gcc -###`).
  case hostCompiler(String)
  /// An input or option the user gave.
  case user
  /// Something link-check added, and why.
  case linkCheck(String)

  public var description: String {
    switch self {
    case .pkgConfig(let package, let query): "pkg-config \(query) \(package)"
    case .toolchain(let what): "toolchain: \(what)"
    case .hostCompiler(let driver): "\(driver) -###"
    case .user: "command line"
    case .linkCheck(let why): "link-check: \(why)"
    }
  }
}

/// One word of a planned command and its origin.
public struct LinkArgument: Sendable, Hashable {
  public var value: String
  public var origin: ArgumentOrigin

  public init(_ value: String, _ origin: ArgumentOrigin) {
    self.value = value
    self.origin = origin
  }
}

/// The era of a target's sysroot (REFERENCE §1).
public enum SysrootEra: String, Sendable, Hashable {
  /// Solo5 ≤ 0.6 / ocaml-freestanding: per-target pkg-config files.
  case pkgConfig = "pkg-config"
  /// Solo5 ≥ 0.7 / ocaml-solo5: the toolchain layout, no pkg-config.
  case toolchain
  /// The host's C toolchain (`unix`).
  case host
}

/// The exact linker invocation for a target, word by word with provenance. Only renderers turn it into text.
public struct LinkPlan: Sendable, Hashable {
  public var target: Target
  public var era: SysrootEra
  public var program: LinkArgument
  public var arguments: [LinkArgument]
  /// Things the user should know (a `.pc` without `ld=`, a fallback taken).
  public var warnings: [String] = []
  /// Files link-check made for the plan (a generated `main` object for unix).
  public var generatedFiles: [String] = []
  /// The Solo5 bindings object on the line (`solo5_<t>.o`), whose notes the linked program must carry; nil for
  /// unix, or when the `.pc` names none.
  public var bindingsObject: String?
  /// Where the target's toolchain was found (Solo5 targets), and how.
  public var sysroot: SysrootLocation?

  /// The argument vector, program first.
  public var commandLine: [String] { [program.value] + arguments.map(\.value) }
}
