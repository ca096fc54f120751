/// What went wrong while reading an ELF file or `ar` archive, and where.
///
/// The description is one line: `FILE: problem` or `ARCHIVE(MEMBER): problem`, the form linkers use.
public struct ElfError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The path given by the caller (or the name given to in-memory bytes).
  public var file: String
  /// The archive member the problem is in, when there is one (nested members as `outer.a/inner.o`).
  public var member: String?
  /// What is wrong, in words (no file name).
  public var problem: String

  public init(file: String, member: String? = nil, problem: String) {
    self.file = file
    self.member = member
    self.problem = problem
  }

  /// `file` or `file(member)`.
  public var location: String { member.map { "\(file)(\($0))" } ?? file }

  public var description: String { "\(location): \(problem)" }
}

/// Where a piece of ELF data comes from: the file and, inside an archive, the member.
public struct ElfOrigin: Sendable, Hashable, CustomStringConvertible {
  public var file: String
  public var member: String?

  public init(file: String, member: String? = nil) {
    self.file = file
    self.member = member
  }

  /// The origin of a member of the archive at this origin.
  func member(_ name: String) -> ElfOrigin {
    ElfOrigin(file: file, member: member.map { "\($0)/\(name)" } ?? name)
  }

  func error(_ problem: String) -> ElfError {
    ElfError(file: file, member: member, problem: problem)
  }

  public var description: String { member.map { "\(file)(\($0))" } ?? file }
}
