import ElfKit

/// The symbols of one object file, or of one archive member.
public struct ObjectSymbols: Sendable {
  /// The member name; nil for a plain object.
  public var member: String?
  /// The member's position in its archive (0 for a plain object).
  public var position: Int
  /// Every symbol nm would list, in table order.
  public var symbols: [DiffSymbol]

  public init(member: String?, position: Int, symbols: [DiffSymbol]) {
    self.member = member
    self.position = position
    self.symbols = symbols
  }

  /// The symbols of `file`: its `.symtab`, or its `.dynsym` when it has none (a stripped shared object);
  /// without the null symbol and the section and file symbols, as nm.
  init(_ file: ElfFile, member: String?, position: Int) throws(ElfError) {
    var table = try file.symbolTable(.symtab)
    if table == nil { table = try file.symbolTable(.dynsym) }
    let classifier = SymbolClassifier(file)
    let symbols = (table?.symbols ?? []).filter(SymbolClassifier.isListed).map {
      DiffSymbol($0, classifier: classifier)
    }
    self.init(member: member, position: position, symbols: symbols)
  }
}

/// One side of a file diff: an object (one unnamed `ObjectSymbols`) or an archive (one per member, in order).
public struct BinarySymbols: Sendable {
  public enum Kind: String, Sendable {
    case object, archive
  }

  public var path: String
  public var kind: Kind
  public var objects: [ObjectSymbols]

  public init(path: String, kind: Kind, objects: [ObjectSymbols]) {
    self.path = path
    self.kind = kind
    self.objects = objects
  }

  /// Reads the object or archive at `path`; anything else is an error.
  public init(path: String) throws(ElfError) {
    let file = try BinaryFile.open(path: path)
    if case .notELF(let reason) = file { throw ElfError(file: path, problem: reason) }
    try self.init(path: path, file: file)!
  }

  /// Reads `file`, opened from `path`; nil when it is neither ELF nor an archive. Archive members that are
  /// not ELF objects (text, nested archives) count as members without symbols.
  init?(path: String, file: BinaryFile) throws(ElfError) {
    switch file {
    case .notELF:
      return nil
    case .object(let object):
      self.init(path: path, kind: .object, objects: [try ObjectSymbols(object, member: nil, position: 0)])
    case .archive(let archive):
      var objects: [ObjectSymbols] = []
      for member in archive.members {
        if case .object(let object) = try member.open() {
          objects.append(try ObjectSymbols(object, member: member.name, position: member.position))
        } else {
          objects.append(ObjectSymbols(member: member.name, position: member.position, symbols: []))
        }
      }
      self.init(path: path, kind: .archive, objects: objects)
    }
  }
}
