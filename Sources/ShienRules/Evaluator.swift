import ShienFacts
import ShienSupport

/// What rules may refer to beyond one rule: the fact vocabulary, the dated parameters and the definitions.
package struct RuleLibrary: Sendable {
  package var vocabulary: FactVocabulary
  package var parameters: [Parameter]
  package var definitions: [Definition]

  package init(vocabulary: FactVocabulary, parameters: [Parameter] = [], definitions: [Definition] = []) {
    self.vocabulary = vocabulary
    self.parameters = parameters
    self.definitions = definitions
  }
}

/// Evaluates compiled rules for one household at one date, in Kleene's three-valued logic over intervals.
///
/// Each result comes with the facts that were missing to decide it: only facts that could change the result are
/// kept, because whenever a part comes out known, what was missing inside it is dropped. Definitions are computed at
/// most once per member (memoised across rules), so evaluating every measure for a household shares that work.
///
/// Cost is bounded by the rule's size and the number of members to the power of the quantifier nesting (at most 3),
/// since the language has no loops, no recursion and no calls outside itself.
package struct Evaluator {
  package let library: RuleLibrary
  package let household: Household
  package let asOf: CivilDate

  private var frame: [Int] = Array(repeating: 0, count: 8)
  private var base = 0
  private var top = 0
  private var missing: [MissingFact] = []
  /// A definition's result for one member, computed once.
  private struct Memo {
    var value: Value
    var missing: [MissingFact]
    var readUnverified: Bool
    var stale: [Int] = []
  }

  /// Where each definition's result sits in `memos`, by `index * memoStride + member + 1` (member −1 for a
  /// household-wide definition); −1 until computed. Flat arrays: cheaper than hashing for a few hundred slots.
  private var memoSlots: [Int32]
  private var memos: [Memo] = []
  private let memoStride: Int
  /// How many times a parameter value marked unverified, or one with no value in force on the date, was read; compare
  /// before and after a rule to know whether its result rests on one.
  package private(set) var unverifiedReads = 0
  /// The parameters read whose value is past its expected revision (see ``Parameter/stale(on:)``), by index, in the
  /// order read (with repeats); compare the count before and after a rule to know which its result rests on.
  package private(set) var staleReads: [Int] = []
  private let birthFact: Int

  package init(library: RuleLibrary, household: Household, asOf: CivilDate) {
    self.library = library
    self.household = household
    self.asOf = asOf
    self.birthFact = library.vocabulary.index(of: "birth_date") ?? -1
    self.memoStride = household.members.count + 1
    self.memoSlots = Array(repeating: -1, count: library.definitions.count * memoStride)
  }

  /// The value of `rule` and the facts whose absence leaves it open, sorted and without repeats.
  package mutating func evaluate(_ rule: CompiledRule, member: Int? = nil) -> (value: Value, missing: [MissingFact]) {
    let savedBase = base
    let savedTop = top
    base = top
    top = base + max(rule.frameSize, 1)
    if frame.count < top { frame.append(contentsOf: repeatElement(0, count: top - frame.count + 8)) }
    if let member { frame[base] = member }
    let mark = missing.count
    let value = eval(rule.expr)
    let found = value.isDeterminate ? [] : Evaluator.sortedUnique(missing[mark...])
    missing.removeSubrange(mark...)
    base = savedBase
    top = savedTop
    return (value, found)
  }

  /// The facts in `list`, sorted, each once (sorting a short list is cheaper than hashing it into a set).
  package static func sortedUnique(_ list: ArraySlice<MissingFact>) -> [MissingFact] {
    var sorted = list.sorted()
    var kept = 0
    for index in sorted.indices where kept == 0 || sorted[index] != sorted[kept - 1] {
      sorted[kept] = sorted[index]
      kept += 1
    }
    sorted.removeSubrange(kept...)
    return sorted
  }

  private mutating func eval(_ expr: Expr) -> Value {
    let mark = missing.count
    let value = evalNode(expr)
    if missing.count > mark, value.isDeterminate { missing.removeSubrange(mark...) }
    return value
  }

  private mutating func evalNode(_ expr: Expr) -> Value {
    switch expr {
    case .constant(let value):
      return value
    case .asOf:
      return .date(Interval(exactly: Double(asOf.dayNumber)))
    case .householdFact(let fact):
      if let value = household.facts[fact] { return value }
      missing.append(MissingFact(member: nil, fact: fact))
      return library.vocabulary.facts[fact].unknownValue
    case .memberFact(let slot, let fact):
      let member = frame[base + slot]
      if let value = household.members[member].facts[fact] { return value }
      missing.append(MissingFact(member: member, fact: fact))
      return library.vocabulary.facts[fact].unknownValue
    case .memberAttribute(let slot, let attribute):
      return memberAttribute(frame[base + slot], attribute)
    case .memberVariable(let slot):
      return .member(frame[base + slot])
    case .parameter(let index, let row):
      return parameter(index, row: row)
    case .keyedParameter(let index, let key, let column):
      return keyedParameter(index, key: key, column: column)
    case .negate(let operand):
      return .number(-eval(operand).interval)
    case .not(let operand):
      return .truth(!eval(operand).truth)
    case .binary(let op, let left, let right):
      return binary(op, left, right)
    case .inList(let subject, let values):
      return Self.inList(eval(subject), values)
    case .conditional(let conditions, let values, let otherwise):
      return conditional(conditions, values, otherwise, from: 0)
    case .aggregate(let kind, let slot, let filter, let body):
      return aggregate(kind, slot, filter, body)
    case .rank(let target, let slot, let filter):
      return rank(target, slot, filter)
    case .builtin(let builtin, let arguments):
      return self.builtin(builtin, arguments)
    case .definition(let index, argument: nil):
      return definition(index, member: -1)
    case .definition(let index, argument: .memberVariable(let slot)?):  // `f(p)`, by far the most common call
      return definition(index, member: frame[base + slot])
    case .definition(let index, argument: let argument?):
      guard case .member(let member) = eval(argument) else { return definition(index, member: -1) }
      return definition(index, member: member)
    }
  }

  private mutating func birth(of member: Int) -> Interval {
    if let interval = household.members[member].birthInterval(asOf: asOf) { return interval }
    missing.append(MissingFact(member: member, fact: birthFact))
    return .unknown
  }

  private mutating func memberAttribute(_ member: Int, _ attribute: MemberAttribute) -> Value {
    switch attribute {
    case .index:
      return .number(Interval(exactly: Double(member)))
    case .birthDate:
      return .date(birth(of: member))
    case .age:
      if household.members[member].birthDate == nil, let age = household.members[member].age {
        return .number(Interval(exactly: Double(age)))
      }
      return .number(
        Self.ageRange(birth: birth(of: member), on: Interval(exactly: Double(asOf.dayNumber)), grade: false))
    case .grade:
      return .number(
        Self.ageRange(birth: birth(of: member), on: Interval(exactly: Double(asOf.dayNumber)), grade: true))
    }
  }

  /// Age (or school grade) on a date, for a birth date known to lie in `birth`: the oldest and youngest it can be.
  static func ageRange(birth: Interval, on date: Interval, grade: Bool) -> Interval {
    guard let earliest = Self.day(birth.lo), let latest = Self.day(birth.hi), let first = Self.day(date.lo),
      let last = Self.day(date.hi)
    else { return grade ? .unknown : Interval(0, 150) }
    if birth.isExact && date.isExact {  // the usual case: one calendar computation, not two
      return Interval(exactly: Double(grade ? latest.schoolGrade(on: first) : latest.age(on: first)))
    }
    if grade { return Interval(Double(latest.schoolGrade(on: first)), Double(earliest.schoolGrade(on: last))) }
    return Interval(Double(latest.age(on: first)), Double(earliest.age(on: last)))
  }

  /// The date at a day number, when it is a real, bounded day.
  static func day(_ number: Double) -> CivilDate? {
    guard number.isFinite, abs(number) < 3_000_000 else { return nil }
    return CivilDate(dayNumber: Int(number))
  }

  private mutating func parameter(_ index: Int, row: Expr?) -> Value {
    let parameter = library.parameters[index]
    guard let period = parameter.period(on: asOf), !period.values.isEmpty else {
      // No value in force on this date (the catalog has none sourced): open, and never shown as fact.
      unverifiedReads += 1
      return .number(parameter.type == .money ? .nonNegative : .unknown)
    }
    if !period.isVerified { unverifiedReads += 1 }
    if parameter.revision != nil { noteIfStale(index, period) }
    guard let row else { return .number(Interval(exactly: period.values[0])) }
    let rows = eval(row).interval
    guard rows.lo.isFinite, rows.hi.isFinite else {
      // Any row at all: the least and the most the table holds (past its end it only grows by `step`).
      return .number(rows.lo.isFinite ? Self.tableRange(period, from: Self.index(rows.lo), through: nil) : .unknown)
    }
    return .number(
      Self.tableRange(period, from: Self.index(rows.lo), through: Self.index(rows.hi)))
  }

  /// Counts a read of a value past its expected revision as unverified, and keeps which parameter it was.
  private mutating func noteIfStale(_ index: Int, _ period: Parameter.Period) {
    guard library.parameters[index].revision?.staleSince(period, on: asOf) != nil else { return }
    unverifiedReads += 1
    staleReads.append(index)
  }

  /// A table's row or a keyed table's column from a number: whole, from 0, and at most a billion, so that a rule
  /// asking for row 1e300 gets the table's far end rather than an overflow.
  static func index(_ value: Double) -> Int {
    Int(min(max(0, value.rounded(.down)), 1_000_000_000))
  }

  /// A keyed parameter's value for a key (a municipality's code): the key's own row, else the row for every other
  /// key. While the key is unknown, the value is the range of every row; a key with no row at all has no value (open,
  /// and never shown as fact), like a date with no value in force.
  private mutating func keyedParameter(_ index: Int, key: Expr, column: Expr?) -> Value {
    let parameter = library.parameters[index]
    let open = Value.number(parameter.type == .money ? .nonNegative : .unknown)
    let keyValue = eval(key)
    guard let period = parameter.period(on: asOf) else {
      unverifiedReads += 1
      return open
    }
    if !period.isVerified { unverifiedReads += 1 }
    if parameter.revision != nil { noteIfStale(index, period) }
    let rows: [[Double]]
    if case .text(let text?) = keyValue {
      guard let row = period.keyed[text] ?? (period.values.isEmpty ? nil : period.values) else {
        unverifiedReads += 1
        return open
      }
      rows = [row]
    } else {
      rows = Array(period.keyed.values) + (period.values.isEmpty ? [] : [period.values])
    }
    var columns = Interval(exactly: 0)
    if let column {
      columns = eval(column).interval
      guard columns.lo.isFinite, columns.hi.isFinite else { return open }
    }
    let first = Self.index(columns.lo)
    let last = Self.index(columns.hi)
    guard first <= last else { return open }
    var result: Interval?
    for row in rows {
      guard last < row.count else { return open }
      for c in first...last {
        let value = Interval(exactly: row[c])
        result = result?.hull(value) ?? value
      }
    }
    return result.map { .number($0) } ?? open
  }

  static func tableValue(_ period: Parameter.Period, _ row: Int) -> Double {
    if row < period.values.count { return period.values[row] }
    let last = period.values[period.values.count - 1]
    return last + Double(row - period.values.count + 1) * (period.step ?? 0)
  }

  static func tableRange(_ period: Parameter.Period, from: Int, through: Int?) -> Interval {
    let end = min(through ?? period.values.count, from + 64)
    var result = Interval(exactly: Self.tableValue(period, from))
    if end > from {
      for row in (from + 1)...end { result = result.hull(Interval(exactly: Self.tableValue(period, row))) }
    }
    if through == nil, let step = period.step, step != 0 {
      result = result.hull(step > 0 ? Interval(result.lo, .infinity) : Interval(-.infinity, result.hi))
    }
    return result
  }

  private mutating func binary(_ op: BinaryOperator, _ left: Expr, _ right: Expr) -> Value {
    switch op {
    case .and:
      let l = eval(left).truth
      if l == .no { return .truth(.no) }
      return .truth(l && eval(right).truth)
    case .or:
      let l = eval(left).truth
      if l == .yes { return .truth(.yes) }
      return .truth(l || eval(right).truth)
    case .add: return .number(eval(left).interval + eval(right).interval)
    case .subtract: return .number(eval(left).interval - eval(right).interval)
    case .multiply: return .number(eval(left).interval * eval(right).interval)
    case .divide: return .number(eval(left).interval / eval(right).interval)
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
      return .truth(Self.compare(op, eval(left), eval(right)))
    }
  }

  static func compare(_ op: BinaryOperator, _ l: Value, _ r: Value) -> Truth {
    switch (l, r) {
    case (.number(let a), .number(let b)), (.date(let a), .date(let b)):
      return a.compare(op, b)
    case (.text(let a), .text(let b)):
      guard let a, let b else { return .unknown }
      return Truth(op == .equal ? a == b : a != b)
    case (.truth(let a), .truth(let b)):
      guard a != .unknown, b != .unknown else { return .unknown }
      return Truth(op == .equal ? a == b : a != b)
    case (.member(let a), .member(let b)):
      return Truth(op == .equal ? a == b : a != b)
    default:
      return .unknown
    }
  }

  private static func inList(_ subject: Value, _ values: [Value]) -> Value {
    var result = Truth.no
    for value in values {
      result = result || Self.compare(.equal, subject, value)
      if result == .yes { break }
    }
    return .truth(result)
  }

  private mutating func conditional(_ conditions: [Expr], _ values: [Expr], _ otherwise: Expr, from index: Int) -> Value
  {
    guard index < conditions.count else { return eval(otherwise) }
    switch eval(conditions[index]).truth {
    case .yes: return eval(values[index])
    case .no: return conditional(conditions, values, otherwise, from: index + 1)
    case .unknown: return eval(values[index]).join(conditional(conditions, values, otherwise, from: index + 1))
    }
  }

  private mutating func aggregate(_ kind: AggregateKind, _ slot: Int, _ filter: Expr?, _ body: Expr?) -> Value {
    var truth: Truth = kind == .all ? .yes : .no
    var total = Interval(exactly: 0)
    var count = (lo: 0, hi: 0)
    var extreme: Interval?
    var optional: Interval?
    for member in household.members.indices {
      frame[base + slot] = member
      let passes = filter.map { eval($0).truth } ?? .yes
      if passes == .no { continue }
      switch kind {
      case .any:
        truth = truth || (passes && (body.map { eval($0).truth } ?? .yes))
        if truth == .yes { return .truth(.yes) }
      case .all:
        truth = truth && (!passes || (body.map { eval($0).truth } ?? .yes))
        if truth == .no { return .truth(.no) }
      case .count:
        count.hi += 1
        if passes == .yes { count.lo += 1 }
      case .sum:
        let value = eval(body!).interval
        total = total + (passes == .yes ? value : value.hull(Interval(exactly: 0)))
      case .min, .max:
        let value = eval(body!).interval
        if passes == .yes {
          extreme =
            extreme.map {
              kind == .max
                ? Interval(max($0.lo, value.lo), max($0.hi, value.hi))
                : Interval(min($0.lo, value.lo), min($0.hi, value.hi))
            } ?? value
        } else {
          optional = optional?.hull(value) ?? value
        }
      }
    }
    switch kind {
    case .any, .all: return .truth(truth)
    case .count: return .number(Interval(Double(count.lo), Double(count.hi)))
    case .sum: return .number(total)
    case .min, .max:
      // The extreme of no member at all is 0.
      guard var result = extreme else {
        return .number(optional.map { $0.hull(Interval(exactly: 0)) } ?? Interval(exactly: 0))
      }
      if let optional {
        result =
          kind == .max
          ? Interval(result.lo, max(result.hi, optional.hi)) : Interval(min(result.lo, optional.lo), result.hi)
      }
      return .number(result)
    }
  }

  private mutating func rank(_ target: Expr, _ slot: Int, _ filter: Expr?) -> Value {
    guard case .member(let subject) = eval(target) else { return .number(.unknown) }
    let subjectBirth = birth(of: subject)
    var lo = 1
    var hi = 1
    for other in household.members.indices where other != subject {
      frame[base + slot] = other
      let passes = filter.map { eval($0).truth } ?? .yes
      if passes == .no { continue }
      let otherBirth = birth(of: other)
      let older: Truth
      if otherBirth.hi < subjectBirth.lo {
        older = .yes
      } else if otherBirth.lo > subjectBirth.hi {
        older = .no
      } else if otherBirth.isExact && subjectBirth.isExact {
        older = Truth(other < subject)  // twins: document order
      } else {
        older = .unknown
      }
      let counts = passes && older
      if counts == .yes { lo += 1 }
      if counts != .no { hi += 1 }
    }
    return .number(Interval(Double(lo), Double(hi)))
  }

  private mutating func builtin(_ builtin: Builtin, _ arguments: [Expr]) -> Value {
    switch builtin {
    case .min, .max:
      var result = eval(arguments[0]).interval
      for argument in arguments.dropFirst() {
        let value = eval(argument).interval
        result =
          builtin == .min
          ? Interval(min(result.lo, value.lo), min(result.hi, value.hi))
          : Interval(max(result.lo, value.lo), max(result.hi, value.hi))
      }
      return .number(result)
    case .range:
      return .number(eval(arguments[0]).interval.hull(eval(arguments[1]).interval))
    case .floor: return .number(eval(arguments[0]).interval.mapMonotone { $0.rounded(.down) })
    case .ceil: return .number(eval(arguments[0]).interval.mapMonotone { $0.rounded(.up) })
    case .round: return .number(eval(arguments[0]).interval.mapMonotone { $0.rounded(.toNearestOrAwayFromZero) })
    case .roundTo, .floorTo, .ceilTo:
      let value = eval(arguments[0]).interval
      let unit = eval(arguments[1]).interval.lo
      let rule: FloatingPointRoundingRule =
        builtin == .roundTo ? .toNearestOrAwayFromZero : builtin == .floorTo ? .down : .up
      return .number(value.mapMonotone { ($0 / unit).rounded(rule) * unit })
    case .addDays:
      return .date(eval(arguments[0]).interval + eval(arguments[1]).interval)
    case .addMonths, .addYears:
      let date = eval(arguments[0]).interval
      let count = eval(arguments[1]).interval
      guard let lo = Self.day(date.lo), let hi = Self.day(date.hi), count.lo.isFinite, count.hi.isFinite,
        abs(count.hi) < 10_000,
        abs(count.lo) < 10_000
      else { return .date(.unknown) }
      let factor = builtin == .addYears ? 12 : 1
      return .date(
        Interval(
          Double(lo.adding(months: Int(count.lo) * factor).dayNumber),
          Double(hi.adding(months: Int(count.hi) * factor).dayNumber)))
    case .daysBetween:
      return .number(eval(arguments[1]).interval - eval(arguments[0]).interval)
    case .fiscalYear, .fiscalYearStart, .fiscalYearEnd:
      let date = eval(arguments[0]).interval
      guard let lo = Self.day(date.lo), let hi = Self.day(date.hi) else {
        return builtin == .fiscalYear ? .number(.unknown) : .date(.unknown)
      }
      switch builtin {
      case .fiscalYear: return .number(Interval(Double(lo.fiscalYear), Double(hi.fiscalYear)))
      case .fiscalYearStart:
        return .date(Interval(Double(lo.fiscalYearStart.dayNumber), Double(hi.fiscalYearStart.dayNumber)))
      default:
        let end = { (d: CivilDate) in Double(d.fiscalYearStart.adding(years: 1).adding(days: -1).dayNumber) }
        return .date(Interval(end(lo), end(hi)))
      }
    case .ageOn, .gradeOn:
      guard case .member(let member) = eval(arguments[0]) else { return .number(.unknown) }
      let date = eval(arguments[1]).interval
      return .number(Self.ageRange(birth: birth(of: member), on: date, grade: builtin == .gradeOn))
    }
  }

  private mutating func definition(_ index: Int, member: Int) -> Value {
    let key = index * memoStride + member + 1
    if memoSlots[key] >= 0 {
      let slot = Int(memoSlots[key])
      if !memos[slot].value.isDeterminate { missing.append(contentsOf: memos[slot].missing) }
      if memos[slot].readUnverified { unverifiedReads += 1 }
      staleReads.append(contentsOf: memos[slot].stale)
      return memos[slot].value
    }
    let savedBase = base
    let savedTop = top
    base = top
    top = base + max(library.definitions[index].rule.frameSize, 1)
    if frame.count < top { frame.append(contentsOf: repeatElement(0, count: top - frame.count + 8)) }
    if member >= 0 { frame[base] = member }
    let mark = missing.count
    let reads = unverifiedReads
    let staleMark = staleReads.count
    let value = eval(library.definitions[index].rule.expr)
    // Kept without repeats: a definition used by others would otherwise hand each caller every repeat of its own
    // uses, and the lists would grow with every level of nesting.
    let found = value.isDeterminate ? [] : Evaluator.sortedUnique(missing[mark...])
    memoSlots[key] = Int32(memos.count)
    memos.append(
      Memo(
        value: value, missing: found, readUnverified: unverifiedReads > reads,
        stale: staleReads.count > staleMark ? Array(Set(staleReads[staleMark...])).sorted() : []))
    base = savedBase
    top = savedTop
    return value
  }
}
