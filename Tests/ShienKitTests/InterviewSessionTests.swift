import Testing

@testable import ShienFacts
@testable import ShienInterview
@testable import ShienMatching
@testable import ShienSupport

private let asOf = Fixtures.date("2025-06-01")

/// The members of a single parent with two children in 古賀市, answered as people do; then 「全部見たい」 (every
/// measure in focus) and nothing received yet.
private let kogaMembers = ["古賀市", "平成2年6月15日", "いいえ", "２", "2016/5/10", "R5.1.20", "0", "8", "なし"]

private func session(_ answers: [String]) throws -> InterviewSession {
  var session = InterviewSession(catalog: Fixtures.catalog, asOf: asOf)
  for answer in answers {
    switch InterviewReply(answer) {
    case .skip: session.skip()
    case .back: session.back()
    default: try session.answer(answer)
    }
  }
  return session
}

private func key(_ session: InterviewSession) -> String? { session.step.map { session.key(for: $0) } }

/// A single parent of the 古賀市 household, after the members: answers by the question's key (a fact id or a
/// screening group), and "わからない" to everything else — the catalog grows, and so do its questions.
let kogaParent: [String: String] = [
  "income": "２４０万円", "employment": "会社員", "disability": "いいえ", "pregnancy": "なし", "student": "いいえ",
  "health_insurance": "2", "job_seeking": "いいえ", "public_assistance": "いいえ", "resident_tax_exempt": "いいえ",
  "any-hospitalized": "いいえ", "bereavement": "なし", "savings": "50万", "childcare_leave": "なし",
  "business_expenses": "0", "any-pregnancy": "いいえ", "any-job_seeking": "いいえ", "any-student": "いいえ",
  "any-childcare_leave": "いいえ",
]

/// Answers every question left by `persona` (by the key's fact or group id; わからない to the rest).
@discardableResult
func answerAll(_ session: inout InterviewSession, _ persona: [String: String], limit: Int = 60) throws -> [String] {
  var asked: [String] = []
  while let step = session.step, asked.count < limit {
    let key = session.key(for: step)
    asked.append(key)
    let parts = key.split(separator: ".").map(String.init)
    if parts[0] == "screens" {
      // Several "is anyone …?" questions as one multiple choice: the numbers of those the persona says yes to.
      let ids = parts[1].split(separator: "+").map(String.init)
      let yes = ids.indices.filter { persona[ids[$0]].map { (try? EverydayInput.yesNo($0)) == true } ?? false }
      if ids.contains(where: { persona[$0] != nil }) {
        try session.answer(yes.isEmpty ? "なし" : yes.map { String($0 + 1) }.joined(separator: ","))
      } else {
        session.skip()
      }
      continue
    }
    if parts.count > 1, let answer = persona[key] ?? persona[parts[1]], InterviewReply(answer) != .skip {
      try session.answer(answer)
    } else {
      session.skip()
    }
  }
  return asked
}

@Suite struct InterviewSessionTests {
  static func start(_ answers: [String]) throws -> InterviewSession { try session(answers) }

  @Test func theMunicipalityAndTheMembersComeFirst() throws {
    var session = InterviewSession(catalog: Fixtures.catalog, asOf: asOf)
    var keys: [String] = []
    for answer in kogaMembers {
      keys.append(try #require(key(session)))
      try session.answer(answer)
    }
    #expect(
      keys == [
        "municipality", "member.0.birth", "spouse", "children", "member.1.birth", "member.2.birth", "others",
        "concerns", "receiving",
      ])
    #expect(session.municipality?.code == "40223")
    #expect(session.household.members.map(\.role) == ["self", "child", "child"])
    #expect(session.household.members[0].birthDate == Fixtures.date("1990-06-15"))
    #expect(session.household.members[2].birthDate == Fixtures.date("2023-01-20"))
  }

  @Test func aSingleParentOfTwoInKogaIsToldAboutBothAllowances() throws {
    var session = try session(kogaMembers)
    try answerAll(&session, kogaParent)
    #expect(session.step == nil)
    #expect(session.questionsAsked <= 25)
    let eligible = session.results.filter { $0.status == .eligible }
    #expect(eligible.contains { $0.measure.id == "child-allowance" })
    #expect(eligible.contains { $0.measure.id == "child-support-allowance" })
    #expect(eligible.first { $0.measure.id == "child-allowance" }?.amount?.min == 25000)
    #expect(eligible.first { $0.measure.id == "child-support-allowance" }?.amount?.max == 57720)
  }

  @Test func aWrongAnswerIsRefusedAndTheQuestionStays() throws {
    var session = try session(["古賀市"])
    #expect(throws: InterviewInputError.input(.notADate("きのう"))) { try session.answer("きのう") }
    #expect(throws: InterviewInputError.empty) { try session.answer("　") }
    #expect(key(session) == "member.0.birth")
    #expect(session.questionsAsked == 1)
    try session.answer("35")
    #expect(session.household.members[0].age == 35)
  }

  @Test func anUnknownMunicipalitySuggestsTheClosestAndAnAmbiguousOneAsksForThePrefecture() throws {
    var session = InterviewSession(catalog: Fixtures.catalog, asOf: asOf)
    do {
      try session.answer("古河市x")
      Issue.record("accepted an unknown municipality")
    } catch {
      #expect(error.message(language: .ja).contains("見つかりません"))
    }
    do {
      try session.answer("府中市")
      Issue.record("accepted an ambiguous municipality")
    } catch {
      #expect(error.message(language: .ja).contains("東京都府中市"))
      #expect(error.message(language: .en).contains("広島県府中市"))
    }
    try session.answer("広島県府中市")
    #expect(session.municipality?.prefecture == "広島県")
  }

  @Test func aChoiceRefusedShowsTheLabelsInTheLanguage() throws {
    var session = try session(["古賀市", "35", "いいえ", "0", "1"])
    #expect(key(session) == "member.1.role")
    do {
      try session.answer("いとこ")
      Issue.record("accepted a role that is not offered")
    } catch {
      #expect(error.message(language: .ja).contains("1. 親"))
      #expect(error.message(language: .en).contains("1. parent"))
    }
    try session.answer("2")
    #expect(session.household.members[1].role == "grandparent")
  }

  @Test func backUndoesTheLastAnswerOnly() throws {
    var session = try session(["古賀市", "35", "はい"])
    #expect(session.household.members.map(\.role) == ["self", "spouse"])
    let wentBack = session.back()
    #expect(wentBack)
    #expect(key(session) == "spouse")
    #expect(session.household.members.map(\.role) == ["self"])
    #expect(session.household.members[0].age == 35)
    session.back()
    session.back()
    let wentBackAgain = session.back()
    #expect(!wentBackAgain, "nothing before the first question")
    #expect(key(session) == "municipality")
  }

  @Test func aPresetMunicipalityIsNotAskedAndBackStopsBeforeIt() throws {
    var session = InterviewSession(catalog: Fixtures.catalog, asOf: asOf)
    try session.presetMunicipality("40223")
    #expect(key(session) == "member.0.birth")
    #expect(session.questionsAsked == 0)
    let wentBack = session.back()
    #expect(!wentBack)
    #expect(throws: InterviewInputError.self) { try session.presetMunicipality("どこでもない町") }
  }

  @Test func dontKnowLeavesTheFactOpenAndIsNotAskedAgain() throws {
    var session = try session(kogaMembers)
    // The income decides the most money: it comes first.
    #expect(key(session) == "fact.income.0")
    session.skip()
    #expect(key(session) != "fact.income.0")
    let income = Fixtures.vocabulary.index(of: "income")!
    #expect(session.household.members[0].facts[income] == nil)
    let support = try #require(session.results.first { $0.measure.id == "child-support-allowance" })
    #expect(support.status == .maybe)
    #expect(support.missing.contains(MissingFact(member: 0, fact: income)))
    // Not asked again, whatever comes next.
    while let step = session.step {
      #expect(session.key(for: step) != "fact.income.0")
      session.skip()
    }
  }

  @Test func dontKnowAboutDisabilitiesSkipsEveryDisabilityQuestion() throws {
    var session = try session(kogaMembers)
    let asked = try answerAll(&session, ["income": "２４０万円"])
    #expect(asked.contains("screen.disability"))
    #expect(!asked.contains { $0.contains("disability") && $0 != "screen.disability" })
  }

  @Test func aDisabilityIsAskedPerMemberAfterAYes() throws {
    var session = try session(kogaMembers)
    let asked = try answerAll(
      &session,
      [
        "income": "２４０万円", "screen.disability": "はい", "screen.disability.0": "いいえ", "screen.disability.1": "はい",
        "screen.disability.2": "わからない",
      ])
    #expect(asked.prefix(2) == ["fact.income.0", "screen.disability"])
    // Then member by member: a certificate question only for the member who said yes.
    #expect(asked.contains("screen.disability.1"))
    #expect(asked.contains("screen.disability.2"))
    let grades = asked.filter { $0.hasPrefix("fact.disability_") }
    #expect(!grades.isEmpty)
    #expect(grades.allSatisfy { $0.hasSuffix(".1") })
    #expect(asked.firstIndex(of: "screen.disability.1")! < asked.firstIndex(of: grades[0])!)
  }

  @Test func aYesNoQuestionSeveralMembersWouldGetIsAskedOnceForTheHousehold() throws {
    var session = try session(kogaMembers)
    let noOne = try answerAll(&session, kogaParent)
    // Asked for the household, alone or with the other "is anyone …?" questions as one multiple choice.
    #expect(
      noOne.contains { $0 == "screen.any-hospitalized" || $0.hasPrefix("screens.") && $0.contains("any-hospitalized") })
    #expect(!noOne.contains { $0.hasPrefix("fact.hospitalized") })
    var again = try InterviewSessionTests.start(kogaMembers)
    var persona = kogaParent
    persona["any-hospitalized"] = "はい"
    persona["hospitalized"] = "いいえ"
    let someone = try answerAll(&again, persona)
    #expect(someone.contains { $0.hasPrefix("fact.hospitalized.") })
  }

  /// After the members, only the measures that rested on the answered facts are evaluated again: at every step the
  /// results must be what evaluating everything afresh gives. Each persona answers by the question's key (the first
  /// key part that matches), and "わからない" to anything else.
  @Test(arguments: [
    kogaParent,
    ["disability": "いいえ", "employment": "4", "income": "500万", "business_expenses": "100万", "any-hospitalized": "はい"],
    [
      "disability": "はい", "screen.disability.1": "はい", "disability_physical_grade": "2",
      "disability_intellectual_grade": "B", "disability_mental_grade": "0", "internal_disability": "いいえ",
      "income": "180万",
    ],
    ["screen.disability.1": "はい", "disability": "いいえ", "disability_physical_grade": "1", "income": "0"],
    [:],
  ])
  func onlyWhatAnAnswerTouchesIsEvaluatedAgain(persona: [String: String]) throws {
    var session = try session(kogaMembers)
    for _ in 0..<60 {
      guard let step = session.step else { break }
      let key = session.key(for: step)
      let parts = key.split(separator: ".").map(String.init)
      if let answer = persona[key] ?? (parts.count > 1 ? persona[parts[1]] : nil) {
        try session.answer(answer)
      } else {
        session.skip()
      }
      let fresh = session.fullResults()
      #expect(session.results.map(\.measure.id) == fresh.map(\.measure.id), "\(key)")
      #expect(session.results.map(\.status) == fresh.map(\.status), "\(key)")
      #expect(session.results.map(\.amount) == fresh.map(\.amount), "\(key)")
      #expect(session.results.map(\.missing) == fresh.map(\.missing), "\(key)")
    }
    #expect(session.step == nil)
  }

  @Test func theLogReplaysToTheSameHousehold() throws {
    var original = try session(kogaMembers)
    try answerAll(&original, kogaParent, limit: 3)
    let resumed = InterviewSession(catalog: Fixtures.catalog, asOf: asOf, answers: original.answers)
    #expect(resumed.answers == original.answers)
    #expect(resumed.document(id: "x") == original.document(id: "x"))
    #expect(resumed.step == original.step)
    // Canonical values: what the parsers read back the same way.
    #expect(
      original.answers.prefix(10).map(\.value) == [
        "40223", "1990-06-15", "false", "2", "2016-05-10", "2023-01-20", "0", "everything", "", "2400000",
      ])
  }

  @Test func entriesThatNoLongerFitAreLeftOutOnReplay() {
    let answers = [
      InterviewSession.Answer(key: "municipality", value: "40223"),
      InterviewSession.Answer(key: "fact.no_such_fact.0", value: "1"),
      InterviewSession.Answer(key: "member.7.birth", value: "2000-01-01"),
      InterviewSession.Answer(key: "member.0.birth", value: "not a date"),
      InterviewSession.Answer(key: "member.0.birth", value: "40"),
    ]
    let session = InterviewSession(catalog: Fixtures.catalog, asOf: asOf, answers: answers)
    #expect(session.answers.map(\.key) == ["municipality", "member.0.birth"])
    #expect(session.household.members[0].age == 40)
  }

  @Test func theDocumentIsTheBriefsHouseholdDocument() throws {
    var session = try session(kogaMembers)
    try answerAll(&session, kogaParent)
    let text = session.document(id: "koga")
    let decoded = try HouseholdDecoder(vocabulary: Fixtures.vocabulary).decode(Array(text.utf8))
    #expect(decoded.id == "koga")
    #expect(decoded.asOf == asOf)
    #expect(decoded.members.count == 3)
    #expect(text.contains(#""municipality":"古賀市""#))
    #expect(text.contains(#""income":2400000"#))
    #expect(text.contains(#""disability_physical_grade":0"#))
    let results = Matcher(catalog: Fixtures.catalog).match(
      session.evaluatedHousehold, asOf: asOf, municipality: session.municipality)
    #expect(results.map(\.status) == session.results.map(\.status))
  }

  @Test(arguments: [
    ("わからない", InterviewReply.skip), ("?", .skip), ("skip", .skip), ("戻る", .back), ("<", .back), ("BACK", .back),
    ("やめる", .quit), ("q", .quit), ("Ｑ", .quit), ("help", .help), ("ヘルプ", .help), ("はい", .answer("はい")),
    ("2", .answer("2")), ("B", .answer("B")),
  ])
  func wordsThatWorkAtEveryQuestion(text: String, reply: InterviewReply) {
    #expect(InterviewReply(text) == reply)
  }

  @Test func everyQuestionReadsInEveryLanguage() throws {
    var session = InterviewSession(catalog: Fixtures.catalog, asOf: asOf)
    var seenMemberFact = false
    for index in 0..<60 {
      guard let step = session.step else { break }
      for language in Language.allCases {
        let words = InterviewStrings(language)
        let prompt = words.prompt(for: step, in: session)
        #expect(!prompt.question.isEmpty)
        #expect(!words.help(for: step, in: session).isEmpty)
      }
      if case .planned(.fact(let missing)) = step, missing.member == 1 {
        // In English a question about "this person" names the member instead ("Is your child 1 in hospital?").
        let english = InterviewStrings(.en).prompt(for: step, in: session).question
        #expect(english.hasPrefix("About your child 1: ") || english.contains("your child 1"), "\(english)")
        #expect(!english.contains("this person"))
        #expect(InterviewStrings(.ja).prompt(for: step, in: session).question.hasPrefix("1人目の子について："))
        seenMemberFact = true
      }
      let key = session.key(for: step)
      if index < kogaMembers.count {
        try session.answer(kogaMembers[index])
      } else if key.hasPrefix("screens.") {
        try session.answer("1")
      } else if key.hasPrefix("screen") {
        try session.answer("はい")
      } else if (try? session.answer("1")) == nil {
        session.skip()
      }
    }
    #expect(seenMemberFact)
  }
}
