import ShienCatalog
import ShienFacts
import ShienInterview
import ShienMatching
import ShienRender
import ShienStore
import ShienSupport

/// The tools `shien mcp` offers, their JSON Schemas, and what each call answers: the same library functions and the
/// same JSON as the commands (`check --format json`, `search`, `events`, `desks`, `facts`, `ask`).
struct MCPTools {
  /// What one call gives: the JSON (also sent as text), or a message with `isError`.
  struct Outcome {
    var text: String
    var structured: String?
    var isError: Bool

    static func json(_ json: String) -> Outcome {
      let compact = compactJSON(json)
      return Outcome(text: compact, structured: compact, isError: false)
    }

    static func error(_ message: String) -> Outcome { Outcome(text: message, structured: nil, isError: true) }
  }

  /// A bad argument: the message the command line would give.
  struct BadInput: Error { var message: String }

  let catalog: Catalog
  let database: Database
  let version: String
  let ask: AskEngine

  init(catalog: Catalog, database: Database, version: String) {
    self.catalog = catalog
    self.database = database
    self.version = version
    self.ask = AskEngine(catalog: catalog)
  }

  static let noArguments = try! JSONReader.parse("{}")

  var names: [String] { MCPTools.catalogue.map(\.name) }

  /// Each tool as `tools/list` gives it.
  var definitions: [String] {
    MCPTools.catalogue.map { tool in
      "{\"name\":\(quoted(tool.name)),\"title\":\(quoted(tool.title)),\"description\":\(quoted(tool.description)),\"inputSchema\":\(compactJSON(tool.input)),\"outputSchema\":\(compactJSON(tool.output)),\"annotations\":{\"readOnlyHint\":true,\"openWorldHint\":false}}"
    }
  }

  func call(_ name: String, arguments: JSONNode?) -> Outcome {
    let arguments = arguments ?? MCPTools.noArguments
    guard arguments.object != nil else { return .error("'arguments' must be an object") }
    do {
      switch name {
      case "check_household": return try checkHousehold(arguments)
      case "next_question": return try nextQuestion(arguments)
      case "search_measures": return try searchMeasures(arguments)
      case "show_measure": return try showMeasure(arguments)
      case "ask": return try askQuestion(arguments)
      case "life_event_procedures": return try lifeEventProcedures(arguments)
      case "find_desks": return try findDesks(arguments)
      case "list_facts":
        return .json(FactsRenderer(language: try language(arguments)).json(catalog.vocabulary).wrapped("facts"))
      default: return .error("unknown tool '\(name)'")
      }
    } catch let error as BadInput {
      return .error(error.message)
    } catch {
      return .error("\(error)")
    }
  }

  // MARK: - Arguments

  private func string(_ arguments: JSONNode, _ key: String) throws -> String? {
    guard let node = arguments[key], !node.isNull else { return nil }
    guard let text = node.string else { throw BadInput(message: "'\(key)' must be a string, found \(node.kindName)") }
    return text
  }

  private func language(_ arguments: JSONNode) throws -> Language {
    guard let text = try string(arguments, "lang") else { return .ja }
    guard let language = Language(rawValue: text) else {
      throw BadInput(
        message:
          "The value '\(text)' is invalid for 'lang': expected one of \(Language.allCases.map(\.rawValue).joined(separator: ", "))."
      )
    }
    return language
  }

  private func date(_ arguments: JSONNode, _ key: String) throws -> CivilDate? {
    guard let text = try string(arguments, key) else { return nil }
    do {
      return try EverydayInput.date(text)
    } catch {
      throw BadInput(message: "The value '\(text)' is invalid for '\(key)': \(error.message(language: .en))")
    }
  }

  private func municipality(_ arguments: JSONNode) throws -> Municipality? {
    guard let text = try string(arguments, "municipality") else { return nil }
    do {
      return try catalog.municipality(matching: text)
    } catch {
      throw BadInput(message: "The value '\(text)' is invalid for 'municipality': \(error)")
    }
  }

  /// The household document of `arguments[key]` as `check --household` reads it, with the date to check it for.
  private func decodedHousehold(_ arguments: JSONNode, _ key: String, asOf: CivilDate?) throws -> (
    Household, CivilDate
  )? {
    guard let node = arguments[key], !node.isNull else { return nil }
    let household: Household
    do {
      household = try HouseholdDecoder(vocabulary: catalog.vocabulary).decode(node)
    } catch {
      throw BadInput(message: "\(key):\(error)")
    }
    return (household, asOf ?? household.asOf ?? CivilDate.todayInJapan())
  }

  /// The household document of `arguments[key]`, checked as `check --household` checks it.
  private func household(_ arguments: JSONNode, _ key: String, asOf: CivilDate?, with check: inout HouseholdCheck)
    throws -> HouseholdCheck.Prepared?
  {
    guard let (household, date) = try decodedHousehold(arguments, key, asOf: asOf) else { return nil }
    do {
      return try check.prepare(household, asOf: date, root: arguments[key])
    } catch {
      throw BadInput(failure: error, key: key)
    }
  }

  // MARK: - Tools

  /// `check --format json` for a household document.
  private func checkHousehold(_ arguments: JSONNode) throws -> Outcome {
    let language = try language(arguments)
    let asOf = try date(arguments, "as_of")
    var check = HouseholdCheck(catalog: catalog)
    guard let prepared = try household(arguments, "household", asOf: asOf, with: &check) else {
      throw BadInput(message: "'household' is missing: give a household document (see list_facts)")
    }
    let all = arguments["all"]?.bool ?? false
    return .json(report(check.report(prepared, results: check.match(prepared)), language: language, all: all))
  }

  private func report(_ report: Report, language: Language, all: Bool) -> String {
    JSONReportRenderer(language: language, includeIneligible: all, pretty: false).render(report, catalog: catalog)
  }

  /// The next question the interview would ask about a household document, or `done`.
  private func nextQuestion(_ arguments: JSONNode) throws -> Outcome {
    let language = try language(arguments)
    let asOf = try date(arguments, "as_of")
    let vocabulary = catalog.vocabulary
    guard let node = arguments["household"], !node.isNull else {
      throw BadInput(message: "'household' is missing: start with {} and add the answers")
    }
    guard node.object != nil else { throw BadInput(message: "household: expected an object, found \(node.kindName)") }
    // The facts answered わからない.
    var unknown: Set<MissingFact> = []
    var unknownIDs: Set<String> = []
    if let list = arguments["unknown"], !list.isNull {
      guard let items = list.array else { throw BadInput(message: "'unknown' must be an array of {fact, member}") }
      for (position, item) in items.enumerated() {
        guard let fact = item["fact"]?.string else {
          throw BadInput(message: "unknown[\(position)]: 'fact' must be a fact id (see list_facts)")
        }
        let member = item["member"].flatMap { $0.isNull ? nil : $0.number }.map { Int($0) }
        unknownIDs.insert(member.map { "\(fact).\($0)" } ?? fact)
        if let index = vocabulary.index(of: fact) { unknown.insert(MissingFact(member: member, fact: index)) }
      }
    }
    func ask(
      _ fact: String, member: Int?, type: String, text: String, choices: [(String, LocalizedText)] = [],
      extra: String = ""
    ) -> Outcome {
      var json =
        "{\"done\":false,\"question\":{\"fact\":\(quoted(fact)),\"member\":\(member.map(String.init) ?? "null"),"
      json += "\"text\":\(quoted(text)),\"type\":\(quoted(type)),\"choices\":["
      json += choices.map { "{\"value\":\(quoted($0.0)),\"label\":\(quoted($0.1.text(language)))}" }.joined(
        separator: ",")
      json += "],\"unknown_allowed\":\(fact != "members")\(extra)},\"measures\":null}"
      return .json(json)
    }
    // Who lives here comes first, as in the interview: the municipality, then the members.
    if node["municipality"] == nil, !unknownIDs.contains("municipality") {
      let text =
        vocabulary["municipality"]?.question.text(language)
        ?? language.pick("お住まいの市区町村はどこですか", "Which municipality do you live in?", "どの まち に すんで いますか")
      return ask("municipality", member: nil, type: "municipality", text: text)
    }
    if (node["members"]?.array ?? []).isEmpty {
      return ask(
        "members", member: nil, type: "members",
        text: language.pick(
          "一緒に暮らしている人を、あなたから順に教えてください（続柄と生年月日または年齢）",
          "Who lives in the household, starting with you? (role, and date of birth or age, of each)",
          "いっしょ に すむ ひと を おしえて ください（あなた から。だれ か と うまれた ひ か とし）"),
        choices: (["self", "spouse", "child"] + InterviewSession.otherRoles).map {
          ($0, vocabulary["role"]?.choiceLabels[$0] ?? LocalizedText(ja: $0))
        })
    }
    guard let (decoded, evaluationDate) = try decodedHousehold(arguments, "household", asOf: asOf) else {
      throw BadInput(message: "'household' is missing")
    }
    var check = HouseholdCheck(catalog: catalog)
    // A municipality that cannot be found is reported once every member's date of birth is asked for.
    var prepared: HouseholdCheck.Prepared?
    var municipalityFailure: HouseholdCheck.Failure?
    do {
      prepared = try check.prepare(decoded, asOf: evaluationDate, root: node)
    } catch {
      guard case .municipality = error else { throw BadInput(failure: error, key: "household") }
      municipalityFailure = error
    }
    for (index, member) in decoded.members.enumerated()
    where member.birthDate == nil && member.age == nil && !unknownIDs.contains("birth_date.\(index)") {
      let who = catalog.memberName(index, in: decoded, language: language)
      return ask(
        "birth_date", member: index, type: "date",
        text: index == 0
          ? language.pick(
            "あなたの生年月日を教えてください（年齢だけでも構いません）", "What is your date of birth? (Your age is fine too.)",
            "あなた の うまれた ひ は いつ ですか")
          : language.pick(
            "\(who)の生年月日を教えてください（年齢だけでも構いません）", "What is the date of birth of your \(who)? (An age is fine too.)",
            "\(who) の うまれた ひ は いつ ですか"))
    }
    guard let prepared else { throw BadInput(failure: municipalityFailure!, key: "household") }
    let (household, municipality, matcher) = (prepared.household, prepared.municipality, check.matcher)
    let results = check.match(prepared)
    let planner = QuestionPlanner(matcher: matcher)
    // What the interview has learnt beyond the household: screenings answered yes, questions answered わからない.
    var context = QuestionPlanner.Context()
    if let list = arguments["screened"], !list.isNull {
      guard let items = list.array else { throw BadInput(message: "'screened' must be an array of {group, member}") }
      for (position, item) in items.enumerated() {
        guard let id = item["group"]?.string, let group = planner.group(id: id) else {
          throw BadInput(message: "screened[\(position)]: 'group' must be the fact of a screening question")
        }
        let member = item["member"].flatMap { $0.isNull ? nil : $0.number }.map { Int($0) }
        context.opened.insert(.screening(group, member: member))
      }
    }
    for missing in unknown { context.skipped.insert(.fact(missing)) }
    for id in unknownIDs.sorted() {
      // A screening answered わからない: {fact: "disability", member: null}.
      let parts = id.split(separator: ".", maxSplits: 1).map(String.init)
      if let group = planner.group(id: parts[0]) {
        context.skipped.insert(.screening(group, member: parts.count == 2 ? Int(parts[1]) : nil))
      } else if vocabulary.index(of: parts[0]) == nil {
        let hint = closestMatch(to: parts[0], in: vocabulary.facts.map(\.id)).map { " Did you mean '\($0)'?" } ?? ""
        throw BadInput(message: "unknown: '\(parts[0])' is neither a fact nor a screening question.\(hint)")
      }
    }
    let plan = planner.plan(
      household, results: results, asOf: evaluationDate, municipality: municipality, context: context)
    let measures = report(check.report(prepared, results: results), language: language, all: false)
    let yesNo = [
      ("true", LocalizedText(ja: "はい", en: "yes", jaEasy: "はい")),
      ("false", LocalizedText(ja: "いいえ", en: "no", jaEasy: "いいえ")),
    ]
    var outcome: Outcome
    switch plan.next {
    case nil:
      return .json("{\"done\":true,\"question\":null,\"measures\":\(measures)}")
    case .screening(let group, let member)?:
      outcome = ask(
        group.id, member: member, type: "screening",
        text: screeningText(group, member: member, household: household, language: language), choices: yesNo,
        extra: screeningInstructions(group, member: member, household: household))
    case .fact(let missing)?:
      let fact = vocabulary.facts[missing.fact]
      var text = fact.question.text(language)
      if text.isEmpty { text = fact.label.text(language) }
      if let member = missing.member, member > 0 {
        text = catalog.memberName(member, in: household, language: language) + language.pick("：", ": ", "：") + text
      }
      var choices: [(String, LocalizedText)] = []
      switch fact.kind {
      case .choice(let values): choices = values.map { ($0, fact.choiceLabels[$0] ?? LocalizedText(ja: $0)) }
      case .bool: choices = yesNo
      default: break
      }
      outcome = ask(fact.id, member: missing.member, type: fact.typeName, text: text, choices: choices)
    }
    // The results so far go with the question.
    outcome.text = String(outcome.text.dropLast("\"measures\":null}".count)) + "\"measures\":\(compactJSON(measures))}"
    outcome.structured = outcome.text
    return outcome
  }

  /// A screening question in words, as the interview asks it.
  private func screeningText(_ group: ScreeningGroup, member: Int?, household: Household, language: Language)
    -> String
  {
    if let index = group.anyoneFact() {
      let fact = catalog.vocabulary.facts[index]
      let label = fact.label.text(language)
      if let member {
        let who = catalog.memberName(member, in: household, language: language)
        return language.pick(
          "\(who)は「\(label)」に当てはまりますか", "Does this apply to \(who): \(label)?", "\(who) は「\(label)」 ですか")
      }
      return language.pick(
        "世帯に「\(label)」に当てはまる方はいますか", "Does this apply to anyone in your household: \(label)?",
        "かぞく に「\(label)」 の ひと は いますか")
    }
    if let member {
      let who = catalog.memberName(member, in: household, language: language)
      return language.pick(
        "\(who)は、障害者手帳（身体・療育・精神）をお持ちですか。心臓・腎臓などの内部障害も含みます",
        "Does \(who) hold a disability certificate (physical, intellectual or mental), or have an internal disability?",
        "\(who) は しょうがいしゃてちょう を もって いますか")
    }
    return language.pick(
      "世帯に、障害者手帳（身体・療育・精神）をお持ちの方や、心臓・腎臓などの内部障害のある方はいますか",
      "Does anyone in your household hold a disability certificate (physical, intellectual or mental), or have an internal disability (heart, kidneys …)?",
      "かぞく に しょうがいしゃてちょう を もって いる ひと は いますか")
  }

  /// What the assistant records for each answer to a screening question: on "no", the facts to set in the household
  /// (`sets_when_no`); on "yes", the item to add to `screened`; the facts the group covers.
  private func screeningInstructions(_ group: ScreeningGroup, member: Int?, household: Household) -> String {
    let vocabulary = catalog.vocabulary
    let members = member.map { [$0] } ?? Array(household.members.indices)
    var sets: [String] = []
    for index in members {
      for (fact, value) in zip(group.facts, group.noneValues) where household.members[index].facts[fact] == nil {
        sets.append("{\"fact\":\(quoted(vocabulary.facts[fact].id)),\"member\":\(index),\"value\":\(jsonValue(value))}")
      }
    }
    let facts = group.facts.map { quoted(vocabulary.facts[$0].id) }.joined(separator: ",")
    return
      ",\"facts\":[\(facts)],\"sets_when_no\":[\(sets.joined(separator: ","))],\"screened_when_yes\":{\"group\":\(quoted(group.id)),\"member\":\(member.map(String.init) ?? "null")}"
  }

  private func jsonValue(_ value: Value) -> String {
    switch value {
    case .truth(let truth): return truth == .yes ? "true" : "false"
    case .number(let interval): return JSONWriter.format(interval.lo)
    case .text(let text?): return quoted(text)
    default: return "null"
    }
  }
  private func searchMeasures(_ arguments: JSONNode) throws -> Outcome {
    let language = try language(arguments)
    guard let query = try string(arguments, "query"), !SearchText.normalize(query).isEmpty else {
      throw BadInput(message: "'query' is missing: the text to search for (手当, ひとり親, child allowance …)")
    }
    var limit = 20
    if let node = arguments["limit"], !node.isNull {
      guard let value = node.number, value >= 1, value <= 200, value == value.rounded() else {
        throw BadInput(message: "'limit' must be a whole number from 1 to 200")
      }
      limit = Int(value)
    }
    let result = try SearchEngine(database: database).search(query, language: language, limit: limit)
    return .json(SearchRenderer(language: language).json(result, query: query, pretty: false))
  }

  private func showMeasure(_ arguments: JSONNode) throws -> Outcome {
    let language = try language(arguments)
    let asOf = try date(arguments, "as_of") ?? CivilDate.todayInJapan()
    guard let id = try string(arguments, "id") else { throw BadInput(message: "'id' is missing: a measure id or name") }
    let measure = try measureNamed(id)
    let municipality = try municipality(arguments)
    let sheet = MeasureSheetRenderer(language: language, style: TextStyle(useColor: false))
      .render(measure, catalog: catalog, asOf: asOf)
    var json = JSONWriter()
    MeasureJSON.write(
      measure, desk: catalog.desk(for: measure, municipality: municipality?.code), sheet: sheet, language: language,
      into: &json)
    return .json(json.output)
  }

  private func measureNamed(_ id: String) throws -> Measure {
    do {
      return try catalog.lookUpMeasure(id)
    } catch {
      switch error {
      case .ambiguous(_, let count, let named):
        let list = named.map { "\($0.id) (\($0.name.text(.ja)))" }.joined(separator: ", ")
        throw BadInput(message: "'\(id)' could be any of \(count) measures: \(list). Give its id.")
      case .unknown(_, let close):
        let hint = close.first.map { " Did you mean '\($0.id)'?" } ?? ""
        throw BadInput(message: "Unknown measure '\(id)'.\(hint) search_measures finds measures by any word.")
      }
    }
  }

  private func askQuestion(_ arguments: JSONNode) throws -> Outcome {
    let language = try language(arguments)
    let asOf = try date(arguments, "as_of") ?? CivilDate.todayInJapan()
    guard let question = try string(arguments, "question"), !SearchText.normalize(question).trimmingSpaces.isEmpty
    else { throw BadInput(message: "'question' is missing: the question in words") }
    guard question.utf8.count <= 4096 else { throw BadInput(message: "'question' is longer than 4096 bytes") }
    let answer = ask.answer(question, municipality: try municipality(arguments), asOf: asOf, language: language)
    return .json(AskRenderer(language: language).json(answer, catalog: catalog, pretty: false))
  }

  private func lifeEventProcedures(_ arguments: JSONNode) throws -> Outcome {
    let language = try language(arguments)
    let date = try date(arguments, "date") ?? CivilDate.todayInJapan()
    guard let name = try string(arguments, "event") else {
      throw BadInput(message: "'event' is missing: one of \(catalog.events.map(\.id).joined(separator: ", "))")
    }
    guard let event = catalog.event(matching: name) else {
      let hint = closestMatch(to: name, in: catalog.events.map(\.id)).map { " Did you mean '\($0)'?" } ?? ""
      throw BadInput(
        message: "Unknown life event '\(name)'.\(hint) Known: \(catalog.events.map(\.id).joined(separator: ", ")).")
    }
    var municipality = try municipality(arguments)
    var check = HouseholdCheck(catalog: catalog)
    let prepared = try household(arguments, "household", asOf: date, with: &check)
    let household = prepared?.household
    if let prepared { municipality = prepared.municipality ?? municipality }
    let plan = catalog.plan(event, on: date, household: household, municipality: municipality, language: language)
    return .json(EventRenderer(language: language).json(plan, pretty: false))
  }

  private func findDesks(_ arguments: JSONNode) throws -> Outcome {
    let language = try language(arguments)
    let municipality = try municipality(arguments)
    var role = try string(arguments, "role")
    if let id = try string(arguments, "measure") { role = try measureNamed(id).deskRole }
    if let role, catalog.roles[role] == nil {
      let hint = closestMatch(to: role, in: catalog.roles.keys.sorted()).map { " Did you mean '\($0)'?" } ?? ""
      throw BadInput(
        message: "Unknown desk role '\(role)'.\(hint) Roles: \(catalog.roles.keys.sorted().joined(separator: ", ")).")
    }
    let directory = catalog.deskDirectory(municipality: municipality, role: role)
    return .json(DeskRenderer(language: language).json(directory, pretty: false))
  }
}

extension String {
  /// A JSON array as the member `key` of an object: `{"key": […]}`.
  fileprivate func wrapped(_ key: String) -> String { "{\(quoted(key)):\(self)}" }
}

extension MCPTools.BadInput {
  /// A household the check pipeline refused: its dates (under `key`) or its municipality.
  fileprivate init(failure: HouseholdCheck.Failure, key: String) {
    switch failure {
    case .dates(let error): self.init(message: "\(key):\(error)")
    case .municipality(let error): self.init(message: "household: municipality: \(error)")
    }
  }
}
