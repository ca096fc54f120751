/// Sources of two versions of one library and of one OCaml program, for the `link-check diff` tests.
public enum DiffRecipes {
  /// Version 1 of a small C library.
  public static let libraryV1 = """
    extern int ext_gone(int);
    int counter = 3;
    const int table[4] = {1, 2, 3, 4};
    char buffer[16];
    static int scale(int x) { return x * 2; }
    int api_old(int x) { return x + 1; }
    int api(int x) { return scale(x) * counter; }
    int stays(int x) { return x - 1; }
    int to_weak(void) { return 1; }
    int becomes_reference(void) { return 7; }
    int uses_external(int x) { return ext_gone(x); }
    """

  /// Version 2: `api_old` removed, `api_new` and `call_reference` added, `counter` wider, `table` writable,
  /// `buffer` larger, `api` calls `printf`, `to_weak` weak, `becomes_reference` only referenced, `ext_gone`
  /// no longer needed and `ext_new` needed instead; `stays` is the same.
  public static let libraryV2 = """
    #include <stdio.h>
    extern int ext_new(int);
    extern int becomes_reference(void);
    long counter = 3;
    int table[4] = {1, 2, 3, 4};
    char buffer[64];
    static int scale(int x) { return x * 3 + 1; }
    int api(int x) { printf("%d\\n", x); return scale(x) * (int)counter; }
    int api_new(int x) { return ext_new(x); }
    int stays(int x) { return x - 1; }
    __attribute__((weak)) int to_weak(void) { return 1; }
    int call_reference(void) { return becomes_reference(); }
    int uses_external(int x) { return x; }
    """

  /// An OCaml program, version 1: prints a greeting.
  public static let programV1 = """
    let greet name = print_endline ("hello " ^ name)
    let () = greet "world"
    """

  /// Version 2 adds the time, so it links the `unix` library and needs `time` from the C library.
  public static let programV2 = """
    let greet name = print_endline ("hello " ^ name ^ " at " ^ string_of_float (Unix.time ()))
    let () = greet "world"
    """
}
