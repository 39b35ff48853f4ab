import ShienSupport

/// One household's facts, checked against the vocabulary: what a rule reads.
///
/// A fact that is absent is unknown (nil here), never zero or false.
package struct Household: Sendable {
  package struct Member: Sendable {
    package var role: String
    /// Facts by vocabulary index; nil where unknown.
    package var facts: [Value?]
    package var birthDate: CivilDate?
    /// The age as given, used only when the birth date is not.
    package var age: Int?

    /// The range of days the birth date can be on, given what is known, as of `asOf`.
    package func birthInterval(asOf: CivilDate) -> Interval? {
      if let birthDate { return Interval(exactly: Double(birthDate.dayNumber)) }
      guard let age else { return nil }
      // Aged `age` on asOf: born after asOf − (age + 1) years and on or before asOf − age years.
      let latest = asOf.adding(years: -age)
      let earliest = asOf.adding(years: -(age + 1)).adding(days: 1)
      return Interval(Double(earliest.dayNumber), Double(latest.dayNumber))
    }

    package init(role: String, facts: [Value?], birthDate: CivilDate? = nil, age: Int? = nil) {
      self.role = role
      self.facts = facts
      self.birthDate = birthDate
      self.age = age
    }
  }

  package var id: String?
  package var asOf: CivilDate?
  /// Household facts by vocabulary index; nil where unknown.
  package var facts: [Value?]
  package var members: [Member]

  package init(id: String? = nil, asOf: CivilDate? = nil, facts: [Value?], members: [Member]) {
    self.id = id
    self.asOf = asOf
    self.facts = facts
    self.members = members
  }
}

/// A fact a rule needed but the household did not give: which member (nil for the household) and which fact.
package struct MissingFact: Sendable, Hashable, Comparable {
  package var member: Int?
  package var fact: Int

  package static func < (lhs: MissingFact, rhs: MissingFact) -> Bool {
    ((lhs.member ?? -1), lhs.fact) < ((rhs.member ?? -1), rhs.fact)
  }

  package init(member: Int? = nil, fact: Int) {
    self.member = member
    self.fact = fact
  }
}
