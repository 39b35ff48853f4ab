import ShienCatalog
import ShienFacts
import ShienMatching
import ShienSupport

/// The resident interview without its terminal: which question comes next, what an answer means, going back, and the
/// answers log that saving and resuming keep.
///
/// The log is the whole truth of a session: every answer is stored as a key (`member.2.birth`, `fact.income.0`) and
/// a canonical value (`2016-05-10`, `2400000`, nil for "わからない"), and the household, the results and the next
/// question are what replaying the log gives. Going back drops the last answer; resuming replays a saved log.
///
/// The municipality and the members come first (who lives here, their birth dates or ages); then the
/// ``QuestionPlanner`` picks, one at a time, the questions that can still change an answer.
package struct InterviewSession {
  /// One question of the interview.
  package enum Step: Hashable, Sendable {
    case municipality
    /// A member's birth date or age.
    case birth(member: Int)
    case hasSpouse
    case childCount
    case otherCount
    /// The role of a member who is neither the resident, a spouse nor a child.
    case role(member: Int)
    /// 「いま困っていること・知りたいことは？」: one or more ``InterviewConcern``s.
    case concerns
    /// Which of the regular payments found the household already receives (one household-wide multiple choice).
    case receiving
    /// A municipality chosen from a list: first the prefecture, then its municipalities by number.
    case prefecture
    case municipalityIn(prefecture: String)
    /// Last year's income given as 0 by a member on childcare leave: 「休業前の収入ですか？」.
    case incomeBeforeLeave(member: Int)
    case planned(PlannedQuestion)
    /// The questions left are about measures outside the concerns, with little at stake: go on?
    case goOn
    /// Several "is anyone in the household …?" yes/no questions asked as one multiple choice (入院中・施設に入所中・求職中).
    case screenings([ScreeningGroup])
  }

  /// One entry of the answers log.
  package struct Answer: Sendable, Equatable {
    package var key: String
    /// The answer in a canonical form the everyday parsers read back; nil for "わからない".
    package var value: String?
    /// Given on the command line (`--municipality`) rather than asked: going back stops before it.
    package var isPreset: Bool

    package init(key: String, value: String?, isPreset: Bool = false) {
      self.key = key
      self.value = value
      self.isPreset = isPreset
    }
  }

  /// Most children or other members one answer can add.
  package static let maxCount = 20
  /// The roles offered for members who are neither the resident, a spouse nor a child.
  package static let otherRoles = ["parent", "grandparent", "other"]

  package let catalog: Catalog
  package let asOf: CivilDate
  private let matcher: Matcher
  package let planner: QuestionPlanner
  private let decoder: HouseholdDecoder

  package private(set) var answers: [Answer] = []
  /// The household the answers describe (as stored: `single_parent` is not inferred here).
  package private(set) var household: Household
  package private(set) var municipality: Municipality?
  /// Every measure's status, amount and missing facts for the household as it stands (documents may lag behind the
  /// last answers: ``fullResults()`` has them exact).
  package private(set) var results: [MeasureResult] = []
  /// The question to ask now; nil when nothing more can change an answer.
  package private(set) var step: Step?
  /// About how many questions are left.
  package private(set) var remaining = 0
  /// The measures the planner passed over (outside the concerns, little at stake), by id: named at ``Step/goOn``
  /// and after the result.
  package private(set) var passedOver: [String] = []
  /// The regular payments offered at ``Step/receiving`` (measure ids), fixed when the question is first asked.
  package private(set) var receivable: [String] = []
  /// The measures the household already receives (answered at ``Step/receiving``).
  package var received: Set<String> { context.received }
  /// The measures of the concerns chosen; nil for all.
  package var focus: Set<String>? { context.focus }
  /// The concerns chosen, in the order of ``InterviewConcern/allCases``.
  package private(set) var concerns: [InterviewConcern] = []
  /// Facts not asked but presumed from others (a child's health insurance from the parents').
  package private(set) var presumed: Set<MissingFact> = []
  /// The prefecture being chosen from a list (``Step/prefecture``), nil when the municipality is typed.
  private var placeList: String?
  /// Seconds the last refresh spent matching the household and choosing the next question.
  package private(set) var lastTiming: (match: Double, plan: Double) = (0, 0)

  /// The one municipality the last unknown name suggested (「岡崎市のことですか？」): a yes takes it.
  package private(set) var suggestedMunicipality: Municipality?
  private var answered: Set<String> = []
  private var context = QuestionPlanner.Context()
  private var spouseIndex: Int?
  private var childCount: Int?
  private var otherCount: Int?

  /// A new session, or a resumed one when `answers` holds a saved log. Entries that no longer make sense (a fact the
  /// catalog dropped) are left out.
  package init(catalog: Catalog, asOf: CivilDate, answers: [Answer] = []) {
    self.catalog = catalog
    self.asOf = asOf
    self.matcher = Matcher(catalog: catalog)
    self.planner = QuestionPlanner(matcher: matcher)
    self.decoder = HouseholdDecoder(vocabulary: catalog.vocabulary)
    self.household = Household(facts: [], members: [])
    replay(answers)
  }

  // MARK: - Answering

  /// Records the answer to the current question, or throws what is wrong with it (the question stays).
  package mutating func answer(_ text: String) throws(InterviewInputError) {
    guard let step else { return }
    if step == .municipality, let suggested = suggestedMunicipality, (try? EverydayInput.yesNo(text)) == true {
      suggestedMunicipality = nil
      record(Answer(key: key(for: step), value: suggested.code))
      return
    }
    switch step {
    case .prefecture:
      if let found = try? catalog.municipality(matching: text) {
        placeList = nil
        record(Answer(key: "municipality", value: found.code))
        return
      }
      let prefectures = InterviewSession.prefectures(in: catalog)
      let chosen = try pick(text, from: prefectures, labels: prefectures)
      placeList = chosen
      refresh()
      return
    case .municipalityIn(let prefecture):
      let names = catalog.municipalities.filter { $0.prefecture == prefecture }
      let chosen = try pick(text, from: names.map(\.code), labels: names.map(\.name))
      placeList = nil
      record(Answer(key: "municipality", value: chosen))
      return
    default: break
    }
    do {
      let value = try canonicalValue(of: text, for: step)
      suggestedMunicipality = nil
      record(Answer(key: key(for: step), value: value))
    } catch {
      suggestedMunicipality = nil
      if case .municipality(.unknown(_, let suggestions)) = error {
        if suggestions.count == 1 { suggestedMunicipality = suggestions[0] }
        // A name shien cannot read (romaji, kana): the prefecture's municipalities are offered as a list.
        if suggestions.isEmpty {
          placeList = ""
          refresh()
        }
      }
      throw error
    }
  }

  /// Leaves the current question's fact unknown ("わからない"); it is not asked again.
  package mutating func skip() {
    guard let step else { return }
    record(Answer(key: key(for: step), value: nil))
  }

  /// The prefectures of the catalog's municipalities, in the order of their codes.
  package static func prefectures(in catalog: Catalog) -> [String] {
    var seen: [String] = []
    for municipality in catalog.municipalities where !seen.contains(municipality.prefecture) {
      seen.append(municipality.prefecture)
    }
    return seen
  }

  /// One of `values` by its number (1-based) or its label (`福岡県`, `福岡`, `古賀市`, `古賀`).
  private func pick(_ text: String, from values: [String], labels: [String]) throws(InterviewInputError) -> String {
    let normalized = EverydayInput.normalizeWidth(text)
    if normalized.isEmpty { throw .empty }
    if let number = Int(normalized), values.indices.contains(number - 1) { return values[number - 1] }
    if let index = labels.firstIndex(where: { $0 == normalized || $0.dropLast() == normalized }) {
      return values[index]
    }
    throw .notAChoice(normalized, labels.count <= 12 ? labels.map { LocalizedText(ja: $0) } : [])
  }

  /// Goes back one question; false when there is none to go back to.
  @discardableResult
  package mutating func back() -> Bool {
    if let list = placeList {
      // Back from the list to the prefectures, then to typing the name.
      placeList = list.isEmpty ? nil : ""
      refresh()
      return true
    }
    guard let last = answers.last, !last.isPreset else { return false }
    var log = answers
    log.removeLast()
    replay(log)
    return true
  }

  /// Sets the municipality from the command line; it is not asked.
  package mutating func presetMunicipality(_ text: String) throws(InterviewInputError) {
    let value = try canonicalValue(of: text, for: .municipality)
    var log = answers.filter { $0.key != "municipality" }
    log.insert(Answer(key: "municipality", value: value, isPreset: true), at: 0)
    replay(log)
  }

  /// How many questions have been answered (presets not counted).
  package var questionsAsked: Int { answers.filter { !$0.isPreset }.count }

  /// The household as the brief's document, with `id` and `as_of`.
  package func document(id: String?, pretty: Bool = false) -> String {
    var copy = household
    copy.id = id
    copy.asOf = asOf
    return HouseholdDocumentWriter(vocabulary: catalog.vocabulary).json(copy, pretty: pretty)
  }

  /// The household with `single_parent` inferred when not given, as `check` evaluates it.
  package var evaluatedHousehold: Household {
    var copy = household
    decoder.inferSingleParent(&copy)
    return copy
  }

  private mutating func record(_ answer: Answer) {
    let before = evaluatedHousehold
    let wasComposing = compositionStep() != nil
    answers.append(answer)
    if !apply(answer) { answers.removeLast() }
    // Once the members are known, an answer only turns unknown facts into known ones, and a measure whose result
    // did not rest on any of them keeps it (Kleene evaluation is monotone): only the others are evaluated again.
    refresh(changed: wasComposing ? nil : changedFacts(from: before, to: evaluatedHousehold))
  }

  /// The facts that differ between two versions of the household with the same members; nil when the members differ.
  private func changedFacts(from before: Household, to after: Household) -> Set<MissingFact>? {
    guard before.members.count == after.members.count else { return nil }
    var changed: Set<MissingFact> = []
    for index in after.facts.indices where before.facts[index] != after.facts[index] {
      changed.insert(MissingFact(member: nil, fact: index))
    }
    for member in after.members.indices {
      let (old, new) = (before.members[member], after.members[member])
      if old.role != new.role || old.birthDate != new.birthDate || old.age != new.age { return nil }
      for index in new.facts.indices where old.facts[index] != new.facts[index] {
        changed.insert(MissingFact(member: member, fact: index))
      }
    }
    return changed
  }

  /// Every measure's answer for the household, evaluated afresh (the documents too): what the result shows.
  package func fullResults() -> [MeasureResult] {
    matcher.match(evaluatedHousehold, asOf: asOf, municipality: municipality)
  }

  // MARK: - Keys

  /// The log key of a question.
  package func key(for step: Step) -> String {
    switch step {
    case .municipality: return "municipality"
    case .birth(let member): return "member.\(member).birth"
    case .hasSpouse: return "spouse"
    case .childCount: return "children"
    case .otherCount: return "others"
    case .role(let member): return "member.\(member).role"
    case .concerns: return "concerns"
    case .receiving: return "receiving"
    case .prefecture, .municipalityIn(prefecture: _): return "municipality"
    case .incomeBeforeLeave(let member): return "leave_income.\(member)"
    case .goOn: return "more"
    case .screenings(let groups): return "screens." + groups.map(\.id).joined(separator: "+")
    case .planned(.fact(let missing)):
      let id = catalog.vocabulary.facts[missing.fact].id
      return missing.member.map { "fact.\(id).\($0)" } ?? "fact.\(id)"
    case .planned(.screening(let group, let member)):
      return member.map { "screen.\(group.id).\($0)" } ?? "screen.\(group.id)"
    }
  }

  // MARK: - Replay

  private mutating func replay(_ log: [Answer]) {
    household = Household(facts: Array(repeating: nil, count: catalog.vocabulary.facts.count), members: [])
    household.members.append(makeMember(role: "self"))
    municipality = nil
    answered = []
    context = QuestionPlanner.Context()
    context.asOf = asOf
    spouseIndex = nil
    childCount = nil
    otherCount = nil
    concerns = []
    receivable = []
    presumed = []
    answers = []
    for answer in log where !answered.contains(answer.key) {
      if apply(answer) { answers.append(answer) }
    }
    refresh()
  }

  private func makeMember(role: String) -> Household.Member {
    var member = Household.Member(role: role, facts: Array(repeating: nil, count: catalog.vocabulary.facts.count))
    if let index = catalog.vocabulary.index(of: "role") { member.facts[index] = .text(role) }
    return member
  }

  /// Applies one logged answer; false when it does not fit this catalog or this household.
  private mutating func apply(_ answer: Answer) -> Bool {
    let parts = answer.key.split(separator: ".").map(String.init)
    let vocabulary = catalog.vocabulary
    switch parts[0] {
    case "municipality":
      if let value = answer.value {
        guard let found = try? catalog.municipality(matching: value) else { return false }
        municipality = found
        if let index = vocabulary.index(of: "municipality") { household.facts[index] = .text(found.name) }
        if let index = vocabulary.index(of: "prefecture") { household.facts[index] = .text(found.prefecture) }
      }
    case "concerns":
      concerns = (answer.value ?? "").split(separator: ",").compactMap { InterviewConcern(rawValue: String($0)) }
      context.focus = InterviewConcern.measures(for: concerns, in: catalog)
    case "receiving":
      context.received = Set((answer.value ?? "").split(separator: ",").map(String.init))
    case "more":
      context.isExhaustive = answer.value == "true"
    case "screens":
      guard parts.count == 2 else { return false }
      let groups = parts[1].split(separator: "+").compactMap { planner.group(id: String($0)) }
      guard !groups.isEmpty else { return false }
      guard let value = answer.value else {
        for group in groups { context.skipped.insert(.screening(group, member: nil)) }
        break
      }
      let chosen = Set(value.split(separator: ",").map(String.init))
      for group in groups {
        if chosen.contains(group.id) {
          context.opened.insert(.screening(group, member: nil))
        } else {
          group.stateNone(in: &household, member: nil)
        }
      }
    case "leave_income":
      guard parts.count == 2, let member = Int(parts[1]), household.members.indices.contains(member),
        let index = vocabulary.index(of: "income")
      else { return false }
      if let text = answer.value {
        guard let value = try? vocabulary.facts[index].parseEveryday(text, asOf: asOf) else { return false }
        household.members[member].facts[index] = value
      }
    case "spouse":
      if answer.value == "true" {
        spouseIndex = household.members.count
        household.members.append(makeMember(role: "spouse"))
      }
    case "children", "others":
      let count = min(Int(answer.value ?? "0") ?? 0, InterviewSession.maxCount)
      for _ in 0..<count { household.members.append(makeMember(role: parts[0] == "children" ? "child" : "other")) }
      if parts[0] == "children" { childCount = count } else { otherCount = count }
    case "member":
      guard parts.count == 3, let member = Int(parts[1]), household.members.indices.contains(member) else {
        return false
      }
      if parts[2] == "role" {
        let role = answer.value ?? "other"
        guard InterviewSession.otherRoles.contains(role) else { return false }
        household.members[member].role = role
        if let index = vocabulary.index(of: "role") { household.members[member].facts[index] = .text(role) }
      } else if parts[2] == "birth" {
        guard let value = answer.value else { break }
        switch try? EverydayInput.dateOrAge(value, on: asOf) {
        case .birthDate(let date)?: set("birth_date", .date(Interval(exactly: Double(date.dayNumber))), member: member)
        case .age(let years)?: set("age", .number(Interval(exactly: Double(years))), member: member)
        case nil: return false
        }
      } else {
        return false
      }
    case "fact":
      guard parts.count == 2 || parts.count == 3, let index = vocabulary.index(of: parts[1]) else { return false }
      let member = parts.count == 3 ? Int(parts[2]) : nil
      if parts.count == 3 {
        guard let member, household.members.indices.contains(member), vocabulary.facts[index].entity == .member
        else { return false }
      } else if vocabulary.facts[index].entity != .household {
        return false
      }
      let question = PlannedQuestion.fact(MissingFact(member: member, fact: index))
      guard let text = answer.value else {
        context.skipped.insert(question)
        break
      }
      guard let value = try? vocabulary.facts[index].parseEveryday(text, asOf: asOf) else { return false }
      if let member {
        set(parts[1], value, member: member)
        if parts[1] == "health_insurance" { presumeChildrenInsurance() }
      } else {
        household.facts[index] = value
      }
    case "screen":
      guard parts.count >= 2, let group = planner.group(id: parts[1]) else { return false }
      let member = parts.count == 3 ? Int(parts[2]) : nil
      if let member, !household.members.indices.contains(member) { return false }
      let question = PlannedQuestion.screening(group, member: member)
      switch answer.value {
      case "true": context.opened.insert(question)
      case "false": group.stateNone(in: &household, member: member)
      case nil: context.skipped.insert(question)
      default: return false
      }
    default:
      return false
    }
    answered.insert(answer.key)
    return true
  }

  /// Children are covered by a parent's health insurance: as a dependant when a parent is on an employer's insurance,
  /// by 国保 when every parent is. Facts filled in this way are listed in ``presumed`` (the handout says so).
  private mutating func presumeChildrenInsurance() {
    guard let index = catalog.vocabulary.index(of: "health_insurance") else { return }
    let parents = household.members.filter { $0.role == "self" || $0.role == "spouse" }
    let values = parents.map { $0.facts[index] }
    let childValue: Value
    if values.contains(where: { $0 == .text("employee") || $0 == .text("dependant") }) {
      childValue = .text("dependant")
    } else if !values.isEmpty, values.allSatisfy({ $0 == .text("national") }) {
      childValue = .text("national")
    } else {
      return
    }
    for member in household.members.indices where household.members[member].role == "child" {
      let key = "fact.health_insurance.\(member)"
      if answered.contains(key) { continue }
      household.members[member].facts[index] = childValue
      presumed.insert(MissingFact(member: member, fact: index))
    }
  }

  private mutating func set(_ id: String, _ value: Value?, member: Int) {
    guard let index = catalog.vocabulary.index(of: id) else { return }
    household.members[member].facts[index] = value
    switch (id, value) {
    case ("birth_date", .date(let interval)?):
      household.members[member].birthDate = CivilDate(dayNumber: Int(interval.lo))
    case ("age", .number(let interval)?): household.members[member].age = Int(interval.lo)
    default: break
    }
  }

  // MARK: - The next question

  /// Matches the household again — only the measures that rested on `changed` facts, when given — and finds the next
  /// question.
  private mutating func refresh(changed: Set<MissingFact>? = nil) {
    let evaluated = evaluatedHousehold
    let start = monotonicSeconds()
    if let changed {
      var evaluator = matcher.makeEvaluator(for: evaluated, asOf: asOf, municipality: municipality)
      for index in results.indices where results[index].missing.contains(where: changed.contains) {
        results[index] = matcher.result(of: results[index].measure, with: &evaluator, municipality: municipality)
      }
      results.sort { ($0.status, $0.measure.id) < ($1.status, $1.measure.id) }
    } else {
      results = matcher.match(evaluated, asOf: asOf, municipality: municipality)
    }
    let matched = monotonicSeconds()
    let composing = compositionStep()
    if let composing {
      step = composing
      // Facts of other members not yet described mostly fall away once their age is known: they are not counted.
      let candidates = planner.candidates(for: results, household: evaluated, context: context).filter { candidate in
        guard case .fact(let missing) = candidate.question, let member = missing.member, member > 0 else { return true }
        return answered.contains("member.\(member).birth")
      }
      remaining = pendingCompositionCount() + candidates.count
      lastTiming = (matched - start, 0)
    } else if let contradiction = contradictionStep() {
      step = contradiction
      lastTiming = (matched - start, 0)
    } else {
      let plan = planner.plan(evaluated, results: results, asOf: asOf, municipality: municipality, context: context)
      lastTiming = (matched - start, monotonicSeconds() - matched)
      step = plan.next.map { .planned($0) }
      remaining = plan.remaining
      if case .planned(.screening(let group, nil))? = step, isYesNoAnyone(group) {
        // The other "is anyone …?" questions still worth asking join it, as one multiple choice.
        var groups = [group]
        for candidate in planner.candidates(for: results, household: evaluated, context: context) {
          guard case .screening(let other, nil) = candidate.question, other != group, isYesNoAnyone(other),
            planner.isWorthAsking(candidate, context: context),
            !planner.isPointless(
              candidate, household: evaluated, results: results, asOf: asOf, municipality: municipality)
          else { continue }
          groups.append(other)
        }
        if groups.count > 1 { step = .screenings(groups) }
      }
      passedOver = plan.passedOver.map { results[$0].measure.id }
      if step == nil, !passedOver.isEmpty, !answered.contains("more") {
        step = .goOn
        remaining = 1
      }
    }
  }

  /// Whether a screening is "is anyone … ?" about a yes/no fact (hospitalized, job seeking …).
  private func isYesNoAnyone(_ group: ScreeningGroup) -> Bool {
    guard let fact = group.anyoneFact() else { return false }
    if case .bool = catalog.vocabulary.facts[fact].kind { return true }
    return false
  }

  /// An answer that contradicts another: last year's income 0 for a member on childcare leave (育児休業給付 is
  /// paid on the wage before the leave).
  private func contradictionStep() -> Step? {
    guard let income = catalog.vocabulary.index(of: "income"),
      let leave = catalog.vocabulary.index(of: "childcare_leave")
    else { return nil }
    let insured = catalog.vocabulary.index(of: "employment_insurance")
    for (index, member) in household.members.enumerated() where !answered.contains("leave_income.\(index)") {
      guard case .number(let interval)? = member.facts[income], interval.hi == 0 else { continue }
      // On leave, or insured for unemployment (which needs wages): the 0 is likely the year of the leave.
      if case .text("leave")? = member.facts[leave] { return .incomeBeforeLeave(member: index) }
      if let insured, case .truth(.yes)? = member.facts[insured] { return .incomeBeforeLeave(member: index) }
    }
    return nil
  }

  /// The next question about who lives in the household, or nil once they are all known.
  private func compositionStep() -> Step? {
    if !answered.contains("municipality") {
      switch placeList {
      case nil: return .municipality
      case ""?: return .prefecture
      case let prefecture?: return .municipalityIn(prefecture: prefecture)
      }
    }
    if !answered.contains("member.0.birth") { return .birth(member: 0) }
    if !answered.contains("spouse") { return .hasSpouse }
    if let spouseIndex, !answered.contains("member.\(spouseIndex).birth") { return .birth(member: spouseIndex) }
    if !answered.contains("children") { return .childCount }
    for index in household.members.indices where household.members[index].role == "child" {
      if !answered.contains("member.\(index).birth") { return .birth(member: index) }
    }
    if !answered.contains("others") { return .otherCount }
    let firstOther = household.members.count - (otherCount ?? 0)
    for index in firstOther..<household.members.count {
      if !answered.contains("member.\(index).role") { return .role(member: index) }
      if !answered.contains("member.\(index).birth") { return .birth(member: index) }
    }
    if !answered.contains("concerns") { return .concerns }
    if !answered.contains("receiving"), !receivableMeasures().isEmpty { return .receiving }
    return nil
  }

  /// The regular payments the household may get, in focus, that it might already receive: the choices of
  /// ``Step/receiving``.
  package func receivableMeasures() -> [String] {
    let focus = context.focus
    return results.filter { result in
      guard result.status != .ineligible, let amount = result.amount, amount.per == .month || amount.per == .year,
        result.measure.category == .allowance || result.measure.id == "public-assistance"
      else { return false }
      return focus?.contains(result.measure.id) ?? true
    }.map(\.measure.id).sorted()
  }

  /// About how many questions about the members are left (counts not yet given count as one child, no others).
  private func pendingCompositionCount() -> Int {
    var count = 0
    for key in ["municipality", "member.0.birth", "spouse", "children", "others"] where !answered.contains(key) {
      count += 1
    }
    if childCount == nil { count += 1 }
    for index in household.members.indices where !answered.contains("member.\(index).birth") && index != 0 {
      count += 1
    }
    return count
  }

  // MARK: - Reading answers

  /// The canonical form of an answer to `step`, or what is wrong with it.
  private func canonicalValue(of text: String, for step: Step) throws(InterviewInputError) -> String {
    if EverydayInput.normalizeWidth(text).isEmpty { throw .empty }
    do {
      switch step {
      case .municipality:
        return try catalog.municipality(matching: text).code
      case .birth:
        switch try EverydayInput.dateOrAge(text, on: asOf) {
        case .birthDate(let date): return date.description
        case .age(let years): return String(years)
        }
      case .hasSpouse:
        return try EverydayInput.yesNo(text) ? "true" : "false"
      case .planned(.screening(let group, _)):
        if let yes = try? EverydayInput.yesNo(text) { return yes ? "true" : "false" }
        // "Is anyone pregnant?" answered with a value of the fact: 「妊娠してない」 is no, 「産後」 yes.
        if let fact = group.anyoneFact().map({ catalog.vocabulary.facts[$0] }), case .choice = fact.kind,
          case .text(let value?)? = try? fact.parseEveryday(text, asOf: asOf), Int(text) == nil
        {
          return value == "none" ? "false" : "true"
        }
        return try EverydayInput.yesNo(text) ? "true" : "false"
      case .childCount, .otherCount:
        let count = Fact(
          id: "count", entity: .household, kind: .integer(0...InterviewSession.maxCount), label: .init([:]))
        guard case .number(let interval)? = try count.parseEveryday(text, asOf: nil) else {
          throw InterviewInputError.empty
        }
        return String(Int(interval.lo))
      case .role:
        return try role(text)
      case .concerns:
        let labels = Dictionary(
          uniqueKeysWithValues: InterviewConcern.allCases.map { concern in
            (concern, Language.allCases.map { InterviewStrings($0).concernWords(concern) }.flatMap { $0 })
          })
        guard let chosen = InterviewConcern.parse(text, labels: labels) else {
          throw InterviewInputError.notAChoice(
            EverydayInput.normalizeWidth(text), InterviewConcern.allCases.map { InterviewStrings.concernLabel($0) })
        }
        return chosen.map(\.rawValue).joined(separator: ",")
      case .receiving:
        let offered = receivableMeasures()
        if EverydayInput.noneAnswer(text) || EverydayInput.normalizeWidth(text) == "0" { return "" }
        let normalized = EverydayInput.normalizeWidth(text)
        let pieces = normalized.split { " ,、，/と・".contains($0) }.map(String.init)
        var chosen: [String] = []
        for piece in pieces {
          if let number = Int(piece), offered.indices.contains(number - 1) {
            chosen.append(offered[number - 1])
          } else if let id = offered.first(where: { id in
            catalog.measures.first { $0.id == id }.map { m in
              Language.allCases.contains { m.name.text($0) == piece }
            } ?? false
          }) {
            chosen.append(id)
          } else {
            throw InterviewInputError.notAChoice(normalized, choiceLabels(for: .receiving))
          }
        }
        return chosen.joined(separator: ",")
      case .goOn:
        return try EverydayInput.yesNo(text) ? "true" : "false"
      case .screenings(let groups):
        let normalized = EverydayInput.normalizeWidth(text)
        if EverydayInput.noneAnswer(text) || normalized == "0" { return "" }
        var chosen: [String] = []
        for piece in normalized.split(whereSeparator: { " ,、，/と・".contains($0) }) {
          let word = String(piece)
          if let number = Int(word), groups.indices.contains(number - 1) {
            chosen.append(groups[number - 1].id)
          } else if let group = groups.first(where: { group in
            let fact = catalog.vocabulary.facts[group.anyoneFact()!]
            return Language.allCases.contains { fact.label.text($0).lowercased() == word.lowercased() }
          }) {
            chosen.append(group.id)
          } else {
            throw InterviewInputError.notAChoice(normalized, choiceLabels(for: step))
          }
        }
        return chosen.joined(separator: ",")
      case .incomeBeforeLeave:
        guard let fact = catalog.vocabulary["income"], let value = try fact.parseEveryday(text, asOf: asOf) else {
          throw InterviewInputError.empty
        }
        return canonicalText(value)
      case .prefecture, .municipalityIn(prefecture: _):
        throw InterviewInputError.empty
      case .planned(.fact(let missing)):
        let fact = catalog.vocabulary.facts[missing.fact]
        guard let value = try fact.parseEveryday(text, asOf: asOf) else { throw InterviewInputError.empty }
        if case .date(let interval) = value, fact.id == "birth_date", interval.lo > Double(asOf.dayNumber) {
          throw InterviewInputError.input(.birthDateInFuture(CivilDate(dayNumber: Int(interval.lo)), asOf: asOf))
        }
        return canonicalText(value)
      }
    } catch let error as InterviewInputError {
      throw error
    } catch let error as EverydayInputError {
      if case .notAChoice(let given, _) = error { throw .notAChoice(given, choiceLabels(for: step)) }
      throw .input(error)
    } catch let error as MunicipalityError {
      throw .municipality(error)
    } catch {
      throw .empty
    }
  }

  private func role(_ text: String) throws(InterviewInputError) -> String {
    let normalized = EverydayInput.normalizeWidth(text)
    if let number = Int(normalized), (1...InterviewSession.otherRoles.count).contains(number) {
      return InterviewSession.otherRoles[number - 1]
    }
    if let fact = catalog.vocabulary["role"], case .text(let role?)? = try? fact.parseEveryday(text, asOf: nil),
      InterviewSession.otherRoles.contains(role)
    {
      return role
    }
    throw .notAChoice(normalized, choiceLabels(for: .role(member: 0)))
  }

  /// The choices of a question, as (value, label per language); empty for questions that are not choices.
  package func choices(for step: Step) -> [(value: String, label: LocalizedText)] {
    switch step {
    case .concerns:
      return InterviewConcern.allCases.map { ($0.rawValue, InterviewStrings.concernLabel($0)) }
    case .screenings(let groups):
      return groups.map { ($0.id, catalog.vocabulary.facts[$0.anyoneFact()!].label) }
    case .receiving:
      return receivableMeasures().compactMap { id in catalog.measures.first { $0.id == id }.map { (id, $0.name) } }
    case .prefecture:
      return InterviewSession.prefectures(in: catalog).map { ($0, LocalizedText(ja: $0)) }
    case .municipalityIn(let prefecture):
      return catalog.municipalities.filter { $0.prefecture == prefecture }.map { ($0.code, LocalizedText(ja: $0.name)) }
    case .role:
      let labels = catalog.vocabulary["role"]?.choiceLabels ?? [:]
      return InterviewSession.otherRoles.map { ($0, labels[$0] ?? LocalizedText(ja: $0)) }
    case .planned(.fact(let missing)):
      let fact = catalog.vocabulary.facts[missing.fact]
      guard case .choice(let values) = fact.kind else { return [] }
      return values.map { ($0, fact.choiceLabels[$0] ?? LocalizedText(ja: $0)) }
    default:
      return []
    }
  }

  private func choiceLabels(for step: Step) -> [LocalizedText] { choices(for: step).map(\.label) }

  /// A value as text the everyday parsers read back to the same value.
  private func canonicalText(_ value: Value) -> String {
    switch value {
    case .truth(let truth): return truth == .yes ? "true" : "false"
    case .number(let interval): return JSONWriter.format(interval.lo)
    case .date(let interval): return CivilDate(dayNumber: Int(interval.lo)).description
    case .text(let text): return text ?? ""
    case .member(let index): return String(index)
    }
  }
}

/// Why an answer was not taken; the question is asked again after ``message(language:)``.
package enum InterviewInputError: Error, Equatable, Sendable {
  case input(EverydayInputError)
  case municipality(MunicipalityError)
  /// The answer is none of the choices (given with their labels, to show in the person's language).
  case notAChoice(String, [LocalizedText])
  case empty

  package func message(language: Language) -> String {
    let words = InterviewStrings(language)
    switch self {
    case .input(let error): return error.message(language: language)
    case .municipality(let error): return words.municipalityError(error)
    case .notAChoice(let text, let labels): return words.notAChoice(text, labels.map { $0.text(language) })
    case .empty: return words.emptyAnswer
    }
  }
}

/// What a line typed into the interview means: an answer, or one of the words that work at every question.
package enum InterviewReply: Equatable, Sendable {
  case answer(String)
  /// `わからない`, `?`, `skip`: leave the fact unknown.
  case skip
  /// `戻る`, `<`, `back`: go back one question.
  case back
  /// `やめる`, `q`, `quit`: stop (asking whether to save).
  case quit
  /// `help`, `ヘルプ`, `説明`: explain the question.
  case help

  private static let backWords: Set<String> = ["戻る", "もどる", "戻", "前へ", "まえへ", "<", "back", "戻ります"]
  private static let quitWords: Set<String> = ["やめる", "止める", "辞める", "終わる", "おわる", "終了", "q", "quit", "exit"]
  private static let helpWords: Set<String> = ["help", "ヘルプ", "へるぷ", "説明", "せつめい", "h"]

  package init(_ text: String) {
    let word = EverydayInput.normalizeWidth(text).lowercased().filter { !$0.isWhitespace }
    if InterviewReply.backWords.contains(word) {
      self = .back
    } else if InterviewReply.quitWords.contains(word) {
      self = .quit
    } else if InterviewReply.helpWords.contains(word) {
      self = .help
    } else if EverydayInput.unknownAnswer(text) {
      self = .skip
    } else {
      self = .answer(text)
    }
  }
}
