import Foundation
import Testing

@testable import ShienCatalog
@testable import ShienFacts
@testable import ShienMatching
@testable import ShienRender
@testable import ShienStore
@testable import ShienSupport

@Suite struct SearchTextTests {
  @Test(arguments: [
    ("ｼﾝｸﾞﾙﾏｻﾞｰ", "しんぐるまざー"), ("シングルマザー", "しんぐるまざー"), ("ＡＢＣ　ｄ", "abc d"),
    ("  Child   Allowance ", "child allowance"), ("児童手当", "児童手当"), ("ヴァイオリン", "ゔぁいおりん"),
  ])
  func normalizesWidthKanaAndCase(text: String, normalized: String) {
    #expect(SearchText.normalize(text) == normalized)
  }
}

@Suite struct OfficeCalendarTests {
  let calendar = Fixtures.catalog.officeCalendar

  @Test(arguments: [
    ("2026-01-25", "日曜日"), ("2026-01-24", "土曜日"), ("2026-01-12", "成人の日"), ("2025-12-29", "年末年始"),
    ("2026-01-03", "年末年始"), ("2024-02-12", "振替休日"),
  ])
  func closedDays(date: String, reason: String) {
    #expect(calendar.closure(on: Fixtures.date(date)) == reason)
  }

  @Test(arguments: ["2026-01-23", "2026-01-26", "2025-12-26", "2026-01-05"])
  func openDays(date: String) {
    #expect(calendar.closure(on: Fixtures.date(date)) == nil)
  }

  @Test func nextOpenDaySkipsTheYearEndAndAWeekend() {
    // 27 Dec 2025 is a Saturday; 29 Dec – 3 Jan is the year-end break; 4 Jan is a Sunday.
    #expect(calendar.nextOpenDay(onOrAfter: Fixtures.date("2025-12-27")) == Fixtures.date("2026-01-05"))
  }

  @Test func birthDeadlines() throws {
    let birth = Fixtures.date("2026-01-10")
    let event = try #require(Fixtures.catalog.events.first { $0.id == "birth" })
    let registration = try #require(event.procedures.first { $0.id == "birth-registration" }?.due)
    let deadline = registration.deadline(after: birth, calendar: calendar)
    #expect(deadline.date == Fixtures.date("2026-01-23"))
    #expect(!deadline.hasMoved)
    let allowance = try #require(Fixtures.catalog.measure(id: "child-allowance")?.procedure.due)
    let claim = allowance.deadline(after: birth, calendar: calendar)
    #expect(claim.lastDayOfPeriod == Fixtures.date("2026-01-25"))
    #expect(claim.date == Fixtures.date("2026-01-26"))
    #expect(claim.movedBecause == "日曜日")
    #expect(claim.isCertain)
  }

  @Test func aRuleThatKeepsClosedDaysDoesNotMove() {
    let due = Measure.Due(events: ["move-in"], length: .days(14), start: .dayAfter, movesPastClosedDays: false)
    // 14 days from the day after 2026-01-10 end on Saturday 2026-01-24.
    #expect(due.deadline(after: Fixtures.date("2026-01-10"), calendar: calendar).date == Fixtures.date("2026-01-24"))
  }

  @Test func aDateOutsideTheHolidayTableIsUncertain() {
    let due = Measure.Due(events: ["birth"], length: .days(15), start: .dayAfter, movesPastClosedDays: true)
    #expect(!due.deadline(after: Fixtures.date("2031-05-01"), calendar: calendar).isCertain)
  }
}

@Suite struct LifeEventCatalogTests {
  @Test func eventsCarryTheirProceduresThroughTheBinary() throws {
    let catalog = Fixtures.catalog
    let decoded = try CatalogBinary.decode(CatalogBinary.encode(catalog))
    #expect(decoded.events.map(\.id) == catalog.events.map(\.id))
    #expect(decoded.events.map { $0.procedures.map(\.id) } == catalog.events.map { $0.procedures.map(\.id) })
    let birth = try #require(decoded.events.first { $0.id == "birth" })
    #expect(birth.procedures.first?.id == "birth-registration")
    #expect(
      birth.procedures.first?.due
        == Measure.Due(events: ["birth"], length: .days(14), start: .eventDay, movesPastClosedDays: true))
    #expect(decoded.holidays == catalog.holidays)
    #expect(decoded.holidays.count == 129)
    #expect(decoded.synonyms == catalog.synonyms)
    #expect(decoded.documentKinds.map(\.id) == catalog.documentKinds.map(\.id))
  }

  @Test func everyProcedureNamesAKnownRoleAndASource() {
    let catalog = Fixtures.catalog
    for procedure in catalog.events.flatMap(\.procedures) {
      #expect(catalog.roles[procedure.deskRole] != nil, "\(procedure.id)")
      #expect(!procedure.sources.isEmpty, "\(procedure.id)")
    }
  }

  @Test func aProcedureDueRuleMayNotNameAnotherEvent() {
    var compiler = CatalogCompiler()
    var files = Fixtures.compiled.files.filter { $0.path != "catalog/events.json" }
    files.append(
      SourceFile(
        path: "catalog/events.json",
        bytes: Array(
          """
          {"events": [{"id": "birth", "name": {"ja": "出生"}, "procedures": [
            {"id": "x", "name": {"ja": "x"}, "desk": "市民課", "deadline": {"ja": "14日"},
             "due": {"after": ["birth"], "days": 14}, "sources": []}]}]}
          """.utf8)))
    _ = compiler.compile(files)
    #expect(compiler.errors.contains { $0.message.hasPrefix("unknown key 'after'") })
  }

  @Test(arguments: [("birth", "birth"), ("出生", "birth"), ("おくやみ", "death"), ("転入", "move-in")])
  func findsEventsByIdOrName(text: String, id: String) {
    #expect(Fixtures.catalog.event(matching: text)?.id == id)
  }

  @Test func birthPlanOrdersProceduresThenMeasuresByDeadline() throws {
    let catalog = Fixtures.catalog
    let event = try #require(catalog.events.first { $0.id == "birth" })
    let plan = catalog.plan(event, on: Fixtures.date("2026-01-10"), household: nil, municipality: nil)
    #expect(plan.procedures.first?.id == "birth-registration")
    #expect(plan.procedures.first?.deadline?.date == Fixtures.date("2026-01-23"))
    #expect(plan.measures.first?.id == "child-allowance")
    #expect(plan.measures.first?.deadline?.date == Fixtures.date("2026-01-26"))
  }

  @Test func aHouseholdNarrowsTheMeasures() throws {
    let catalog = Fixtures.catalog
    let event = try #require(catalog.events.first { $0.id == "birth" })
    let household = try Fixtures.household(
      """
      {"members": [{"role": "self", "birth_date": "1990-01-01"}, {"role": "spouse", "birth_date": "1991-01-01"},
                   {"role": "child", "birth_date": "2026-01-10", "disability_physical_grade": 0,
                    "disability_intellectual_grade": "none", "disability_mental_grade": 0}]}
      """)
    let plan = catalog.plan(event, on: Fixtures.date("2026-01-10"), household: household, municipality: nil)
    #expect(plan.measures.map(\.id).contains("child-allowance"))
    #expect(!plan.measures.map(\.id).contains("child-support-allowance"))
    #expect(plan.measures.allSatisfy { $0.status != nil && $0.status != .ineligible })
  }
}

@Suite struct SearchEngineTests {
  let engine: SearchEngine
  let db: Database

  init() throws {
    db = try Database(path: ":memory:")
    try CatalogDatabase.populate(db, with: Fixtures.catalog, sources: Fixtures.compiled.files)
    engine = SearchEngine(database: db)
  }

  func ids(_ query: String, _ language: Language = .ja) throws -> [String] {
    try engine.search(query, language: language).hits.map(\.id)
  }

  @Test func twoCharacterWordsFindTheAllowances() throws {
    let hits = try engine.search("手当", language: .ja).hits
    for id in [
      "child-allowance", "child-support-allowance", "disabled-child-welfare-allowance",
      "special-child-rearing-allowance",
    ] {
      #expect(hits.contains { $0.id == id })
    }
    // Hits in a name come first.
    #expect(hits.prefix(4).allSatisfy { $0.name.contains("手当") })
  }

  @Test func trigramIndexFindsNothingForTwoCharactersWhichIsWhyShortWordsScanTheContentTable() throws {
    var count = -1
    try db.makeStatement(sql: "SELECT count(*) FROM search WHERE search MATCH ?").forEachRow(arguments: [
      .text("\"手当\"")
    ]) { count = $0.int(at: 0) }
    #expect(count == 0)
  }

  @Test(arguments: [
    ("児童手当", "child-allowance"), ("じどうてあて", "child-allowance"), ("シングルマザー", "child-support-allowance"),
    ("ｼﾝｸﾞﾙﾏｻﾞｰ", "child-support-allowance"), ("母子家庭", "child-support-allowance"), ("子供", "child-allowance"),
    ("出生届", "birth-registration"), ("死亡届", "death-registration"), ("child allowance", "child-allowance"),
    ("ＣＨＩＬＤ　ＡＬＬＯＷＡＮＣＥ", "child-allowance"), ("赤ちゃん", "child-allowance"), ("引っ越し", "move-in-notification"),
  ])
  func everydayWordsFindTheCatalogsWords(query: String, expected: String) throws {
    #expect(try ids(query).contains(expected))
  }

  @Test func nameHitsRankAboveOtherFields() throws {
    #expect(try ids("児童扶養手当").first == "child-support-allowance")
    let hit = try #require(try engine.search("児童手当", language: .ja).hits.first)
    #expect(hit.id == "child-allowance")
    #expect(hit.fields.first == .name)
    #expect(hit.summary.hasSuffix("。"))
  }

  @Test func everyWordMustMatch() throws {
    #expect(try ids("児童手当 障害").isEmpty)
    #expect(try ids("障害 手当").contains("disabled-child-welfare-allowance"))
  }

  @Test func answersInTheAskedLanguage() throws {
    let hit = try #require(try engine.search("child allowance", language: .en).hits.first)
    #expect(hit.name == "Child Allowance")
  }

  @Test func nothingFoundSuggestsCloseSpellings() throws {
    let result = try engine.search("児童手当て", language: .ja)
    #expect(result.hits.isEmpty)
    #expect(result.suggestions.first == "児童手当")
    #expect(try engine.search("児童手当の申請", language: .ja).suggestions.first == "児童手当")
    #expect(try engine.search("xyzzy", language: .ja).suggestions.isEmpty)
  }

  @Test func queryTextIsBoundNeverInterpolated() throws {
    for query in ["\"", "a\"b OR c", "'; DROP TABLE search; --", "*", "NEAR(", "%", "_"] {
      _ = try engine.search(query, language: .ja)
    }
    #expect(try ids("手当").count >= 4)
  }
}

@Suite struct HandoutTests {
  func handout() throws -> Handout {
    let catalog = Fixtures.catalog
    let bytes = try readFile(Fixtures.resources + "/examples/koga-single-parent.json")
    var household = try HouseholdDecoder(vocabulary: catalog.vocabulary).decode(bytes)
    HouseholdDecoder(vocabulary: catalog.vocabulary).inferSingleParent(&household)
    let matcher = Matcher(catalog: catalog)
    let municipality = try matcher.municipality(of: household)
    let asOf = Fixtures.date("2025-06-01")
    let report = Report(
      householdID: household.id, asOf: asOf, municipality: municipality, catalogVersion: catalog.version,
      catalogDigest: catalog.digest, results: matcher.match(household, asOf: asOf, municipality: municipality))
    return Handout.forReport(report, household: household, catalog: catalog, language: .ja)
  }

  @Test func checklistMergesTheSameDocumentAcrossMeasures() throws {
    let handout = try handout()
    #expect(handout.entries.map(\.id).first == "child-allowance")
    let myNumber = handout.checklist.filter { $0.text.hasPrefix("マイナンバーがわかるもの") }
    #expect(myNumber.count == 1)
    #expect(try #require(myNumber.first).entries.count >= 3)
    let texts = handout.checklist.map(\.text)
    #expect(Set(texts).count == texts.count)
    for entry in handout.entries { #expect(entry.checklistNumbers == entry.checklistNumbers.sorted()) }
  }

  @Test func htmlIsSelfContainedEscapedAndPrintable() throws {
    var handout = try handout()
    handout.meta.append("<script>alert('x')</script> & co")
    let html = HandoutRenderer(language: .ja).html(handout)
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"ja\">"))
    #expect(html.contains("@page { size: A4"))
    #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"))
    #expect(!html.contains("<script"))
    #expect(!html.contains("<link"))
    #expect(!html.contains("src="))
    #expect(!html.contains("@import"))
  }

  @Test func markdownHasTheChecklist() throws {
    let markdown = HandoutRenderer(language: .ja).markdown(try handout())
    #expect(markdown.hasPrefix("# 支援制度のご案内\n"))
    #expect(markdown.contains("\n- [ ] "))
    #expect(markdown.contains("## 出典"))
  }

  @Test func escapeCoversEveryMarkupCharacter() {
    #expect(HTMLPage.escape("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;")
    #expect(HandoutRenderer.escapeMarkdown("*a* [b](c) |") == "\\*a\\* \\[b\\](c) \\|")
  }
}

@Suite struct SourceStampTests {
  @Test func stampsChangeWhenASourceChanges() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "shien-stamps-\(currentProcessID())-\(Int.random(in: 0..<1_000_000))"
    ).path
    #expect(makeDirectories(root + "/catalog/measures"))
    defer {
      for path in ["/catalog/measures/a.json", "/catalog/roles.json", "/facts.json"] { removeFile(root + path) }
    }
    try writeFileAtomically(root + "/facts.json", Array("{}".utf8))
    try writeFileAtomically(root + "/catalog/roles.json", Array("{}".utf8))
    try writeFileAtomically(root + "/catalog/measures/a.json", Array("{\"id\": \"a\"}".utf8))
    let before = CatalogLocator.sourceStamps(in: root)
    #expect(CatalogLocator.sourceStamps(in: root) == before)
    #expect(
      CatalogLocator.sourcePaths(in: root).sorted() == ["catalog/measures/a.json", "catalog/roles.json", "facts.json"])
    try writeFileAtomically(root + "/catalog/measures/a.json", Array("{\"id\": \"b\", \"x\": 1}".utf8))
    #expect(CatalogLocator.sourceStamps(in: root) != before)
  }
}
