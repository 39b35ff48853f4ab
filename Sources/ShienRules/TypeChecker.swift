import ShienFacts
import ShienSupport

/// What a rule can refer to by name: facts, parameters and definitions.
package struct RuleScope: Sendable {
  package var vocabulary: FactVocabulary
  /// Parameters visible to the rule, by name, with their index in the catalog.
  package var parameters: [String: (index: Int, parameter: Parameter)]
  /// Definitions visible to the rule, by name, with their index in the catalog.
  package var definitions: [String: (index: Int, definition: Definition)]

  package init(
    vocabulary: FactVocabulary, parameters: [String: (index: Int, parameter: Parameter)] = [:],
    definitions: [String: (index: Int, definition: Definition)] = [:]
  ) {
    self.vocabulary = vocabulary
    self.parameters = parameters
    self.definitions = definitions
  }
}

/// Resolves names and checks types, turning syntax into a `CompiledRule`. Collects every error it finds.
package struct TypeChecker {
  /// How deeply `any`/`count`/`rank` may nest: members × members × members is the most a rule may cost.
  package static let maxQuantifierDepth = 3

  private let scope: RuleScope
  private var variables: [(name: String, slot: Int)] = []
  /// 1 when the rule is a definition about a member, whose parameter takes the first slot.
  private var parameterSlots = 0
  private var frameSize = 0
  private var errors: [RuleError] = []

  private init(scope: RuleScope) {
    self.scope = scope
  }

  /// Parses and checks a rule. `expecting` is the type the rule must have; `memberParameter` names the member a
  /// definition is about. Throws every error found, in source order.
  package static func compile(
    _ source: RuleSource, in scope: RuleScope, expecting: RuleType?, memberParameter: String? = nil
  ) throws(RuleErrors) -> CompiledRule {
    let syntax: Syntax
    do {
      syntax = try Parser.parse(source)
    } catch {
      throw RuleErrors(errors: [error])
    }
    var checker = TypeChecker(scope: scope)
    if let memberParameter {
      checker.variables.append((memberParameter, 0))
      checker.frameSize = 1
      checker.parameterSlots = 1
    }
    let (expr, type, isConstant) = checker.check(syntax)
    if let expecting, type != .error, !checker.isAssignable(type, isConstant: isConstant, to: expecting) {
      checker.errors.append(
        RuleError("this rule must give \(describe(expecting)), but it gives \(describe(type))", at: syntax.range))
    }
    guard checker.errors.isEmpty, let ruleType = type.ruleType else {
      throw RuleErrors(errors: checker.errors.sorted { $0.range.start < $1.range.start })
    }
    let cost = RuleCost.of(expr)
    if cost > RuleCost.maxPerRule {
      throw RuleErrors(errors: [RuleError(RuleCost.tooCostly(cost), at: syntax.range)])
    }
    let finalType = expecting == .money && ruleType == .number && isConstant ? .money : ruleType
    return CompiledRule(expr: expr, type: finalType, frameSize: checker.frameSize, source: source)
  }

  /// A type during checking: a rule type, or the type of something already reported as wrong.
  private enum CheckedType: Equatable {
    case known(RuleType)
    case error

    var ruleType: RuleType? { if case .known(let t) = self { t } else { nil } }
    static let bool = CheckedType.known(.bool)
    static let number = CheckedType.known(.number)
    static let money = CheckedType.known(.money)
    static let date = CheckedType.known(.date)
    static let text = CheckedType.known(.text)
    static let member = CheckedType.known(.member)
  }

  private static func describe(_ type: RuleType) -> String {
    switch type {
    case .bool: "true or false"
    case .number: "a number"
    case .money: "money"
    case .date: "a date"
    case .text: "text"
    case .member: "a member"
    }
  }

  private static func describe(_ type: CheckedType) -> String {
    type.ruleType.map { describe($0) } ?? "an error"
  }

  /// A constant number (a literal, or arithmetic on literals) may stand for money: `income < 2_080_000`.
  private func isAssignable(_ type: CheckedType, isConstant: Bool, to expected: RuleType) -> Bool {
    guard let actual = type.ruleType else { return true }
    return actual == expected || (actual == .number && expected == .money && isConstant)
  }

  private mutating func fail(_ message: String, _ range: SourceRange) -> (Expr, CheckedType, Bool) {
    errors.append(RuleError(message, at: range))
    return (.constant(.truth(.unknown)), .error, false)
  }

  private mutating func check(_ syntax: Syntax) -> (Expr, CheckedType, Bool) {
    switch syntax.kind {
    case .number(let value):
      return (.constant(.number(Interval(exactly: value))), .number, true)
    case .text(let text):
      return (.constant(.text(text)), .text, true)
    case .date(let date):
      return (.constant(.date(Interval(exactly: Double(date.dayNumber)))), .date, true)
    case .bool(let value):
      return (.constant(.truth(Truth(value))), .bool, true)
    case .name(let name):
      return checkName(name, syntax.range)
    case .field(let base, let name, let nameRange):
      return checkField(base, name, nameRange)
    case .index(let base, let index, let column):
      return checkIndex(base, index, column, syntax.range)
    case .call(let name, let arguments):
      return checkCall(name, arguments, syntax.range)
    case .negate(let operand):
      let (expr, type, isConstant) = check(operand)
      if type != .error, type.ruleType?.isNumeric != true {
        return fail("'-' needs a number or money, not \(TypeChecker.describe(type))", operand.range)
      }
      if case .constant(.number(let i)) = expr { return (.constant(.number(-i)), type, isConstant) }
      return (.negate(expr), type, isConstant)
    case .not(let operand):
      let (expr, type, _) = check(operand)
      if type != .error, type != .bool {
        return fail("'not' needs true or false, not \(TypeChecker.describe(type))", operand.range)
      }
      return (.not(expr), .bool, false)
    case .binary(let op, let left, let right):
      return checkBinary(op, left, right, syntax.range)
    case .inList(let subject, let items):
      let (expr, type, _) = check(subject)
      var values: [Value] = []
      for item in items {
        let (itemExpr, itemType, _) = check(item)
        guard case .constant(let value) = itemExpr else {
          _ = fail("a list after 'in' holds fixed values only", item.range)
          continue
        }
        if type != .error, itemType != .error, itemType != type, !(type == .money && itemType == .number) {
          _ = fail(
            "this list holds \(TypeChecker.describe(itemType)), but the value before 'in' is \(TypeChecker.describe(type))",
            item.range)
        }
        checkChoice(subject, value, item.range)
        values.append(value)
      }
      return (.inList(expr, values), .bool, false)
    case .conditional(let branches, let otherwise):
      var conditions: [Expr] = []
      var values: [Expr] = []
      var resultType: CheckedType?
      var allConstant = true
      for branch in branches {
        let (conditionExpr, conditionType, _) = check(branch.condition)
        if conditionType != .error, conditionType != .bool {
          _ = fail(
            "the condition after 'if' must be true or false, not \(TypeChecker.describe(conditionType))",
            branch.condition.range)
        }
        conditions.append(conditionExpr)
        let (valueExpr, valueType, isConstant) = check(branch.value)
        values.append(valueExpr)
        resultType = unify(resultType, valueType, isConstant: isConstant, allConstant: &allConstant, branch.value.range)
      }
      let (otherwiseExpr, otherwiseType, isConstant) = check(otherwise)
      resultType = unify(resultType, otherwiseType, isConstant: isConstant, allConstant: &allConstant, otherwise.range)
      return (
        .conditional(conditions: conditions, values: values, otherwise: otherwiseExpr), resultType ?? .error,
        allConstant
      )
    case .aggregate(let kind, let variable, let variableRange, let filter, let body):
      return checkAggregate(kind, variable, variableRange, filter, body, syntax.range)
    case .rank(let target, let variable, let variableRange, let filter):
      let (targetExpr, targetType, _) = check(target)
      if targetType != .error, targetType != .member {
        return fail("'rank' needs a member first, as in 'rank(c, o in members where …)'", target.range)
      }
      guard let slot = bind(variable, variableRange) else { return (.constant(.truth(.unknown)), .error, false) }
      defer { variables.removeLast() }
      var filterExpr: Expr?
      if let filter { filterExpr = checkCondition(filter, "the filter after 'where'") }
      return (.rank(target: targetExpr, slot: slot, filter: filterExpr), .number, false)
    }
  }

  /// The type both branches of a conditional share; a constant number joins money.
  private mutating func unify(
    _ current: CheckedType?, _ next: CheckedType, isConstant: Bool, allConstant: inout Bool, _ range: SourceRange
  ) -> CheckedType {
    let previousConstant = allConstant
    if !isConstant { allConstant = false }
    guard let current else { return next }
    if current == .error || next == .error { return current == .error ? next : current }
    if current == next { return current }
    if current == .money && next == .number && isConstant { return .money }
    if current == .number && next == .money && previousConstant { return .money }
    _ = fail(
      "every branch must give the same type: this one gives \(TypeChecker.describe(next)), an earlier one \(TypeChecker.describe(current))",
      range)
    return current
  }

  private mutating func checkCondition(_ syntax: Syntax, _ what: String) -> Expr {
    let (expr, type, _) = check(syntax)
    if type != .error, type != .bool {
      _ = fail("\(what) must be true or false, not \(TypeChecker.describe(type))", syntax.range)
    }
    return expr
  }

  private mutating func bind(_ name: String, _ range: SourceRange) -> Int? {
    if variables.contains(where: { $0.name == name }) {
      _ = fail("'\(name)' is already in use here; choose another name", range)
      return nil
    }
    if variables.count - parameterSlots >= TypeChecker.maxQuantifierDepth {
      _ = fail("member loops nest too deeply (at most \(TypeChecker.maxQuantifierDepth))", range)
      return nil
    }
    let slot = variables.count
    variables.append((name, slot))
    frameSize = max(frameSize, slot + 1)
    return slot
  }

  private mutating func checkAggregate(
    _ kind: AggregateKind, _ variable: String, _ variableRange: SourceRange, _ filter: Syntax?, _ body: Syntax?,
    _ range: SourceRange
  ) -> (Expr, CheckedType, Bool) {
    guard let slot = bind(variable, variableRange) else { return (.constant(.truth(.unknown)), .error, false) }
    defer { variables.removeLast() }
    var filterExpr: Expr?
    if let filter { filterExpr = checkCondition(filter, "the filter after 'where'") }
    var bodyExpr: Expr?
    var bodyType: CheckedType = .bool
    if let body {
      let (expr, type, _) = check(body)
      bodyExpr = expr
      bodyType = type
    }
    switch kind {
    case .any, .all:
      if body != nil, bodyType != .error, bodyType != .bool {
        return fail("the part after ':' in '\(kind.rawValue)' must be true or false", body!.range)
      }
      if filter == nil && body == nil { return fail("'\(kind.rawValue)' needs a 'where' condition", range) }
      return (.aggregate(kind, slot: slot, filter: filterExpr, body: bodyExpr), .bool, false)
    case .count:
      if body != nil { return fail("'count' takes no ':' part; put the condition after 'where'", body!.range) }
      return (.aggregate(kind, slot: slot, filter: filterExpr, body: nil), .number, false)
    case .sum, .min, .max:
      guard let body else {
        return fail(
          "'\(kind.rawValue)' needs ': value' after the filter, as in '\(kind.rawValue)(c in members where …: c.income)'",
          range)
      }
      if bodyType != .error, bodyType.ruleType?.isNumeric != true {
        return fail("'\(kind.rawValue)' adds up numbers or money, not \(TypeChecker.describe(bodyType))", body.range)
      }
      return (.aggregate(kind, slot: slot, filter: filterExpr, body: bodyExpr), bodyType, false)
    }
  }

  private mutating func checkName(_ name: String, _ range: SourceRange) -> (Expr, CheckedType, Bool) {
    if let variable = variables.last(where: { $0.name == name }) {
      return (.memberVariable(slot: variable.slot), .member, false)
    }
    if name == "as_of" { return (.asOf, .date, false) }
    if let (index, parameter) = scope.parameters[name] {
      if parameter.isKeyed {
        return fail("'\(name)' is looked up by a key; write '\(name)[municipality]' or similar", range)
      }
      if parameter.isTable {
        return fail("'\(name)' is a table; pick a row, as in '\(name)[dependants]'", range)
      }
      return (.parameter(index, index: nil), .known(parameter.type), true)
    }
    if let (index, definition) = scope.definitions[name] {
      if let parameter = definition.parameter {
        return fail("'\(name)' is about a member; call it as '\(name)(\(parameter))'", range)
      }
      return (.definition(index, argument: nil), .known(definition.rule.type), false)
    }
    if let fact = scope.vocabulary[name] {
      if fact.entity == .member {
        return fail(
          "'\(name)' is a fact about a member; write 'c.\(name)' inside 'any(c in members …)' or a similar loop", range)
      }
      return (.householdFact(scope.vocabulary.index(of: name)!), .known(TypeChecker.ruleType(of: fact)), false)
    }
    if Builtin(rawValue: name) != nil || AggregateKind(rawValue: name) != nil {
      return fail("'\(name)' is a function; call it with '(…)'", range)
    }
    let candidates =
      variables.map(\.name) + ["as_of"] + Array(scope.parameters.keys) + Array(scope.definitions.keys)
      + scope.vocabulary.facts(of: .household).map(\.id)
    return fail("unknown name '\(name)'\(hint(name, candidates))", range)
  }

  private func hint(_ name: String, _ candidates: [String]) -> String {
    closestMatch(to: name, in: candidates.sorted()).map { "; did you mean '\($0)'?" } ?? ""
  }

  static func ruleType(of fact: Fact) -> RuleType {
    switch fact.kind {
    case .bool: .bool
    case .integer: .number
    case .money: .money
    case .date: .date
    case .choice, .text: .text
    }
  }

  private mutating func checkField(_ base: Syntax, _ name: String, _ nameRange: SourceRange) -> (
    Expr, CheckedType, Bool
  ) {
    let (baseExpr, baseType, _) = check(base)
    if baseType == .error { return (.constant(.truth(.unknown)), .error, false) }
    guard baseType == .member, case .memberVariable(let slot) = baseExpr else {
      return fail("only a member has fields; this is \(TypeChecker.describe(baseType))", base.range)
    }
    if let attribute = MemberAttribute(rawValue: name) {
      let type: CheckedType = attribute == .birthDate ? .date : .number
      return (.memberAttribute(slot: slot, attribute), type, false)
    }
    if let fact = scope.vocabulary[name], fact.entity == .member {
      return (
        .memberFact(slot: slot, fact: scope.vocabulary.index(of: name)!), .known(TypeChecker.ruleType(of: fact)), false
      )
    }
    if scope.vocabulary[name]?.entity == .household {
      return fail("'\(name)' is a fact about the household, not a member; write it without 'c.'", nameRange)
    }
    let candidates = MemberAttribute.allCases.map(\.rawValue) + scope.vocabulary.facts(of: .member).map(\.id)
    return fail("unknown fact '\(name)' of a member\(hint(name, candidates))", nameRange)
  }

  private mutating func checkIndex(_ base: Syntax, _ index: Syntax, _ column: Syntax?, _ range: SourceRange) -> (
    Expr, CheckedType, Bool
  ) {
    guard case .name(let name) = base.kind, let (parameterIndex, parameter) = scope.parameters[name] else {
      return fail("only a parameter table takes '[…]'", base.range)
    }
    if parameter.isKeyed {
      let (keyExpr, keyType, _) = check(index)
      if keyType != .error, keyType != .text {
        return fail("'\(name)' is looked up by a text key, not \(TypeChecker.describe(keyType))", index.range)
      }
      guard parameter.isTable == (column != nil) else {
        return fail(
          parameter.isTable
            ? "'\(name)' holds a row per key: pick a column, as in '\(name)[key, 0]'"
            : "'\(name)' holds one value per key: write '\(name)[key]'", range)
      }
      var columnExpr: Expr?
      if let column {
        let (expr, type, _) = check(column)
        if type != .error, type != .number {
          return fail("a column is picked by a number, not \(TypeChecker.describe(type))", column.range)
        }
        columnExpr = expr
      }
      return (.keyedParameter(parameterIndex, key: keyExpr, column: columnExpr), .known(parameter.type), false)
    }
    guard parameter.isTable else { return fail("'\(name)' is a single value, not a table", range) }
    if let column { return fail("'\(name)' takes one index; only a keyed table takes '[key, column]'", column.range) }
    let (indexExpr, indexType, _) = check(index)
    if indexType != .error, indexType != .number {
      return fail("a table row is picked by a number, not \(TypeChecker.describe(indexType))", index.range)
    }
    return (.parameter(parameterIndex, index: indexExpr), .known(parameter.type), false)
  }

  /// `measure_amount('child-allowance')`: another measure's amount for the household (0 when it cannot get it).
  private mutating func checkMeasureAmount(_ arguments: [Syntax], _ range: SourceRange) -> (Expr, CheckedType, Bool) {
    guard arguments.count == 1, case .text(let id) = arguments[0].kind else {
      return fail("measure_amount takes a measure's id in quotes, as in measure_amount('child-allowance')", range)
    }
    guard let (index, _) = scope.definitions["measure_amount:" + id] else {
      let known = scope.definitions.keys.filter { $0.hasPrefix("measure_amount:") }.map { String($0.dropFirst(15)) }
      return fail(
        "measure_amount names no measure '\(id)' with an amount whose file sorts before this one\(hint(id, known))",
        arguments[0].range)
    }
    return (.definition(index, argument: nil), .money, false)
  }

  private mutating func checkCall(_ name: String, _ arguments: [Syntax], _ range: SourceRange) -> (
    Expr, CheckedType, Bool
  ) {
    if let (index, definition) = scope.definitions[name] {
      guard let parameter = definition.parameter else {
        if !arguments.isEmpty { return fail("'\(name)' takes no arguments; write it without '(…)'", range) }
        return (.definition(index, argument: nil), .known(definition.rule.type), false)
      }
      guard arguments.count == 1 else {
        return fail("'\(name)' takes one member, as in '\(name)(\(parameter))'", range)
      }
      let (argument, type, _) = check(arguments[0])
      if type != .error, type != .member {
        return fail("'\(name)' takes a member, not \(TypeChecker.describe(type))", arguments[0].range)
      }
      return (.definition(index, argument: argument), .known(definition.rule.type), false)
    }
    if name == "measure_amount" { return checkMeasureAmount(arguments, range) }
    guard let builtin = Builtin(rawValue: name) else {
      let candidates =
        Builtin.allCases.map(\.rawValue) + AggregateKind.allCases.map(\.rawValue) + ["rank"]
        + Array(scope.definitions.keys)
      return fail("unknown function '\(name)'\(hint(name, candidates))", range)
    }
    var exprs: [Expr] = []
    var types: [CheckedType] = []
    var allConstant = true
    for argument in arguments {
      let (expr, type, isConstant) = check(argument)
      exprs.append(expr)
      types.append(type)
      allConstant = allConstant && isConstant
    }
    if types.contains(.error) { return (.constant(.truth(.unknown)), .error, false) }
    func mismatch() -> (Expr, CheckedType, Bool) {
      let given = types.map { TypeChecker.describe($0) }.joined(separator: ", ")
      return fail("wrong arguments for \(builtin.signature): given \(given.isEmpty ? "none" : given)", range)
    }
    let numeric = types.allSatisfy { $0.ruleType?.isNumeric == true }
    switch builtin {
    case .range:
      guard types.count == 2, numeric else { return mismatch() }
      let type: CheckedType = types.contains(.money) ? .money : .number
      return (.builtin(builtin, exprs), type, allConstant)
    case .min, .max:
      guard types.count >= 2, numeric else { return mismatch() }
      let type: CheckedType = types.contains(.money) ? .money : .number
      return (.builtin(builtin, exprs), type, allConstant)
    case .floor, .ceil, .round:
      guard types.count == 1, numeric else { return mismatch() }
      return (.builtin(builtin, exprs), types[0], allConstant)
    case .roundTo, .floorTo, .ceilTo:
      guard types.count == 2, numeric else { return mismatch() }
      guard case .constant(.number(let unit)) = exprs[1], unit.isExact, unit.lo > 0 else {
        return fail("the unit of \(builtin.signature) must be a fixed positive number, such as 10", arguments[1].range)
      }
      return (.builtin(builtin, exprs), types[0], allConstant)
    case .addDays, .addMonths, .addYears:
      guard types == [.date, .number] else { return mismatch() }
      return (.builtin(builtin, exprs), .date, false)
    case .daysBetween:
      guard types == [.date, .date] else { return mismatch() }
      return (.builtin(builtin, exprs), .number, false)
    case .fiscalYear:
      guard types == [.date] else { return mismatch() }
      return (.builtin(builtin, exprs), .number, false)
    case .fiscalYearStart, .fiscalYearEnd:
      guard types == [.date] else { return mismatch() }
      return (.builtin(builtin, exprs), .date, false)
    case .ageOn, .gradeOn:
      guard types == [.member, .date] else { return mismatch() }
      return (.builtin(builtin, exprs), .number, false)
    }
  }

  private mutating func checkBinary(_ op: BinaryOperator, _ left: Syntax, _ right: Syntax, _ range: SourceRange)
    -> (Expr, CheckedType, Bool)
  {
    let (l, lt, lc) = check(left)
    let (r, rt, rc) = check(right)
    if lt == .error || rt == .error {
      return (.constant(.truth(.unknown)), op.isComparison || op == .and || op == .or ? .bool : .error, false)
    }
    let a = lt.ruleType!
    let b = rt.ruleType!
    let isConstant = lc && rc
    func bad(_ what: String) -> (Expr, CheckedType, Bool) {
      fail("'\(op.rawValue)' cannot \(what) \(TypeChecker.describe(a)) and \(TypeChecker.describe(b))", range)
    }
    switch op {
    case .and, .or:
      guard a == .bool, b == .bool else { return bad("join") }
      return (.binary(op, l, r), .bool, false)
    case .add, .subtract:
      if a == .money && (b == .money || (b == .number && rc)) { return (.binary(op, l, r), .money, isConstant) }
      if b == .money && a == .number && lc { return (.binary(op, l, r), .money, isConstant) }
      if a == .number && b == .number { return (.binary(op, l, r), .number, isConstant) }
      if a == .date || b == .date {
        return fail(
          "'\(op.rawValue)' does not work on dates; use add_days, add_months, add_years or days_between", range)
      }
      return bad(op == .add ? "add" : "subtract")
    case .multiply:
      if a == .money && b == .money { return bad("multiply") }
      if a.isNumeric && b.isNumeric {
        return (.binary(op, l, r), a == .money || b == .money ? .money : .number, isConstant)
      }
      return bad("multiply")
    case .divide:
      if a == .money && b == .number { return (.binary(op, l, r), .money, isConstant) }
      if a == .money && b == .money { return (.binary(op, l, r), .number, isConstant) }
      if a == .number && b == .number { return (.binary(op, l, r), .number, isConstant) }
      return bad("divide")
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
      let comparable =
        a == b || (a == .money && b == .number && rc) || (a == .number && b == .money && lc)
      guard comparable else { return bad("compare") }
      if a == .member || (a == .bool && op != .equal && op != .notEqual)
        || (a == .text && op != .equal && op != .notEqual)
      {
        return bad("order")
      }
      if a == .text {
        if case .constant(let value) = r { checkChoice(left, value, right.range) }
        if case .constant(let value) = l { checkChoice(right, value, left.range) }
      }
      return (.binary(op, l, r), .bool, false)
    }
  }

  /// When a choice fact is compared with a fixed text, the text must be one of the choices.
  private mutating func checkChoice(_ subject: Syntax, _ value: Value, _ range: SourceRange) {
    guard case .text(let text?) = value else { return }
    var factID: String?
    if case .field(_, let name, _) = subject.kind { factID = name }
    if case .name(let name) = subject.kind { factID = name }
    guard let factID, let fact = scope.vocabulary[factID], case .choice(let choices) = fact.kind else { return }
    if !choices.contains(text) {
      errors.append(
        RuleError(
          "'\(text)' is not a value of '\(factID)' (\(choices.joined(separator: ", ")))\(hint(text, choices))",
          at: range))
    }
  }
}

/// Every error found in one rule.
package struct RuleErrors: Error, Sendable {
  package var errors: [RuleError]
}
