/// Tells which encoding bytes that are not UTF-8 are most likely in, to name it in a message.
package enum TextEncodingGuess {
  /// True when `bytes` are not valid UTF-8 but read as Shift_JIS (CP932): ASCII, half-width katakana
  /// (0xA1–0xDF), and two-byte characters whose lead byte is 0x81–0x9F or 0xE0–0xFC and trail byte 0x40–0x7E or
  /// 0x80–0xFC, with at least one two-byte or katakana character.
  package static func isShiftJIS(_ bytes: some Collection<UInt8>) -> Bool {
    if String(validating: Array(bytes), as: UTF8.self) != nil { return false }
    var iterator = bytes.makeIterator()
    var sawJapanese = false
    while let byte = iterator.next() {
      switch byte {
      case 0x00...0x7F: continue
      case 0xA1...0xDF: sawJapanese = true
      case 0x81...0x9F, 0xE0...0xFC:
        guard let trail = iterator.next(), (0x40...0x7E).contains(trail) || (0x80...0xFC).contains(trail) else {
          return false
        }
        sawJapanese = true
      default: return false
      }
    }
    return sawJapanese
  }
}
