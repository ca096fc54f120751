import FoundationEssentials

/// findlib's effective configuration, from one `ocamlfind printconf` run (its summary form, `frontend.ml`
/// `print_configuration`): the package search path and the standard library that a `META`'s `directory = "^"`
/// names. One process instead of `ocamlfind printconf path` and `ocamlfind ocamlc -where` (which starts `ocamlc`
/// as well): together they cost a check more than everything else it does on a small object.
public struct FindlibConfiguration: Sendable, Equatable {
  /// `$OCAMLPATH`'s folders, then findlib's search path (which already includes them: reading a folder twice
  /// finds the same first package).
  public var searchPath: [String]
  /// The standard library's folder (`/usr/lib/ocaml`).
  public var standardLibrary: String

  /// Asks `ocamlfind`; without it, the Debian layout with `$OCAMLPATH` alone.
  public static func current() -> FindlibConfiguration {
    let environment =
      ProcessInfo.processInfo.environment["OCAMLPATH"].map {
        $0.split(separator: ":").map(String.init)
      } ?? []
    let output = (try? ProgramRunner.run("ocamlfind", ["printconf"]))?.standardOutput ?? ""
    var configuration = parse(output)
    configuration.searchPath = environment + configuration.searchPath
    return configuration
  }

  /// Reads `printconf`'s summary: each heading is followed by its values, indented by four spaces; a search path
  /// folder that does not exist is marked ` (not found)` and left out.
  public static func parse(_ summary: String) -> FindlibConfiguration {
    var configuration = FindlibConfiguration(searchPath: [], standardLibrary: "/usr/lib/ocaml")
    var heading = ""
    for line in summary.split(separator: "\n") {
      guard line.hasPrefix("    ") else {
        heading = String(line)
        continue
      }
      let value = String(line.dropFirst(4))
      if heading == "Search path:" {
        if !value.hasSuffix(" (not found)") { configuration.searchPath.append(value) }
      } else if heading == "The standard library is assumed to reside in:" {
        configuration.standardLibrary = value
      }
    }
    return configuration
  }
}
