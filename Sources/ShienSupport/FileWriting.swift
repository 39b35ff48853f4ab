#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes all of `bytes` to `descriptor`, retrying after a signal and after a short write; the `errno` of a
/// failure, nil on success. Every write of shien's goes through here.
package func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32? {
  bytes.withUnsafeBytes { writeAll(descriptor, $0) }
}

/// ``writeAll(_:_:)`` for bytes in place.
package func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
  guard let base = bytes.baseAddress else { return nil }
  var offset = 0
  while offset < bytes.count {
    let count = write(descriptor, base + offset, bytes.count - offset)
    if count < 0 {
      if errno == EINTR { continue }
      return errno
    }
    offset += count
  }
  return nil
}
