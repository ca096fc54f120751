(* The sample's OCaml side: a C primitive and a buffered channel, which the generated main flushes at exit. *)
external checksum : string -> int = "dune_hello_checksum"

let () =
  let word = "unikernel" in
  Printf.printf "hello from dune: checksum %S = %d\n" word (checksum word)
