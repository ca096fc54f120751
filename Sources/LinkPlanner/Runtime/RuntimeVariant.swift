/// Which OCaml runtime library: the native-code one `ocamlopt` links, or the bytecode interpreter's.
public enum RuntimeKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// `libasmrun<variant>.a`, linked by `ocamlopt`.
  case native
  /// `libcamlrun<variant>.a`, linked by `ocamlc -output-complete-obj`/`-custom`.
  case bytecode

  /// The library name before the variant suffix.
  public var libraryStem: String { self == .native ? "libasmrun" : "libcamlrun" }

  public var description: String { rawValue }
}

/// A runtime variant as `-runtime-variant X` names it: the text between `libasmrun`/`libcamlrun` and `.a`.
public enum RuntimeVariant: Sendable, Hashable, CustomStringConvertible {
  /// `libasmrun.a`, linked when no `-runtime-variant` is given.
  case plain
  /// `libasmrund.a`: assertions and heap checks (`-runtime-variant d`).
  case debug
  /// `libasmruni.a`: the instrumented runtime (`-runtime-variant i`).
  case instrumented
  /// `libasmrun_pic.a`: compiled as position-independent code (`-runtime-variant _pic`).
  case pic
  /// Any other suffix: a runtime someone installed on the load path, such as `_freestanding`.
  case custom(suffix: String)

  /// The variant that `-runtime-variant suffix` selects.
  public init(suffix: String) {
    switch suffix {
    case "": self = .plain
    case "d": self = .debug
    case "i": self = .instrumented
    case "_pic": self = .pic
    default: self = .custom(suffix: suffix)
    }
  }

  /// The `-runtime-variant` argument (empty for `plain`).
  public var suffix: String {
    switch self {
    case .plain: ""
    case .debug: "d"
    case .instrumented: "i"
    case .pic: "_pic"
    case .custom(let suffix): suffix
    }
  }

  /// The compiler flag that selects this variant; nil for `plain`, which is the default.
  public var flag: String? { self == .plain ? nil : "-runtime-variant \(suffix)" }

  /// Whether OCaml itself builds and installs this variant.
  public var isStock: Bool {
    if case .custom = self { return false }
    return true
  }

  /// The archive file name of this variant of `kind` (`libasmrund.a`).
  public func archiveName(_ kind: RuntimeKind) -> String { "\(kind.libraryStem)\(suffix).a" }

  /// `plain`, `d`, `i`, `_pic` or the custom suffix.
  public var description: String { self == .plain ? "plain" : suffix }

  /// What the variant is for, in words.
  public var meaning: String {
    switch self {
    case .plain: "the default runtime"
    case .debug: "debug runtime"
    case .instrumented: "instrumented runtime"
    case .pic: "position-independent runtime"
    case .custom: "a runtime someone installed on the load path"
    }
  }
}

/// What a runtime archive's file name says: `libasmrun_pic.a` is the native runtime, variant `_pic`.
public struct RuntimeArchiveName: Sendable, Hashable {
  public var kind: RuntimeKind
  public var variant: RuntimeVariant

  /// Parses a file name (no folder); nil unless it is `libasmrun*.a` or `libcamlrun*.a`, and nil for OCaml's
  /// libraries that only share the prefix (`libcamlruntime_eventsnat.a`: see `OCamlSupportLibrary`).
  public init?(fileName: String) {
    guard fileName.hasSuffix(".a"), OCamlSupportLibrary(fileName: fileName) == nil else {
      return nil
    }
    let stem = fileName.dropLast(2)
    guard let kind = RuntimeKind.allCases.first(where: { stem.hasPrefix($0.libraryStem) }) else {
      return nil
    }
    self.kind = kind
    variant = RuntimeVariant(suffix: String(stem.dropFirst(kind.libraryStem.count)))
  }

  /// Whether `fileName` names a runtime archive.
  public static func matches(_ fileName: String) -> Bool {
    RuntimeArchiveName(fileName: fileName) != nil
  }
}

/// A C library OCaml installs beside its runtimes that is not a runtime, with the releases that install it
/// (each release's makefiles: `otherlibs/Makefile.otherlibs.common` names the stub libraries `lib<name>.a` up to
/// 5.0 and `lib<name>{byt,nat}.a` from 5.1; the runtime_events library is new in 5.0, `libcomprmarsh.a` in 5.2).
public struct OCamlSupportLibrary: Sendable, Hashable {
  public var fileName: String
  /// What it is, in words.
  public var meaning: String
  public var versions: OCamlVersionRange

  /// The library named `fileName` (no folder); nil when OCaml installs no such library.
  public init?(fileName: String) {
    guard let known = Self.known.first(where: { $0.fileName == fileName }) else { return nil }
    self = known
  }

  private init(
    _ fileName: String, _ meaning: String, _ oldest: OCamlVersion?, _ newest: OCamlVersion?
  ) {
    self.fileName = fileName
    self.meaning = meaning
    versions = OCamlVersionRange(oldest: oldest, newest: newest)
  }

  private static let known: [OCamlSupportLibrary] = {
    let v = OCamlVersion.init
    var libraries: [OCamlSupportLibrary] = [
      .init(
        "libcamlruntime_events.a", "the C stubs of the runtime_events library", v(5, 0), v(5, 0)),
      .init("libthreads.a", "the C stubs of the threads library, bytecode", nil, nil),
      .init("libthreadsnat.a", "the C stubs of the threads library, native code", nil, nil),
      .init("libunix.a", "the C stubs of the unix library", nil, v(5, 0)),
      .init("libcamlstr.a", "the C stubs of the str library", nil, v(5, 0)),
      .init("libcomprmarsh.a", "zstd compression of marshalled compiler artefacts", v(5, 2), nil),
    ]
    for (stem, library) in [
      ("camlruntime_events", "runtime_events"), ("unix", "unix"), ("camlstr", "str"),
    ] {
      for (suffix, code) in [("byt", "bytecode"), ("nat", "native code")] {
        libraries.append(
          .init(
            "lib\(stem)\(suffix).a", "the C stubs of the \(library) library, \(code)", v(5, 1), nil)
        )
      }
    }
    return libraries
  }()
}
