import ShienCatalog
import ShienFacts
import ShienSupport

/// A question the interview can ask after the household's members are known: one fact of one member (or of the
/// household), or a screening question that settles a group of facts at once ("does anyone hold a disability
/// certificate?").
package enum PlannedQuestion: Hashable, Sendable {
  case fact(MissingFact)
  /// A screening question about the facts of `group`, for the whole household (`member` nil) or one member.
  case screening(ScreeningGroup, member: Int?)
}

/// Facts that are usually all "none", asked first as one yes/no question; "no" states every one of them.
package struct ScreeningGroup: Hashable, Sendable {
  /// A stable name, used in the answers log (`disability`).
  package var id: String
  /// The facts of the group by vocabulary index, each with the value that "no" states.
  package var facts: [Int]
  package var noneValues: [Value]

  /// Disability certificates and internal disability: the facts `--no-disability` states, that the vocabulary has.
  package static func disability(in vocabulary: FactVocabulary) -> ScreeningGroup? {
    var facts: [Int] = []
    var values: [Value] = []
    for (id, none) in HouseholdFlags.disabilityFacts {
      guard let index = vocabulary.index(of: id),
        let value = try? vocabulary.facts[index].parseEveryday(none, asOf: nil)
      else { continue }
      facts.append(index)
      values.append(value)
    }
    return facts.isEmpty ? nil : ScreeningGroup(id: "disability", facts: facts, noneValues: values)
  }

  /// "Is anyone in the household …?" for a fact about members that is usually "no" or "none": a yes/no fact, or a
  /// choice whose first value is `none` (pregnancy, childcare leave, …). "No" states it for everyone; nil for other
  /// facts.
  package static func anyone(_ fact: Int, in vocabulary: FactVocabulary) -> ScreeningGroup? {
    let definition = vocabulary.facts[fact]
    guard definition.entity == .member, definition.hasHouseholdQuestion else { return nil }
    let none: Value
    switch definition.kind {
    case .bool: none = .truth(.no)
    case .choice(let values) where values.first == "none": none = .text("none")
    default: return nil
    }
    return ScreeningGroup(id: "any-\(definition.id)", facts: [fact], noneValues: [none])
  }

  /// The fact an "anyone …?" group asks about, or nil for another group.
  package func anyoneFact() -> Int? { id.hasPrefix("any-") ? facts.first : nil }

  /// States "none" for every fact of the group that `member` (or every member, when nil) has not stated.
  package func stateNone(in household: inout Household, member: Int?) {
    let members = member.map { [$0] } ?? Array(household.members.indices)
    for index in members {
      for (fact, value) in zip(facts, noneValues) where household.members[index].facts[fact] == nil {
        household.members[index].facts[fact] = value
      }
    }
  }
}

/// Chooses the interview's next question: the one that settles the most still-open measures, weighted by what is at
/// stake, among the questions whose answer can still change a result.
///
/// The candidates are exactly the facts the matcher reports as missing for a measure that is not ineligible (the
/// evaluator keeps only facts that could change a result). Each candidate scores the sum of the stakes of the
/// measures it appears in; a measure's stake is the most it could pay in a year (for a `maybe`), or how wide its
/// amount still is (for an `eligible` one with a range), and never less than ``floorStake``, so that measures paying
/// no money (services, consultations) count too.
///
/// Before a candidate is chosen, a fact with few possible values (yes/no, a choice, a small whole number such as a
/// certificate grade) is tried with each of them: when every answer would leave the affected measures exactly alike
/// (status, amount, and what else is missing), the question is pointless and is passed over.
package struct QuestionPlanner: Sendable {
  /// The weight of a measure that pays no money, or less than this a year.
  package static let floorStake = 30_000.0
  /// The weight of an amount with no upper bound, per year.
  package static let openStake = 2_000_000.0
  /// Facts with at most this many possible values are tried value by value.
  package static let maxProbeValues = 8
  /// Outside the measures the household asked about (``Context/focus``), a question is asked only when this much a
  /// year rests on it; what is left is named at the end, with an offer to go on.
  package static let highStake = 100_000.0
  /// Within the measures asked about, a question is asked when at least this much a year rests on it: more than
  /// one service or consultation (each counts ``floorStake``).
  package static let focusStake = 60_000.0

  package let matcher: Matcher
  /// The screening group, when the vocabulary has its facts.
  package let disability: ScreeningGroup?
  private let hiddenFacts: Set<Int>
  private let birthFact: Int?
  private let ageFact: Int?

  package init(matcher: Matcher) {
    self.matcher = matcher
    let vocabulary = matcher.catalog.vocabulary
    self.disability = ScreeningGroup.disability(in: vocabulary)
    // Asked while the household is put together, never by the planner.
    self.hiddenFacts = Set(["role", "municipality", "prefecture"].compactMap { vocabulary.index(of: $0) })
    self.birthFact = vocabulary.index(of: "birth_date")
    self.ageFact = vocabulary.index(of: "age")
  }

  /// What the interview has learnt beyond the facts: screenings answered "yes" (which open the next level) and
  /// questions answered "わからない" (never asked again).
  package struct Context: Sendable {
    package var opened: Set<PlannedQuestion> = []
    package var skipped: Set<PlannedQuestion> = []
    /// The measures (by id) the household asked about first; nil for all of them.
    package var focus: Set<String>?
    /// Measures the household already receives: nothing is asked for them.
    package var received: Set<String> = []
    /// True once the household chose to go on past the low-stakes questions.
    package var isExhaustive = false
    /// The date ages are counted at (for facts asked only from an age).
    package var asOf: CivilDate?

    package init(opened: Set<PlannedQuestion> = [], skipped: Set<PlannedQuestion> = []) {
      self.opened = opened
      self.skipped = skipped
    }
  }

  /// One scored candidate.
  package struct Candidate: Sendable {
    package var question: PlannedQuestion
    package var score: Double
    /// Indices into the results of the measures the question can settle.
    package var measures: [Int]
    /// The part of ``score`` from the measures in focus.
    package var focusScore = 0.0
  }

  /// The next question and about how many remain.
  package struct Plan: Sendable {
    package var next: PlannedQuestion?
    /// The candidates still open (a rough count of the questions left: one answer often settles several).
    package var remaining: Int
    /// Indices into the results of the measures still open that were not asked about: outside the focus and with
    /// little at stake. Empty when nothing was passed over.
    package var passedOver: [Int] = []

    package init(next: PlannedQuestion?, remaining: Int, passedOver: [Int] = []) {
      self.next = next
      self.remaining = remaining
      self.passedOver = passedOver
    }
  }

  /// The screening group named `id` in an answers log (`disability`, `any-hospitalized`), or nil.
  package func group(id: String) -> ScreeningGroup? {
    if id == disability?.id { return disability }
    let vocabulary = matcher.catalog.vocabulary
    guard id.hasPrefix("any-"), let index = vocabulary.index(of: String(id.dropFirst(4))) else { return nil }
    return ScreeningGroup.anyone(index, in: vocabulary)
  }

  /// The question a missing fact leads to, given what has been asked; nil when it is not to be asked.
  ///
  /// - Parameter shared: member facts, usually "no" or "none", that several members are missing: asked first for the
  ///   whole household ("is anyone in hospital?"), and member by member only after a "yes".
  package func question(
    for missing: MissingFact, household: Household, context: Context, shared: Set<Int> = []
  ) -> PlannedQuestion? {
    if hiddenFacts.contains(missing.fact) { return nil }
    if let member = missing.member, let least = matcher.catalog.vocabulary.facts[missing.fact].askedFromAge,
      let age = context.asOf.flatMap({ household.members[member].birthDate?.age(on: $0) })
        ?? household.members[member].age, age < least
    {
      return nil
    }
    var missing = missing
    // A rule that needs the exact age asks for the birth date (the age was asked with the members).
    if missing.fact == ageFact, let birthFact { missing.fact = birthFact }
    if disability.map({ !$0.facts.contains(missing.fact) }) ?? true,
      let group = ScreeningGroup.anyone(missing.fact, in: matcher.catalog.vocabulary)
    {
      let whole = PlannedQuestion.screening(group, member: nil)
      // "わからない" for the whole household is not asked again member by member.
      if context.skipped.contains(whole) { return nil }
      if shared.contains(missing.fact), !context.opened.contains(whole) { return whole }
    }
    if let group = disability, group.facts.contains(missing.fact) {
      let whole = PlannedQuestion.screening(group, member: nil)
      if context.skipped.contains(whole) { return nil }
      if !context.opened.contains(whole) { return whole }
      if let member = missing.member, household.members.count > 1 {
        let one = PlannedQuestion.screening(group, member: member)
        if context.skipped.contains(one) { return nil }
        if !context.opened.contains(one) { return one }
      }
    }
    let question = PlannedQuestion.fact(missing)
    return context.skipped.contains(question) ? nil : question
  }

  /// The candidates for `results` (the matcher's answer for `household`), best first.
  package func candidates(for results: [MeasureResult], household: Household, context: Context) -> [Candidate] {
    let vocabulary = matcher.catalog.vocabulary
    var membersMissing: [Int: Set<Int>] = [:]
    for result in results where result.status != .ineligible {
      for missing in result.missing where ScreeningGroup.anyone(missing.fact, in: vocabulary) != nil {
        if let member = missing.member { membersMissing[missing.fact, default: []].insert(member) }
      }
    }
    let shared = Set(membersMissing.filter { $0.value.count > 1 }.keys)
    var byQuestion: [PlannedQuestion: Candidate] = [:]
    for (index, result) in results.enumerated()
    where result.status != .ineligible && !result.missing.isEmpty && !context.received.contains(result.measure.id) {
      let inFocus = context.focus?.contains(result.measure.id) ?? true
      // Outside the focus, an amount with no upper bound (生活保護) weighs as little as a service: what is asked
      // there must have a known, large amount at stake.
      let stake =
        inFocus
        ? QuestionPlanner.stake(of: result) : QuestionPlanner.stake(of: result, open: QuestionPlanner.floorStake)
      var seen: Set<PlannedQuestion> = []
      for missing in result.missing {
        guard let question = question(for: missing, household: household, context: context, shared: shared),
          seen.insert(question).inserted
        else { continue }
        byQuestion[question, default: Candidate(question: question, score: 0, measures: [])].score += stake
        byQuestion[question]!.measures.append(index)
        if inFocus { byQuestion[question]!.focusScore += stake }
      }
    }
    return byQuestion.values.sorted { isBefore($0, $1, focused: context.focus != nil) }
  }

  /// Whether a candidate is asked now: it touches a measure in focus, or much is at stake, or the household chose to
  /// go on.
  package func isWorthAsking(_ candidate: Candidate, context: Context) -> Bool {
    context.isExhaustive || context.focus == nil || candidate.focusScore >= QuestionPlanner.focusStake
      || candidate.score >= QuestionPlanner.highStake
  }

  /// Chooses the next question for `household`, whose results `results` are.
  package func plan(
    _ household: Household, results: [MeasureResult], asOf: CivilDate, municipality: Municipality?, context: Context
  ) -> Plan {
    let candidates = candidates(for: results, household: household, context: context)
    var passedOver: Set<Int> = []
    for candidate in candidates {
      guard isWorthAsking(candidate, context: context) else {
        passedOver.formUnion(candidate.measures)
        continue
      }
      if !isPointless(candidate, household: household, results: results, asOf: asOf, municipality: municipality) {
        return Plan(
          next: candidate.question, remaining: candidates.filter { isWorthAsking($0, context: context) }.count)
      }
    }
    // Measures passed over whose every question turned out pointless are settled; the others are named.
    let open = passedOver.filter { index in
      candidates.contains { c in
        c.measures.contains(index) && !isWorthAsking(c, context: context)
          && !isPointless(c, household: household, results: results, asOf: asOf, municipality: municipality)
      }
    }
    return Plan(next: nil, remaining: 0, passedOver: open.sorted())
  }

  /// How much a result leaves at stake, in yen a year.
  package static func stake(of result: MeasureResult, open openAmount: Double = openStake) -> Double {
    guard let amount = result.amount else { return floorStake }
    let perYear: Double
    switch amount.per {
    case .month: perYear = 12
    case .year, .once: perYear = 1
    case .day: perYear = 30
    }
    let high = amount.max.isFinite ? amount.max * perYear : openAmount
    let open = result.status == .eligible ? high - amount.min * perYear : high
    return max(floorStake, open)
  }

  // MARK: - Order

  /// Higher score first; then screenings and yes/no or choice questions (quick to answer, and they often make the
  /// harder ones unnecessary); then household before members, members in order, facts in vocabulary order.
  private func isBefore(_ a: Candidate, _ b: Candidate, focused: Bool = false) -> Bool {
    if focused, a.focusScore != b.focusScore { return a.focusScore > b.focusScore }
    if a.score != b.score { return a.score > b.score }
    let (ea, eb) = (effort(a.question), effort(b.question))
    if ea != eb { return ea < eb }
    return position(a.question) < position(b.question)
  }

  private func effort(_ question: PlannedQuestion) -> Int {
    switch question {
    case .screening: return 0
    case .fact(let missing):
      switch matcher.catalog.vocabulary.facts[missing.fact].kind {
      case .bool, .choice: return 1
      case .integer: return 2
      case .date: return 3
      case .money: return 4
      case .text: return 5
      }
    }
  }

  private func position(_ question: PlannedQuestion) -> (Int, Int) {
    switch question {
    case .screening(_, let member): return ((member ?? -1), -1)
    case .fact(let missing): return ((missing.member ?? -1), missing.fact)
    }
  }

  // MARK: - Pointless questions

  /// The values a question's answers can set, one household per possible answer; nil when there are too many to
  /// try (money, dates, text).
  package func possibleAnswers(to question: PlannedQuestion, in household: Household) -> [Household]? {
    switch question {
    case .screening(let group, let member):
      // "Yes" changes no fact (it opens the next question); "no" states the whole group.
      var none = household
      group.stateNone(in: &none, member: member)
      return [household, none]
    case .fact(let missing):
      let fact = matcher.catalog.vocabulary.facts[missing.fact]
      let values: [Value]
      switch fact.kind {
      case .bool: values = [.truth(.yes), .truth(.no)]
      case .choice(let choices): values = choices.map { .text($0) }
      case .integer(let range?) where range.count <= QuestionPlanner.maxProbeValues:
        values = range.map { .number(Interval(exactly: Double($0))) }
      default: return nil
      }
      return values.map { value in
        var copy = household
        if let member = missing.member {
          copy.members[member].facts[missing.fact] = value
        } else {
          copy.facts[missing.fact] = value
        }
        return copy
      }
    }
  }

  /// True when every possible answer leaves the measures the question touches exactly alike.
  ///
  /// Measures are tried one at a time, the most at stake first, and the first one that an answer changes ends the
  /// search: a useful question usually costs one measure evaluated once per possible answer.
  package func isPointless(
    _ candidate: Candidate, household: Household, results: [MeasureResult], asOf: CivilDate,
    municipality: Municipality?
  ) -> Bool {
    guard let variants = possibleAnswers(to: candidate.question, in: household) else { return false }
    let asked = askedFacts(candidate.question, household: household)
    let measures = candidate.measures.sorted {
      QuestionPlanner.stake(of: results[$0]) > QuestionPlanner.stake(of: results[$1])
    }
    // One evaluator per possible answer, kept across the measures so that shared definitions are computed once.
    var evaluators = variants.map { matcher.makeEvaluator(for: $0, asOf: asOf, municipality: municipality) }
    for index in measures {
      let measure = results[index].measure
      var first: Outcome?
      for variant in evaluators.indices {
        let result = matcher.result(of: measure, with: &evaluators[variant], municipality: municipality, details: false)
        let outcome = Outcome(result, ignoring: asked)
        if let first {
          if first != outcome { return false }
        } else {
          first = outcome
        }
      }
    }
    return true
  }

  /// The facts a question states, which drop out of what is missing just by being answered.
  private func askedFacts(_ question: PlannedQuestion, household: Household) -> Set<MissingFact> {
    switch question {
    case .fact(let missing): return [missing]
    case .screening(let group, let member):
      let members = member.map { [$0] } ?? Array(household.members.indices)
      return Set(members.flatMap { m in group.facts.map { MissingFact(member: m, fact: $0) } })
    }
  }

  /// What an answer can change about one measure.
  private struct Outcome: Equatable {
    var status: MeasureResult.Status
    var amount: MeasureResult.Amount?
    var missing: [MissingFact]

    init(_ result: MeasureResult, ignoring asked: Set<MissingFact>) {
      status = result.status
      amount = result.amount
      missing = result.missing.filter { !asked.contains($0) }
    }
  }
}
