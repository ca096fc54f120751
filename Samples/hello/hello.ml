(* A tiny program in the shape of a unikernel's main unit: OCaml code, a C stub, and (for the demo's failing
   case) a use of Unix, which no freestanding target provides. *)
external stub_answer : unit -> int = "hello_stub_answer"

let () = Printf.printf "hello from OCaml, the stub says %d\n" (stub_answer ())
