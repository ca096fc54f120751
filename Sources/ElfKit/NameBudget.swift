#if canImport(Glibc)
  import Glibc
#endif

/// Caps the bytes of names read out of one string table.
///
/// Names are found by offset, so a hostile file can point every entry of a table at one long string: a 2 MB
/// object can name 40,000 symbols with the same megabyte, 40 GB of names that every consumer making strings of
/// them (or printing them) would pay for. Real tables share little (tail merging, repeated names: at most about
/// 3 times the table in Debian's and Swift's libraries), so reading stops with an error past 16 times the table
/// plus 16 MiB.
struct NameBudget {
  private var remaining: Int

  init(tableSize: Int) { remaining = tableSize * 16 + (16 << 20) }

  /// Whether `names` names, none longer than `longest` bytes, fit in what is left: then they need not be measured.
  func covers(_ names: Int, eachAtMost longest: Int) -> Bool {
    let (total, overflow) = names.multipliedReportingOverflow(by: longest)
    return !overflow && total <= remaining
  }

  /// Charges a name of `count` bytes; false once the names read exceed the budget.
  mutating func charge(_ count: Int) -> Bool {
    remaining -= count
    return remaining >= 0
  }

  /// The name at `start` of `table`: its bytes up to the first NUL (or `stop`), or to the end of the table;
  /// charged to the budget. Nil once the names read exceed it: the scan (`memchr`) goes no further than the
  /// budget left, so a table without terminators costs no more than the budget either.
  mutating func name(at start: Int, in table: UnsafeRawBufferPointer, stop: UInt8 = 0)
    -> UnsafeRawBufferPointer?
  {
    guard start >= 0, start <= table.count, let base = table.baseAddress.map({ $0 + start }) else {
      return UnsafeRawBufferPointer(start: nil, count: 0)
    }
    var length = min(table.count - start, max(remaining, 0) + 1)
    for terminator in stop == 0 ? [0] : [0, stop] {
      if let found = memchr(base, Int32(terminator), length) {
        length = base.distance(to: UnsafeRawPointer(found))
      }
    }
    return charge(length) ? UnsafeRawBufferPointer(start: base, count: length) : nil
  }

  /// The problem to report, for names read from `table`.
  static func problem(_ table: String) -> String {
    "names overlap in \(table): they add up to more than 16 times its size"
  }
}
