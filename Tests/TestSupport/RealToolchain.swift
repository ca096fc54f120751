import Foundation

/// The second test tier: real toolchains built from fetched sources by `scripts/toolchains` into a cache folder
/// outside the repository. Tests that need them run when the cache is complete and skip, in one line for the whole
/// tier, when it is not (CI machines cannot fetch the sources).
///
/// Layout of the cache (`$LINK_CHECK_TOOLCHAINS`, default `$HOME/.cache/link-check-toolchains`):
/// ```
/// switch/                      one prefix shaped like an opam switch (OPAM_SWITCH_PREFIX):
///   bin/ocamlopt, ocamlfind    the host OCaml 5 compiler and findlib
///   bin/solo5-spt, solo5-hvt, solo5-elftool, x86_64-solo5-none-static-{cc,ld,objcopy}   Solo5
///   bin/x86_64-solo5-ocaml-{cc,ld,…}, lib/ocaml-solo5/   the ocaml-solo5 cross compiler and its sysroot
///   lib/x86_64-solo5-none-static/solo5_<t>.{o,lds}
///   lib/findlib.conf.d/solo5.conf
/// VERSIONS                     one line per component: `name version source-commit`
/// complete                     written last by scripts/toolchains: the cache is usable
/// ```
public enum RealToolchain {
  /// The cache folder, whether or not it exists.
  public static var cacheFolder: String {
    let environment = ProcessInfo.processInfo.environment
    if let folder = environment["LINK_CHECK_TOOLCHAINS"], !folder.isEmpty { return folder }
    return "\(environment["HOME"] ?? "/root")/.cache/link-check-toolchains"
  }

  /// True when `scripts/toolchains` finished building the cache.
  public static var isAvailable: Bool {
    FileManager.default.fileExists(atPath: "\(cacheFolder)/complete")
  }

  /// The opam-switch-shaped prefix holding every real toolchain.
  public static var switchPrefix: String { "\(cacheFolder)/switch" }

  /// `switch/bin/NAME`.
  public static func tool(_ name: String) -> String { "\(switchPrefix)/bin/\(name)" }

  /// The contents of `VERSIONS` (empty when the cache is missing).
  public static var versions: String {
    (try? String(contentsOfFile: "\(cacheFolder)/VERSIONS", encoding: .utf8)) ?? ""
  }

  /// The one line a skipped tier prints, naming what it skipped.
  public static func skipLine(_ what: String) -> String {
    "real-toolchain tier skipped (\(what)): no toolchain cache at \(cacheFolder); build it with scripts/toolchains"
  }
}
