import Foundation
import Testing
import TestSupport

/// `link-check symbols` against GNU nm on every archive and object the machine has.
@Suite struct NMDifferentialTests {
  /// Every `.a` and `.o` under the system library folders, gcc's, and the Swift toolchain's static libraries.
  static func corpus() throws -> [String] {
    let swiftStatic = URL(fileURLWithPath: try Tool.which("swiftc")).resolvingSymlinksInPath()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lib/swift_static/linux").path
    var files: [String] = []
    for root in ["/usr/lib/x86_64-linux-gnu", "/usr/lib/gcc", swiftStatic] {
      guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
      for case let relative as String in walker where relative.hasSuffix(".a") || relative.hasSuffix(".o") {
        let path = "\(root)/\(relative)"
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
          (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == nil
        {
          files.append(path)
        }
      }
    }
    return files.sorted()
  }

  /// Compares stdout byte for byte (and the exit status) for `files` in each of `modes`, two at a time.
  static func differences(_ files: [String], modes: [[String]]) async throws -> [String] {
    let jobs = files.flatMap { file in modes.map { (file, $0) } }
    return try await withThrowingTaskGroup(of: String?.self) { group in
      var found: [String] = []
      var next = 0
      func submit() {
        guard next < jobs.count else { return }
        let (file, mode) = jobs[next]
        next += 1
        group.addTask {
          let nm = try Tool.run("nm", mode + [file])
          let ours = try LinkCheckExecutable.run(["symbols"] + mode + [file])
          guard ours.signal == nil else { return "\(mode) \(file): link-check died of signal \(ours.status)" }
          if ours.stdout != nm.stdout { return "\(mode.joined(separator: " ")) \(file): stdout differs" }
          if (ours.status == 0) != (nm.status == 0) { return "\(mode) \(file): status \(ours.status) vs nm \(nm.status)" }
          let noSymbols = { (text: String) in text.split(separator: "\n").filter { $0.hasSuffix(": no symbols") }.count }
          if noSymbols(ours.stderr) != noSymbols(nm.stderr) { return "\(mode) \(file): 'no symbols' count differs" }
          return nil
        }
      }
      for _ in 0..<2 { submit() }
      while let result = try await group.next() {
        if let result { found.append(result) }
        submit()
      }
      return found
    }
  }

  @Test func byteIdenticalToNmOnEverySystemArchiveAndObject() async throws {
    let files = try Self.corpus()
    let modes = [[], ["-p"], ["-u"], ["--defined-only"]]
    let found = try await Self.differences(files, modes: modes)
    print("nm differential: compared \(files.count) files in \(modes.count) modes: \(found.count) differences")
    #expect(files.count > 100)
    #expect(found.isEmpty, "\(found.prefix(20).joined(separator: "\n"))")
  }

  @Test func byteIdenticalToNmInTheOtherModes() async throws {
    let libraries = ["/usr/lib/x86_64-linux-gnu/libz.a", "/usr/lib/x86_64-linux-gnu/libm-2.36.a", "/usr/lib/x86_64-linux-gnu/libc_nonshared.a"]
      .filter { FileManager.default.fileExists(atPath: $0) }
    let sharedObjects = ["/usr/lib/x86_64-linux-gnu/libelf.so.1", "/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6"]
      .filter { FileManager.default.fileExists(atPath: $0) }
    #expect(libraries.count >= 2 && sharedObjects.count >= 2)
    var found = try await Self.differences(libraries, modes: [["-g"], ["-A"], ["-s"], ["-g", "-p", "-A"]])
    found += try await Self.differences(sharedObjects, modes: [["-D"], ["-D", "-u"], ["-D", "--defined-only"], ["-D", "-g"]])
    // Several files: nm's per-file headings.
    let several = try Tool.run("nm", libraries)
    let ours = try LinkCheckExecutable.run(["symbols"] + libraries)
    if several.stdout != ours.stdout { found.append("several files: stdout differs") }
    #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
  }
}
