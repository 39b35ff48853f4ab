import Foundation
import Testing

@testable import ShienCatalog
@testable import ShienFacts
@testable import ShienMatching
@testable import ShienRules
@testable import ShienSupport

@Suite struct JSONReaderTests {
  @Test func valuesKnowTheirPlace() throws {
    let root = try JSONReader.parse("{\n  \"a\": [1, \"二\", true],\n  \"b\": null\n}")
    let a = try #require(root["a"]?.array)
    #expect(a[0].location == SourceLocation(line: 2, column: 9))
    #expect(a[1].location == SourceLocation(line: 2, column: 12))
    #expect(a[2].location == SourceLocation(line: 2, column: 17))
    #expect(a[1].string == "二")
    #expect(root["b"]?.isNull == true)
  }

  @Test(arguments: [
    ("{\"a\": 1, \"a\": 2}", "1:10: duplicate key 'a'"),
    ("[1, 2,]", "1:7: trailing comma in array"),
    ("{'a': 1}", "1:2: expected a key in double quotes, found '''"),
    ("\"tab\there\"", "1:5: control character in string (escape it, e.g. '\\n')"),
    ("01", "1:1: invalid number: leading zeros are not allowed"),
    ("1e999", "1:1: number out of range"),
    ("\"\\ud800\"", "1:2: invalid \\u escape: lone surrogate"),
    ("[1] 2", "1:5: unexpected text after the JSON value"),
    ("", "1:1: empty input: expected a JSON value"),
  ])
  func errorsNameTheirPlace(text: String, expected: String) {
    #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(text) }
    do {
      _ = try JSONReader.parse(text)
    } catch {
      #expect(error.description == expected)
    }
  }

  @Test func deepNestingIsRefusedWithoutRecursingFurther() {
    let text = String(repeating: "[", count: 100_000)
    do {
      _ = try JSONReader.parse(text)
      Issue.record("accepted 100,000 levels of nesting")
    } catch {
      #expect(error.message == "nesting deeper than 64 levels")
    }
  }

  @Test func invalidUTF8IsAnError() {
    do {
      _ = try JSONReader.parse([0x22, 0xC3, 0x28, 0x22])
      Issue.record("accepted invalid UTF-8")
    } catch {
      #expect(error.message.hasPrefix("invalid UTF-8"))
    }
  }

  @Test func writerEscapesAndRoundTrips() throws {
    var writer = JSONWriter()
    writer.beginObject()
    writer.key("text")
    writer.string("改行\n\"引用\"\u{1}")
    writer.key("n")
    writer.number(25000)
    writer.key("x")
    writer.number(0.5)
    writer.endObject()
    #expect(writer.output == #"{"text":"改行\n\"引用\"\u0001","n":25000,"x":0.5}"#)
    #expect(try JSONReader.parse(writer.output)["text"]?.string == "改行\n\"引用\"\u{1}")
  }
}

@Suite struct HouseholdDecoderTests {
  @Test func absentFactsAreUnknownNeverZero() throws {
    let household = try Fixtures.household(#"{"members": [{"role": "self"}]}"#)
    let income = try #require(Fixtures.vocabulary.index(of: "income"))
    #expect(household.members[0].facts[income] == nil)
    let stated = try Fixtures.household(#"{"members": [{"role": "self", "income": 0}]}"#)
    #expect(stated.members[0].facts[income] == .number(Interval(exactly: 0)))
    let null = try Fixtures.household(#"{"members": [{"role": "self", "income": null}]}"#)
    #expect(null.members[0].facts[income] == nil)
  }

  @Test(arguments: [
    (#"{"members": [{"role": "self"}, {"role": "child"}]}"#, Truth.yes),
    (#"{"members": [{"role": "self"}, {"role": "spouse"}, {"role": "child"}]}"#, .no),
    (#"{"members": [{"role": "self"}]}"#, .no),
    (#"{"single_parent": true, "members": [{"role": "self"}, {"role": "spouse"}, {"role": "child"}]}"#, .yes),
  ])
  func singleParentFollowsFromTheMembersWhenNotGiven(json: String, expected: Truth) throws {
    let household = try Fixtures.household(json)
    #expect(household.facts[Fixtures.vocabulary.index(of: "single_parent")!] == .truth(expected))
  }

  @Test func tooManyMembersIsAnError() {
    let members = Array(repeating: #"{"role": "child"}"#, count: 65).joined(separator: ",")
    #expect(throws: HouseholdError.self) { try Fixtures.household("{\"members\": [\(members)]}") }
  }

  @Test func anAgeGivesAYearOfBirthDates() throws {
    let household = try Fixtures.household(#"{"members": [{"role": "child", "age": 3}]}"#)
    let interval = try #require(household.members[0].birthInterval(asOf: Fixtures.date("2025-06-01")))
    #expect(CivilDate(dayNumber: Int(interval.lo)) == Fixtures.date("2021-06-02"))
    #expect(CivilDate(dayNumber: Int(interval.hi)) == Fixtures.date("2022-06-01"))
  }
}

@Suite struct HouseholdFlagsTests {
  @Test func membersFromEverydayInput() throws {
    var flags = HouseholdFlags(vocabulary: Fixtures.vocabulary, asOf: Fixtures.date("2025-06-01"))
    try flags.addMember(role: "self", spec: "平成2年6月15日, ２４０万円, employee", flag: "--self")
    try flags.addMember(role: "child", spec: "9,physical=2,intellectual=A", flag: "--child")
    try flags.setHouseholdFact("municipality", "古賀市", flag: "--municipality")
    let household = flags.household
    #expect(household.members[0].birthDate == Fixtures.date("1990-06-15"))
    #expect(
      household.members[0].facts[Fixtures.vocabulary.index(of: "income")!] == .number(Interval(exactly: 2_400_000)))
    #expect(household.members[0].facts[Fixtures.vocabulary.index(of: "employment")!] == .text("employee"))
    #expect(household.members[1].age == 9)
    #expect(household.members[1].facts[Fixtures.vocabulary.index(of: "disability_intellectual_grade")!] == .text("A"))
  }

  @Test func noDisabilityFillsOnlyWhatIsNotStated() throws {
    var flags = HouseholdFlags(vocabulary: Fixtures.vocabulary, asOf: nil)
    try flags.addMember(role: "child", spec: "9,physical=2", flag: "--child")
    flags.stateNoDisability()
    let physical = Fixtures.vocabulary.index(of: "disability_physical_grade")!
    let mental = Fixtures.vocabulary.index(of: "disability_mental_grade")!
    #expect(flags.household.members[0].facts[physical] == .number(Interval(exactly: 2)))
    #expect(flags.household.members[0].facts[mental] == .number(Interval(exactly: 0)))
  }

  @Test func choicesByValueLabelOrNumber() throws {
    let employment = try #require(Fixtures.vocabulary["employment"])
    #expect(try employment.parseEveryday("self_employed", asOf: nil) == .text("self_employed"))
    #expect(try employment.parseEveryday("自営業", asOf: nil) == .text("self_employed"))
    #expect(try employment.parseEveryday("2", asOf: nil) == .text("employee"))
    #expect(try employment.parseEveryday("わからない", asOf: nil) == nil)
    #expect(throws: EverydayInputError.self) { try employment.parseEveryday("astronaut", asOf: nil) }
  }
}

@Suite struct CatalogTests {
  @Test func theBundledCatalogCompilesAndLintsClean() {
    let (catalog, files) = Fixtures.compiled
    #expect(catalog.measures.count >= 4)
    let diagnostics = CatalogLint.check(catalog, files: files)
    #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
    // The national measures that still cite no national authority's page first: known gaps, listed so that a new one
    // fails here (no go.jp page for them was found in the stored copies).
    let gaps = diagnostics.filter { $0.severity == .warning }.map(\.file).sorted()
    #expect(
      gaps
        == [
          "catalog/measures/child-family-center.json", "catalog/measures/maternity-allowance.json",
          "catalog/measures/prenatal-checkup-subsidy.json", "catalog/measures/single-parent-medical-subsidy.json",
          "catalog/measures/social-welfare-council-consultation.json",
        ], "\(diagnostics)")
    for id in [
      "child-allowance", "child-support-allowance", "special-child-rearing-allowance",
      "disabled-child-welfare-allowance",
    ] {
      #expect(catalog.measure(id: id) != nil, "\(id)")
    }
  }

  @Test func theCompiledFormRoundTripsAndAnswersTheSame() throws {
    let catalog = Fixtures.catalog
    let bytes = CatalogBinary.encode(catalog)
    let decoded = try CatalogBinary.decode(bytes)
    #expect(decoded.digest == catalog.digest)
    #expect(decoded.measures.map(\.id) == catalog.measures.map(\.id))
    #expect(CatalogBinary.encode(decoded) == bytes)
    let household = try Fixtures.household(
      String(decoding: try readFile(Fixtures.resources + "/examples/koga-single-parent.json"), as: UTF8.self))
    let asOf = Fixtures.date("2025-06-01")
    let before = Matcher(catalog: catalog).match(household, asOf: asOf, municipality: nil)
    let after = Matcher(catalog: decoded).match(household, asOf: asOf, municipality: nil)
    #expect(before.map(\.status) == after.map(\.status))
    #expect(before.map(\.amount) == after.map(\.amount))
  }

  @Test func damagedCompiledFormsAreRefusedNotCrashedOn() throws {
    let bytes = CatalogBinary.encode(Fixtures.catalog)
    // Every truncation, and a spread of single-byte changes, decode to an error or to a valid catalog.
    for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)) {
      #expect(throws: CatalogBinary.DecodeError.self) { try CatalogBinary.decode(Array(bytes[..<cut])) }
    }
    // What still decodes is evaluated too: a changed byte may turn a rule into one the type checker would refuse.
    let household = try? Fixtures.household(#"{"members": [{"role": "self", "age": 30}, {"role": "child", "age": 3}]}"#)
    for position in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
      var damaged = bytes
      damaged[position] ^= 0xFF
      guard let decoded = try? CatalogBinary.decode(damaged), let household else { continue }
      _ = Matcher(catalog: decoded).match(household, asOf: Fixtures.date("2025-06-01"), municipality: nil)
    }
  }

  /// A database from elsewhere is held to what the compiler would have made: each built-in with its own number of
  /// arguments, and no rule beyond the cost limit.
  @Test func rulesTheCompilerCouldNotHaveMadeAreRefused() throws {
    let one = Expr.constant(.number(Interval(exactly: 1)))
    var catalog = Fixtures.catalog
    catalog.measures[0].conditions[0].rule.expr = .builtin(.range, [one])
    #expect(throws: CatalogBinary.DecodeError.self) { try CatalogBinary.decode(CatalogBinary.encode(catalog)) }
    catalog = Fixtures.catalog
    // Three loops around 81 parts: about 64³ × 82 = 21.5 million steps.
    var body = Expr.memberFact(slot: 2, fact: 0)
    for _ in 0..<40 { body = .binary(.add, body, .memberFact(slot: 2, fact: 0)) }
    for slot in [2, 1, 0] { body = .aggregate(.sum, slot: slot, filter: nil, body: body) }
    catalog.measures[0].conditions[0].rule = CompiledRule(
      expr: .binary(.greater, body, one), type: .bool, frameSize: 3, source: RuleSource("costly"))
    #expect(RuleCost.of(catalog.measures[0].conditions[0].rule.expr) > RuleCost.maxPerRule)
    #expect(throws: CatalogBinary.DecodeError.self) { try CatalogBinary.decode(CatalogBinary.encode(catalog)) }
  }

  /// A rule whose parts have the wrong types (only an edited database can hold one) reads as unknown: the measure is
  /// open, and nothing stops.
  @Test func aRuleOfTheWrongTypeReadsAsUnknown() throws {
    var catalog = Fixtures.catalog
    let index = try #require(catalog.measures.firstIndex { $0.id == "child-allowance" })
    catalog.measures[index].conditions[0].rule.expr = .not(.constant(.number(Interval(exactly: 1))))
    catalog.measures[index].amount?.rule.expr = .binary(.add, .constant(.truth(.yes)), .constant(.text("x")))
    let decoded = try CatalogBinary.decode(CatalogBinary.encode(catalog))
    let household = try Fixtures.household(#"{"members": [{"role": "self", "age": 30}, {"role": "child", "age": 3}]}"#)
    let results = Matcher(catalog: decoded).match(household, asOf: Fixtures.date("2025-06-01"), municipality: nil)
    #expect(results.first { $0.measure.id == "child-allowance" }?.status == .maybe)
  }

  @Test func aDefinitionThatCallsItselfIsRefused() throws {
    var catalog = Fixtures.catalog
    let index = 0
    catalog.library.definitions[index].rule.expr = .definition(index, argument: nil)
    #expect(throws: CatalogBinary.DecodeError.self) { try CatalogBinary.decode(CatalogBinary.encode(catalog)) }
  }

  @Test func databaseRoundTrip() throws {
    let (catalog, files) = Fixtures.compiled
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "shien-catalog-test-\(UUID().uuidString).sqlite"
    ).path
    defer { removeFile(path) }
    try CatalogDatabase.write(catalog, sources: files, to: path)
    let (db, header) = try CatalogDatabase.header(at: path)
    #expect(header.digest == catalog.digest)
    #expect(header.schemaVersion == CatalogDatabase.schemaVersion)
    let loaded = try CatalogDatabase.load(from: db, header: header, path: path)
    #expect(loaded.measures.count == catalog.measures.count)
    // The normalised tables and the full-text index are there for SQL users and for search.
    let count = try db.makeStatement(sql: "SELECT count(*) FROM search WHERE text MATCH '児童扶養'").rows()
    #expect(count.first?.first != .integer(0))
  }

  @Test(arguments: [("古賀市", "40223"), ("40223", "40223"), ("402231", "40223"), ("福岡県古賀市", "40223"), ("４０２２３", "40223")])
  func municipalitiesByNameOrCode(text: String, code: String) throws {
    #expect(try Fixtures.catalog.municipality(matching: text).code == code)
  }

  @Test func ambiguousMunicipalityNeedsThePrefecture() throws {
    #expect(throws: MunicipalityError.self) { try Fixtures.catalog.municipality(matching: "府中市") }
    #expect(try Fixtures.catalog.municipality(matching: "府中市", prefecture: "東京都").code == "13206")
  }
}

@Suite struct SHA256Tests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
  ])
  func knownVectors(text: String, digest: String) {
    var hash = SHA256()
    hash.update(text)
    #expect(hash.finalizeHex() == digest)
  }

  @Test func chunksDoNotMatter() {
    let bytes = Array((0..<1000).map { UInt8($0 % 251) })
    var whole = SHA256()
    whole.update(bytes)
    var pieces = SHA256()
    for chunk in stride(from: 0, to: bytes.count, by: 37) {
      pieces.update(Array(bytes[chunk..<min(chunk + 37, bytes.count)]))
    }
    #expect(whole.finalizeHex() == pieces.finalizeHex())
  }
}

@Suite struct DeadlineRuleTests {
  @Test(arguments: [
    // 児童手当: 15 days from the day after the birth.
    ("2026-01-10", Measure.Due.Length.days(15), Measure.Due.Start.dayAfter, "2026-01-25"),
    // 出生届: 14 days counting the day of birth.
    ("2026-01-10", .days(14), .eventDay, "2026-01-23"),
    // 出産育児一時金: 2 years from the day after the birth.
    ("2026-01-10", .years(2), .dayAfter, "2028-01-10"),
    // A month from 31 January counting that day: February has no 31st, so the period ends on its last day.
    ("2026-01-31", .months(1), .eventDay, "2026-02-28"),
    ("2026-01-30", .months(1), .dayAfter, "2026-02-28"),
    ("2026-01-15", .months(1), .eventDay, "2026-02-14"),
  ])
  func lastDay(event: String, length: Measure.Due.Length, start: Measure.Due.Start, expected: String) {
    let due = Measure.Due(events: ["birth"], length: length, start: start, movesPastClosedDays: false)
    #expect(due.lastDay(after: Fixtures.date(event)) == Fixtures.date(expected))
  }

  @Test func theBundledChildAllowanceCarriesItsRule() throws {
    let due = try #require(Fixtures.catalog.measure(id: "child-allowance")?.procedure.due)
    #expect(due.events == ["birth", "move-in"])
    #expect(due.length == .days(15))
    #expect(due.movesPastClosedDays)
  }

  @Test(arguments: [
    (
      "\"events\": [\n    \"birth\"", "\"events\": [\n    \"brith\"",
      "unknown life event 'brith'; did you mean 'birth'?"
    ),
    (
      #""counting": "day-after""#, #""counting": "next-day""#,
      "'counting' is 'event-day' or 'day-after', not 'next-day'"
    ),
    (#""days": 15,"#, #""days": 15, "years": 1,"#, "a deadline rule has exactly one of 'days', 'months' or 'years'"),
    (#""after": ["birth", "move-in"]"#, #""after": ["birth", "moving"]"#, "expected a life event id in 'after'"),
  ])
  func mistakesAreDiagnosedInPlace(original: String, replacement: String, message: String) throws {
    var files = Fixtures.compiled.files
    let index = try #require(files.firstIndex { $0.path == "catalog/measures/child-allowance.json" })
    let text = String(decoding: files[index].bytes, as: UTF8.self)
    #expect(text.contains(original))
    files[index].bytes = Array(text.replacingOccurrences(of: original, with: replacement).utf8)
    var compiler = CatalogCompiler()
    _ = compiler.compile(files)
    #expect(compiler.diagnostics.contains { $0.message.hasPrefix(message) && $0.file == files[index].path })
  }
}
