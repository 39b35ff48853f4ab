import ShienCatalog
import ShienFacts
import ShienMatching
import ShienSupport

/// The facts a handout's answers rest on, and what was left unknown: the short box at the top of the page
/// (「ひとり親 ・ 本人の年収 240万円 ・ 子 2人 …」), so that the visitor and the desk can see what was assumed.
package struct HandoutAssumptions: Sendable, Equatable {
  /// Each known fact as a short phrase, the household's first, then member by member.
  package var facts: [String]
  /// The facts that would settle a maybe measure, by label, each once.
  package var unknown: [String]

  /// At most this many unknown facts are named.
  static let maxUnknown = 8

  /// Facts that are part of the household's make-up and said another way (the members' line).
  private static let hidden: Set<String> = ["role", "municipality", "prefecture", "birth_date", "age"]

  package static func of(
    _ household: Household, results: [MeasureResult], catalog: Catalog, asOf: CivilDate, language: Language
  ) -> HandoutAssumptions {
    let vocabulary = catalog.vocabulary
    var facts: [String] = []
    // Who lives here: 本人 36歳、配偶者 34歳、子 2人（9歳・2歳）.
    let members = household.members.indices.map { index -> String in
      let member = household.members[index]
      let name = catalog.memberName(index, in: household, language: language)
      guard let age = member.birthDate.map({ $0.age(on: asOf) }) ?? member.age else { return name }
      return language.pick("\(name) \(age)歳", "\(name), \(age)", "\(name) \(age)さい")
    }
    facts.append(members.joined(separator: language == .en ? "; " : "、"))
    for (index, value) in household.facts.enumerated() {
      guard let value, !hidden.contains(vocabulary.facts[index].id) else { continue }
      facts.append(phrase(vocabulary.facts[index], value, who: nil, language: language))
    }
    for (member, entry) in household.members.enumerated() {
      let who = catalog.memberName(member, in: household, language: language)
      for (index, value) in entry.facts.enumerated() {
        guard let value, !hidden.contains(vocabulary.facts[index].id) else { continue }
        facts.append(phrase(vocabulary.facts[index], value, who: who, language: language))
      }
    }
    // The facts that would settle the most money first; at most eight, then how many more.
    var unknown: [String] = []
    let maybe = results.filter { $0.status == .maybe }.sorted {
      QuestionPlanner.stake(of: $0) > QuestionPlanner.stake(of: $1)
    }
    var seen: Set<String> = []
    for result in maybe {
      for missing in result.missing {
        let label = catalog.label(of: missing, in: household, language: language)
        if !seen.insert(label).inserted { continue }
        if unknown.count < maxUnknown { unknown.append(label) }
      }
    }
    let count = seen.count
    if count > maxUnknown {
      unknown.append(
        language.pick("ほか\(count - maxUnknown)件", "\(count - maxUnknown) more", "ほか \(count - maxUnknown)"))
    }
    return HandoutAssumptions(facts: facts, unknown: unknown)
  }

  private static func phrase(_ fact: Fact, _ value: Value, who: String?, language: Language) -> String {
    let label = fact.label.text(language)
    let text: String
    switch value {
    case .truth(let truth):
      text = truth == .yes ? language.pick("はい", "yes", "はい") : truth == .no ? language.pick("いいえ", "no", "いいえ") : "?"
    case .number(let interval):
      if case .money = fact.kind {
        text = formatYen(interval.lo, language: language)
      } else {
        text = JSONWriter.format(interval.lo)
      }
    case .date(let interval): text = CivilDate(dayNumber: Int(interval.lo)).description
    case .text(let value?): text = fact.choiceLabels[value]?.text(language) ?? value
    case .text(nil): text = "?"
    case .member(let index): text = String(index)
    }
    guard let who else { return language.pick("\(label)：\(text)", "\(label): \(text)", "\(label)：\(text)") }
    return language.pick("\(who)の\(label)：\(text)", "\(label) (\(who)): \(text)", "\(who) の \(label)：\(text)")
  }
}
