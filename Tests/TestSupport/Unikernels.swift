import Foundation

/// The synthetic Solo5 sysroots of both eras (`Samples/sysroot/make-sysroot`), built once per test run, with a
/// C "unikernel" and the sample manifest to link against them. A C program defining `solo5_app_main` links
/// cleanly against the synthetic nolibc, where a host OCaml object cannot (its runtime needs glibc).
public final class Unikernels: @unchecked Sendable {
  private static let built = Result { try Unikernels() }

  /// Built on first use; a build failure is thrown to every test that needs them.
  public static func shared() throws -> Unikernels { try built.get() }

  /// A target and the era of the sysroot it is linked from (`pkg-config` or `toolchain`).
  public struct Case: Sendable {
    public var target: String
    public var era: String
    public init(target: String, era: String) {
      self.target = target
      self.era = era
    }
    public var testDescription: String { "\(target) (\(era))" }
  }

  /// Every Solo5 target of each era: genode only in era B (Solo5 0.6), stub only in era C.
  public static let cases: [Case] =
    ["hvt", "spt", "virtio", "muen", "xen", "genode"].map { Case(target: $0, era: "pkg-config") }
    + ["hvt", "spt", "virtio", "muen", "xen", "stub"].map { Case(target: $0, era: "toolchain") }

  /// What the unikernel prints through the bindings' console.
  public static let greeting = "hello from a C unikernel"

  /// `solo5_app_main` printing `greeting` with nolibc's `puts`.
  public static let source = """
    struct solo5_start_info { const char *cmdline; unsigned long heap_start; unsigned long heap_size; };
    extern int puts(const char *);
    extern void _nolibc_init(unsigned long start, unsigned long size);
    int solo5_app_main(const struct solo5_start_info *info) {
      _nolibc_init(info->heap_start, info->heap_size);
      puts("\(greeting)");
      return 0;
    }

    """

  /// Flags for freestanding C: PIC, so that the same object also links into genode's shared object.
  public static let cFlags = ["-ffreestanding", "-fPIC", "-fno-stack-protector", "-fno-asynchronous-unwind-tables"]

  public let scratch: Scratch
  /// The era B prefix; its `.pc` files are in `pkgConfigPath`.
  public var pkgConfigPrefix: String { scratch.file("era-b") }
  public var pkgConfigPath: String { scratch.file("era-b/lib/pkgconfig") }
  /// The era C prefix (`--sysroot`).
  public var toolchainPrefix: String { scratch.file("era-c") }
  /// The compiled unikernel and the sample manifest (`Samples/sysroot/src/manifest.c`).
  public let unikernel: String
  public let manifest: String

  private init() throws {
    scratch = try Scratch("unikernels")
    try Samples.makeSysroot(era: "pkg-config", prefix: scratch.file("era-b"))
    try Samples.makeSysroot(era: "toolchain", prefix: scratch.file("era-c"))
    unikernel = try scratch.compileC("unikernel.o", Self.source, flags: Self.cFlags)
    manifest = try Self.compileManifest(in: scratch, name: "manifest.o")
  }

  /// The sample manifest compiled to `name` in `scratch`, with extra C flags (`-DMANIFEST_VERSION=2`).
  public static func compileManifest(in scratch: Scratch, name: String, flags: [String] = []) throws -> String {
    let object = scratch.file(name)
    try Tool.succeed("gcc", ["-c", "-O1", "-o", object, "\(Samples.directory)/sysroot/src/manifest.c"] + cFlags + flags)
    return object
  }

  /// A unikernel whose `solo5_app_main` calls `missing_function`, which nothing defines.
  public static func compileCallingMissing(in scratch: Scratch) throws -> String {
    try scratch.compileC(
      "calls-missing.o", "extern void missing_function(void);\nint solo5_app_main(const void *i) { (void)i; missing_function(); return 0; }\n",
      flags: cFlags)
  }

  /// A copy of the era B sysroot in `scratch` (so that its `${pcfiledir}` paths still resolve) with `edit` applied
  /// to the text of `solo5-bindings-<target>.pc`; returns the copy's pkg-config folder.
  public func pkgConfigCopy(in scratch: Scratch, target: String, editing edit: (String) -> String) throws -> String {
    try FileManager.default.copyItem(atPath: pkgConfigPrefix, toPath: scratch.file("era-b"))
    let folder = scratch.file("era-b/lib/pkgconfig")
    let pc = "\(folder)/solo5-bindings-\(target).pc"
    try edit(try String(contentsOfFile: pc, encoding: .utf8)).write(toFile: pc, atomically: true, encoding: .utf8)
    return folder
  }

  /// A `.pc` text without its `ldflags=` line.
  public static func withoutLdflags(_ text: String) -> String {
    text.split(separator: "\n").filter { !$0.hasPrefix("ldflags=") }.joined(separator: "\n") + "\n"
  }

  /// The sysroot options of `era` for `link-check plan` and `link`.
  public func options(_ era: String) -> [String] {
    era == "pkg-config" ? ["--pkg-config-path", pkgConfigPath] : ["--sysroot", toolchainPrefix]
  }

  /// `uname -m`: the architecture the synthetic sysroots are built for.
  public static var architecture: String {
    get throws { try Tool.succeed("uname", ["-m"]).output.trimmingCharacters(in: .whitespacesAndNewlines) }
  }
}
