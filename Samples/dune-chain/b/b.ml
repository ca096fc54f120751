let stamp text = if Str.string_match (Str.regexp "[0-9]+") text 0 then A.now () else 0.
