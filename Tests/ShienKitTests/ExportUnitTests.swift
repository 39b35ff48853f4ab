import Testing

@testable import ShienKit

@Suite struct SpreadsheetSafetyTests {
  @Test(arguments: [
    ("=1+2", "'=1+2"), ("+81 92", "'+81 92"), ("-3", "'-3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("'=x", "''=x"), ("'plain", "'plain"), ("plain", "plain"), ("", ""), ("児童手当", "児童手当"),
    ("''-1", "'''-1"),
  ])
  func formulasAreNeutralisedAndReadBack(text: String, cell: String) {
    #expect(CSVWriter.neutralized(text) == cell)
    #expect(CSVWriter.original(cell) == text)
  }
}

@Suite struct TextEncodingGuessTests {
  @Test func shiftJISIsToldFromUTF8AndLatin1() {
    #expect(TextEncodingGuess.isShiftJIS([0x23, 0x94, 0xF5, 0x8D, 0x6C]))  // "#備考"
    #expect(TextEncodingGuess.isShiftJIS([0xB1, 0xB2]))  // half-width ｱｲ
    #expect(!TextEncodingGuess.isShiftJIS(Array("#備考".utf8)), "UTF-8")
    #expect(!TextEncodingGuess.isShiftJIS([0x63, 0x61, 0x66, 0xE9, 0x20]), "Latin-1 café")
    #expect(!TextEncodingGuess.isShiftJIS(Array("plain".utf8)))
  }
}
