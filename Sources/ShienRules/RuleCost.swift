import ShienFacts
import ShienSupport

/// An upper bound on the work of evaluating a rule: how many parts of it the evaluator may visit for a household of
/// the most members a household may have (``HouseholdDecoder/maxMembers``).
///
/// A member loop visits its filter and body once per member, so nested loops multiply. A definition's call counts as
/// one step: its body is computed at most once per member and household (the evaluator keeps its result), and is
/// counted once, as a rule of its own, for each member it can be about (``perHousehold(_:)``).
///
/// The compiler refuses a rule above ``maxPerRule`` and a catalog above ``maxPerHousehold``, so that no catalog can
/// make one household take long. A step takes 4–8 ns in a release build (three nested loops over 64 members: 3.7
/// million steps in 14 ms, 4.7 million in 38 ms), so a rule takes at most about 0.1 s and a household 0.4 s. The
/// bundled catalog's largest rule is about 51,000 steps, and all of it about 1.4 million per household.
package enum RuleCost {
  /// Members a loop may visit.
  package static let members = Double(HouseholdDecoder.maxMembers)
  /// The most steps one rule may take.
  package static let maxPerRule: Double = 10_000_000
  /// The most steps every rule of a catalog together may take for one household.
  package static let maxPerHousehold: Double = 50_000_000

  /// Why a rule costing `cost` is refused.
  package static func tooCostly(_ cost: Double) -> String {
    "this rule may take up to \(grouped(cost)) steps for a household of \(Int(members)) members, more than the"
      + " \(grouped(maxPerRule)) a rule may take (each member loop multiplies what is inside it by \(Int(members)))"
  }

  /// Why a catalog whose parts cost `parts` (largest first) is refused, or nil.
  package static func problem(withParts parts: [(what: String, cost: Double)]) -> String? {
    let total = parts.reduce(0) { $0 + $1.cost }
    guard total > maxPerHousehold else { return nil }
    let largest = parts.prefix(3).map { "\($0.what) (\(grouped($0.cost)))" }.joined(separator: ", ")
    return "the catalog's rules may take up to \(grouped(total)) steps for one household of \(Int(members)) members,"
      + " more than the \(grouped(maxPerHousehold)) allowed; the largest: \(largest)"
  }

  /// The most parts evaluating `expr` once may visit.
  package static func of(_ expr: Expr) -> Double {
    switch expr {
    case .constant, .asOf, .householdFact, .memberFact, .memberAttribute, .memberVariable:
      1
    case .parameter(_, let index):
      1 + optional(index)
    case .keyedParameter(_, let key, let column):
      1 + of(key) + optional(column)
    case .negate(let operand), .not(let operand):
      1 + of(operand)
    case .binary(_, let left, let right):
      1 + of(left) + of(right)
    case .inList(let operand, let list):
      1 + of(operand) + Double(list.count)
    case .conditional(let conditions, let values, let otherwise):
      1 + sum(conditions) + sum(values) + of(otherwise)
    case .aggregate(_, _, let filter, let body):
      1 + members * (1 + optional(filter) + optional(body))
    case .rank(let target, _, let filter):
      1 + of(target) + members * (1 + optional(filter))
    case .builtin(_, let arguments):
      1 + sum(arguments)
    case .definition(_, let argument):
      1 + optional(argument)
    }
  }

  /// The most a definition's body costs in one household: once for each member it can be about, or once.
  package static func perHousehold(_ definition: Definition) -> Double {
    of(definition.rule.expr) * (definition.parameter == nil ? 1 : members)
  }

  private static func optional(_ expr: Expr?) -> Double { expr.map(of) ?? 0 }

  private static func sum(_ exprs: [Expr]) -> Double { exprs.reduce(0) { $0 + of($1) } }
}
