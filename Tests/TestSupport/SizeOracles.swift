import Foundation

/// What binutils says about the sizes of a file, for `link-check size`'s tests.
public enum SizeOracles {
  /// The sum of the sizes of the allocated sections (flag `A` in `readelf -SW`), over every member of an archive.
  public static func allocatedBytes(_ path: String) throws -> UInt64 {
    let output = try Tool.succeed("readelf", ["-SW", path]).output
    var total: UInt64 = 0
    for line in output.split(separator: "\n") {
      guard let close = line.firstIndex(of: "]"),
        line.trimmingCharacters(in: .whitespaces).hasPrefix("[")
      else { continue }
      // `  [ 1] .text  PROGBITS  0000000000000000 000040 002686 00  AX  0   0 16`: the name may be empty, the
      // flags too. From the 64-bit address on: offset, size, entry size, [flags,] link, info, alignment.
      let fields = line[line.index(after: close)...].split(separator: " ")
      guard
        let address = fields.firstIndex(where: { $0.count == 16 && $0.allSatisfy(\.isHexDigit) }),
        fields.count - address == 8, fields[address + 4].contains("A"),
        let size = UInt64(fields[address + 2], radix: 16)
      else { continue }
      total += size
    }
    return total
  }

  /// The names `nm --defined-only` lists for `path` (every member of an archive).
  public static func definedNames(_ path: String) throws -> Set<String> {
    let output = try Tool.succeed("nm", ["--defined-only", path]).output
    return Set(
      output.split(separator: "\n").compactMap { line in
        let fields = line.split(separator: " ")
        return fields.count == 3 ? String(fields[2]) : nil
      })
  }

  /// `nm -S` of `path`: name → size, for the symbols that have one.
  public static func symbolSizes(_ path: String) throws -> [(name: String, size: UInt64)] {
    let output = try Tool.succeed("nm", ["-S", path]).output
    return output.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: " ")
      guard fields.count == 4, let size = UInt64(fields[1], radix: 16) else { return nil }
      return (String(fields[3]), size)
    }
  }
}
