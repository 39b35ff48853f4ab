import ShienSupport

extension Fact {
  /// An answer as compared with a choice's labels and aliases: half width, lower case, without spaces, hyphens,
  /// `・` or a final `。`/`.` (`self employed` = `Self-employed`).
  package static func answerKey(_ text: String) -> String {
    String(
      EverydayInput.normalizeWidth(text).lowercased().filter {
        !$0.isWhitespace && !["-", "_", "・", "。", ".", "、", ","].contains($0)
      })
  }

  /// Reads everyday input for this fact (全角 digits, 280万, 令和6年4月1日, はい, a choice's label); nil for
  /// "わからない", which leaves the fact unknown.
  package func parseEveryday(_ text: String, asOf: CivilDate?) throws(EverydayInputError) -> Value? {
    if EverydayInput.unknownAnswer(text) { return nil }
    switch kind {
    case .bool:
      return .truth(Truth(try EverydayInput.yesNo(text)))
    case .money:
      return .number(Interval(exactly: Double(try EverydayInput.money(text))))
    case .date:
      let date = try EverydayInput.date(text, reference: asOf)
      return .date(Interval(exactly: Double(date.dayNumber)))
    case .integer(let range):
      // "なし" / "持っていない" is 0 where 0 is a value (a certificate grade "0 if none").
      if range?.contains(0) ?? true, EverydayInput.noneAnswer(text) { return .number(Interval(exactly: 0)) }
      let normalized = EverydayInput.normalizeWidth(text).filter { !$0.isWhitespace }
      if let number = EverydayPhrases.count(text) ?? EverydayPhrases.age(text).flatMap({ Int($0) }),
        range.map({ $0.contains(number) }) ?? true
      {
        return .number(Interval(exactly: Double(number)))
      }
      var digits = Substring(normalized)
      for unit in ["級", "歳", "才", "度", "人", "名"] where digits.hasSuffix(unit) { digits = digits.dropLast() }
      guard let number = Int(digits), range.map({ $0.contains(number) }) ?? true else {
        throw .notAWholeNumber(EverydayInput.normalizeWidth(text), range)
      }
      return .number(Interval(exactly: Double(number)))
    case .choice(let choices):
      let normalized = EverydayInput.normalizeWidth(text)
      if choices.contains(normalized) { return .text(normalized) }
      func labels(_ value: String) -> [String] {
        (choiceLabels[value]?.values.values).map { $0.map { EverydayInput.normalizeWidth($0).lowercased() } } ?? []
      }
      if let value = choices.first(where: { labels($0).contains(normalized.lowercased()) }) { return .text(value) }
      let key = Fact.answerKey(normalized)
      if let value = answerAliases[key] { return .text(value) }
      if let value = choices.first(where: { labels($0).contains { Fact.answerKey($0) == key } }) { return .text(value) }
      if let number = Int(normalized), number >= 1, number <= choices.count { return .text(choices[number - 1]) }
      if choices.contains("none"), EverydayInput.noneAnswer(text) { return .text("none") }
      if let value = choices.first(where: { $0.lowercased() == normalized.lowercased() }) { return .text(value) }
      // A part of one label only ("パート" for 会社員・パート).
      if normalized.count >= 2 {
        let matches = choices.filter { value in labels(value).contains { $0.contains(normalized.lowercased()) } }
        if matches.count == 1 { return .text(matches[0]) }
      }
      throw .notAChoice(text, choices)
    case .text:
      return .text(EverydayInput.normalizeWidth(text))
    }
  }
}

/// Builds a household from the one-line flags counter staff type:
/// `--self 36,240万,employee --child 2016-05-10 --child H30.1.20,physical=2 --municipality 古賀市`.
///
/// A member is a role and a list of items separated by commas: an age or birth date first, then `fact=value`, an
/// income (`240万`), an employment (`employee`), or `student`.
package struct HouseholdFlags {
  package let vocabulary: FactVocabulary
  package var asOf: CivilDate?
  package private(set) var household: Household

  /// Short names for long facts, for typing at the counter.
  package static let aliases = [
    "physical": "disability_physical_grade", "intellectual": "disability_intellectual_grade",
    "mental": "disability_mental_grade", "expenses": "business_expenses", "birth": "birth_date",
    "born": "birth_date", "course": "high_school_course", "school": "high_school_operator",
  ]

  package init(vocabulary: FactVocabulary, asOf: CivilDate?) {
    self.vocabulary = vocabulary
    self.asOf = asOf
    self.household = Household(facts: Array(repeating: nil, count: vocabulary.facts.count), members: [])
  }

  /// Adds a member from `--ROLE SPEC`; `flag` names the flag in errors.
  package mutating func addMember(role: String, spec: String, flag: String) throws(HouseholdError) {
    var member = Household.Member(role: role, facts: Array(repeating: nil, count: vocabulary.facts.count))
    if let roleIndex = vocabulary.index(of: "role") { member.facts[roleIndex] = .text(role) }
    let items = spec.split(separator: ",", omittingEmptySubsequences: true).map {
      String($0).trimmingSpaces
    }
    let place = "\(flag) '\(spec)'"
    // Each fact once: `--self 30,200万,300万` is a mistake to point out, not an income to pick.
    var stated: [String: String] = [:]
    for (position, item) in items.enumerated() {
      if let equals = item.firstIndex(of: "=") {
        let key = String(item[..<equals]).trimmingSpaces
        let value = String(item[item.index(after: equals)...]).trimmingSpaces
        try set(key, value, on: &member, place: place, stated: &stated, item: item)
        continue
      }
      // The first item is an age or a birth date; when it is neither, what was wrong with it is kept for the
      // message in case it is not anything else either.
      var dateOrAgeError: EverydayInputError?
      if position == 0 {
        var parsed: EverydayInput.DateOrAge?
        do {
          parsed = try EverydayInput.dateOrAge(item, on: asOf ?? CivilDate.todayInJapan())
        } catch {
          dateOrAgeError = error
        }
        switch parsed {
        case .birthDate(let date)?:
          try set("birth_date", date.description, on: &member, place: place, stated: &stated, item: item)
          continue
        case .age(let years)?:
          try set("age", String(years), on: &member, place: place, stated: &stated, item: item)
          continue
        case nil:
          break
        }
        // Shaped like an age or a date but not a possible one (`300`, `R5.1.32`): a typo to report, never an income.
        if let dateOrAgeError {
          if case .notADate = dateOrAgeError {
          } else {
            throw HouseholdError(path: place, location: nil, message: dateOrAgeError.message(language: .en))
          }
        }
      }
      let normalized = EverydayInput.normalizeWidth(item)
      if case .choice(let choices)? = vocabulary["employment"]?.kind, choices.contains(normalized) {
        try set("employment", normalized, on: &member, place: place, stated: &stated, item: item)
      } else if normalized == "student" || normalized == "学生" {
        try set("student", "true", on: &member, place: place, stated: &stated, item: item)
      } else if (try? EverydayInput.money(item)) != nil {
        try set("income", item, on: &member, place: place, stated: &stated, item: item)
      } else if let dateOrAgeError, case .notADate = dateOrAgeError {
        throw HouseholdError(
          path: place, location: nil,
          message:
            "cannot read '\(item)': expected an age or birth date first, then fact=value, an income such as 240万, an employment (employee, self_employed …) or 'student'"
        )
      } else if let dateOrAgeError {
        throw HouseholdError(path: place, location: nil, message: dateOrAgeError.message(language: .en))
      } else {
        throw HouseholdError(
          path: place, location: nil,
          message:
            "cannot read '\(item)': expected fact=value, an income such as 240万, an employment (employee, self_employed …) or 'student'"
        )
      }
    }
    household.members.append(member)
  }

  private mutating func set(
    _ key: String, _ text: String, on member: inout Household.Member, place: String,
    stated: inout [String: String], item: String
  ) throws(HouseholdError) {
    let id = HouseholdFlags.aliases[key] ?? key
    // An age and a birth date say the same thing: either is the member's age.
    let slot = id == "age" ? "birth_date" : id
    if let earlier = stated[slot] {
      let what = slot == "birth_date" ? "age or birth date" : id
      throw HouseholdError(
        path: place, location: nil, message: "\(what) is given twice ('\(earlier)' and '\(item)'); give it once")
    }
    stated[slot] = item
    guard let index = vocabulary.index(of: id) else {
      let candidates = vocabulary.facts(of: .member).map(\.id) + Array(HouseholdFlags.aliases.keys)
      let hint = closestMatch(to: key, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
      throw HouseholdError(path: place, location: nil, message: "unknown fact '\(key)'\(hint)")
    }
    let fact = vocabulary.facts[index]
    guard fact.entity == .member else {
      throw HouseholdError(
        path: place, location: nil, message: "'\(id)' is a fact about the household; give it with --set \(id)=…")
    }
    let value: Value?
    do {
      value = try fact.parseEveryday(text, asOf: asOf)
    } catch {
      throw HouseholdError(path: place, location: nil, message: "\(id): \(error.message(language: .en))")
    }
    member.facts[index] = value
    switch (id, value) {
    case ("birth_date", .date(let interval)?): member.birthDate = CivilDate(dayNumber: Int(interval.lo))
    case ("age", .number(let interval)?): member.age = Int(interval.lo)
    default: break
    }
  }

  /// Sets a household fact from `--municipality`, `--rent`, `--set fact=value` and friends.
  package mutating func setHouseholdFact(_ key: String, _ text: String, flag: String) throws(HouseholdError) {
    guard let index = vocabulary.index(of: key) else {
      let hint =
        closestMatch(to: key, in: vocabulary.facts(of: .household).map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
      throw HouseholdError(path: flag, location: nil, message: "unknown fact '\(key)'\(hint)")
    }
    let fact = vocabulary.facts[index]
    guard fact.entity == .household else {
      throw HouseholdError(
        path: flag, location: nil, message: "'\(key)' is a fact about a member; give it inside --self, --child …")
    }
    do {
      household.facts[index] = try fact.parseEveryday(text, asOf: asOf)
    } catch {
      throw HouseholdError(path: flag, location: nil, message: "\(key): \(error.message(language: .en))")
    }
  }

  package mutating func setID(_ id: String) { household.id = id }

  /// The disability facts that `--no-disability` states for every member who does not state them.
  package static let disabilityFacts: [(id: String, none: String)] = [
    ("disability_physical_grade", "0"), ("disability_intellectual_grade", "none"), ("disability_mental_grade", "0"),
    ("internal_disability", "false"),
  ]

  /// States "no disability certificate" for every member who has not stated one.
  package mutating func stateNoDisability() {
    for (id, none) in HouseholdFlags.disabilityFacts {
      guard let index = vocabulary.index(of: id),
        let value = try? vocabulary.facts[index].parseEveryday(none, asOf: asOf)
      else { continue }
      for member in household.members.indices where household.members[member].facts[index] == nil {
        household.members[member].facts[index] = value
      }
    }
  }
}

extension String {
  package var trimmingSpaces: String {
    var scalars = Substring(self).unicodeScalars[...]
    while let first = scalars.first, first == " " || first == "\u{3000}" || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\u{3000}" || last == "\t" { scalars.removeLast() }
    return String(String.UnicodeScalarView(scalars))
  }
}
