import ShienSupport

#if canImport(Glibc)
  import Glibc
#endif

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
  /// Other words people answer a choice with (`社保` for `employee`), by ``Fact/answerKey(_:)``: `answers` in
  /// facts.json.
  package var answerAliases: [String: String] = [:]
  /// Members younger than this are not asked (`asked_from_age` in facts.json: pregnancy, childcare leave …).
  package var askedFromAge: Int?
  /// False when "is anyone in the household …?" makes no sense as a first question (`household_question`: the
  /// kind of work, where most adults have one).
  package var hasHouseholdQuestion = true

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
  /// Fact indexes by a hash (FNV-1a) of their id, open addressing, −1 for empty: every key of every household
  /// document is looked up here, and a short hash beats the dictionary's seeded one.
  private var slots: [Int32]
  private var ids: [[UInt8]]

  package init(facts: [Fact]) {
    self.facts = facts
    ids = facts.map { Array($0.id.utf8) }
    var size = 16
    while size < facts.count * 3 { size *= 2 }
    slots = Array(repeating: -1, count: size)
    for index in ids.indices {
      let isNew = ids[index].withUnsafeBufferPointer { find($0) == nil }
      guard isNew else { continue }
      var slot = Int(truncatingIfNeeded: fnv1a64(ids[index])) & (size - 1)
      while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
      slots[slot] = Int32(index)
    }
  }

  private func find(_ id: UnsafeBufferPointer<UInt8>) -> Int? {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, as fnv1a64, inlined for the hot path
    for byte in id {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01b3
    }
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] >= 0 {
      let index = Int(slots[slot])
      let isEqual = ids[index].withUnsafeBufferPointer {
        $0.count == id.count && (id.isEmpty || memcmp($0.baseAddress!, id.baseAddress!, id.count) == 0)
      }
      if isEqual { return index }
      slot = (slot + 1) & mask
    }
    return nil
  }

  package func index(of id: String) -> Int? {
    var id = id
    return id.withUTF8 { find($0) }
  }

  package subscript(id: String) -> Fact? { index(of: id).map { facts[$0] } }

  package func facts(of entity: Fact.Entity) -> [Fact] { facts.filter { $0.entity == entity } }
}
