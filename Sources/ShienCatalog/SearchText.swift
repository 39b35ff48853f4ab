import ShienFacts

/// The one form search compares text in, applied alike to what is indexed and to what is asked: full-width ASCII and
/// half-width katakana to their usual widths (`ＡＢＣ` → `abc`, `ｼﾝｸﾞﾙ` → `シングル`), katakana to hiragana (`コドモ` and
/// `こども` meet), ASCII lowercase, and runs of whitespace to one space.
package enum SearchText {
  package static func normalize(_ text: String) -> String {
    let widthNormalized = EverydayInput.normalizeWidth(text)
    var output = String.UnicodeScalarView()
    var lastWasSpace = false
    for scalar in widthNormalized.unicodeScalars {
      if scalar.properties.isWhitespace {
        if !lastWasSpace { output.append(" ") }
        lastWasSpace = true
        continue
      }
      lastWasSpace = false
      output.append(folded(scalar))
    }
    return String(output)
  }

  /// The length that decides between the trigram index and a scan: Unicode scalars, as FTS5's trigram tokenizer
  /// counts characters.
  package static func length(_ normalized: String) -> Int { normalized.unicodeScalars.count }

  private static func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    switch scalar.value {
    case 0x41...0x5A:  // A–Z
      return Unicode.Scalar(scalar.value + 0x20)!
    case 0x30A1...0x30F6, 0x30FD, 0x30FE:  // ァ…ヶ, ヽ ヾ → ぁ…ゖ, ゝ ゞ
      return Unicode.Scalar(scalar.value - 0x60)!
    default:
      return scalar
    }
  }
}
