import ElfKit

/// The target of a link line checked without `--target`, inferred from its inputs, and what said so: the
/// Solo5 ABI1 note an input carries (the bindings object), a Solo5 bindings object or script named on the line
/// (`-l:solo5_hvt.o`, `solo5_spt.o`, `-T solo5_hvt.lds`), or a host C start file or libc (`crt1.o`,
/// `Scrt1.o`, `-lc`, `libc.so`), which makes it `unix`.
public struct TargetInference: Sendable, Hashable {
  public var target: Target
  /// What the target was inferred from, for people: "the ABI1 note of …/solo5_hvt.o".
  public var evidence: String

  public init(target: Target, evidence: String) {
    self.target = target
    self.evidence = evidence
  }

  /// The inferred target of `line` as resolved in `resolution`, or nil when nothing says.
  public static func infer(line: LinkLine, resolution: Resolution) throws(ElfError)
    -> TargetInference?
  {
    if let (object, abi) = try resolution.solo5Bindings(),
      let target = Target.allCases.first(where: { $0.solo5ABITarget == abi.target })
    {
      return TargetInference(
        target: target, evidence: "the Solo5 ABI1 note of \(object.displayName)")
    }
    let named = line.items.compactMap { item -> String? in
      switch item {
      case .file(let path): path
      case .library(let name): "-l\(name)"
      default: nil
      }
    }
    for word in named + line.scripts {
      if let target = solo5Target(named: word) {
        return TargetInference(target: target, evidence: word)
      }
    }
    let hostStartFiles: Set<String> = ["crt1.o", "Scrt1.o", "rcrt1.o", "gcrt1.o"]
    for word in named + resolution.sharedObjects {
      let file = word.split(separator: "/").last.map(String.init) ?? word
      if hostStartFiles.contains(file) || word == "-lc" || file.hasPrefix("libc.so") {
        return TargetInference(target: .unix, evidence: "\(word) (the host C library)")
      }
    }
    return nil
  }

  /// `hvt` for `solo5_hvt.o`, `-l:solo5_hvt.o`, `…/solo5_hvt.lds`.
  private static func solo5Target(named word: String) -> Target? {
    let file = word.split(separator: "/").last.map(String.init) ?? word
    let stem = file.hasPrefix("-l:") ? String(file.dropFirst(3)) : file
    guard stem.hasPrefix("solo5_") else { return nil }
    let name = stem.dropFirst("solo5_".count).prefix { $0 != "." }
    return Target(rawValue: String(name)).flatMap { $0 == .unix ? nil : $0 }
  }
}

extension Resolution {
  /// The Solo5 bindings object of the line: the first loaded input carrying a Solo5 ABI1 note, with that note.
  func solo5Bindings() throws(ElfError) -> (object: LinkObject, note: Solo5ABINote)? {
    for object in objects {
      let byteOrder = object.file.header.byteOrder
      if let note = try object.file.notes().lazy.compactMap({
        Solo5ABINote($0, byteOrder: byteOrder)
      }).first {
        return (object, note)
      }
    }
    return nil
  }
}
