import Testing

@testable import ShienCatalog
@testable import ShienFacts
@testable import ShienMatching
@testable import ShienRules
@testable import ShienSupport

/// Keyed parameters (`kyuchi[municipality]`, `cap[prefecture, column]`), `measure_amount('id')`, and how a household's
/// municipality reaches the rules.
@Suite struct KeyedTableTests {
  static func period(_ keyed: [String: [Double]], otherwise: [Double] = []) -> Parameter.Period {
    Parameter.Period(
      from: CivilDate(iso: "2024-04-01")!, through: nil, values: otherwise, step: nil, isVerified: true, source: nil,
      keyed: keyed)
  }

  static let kyuchi = Parameter(
    name: "kyuchi", type: .number, isTable: false, isKeyed: true,
    periods: [period(["13101": [0], "40223": [3]], otherwise: [5])])
  static let cap = Parameter(
    name: "cap", type: .money, isTable: true, isKeyed: true,
    periods: [period(["福岡県": [38000, 45000, 49000], "新潟県": [32000, 38000, 42000]])])

  static func household(municipality: String?, prefecture: String? = nil) throws -> Household {
    var fields: [String] = []
    if let municipality { fields.append(#""municipality": "\#(municipality)""#) }
    if let prefecture { fields.append(#""prefecture": "\#(prefecture)""#) }
    fields.append(#""members": [{"role": "self"}]"#)
    return try Fixtures.household("{" + fields.joined(separator: ", ") + "}")
  }

  @Test(arguments: [("13101", 0.0), ("40223", 3), ("15206", 5)])
  func aKeyTakesItsOwnValueElseTheDefault(code: String, expected: Double) throws {
    let (value, missing) = try Fixtures.evaluate(
      "kyuchi[municipality]", try Self.household(municipality: code), parameters: [Self.kyuchi])
    #expect(value == .number(Interval(exactly: expected)))
    #expect(missing.isEmpty)
  }

  @Test func anUnknownKeyIsTheRangeOfEveryValueAndAsksForIt() throws {
    let (value, missing) = try Fixtures.evaluate(
      "kyuchi[municipality]", try Self.household(municipality: nil), parameters: [Self.kyuchi])
    #expect(value == .number(Interval(0, 5)))
    #expect(missing == [MissingFact(member: nil, fact: Fixtures.vocabulary.index(of: "municipality")!)])
  }

  @Test func aKeyedTablePicksAColumnOfTheKeysRow() throws {
    let household = try Self.household(municipality: nil, prefecture: "新潟県")
    #expect(
      try Fixtures.evaluate("cap[prefecture, 2]", household, parameters: [Self.cap]).value
        == .number(Interval(exactly: 42000)))
    #expect(
      try Fixtures.evaluate("cap[prefecture, 1]", try Self.household(municipality: nil), parameters: [Self.cap]).value
        == .number(Interval(38000, 45000)))
  }

  @Test func aKeyWithNoRowAndNoDefaultHasNoValue() throws {
    // Money with no value for the key is open (0…∞), as on a date with no value in force: never a guess.
    let household = try Self.household(municipality: nil, prefecture: "沖縄県")
    #expect(
      try Fixtures.evaluate("cap[prefecture, 0]", household, parameters: [Self.cap]).value == .number(.nonNegative))
  }

  @Test(arguments: [
    ("kyuchi[1]", "1:8: 'kyuchi' is looked up by a text key, not a number"),
    ("kyuchi", "1:1: 'kyuchi' is looked up by a key; write 'kyuchi[municipality]' or similar"),
    ("kyuchi[municipality, 0]", "1:1: 'kyuchi' holds one value per key: write 'kyuchi[key]'"),
    ("cap[prefecture]", "1:1: 'cap' holds a row per key: pick a column, as in 'cap[key, 0]'"),
    ("cap[prefecture, 'a']", "1:17: a column is picked by a number, not text"),
  ])
  func misuseIsAnErrorAtItsPlace(rule: String, expected: String) {
    #expect(Fixtures.errors(rule, parameters: [Self.kyuchi, Self.cap]) == [expected])
  }

  @Test func keyedParametersSurviveTheCompiledForm() throws {
    let catalog = Fixtures.catalog
    let decoded = try CatalogBinary.decode(CatalogBinary.encode(catalog))
    let name = "kyuchi"
    let before = try #require(catalog.library.parameters.first { $0.name == name })
    let after = try #require(decoded.library.parameters.first { $0.name == name })
    #expect(after.isKeyed)
    #expect(after.periods == before.periods)
    #expect(after.periods[0].keyed["40223"] == [3])
  }

  @Test func rulesSeeTheMunicipalityAsItsCodeWhateverFormWasGiven() throws {
    let catalog = Fixtures.catalog
    let matcher = Matcher(catalog: catalog)
    for name in ["古賀市", "福岡県古賀市", "40223", "402231"] {
      let household = try Self.household(municipality: name)
      let municipality = try matcher.municipality(of: household)
      let result = try #require(
        matcher.match(
          household, asOf: Fixtures.date("2025-06-01"), municipality: municipality,
          only: ["housing-security-benefit"]
        ).first)
      // Rent and job are unknown, but the area is not: 古賀市 is 2級地 in 福岡県, whose cap for 1 person is 32,000.
      #expect(result.status == .maybe, "\(name)")
      #expect(result.amount?.max == 32000, "\(name)")
    }
  }
}

@Suite struct MeasureAmountTests {
  static let library = Fixtures.catalog.library

  static func evaluate(_ rule: String, _ json: String, asOf: String = "2025-06-01") throws -> Value {
    let (compiled, library) = try Fixtures.compile(
      rule, parameters: Self.library.parameters, definitions: Self.library.definitions)
    var evaluator = Evaluator(library: library, household: try Fixtures.household(json), asOf: Fixtures.date(asOf))
    return evaluator.evaluate(compiled).value
  }

  @Test func anotherMeasuresAmountWhenItsConditionsHold() throws {
    let family =
      #"{"members": [{"role": "self", "birth_date": "1985-01-01"}, {"role": "child", "birth_date": "2016-05-10"}]}"#
    #expect(try Self.evaluate("measure_amount('child-allowance')", family) == .number(Interval(exactly: 10000)))
    let alone = #"{"members": [{"role": "self", "birth_date": "1985-01-01"}]}"#
    #expect(try Self.evaluate("measure_amount('child-allowance')", alone) == .number(Interval(exactly: 0)))
  }

  @Test func openConditionsGiveTheRangeFromNothing() throws {
    // Single parent with an unknown income: 児童扶養手当 is 0 (over the limit) up to the full amount.
    let family =
      #"{"members": [{"role": "self", "birth_date": "1985-01-01"}, {"role": "child", "birth_date": "2016-05-10"}]}"#
    #expect(try Self.evaluate("measure_amount('child-support-allowance')", family) == .number(Interval(0, 46690)))
  }

  @Test func aMeasureNotInForceGivesNothing() throws {
    let family =
      #"{"members": [{"role": "self", "birth_date": "1985-01-01"}, {"role": "child", "birth_date": "2016-05-10"}]}"#
    // public-assistance is in force from 2024-04-01 only
    #expect(
      try Self.evaluate("measure_amount('public-assistance')", family, asOf: "2024-03-31")
        == .number(Interval(exactly: 0)))
  }

  @Test(arguments: [
    (
      "measure_amount('child-allowanse')",
      "measure_amount names no measure 'child-allowanse' with an amount whose file sorts"
    ),
    ("measure_amount(rent)", "measure_amount takes a measure's id in quotes"),
  ])
  func misuseIsAnError(rule: String, expected: String) {
    do {
      _ = try Fixtures.compile(rule, parameters: Self.library.parameters, definitions: Self.library.definitions)
      Issue.record("compiled \(rule)")
    } catch let error as RuleErrors {
      #expect(error.errors.first?.message.contains(expected) == true, "\(error.errors)")
    } catch {
      Issue.record("\(error)")
    }
  }

  @Test func aMeasureCanNameOnlyOneWhoseFileSortsBefore() throws {
    var files = Fixtures.compiled.files
    let measure = #"""
      {"id": "aaa-early", "name": {"ja": "早い", "en": "Early", "ja-easy": "はやい"},
       "summary": {"ja": "試験", "en": "Test"}, "category": "benefit", "scope": "national",
       "eligibility": [{"text": {"ja": "常に", "en": "always"}, "rule": "measure_amount('child-allowance') > 0"}],
       "procedure": {"steps": []}, "desk": "子育て支援",
       "sources": [{"url": "https://example.org/measure", "checked": "2026-11-22"}]}
      """#
    files.append(SourceFile(path: "catalog/measures/aaa-early.json", bytes: Array(measure.utf8)))
    var compiler = CatalogCompiler()
    #expect(compiler.compile(files) == nil)
    #expect(compiler.diagnostics.contains { $0.message.contains("measure_amount names no measure 'child-allowance'") })
  }
}
