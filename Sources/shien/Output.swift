import ShienSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Writes to a file descriptor, whole or not at all; a full disk becomes a `CommandError`, and so does a reader that
/// closed standard output early — a quiet one, which ends the command with status 0.
struct OutputStream {
  var descriptor: Int32

  static let standardOutput = OutputStream(descriptor: STDOUT_FILENO)
  static let standardError = OutputStream(descriptor: STDERR_FILENO)

  /// Writes `text` through the one sanitiser (``terminalSafe(_:keepingLineBreaks:keepingStyles:)``): whatever it
  /// repeats from a household, a catalog or the command line cannot steer the terminal; shien's own colours stay.
  func write(_ text: String) throws(CommandError) {
    try write(raw: terminalSafe(text, keepingLineBreaks: true, keepingStyles: true))
  }

  /// Writes `text` as it is: only for shien's own control sequences (the progress line's carriage return).
  func write(raw text: String) throws(CommandError) {
    var text = text
    let failure = text.withUTF8 { writeAll(descriptor, UnsafeRawBufferPointer($0)) }
    guard let failure else { return }
    let name = descriptor == STDOUT_FILENO ? "standard output" : "standard error"
    // The reader has what it wanted (`shien … | head`): stop quietly, as the reader's end of the pipe expects.
    if failure == EPIPE, descriptor == STDOUT_FILENO { throw CommandError(status: .success, message: "") }
    throw .io("cannot write to \(name): \(systemErrorMessage(failure))")
  }

  /// True when this stream is a terminal.
  var isTerminal: Bool { isatty(descriptor) == 1 }

  /// Colour only on a terminal, with `TERM` set and not `dumb`, and `NO_COLOR` unset.
  var allowsColor: Bool {
    guard isTerminal, let term = environmentValue("TERM"), !term.isEmpty, term != "dumb" else { return false }
    return environmentValue("NO_COLOR") == nil
  }
}

/// Prints a message on stderr, ignoring failure (there is nowhere else to report it). Whatever a message repeats from
/// the input or the command line cannot steer the terminal (``terminalSafe(_:keepingLineBreaks:)``).
func printError(_ message: String) {
  try? OutputStream.standardError.write(message.hasSuffix("\n") ? message : message + "\n")
}
