import ShienSupport

/// A parsed rule, before names are resolved and types checked: what the author wrote, with its place.
package struct Syntax: Sendable {
  package indirect enum Kind: Sendable {
    case number(Double)
    case text(String)
    case date(CivilDate)
    case bool(Bool)
    case name(String)
    /// `base.field`: a fact or attribute of a member (`c.income`, `c.age`).
    case field(Syntax, String, SourceRange)
    /// `table[index]`: a row of a parameter table; `table[key, column]`: a column of a keyed table's row.
    case index(Syntax, Syntax, column: Syntax?)
    case call(String, [Syntax])
    case negate(Syntax)
    case not(Syntax)
    case binary(BinaryOperator, Syntax, Syntax)
    case inList(Syntax, [Syntax])
    /// `if c1 then v1 elif c2 then v2 else v3`.
    case conditional([(condition: Syntax, value: Syntax)], otherwise: Syntax)
    /// `count(c in members where filter)`, `sum(c in members where filter: body)`.
    case aggregate(AggregateKind, variable: String, variableRange: SourceRange, filter: Syntax?, body: Syntax?)
    /// `rank(c, o in members where filter)`: where `c` stands among the members that pass the filter, oldest first.
    case rank(target: Syntax, variable: String, variableRange: SourceRange, filter: Syntax?)
  }

  package var kind: Kind
  package var range: SourceRange

  package init(_ kind: Kind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

package enum BinaryOperator: String, Sendable, Codable {
  case add = "+", subtract = "-", multiply = "*", divide = "/"
  case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
  case and, or

  var isComparison: Bool {
    switch self {
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
    default: false
    }
  }
}

package enum AggregateKind: String, Sendable, CaseIterable, Codable {
  case any, all, count, sum, min, max
}
