import Foundation

extension Scratch {
  /// Builds `modules` (name → OCaml source, in link order) and `cStubs` (name → C source) into one complete
  /// object with `ocamlfind ocamlopt -output-complete-obj`, as dune's `(modes object)` does. Returns its path.
  @discardableResult
  public func completeOCamlObject(
    _ name: String, modules: [(String, String)], cStubs: [(String, String)] = [], packages: [String] = [],
    flags: [String] = []
  ) throws -> String {
    var inputs: [String] = []
    for (module, source) in modules { inputs.append(try write("\(module).ml", source)) }
    for (stub, source) in cStubs { inputs.append(try write(stub, source)) }
    let packageFlags = packages.isEmpty ? [] : ["-package", packages.joined(separator: ","), "-linkpkg"]
    let output = file(name)
    try Tool.succeed("ocamlfind", ["ocamlopt"] + packageFlags + flags + ["-output-complete-obj", "-o", output] + inputs, directory: path)
    return output
  }
}
