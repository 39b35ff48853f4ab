import ShienSupport

/// A problem in a household document, naming the member and the fact.
package struct HouseholdError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Where in the document: `members[1].birth_date`, `rent`, or empty for the whole document.
  package var path: String
  package var location: SourceLocation?
  package var message: String

  package init(path: String, location: SourceLocation?, message: String) {
    self.path = path
    self.location = location
    self.message = message
  }

  /// `3:14: members[1].birth_date: impossible date '2025-02-30'`.
  package var description: String {
    var parts: [String] = []
    if let location { parts.append(location.description) }
    if !path.isEmpty { parts.append(path) }
    parts.append(message)
    return parts.joined(separator: ": ")
  }
}

/// Reads household documents (the brief's input contract) and checks them against the fact vocabulary.
package struct HouseholdDecoder: Sendable {
  /// More members than this is not a household; refusing keeps every evaluation small.
  package static let maxMembers = 64
  package static let maxTextLength = 200

  package let vocabulary: FactVocabulary
  private let roleIndex: Int
  private let birthIndex: Int
  private let ageIndex: Int
  private let singleParentIndex: Int?

  package init(vocabulary: FactVocabulary) {
    self.vocabulary = vocabulary
    self.roleIndex = vocabulary.index(of: "role") ?? -1
    self.birthIndex = vocabulary.index(of: "birth_date") ?? -1
    self.ageIndex = vocabulary.index(of: "age") ?? -1
    self.singleParentIndex = vocabulary.index(of: "single_parent")
  }

  /// Parses and checks one household document.
  package func decode(_ bytes: [UInt8]) throws(HouseholdError) -> Household {
    let root: JSONNode
    do {
      root = try JSONReader.parse(bytes)
    } catch {
      throw HouseholdError(path: "", location: error.location, message: error.message)
    }
    return try decode(root)
  }

  package func decode(_ root: JSONNode) throws(HouseholdError) -> Household {
    guard let members = root.object else {
      throw HouseholdError(
        path: "", location: root.location, message: "expected an object for the household, found \(root.kindName)")
    }
    var household = Household(facts: Array(repeating: nil, count: vocabulary.facts.count), members: [])
    var sawMembers = false
    for member in members {
      switch member.key {
      case "id":
        switch member.node.value {
        case .string(let id): household.id = id
        case .number(_, let text): household.id = text
        default:
          throw HouseholdError(
            path: "id", location: member.node.location,
            message: "expected text for the id, found \(member.node.kindName)")
        }
        if (household.id?.count ?? 0) > HouseholdDecoder.maxTextLength {
          throw HouseholdError(
            path: "id", location: member.node.location,
            message: "id longer than \(HouseholdDecoder.maxTextLength) characters")
        }
      case "as_of":
        guard let text = member.node.string, let date = CivilDate(iso: text) else {
          throw HouseholdError(
            path: "as_of", location: member.node.location,
            message: "expected a date as YYYY-MM-DD, found \(quote(member.node))")
        }
        household.asOf = date
      case "members":
        sawMembers = true
        guard let list = member.node.array else {
          throw HouseholdError(
            path: "members", location: member.node.location,
            message: "expected an array of members, found \(member.node.kindName)")
        }
        if list.count > HouseholdDecoder.maxMembers {
          throw HouseholdError(
            path: "members", location: member.node.location,
            message: "\(list.count) members is more than the \(HouseholdDecoder.maxMembers) a household may have")
        }
        for (index, node) in list.enumerated() {
          household.members.append(try decodeMember(node, index: index))
        }
      default:
        let path = shortened(member.key)
        guard let factIndex = vocabulary.index(of: member.key) else {
          throw HouseholdError(
            path: path, location: member.keyLocation,
            message: "unknown fact '\(shortened(member.key))'\(hint(member.key, householdKeys))")
        }
        guard vocabulary.facts[factIndex].entity == .household else {
          throw HouseholdError(
            path: path, location: member.keyLocation,
            message: "'\(member.key)' is a fact about a member; put it inside 'members'")
        }
        household.facts[factIndex] = try value(of: member.node, kind: vocabulary.facts[factIndex].kind, path: path)
      }
    }
    if !sawMembers {
      throw HouseholdError(
        path: "members", location: root.location, message: "missing 'members': list who lives in the household")
    }
    if let asOf = household.asOf {
      try checkDates(household, asOf: asOf, root: root)
    }
    inferSingleParent(&household)
    return household
  }

  private var householdKeys: [String] { ["id", "as_of", "members"] + vocabulary.facts(of: .household).map(\.id) }

  private func hint(_ word: String, _ candidates: [String]) -> String {
    closestMatch(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }

  /// A key or text from the document as an error message repeats it: at most 40 characters.
  private func shortened(_ text: String) -> String {
    text.unicodeScalars.count > 40 ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(40))) + "…" : text
  }

  private func quote(_ node: JSONNode) -> String {
    switch node.value {
    case .string(let s): return "'\(shortened(s))'"
    case .number(_, let text): return shortened(text)
    default: return node.kindName
    }
  }

  private func decodeMember(_ node: JSONNode, index: Int) throws(HouseholdError) -> Household.Member {
    var prefix: String { "members[\(index)]" }  // only errors need it
    guard let fields = node.object else {
      throw HouseholdError(
        path: prefix, location: node.location, message: "expected an object for a member, found \(node.kindName)")
    }
    var member = Household.Member(role: "", facts: Array(repeating: nil, count: vocabulary.facts.count))
    for position in fields.indices {  // by position: copying each member of the object costs
      let key = fields[position].key
      var path: String { "\(prefix).\(shortened(key))" }
      guard let factIndex = vocabulary.index(of: key) else {
        let candidates = vocabulary.facts(of: .member).map(\.id)
        throw HouseholdError(
          path: path, location: fields[position].keyLocation,
          message: "unknown fact '\(shortened(key))'\(hint(key, candidates))")
      }
      guard vocabulary.facts[factIndex].entity == .member else {
        throw HouseholdError(
          path: path, location: fields[position].keyLocation,
          message: "'\(key)' is a fact about the household; put it outside 'members'")
      }
      // The path from a static function: a closure over `self` would copy the decoder for every value.
      let value = try value(
        of: fields[position].node, kind: vocabulary.facts[factIndex].kind,
        path: HouseholdDecoder.memberPath(index, key))
      member.facts[factIndex] = value
      switch (factIndex, value) {
      case (roleIndex, .text(let role?)): member.role = role
      case (birthIndex, .date(let interval)): member.birthDate = CivilDate(dayNumber: Int(interval.lo))
      case (ageIndex, .number(let interval)): member.age = Int(interval.lo)
      default: break
      }
    }
    if member.role.isEmpty {
      throw HouseholdError(
        path: "\(prefix).role", location: node.location,
        message: "missing 'role' (self, spouse, child, parent, grandparent or other)")
    }
    return member
  }

  /// `members[1].birth_date`, as `decodeMember` names a fact in its errors.
  private static func memberPath(_ index: Int, _ key: String) -> String {
    let shown =
      key.unicodeScalars.count > 40 ? String(String.UnicodeScalarView(key.unicodeScalars.prefix(40))) + "…" : key
    return "members[\(index)].\(shown)"
  }

  /// Converts one JSON value to the fact's type; null means unknown.
  package func value(
    of node: JSONNode, for fact: Fact, path: @autoclosure () -> String, asOf: CivilDate?
  ) throws(HouseholdError) -> Value? {
    try value(of: node, kind: fact.kind, path: path())
  }

  /// As `value(of:for:path:asOf:)`, given only the fact's kind (copying a whole fact per value costs).
  private func value(of node: JSONNode, kind: Fact.Kind, path: @autoclosure () -> String) throws(HouseholdError)
    -> Value?
  {
    if node.isNull { return nil }
    func wrong(_ expected: String) -> HouseholdError {
      HouseholdError(path: path(), location: node.location, message: "expected \(expected), found \(quote(node))")
    }
    switch kind {
    case .bool:
      guard let bool = node.bool else { throw wrong("true or false") }
      return .truth(Truth(bool))
    case .integer(let range):
      guard let number = node.number, number == number.rounded(), abs(number) < 1e9 else {
        throw wrong("a whole number")
      }
      if let range, !range.contains(Int(number)) {
        throw HouseholdError(
          path: path(), location: node.location,
          message: "\(Int(number)) is out of range (\(range.lowerBound) to \(range.upperBound))")
      }
      return .number(Interval(exactly: number))
    case .money:
      guard let number = node.number else { throw wrong("an amount in yen as a plain number") }
      if number < 0 {
        throw HouseholdError(
          path: path(), location: node.location, message: "money cannot be negative (\(quote(node)))")
      }
      if number > 1e13 {
        throw HouseholdError(path: path(), location: node.location, message: "amount too large (\(quote(node)))")
      }
      return .number(Interval(exactly: number.rounded()))
    case .date:
      guard let text = node.string else { throw wrong("a date as YYYY-MM-DD") }
      guard let date = CivilDate(iso: text) else {
        let shaped = text.utf8.count == 10 && text.split(separator: "-").count == 3
        throw HouseholdError(
          path: path(), location: node.location,
          message: shaped ? "impossible date '\(text)'" : "expected a date as YYYY-MM-DD, found '\(text.prefix(40))'")
      }
      return .date(Interval(exactly: Double(date.dayNumber)))
    case .choice(let choices):
      guard let text = node.string else { throw wrong("one of \(choices.joined(separator: ", "))") }
      guard choices.contains(text) else {
        throw HouseholdError(
          path: path(), location: node.location,
          message: "'\(text.prefix(40))' is not one of \(choices.joined(separator: ", "))\(hint(text, choices))")
      }
      return .text(text)
    case .text:
      let text: String
      switch node.value {
      case .string(let s): text = s
      case .number(_, let t): text = t
      default: throw wrong("text")
      }
      if text.count > HouseholdDecoder.maxTextLength {
        throw HouseholdError(
          path: path(), location: node.location,
          message: "text longer than \(HouseholdDecoder.maxTextLength) characters")
      }
      return .text(text)
    }
  }

  /// Birth dates after the evaluation date cannot be right (an expected child is stated with `pregnancy`).
  package func checkDates(_ household: Household, asOf: CivilDate, root: JSONNode?) throws(HouseholdError) {
    for (index, member) in household.members.enumerated() {
      if let birth = member.birthDate, birth > asOf {
        let node = root?["members"]?.array?[index]["birth_date"]
        throw HouseholdError(
          path: "members[\(index)].birth_date", location: node?.location,
          message: "birth date \(birth) is after the evaluation date \(asOf)")
      }
    }
  }

  /// When `single_parent` is not given, it follows from the members: one of self and spouse, with children.
  package func inferSingleParent(_ household: inout Household) {
    guard let index = singleParentIndex, household.facts[index] == nil else { return }
    let parents = household.members.filter { $0.role == "self" || $0.role == "spouse" }.count
    let hasChildren = household.members.contains { $0.role == "child" }
    household.facts[index] = .truth(Truth(parents == 1 && hasChildren))
  }
}
