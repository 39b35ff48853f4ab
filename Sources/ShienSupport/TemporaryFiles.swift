#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The temporary files of this process that may hold personal data, so that every way out removes them: a thrown
/// error or a discarded ``AtomicFile`` removes its own; a signal that ends the process at once (a second Ctrl-C)
/// calls ``removeAll()`` from its handler, which only reads this fixed table and calls `unlink`, both safe there.
package enum TemporaryFiles {
  /// How many temporaries can be open at once (batch has two: its output and its errors).
  package static let capacity = 16

  /// The paths, as C strings owned by this table; nil slots are free.
  nonisolated(unsafe) private static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
    let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
    slots.initialize(repeating: nil, count: capacity)
    return slots
  }()

  /// Remembers `path`; the slot to give back to ``forget(_:)``, or nil when the table is full.
  package static func remember(_ path: String) -> Int? {
    for index in 0..<capacity where slots[index] == nil {
      slots[index] = strdup(path)
      return index
    }
    return nil
  }

  /// Forgets the path in `slot` (after it was renamed or removed).
  package static func forget(_ slot: Int?) {
    guard let slot, let path = slots[slot] else { return }
    slots[slot] = nil
    free(path)
  }

  /// Removes every remembered file. Async-signal-safe: no allocation, no locks.
  package static func removeAll() {
    for index in 0..<capacity {
      if let path = slots[index] { unlink(path) }
    }
  }
}
