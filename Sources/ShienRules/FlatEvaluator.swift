import ShienFacts
import ShienSupport

/// Runs a ``FlatProgram`` for one household at a time, with the semantics of ``Evaluator`` (Kleene's logic over
/// intervals, the facts missing to decide each result, definitions memoised per member).
///
/// One per worker, reused from household to household: its frame, memo tables and the parameters in force on the
/// evaluation date are kept between households, so that evaluating one allocates next to nothing.
package struct FlatEvaluator {
  package let program: FlatProgram
  package private(set) var household: Household
  package private(set) var asOf: CivilDate

  /// A parameter's value in force on the evaluation date, as rules read it.
  private struct Period {
    var values: [Double]
    var step: Double?
    var isVerified: Bool
    /// Past its expected revision on the evaluation date (see ``ParameterRevision``).
    var isStale: Bool
  }

  private let nodes: [FlatProgram.Node]
  private let constants: [Value]
  private let lists: [Int32]
  private let definitions: [FlatProgram.Entry]
  private let parameters: [Parameter]
  private let unknownValues: [Value]
  private let birthFact: Int
  /// The date `periods` and `keyedPeriods` hold values for.
  private var periodsDate: CivilDate?
  private var periods: [Period?] = []
  private var keyedPeriods: [Parameter.Period?] = []
  /// Whether each keyed parameter's period is past its expected revision on the evaluation date.
  private var keyedStale: [Bool] = []

  private var frame: [Int] = Array(repeating: 0, count: 8)
  private var base = 0
  private var top = 0
  private var missing: [MissingFact] = []
  private var memoSlots: [Int32] = []
  private var memoValues: [Value] = []
  private var memoMissing: [[MissingFact]] = []
  private var memoReadUnverified: [Bool] = []
  private var memoStale: [[Int]] = []
  private var memoStride = 1
  /// Each member's age and school grade on the evaluation date, once computed from a birth date known to some range.
  private var ages: [Interval?] = []
  private var grades: [Interval?] = []
  /// As ``Evaluator/unverifiedReads``.
  package private(set) var unverifiedReads = 0
  /// As ``Evaluator/staleReads``.
  package private(set) var staleReads: [Int] = []

  package init(program: FlatProgram) {
    self.program = program
    nodes = program.nodes
    constants = program.constants
    lists = program.lists
    definitions = program.definitions
    parameters = program.library.parameters
    unknownValues = program.library.vocabulary.facts.map(\.unknownValue)
    birthFact = program.library.vocabulary.index(of: "birth_date") ?? -1
    household = Household(facts: [], members: [])
    asOf = CivilDate(dayNumber: 0)
  }

  /// Starts on another household: forgets every memoised definition.
  package mutating func reset(household: Household, asOf: CivilDate) {
    self.household = household
    if asOf != self.asOf || periodsDate == nil { resolveParameters(on: asOf) }
    self.asOf = asOf
    memoStride = household.members.count + 1
    let size = definitions.count * memoStride
    if memoSlots.count == size {
      for index in memoSlots.indices { memoSlots[index] = -1 }
    } else {
      memoSlots = Array(repeating: -1, count: size)
    }
    memoValues.removeAll(keepingCapacity: true)
    ages = Array(repeating: nil, count: household.members.count)
    grades = ages
    memoMissing.removeAll(keepingCapacity: true)
    memoReadUnverified.removeAll(keepingCapacity: true)
    memoStale.removeAll(keepingCapacity: true)
    staleReads.removeAll(keepingCapacity: true)
    missing.removeAll(keepingCapacity: true)
    base = 0
    top = 0
    unverifiedReads = 0
  }

  private mutating func resolveParameters(on date: CivilDate) {
    periodsDate = date
    periods = parameters.map { parameter in
      parameter.period(on: date).map {
        Period(
          values: $0.values, step: $0.step, isVerified: $0.isVerified,
          isStale: parameter.revision?.staleSince($0, on: date) != nil)
      }
    }
    keyedPeriods = parameters.map { $0.isKeyed ? $0.period(on: date) : nil }
    keyedStale = parameters.indices.map { index in
      guard let period = keyedPeriods[index], let revision = parameters[index].revision else { return false }
      return revision.staleSince(period, on: date) != nil
    }
  }

  /// The value of the rule at `entry` and the facts whose absence leaves it open, sorted and without repeats.
  package mutating func evaluate(
    _ entry: FlatProgram.Entry, member: Int? = nil
  ) -> (value: Value, missing: [MissingFact]) {
    let savedBase = base
    let savedTop = top
    base = top
    top = base + entry.frameSize
    if frame.count < top { frame.append(contentsOf: repeatElement(0, count: top - frame.count + 8)) }
    if let member { frame[base] = member }
    let mark = missing.count
    let value = eval(entry.root)
    let found = value.isDeterminate ? [] : Evaluator.sortedUnique(missing[mark...])
    missing.removeSubrange(mark...)
    base = savedBase
    top = savedTop
    return (value, found)
  }

  /// The truth of the rule at `entry`, when what is missing is not wanted.
  package mutating func truth(_ entry: FlatProgram.Entry) -> Truth {
    let savedBase = base
    let savedTop = top
    base = top
    top = base + entry.frameSize
    if frame.count < top { frame.append(contentsOf: repeatElement(0, count: top - frame.count + 8)) }
    let mark = missing.count
    let value = eval(entry.root)
    missing.removeSubrange(mark...)
    base = savedBase
    top = savedTop
    return value.truth
  }

  private mutating func eval(_ index: Int32) -> Value {
    let mark = missing.count
    let value = evalNode(index)
    if missing.count > mark, value.isDeterminate { missing.removeSubrange(mark...) }
    return value
  }

  private mutating func evalNode(_ index: Int32) -> Value {
    let node = nodes[Int(index)]
    switch node.op {
    case .constant:
      return constants[Int(node.a)]
    case .asOf:
      return .date(Interval(exactly: Double(asOf.dayNumber)))
    case .householdFact:
      let fact = Int(node.a)
      if let value = household.facts[fact] { return value }
      missing.append(MissingFact(member: nil, fact: fact))
      return unknownValues[fact]
    case .memberFact:
      let member = frame[base + Int(node.a)]
      let fact = Int(node.b)
      if let value = household.members[member].facts[fact] { return value }
      missing.append(MissingFact(member: member, fact: fact))
      return unknownValues[fact]
    case .memberAttribute:
      return memberAttribute(frame[base + Int(node.a)], FlatProgram.attributes[Int(node.kind)])
    case .memberVariable:
      return .member(frame[base + Int(node.a)])
    case .parameter:
      return parameter(Int(node.a), row: node.b)
    case .keyedParameter:
      return keyedParameter(Int(node.a), key: node.b, column: node.c)
    case .negate:
      return .number(-eval(node.a).interval)
    case .not:
      return .truth(!eval(node.a).truth)
    case .and:
      let l = eval(node.a).truth
      if l == .no { return .truth(.no) }
      return .truth(l && eval(node.b).truth)
    case .or:
      let l = eval(node.a).truth
      if l == .yes { return .truth(.yes) }
      return .truth(l || eval(node.b).truth)
    case .add: return .number(eval(node.a).interval + eval(node.b).interval)
    case .subtract: return .number(eval(node.a).interval - eval(node.b).interval)
    case .multiply: return .number(eval(node.a).interval * eval(node.b).interval)
    case .divide: return .number(eval(node.a).interval / eval(node.b).interval)
    case .compare:
      let l = eval(node.a)
      let r = eval(node.b)
      return .truth(Evaluator.compare(FlatProgram.comparisons[Int(node.kind)], l, r))
    case .inList:
      let subject = eval(node.a)
      var result = Truth.no
      for position in Int(node.b)..<Int(node.b + node.c) {
        result = result || Evaluator.compare(.equal, subject, constants[position])
        if result == .yes { break }
      }
      return .truth(result)
    case .conditional:
      return conditional(first: Int(node.a), pairs: Int(node.b), otherwise: node.c, from: 0)
    case .aggregate:
      return aggregate(FlatProgram.aggregates[Int(node.kind)], Int(node.a), node.b, node.c)
    case .rank:
      return rank(node.a, Int(node.b), node.c)
    case .builtin:
      return builtin(FlatProgram.builtins[Int(node.kind)], first: Int(node.a), count: Int(node.b))
    case .definition:
      return definition(Int(node.a), member: -1)
    case .definitionOfSlot:
      return definition(Int(node.a), member: frame[base + Int(node.b)])
    case .definitionOfValue:
      guard case .member(let member) = eval(node.b) else { return definition(Int(node.a), member: -1) }
      return definition(Int(node.a), member: member)
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
      return .number(ageOrGrade(of: member, grade: false))
    case .grade:
      return .number(ageOrGrade(of: member, grade: true))
    }
  }

  /// As ``Evaluator``'s age and grade on the evaluation date; kept per member when the birth date is known to a range
  /// (then nothing is missing), computed each time otherwise.
  private mutating func ageOrGrade(of member: Int, grade: Bool) -> Interval {
    if let known = grade ? grades[member] : ages[member] { return known }
    let today = Interval(exactly: Double(asOf.dayNumber))
    guard let birth = household.members[member].birthInterval(asOf: asOf) else {
      return Evaluator.ageRange(birth: self.birth(of: member), on: today, grade: grade)
    }
    let value = Evaluator.ageRange(birth: birth, on: today, grade: grade)
    if grade { grades[member] = value } else { ages[member] = value }
    return value
  }

  private static func tableValue(_ period: Period, _ row: Int) -> Double {
    if row < period.values.count { return period.values[row] }
    let last = period.values[period.values.count - 1]
    return last + Double(row - period.values.count + 1) * (period.step ?? 0)
  }

  private static func tableRange(_ period: Period, from: Int, through: Int?) -> Interval {
    let end = min(through ?? period.values.count, from + 64)
    var result = Interval(exactly: tableValue(period, from))
    if end > from {
      for row in (from + 1)...end { result = result.hull(Interval(exactly: tableValue(period, row))) }
    }
    if through == nil, let step = period.step, step != 0 {
      result = result.hull(step > 0 ? Interval(result.lo, .infinity) : Interval(-.infinity, result.hi))
    }
    return result
  }

  private mutating func parameter(_ index: Int, row: Int32) -> Value {
    guard let period = periods[index], !period.values.isEmpty else {
      unverifiedReads += 1
      return .number(parameters[index].type == .money ? .nonNegative : .unknown)
    }
    if !period.isVerified { unverifiedReads += 1 }
    if period.isStale {
      unverifiedReads += 1
      staleReads.append(index)
    }
    guard row >= 0 else { return .number(Interval(exactly: period.values[0])) }
    let rows = eval(row).interval
    guard rows.lo.isFinite, rows.hi.isFinite else {
      return .number(
        rows.lo.isFinite ? Self.tableRange(period, from: Evaluator.index(rows.lo), through: nil) : .unknown)
    }
    return .number(Self.tableRange(period, from: Evaluator.index(rows.lo), through: Evaluator.index(rows.hi)))
  }

  /// As ``Evaluator``'s keyed parameters: rare, so it keeps the period as the catalog holds it.
  private mutating func keyedParameter(_ index: Int, key: Int32, column: Int32) -> Value {
    let open = Value.number(parameters[index].type == .money ? .nonNegative : .unknown)
    let keyValue = eval(key)
    guard let period = keyedPeriods[index] else {
      unverifiedReads += 1
      return open
    }
    if !period.isVerified { unverifiedReads += 1 }
    if keyedStale[index] {
      unverifiedReads += 1
      staleReads.append(index)
    }
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
    if column >= 0 {
      columns = eval(column).interval
      guard columns.lo.isFinite, columns.hi.isFinite else { return open }
    }
    let first = Evaluator.index(columns.lo)
    let last = Evaluator.index(columns.hi)
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

  private mutating func conditional(first: Int, pairs: Int, otherwise: Int32, from index: Int) -> Value {
    guard index < pairs else { return eval(otherwise) }
    let condition = lists[first + 2 * index]
    let value = lists[first + 2 * index + 1]
    switch eval(condition).truth {
    case .yes: return eval(value)
    case .no: return conditional(first: first, pairs: pairs, otherwise: otherwise, from: index + 1)
    case .unknown:
      return eval(value).join(conditional(first: first, pairs: pairs, otherwise: otherwise, from: index + 1))
    }
  }

  private mutating func aggregate(_ kind: AggregateKind, _ slot: Int, _ filter: Int32, _ body: Int32) -> Value {
    var truth: Truth = kind == .all ? .yes : .no
    var total = Interval(exactly: 0)
    var count = (lo: 0, hi: 0)
    var extreme: Interval?
    var optional: Interval?
    for member in 0..<household.members.count {
      frame[base + slot] = member
      let passes = filter >= 0 ? eval(filter).truth : .yes
      if passes == .no { continue }
      switch kind {
      case .any:
        truth = truth || (passes && (body >= 0 ? eval(body).truth : .yes))
        if truth == .yes { return .truth(.yes) }
      case .all:
        truth = truth && (!passes || (body >= 0 ? eval(body).truth : .yes))
        if truth == .no { return .truth(.no) }
      case .count:
        count.hi += 1
        if passes == .yes { count.lo += 1 }
      case .sum:
        let value = eval(body).interval
        total = total + (passes == .yes ? value : value.hull(Interval(exactly: 0)))
      case .min, .max:
        let value = eval(body).interval
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

  private mutating func rank(_ target: Int32, _ slot: Int, _ filter: Int32) -> Value {
    guard case .member(let subject) = eval(target) else { return .number(.unknown) }
    let subjectBirth = birth(of: subject)
    var lo = 1
    var hi = 1
    for other in 0..<household.members.count where other != subject {
      frame[base + slot] = other
      let passes = filter >= 0 ? eval(filter).truth : .yes
      if passes == .no { continue }
      let otherBirth = birth(of: other)
      let older: Truth
      if otherBirth.hi < subjectBirth.lo {
        older = .yes
      } else if otherBirth.lo > subjectBirth.hi {
        older = .no
      } else if otherBirth.isExact && subjectBirth.isExact {
        older = Truth(other < subject)
      } else {
        older = .unknown
      }
      let counts = passes && older
      if counts == .yes { lo += 1 }
      if counts != .no { hi += 1 }
    }
    return .number(Interval(Double(lo), Double(hi)))
  }

  private mutating func argument(_ first: Int, _ offset: Int) -> Value { eval(lists[first + offset]) }

  private mutating func builtin(_ builtin: Builtin, first: Int, count: Int) -> Value {
    switch builtin {
    case .min, .max:
      var result = argument(first, 0).interval
      for offset in 1..<max(count, 1) {
        let value = argument(first, offset).interval
        result =
          builtin == .min
          ? Interval(min(result.lo, value.lo), min(result.hi, value.hi))
          : Interval(max(result.lo, value.lo), max(result.hi, value.hi))
      }
      return .number(result)
    case .range:
      return .number(argument(first, 0).interval.hull(argument(first, 1).interval))
    case .floor: return .number(argument(first, 0).interval.mapMonotone { $0.rounded(.down) })
    case .ceil: return .number(argument(first, 0).interval.mapMonotone { $0.rounded(.up) })
    case .round: return .number(argument(first, 0).interval.mapMonotone { $0.rounded(.toNearestOrAwayFromZero) })
    case .roundTo, .floorTo, .ceilTo:
      let value = argument(first, 0).interval
      let unit = argument(first, 1).interval.lo
      let rule: FloatingPointRoundingRule =
        builtin == .roundTo ? .toNearestOrAwayFromZero : builtin == .floorTo ? .down : .up
      return .number(value.mapMonotone { ($0 / unit).rounded(rule) * unit })
    case .addDays:
      return .date(argument(first, 0).interval + argument(first, 1).interval)
    case .addMonths, .addYears:
      let date = argument(first, 0).interval
      let count = argument(first, 1).interval
      guard let lo = Evaluator.day(date.lo), let hi = Evaluator.day(date.hi), count.lo.isFinite, count.hi.isFinite,
        abs(count.hi) < 10_000,
        abs(count.lo) < 10_000
      else { return .date(.unknown) }
      let factor = builtin == .addYears ? 12 : 1
      return .date(
        Interval(
          Double(lo.adding(months: Int(count.lo) * factor).dayNumber),
          Double(hi.adding(months: Int(count.hi) * factor).dayNumber)))
    case .daysBetween:
      let to = argument(first, 1).interval
      return .number(to - argument(first, 0).interval)
    case .fiscalYear, .fiscalYearStart, .fiscalYearEnd:
      let date = argument(first, 0).interval
      guard let lo = Evaluator.day(date.lo), let hi = Evaluator.day(date.hi) else {
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
      guard case .member(let member) = argument(first, 0) else { return .number(.unknown) }
      let date = argument(first, 1).interval
      return .number(Evaluator.ageRange(birth: birth(of: member), on: date, grade: builtin == .gradeOn))
    }
  }

  private mutating func definition(_ index: Int, member: Int) -> Value {
    let key = index * memoStride + member + 1
    if memoSlots[key] >= 0 {
      let slot = Int(memoSlots[key])
      if !memoValues[slot].isDeterminate { missing.append(contentsOf: memoMissing[slot]) }
      if memoReadUnverified[slot] { unverifiedReads += 1 }
      staleReads.append(contentsOf: memoStale[slot])
      return memoValues[slot]
    }
    let entry = definitions[index]
    let savedBase = base
    let savedTop = top
    base = top
    top = base + entry.frameSize
    if frame.count < top { frame.append(contentsOf: repeatElement(0, count: top - frame.count + 8)) }
    if member >= 0 { frame[base] = member }
    let mark = missing.count
    let reads = unverifiedReads
    let staleMark = staleReads.count
    let value = eval(entry.root)
    let found = value.isDeterminate ? [] : Evaluator.sortedUnique(missing[mark...])
    memoSlots[key] = Int32(memoValues.count)
    memoValues.append(value)
    memoMissing.append(found)
    memoReadUnverified.append(unverifiedReads > reads)
    memoStale.append(staleReads.count > staleMark ? Array(Set(staleReads[staleMark...])).sorted() : [])
    base = savedBase
    top = savedTop
    return value
  }
}
