import ShienSupport

/// Writes a household as the brief's household document (the JSON that `check --household`, `batch` and saved
/// interviews share): known facts only, dates as `YYYY-MM-DD`, money as plain yen, members with their role first.
package struct HouseholdDocumentWriter: Sendable {
  package let vocabulary: FactVocabulary

  package init(vocabulary: FactVocabulary) {
    self.vocabulary = vocabulary
  }

  package func json(_ household: Household, pretty: Bool = false) -> String {
    var json = JSONWriter(pretty: pretty)
    json.beginObject()
    if let id = household.id { json.field("id", id) }
    if let asOf = household.asOf { json.field("as_of", asOf.description) }
    for (index, fact) in vocabulary.facts.enumerated() where fact.entity == .household {
      if let value = household.facts[index] { write(fact.id, value, into: &json) }
    }
    json.key("members")
    json.beginArray()
    for member in household.members {
      json.beginObject()
      json.field("role", member.role)
      for (index, fact) in vocabulary.facts.enumerated() where fact.entity == .member && fact.id != "role" {
        if index < member.facts.count, let value = member.facts[index] { write(fact.id, value, into: &json) }
      }
      json.endObject()
    }
    json.endArray()
    json.endObject()
    return json.output
  }

  private func write(_ key: String, _ value: Value, into json: inout JSONWriter) {
    switch value {
    case .truth(let truth):
      guard let bool = truth.bool else { return }
      json.field(key, bool)
    case .number(let interval):
      guard interval.isExact else { return }
      json.field(key, interval.lo)
    case .date(let interval):
      guard interval.isExact, interval.lo.isFinite else { return }
      json.field(key, CivilDate(dayNumber: Int(interval.lo)).description)
    case .text(let text):
      guard let text else { return }
      json.field(key, text)
    case .member:
      return
    }
  }
}
