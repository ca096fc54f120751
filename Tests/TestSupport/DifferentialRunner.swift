import Foundation

/// What one linker (or link-check) says about a scenario: the part of the verdict the campaign compares.
public struct DifferentialVerdict: Equatable, Sendable, CustomStringConvertible {
  public var links: Bool
  public var undefined: Set<String>
  public var duplicates: Set<String>
  public var missingInputs: Bool
  /// Names a `--defsym` expression reads that nothing defines (ld stops at the first: "undefined symbol `x'
  /// referenced in expression", before it reports undefined references).
  public var readByAssignments: Set<String> = []
  /// Names refused as the output's symbols are written ("hidden symbol `f' … is referenced by DSO", "no symbol
  /// version section for versioned symbol `f@V'"): ld stops at the first, leaving later shared objects' undefined
  /// names unreported.
  public var outputErrors: Set<String> = []
  /// Of `undefined`, the names reported only for shared objects ("libs0.so: undefined reference to `f'").
  public var undefinedBySharedObjectsOnly: Set<String> = []
  /// An error outside the compared classes (ld: another link error; link-check: an input error, exit 2).
  public var otherError: String?

  public init(
    links: Bool, undefined: Set<String>, duplicates: Set<String>, missingInputs: Bool,
    otherError: String? = nil
  ) {
    self.links = links
    self.undefined = undefined
    self.duplicates = duplicates
    self.missingInputs = missingInputs
    self.otherError = otherError
  }

  public var description: String {
    var text =
      "links: \(links), undefined: \(undefined.sorted()), duplicates: \(duplicates.sorted()), missing inputs: \(missingInputs)"
    if !readByAssignments.isEmpty { text += ", read by --defsym: \(readByAssignments.sorted())" }
    if !outputErrors.isEmpty { text += ", refused in the output: \(outputErrors.sorted())" }
    if let otherError { text += ", other error: \(otherError)" }
    return text
  }

  /// Whether two verdicts agree: both stopped at a missing input (ld stops there and reports nothing else),
  /// or the same link/no-link and the same undefined and duplicate sets.
  /// When one names an output symbol error, so must the other (the same, or ld's one among link-check's), and the
  /// undefined sets may differ only by names reported for shared objects.
  /// When one names a `--defsym` expression error (ld names only the first it meets and stops), the other must
  /// name that name too, with the same duplicates (reported while loading, before it).
  public func agrees(with other: DifferentialVerdict) -> Bool {
    if missingInputs || other.missingInputs {
      return missingInputs == other.missingInputs && links == other.links
    }
    if !readByAssignments.isEmpty || !other.readByAssignments.isEmpty {
      let (fewer, more) =
        readByAssignments.count <= other.readByAssignments.count ? (self, other) : (other, self)
      return !links && !other.links && !fewer.readByAssignments.isEmpty
        && fewer.readByAssignments.isSubset(of: more.readByAssignments)
        && duplicates == other.duplicates
    }
    if !outputErrors.isEmpty || !other.outputErrors.isEmpty {
      let named =
        !outputErrors.isEmpty && !other.outputErrors.isEmpty
        && (outputErrors.isSubset(of: other.outputErrors)
          || other.outputErrors.isSubset(of: outputErrors))
      let sharedOnly = undefinedBySharedObjectsOnly.union(other.undefinedBySharedObjectsOnly)
      return named && !links && !other.links && duplicates == other.duplicates
        && undefined.symmetricDifference(other.undefined).isSubset(of: sharedOnly)
    }
    return links == other.links && undefined == other.undefined && duplicates == other.duplicates
      && (otherError == nil) == (other.otherError == nil)
  }
}

/// The result of one scenario.
public enum DifferentialOutcome: Sendable {
  case agree
  /// ld.bfd and link-check disagree.
  case disagree(ld: DifferentialVerdict, linkCheck: DifferentialVerdict)
  /// ld failed for a reason the campaign does not compare (the generator should make few of these).
  case skipped(String)
}

/// Runs a scenario through GNU ld (and optionally ld.lld) and `link-check check --format json -- ld …`.
public enum DifferentialRunner {
  /// Builds `scenario` in a fresh folder and compares ld.bfd with link-check; with `lld`, also records
  /// ld.lld's verdict where it differs from ld.bfd's.
  /// link-check's verdict on an ld line (its arguments after `ld`) run in a folder.
  public typealias Checker =
    @Sendable (_ arguments: [String], _ directory: String) throws -> DifferentialVerdict

  /// Builds `scenario` in a fresh folder and compares ld.bfd with link-check — through `checker` (the
  /// resolver in the test process) and, with `executable`, also through `link-check check --format json -- ld`;
  /// with `lld`, also records whether ld.lld's verdict differs from ld.bfd's.
  public static func run(
    _ scenario: DifferentialScenario, checker: Checker? = nil, executable: Bool = true,
    lld: Bool = false
  ) throws -> (DifferentialOutcome, lldDiffers: Bool) {
    let scratch = try Scratch("differential")
    try scenario.build(in: scratch.path)
    let arguments = scenario.arguments + ["-o", "out"]
    let ld = try verdict(of: "ld", arguments, directory: scratch.path)
    let lldDiffers =
      try lld && !verdict(of: "ld.lld", arguments, directory: scratch.path).agrees(with: ld)
    if let other = ld.otherError { return (.skipped(other), lldDiffers) }
    let checkers =
      (checker.map { [$0] } ?? []) + (executable || checker == nil ? [linkCheckVerdict] : [])
    for check in checkers {
      let linkCheck = try check(arguments, scratch.path)
      if !ld.agrees(with: linkCheck) {
        return (.disagree(ld: ld, linkCheck: linkCheck), lldDiffers)
      }
    }
    return (.agree, lldDiffers)
  }

  /// A real linker's verdict, from its exit status and messages.
  public static func verdict(of linker: String, _ arguments: [String], directory: String) throws
    -> DifferentialVerdict
  {
    let ld = try LinkerVerdict.run(linker, arguments, directory: directory)
    // A name only a library needed by a shared object (not on the line) defines: "undefined reference to symbol
    // 'f0'" (then "DSO missing from command line").
    let dsoMissing = ld.stderr.split(separator: "\n").compactMap { line -> String? in
      guard let start = line.range(of: "undefined reference to symbol '") else { return nil }
      return String(line[start.upperBound...].prefix { $0 != "'" && $0 != "@" })
    }
    // "warning: multiple definition" (an assignment evaluated at the end over an object's definition) is no error.
    func duplicateNames(warning: Bool) -> Set<String> {
      Set(
        ld.stderr.split(separator: "\n").compactMap { line -> String? in
          guard let start = line.range(of: "multiple definition of `"),
            line.contains("warning: multiple definition") == warning
          else { return nil }
          return String(line[start.upperBound...].prefix { $0 != "'" })
        })
    }
    let warnedOnly = duplicateNames(warning: true).subtracting(duplicateNames(warning: false))
    var verdict = DifferentialVerdict(
      links: ld.status == 0, undefined: ld.undefined.union(dsoMissing),
      duplicates: ld.duplicates.subtracting(warnedOnly),
      missingInputs: ld.missingInputs || ld.stderr.contains("DSO missing from command line"))
    // An assignment reading a symbol nothing defines stops ld before it reports undefined references.
    for line in ld.stderr.split(separator: "\n") {
      guard let start = line.range(of: "undefined symbol `"),
        line.hasSuffix("' referenced in expression")
      else { continue }
      verdict.readByAssignments.insert(String(line[start.upperBound...].prefix { $0 != "'" }))
    }
    for line in ld.stderr.split(separator: "\n") {
      for marker in [
        "hidden symbol `", "internal symbol `", "no symbol version section for versioned symbol `",
      ] {
        guard let start = line.range(of: marker) else { continue }
        verdict.outputErrors.insert(String(line[start.upperBound...].prefix { $0 != "'" }))
      }
      if let start = line.range(of: ".so: undefined reference to `") {
        verdict.undefinedBySharedObjectsOnly.insert(
          String(line[start.upperBound...].prefix { $0 != "'" }))
      }
    }
    // Reading a name only a shared object defines ("unresolvable symbol … referenced in expression") is not
    // compared: link-check does not model it.
    let unresolvable = ld.stderr.split(separator: "\n").first {
      $0.contains("unresolvable symbol") && $0.contains("referenced in expression")
    }
    if let unresolvable {
      verdict.otherError = String(unresolvable)
    } else if ld.status != 0 && ld.undefined.isEmpty && ld.duplicates.isEmpty
      && !verdict.missingInputs
      && verdict.readByAssignments.isEmpty && verdict.outputErrors.isEmpty
    {
      verdict.otherError =
        ld.stderr.split(separator: "\n").first { $0.contains("error") }.map(String.init)
        ?? ld.stderr
    }
    return verdict
  }

  /// link-check's verdict on the same ld line.
  @Sendable public static func linkCheckVerdict(_ arguments: [String], directory: String) throws
    -> DifferentialVerdict
  {
    let result = try LinkCheckExecutable.run(
      ["check", "--format", "json", "--", "ld"] + arguments, directory: directory)
    guard result.status != 2 else {
      return DifferentialVerdict(
        links: false, undefined: [], duplicates: [], missingInputs: false, otherError: result.stderr
      )
    }
    guard let document = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any],
      let links = document["links"] as? Bool
    else {
      throw ToolFailure(
        description: "link-check printed no JSON document: \(result.output)\(result.stderr)")
    }
    func names(_ key: String) -> Set<String> {
      Set((document[key] as? [[String: Any]] ?? []).compactMap { $0["symbol"] as? String })
    }
    let missing = !(document["missingInputs"] as? [Any] ?? []).isEmpty
    var verdict = DifferentialVerdict(
      links: links, undefined: names("unresolved"), duplicates: names("duplicates"),
      missingInputs: missing)
    let unresolved = document["unresolved"] as? [[String: Any]] ?? []
    func symbols(where predicate: ([String: Any]) -> Bool) -> Set<String> {
      Set(unresolved.filter(predicate).compactMap { $0["symbol"] as? String })
    }
    verdict.readByAssignments = symbols {
      !($0["assignments"] as? [Any] ?? []).isEmpty
        || !($0["scriptAssignments"] as? [Any] ?? []).isEmpty
    }
    verdict.undefinedBySharedObjectsOnly = symbols {
      ($0["sites"] as? [Any] ?? []).isEmpty && !($0["sharedObjects"] as? [Any] ?? []).isEmpty
    }
    let outputKinds: Set<String> = Set(
      ["hidden-symbol-referenced-by-dso", "versioned-symbol-without-version-section"])
    verdict.outputErrors = Set(
      (document["hazards"] as? [[String: Any]] ?? []).compactMap { hazard -> String? in
        guard let kind = hazard["kind"] as? String, outputKinds.contains(kind),
          let message = hazard["message"] as? String, let start = message.firstIndex(of: "`")
        else { return nil }
        return String(message[message.index(after: start)...].prefix { $0 != "`" })
      })
    return verdict
  }

  /// Whether `scenario` still makes ld.bfd and link-check disagree.
  public static func disagrees(_ scenario: DifferentialScenario, checker: Checker?) -> Bool {
    // A smaller scenario that ld or link-check rejects outright disagrees for another reason.
    guard let (outcome, _) = try? run(scenario, checker: checker),
      case .disagree(let ld, let linkCheck) = outcome
    else {
      return false
    }
    return ld.otherError == nil && linkCheck.otherError == nil
  }

  /// Makes a disagreeing scenario smaller while it still disagrees: drops arguments, object parts and
  /// archive members one at a time, until nothing more can go (at most `budget` runs).
  public static func shrink(_ scenario: DifferentialScenario, checker: Checker?, budget: Int = 400)
    -> DifferentialScenario
  {
    var current = scenario
    var runs = 0
    var progress = true
    while progress && runs < budget {
      progress = false
      for candidate in smaller(current) {
        runs += 1
        if runs > budget { break }
        if disagrees(candidate, checker: checker) {
          current = candidate
          progress = true
          break
        }
      }
    }
    return current
  }

  /// Every scenario one step smaller than `scenario`.
  static func smaller(_ scenario: DifferentialScenario) -> [DifferentialScenario] {
    var candidates: [DifferentialScenario] = []
    // Files nothing names (objects still in an archive or a shared object are named by it).
    let named = Set(scenario.arguments + scenario.files.flatMap(\.inputs))
    for (index, file) in scenario.files.enumerated().reversed()
    where !named.contains(file.name) && file.name != "main.o" {
      var copy = scenario
      copy.files.remove(at: index)
      candidates.append(copy)
    }
    for index in scenario.arguments.indices.reversed() {
      var copy = scenario
      copy.arguments.remove(at: index)
      candidates.append(copy)
    }
    for (fileIndex, file) in scenario.files.enumerated() {
      switch file.recipe {
      case .object(let parts):
        for index in parts.indices where !(file.name == "main.o" && index == 0) {
          var copy = scenario
          copy.files[fileIndex].recipe = .object(
            parts: parts.enumerated().filter { $0.offset != index }.map(\.element))
          candidates.append(copy)
        }
      case .archive(let members, let kind):
        for index in members.indices {
          var copy = scenario
          copy.files[fileIndex].recipe = .archive(
            members: members.enumerated().filter { $0.offset != index }.map(\.element), kind: kind)
          candidates.append(copy)
        }
      case .sharedObject, .text: break
      }
    }
    return candidates
  }
}
