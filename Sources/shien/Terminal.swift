import ShienRender
import ShienSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The terminal: its width, its settings, and the signals that end an interactive session.
enum Terminal {
  /// The number of columns of the terminal behind `descriptor` (`ioctl TIOCGWINSZ`), or nil.
  static func width(of descriptor: Int32) -> Int? {
    var size = winsize()
    guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
  }

  /// The width to wrap text written to `stream` at: the terminal's, else `COLUMNS`, else 80.
  static func columns(for stream: OutputStream) -> Int {
    if stream.isTerminal, let width = width(of: stream.descriptor) { return width }
    if let text = environmentValue("COLUMNS"), let columns = Int(text), columns > 0 { return columns }
    return 80
  }
}

extension OutputStream {
  /// `text` wrapped at the terminal's width when this stream is a terminal; as it is otherwise (a file or a pipe
  /// gets whole lines).
  func wrappedForTerminal(_ text: String) -> String {
    isTerminal ? TextWrapper.wrap(text, width: Terminal.columns(for: self)) : text
  }
}

/// The terminal settings at start, to put back at the end. Line editing stays the terminal's own (canonical mode);
/// only UTF-8 erasing (`IUTF8`, so that backspace removes a whole Japanese character) is turned on when it is off.
final class TerminalSettings {
  private let descriptor: Int32
  private var original: termios?

  init(descriptor: Int32) {
    self.descriptor = descriptor
    guard isatty(descriptor) == 1 else { return }
    var settings = termios()
    guard tcgetattr(descriptor, &settings) == 0 else { return }
    original = settings
    if settings.c_iflag & tcflag_t(IUTF8) == 0 {
      settings.c_iflag |= tcflag_t(IUTF8)
      tcsetattr(descriptor, TCSANOW, &settings)
    }
  }

  /// Puts the settings back as they were.
  func restore() {
    guard var original else { return }
    tcsetattr(descriptor, TCSANOW, &original)
  }
}

/// Reads standard input one line at a time, as typed at a terminal or piped in by a script.
struct LineReader {
  enum Line: Equatable {
    case text(String)
    /// End of input: Ctrl-D at a terminal, or the end of a script.
    case end
    /// A signal arrived while waiting (Ctrl-C, a closed terminal).
    case interrupted
  }

  private var buffer: [UInt8] = []
  private var isAtEnd = false
  /// Longest line kept; the rest of a longer one is dropped (nobody types 64 KB into one answer).
  private static let longestLine = 65536

  mutating func next() -> Line {
    while true {
      if Signals.interruption != nil { return .interrupted }
      if let newline = buffer.firstIndex(of: 0x0A) {
        var line = Array(buffer[..<newline])
        buffer.removeFirst(newline + 1)
        if line.last == 0x0D { line.removeLast() }
        return .text(String(decoding: line.prefix(LineReader.longestLine), as: UTF8.self))
      }
      if isAtEnd {
        guard !buffer.isEmpty else { return .end }
        defer { buffer.removeAll() }
        return .text(String(decoding: buffer.prefix(LineReader.longestLine), as: UTF8.self))
      }
      var chunk = [UInt8](repeating: 0, count: 4096)
      let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        isAtEnd = true
      } else if count == 0 {
        isAtEnd = true
      } else {
        buffer.append(contentsOf: chunk[..<count])
        if buffer.count > LineReader.longestLine * 2, !buffer.contains(0x0A) {
          buffer.removeLast(buffer.count - LineReader.longestLine)
        }
      }
    }
  }
}
