import Foundation
import Testing

@testable import ShienRender
@testable import ShienSupport

@Suite struct TextWrapperTests {
  @Test func japaneseBreaksByDisplayWidth() {
    let text = "高校生年代までの子どもを育てている人に月額を支給します"
    let wrapped = TextWrapper.wrap(text, width: 20)
    let lines = wrapped.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines.allSatisfy { DisplayWidth.of($0) <= 20 })
    #expect(wrapped.replacingOccurrences(of: "\n", with: "") == text)
  }

  @Test func closingPunctuationNeverStartsALine() {
    // At width 20 the 「。」 would start the second line; the character before it goes along.
    let wrapped = TextWrapper.wrap("あいうえおかきくけこ。さしすせそ", width: 20)
    #expect(wrapped == "あいうえおかきくけ\nこ。さしすせそ")
    let opening = TextWrapper.wrap("あいうえおかきくけ「こ」さしすせそ", width: 20)
    #expect(opening.split(separator: "\n").allSatisfy { !$0.hasSuffix("「") })
  }

  @Test func wordsAndURLsAreNeverSplit() {
    let wrapped = TextWrapper.wrap(
      "Apply online: https://www.example.org/a/very/long/path/to/the/form today", width: 24)
    #expect(wrapped.contains("https://www.example.org/a/very/long/path/to/the/form"))
    #expect(wrapped.split(separator: "\n").first == "Apply online:")
    #expect(TextWrapper.wrap("one two three four five six", width: 20) == "one two three four\nfive six")
  }

  @Test func continuationLinesHangUnderTheText() {
    let wrapped = TextWrapper.wrap("    ・窓口に来る人の本人確認書類と請求者名義の預金通帳", width: 30)
    #expect(
      wrapped.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("      ") && !$0.hasPrefix("       ") })
    let numbered = TextWrapper.wrap("  1. one two three four five six seven", width: 22)
    #expect(numbered == "  1. one two three\n     four five six\n     seven")
  }

  @Test func colourTakesNoRoom() {
    let plain = "あいうえおかきくけこさしすせそ"
    let coloured = "\u{1B}[1mあいうえお\u{1B}[0mかきくけこさしすせそ"
    #expect(TextWrapper.visibleWidth(coloured) == 30)
    let wrapped = TextWrapper.wrap(coloured, width: 20)
    #expect(
      wrapped.replacingOccurrences(of: "\u{1B}[1m", with: "").replacingOccurrences(of: "\u{1B}[0m", with: "")
        == TextWrapper.wrap(plain, width: 20))
  }

  @Test func shortLinesNarrowWidthsAndBlankLinesAreLeftAlone() {
    #expect(TextWrapper.wrap("短い\n\n行", width: 80) == "短い\n\n行")
    let long = String(repeating: "あ", count: 30)
    #expect(TextWrapper.wrap(long, width: 10) == long)
  }

  /// やさしい日本語 has spaces between words: a line breaks at them, not inside a word.
  @Test func easyJapaneseBreaksAtItsSpaces() {
    let text = "しつもん に こたえる と、もらえる かもしれない おかね や たすけ、てつづき の しかた が わかります。"
    let wrapped = TextWrapper.wrap(text, width: 30)
    for line in wrapped.split(separator: "\n") {
      #expect(TextWrapper.visibleWidth(String(line)) <= 30, "\(line)")
    }
    let words = Set(text.split(separator: " "))
    for line in wrapped.split(separator: "\n") {
      // Every piece of a line is a whole word of the text.
      for piece in line.split(separator: " ") { #expect(words.contains(piece), "\(piece) was split") }
    }
  }
}
