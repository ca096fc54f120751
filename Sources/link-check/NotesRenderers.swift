import LinkPlanner

/// Notes for people: per file, each note with where it sits, its owner, type and size, then what it says.
struct NotesTextRenderer {
  let out: OutputStream

  func render(_ listings: [(file: String, listing: NoteListing)]) {
    for (index, (file, listing)) in listings.enumerated() {
      if index > 0 { out.write("\n") }
      out.write(listing.notes.isEmpty ? "\(file): no notes\n" : "\(file):\n")
      for listed in listing.notes {
        let type = "0x" + String(listed.note.type, radix: 16)
        out.write("  \(listed.section ?? "PT_NOTE #\(listed.segment ?? 0)")  \(place(listed))  \(listed.note.name)  ")
        out.write((listed.typeName.map { "\($0) (\(type))" } ?? "type \(type)") + "  \(listed.note.descriptor.count) bytes\n")
        for line in describe(listed) { out.write("    \(line)\n") }
      }
    }
  }

  /// The `PT_NOTE` holding the note; a Solo5 note that is not the first of its `PT_NOTE` is invisible to Solo5's loader.
  private func place(_ listed: ListedNote) -> String {
    guard let segment = listed.segment else { return "in no PT_NOTE" }
    let hidden = listed.note.name == "Solo5" && !listed.readBySolo5Loader
    return "PT_NOTE #\(segment)" + (hidden ? " (not its first note: Solo5's loader does not read it)" : "")
  }

  private func describe(_ listed: ListedNote) -> [String] {
    switch listed.content {
    case .solo5ABI(let abi):
      return ["Solo5 ABI: target \(abi.targetName) (\(abi.target)), version \(abi.version)"]
    case .solo5Manifest(.success(let manifest)):
      return ["Solo5 manifest: version \(manifest.version), \(manifest.entries.count) entries"]
        + manifest.entries.enumerated().map { index, entry in
          "[\(index)] " + (entry.type >= Solo5Manifest.reservedFirst ? entry.typeName : "\(entry.name)  \(entry.typeName)")
        }
    case .solo5Manifest(.failure(let problem)):
      return ["Solo5 manifest, invalid: \(problem)"]
    case .openBSDIdentification:
      return ["OpenBSD identification (Solo5 adds it so that OpenBSD's kernel does not run the file)"]
    case .xenPhysicalEntry(let address):
      return ["Xen PVH entry: 0x" + String(address, radix: 16)]
    case .gnuBuildID(let id):
      return ["build ID: \(id)"]
    case .gnuABITag(let system, let version):
      return ["ABI: \(system) \(version)"]
    case .other:
      let bytes = listed.note.descriptor
      if bytes.isEmpty { return [] }
      return ["data: " + Hex.bytes(bytes.prefix(32)) + (bytes.count > 32 ? " …" : "")]
    }
  }
}

/// Notes as one JSON document (schema in README.md).
struct NotesJSONRenderer {
  let json: JSONStream

  func render(_ listings: [(file: String, listing: NoteListing)]) {
    json.beginObject()
    json.key("files")
    json.beginArray()
    for (file, listing) in listings {
      json.beginObject()
      json.field("file", file)
      json.key("notes")
      json.beginArray()
      for listed in listing.notes { note(listed) }
      json.endArray()
      json.endObject()
    }
    json.endArray()
    json.endObject()
    json.newline()
  }

  private func note(_ listed: ListedNote) {
    json.beginObject()
    json.field("section", listed.section)
    json.field("segment", listed.segment)
    json.field("readBySolo5Loader", listed.readBySolo5Loader)
    json.field("owner", listed.note.name)
    json.field("type", listed.note.type)
    json.field("typeName", listed.typeName)
    json.field("size", listed.note.descriptor.count)
    json.field("descriptor", Hex.bytes(listed.note.descriptor, separator: ""))
    json.key("decoded")
    decoded(listed.content)
    json.endObject()
  }

  private func decoded(_ content: NoteContent) {
    if case .other = content { return json.null() }
    json.beginObject()
    switch content {
    case .solo5ABI(let abi):
      json.field("type", "solo5.abi")
      json.field("target", abi.targetName)
      json.field("abiTarget", abi.target)
      json.field("version", abi.version)
    case .solo5Manifest(let result):
      json.field("type", "solo5.manifest")
      switch result {
      case .success(let manifest):
        json.field("version", manifest.version)
        json.array("entries", manifest.entries) { entry in
          json.object {
            json.field("name", entry.name)
            json.field("type", entry.typeName)
          }
        }
        json.key("problem")
        json.null()
      case .failure(let problem):
        json.field("problem", problem.description)
      }
    case .openBSDIdentification:
      json.field("type", "openbsd.ident")
    case .xenPhysicalEntry(let address):
      json.field("type", "xen.phys32-entry")
      json.field("address", address)
    case .gnuBuildID(let id):
      json.field("type", "gnu.build-id")
      json.field("buildID", id)
    case .gnuABITag(let system, let version):
      json.field("type", "gnu.abi-tag")
      json.field("system", system)
      json.field("version", version)
    case .other:
      break
    }
    json.endObject()
  }
}

/// One Solo5 note exactly as `solo5-elftool query-abi` or `query-manifest` prints it, read as Solo5's loader
/// reads it (the first note of a `PT_NOTE`).
struct Solo5QueryRenderer {
  let out: OutputStream

  /// Prints the note; says on standard error, as solo5-elftool does, when it is missing or invalid, and returns false.
  func render(_ query: NotesCommand.Query, of listing: NoteListing, file: String) -> Bool {
    switch query {
    case .abi:
      guard case .solo5ABI(let abi)? = listing.solo5LoaderNote(type: Solo5ABINote.type)?.content else {
        Diagnostics.error("\(file): No Solo5 ABI information found in executable")
        return false
      }
      out.write("{\n  \"type\": \"solo5.abi\",\n  \"target\": \"\(abi.targetName)\",\n  \"version\": \(abi.version)\n}\n")
    case .manifest:
      switch listing.solo5LoaderNote(type: Solo5Manifest.type)?.content {
      case .solo5Manifest(.success(let manifest)):
        let devices = manifest.devices.map { "    { \"name\": \"\($0.name)\", \"type\": \"\($0.typeName)\" }" }
        out.write("{\n  \"type\": \"solo5.manifest\",\n  \"version\": \(manifest.version),\n  \"devices\": [\n")
        out.write(devices.joined(separator: ",\n") + (devices.isEmpty ? "" : "\n") + "  ]\n}\n")
      case .solo5Manifest(.failure(let problem)):
        Diagnostics.error("\(file): Manifest validation failed: \(problem)")
        return false
      default:
        Diagnostics.error("\(file): No Solo5 manifest found in executable")
        return false
      }
    }
    return true
  }
}
