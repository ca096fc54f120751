import ElfKit
import LinkPlanner

/// Receives the listing file by file and member by member.
protocol SymbolRenderer {
  func begin()
  func object(_ list: SymbolList, path: String)
  func archive(_ archive: Archive, path: String, index: ArchiveSymbolIndex?)
  func member(_ list: SymbolList, archivePath: String, member: String)
  /// A member that is not ELF: reported, not an error.
  func note(_ problem: ElfError)
  func failure(_ error: ElfError)
  func end()
}

/// GNU nm's BSD format, byte for byte.
struct NMSymbolRenderer: SymbolRenderer {
  let out: OutputStream
  /// More than one file on the command line: nm prints a heading per file.
  let headingPerFile: Bool
  /// `-A`: the file name before every symbol instead of headings.
  let fileNamePerSymbol: Bool
  let printArmap: Bool

  func begin() {}
  func end() { out.flush() }

  func object(_ list: SymbolList, path: String) {
    if headingPerFile && !fileNamePerSymbol { heading(path) }
    symbols(list, prefix: fileNamePerSymbol ? "\(path):" : nil)
  }

  func archive(_ archive: Archive, path: String, index: ArchiveSymbolIndex?) {
    if headingPerFile { heading(path) }
    guard let index, !index.entries.isEmpty else { return }
    out.write("\nArchive index:\n")
    for entry in index.entries {
      let member =
        entry.member.map { archive.members[$0].name }
        ?? "<no member at offset \(entry.memberHeaderOffset)>"
      out.write("\(entry.name) in \(member)\n")
    }
  }

  func member(_ list: SymbolList, archivePath: String, member: String) {
    if !fileNamePerSymbol { heading(member) }
    symbols(list, prefix: fileNamePerSymbol ? "\(archivePath):\(member):" : nil)
  }

  func note(_ problem: ElfError) { Diagnostics.error(problem.description) }
  func failure(_ error: ElfError) { Diagnostics.error(error.description) }

  /// `\nNAME:\n`, written in pieces (no string is made per member).
  private func heading(_ name: String) {
    out.write(byte: UInt8(ascii: "\n"))
    out.write(name)
    out.write(byte: UInt8(ascii: ":"))
    out.write(byte: UInt8(ascii: "\n"))
  }

  private func symbols(_ list: SymbolList, prefix: String?) {
    // Not `guard let symbols = list.symbols`: that copies the listing, retaining each of its references.
    guard list.symbols != nil else {
      Diagnostics.error("\(list.file.origin): no symbols")
      return
    }
    let digits = list.file.header.elfClass.addressDigits
    // Not `for listed in symbols`: a `ListedSymbol` holds a name, retained and released per symbol.
    list.symbols?.forEachLine { line, name, versionSuffix in
      if let prefix { out.write(prefix) }
      if line.hasBlankValue {
        out.writeSpaces(digits)
      } else {
        out.writeHex(line.displayValue, digits: digits)
      }
      out.write(byte: UInt8(ascii: " "))
      out.write(byte: line.letter)
      out.write(byte: UInt8(ascii: " "))
      out.write(bytes: name)
      if let versionSuffix { out.write(versionSuffix) }
      out.write(byte: UInt8(ascii: "\n"))
    }
  }
}

/// One JSON document: `{"files": [...], "errors": [...]}`; the schema is in README.md.
final class JSONSymbolRenderer: SymbolRenderer {
  private let json: JSONStream
  private var errors: [ElfError] = []
  private var notes: [ElfError] = []

  init(out: OutputStream) { json = JSONStream(out) }

  func begin() {
    json.beginObject()
    json.key("files")
    json.beginArray()
  }

  func object(_ list: SymbolList, path: String) { file(list, path: path, member: nil) }

  func archive(_ archive: Archive, path: String, index: ArchiveSymbolIndex?) {
    guard let index else { return }
    json.beginObject()
    json.field("file", path)
    json.field("kind", "archive index")
    json.key("index")
    json.beginArray()
    for entry in index.entries {
      json.beginObject()
      json.field("name", entry.name)
      json.field("member", entry.member.map { archive.members[$0].name })
      json.field("memberOffset", entry.memberHeaderOffset)
      json.endObject()
    }
    json.endArray()
    json.endObject()
  }

  func member(_ list: SymbolList, archivePath: String, member: String) {
    file(list, path: archivePath, member: member)
  }

  func note(_ problem: ElfError) { notes.append(problem) }
  func failure(_ error: ElfError) {
    Diagnostics.error(error.description)
    errors.append(error)
  }

  func end() {
    json.endArray()
    json.errors("skipped", notes)
    json.errors("errors", errors)
    json.endObject()
    json.newline()
  }

  private func file(_ list: SymbolList, path: String, member: String?) {
    let header = list.file.header
    json.beginObject()
    json.field("file", path)
    json.field("member", member)
    json.field("kind", header.type.description)
    json.field("class", header.elfClass.description)
    json.field("byteOrder", header.byteOrder.description)
    json.field("machine", header.machine.description)
    json.key("symbols")
    if let symbols = list.symbols {
      json.beginArray()
      for listed in symbols { symbol(listed, sections: list.file.sections) }
      json.endArray()
    } else {
      json.null()
    }
    json.endObject()
  }

  private func symbol(_ listed: ListedSymbol, sections: [Section]) {
    let symbol = listed.symbol
    json.beginObject()
    json.field("name", symbol.name.string)
    json.field("index", symbol.index)
    json.field("value", symbol.value)
    json.field("size", symbol.size)
    json.field("binding", symbol.binding.description)
    json.field("type", symbol.type.description)
    json.field("visibility", symbol.visibility.description)
    json.field("section", sectionField(listed, sections: sections))
    json.field("letter", String(UnicodeScalar(listed.letter)))
    json.field("version", listed.versionSuffix)
    json.endObject()
  }

  private func sectionField(_ listed: ListedSymbol, sections: [Section]) -> String {
    switch listed.symbol.section {
    case .undefined: "UNDEF"
    case .absolute: "ABS"
    case .common: "COMMON"
    case .reserved(let index): "0x\(String(index, radix: 16))"
    case .index(let index): index < sections.count ? sections[index].name : "#\(index)"
    }
  }
}
