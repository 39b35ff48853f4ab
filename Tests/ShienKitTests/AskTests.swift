import Testing

@testable import ShienMatching
@testable import ShienSupport

/// `shien ask` against the residents' questions of Resources/ask-questions.tsv, and the answers it must never make up.
@Suite struct AskTests {
  struct Row {
    var line: Int
    var question: String
    var language: Language
    var municipality: String?
    var subject: String
    var aspect: String
    var found: Bool
    var deadline: String?
  }

  static let asOf = Fixtures.date("2026-12-06")
  static let engine = AskEngine(catalog: Fixtures.catalog)

  static let rows: [Row] = {
    let path = String(#filePath.dropLast("AskTests.swift".count)) + "Resources/ask-questions.tsv"
    let text = String(decoding: try! readFile(path), as: UTF8.self)
    var rows: [Row] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if line.isEmpty || line.hasPrefix("#") { continue }
      let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      precondition(cells.count == 7, "ask-questions.tsv:\(index + 1): expected 7 cells, found \(cells.count)")
      rows.append(
        Row(
          line: index + 1, question: cells[0], language: Language(rawValue: cells[1])!,
          municipality: cells[2].isEmpty ? nil : cells[2], subject: cells[3], aspect: cells[4],
          found: cells[5] == "yes",
          deadline: cells[6].isEmpty ? nil : cells[6]))
    }
    return rows
  }()

  static func answer(_ row: Row) -> AskAnswer {
    let municipality = row.municipality.map { try! Fixtures.catalog.municipality(matching: $0) }
    return engine.answer(row.question, municipality: municipality, asOf: asOf, language: row.language)
  }

  static func subjectID(_ answer: AskAnswer) -> String {
    switch answer.subject {
    case .measure(let id)?, .procedure(let id, _)?: id
    case .desk(let id)?: "desk:" + id
    case nil: "-"
    }
  }

  /// Right when the subject, the aspect, `found` and any concrete deadline are as expected; a question the catalog
  /// cannot answer is right when it gets no answer.
  static func isRight(_ row: Row, _ answer: AskAnswer) -> Bool {
    if row.subject == "-" { return !answer.found }
    return subjectID(answer) == row.subject && answer.aspect.rawValue == row.aspect && answer.found == row.found
      && (row.deadline == nil || answer.deadline?.date.description == row.deadline)
  }

  @Test func theTestSetHasSixtyQuestionsAsResidentsAskThem() {
    #expect(AskTests.rows.count >= 60)
    #expect(AskTests.rows.contains { $0.language == .en })
    #expect(AskTests.rows.contains { $0.question.unicodeScalars.contains { (0xFF01...0xFF5E).contains($0.value) } })
    #expect(AskTests.rows.filter { $0.subject == "-" }.count >= 10)
  }

  @Test func answersAtLeastNinetyPercentRightAndNeverMakesUpAnAnswer() {
    var right = 0
    var outsideRight = 0
    var misses: [String] = []
    let outside = AskTests.rows.filter { $0.subject == "-" }
    for row in AskTests.rows {
      let answer = AskTests.answer(row)
      if AskTests.isRight(row, answer) {
        right += 1
        if row.subject == "-" { outsideRight += 1 }
      } else {
        misses.append(
          "ask-questions.tsv:\(row.line): \(row.question) → \(AskTests.subjectID(answer)) \(answer.aspect.rawValue) found=\(answer.found) deadline=\(answer.deadline?.date.description ?? "-") (expected \(row.subject) \(row.aspect) \(row.found))"
        )
      }
    }
    let share = Double(right) / Double(AskTests.rows.count)
    print(
      "ask test set: \(right)/\(AskTests.rows.count) right (\(Int((share * 1000).rounded()) / 10)%); not in the catalog: \(outsideRight)/\(outside.count)"
    )
    for miss in misses { print("  miss: \(miss)") }
    #expect(share >= 0.9, "\(misses.joined(separator: "\n"))")
    #expect(outsideRight == outside.count)
  }

  @Test func aDateInTheQuestionGivesTheConcreteDeadline() throws {
    let answer = AskTests.engine.answer(
      "1月10日に生まれました。出生届はいつまで？", municipality: nil, asOf: AskTests.asOf, language: .ja)
    #expect(answer.found)
    #expect(answer.eventDate?.description == "2026-01-10")
    #expect(answer.deadline?.date.description == "2026-01-23")
    #expect(answer.lines.first?.contains("2026-01-23") == true)
    #expect(!answer.sources.isEmpty)
  }

  @Test func aDeadlineOnAClosedDayMovesToTheNextOpenDay() throws {
    // 2027-01-23 is a Saturday: 14 days counting 10 January 2027 end on it, so the deadline is Monday 25 January.
    let answer = AskTests.engine.answer(
      "2027年1月10日に生まれました。出生届の期限は？", municipality: nil, asOf: AskTests.asOf, language: .ja)
    #expect(answer.deadline?.lastDayOfPeriod.description == "2027-01-23")
    #expect(answer.deadline?.date.description == "2027-01-25")
  }

  @Test func anAnswerNamesTheMunicipalitysDeskWithPhoneAndHours() throws {
    let koga = try Fixtures.catalog.municipality(matching: "古賀市")
    let answer = AskTests.engine.answer("児童扶養手当はどこで申請しますか", municipality: koga, asOf: AskTests.asOf, language: .ja)
    #expect(answer.found)
    #expect(answer.desk?.phone == "092-942-1157")
    #expect(answer.lines.first?.contains("092-942-1157") == true)
    // The municipality named in the question counts as --municipality.
    let named = AskTests.engine.answer("古賀市の児童扶養手当の窓口は？", municipality: nil, asOf: AskTests.asOf, language: .ja)
    #expect(named.municipality?.code == "40223")
    #expect(named.desk?.phone == "092-942-1157")
  }

  @Test func withoutAnAnswerItSaysSoAndGivesNoFacts() {
    let answer = AskTests.engine.answer("パスポートの申請はどこでできますか", municipality: nil, asOf: AskTests.asOf, language: .ja)
    #expect(!answer.found)
    #expect(answer.subject == nil)
    #expect(answer.sources.isEmpty)
    #expect(answer.deadline == nil)
    #expect(answer.lines.first?.contains("カタログにありません") == true)
    // A subject whose data says nothing on the aspect asked: not found either, and the desk to ask.
    let silent = AskTests.engine.answer("出産手当金はいつ振り込まれますか", municipality: nil, asOf: AskTests.asOf, language: .ja)
    #expect(silent.subject == .measure("maternity-allowance"))
    #expect(!silent.found)
    #expect(silent.desk != nil)
    #expect(silent.lines == ["カタログには「出産手当金」の支給日の記載がありません。窓口にお問い合わせください。"])
  }

  @Test func answersInEnglishAndEasyJapanese() {
    let english = AskTests.engine.answer(
      "When is the child allowance paid?", municipality: nil, asOf: AskTests.asOf, language: .en)
    #expect(english.lines.first?.contains("even months") == true)
    let easy = AskTests.engine.answer("じどうてあて は いつ もらえますか", municipality: nil, asOf: AskTests.asOf, language: .jaEasy)
    #expect(easy.found)
    #expect(easy.aspect == .payment)
  }
}
