import ShienFacts
import ShienSupport

/// The types of the rule language.
package enum RuleType: String, Sendable, Hashable {
  case bool
  /// Counts, years, rates.
  case number
  /// Yen. Money adds to money, scales by numbers, and compares with money.
  case money
  case date
  /// Text and choices (a member's role, an employment type).
  case text
  /// A member of the household, bound by `any(c in members …)` and friends.
  case member

  var isNumeric: Bool { self == .number || self == .money }
}

/// What a member variable offers beyond the facts in the vocabulary.
package enum MemberAttribute: String, Sendable, CaseIterable {
  /// Whole years at the evaluation date, from the birth date, or the age as given.
  case age
  /// The birth date, or the year of dates an age allows.
  case birthDate = "birth_date"
  /// The school grade at the evaluation date: 1 = 小1, 7 = 中1, 10 = 高1, 12 = 高3 (1 April cut-off, 早生まれ).
  case grade
  /// Position in the household document, from 0.
  case index
}

/// Functions built into the rule language. None loops, reads a file or sees anything but its arguments.
package enum Builtin: String, Sendable, CaseIterable {
  case min, max, floor, ceil, round
  case roundTo = "round_to", floorTo = "floor_to", ceilTo = "ceil_to"
  case addDays = "add_days", addMonths = "add_months", addYears = "add_years"
  case daysBetween = "days_between"
  case fiscalYear = "fiscal_year", fiscalYearStart = "fiscal_year_start", fiscalYearEnd = "fiscal_year_end"
  case ageOn = "age_on", gradeOn = "grade_on"
  /// An amount known only to lie between two values, such as one set at certification (特児 1級 or 2級).
  case range

  /// How many arguments it takes: the evaluator reads exactly these (a database from elsewhere is held to them).
  package var arity: ClosedRange<Int> {
    switch self {
    case .min, .max: 2...Int.max
    case .floor, .ceil, .round, .fiscalYear, .fiscalYearStart, .fiscalYearEnd: 1...1
    case .roundTo, .floorTo, .ceilTo, .addDays, .addMonths, .addYears, .daysBetween, .ageOn, .gradeOn, .range: 2...2
    }
  }

  /// The signature shown in errors.
  package var signature: String {
    switch self {
    case .min, .max: "\(rawValue)(a, b, …)"
    case .floor, .ceil, .round: "\(rawValue)(x)"
    case .roundTo, .floorTo, .ceilTo: "\(rawValue)(x, unit)"
    case .addDays, .addMonths, .addYears: "\(rawValue)(date, n)"
    case .daysBetween: "days_between(from, to)"
    case .fiscalYear, .fiscalYearStart, .fiscalYearEnd: "\(rawValue)(date)"
    case .ageOn, .gradeOn: "\(rawValue)(member, date)"
    case .range: "range(low, high)"
    }
  }
}

/// A rule after names are resolved and types checked: what the evaluator runs. Never re-parsed per household.
package indirect enum Expr: Sendable {
  case constant(Value)
  /// The evaluation date (`as_of`).
  case asOf
  case householdFact(Int)
  case memberFact(slot: Int, fact: Int)
  case memberAttribute(slot: Int, MemberAttribute)
  case memberVariable(slot: Int)
  /// A dated parameter, by index in the catalog; a table takes a row index.
  case parameter(Int, index: Expr?)
  /// A row of a keyed parameter, by its text key (a municipality's code, a prefecture's name), and a column for a
  /// keyed table.
  case keyedParameter(Int, key: Expr, column: Expr?)
  case negate(Expr)
  case not(Expr)
  case binary(BinaryOperator, Expr, Expr)
  case inList(Expr, [Value])
  case conditional(conditions: [Expr], values: [Expr], otherwise: Expr)
  case aggregate(AggregateKind, slot: Int, filter: Expr?, body: Expr?)
  case rank(target: Expr, slot: Int, filter: Expr?)
  case builtin(Builtin, [Expr])
  /// A named definition, by index in the catalog, with its member argument if it takes one.
  case definition(Int, argument: Expr?)
}

/// A rule ready to evaluate, with its type and source.
package struct CompiledRule: Sendable {
  package var expr: Expr
  package var type: RuleType
  /// How many member variables it binds at once (the evaluator's frame size).
  package var frameSize: Int
  package var source: RuleSource

  package init(expr: Expr, type: RuleType, frameSize: Int, source: RuleSource) {
    self.expr = expr
    self.type = type
    self.frameSize = frameSize
    self.source = source
  }
}

/// A parameter with effective dates: an amount, a rate, or a table indexed by a count (income limits by number of
/// dependants). A keyed parameter holds one value (or, as a table, one row) per text key, such as a municipality's
/// code: the 級地 of each municipality.
package struct Parameter: Sendable {
  package struct Period: Sendable, Hashable {
    package var from: CivilDate
    /// Last day in force; nil while it is still in force.
    package var through: CivilDate?
    /// The value, or a table's rows; for a keyed parameter, the value (or row) of every key not in `keyed`.
    package var values: [Double]
    /// For tables: what each row past the last adds (380,000 yen per further dependant).
    package var step: Double?
    package var isVerified: Bool
    package var source: String?
    /// A keyed parameter's values (a keyed table's rows) by key.
    package var keyed: [String: [Double]] = [:]

    package init(
      from: CivilDate, through: CivilDate? = nil, values: [Double], step: Double? = nil, isVerified: Bool,
      source: String? = nil, keyed: [String: [Double]] = [:]
    ) {
      self.from = from
      self.through = through
      self.values = values
      self.step = step
      self.isVerified = isVerified
      self.source = source
      self.keyed = keyed
    }
  }

  package var name: String
  package var type: RuleType
  package var isTable: Bool
  /// True when the parameter is looked up by a text key: `kyuchi[municipality]`, `cap[prefecture, column]`.
  package var isKeyed: Bool = false
  package var periods: [Period]
  /// The series' revision rhythm, where the catalog declares one (see ``ParameterRevision``).
  package var revision: ParameterRevision? = nil

  /// The period in force on `date`, if any.
  package func period(on date: CivilDate) -> Period? {
    periods.last { $0.from <= date && ($0.through.map { date <= $0 } ?? true) }
  }

  package init(name: String, type: RuleType, isTable: Bool, isKeyed: Bool = false, periods: [Period]) {
    self.name = name
    self.type = type
    self.isTable = isTable
    self.isKeyed = isKeyed
    self.periods = periods
  }

  /// The value in force on `date` is past its expected revision with no newer value: what is missing, and since when.
  package func stale(on date: CivilDate) -> StaleParameter? {
    guard let revision, let period = period(on: date), let due = revision.staleSince(period, on: date) else {
      return nil
    }
    return StaleParameter(
      name: name, revision: revision, missingFrom: due, shownFrom: period.from, isMoney: type == .money)
  }
}

/// A named expression that rules can use, optionally about one member: `taxable_income(m)`.
package struct Definition: Sendable {
  package var name: String
  package var parameter: String?
  package var rule: CompiledRule

  package init(name: String, parameter: String? = nil, rule: CompiledRule) {
    self.name = name
    self.parameter = parameter
    self.rule = rule
  }
}
