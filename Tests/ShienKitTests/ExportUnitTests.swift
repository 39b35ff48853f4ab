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
