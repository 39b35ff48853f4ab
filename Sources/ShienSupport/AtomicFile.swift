#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// shien's one way of writing a file: the bytes go to a new temporary file beside the target, which appears under
/// the target's name only when complete (`commit()`), or not at all (`discard()`, or the process ending).
///
/// The temporary is made by `mkstemp` (`O_CREAT|O_EXCL`, mode 0600, an unpredictable name `.NAME.XXXXXX` in the
/// target's directory), so a symbolic link planted at a guessable name is never followed, and nobody else can read
/// household data while it is written. `commit()` gives the file its final `mode`, and never renames over anything
/// but a regular file: a symbolic link, a device or a folder that appeared at the name meanwhile is left alone.
package final class AtomicFile {
  /// The name the file gets on commit.
  package let path: String
  /// Where the bytes go until then.
  package let descriptor: Int32
  /// The temporary file's path.
  package let temporaryPath: String
  private let mode: mode_t
  private var slot: Int?
  private var isOpen = true

  /// What stands at a path an output is to be written to.
  package enum Target: Equatable, Sendable {
    /// Nothing, or a regular file: written through a temporary and renamed.
    case file
    /// A character device, FIFO or socket (`/dev/null`, a named pipe), or a link under /dev or /proc to an open
    /// stream (`/dev/stdout`): written directly.
    case stream
    /// A folder: refused.
    case directory
    /// A symbolic link to a regular file or to nothing: refused, since renaming would replace the link.
    case symbolicLink
  }

  /// What `path` is, for an output about to be written there.
  package static func target(_ path: String) -> Target {
    var info = stat()
    guard lstat(path, &info) == 0 else { return .file }
    // Nothing under /dev is ever replaced, whatever stands there (a /dev/stdout once replaced by a file, say).
    if path.hasPrefix("/dev/"), info.st_mode & S_IFMT != S_IFDIR { return .stream }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .file
    case S_IFDIR: return .directory
    case S_IFLNK:
      var resolved = stat()
      guard stat(path, &resolved) == 0 else { return .symbolicLink }
      switch resolved.st_mode & S_IFMT {
      case S_IFDIR: return .directory
      case S_IFCHR, S_IFIFO, S_IFSOCK: return .stream
      // /dev/stdout, /dev/fd/N, /proc/self/fd/N: a stream the shell opened, whatever it leads to.
      default: return path.hasPrefix("/dev/") || path.hasPrefix("/proc/") ? .stream : .symbolicLink
      }
    default: return .stream
    }
  }

  /// True when `first` and `second` name the same file: the same file on disk, or the same name in the same folder.
  package static func sameTarget(_ first: String, _ second: String) -> Bool {
    var one = stat()
    var two = stat()
    if stat(first, &one) == 0, stat(second, &two) == 0 { return one.st_dev == two.st_dev && one.st_ino == two.st_ino }
    func canonical(_ path: String) -> String {
      let name = path.split(separator: "/").last.map(String.init) ?? path
      guard let folder = realpath(parentDirectory(path), nil) else { return path }
      defer { free(folder) }
      return String(cString: folder) + "/" + name
    }
    return canonical(first) == canonical(second)
  }

  /// Creates the temporary file for `path`; `mode` is the mode the file will have once committed.
  package init(path: String, mode: mode_t = 0o600) throws(FileError) {
    self.path = path
    self.mode = mode
    let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
    var template = Array((String(path[..<slash]) + "." + String(path[slash...]) + ".XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw FileError(path: path, code: errno) }
    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    descriptor = fd
    temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    slot = TemporaryFiles.remember(temporaryPath)
  }

  /// Writes all of `bytes` to the temporary file.
  package func write(_ bytes: [UInt8]) throws(FileError) {
    if let code = writeAll(descriptor, bytes) { throw FileError(path: path, code: code) }
  }

  /// Flushes the file to disk and renames it over `path`, or with `replacing: false` links it there only when
  /// nothing is there yet (`EEXIST` otherwise). A non-regular file at `path` is never replaced (`EEXIST`).
  package func commit(replacing: Bool = true) throws(FileError) {
    guard isOpen else { return }
    isOpen = false
    defer { TemporaryFiles.forget(slot) }
    func fail(_ code: Int32) -> FileError {
      unlink(temporaryPath)
      return FileError(path: path, code: code)
    }
    guard fchmod(descriptor, mode) == 0, fsync(descriptor) == 0 || errno == EINVAL || errno == EROFS else {
      let code = errno
      close(descriptor)
      throw fail(code)
    }
    guard close(descriptor) == 0 else { throw fail(errno) }
    var info = stat()
    if lstat(path, &info) == 0, !replacing || (info.st_mode & S_IFMT) != S_IFREG {
      throw fail((info.st_mode & S_IFMT) == S_IFDIR ? EISDIR : EEXIST)
    }
    if replacing {
      guard rename(temporaryPath, path) == 0 else { throw fail(errno) }
    } else {
      // link(2) fails when anything, even a dangling symbolic link, is at `path`: nothing is overwritten.
      guard link(temporaryPath, path) == 0 else { throw fail(errno) }
      unlink(temporaryPath)
    }
  }

  /// Closes and removes the temporary file.
  package func discard() {
    guard isOpen else { return }
    isOpen = false
    close(descriptor)
    unlink(temporaryPath)
    TemporaryFiles.forget(slot)
  }

  deinit { discard() }

  /// Writes a whole file at once: `bytes` through a temporary, committed.
  package static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600, replacing: Bool = true)
    throws(FileError)
  {
    let file = try AtomicFile(path: path, mode: mode)
    try file.write(bytes)
    try file.commit(replacing: replacing)
  }
}
