import ElfKit

/// The objects an image is made of: each `size` input that is an object, and every member of each input
/// archive, with the allocated sections of each.
public struct ImageLayout: Sendable {
  /// One object of the image.
  public struct Object: Sendable {
    public var file: ElfFile
    /// The path given on the command line.
    public var path: String
    /// The archive member's name, when the object is one.
    public var member: String?

    /// `lib.a(member.o)` or the path.
    public var displayName: String {
      member.map { "\(Self.basename(path))(\($0))" } ?? Self.basename(path)
    }

    /// The allocated sections (`SHF_ALLOC`), empty ones included, in header-table order.
    public var allocatedSections: [Section] { file.sections.filter(\.isAllocated) }

    static func basename(_ path: String) -> String {
      path.split(separator: "/").last.map(String.init) ?? path
    }
  }

  public var objects: [Object]

  /// Opens `paths` (objects, linked programs, archives). Throws, naming the file (and member), what is not
  /// an ELF object or archive or cannot be read.
  public init(paths: [String]) throws(ElfError) {
    var objects: [Object] = []
    for path in paths {
      switch try BinaryFile.open(path: path) {
      case .object(let file):
        objects.append(Object(file: file, path: path))
      case .archive(let archive):
        for member in archive.members {
          switch try member.open() {
          case .object(let file):
            objects.append(Object(file: file, path: path, member: member.name))
          case .archive:
            throw ElfError(file: path, member: member.name, problem: "an archive inside an archive")
          case .notELF(let reason): throw ElfError(file: path, member: member.name, problem: reason)
          }
        }
      case .notELF(let reason):
        throw ElfError(file: path, problem: reason)
      }
    }
    self.objects = objects
  }

  /// The allocated bytes: the sum of the sizes of the allocated sections of every object, as `readelf -SW`
  /// lists them (flag `A`); `.bss` counts although it takes no room in the file.
  public var allocatedBytes: UInt64 {
    objects.reduce(0) { sum, object in object.allocatedSections.reduce(sum) { $0 &+ $1.size } }
  }
}

extension Section {
  /// The `size` column the section counts in.
  var segment: SizeSegment {
    if type == .nobits { return .bss }
    return flags.contains(.write) ? .data : .text
  }
}
