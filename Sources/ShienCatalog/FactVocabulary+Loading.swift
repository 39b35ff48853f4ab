import ShienFacts
import ShienSupport

extension FactVocabulary {
  /// Reads the vocabulary from `facts.json`'s text. Errors name the place in the file.
  package static func load(json bytes: [UInt8], file: String) throws(CatalogError) -> FactVocabulary {
    let root: JSONNode
    do {
      root = try JSONReader.parse(bytes)
    } catch {
      throw CatalogError.diagnostics([Diagnostic(file: file, at: error.location, message: error.message)])
    }
    var reader = CatalogNodeReader(file: file)
    var facts: [Fact] = []
    for node in reader.array(root, "facts") ?? [] {
      guard let fact = reader.fact(node) else { continue }
      if facts.contains(where: { $0.id == fact.id }) {
        reader.error("duplicate fact '\(fact.id)'", at: node.location)
      }
      facts.append(fact)
    }
    if !reader.diagnostics.isEmpty { throw CatalogError.diagnostics(reader.diagnostics) }
    return FactVocabulary(facts: facts)
  }
}

extension CatalogNodeReader {
  mutating func fact(_ node: JSONNode) -> Fact? {
    guard expectObject(node, "a fact") else { return nil }
    checkKeys(
      node,
      allowed: [
        "id", "entity", "type", "unit", "values", "min", "max", "label", "question", "help", "required", "answers",
        "asked_from_age",
        "household_question",
      ])
    guard let id = string(node, "id"), let entityName = string(node, "entity"), let typeName = string(node, "type")
    else {
      return nil
    }
    guard let entity = Fact.Entity(rawValue: entityName) else {
      error("unknown entity '\(entityName)'; expected 'household' or 'member'", at: node["entity"]!.location)
      return nil
    }
    var choiceLabels: [String: LocalizedText] = [:]
    var choices: [String] = []
    let kind: Fact.Kind
    switch typeName {
    case "bool": kind = .bool
    case "money": kind = .money
    case "date": kind = .date
    case "text": kind = .text
    case "integer":
      let low = node["min"]?.number.map { Int($0) }
      let high = node["max"]?.number.map { Int($0) }
      kind = .integer(low.flatMap { l in high.map { h in l...max(l, h) } })
    case "choice":
      for member in node["values"]?.object ?? [] {
        choices.append(member.key)
        choiceLabels[member.key] = localized(member.node, "the label of '\(member.key)'")
      }
      if choices.isEmpty { error("a choice needs 'values'", at: node.location) }
      kind = .choice(choices)
    default:
      error(
        "unknown type '\(typeName)'; expected bool, integer, money, date, choice or text", at: node["type"]!.location)
      return nil
    }
    var fact = Fact(
      id: id, entity: entity, kind: kind, unit: optionalString(node, "unit"),
      label: localizedField(node, "label") ?? LocalizedText([:]),
      question: localizedField(node, "question") ?? LocalizedText([:]),
      help: node["help"].map { localized($0, "help") } ?? LocalizedText([:]), choiceLabels: choiceLabels,
      isRequired: node["required"]?.bool ?? false)
    fact.askedFromAge = node["asked_from_age"]?.number.map { Int($0) }
    fact.hasHouseholdQuestion = node["household_question"]?.bool ?? true
    for member in node["answers"]?.object ?? [] {
      guard let value = member.node.string, choices.contains(value) else {
        error("the answer '\(member.key)' must name one of the values of '\(id)'", at: member.node.location)
        continue
      }
      fact.answerAliases[Fact.answerKey(member.key)] = value
    }
    return fact
  }
}
