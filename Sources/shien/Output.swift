import ShienKit

#if canImport(Glibc)
  import Glibc
#endif

/// Writes to a file descriptor, whole or not at all; a closed pipe or a full disk becomes a `CommandError`.
struct OutputStream {
  var descriptor: Int32

  static let standardOutput = OutputStream(descriptor: STDOUT_FILENO)
  static let standardError = OutputStream(descriptor: STDERR_FILENO)

  func write(_ text: String) throws(CommandError) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let count = bytes.withUnsafeMutableBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
      if count < 0 {
        if errno == EINTR { continue }
        let name = descriptor == STDOUT_FILENO ? "standard output" : "standard error"
        if errno == EPIPE { throw .io("\(name) was closed before all output was written (broken pipe)") }
        throw .io("cannot write to \(name): \(systemErrorMessage())")
      }
      offset += count
    }
    bytes.removeAll()
  }

  /// True when this stream is a terminal.
  var isTerminal: Bool { isatty(descriptor) == 1 }

  /// Colour only on a terminal, with `TERM` not `dumb` and `NO_COLOR` unset.
  var allowsColor: Bool {
    isTerminal && environmentValue("TERM") != "dumb" && environmentValue("NO_COLOR") == nil
  }
}

/// Prints a message on stderr, ignoring failure (there is nowhere else to report it).
func printError(_ message: String) {
  try? OutputStream.standardError.write(message.hasSuffix("\n") ? message : message + "\n")
}
