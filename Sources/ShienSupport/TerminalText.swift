/// `text` as it may be printed on a terminal when it repeats something from outside (a household's id, a value quoted
/// in an error): control characters — C0, DEL and C1, among them the escape that starts terminal commands — and the
/// bidirectional overrides that reorder what a reader sees become `?`. Tab, carriage return and line feed become `\t`,
/// `\r` and `\n`, unless `keepingLineBreaks` (a message of several lines of shien's own).
package func terminalSafe(_ text: String, keepingLineBreaks: Bool = false) -> String {
  func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
      || (0x2066...0x2069).contains(value)
  }
  guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
  var safe = String.UnicodeScalarView()
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\n" where keepingLineBreaks: safe.append(scalar)
    case "\n": safe.append(contentsOf: "\\n".unicodeScalars)
    case "\r": safe.append(contentsOf: "\\r".unicodeScalars)
    case "\t": safe.append(contentsOf: "\\t".unicodeScalars)
    default: safe.append(isUnsafe(scalar) ? "?" : scalar)
    }
  }
  return String(safe)
}
