import Testing

@testable import ShienCatalog
@testable import ShienFacts
@testable import ShienInterview
@testable import ShienMatching
@testable import ShienSupport

/// A catalog of the real vocabulary with the measures given here instead of the bundled ones.
private func catalog(measures: [String]) throws -> Catalog {
  var files = try CatalogLocator.sourceFiles(in: Fixtures.resources).filter { !$0.path.hasPrefix("catalog/measures/") }
  for (index, measure) in measures.enumerated() {
    files.append(SourceFile(path: "catalog/measures/m\(index).json", bytes: Array(measure.utf8)))
  }
  var compiler = CatalogCompiler()
  let compiled = compiler.compile(files)
  return try #require(compiled, "\(compiler.errors.map(\.description))")
}

/// One measure paying `amount` a month when `rule` holds.
private func measure(_ id: String, _ rule: String, amount: Int? = nil) -> String {
  let amountField = amount.map { #", "amount": {"per": "month", "rule": "\#($0)"}"# } ?? ""
  return #"""
    {"id": "\#(id)", "name": {"ja": "\#(id)"}, "summary": {"ja": "\#(id)"}, "category": "benefit",
     "scope": "national", "desk": "子育て支援", "procedure": {"steps": []},
     "sources": [{"url": "https://www.example.org/", "checked": "2025-01-01"}],
     "eligibility": [{"text": {"ja": "\#(id)"}, "rule": "\#(rule)"}]\#(amountField)}
    """#
}

/// A household of one resident aged 35 and one child born 2016-05-10, no disabilities stated.
private func household(_ catalog: Catalog) -> Household {
  var flags = HouseholdFlags(vocabulary: catalog.vocabulary, asOf: Fixtures.date("2025-06-01"))
  try! flags.addMember(role: "self", spec: "35", flag: "--self")
  try! flags.addMember(role: "child", spec: "2016-05-10", flag: "--child")
  return flags.household
}

private func plan(_ catalog: Catalog, _ household: Household, context: QuestionPlanner.Context = .init())
  -> QuestionPlanner.Plan
{
  let matcher = Matcher(catalog: catalog)
  let asOf = Fixtures.date("2025-06-01")
  let results = matcher.match(household, asOf: asOf, municipality: nil)
  return QuestionPlanner(matcher: matcher).plan(
    household, results: results, asOf: asOf, municipality: nil, context: context)
}

private func fact(_ catalog: Catalog, _ id: String, member: Int?) -> PlannedQuestion {
  .fact(MissingFact(member: member, fact: catalog.vocabulary.index(of: id)!))
}

@Suite struct QuestionPlannerTests {
  @Test func asksWhatTheOnlyOpenMeasureNeeds() throws {
    let catalog = try catalog(measures: [measure("a", "any(p in members where p.role == 'self' and p.student)")])
    #expect(plan(catalog, household(catalog)).next == fact(catalog, "student", member: 0))
  }

  @Test func aQuestionWhoseEveryAnswerGivesTheSameResultIsNotAsked() throws {
    // The evaluator cannot see that 'student or not student' always holds; trying both answers shows it.
    let catalog = try catalog(measures: [
      measure("a", "any(p in members where p.role == 'self' and (p.student or not p.student))")
    ])
    let results = Matcher(catalog: catalog).match(
      household(catalog), asOf: Fixtures.date("2025-06-01"), municipality: nil)
    #expect(results.first?.status == .maybe)
    #expect(results.first?.missing == [MissingFact(member: 0, fact: catalog.vocabulary.index(of: "student")!)])
    #expect(plan(catalog, household(catalog)).next == nil)
  }

  @Test func nothingIsAskedOnceEveryMeasureIsSettled() throws {
    let catalog = try catalog(measures: [measure("a", "any(p in members where p.role == 'child')", amount: 10000)])
    #expect(plan(catalog, household(catalog)).next == nil)
  }

  @Test func theMeasureWithMoreAtStakeIsSettledFirst() throws {
    let catalog = try catalog(measures: [
      measure("small", "any(p in members where p.role == 'self' and p.student)", amount: 1000),
      measure("large", "any(p in members where p.role == 'self' and p.hospitalized)", amount: 50000),
    ])
    #expect(plan(catalog, household(catalog)).next == fact(catalog, "hospitalized", member: 0))
  }

  @Test func aFactThatSettlesMoreMeasuresComesFirst() throws {
    let catalog = try catalog(measures: [
      measure("one", "any(p in members where p.role == 'self' and p.student)", amount: 10000),
      measure("two", "any(p in members where p.role == 'self' and p.student and p.hospitalized)", amount: 10000),
      measure("three", "any(p in members where p.role == 'self' and p.hospitalized)", amount: 5000),
    ])
    // student settles 'one' and 'two' (20,000); hospitalized 'two' and 'three' (15,000).
    #expect(plan(catalog, household(catalog)).next == fact(catalog, "student", member: 0))
  }

  @Test func disabilityFactsAreScreenedFirstThenPerMember() throws {
    let catalog = try catalog(measures: [
      measure("a", "any(c in members where c.role == 'child' and c.disability_physical_grade in [1, 2])", amount: 30000)
    ])
    let group = try #require(ScreeningGroup.disability(in: catalog.vocabulary))
    var context = QuestionPlanner.Context()
    #expect(plan(catalog, household(catalog), context: context).next == .screening(group, member: nil))
    context.opened.insert(.screening(group, member: nil))
    #expect(plan(catalog, household(catalog), context: context).next == .screening(group, member: 1))
    context.opened.insert(.screening(group, member: 1))
    #expect(
      plan(catalog, household(catalog), context: context).next == fact(catalog, "disability_physical_grade", member: 1))
    // "わからない" to the household's screening leaves every disability question out.
    #expect(
      plan(catalog, household(catalog), context: .init(skipped: [.screening(group, member: nil)])).next == nil)
  }

  @Test func aFactSeveralMembersLackIsAskedOnceForTheHousehold() throws {
    let catalog = try catalog(measures: [
      measure("a", "any(p in members where p.pregnancy in ['under_6_months', 'over_6_months'])", amount: 50000)
    ])
    let pregnancy = catalog.vocabulary.index(of: "pregnancy")!
    let group = try #require(ScreeningGroup.anyone(pregnancy, in: catalog.vocabulary))
    #expect(group.noneValues == [.text("none")])
    #expect(plan(catalog, household(catalog)).next == .screening(group, member: nil))
    // After a yes, member by member; after "わからない", not at all.
    let opened = plan(catalog, household(catalog), context: .init(opened: [.screening(group, member: nil)]))
    #expect(opened.next == fact(catalog, "pregnancy", member: 0))
    #expect(plan(catalog, household(catalog), context: .init(skipped: [.screening(group, member: nil)])).next == nil)
    // A choice whose first value is not 'none' (a real answer, not an absence) is never screened this way.
    #expect(ScreeningGroup.anyone(catalog.vocabulary.index(of: "health_insurance")!, in: catalog.vocabulary) == nil)
    #expect(ScreeningGroup.anyone(catalog.vocabulary.index(of: "income")!, in: catalog.vocabulary) == nil)
  }

  @Test func aSkippedQuestionIsNotAskedAgain() throws {
    let catalog = try catalog(measures: [measure("a", "any(p in members where p.role == 'self' and p.student)")])
    let context = QuestionPlanner.Context(skipped: [fact(catalog, "student", member: 0)])
    #expect(plan(catalog, household(catalog), context: context).next == nil)
  }

  @Test func stakesFollowTheAmountAndAreNeverBelowTheFloor() {
    let measure = Fixtures.catalog.measures[0]
    func result(_ status: MeasureResult.Status, _ amount: MeasureResult.Amount?) -> MeasureResult {
      MeasureResult(
        measure: measure, status: status, amount: amount, missing: [], why: [], documents: [],
        desk: ResolvedDesk(name: LocalizedText(ja: ""), phone: nil, address: nil, hours: nil, url: nil, isGeneric: true)
      )
    }
    #expect(QuestionPlanner.stake(of: result(.maybe, nil)) == QuestionPlanner.floorStake)
    #expect(
      QuestionPlanner.stake(of: result(.maybe, .init(min: 0, max: 10000, per: .month, isVerified: true))) == 120_000)
    #expect(
      QuestionPlanner.stake(of: result(.eligible, .init(min: 8000, max: 10000, per: .month, isVerified: true)))
        == QuestionPlanner.floorStake)
    #expect(
      QuestionPlanner.stake(of: result(.maybe, .init(min: 0, max: .infinity, per: .year, isVerified: true)))
        == QuestionPlanner.openStake)
  }

  /// The concerns decide what is asked: a family with a newborn that chose 子育て・出産 is asked nothing about a death
  /// in the family (葬祭費 is named at the end, with the offer to go on), and no pregnancy, job or childcare-leave
  /// question goes to a child.
  @Test func aFamilyWithANewbornIsNotAskedAboutADeath() throws {
    var session = InterviewSession(catalog: Fixtures.catalog, asOf: Fixtures.date("2026-12-01"))
    for answer in ["古賀市", "1994/5/1", "はい", "1990/4/1", "2", "2023/8/1", "2026/11/20", "いない", "1", "なし"] {
      try session.answer(answer)
    }
    let asked = try answerAll(&session, kogaParent.merging(["any-pregnancy": "はい", "pregnancy": "産後"]) { $1 })
    #expect(!asked.contains { $0.contains("bereavement") }, "\(asked)")
    #expect(asked.last == "more", "the offer to go on")
    for child in [2, 3] {
      for fact in ["pregnancy", "job_seeking", "childcare_leave", "employment_insurance"] {
        #expect(!asked.contains("fact.\(fact).\(child)"), "\(fact) of a child")
      }
    }
  }

  /// The bundled catalog: a single parent of two young children in 古賀市 never gets a question whose answer could
  /// not change anything — nothing about high school (no child is of that age), no disability question once the
  /// household said nobody has one, no business expenses for an employee, no student question for the children.
  @Test func theBundledCatalogAsksOnlyWhatMatters() throws {
    var session = InterviewSession(catalog: Fixtures.catalog, asOf: Fixtures.date("2025-06-01"))
    for answer in ["古賀市", "平成2年6月15日", "いいえ", "2", "2016/5/10", "R5.1.20", "0", "全部見たい", "なし"] {
      try session.answer(answer)
    }
    let asked = try answerAll(&session, kogaParent)
    #expect(session.step == nil)
    #expect(asked.first == "fact.income.0", "the income decides the most money")
    #expect(asked.contains("screen.disability"))
    for pointless in [
      "high_school", "disability_", "business_expenses", "student.1", "student.2", "income.1", "income.2",
    ] {
      #expect(!asked.contains { $0.contains(pointless) }, "\(pointless)")
    }
  }
}
