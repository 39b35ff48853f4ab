import Testing

@testable import ShienCatalog
@testable import ShienMatching
@testable import ShienSupport

/// The catalog keeps time: FY2026 values on their first and last day, series past their expected revision shown as
/// unverified with the missing period named, and the checks `catalog lint` makes on series and sources.
@Suite struct CatalogTimeTests {
  /// A member with the facts these measures read stated (no disability, not a student, not in hospital …).
  static func member(_ role: String, _ birth: String, income: Int = 0, _ facts: String = "") -> String {
    NationalMeasuresTests.member(role, birth, income: income, facts)
  }

  /// The 古賀市 single parent of the issue: two children, the younger with a 1級 physical disability certificate.
  static let kogaSingleParent = NationalMeasuresTests.household([
    member("self", "1988-06-02", income: 2_400_000),
    member("child", "2016-05-10"),
    member("child", "2020-01-20", #""disability_physical_grade": 1"#),
  ])

  static func result(_ measure: String, _ household: String, on date: String) throws -> MeasureResult {
    try NationalMeasuresTests.result(
      NationalMeasuresTests.Case(
        name: measure, measure: measure, asOf: date, household: household, status: .eligible, amount: nil))
  }

  static func amount(_ measure: String, _ household: String, on date: String) throws -> MeasureResult.Amount {
    let result = try result(measure, household, on: date)
    #expect(result.status == .eligible, "\(measure) on \(date): \(result.why.map { ($0.text.text(.ja), $0.holds) })")
    return try #require(result.amount)
  }

  // MARK: The figures in force, on the first and last day of each

  @Test(arguments: [
    // 児童扶養手当 for two children, full payment: R7 46,690 + 11,030, R8 48,050 + 11,350.
    ("child-support-allowance", "2026-03-31", 57_720.0, 57_720.0),
    ("child-support-allowance", "2026-04-01", 59_400, 59_400),
    ("child-support-allowance", "2027-03-31", 59_400, 59_400),
    // 障害児福祉手当 for the child with the 1級 certificate: R7 16,100, R8 16,560.
    ("disabled-child-welfare-allowance", "2026-03-31", 16_100, 16_100),
    ("disabled-child-welfare-allowance", "2026-04-01", 16_560, 16_560),
    ("disabled-child-welfare-allowance", "2027-03-31", 16_560, 16_560),
    // 特別児童扶養手当: 2級 to 1級 (the grade is set at certification): R7 37,830〜56,800, R8 38,930〜58,450.
    ("special-child-rearing-allowance", "2026-03-31", 37_830, 56_800),
    ("special-child-rearing-allowance", "2026-04-01", 38_930, 58_450),
    ("special-child-rearing-allowance", "2027-03-31", 38_930, 58_450),
  ])
  func theKogaSingleParentOnEachSideOfApril(measure: String, date: String, low: Double, high: Double) throws {
    let amount = try Self.amount(measure, Self.kogaSingleParent, on: date)
    #expect(amount.min == low && amount.max == high, "\(measure) on \(date): \(amount)")
    #expect(amount.isVerified, "\(measure) on \(date)")
    #expect(amount.stale.isEmpty)
  }

  @Test(arguments: [("2026-03-31", 29_590.0), ("2026-04-01", 30_450), ("2027-03-31", 30_450)])
  func specialDisabilityAllowanceOnEachSideOfApril(date: String, monthly: Double) throws {
    // Very severe (1級 and 療育A), living at home: the full monthly amount.
    let household = NationalMeasuresTests.household([
      Self.member("self", "1980-01-01", #""disability_physical_grade": 1, "disability_intellectual_grade": "A""#)
    ])
    let amount = try Self.amount("special-disability-allowance", household, on: date)
    #expect(amount.min == monthly && amount.max == monthly)
    #expect(amount.isVerified)
  }

  /// The 本人 income limit of 障害児福祉手当 from 2025-08-01 (令和7年度): 3,604,000 → 3,661,000 with no dependants.
  /// A 19-year-old with a 1級 certificate earning 5,100,000 (所得 3,640,000) passes from that day only.
  @Test(arguments: [("2025-07-31", MeasureResult.Status.ineligible), ("2025-08-01", .eligible)])
  func theRecipientLimitOfAugust2025(date: String, status: MeasureResult.Status) throws {
    let household = NationalMeasuresTests.household([
      Self.member("self", "1975-01-01"),
      Self.member("child", "2006-01-10", income: 5_100_000, #""disability_physical_grade": 1"#),
    ])
    #expect(try Self.result("disabled-child-welfare-allowance", household, on: date).status == status)
  }

  /// Liable relatives' limits for 6 or more dependants are openfisca-japan's only and not used as fact: an income
  /// above the 5-dependant limit is answered maybe, not yes or no.
  @Test func obligorLimitsForSixDependantsAreNotShownAsFact() throws {
    let children = (0..<6).map { Self.member("child", "201\($0)-05-10") }
    let household = NationalMeasuresTests.household(
      [Self.member("self", "1980-01-01", income: 11_000_000)]
        + children.dropLast() + [Self.member("child", "2016-05-10", #""disability_physical_grade": 1"#)])
    let result = try Self.result("disabled-child-welfare-allowance", household, on: "2026-06-01")
    #expect(result.status == .maybe, "\(result.why.map { ($0.text.text(.ja), $0.holds) })")
  }

  @Test(arguments: [
    ("2026-03-31", MeasureResult.Status.ineligible, nil as Double?), ("2026-04-01", .eligible, 38_100),
    ("2027-03-31", .eligible, 38_100),
  ])
  func aPrivateHighSchoolStudentWithAHighIncomeFromApril2026(
    date: String, status: MeasureResult.Status, monthly: Double?
  ) throws {
    let household = NationalMeasuresTests.household([
      Self.member("self", "1978-01-01", income: 15_000_000),
      Self.member(
        "child", "2009-06-01", #""high_school_course": "full_time", "high_school_operator": "private""#),
    ])
    let result = try Self.result("high-school-tuition-support", household, on: date)
    #expect(result.status == status)
    if let monthly {
      #expect(result.amount?.min == monthly && result.amount?.max == monthly)
      // Third-party figures quoting the MEXT notice: shown, and marked 要確認.
      #expect(result.amount?.isVerified == false)
    }
  }

  @Test(arguments: [
    // In force, too young (5 months), the last day (2 days before the 3rd birthday), too old, in a nursery.
    ("2025-04-01", "2026-04-01", false, MeasureResult.Status.eligible),
    ("2025-11-02", "2026-04-01", false, .ineligible),
    ("2023-06-10", "2026-06-08", false, .eligible),
    ("2023-06-10", "2026-06-09", false, .ineligible),
    ("2025-04-01", "2026-06-01", true, .ineligible),
  ])
  func everyChildCanAttendFromApril2026(born: String, date: String, inNursery: Bool, status: MeasureResult.Status)
    throws
  {
    let household =
      #"{"members": [{"role": "self", "age": 33}, {"role": "child", "birth_date": "\#(born)", "in_nursery": \#(inNursery)}]}"#
    let result = try Self.result("universal-childcare-access", household, on: date)
    #expect(result.status == status, "\(result.why.map { ($0.text.text(.ja), $0.holds) })")
    #expect(result.amount == nil, "a service, not money")
  }

  @Test func theNewDaycareIsNotListedBeforeApril2026() throws {
    let household = try Fixtures.household(
      #"{"members": [{"role": "self", "age": 33}, {"role": "child", "birth_date": "2025-04-01", "in_nursery": false}]}"#
    )
    let results = Matcher(catalog: Fixtures.catalog).match(
      household, asOf: Fixtures.date("2026-03-31"), municipality: nil, only: ["universal-childcare-access"])
    #expect(results.isEmpty)
  }

  @Test func aOneYearOldAtHomeWhoseNurseryIsNotSaidIsAskedAbout() throws {
    let household = #"{"members": [{"role": "self", "age": 33}, {"role": "child", "birth_date": "2025-04-01"}]}"#
    let result = try Self.result("universal-childcare-access", household, on: "2026-06-01")
    #expect(result.status == .maybe)
    #expect(result.missing.map { Fixtures.catalog.vocabulary.facts[$0.fact].id } == ["in_nursery"])
  }

  // MARK: A figure past its revision is never shown as current

  /// Every series declared revised: current the day before its next expected revision, stale on that day and the
  /// day after (no newer value), naming the missing period; a date in the past is unaffected.
  @Test func everyRevisedSeriesGoesStaleOnItsRevisionDay() throws {
    let revised = Fixtures.catalog.library.parameters.filter { $0.revision != nil }
    #expect(revised.count >= 20)
    for parameter in revised {
      let last = try #require(parameter.periods.last, "\(parameter.name)")
      #expect(last.through == nil, "\(parameter.name): a revised series ends open")
      let due = parameter.revision!.next(after: last.from)
      #expect(parameter.stale(on: due.adding(days: -1)) == nil, "\(parameter.name)")
      for day in [due, due.adding(days: 1)] {
        let stale = try #require(parameter.stale(on: day), "\(parameter.name) on \(day)")
        #expect(stale.missingFrom == due && stale.shownFrom == last.from)
      }
      #expect(parameter.stale(on: last.from) == nil)
      for period in parameter.periods.dropLast() { #expect(parameter.stale(on: period.from) == nil) }
    }
  }

  /// The yearly-revised amounts of the CPI-indexed allowances, for a household that gets each: verified on the last
  /// day of FY2026, unverified from the first day of FY2027, with the note naming the year the catalog lacks.
  @Test(arguments: ["child-support-allowance", "disabled-child-welfare-allowance", "special-child-rearing-allowance"])
  func everyYearlyRevisedAmountFlipsToUnverified(measure: String) throws {
    let before = try Self.amount(measure, Self.kogaSingleParent, on: "2027-03-31")
    #expect(before.isVerified && before.stale.isEmpty)
    for date in ["2027-04-01", "2027-04-02", "2027-05-01"] {
      let after = try Self.amount(measure, Self.kogaSingleParent, on: date)
      #expect(after.min == before.min && after.max == before.max, "the last value is still used")
      #expect(!after.isVerified)
      #expect(!after.stale.isEmpty)
      for stale in after.stale {
        #expect(stale.missingFrom == Fixtures.date("2027-04-01"))
        #expect(stale.note(.ja).hasSuffix("：令和9年度の額が未収録のため、令和8年度の額で表示しています"))
        #expect(
          stale.note(.en).contains("the value for FY2027 is not in the catalog yet; the value for FY2026 is shown"))
        #expect(stale.note(.jaEasy).contains("2027ねんど の がく が まだ ありません"))
      }
    }
  }

  @Test func pensionAndSpecialDisabilityFlipToo() throws {
    let household = NationalMeasuresTests.household([
      Self.member("self", "1980-01-01", #""disability_physical_grade": 1, "disability_intellectual_grade": "A""#)
    ])
    #expect(try Self.amount("special-disability-allowance", household, on: "2027-03-31").stale.isEmpty)
    #expect(
      try Self.amount("special-disability-allowance", household, on: "2027-04-01").stale.map(\.name) == ["monthly"])
    #expect(try Self.amount("disability-basic-pension", household, on: "2027-03-31").stale.isEmpty)
    let pension = try Self.amount("disability-basic-pension", household, on: "2027-04-01")
    #expect(!pension.isVerified && pension.stale.contains { $0.name == "grade_1" })
  }

  /// Only what a result reads counts: a full 児童扶養手当 does not read the partial-payment coefficients (whose
  /// R8 values were not found), a partial one does and says so.
  @Test func onlyTheSeriesAResultReadsMakeItUnverified() throws {
    let full = try Self.amount("child-support-allowance", Self.kogaSingleParent, on: "2026-06-01")
    #expect(full.isVerified && full.stale.isEmpty)
    let partial = NationalMeasuresTests.household([
      Self.member("self", "1988-06-02", income: 3_000_000), Self.member("child", "2016-05-10"),
    ])
    let amount = try Self.amount("child-support-allowance", partial, on: "2026-06-01")
    #expect(amount.min > 11_340 && amount.max < 48_040)
    #expect(!amount.isVerified)
    #expect(amount.stale.map(\.name) == ["first_coefficient"])
    #expect(amount.stale.first?.note(.ja).hasSuffix("：令和8年度の値が未収録のため、令和7年度の値で表示しています") == true)
  }

  @Test func anAugustSeriesNamesTheMonth() throws {
    let parameter = try #require(Fixtures.catalog.library.parameters.first { $0.name == "wage_cap" })
    let stale = try #require(parameter.stale(on: Fixtures.date("2027-08-01")))
    #expect(stale.note(.ja) == "休業開始時賃金月額の上限：令和9年8月からの額が未収録のため、令和8年8月からの額で表示しています")
    #expect(parameter.stale(on: Fixtures.date("2027-07-31")) == nil)
  }

  @Test func theAuditListsStaleSeriesWithTheDayTheyWentStale() {
    let lines = CatalogLint.audit(Fixtures.catalog, today: Fixtures.date("2027-05-01"))
    for (name, file) in [
      ("first_full", "child-support-allowance"), ("grade_1", "special-child-rearing-allowance"),
      ("monthly", "disabled-child-welfare-allowance"), ("monthly", "special-disability-allowance"),
    ] {
      #expect(
        lines.contains {
          $0.hasPrefix("parameter '\(name)' (revised each 1 April): stale since 2027-04-01;")
            && $0.hasSuffix("(catalog/measures/\(file).json)")
        }, "\(name) of \(file)")
    }
    // A year earlier only the series whose FY2026 value was not found are stale.
    let earlier = CatalogLint.audit(Fixtures.catalog, today: Fixtures.date("2026-06-01")).filter {
      $0.contains("stale since")
    }
    #expect(earlier.contains { $0.hasPrefix("parameter 'first_coefficient'") && $0.contains("stale since 2026-04-01") })
    #expect(!earlier.contains { $0.hasPrefix("parameter 'first_full'") })
  }

  // MARK: Lint

  static func diagnostics(replacing original: String, with replacement: String, in path: String) throws -> [Diagnostic]
  {
    var files = Fixtures.compiled.files
    let index = try #require(files.firstIndex { $0.path == path })
    let text = String(decoding: files[index].bytes, as: UTF8.self)
    #expect(text.contains(original), "\(original)")
    files[index].bytes = Array(text.replacingOccurrences(of: original, with: replacement).utf8)
    var compiler = CatalogCompiler()
    let catalog = compiler.compile(files)
    return compiler.diagnostics + (catalog.map { CatalogLint.check($0, files: files) } ?? [])
  }

  @Test(arguments: [
    (
      #""revised": {"each": "04-01", "by": "全国消費者物価指数による自動改定（物価スライド）"}, "description": "全部支給の月額（第1子）""#,
      #""revised": true, "description": "全部支給の月額（第1子）""#,
      "parameter 'first_full' is declared revised but has no rhythm"
    ),
    (
      #""revised": {"each": "04-01", "by": "全国消費者物価指数による自動改定（物価スライド）"}, "description": "全部支給の月額（第1子）""#,
      #""revised": {"by": "物価スライド"}, "description": "全部支給の月額（第1子）""#,
      "parameter 'first_full' is declared revised but has no rhythm"
    ),
    (
      #""revised": {"each": "04-01", "by": "全国消費者物価指数による自動改定（物価スライド）"}, "description": "全部支給の月額（第1子）""#,
      #""revised": {"each": "4月1日"}, "description": "全部支給の月額（第1子）""#, "'each' is a month and day, MM-DD"
    ),
    (
      #"{"from": "2024-04-01", "value": 45500,"#, #"{"from": "2024-04-01", "through": "2025-04-30", "value": 45500,"#,
      "parameter 'first_full': the period from 2024-04-01 through 2025-04-30 overlaps the one from 2025-04-01"
    ),
    (
      #""url": "https://www.city.hirado.nagasaki.jp/kurashi/learn/childcare/jifu.html""#,
      #""url": "https://www.city.hirado.nagasaki.jp/""#,
      "source 'https://www.city.hirado.nagasaki.jp/' is a home page"
    ),
    (
      #""checked": "2026-11-22"}"#, #""checked": "2026-11-22", "read": false}"#,
      "a source that was not read has no 'checked' date"
    ),
    (#""read": false, "kind": "official""#, #""read": false, "kind": "rumour""#, "a source's 'kind' is one of"),
  ])
  func lintRefuses(original: String, replacement: String, message: String) throws {
    let found = try Self.diagnostics(
      replacing: original, with: replacement, in: "catalog/measures/child-support-allowance.json")
    #expect(
      found.contains { $0.severity == .error && $0.message.hasPrefix(message) }, "\(found.map(\.message))")
  }

  @Test func aNationalMeasureCitingACityFirstIsWarned() throws {
    let found = try Self.diagnostics(
      replacing: #""url": "https://www.cfa.go.jp/policies/hitori-oya/fuyou-teate/""#,
      with: #""url": "https://www.city.example.lg.jp/fuyou-teate.html""#,
      in: "catalog/measures/child-support-allowance.json")
    #expect(
      found.contains {
        $0.severity == .warning && $0.message.hasPrefix("national measure 'child-support-allowance' cites")
      })
  }

  @Test(arguments: [
    ("https://www.town.tohoku.lg.jp/", true), ("https://rikon.astral-law.com", true),
    ("https://www.city.example.jp/index.html", true), ("https://www.mext.go.jp/kyufu/index.htm", false),
    ("https://www.city.koga.fukuoka.jp/cityhall/work/kosodate/018.php", false),
  ])
  func homePages(url: String, isHome: Bool) {
    #expect(SourceLint.isHomePage(url) == isHome)
  }

  @Test(arguments: [
    ("https://www.cfa.go.jp/policies/x", true), ("https://laws.e-gov.go.jp/law/1", true),
    ("https://corona-support.mhlw.go.jp/a.html", true), ("https://www.city.koga.fukuoka.jp/a.php", false),
    ("https://go.jp.example.com/a", false),
  ])
  func nationalAuthorities(url: String, isNational: Bool) {
    #expect(SourceLint.isNationalAuthority(url) == isNational)
  }

  @Test func theCoreMeasuresCiteAGoJpPageFirst() throws {
    for id in [
      "child-allowance", "child-support-allowance", "special-child-rearing-allowance",
      "disabled-child-welfare-allowance",
      "special-disability-allowance", "high-school-tuition-support", "high-school-scholarship-benefit",
      "school-expense-aid", "higher-education-support", "housing-security-benefit", "public-assistance",
      "childbirth-lump-sum", "pregnancy-support-benefit", "universal-childcare-access",
    ] {
      let measure = try #require(Fixtures.catalog.measure(id: id))
      let first = try #require(measure.sources.first)
      #expect(SourceLint.isNationalAuthority(first.url), "\(id): \(first.url)")
    }
  }
}
