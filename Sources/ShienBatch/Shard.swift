import ShienSupport

/// One share of a batch job, `K/N`: the households whose id hashes to K among N shares. Every household falls in
/// exactly one share, whatever the order or the machine, so N runs with `1/N` … `N/N` add up to the whole.
///
/// The hash is FNV-1a (64 bits) of the id's UTF-8 bytes; a line with no readable id is shared by the hash of its
/// bytes (without surrounding white space), so that its error, too, is reported by exactly one share.
package struct Shard: Sendable, Equatable, CustomStringConvertible {
  /// 1-based: `1/2` and `2/2` are the two halves.
  package var index: Int
  package var count: Int

  package init?(index: Int, count: Int) {
    guard count >= 1, index >= 1, index <= count else { return nil }
    self.index = index
    self.count = count
  }

  /// Reads `K/N` (1 ≤ K ≤ N).
  package init?(_ text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
    self.init(index: index, count: count)
  }

  package var description: String { "\(index)/\(count)" }

  /// True when the household with this key (its id, or its line) belongs to this share.
  package func contains(key: some Sequence<UInt8>) -> Bool {
    Int(fnv1a64(key) % UInt64(count)) == index - 1
  }

  package func contains(id: String) -> Bool { contains(key: id.utf8) }

  /// The bytes of `line` without the white space around it: the key of a line whose id cannot be read.
  package static func lineKey(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
    var slice = line
    while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
    while let last = slice.last, isSpace(last) { slice = slice.dropLast() }
    return slice
  }
}
