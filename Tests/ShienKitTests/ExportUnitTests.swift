import Testing

@testable import ShienBatch
@testable import ShienCatalog
@testable import ShienFacts
@testable import ShienMatching
@testable import ShienSupport

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

/// What a catalog's sources may say about amounts and online routes (issue 18).
@Suite struct ExportCatalogTests {
  static func measure(procedure: String = #"{"steps": [{"ja": "申し込む", "en": "apply"}]}"#, amount: String = "null")
    -> SourceFile
  {
    let text = """
      {
        "id": "export-test",
        "name": {"ja": "テスト", "en": "test", "ja-easy": "test"},
        "summary": {"ja": "テスト", "en": "test"},
        "category": "service",
        "scope": "national",
        "eligibility": [{"text": {"ja": "条件", "en": "condition"}, "rule": "true"}],
        "amount": \(amount),
        "procedure": \(procedure),
        "documents": [{"ja": "申請書", "en": "application form"}],
        "desk": "子育て支援",
        "sources": [{"url": "https://example.org/", "checked": "2026-11-22"}]
      }
      """
    return SourceFile(path: "catalog/measures/export-test.json", bytes: Array(text.utf8))
  }

  static func compile(_ file: SourceFile) -> (Catalog?, [String]) {
    var compiler = CatalogCompiler()
    let catalog = compiler.compile(Fixtures.compiled.files + [file])
    return (catalog, compiler.diagnostics.map(\.description))
  }

  @Test func anOnlineRouteIsAURLAloneAndItsNoteIsApart() throws {
    let mixed = Self.measure(procedure: #"{"steps": [], "online": "https://myna.go.jp/ （届出あり）"}"#)
    #expect(Self.compile(mixed).1.contains { $0.contains("'online' is the online route's URL alone") })
    let words = Self.measure(procedure: #"{"steps": [], "online": "市区町村により電子申請あり"}"#)
    #expect(Self.compile(words).1.contains { $0.contains("put words about it in 'online_note'") })
    let apart = Self.measure(
      procedure: #"{"steps": [], "online": "https://myna.go.jp/", "online_note": "届出をマイナポータルで受け付ける市区町村あり"}"#)
    let (catalog, found) = Self.compile(apart)
    #expect(found.isEmpty, "\(found)")
    let procedure = try #require(catalog?.measure(id: "export-test")?.procedure)
    #expect(procedure.online == "https://myna.go.jp/")
    #expect(procedure.onlineNote?.text(.ja) == "届出をマイナポータルで受け付ける市区町村あり")
    // And the compiled catalog keeps both.
    let decoded = try CatalogBinary.decode(CatalogBinary.encode(try #require(catalog)))
    #expect(decoded.measure(id: "export-test")?.procedure.onlineNote?.text(.ja) == "届出をマイナポータルで受け付ける市区町村あり")
  }

  @Test(arguments: [("floor", 33333), ("round", 33333), ("ceil", 33334), (nil, 33333)] as [(String?, Int)])
  func anAmountIsWholeYenByTheMeasuresRounding(rounding: String?, yen: Int) throws {
    let amount = #"{"per": "month", "rule": "400000 / 12""# + (rounding.map { #", "rounding": "\#($0)""# } ?? "") + "}"
    let (catalog, found) = Self.compile(Self.measure(amount: amount))
    #expect(found.isEmpty, "\(found)")
    let catalogValue = try #require(catalog)
    let household = Household(facts: Array(repeating: nil, count: catalogValue.vocabulary.facts.count), members: [])
    let result = try #require(
      Matcher(catalog: catalogValue).match(household, asOf: CivilDate(iso: "2025-06-01")!, municipality: nil)
        .first { $0.measure.id == "export-test" })
    #expect(result.amount?.min == Double(yen) && result.amount?.max == Double(yen))
  }

  @Test func anUnknownRoundingIsRefused() {
    let amount = #"{"per": "month", "rule": "1000", "rounding": "bankers"}"#
    #expect(Self.compile(Self.measure(amount: amount)).1.contains { $0.contains("'rounding' is floor, round or ceil") })
  }
}
