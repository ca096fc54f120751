import ElfKit
import LinkPlanner

/// `--why`: the extraction chain that brought a symbol or member in, or, for an OCaml unit, the chain of
/// units from the main one to it (with their findlib packages).
struct WhyExplanation {
  /// One link of the chain: a node and the edge label that leads to the next node.
  struct Link {
    var node: String
    var label: String?
  }

  let query: String
  var links: [Link] = []
  /// Units that refer to the queried unit directly (OCaml queries).
  var directReferrers: [String] = []
  var found = true

  init(query: String, resolution: Resolution) throws(ElfError) {
    self.query = query
    if let chain = ExtractionChain.explaining(query, in: resolution) {
      links = chain.steps.enumerated().map { index, step in
        let next = index + 1 < chain.steps.count ? chain.steps[index + 1].symbol : nil
        return Link(node: step.object, label: next.map { "needs `\($0)`" })
      }
      return
    }
    let graph = try OCamlUnitGraph.build(from: resolution.objects.map(\.file))
    let unit = graph.units.contains(query) ? query : graph.units.first { $0.replacing("__", with: ".") == query }
    guard let unit else {
      found = false
      return
    }
    // The unit's own C primitives count as reaching it: other units call them directly.
    let stubs = OCamlStubOwnership.cFunctions(of: unit, among: Set(graph.cReferences.values.joined()))
    let packages = OCamlPackageIndex.load(paths: [])
    func describe(_ node: String) -> String {
      if stubs.contains(node) { return "\(node) (C primitive of \(unit))" }
      return packages.packageOfUnit[node].map { "\(node) (package \($0))" } ?? node
    }
    links = (graph.chain(to: unit, orCFunctions: stubs) ?? [unit]).map { Link(node: describe($0), label: "refers to") }
    if !links.isEmpty { links[links.count - 1].label = nil }
    directReferrers = graph.referrers(of: unit, orCFunctions: stubs).map(describe)
  }

  func renderText(_ out: OutputStream) {
    guard found else {
      out.write("\(query) is neither a symbol defined in the link, an archive member, nor an OCaml unit of the objects\n")
      return
    }
    out.write("why \(query):\n")
    for (depth, link) in links.enumerated() {
      out.write(String(repeating: "  ", count: depth) + link.node + (link.label.map { "  — \($0)" } ?? "") + "\n")
    }
    if !directReferrers.isEmpty { out.write("referred to directly by: \(directReferrers.joined(separator: ", "))\n") }
  }

  func renderJSON(_ json: JSONStream) {
    json.beginObject()
    json.field("query", query)
    json.field("found", found)
    json.array("chain", links) { link in
      json.object {
        json.field("node", link.node)
        json.field("edge", link.label)
      }
    }
    json.stringArray("directReferrers", directReferrers)
    json.endObject()
    json.newline()
  }

  func renderDOT(_ out: OutputStream) {
    out.write("digraph why {\n  rankdir=LR;\n  node [shape=box];\n")
    for (index, link) in links.enumerated() {
      out.write("  n\(index) [label=\(Self.dotString(link.node))];\n")
      if index > 0 { out.write("  n\(index - 1) -> n\(index) [label=\(Self.dotString(links[index - 1].label ?? ""))];\n") }
    }
    out.write("}\n")
  }

  private static func dotString(_ text: String) -> String {
    "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
  }
}
