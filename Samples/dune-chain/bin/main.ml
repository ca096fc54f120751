let () = Printf.printf "%f\n" (B.stamp "42")
