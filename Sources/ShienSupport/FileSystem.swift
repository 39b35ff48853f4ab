#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Thin wrappers over POSIX file calls. shien avoids Foundation so that a cold `shien check` starts in a few
/// milliseconds.

/// The message for the current `errno` (`strerror`).
package func systemErrorMessage(_ code: Int32 = errno) -> String {
  String(cString: strerror(code))
}

package func currentProcessID() -> Int32 { getpid() }

package func fileExists(_ path: String) -> Bool {
  var info = stat()
  return stat(path, &info) == 0
}

package func isDirectory(_ path: String) -> Bool {
  var info = stat()
  return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
}

/// Size and modification time, for cheap staleness checks.
package func fileStamp(_ path: String) -> (size: Int, modified: Int)? {
  var info = stat()
  guard stat(path, &info) == 0 else { return nil }
  return (Int(info.st_size), Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec))
}

@discardableResult
package func removeFile(_ path: String) -> Bool { unlink(path) == 0 }

package func renameFile(_ from: String, to: String) -> Bool { rename(from, to) == 0 }

/// Why a file could not be read or written.
package struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
  package var path: String
  package var code: Int32

  package var isMissing: Bool { code == ENOENT }
  package var description: String { "\(path): \(systemErrorMessage(code))" }

  package init(path: String, code: Int32) {
    self.path = path
    self.code = code
  }
}

/// Reads a whole file; `-` reads standard input. Refuses files larger than `limit` bytes, and with `regularOnly`
/// anything but a regular file (opened without waiting, so a FIFO cannot block).
package func readFile(_ path: String, limit: Int = 64 << 20, regularOnly: Bool = false) throws(FileError) -> [UInt8] {
  let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | (regularOnly ? O_NONBLOCK : 0))
  guard fd >= 0 else { throw FileError(path: path, code: errno) }
  defer { if path != "-" { close(fd) } }
  var info = stat()
  if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { throw FileError(path: path, code: EISDIR) }
  if regularOnly, (info.st_mode & S_IFMT) != S_IFREG { throw FileError(path: path, code: EINVAL) }
  var result: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    if count < 0 {
      if errno == EINTR { continue }
      throw FileError(path: path, code: errno)
    }
    if count == 0 { break }
    result.append(contentsOf: chunk[0..<count])
    if result.count > limit { throw FileError(path: path, code: EFBIG) }
  }
  return result
}

/// Writes a whole file atomically, through ``AtomicFile``: complete under its name, or not there at all.
package func writeFileAtomically(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws(FileError) {
  try AtomicFile.write(bytes, to: path, mode: mode)
}

/// The names in a directory, sorted; empty when it cannot be read.
package func directoryEntries(_ path: String) -> [String] {
  guard let dir = opendir(path) else { return [] }
  defer { closedir(dir) }
  var names: [String] = []
  while let entry = readdir(dir) {
    let name = withUnsafePointer(to: entry.pointee.d_name) {
      $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
    }
    if name != "." && name != ".." { names.append(name) }
  }
  return names.sorted()
}

/// Creates a directory and its parents with `mode`; true when it exists afterwards.
@discardableResult
package func makeDirectories(_ path: String, mode: mode_t = 0o755) -> Bool {
  if isDirectory(path) { return true }
  let parent = parentDirectory(path)
  if parent != path, !parent.isEmpty { makeDirectories(parent, mode: mode) }
  return mkdir(path, mode) == 0 || isDirectory(path)
}

package func parentDirectory(_ path: String) -> String {
  guard let slash = path.lastIndex(of: "/") else { return "." }
  if slash == path.startIndex { return "/" }
  return String(path[..<slash])
}

package func environmentValue(_ name: String) -> String? {
  guard let value = getenv(name) else { return nil }
  return String(cString: value)
}

/// The absolute path of the running executable (`/proc/self/exe`), if the system says.
package func executablePath() -> String? {
  var buffer = [CChar](repeating: 0, count: 4096)
  let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
  guard count > 0 else { return nil }
  buffer[count] = 0
  return String(cString: buffer)
}
