/// One fact a household document can state, as the vocabulary under `Resources/facts.json` defines it.
package struct Fact: Sendable, Hashable {
  package enum Entity: String, Sendable {
    case household, member
  }

  package enum Kind: Sendable, Hashable {
    case bool
    /// A whole number, within `range` when one is given (a disability grade 0…7).
    case integer(ClosedRange<Int>?)
    /// Yen, never negative.
    case money
    case date
    /// One of a fixed list of values, such as a role.
    case choice([String])
    case text
  }

  package var id: String
  package var entity: Entity
  package var kind: Kind
  /// `yen/year`, `yen/month`, `years`: shown beside the value.
  package var unit: String?
  package var label: LocalizedText
  package var question: LocalizedText
  package var help: LocalizedText
  /// The label of each allowed value of a choice.
  package var choiceLabels: [String: LocalizedText]
  /// Required facts must be present (a member's role).
  package var isRequired: Bool

  package init(
    id: String, entity: Entity, kind: Kind, unit: String? = nil, label: LocalizedText,
    question: LocalizedText = LocalizedText([:]), help: LocalizedText = LocalizedText([:]),
    choiceLabels: [String: LocalizedText] = [:], isRequired: Bool = false
  ) {
    self.id = id
    self.entity = entity
    self.kind = kind
    self.unit = unit
    self.label = label
    self.question = question
    self.help = help
    self.choiceLabels = choiceLabels
    self.isRequired = isRequired
  }

  package var typeName: String {
    switch kind {
    case .bool: "bool"
    case .integer: "integer"
    case .money: "money"
    case .date: "date"
    case .choice: "choice"
    case .text: "text"
    }
  }

  /// What a rule sees when this fact is absent: everything it could be.
  package var unknownValue: Value {
    switch kind {
    case .bool: .truth(.unknown)
    case .integer(let range): .number(range.map { Interval(Double($0.lowerBound), Double($0.upperBound)) } ?? .unknown)
    case .money: .number(.nonNegative)
    case .date: .date(.unknown)
    case .choice, .text: .text(nil)
    }
  }
}

/// The facts shien knows, in the order `shien facts` lists them.
package struct FactVocabulary: Sendable {
  package private(set) var facts: [Fact]
  private var indexByID: [String: Int]

  package init(facts: [Fact]) {
    self.facts = facts
    self.indexByID = Dictionary(facts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
  }

  package func index(of id: String) -> Int? { indexByID[id] }
  package subscript(id: String) -> Fact? { indexByID[id].map { facts[$0] } }

  package func facts(of entity: Fact.Entity) -> [Fact] { facts.filter { $0.entity == entity } }
}
