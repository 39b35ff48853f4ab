import ShienSupport

#if canImport(Glibc)
  import Glibc
#endif

/// A file written in a stream that appears under its name only when complete: the bytes go to a temporary file
/// beside it (readable by its owner only: batch output is about people), which `commit()` renames over the name.
/// A run that fails or is interrupted calls `discard()`, and an earlier file of that name stays as it was.
package final class AtomicOutputFile {
  package let path: String
  package let descriptor: Int32
  private let temporary: String
  private var isOpen = true

  package init(path: String, mode: mode_t = 0o600) throws(FileError) {
    self.path = path
    let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
    temporary = String(path[..<slash]) + "." + String(path[slash...]) + ".tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    guard fd >= 0 else { throw FileError(path: path, code: errno) }
    descriptor = fd
  }

  /// Flushes the file to disk and renames it over `path`.
  package func commit() throws(FileError) {
    guard isOpen else { return }
    isOpen = false
    guard fsync(descriptor) == 0 || errno == EINVAL, close(descriptor) == 0 else {
      let code = errno
      unlink(temporary)
      throw FileError(path: path, code: code)
    }
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw FileError(path: path, code: code)
    }
  }

  /// Closes and removes the temporary file.
  package func discard() {
    guard isOpen else { return }
    isOpen = false
    close(descriptor)
    unlink(temporary)
  }

  deinit { discard() }
}
