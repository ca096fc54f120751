/// C sources of the fixtures several test targets build.
public enum Recipes {
  /// Globals, a weak definition and a weak reference, hidden, TLS, common and read-only data, an external
  /// call and a Solo5 ABI1 note, for any `clang --target`.
  public static let crossArchitectureSource = """
    extern int ext_var;
    extern int ext_fn(int);
    int counter = 3;
    static int hidden_local;
    const char greeting[] = "hello";
    __attribute__((weak)) int weak_fn(void) { return 1; }
    __attribute__((visibility("hidden"))) int hidden_fn(void) { return 2; }
    __attribute__((weak)) extern int maybe(void);
    _Thread_local int tls_var = 5;
    int common_var;
    int caller(int x) {
      hidden_local += x;
      return ext_fn(x) + ext_var + counter + tls_var + weak_fn() + greeting[x] + (maybe ? maybe() : 0);
    }
    __asm__(".pushsection .note.solo5.abi,\\"a\\",%note\\n.balign 4\\n.long 6\\n.long 16\\n.long 0x31494241\\n"
            ".asciz \\"Solo5\\"\\n.balign 4\\n.long 1,1,0,0\\n.popsection\\n");
    """


  /// The triples the cross-architecture fixtures are built for: ELF32, big-endian and aarch64 besides the host.
  public static let crossTriples = ["x86_64-linux-gnu", "i386-linux-gnu", "powerpc64-linux-gnu", "aarch64-linux-gnu"]
}
