/// `text` as it may be printed on a terminal or in Markdown when it repeats something from outside (a household's
/// id, a catalog's desk phone, a value quoted in an error): control characters — C0, DEL and C1, among them the
/// escape that starts terminal commands — and the bidirectional overrides that reorder what a reader sees become `?`.
/// Tab, carriage return and line feed become `\t`, `\r` and `\n`, unless `keepingLineBreaks` (a message of several
/// lines of shien's own: line feeds, CRLF pairs and tabs stay). With `keepingStyles`, shien's own colour and weight
/// sequences (`ESC [ 1 m`, `ESC [ 0 m`: SGR, digits and `;` only) stay; every other escape sequence is broken.
///
/// This is shien's one sanitiser: everything written to standard output and standard error goes through it.
package func terminalSafe(_ text: String, keepingLineBreaks: Bool = false, keepingStyles: Bool = false) -> String {
  func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
      || (0x2066...0x2069).contains(value)
  }
  guard mayBeUnsafe(text, keepingLineBreaks: keepingLineBreaks) else { return text }
  let scalars = Array(text.unicodeScalars)
  var safe = String.UnicodeScalarView()
  var index = 0
  while index < scalars.count {
    let scalar = scalars[index]
    index += 1
    switch scalar {
    case "\n" where keepingLineBreaks, "\t" where keepingLineBreaks: safe.append(scalar)
    case "\n": safe.append(contentsOf: "\\n".unicodeScalars)
    case "\r" where keepingLineBreaks && index < scalars.count && scalars[index] == "\n":
      safe.append(scalar)  // CRLF, as a CSV sheet ends its lines (RFC 4180)
    case "\r": safe.append(contentsOf: "\\r".unicodeScalars)
    case "\t": safe.append(contentsOf: "\\t".unicodeScalars)
    case "\u{1B}" where keepingStyles && index < scalars.count && scalars[index] == "[":
      var end = index + 1
      while end < scalars.count, end - index <= 16, ("0"..."9").contains(scalars[end]) || scalars[end] == ";" {
        end += 1
      }
      if end < scalars.count, scalars[end] == "m" {
        safe.append(contentsOf: scalars[(index - 1)...end])
        index = end + 1
      } else {
        safe.append("?")
      }
    default: safe.append(isUnsafe(scalar) ? "?" : scalar)
    }
  }
  return String(safe)
}

/// True when `text` holds something ``terminalSafe(_:keepingLineBreaks:keepingStyles:)`` may change: a scan of its
/// UTF-8 bytes for C0 controls (but line feeds and tabs that are kept), DEL, C1 controls (C2 80–C2 9F) and the
/// bidirectional overrides (E2 80 AA–AE, E2 81 A6–A9).
private func mayBeUnsafe(_ text: String, keepingLineBreaks: Bool) -> Bool {
  var text = text
  return text.withUTF8 { bytes in
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte < 0x20 {
        if !(keepingLineBreaks && (byte == 0x0A || byte == 0x09)) { return true }
      } else if byte == 0x7F {
        return true
      } else if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
        return true
      } else if byte == 0xE2, index + 2 < bytes.count {
        let (second, third) = (bytes[index + 1], bytes[index + 2])
        if (second == 0x80 && (0xAA...0xAE).contains(third)) || (second == 0x81 && (0xA6...0xA9).contains(third)) {
          return true
        }
      }
      index += 1
    }
    return false
  }
}
