import Testing

@testable import ShienFacts
@testable import ShienRules
@testable import ShienSupport

@Suite struct LexerTests {
  @Test func tokenizesNumbersDatesTextAndSymbols() throws {
    let tokens = try Lexer.tokenize(
      RuleSource("c.income >= 2_080_000 and as_of < 2025-04-01 or c.role == 'child' # note"))
    let kinds = tokens.map(\.kind)
    #expect(kinds.contains(.number(2_080_000)))
    #expect(kinds.contains(.date(CivilDate(iso: "2025-04-01")!)))
    #expect(kinds.contains(.string("child")))
    #expect(kinds.contains(.symbol(.greaterEqual)))
    #expect(kinds.last == .end)
    #expect(!kinds.contains(.identifier("note")))
  }

  @Test func numbersKeepFractions() throws {
    let tokens = try Lexer.tokenize(RuleSource("0.0256619"))
    #expect(tokens[0].kind == .number(0.0256619))
  }

  @Test(arguments: [
    ("c.role = 'child'", "1:8: '=' is not an operator; use '==' to compare"),
    ("a && b", "1:3: unexpected '&'; write 'and'"),
    ("c.role == \"child\"", "1:11: text in a rule takes single quotes ('child'), not double quotes"),
    ("'child", "1:1: unterminated text: expected a closing '"),
    ("2025-02-30", "1:1: impossible date"),
    ("12abc", "1:1: a number cannot run into a name; put a space between them"),
    ("x ¥ 3", "1:3: unexpected character '¥'"),
  ])
  func reportsTheFirstError(rule: String, expected: String) {
    #expect(Fixtures.errors(rule) == [expected])
  }

  @Test func columnsCountScalarsAfterJapaneseText() {
    // A comment in Japanese before the error on the next line; the column is counted in scalars on that line.
    #expect(Fixtures.errors("# 所得の判定\nx ＝ 1") == ["2:3: unexpected character '＝'"])
  }
}

@Suite struct ParserTests {
  @Test(arguments: [
    ("if true then 1", "1:15: expected 'else' to finish 'if … then …' (every 'if' needs an 'else'), found end of rule"),
    ("1 < 2 < 3", "1:7: comparisons do not chain; join them with 'and'"),
    ("count(c in people)", "1:12: expected 'members' after 'in', found 'people'"),
    ("(1 + 2", "1:7: expected ')' to close '(', found end of rule"),
    ("", "1:1: empty rule"),
    ("1 2", "1:3: unexpected '2' after the end of the expression"),
  ])
  func syntaxErrors(rule: String, expected: String) {
    #expect(Fixtures.errors(rule) == [expected])
  }

  @Test func deepNestingIsRefused() {
    let rule = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
    #expect(Fixtures.errors(rule).first?.contains("nested too deeply") == true)
  }

  @Test func hugeRulesAreRefused() {
    let rule = Array(repeating: "1", count: 5000).joined(separator: " + ")
    #expect(Fixtures.errors(rule).first?.contains("rule too large") == true)
  }

  @Test func precedence() throws {
    let household = try Fixtures.household(#"{"members": [{"role": "self"}]}"#)
    #expect(try Fixtures.evaluate("1 + 2 * 3 == 7", household).value == .truth(.yes))
    #expect(try Fixtures.evaluate("not false and false", household).value == .truth(.no))
    #expect(try Fixtures.evaluate("true or false and false", household).value == .truth(.yes))
    #expect(try Fixtures.evaluate("-2 * 3 + 10", household).value == .number(Interval(exactly: 4)))
    #expect(
      try Fixtures.evaluate("if 1 > 2 then 10 elif 2 > 1 then 20 else 30", household).value
        == .number(Interval(exactly: 20)))
  }
}

@Suite struct TypeCheckerTests {
  @Test func unknownFactSuggestsTheClosest() {
    #expect(
      Fixtures.errors("any(c in members where c.birth_dat < as_of)")
        == ["1:26: unknown fact 'birth_dat' of a member; did you mean 'birth_date'?"])
  }

  @Test func collectsEveryError() {
    let errors = Fixtures.errors("c.income > 3 and singel_parent and frobnicate(1)")
    #expect(
      errors == [
        "1:1: unknown name 'c'",
        "1:18: unknown name 'singel_parent'; did you mean 'single_parent'?",
        "1:36: unknown function 'frobnicate'",
      ])
  }

  @Test(arguments: [
    ("rent * rent > 1", "1:1: '*' cannot multiply money and money"),
    ("rent + as_of", "1:1: '+' does not work on dates; use add_days, add_months, add_years or days_between"),
    (
      "any(c in members where c.role == 'chlid')",
      "1:34: 'chlid' is not a value of 'role' (self, spouse, child, parent, grandparent, other); did you mean 'child'?"
    ),
    ("single_parent + 1", "1:1: '+' cannot add true or false and a number"),
    ("rent", "1:1: this rule must give true or false, but it gives money"),
    (
      "income > 0",
      "1:1: 'income' is a fact about a member; write 'c.income' inside 'any(c in members …)' or a similar loop"
    ),
    (
      "any(c in members where c.rent > 0)",
      "1:26: 'rent' is a fact about the household, not a member; write it without 'c.'"
    ),
    (
      "sum(c in members where c.role == 'child')",
      "1:1: 'sum' needs ': value' after the filter, as in 'sum(c in members where …: c.income)'"
    ),
    (
      "if single_parent then 1 else 'x'",
      "1:30: every branch must give the same type: this one gives text, an earlier one a number"
    ),
  ])
  func typeErrors(rule: String, expected: String) {
    #expect(Fixtures.errors(rule, expecting: .bool).contains(expected))
  }

  @Test func quantifiersNestAtMostThreeDeep() {
    let rule = "any(a in members where any(b in members where any(c in members where any(d in members where true))))"
    #expect(Fixtures.errors(rule).contains { $0.contains("nest too deeply") })
  }

  @Test func constantsStandForMoney() {
    #expect(Fixtures.errors("rent < 80_000", expecting: .bool).isEmpty)
    #expect(Fixtures.errors("if single_parent then 1000 else rent", expecting: .money).isEmpty)
  }

  @Test func diagnosticCaretLinesUpUnderJapaneseText() {
    let line = "  \"rule\": \"所得 < 3 and c.incom > 0\""
    // 'incom' is the 25th scalar; 所得 before it takes four columns, so the caret sits at display column 27.
    let diagnostic = Diagnostic(
      file: "m.json", range: SourceRange(start: SourceLocation(line: 1, column: 25), length: 5),
      message: "unknown fact 'incom'")
    let expected = [
      "m.json:1:25: error: unknown fact 'incom'",
      " 1 | " + line,
      "   | " + String(repeating: " ", count: 26) + "^~~~~",
    ].joined(separator: "\n")
    #expect(diagnostic.rendered(sourceLines: [Substring(line)]) == expected)
  }
}

@Suite struct EvaluatorTests {
  static let truths: [(String, Truth)] = [("true", .yes), ("false", .no), ("single_parent", .unknown)]

  /// A household whose single_parent is unknown (two parents' worth of facts left out, stated explicitly as null).
  static func household() throws -> Household {
    try Fixtures.household(#"{"single_parent": null, "members": [{"role": "self", "income": 3000000}]}"#)
  }

  @Test func kleeneTruthTables() throws {
    var household = try Self.household()
    household.facts[Fixtures.vocabulary.index(of: "single_parent")!] = nil
    for (a, ta) in Self.truths {
      #expect(try Fixtures.evaluate("not \(a)", household).value == .truth(!ta))
      for (b, tb) in Self.truths {
        #expect(try Fixtures.evaluate("\(a) and \(b)", household).value == .truth(ta && tb), "\(a) and \(b)")
        #expect(try Fixtures.evaluate("\(a) or \(b)", household).value == .truth(ta || tb), "\(a) or \(b)")
      }
    }
    #expect((Truth.no && .unknown) == .no)
    #expect((Truth.yes || .unknown) == .yes)
    #expect((Truth.yes && .unknown) == .unknown)
  }

  @Test func missingFactsAreOnlyThoseThatMatter() throws {
    let household = try Fixtures.household(#"{"members": [{"role": "self", "income": 3000000}, {"role": "child"}]}"#)
    // The rent is unknown but cannot change the answer: false and anything is false.
    let (value, missing) = try Fixtures.evaluate(
      "rent > 100000 and any(c in members where c.role == 'grandparent')", household)
    #expect(value == .truth(.no))
    #expect(missing.isEmpty)
    let open = try Fixtures.evaluate("rent > 100000 or any(c in members where c.role == 'grandparent')", household)
    #expect(open.value == .truth(.unknown))
    #expect(open.missing == [MissingFact(member: nil, fact: Fixtures.vocabulary.index(of: "rent")!)])
    // Both sides open: both facts are reported, the self's known income is not.
    let both = try Fixtures.evaluate("rent > 100000 or any(c in members where c.income > 10000000)", household)
    #expect(both.value == .truth(.unknown))
    #expect(
      both.missing == [
        MissingFact(member: nil, fact: Fixtures.vocabulary.index(of: "rent")!),
        MissingFact(member: 1, fact: Fixtures.vocabulary.index(of: "income")!),
      ])
  }

  @Test func unknownMoneyGivesARange() throws {
    let household = try Fixtures.household(#"{"members": [{"role": "self"}]}"#)
    let (value, missing) = try Fixtures.evaluate("sum(c in members: min(c.income, 500000))", household)
    #expect(value == .number(Interval(0, 500_000)))
    #expect(missing.count == 1)
    #expect(try Fixtures.evaluate("any(c in members where c.income < 0)", household).value == .truth(.no))
  }

  @Test(arguments: [
    ("2007-04-01", "2025-04-01", 13), ("2007-04-02", "2025-04-01", 12), ("2007-04-02", "2026-03-31", 12),
    ("2007-04-02", "2026-04-01", 13), ("2019-04-01", "2025-04-01", 1), ("2019-04-02", "2025-04-01", 0),
  ])
  func schoolGradeOnFirstAndSecondOfApril(birth: String, asOf: String, grade: Int) throws {
    let household = try Fixtures.household(#"{"members": [{"role": "child", "birth_date": "\#(birth)"}]}"#)
    #expect(
      try Fixtures.evaluate("sum(c in members: c.grade)", household, asOf: asOf).value
        == .number(Interval(exactly: Double(grade))))
  }

  @Test func ageWithoutBirthDateLeavesTheGradeOpen() throws {
    let household = try Fixtures.household(#"{"members": [{"role": "child", "age": 18}]}"#)
    let (value, _) = try Fixtures.evaluate("sum(c in members: c.grade)", household, asOf: "2025-06-01")
    #expect(value == .number(Interval(12, 13)))
    #expect(try Fixtures.evaluate("any(c in members where c.grade <= 12)", household).value == .truth(.unknown))
    #expect(try Fixtures.evaluate("any(c in members where c.age == 18)", household).value == .truth(.yes))
  }

  static let amount = Parameter(
    name: "amount", type: .money, isTable: false,
    periods: [
      Parameter.Period(
        from: CivilDate(iso: "2024-04-01")!, through: nil, values: [45500], step: nil, isVerified: true, source: nil),
      Parameter.Period(
        from: CivilDate(iso: "2025-04-01")!, through: nil, values: [46690], step: nil, isVerified: true, source: nil),
    ])

  @Test(arguments: [("2024-03-31", nil), ("2024-04-01", 45500.0), ("2025-03-31", 45500), ("2025-04-01", 46690)])
  func datedParametersOnTheirFirstAndLastDay(asOf: String, expected: Double?) throws {
    let household = try Self.household()
    let (value, _) = try Fixtures.evaluate("amount", household, asOf: asOf, parameters: [Self.amount])
    // Money with no value in force on the date is open (0…∞), never a guess.
    #expect(value == .number(expected.map { Interval(exactly: $0) } ?? .nonNegative))
  }

  @Test func tablesExtendByTheirStep() throws {
    let table = Parameter(
      name: "limit", type: .money, isTable: true,
      periods: [
        Parameter.Period(
          from: CivilDate(iso: "2024-11-01")!, through: nil, values: [690_000, 1_070_000], step: 380_000,
          isVerified: true, source: nil)
      ])
    let household = try Self.household()
    #expect(
      try Fixtures.evaluate("limit[1]", household, parameters: [table]).value == .number(Interval(exactly: 1_070_000)))
    #expect(
      try Fixtures.evaluate("limit[4]", household, parameters: [table]).value == .number(Interval(exactly: 2_210_000)))
    // A row past any real one (a hostile catalog's) is the table's far end, not an overflow.
    let far = try Fixtures.evaluate("limit[999999999999999 * 999999999999999]", household, parameters: [table]).value
    #expect(far == .number(Interval(exactly: 690_000 + 1_000_000_000 * 380_000)))
  }

  @Test func rankOrdersByBirthThenDocumentOrder() throws {
    let household = try Fixtures.household(
      #"""
      {"members": [{"role": "self", "birth_date": "1985-01-01"},
        {"role": "child", "birth_date": "2015-05-05"}, {"role": "child", "birth_date": "2020-03-03"},
        {"role": "child", "birth_date": "2020-03-03"}]}
      """#)
    let rule = "sum(c in members where c.role == 'child' and rank(c, o in members where o.role == 'child') == 3: 1)"
    #expect(try Fixtures.evaluate(rule, household).value == .number(Interval(exactly: 1)))
    let total = "sum(c in members where c.role == 'child': rank(c, o in members where o.role == 'child'))"
    #expect(try Fixtures.evaluate(total, household).value == .number(Interval(exactly: 6)))
  }

  @Test func roundToTenYenHalfUp() throws {
    let household = try Self.household()
    #expect(try Fixtures.evaluate("round_to(11015, 10)", household).value == .number(Interval(exactly: 11020)))
    #expect(try Fixtures.evaluate("round_to(11014.9, 10)", household).value == .number(Interval(exactly: 11010)))
    #expect(try Fixtures.evaluate("range(3, 1)", household).value == .number(Interval(1, 3)))
  }

  @Test func conditionalJoinsBranchesWhenTheConditionIsUnknown() throws {
    var household = try Self.household()
    household.facts[Fixtures.vocabulary.index(of: "single_parent")!] = nil
    #expect(try Fixtures.evaluate("if single_parent then 100 else 40", household).value == .number(Interval(40, 100)))
    let same = try Fixtures.evaluate("if single_parent then 7 else 7", household)
    #expect(same.value == .number(Interval(exactly: 7)))
    #expect(same.missing.isEmpty)
  }
}
