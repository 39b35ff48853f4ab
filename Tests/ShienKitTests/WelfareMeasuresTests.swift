import Testing

@testable import ShienMatching
@testable import ShienRender

/// One household checked against one measure on one date, with what a resident should see: the status and, where
/// the measure pays or waives money, the amount range.
struct WelfareCase: Sendable, CustomTestStringConvertible {
  var measure: String
  var label: String
  var asOf: String
  var household: String
  var status: MeasureResult.Status
  var amount: ClosedRange<Double>?

  init(
    _ measure: String, _ label: String, on asOf: String, _ household: String, _ status: MeasureResult.Status,
    _ amount: ClosedRange<Double>? = nil
  ) {
    self.measure = measure
    self.label = label
    self.asOf = asOf
    self.household = household
    self.status = status
    self.amount = amount
  }

  var testDescription: String { "\(measure): \(label) (\(asOf))" }

  /// Matches the household against the bundled catalog and checks status and amount.
  func check() throws {
    let household = try Fixtures.household(household)
    let results = Matcher(catalog: Fixtures.catalog).match(
      household, asOf: Fixtures.date(asOf), municipality: nil, only: [measure])
    let result = try #require(results.first, "\(measure) is not in force on \(asOf)")
    #expect(result.status == status, "why: \(result.why.map { "\($0.text.text(.ja)) \($0.holds)" })")
    if let amount {
      let got = try #require(result.amount)
      #expect(got.min == amount.lowerBound && got.max == amount.upperBound, "got \(got.min)…\(got.max)")
      #expect(got.isVerified)
    } else {
      #expect(
        result.amount == nil || status == .ineligible, "expected no amount, got \(String(describing: result.amount))")
    }
    if status == .maybe { #expect(!result.missing.isEmpty, "a maybe must say which facts would settle it") }
  }
}

/// Nobody in these members holds a disability certificate.
private let noCertificate =
  #""disability_physical_grade": 0, "disability_mental_grade": 0, "disability_intellectual_grade": "none""#

@Suite struct PensionMeasuresTests {
  static let cases: [WelfareCase] = [
    // 障害基礎年金: 精神2級 ≈ 年金2級; one child under 18 adds the child add-on. R6 (OFJ) and R7 (富士市) values.
    WelfareCase(
      "disability-basic-pension", "mental grade 2 with a child", on: "2025-06-01",
      #"{"members": [{"role": "self", "birth_date": "1985-05-01", "disability_mental_grade": 2, "disability_physical_grade": 0, "disability_intellectual_grade": "none"}, {"role": "child", "birth_date": "2015-05-01"}]}"#,
      .eligible, 1_071_000...1_071_000),  // 831,700 + 239,300
    WelfareCase(
      "disability-basic-pension", "mental grade 2 with a child, FY2024", on: "2024-06-01",
      #"{"members": [{"role": "self", "birth_date": "1985-05-01", "disability_mental_grade": 2, "disability_physical_grade": 0, "disability_intellectual_grade": "none"}, {"role": "child", "birth_date": "2015-05-01"}]}"#,
      .eligible, 1_050_800...1_050_800),  // 816,000 + 234,800
    WelfareCase(
      "disability-basic-pension", "physical grade 1, born before 2 April 1956: 0 up to grade 1", on: "2025-06-01",
      #"{"members": [{"role": "self", "birth_date": "1950-01-01", "disability_physical_grade": 1, "disability_mental_grade": 0, "disability_intellectual_grade": "none"}]}"#,
      .eligible, 0...1_036_625),
    WelfareCase(
      "disability-basic-pension", "three children: two at 239,300, the third at 79,800", on: "2025-06-01",
      #"{"members": [{"role": "self", "birth_date": "1985-05-01", "disability_mental_grade": 1}, {"role": "child", "age": 10}, {"role": "child", "age": 8}, {"role": "child", "age": 5}]}"#,
      .eligible, 1_598_025...1_598_025),  // 1,039,625 + 2 × 239,300 + 79,800
    WelfareCase(
      "disability-basic-pension", "a disabled child of 19 gets nothing yet", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 45, \#(noCertificate)}, {"role": "child", "age": 19, "disability_mental_grade": 1}]}"#,
      .ineligible),
    WelfareCase(
      "disability-basic-pension", "certificates unknown", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 30}]}"#,
      .maybe, 0...1_039_625),
    WelfareCase(
      "disability-basic-pension", "no certificate", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 30, \#(noCertificate)}]}"#, .ineligible),

    // 国民年金保険料の免除: 所得 950,000 ≤ (2 + 1) × 350,000 + 320,000 → full exemption for both parents.
    WelfareCase(
      "national-pension-exemption", "low income, both parents on 国保: full", on: "2025-06-01", lowIncomeCouple,
      .eligible, 35_020...35_020),
    WelfareCase(
      "national-pension-exemption", "same household, FY2026 premium", on: "2026-06-01", lowIncomeCouple, .eligible,
      35_840...35_840),
    // 所得 2,020,000 ≤ 1,280,000 + 2 × 380,000 → half for each parent: 17,510 / 2 = 8,755, rounded either way.
    WelfareCase(
      "national-pension-exemption", "所得 2,020,000 with 2 dependants: half", on: "2025-06-01",
      #"{"public_assistance": false, "members": [{"role": "self", "age": 35, "income": 3000000, "employment": "employee", "health_insurance": "national", "student": false}, {"role": "spouse", "age": 34, "income": 0, "employment": "none", "health_insurance": "national", "student": false}, {"role": "child", "age": 7}]}"#,
      .eligible, 17_500...17_520),
    WelfareCase(
      "national-pension-exemption", "adult child of a high earner: deferral", on: "2025-06-01",
      #"{"public_assistance": false, "members": [{"role": "self", "age": 55, "income": 8000000, "employment": "employee", "health_insurance": "employee", "student": false}, {"role": "child", "age": 25, "income": 0, "employment": "none", "health_insurance": "dependant", "student": false}]}"#,
      .eligible, 17_510...17_510),
    WelfareCase(
      "national-pension-exemption", "on public assistance: statutory exemption", on: "2025-06-01",
      #"{"public_assistance": true, "members": [{"role": "self", "age": 45, "health_insurance": "none", "student": false}]}"#,
      .eligible, 17_510...17_510),
    WelfareCase(
      "national-pension-exemption", "所得 4,360,000 alone", on: "2025-06-01",
      #"{"public_assistance": false, "members": [{"role": "self", "age": 40, "income": 6000000, "employment": "employee", "health_insurance": "national", "student": false}]}"#,
      .ineligible),
    WelfareCase(
      "national-pension-exemption", "employee insurance: not category 1", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 40, "income": 0, "health_insurance": "employee"}]}"#, .ineligible),
    WelfareCase(
      "national-pension-exemption", "insurance unknown", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 35, "income": 0, "employment": "none"}]}"#, .maybe, 0...17_510),

    // 学生納付特例: 所得 = 1,000,000 − 550,000 = 450,000 ≤ 1,280,000.
    WelfareCase(
      "student-pension-deferral", "student living alone, 100万", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 21, "income": 1000000, "employment": "employee", "student": true, "health_insurance": "dependant"}]}"#,
      .eligible, 17_510...17_510),
    WelfareCase(
      "student-pension-deferral", "university child of a family on 国保", on: "2026-06-01",
      #"{"members": [{"role": "self", "age": 50, "health_insurance": "national", "student": false}, {"role": "child", "age": 20, "income": 0, "student": true, "health_insurance": "national"}]}"#,
      .eligible, 17_920...17_920),
    // 所得 = 2,000,000 − (600,000 + 80,000) = 1,320,000 > 1,280,000.
    WelfareCase(
      "student-pension-deferral", "student earning 200万", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 21, "income": 2000000, "employment": "employee", "student": true, "health_insurance": "dependant"}]}"#,
      .ineligible),
    WelfareCase(
      "student-pension-deferral", "student insured through own employer", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 22, "income": 0, "student": true, "health_insurance": "employee"}]}"#,
      .ineligible),
    WelfareCase(
      "student-pension-deferral", "student of 21, insurance unknown", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 21, "income": 0, "student": true}]}"#, .maybe, 0...17_510),

    // 産前産後免除: the monthly premium is waived (4 months).
    WelfareCase(
      "pension-maternity-exemption", "pregnant, on 国保", on: "2026-06-01",
      #"{"members": [{"role": "self", "age": 30, "health_insurance": "national", "pregnancy": "over_6_months"}]}"#,
      .eligible, 17_920...17_920),
    WelfareCase(
      "pension-maternity-exemption", "pregnant, on 国保, FY2024", on: "2024-06-01",
      #"{"members": [{"role": "self", "age": 30, "health_insurance": "national", "pregnancy": "under_6_months"}]}"#,
      .eligible, 16_980...16_980),
    WelfareCase(
      "pension-maternity-exemption", "pregnant dependant wife (category 3)", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 32, "health_insurance": "employee", "pregnancy": "none"}, {"role": "spouse", "age": 30, "health_insurance": "dependant", "pregnancy": "over_6_months"}]}"#,
      .ineligible),
    WelfareCase(
      "pension-maternity-exemption", "on 国保, pregnancy not stated", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 30, "health_insurance": "national"}]}"#, .maybe, 0...17_510),
  ]

  static let lowIncomeCouple =
    #"{"public_assistance": false, "members": [{"role": "self", "age": 35, "income": 1500000, "employment": "employee", "health_insurance": "national", "student": false}, {"role": "spouse", "age": 34, "income": 0, "employment": "none", "health_insurance": "national", "student": false}, {"role": "child", "age": 7}]}"#

  @Test(arguments: cases) func answers(_ item: WelfareCase) throws { try item.check() }

  @Test func theSheetListsOnlyTheMeasuresOwnParameters() throws {
    // 障害基礎年金 and 特別児童扶養手当 both have a parameter named grade_1; each sheet shows its own.
    let measure = try #require(Fixtures.catalog.measure(id: "disability-basic-pension"))
    let sheet = MeasureSheetRenderer(language: .ja, style: TextStyle(useColor: false)).render(
      measure, catalog: Fixtures.catalog, asOf: Fixtures.date("2025-06-01"))
    #expect(sheet.contains("grade_1 = 1,039,625円"))
    #expect(!sheet.contains("56,800円"))
  }

  @Test func documentsFollowTheHousehold() throws {
    let measure = try #require(Fixtures.catalog.measure(id: "national-pension-exemption"))
    func documents(_ json: String) throws -> [String] {
      let result = Matcher(catalog: Fixtures.catalog).match(
        try Fixtures.household(json), asOf: Fixtures.date("2025-06-01"), municipality: nil, only: [measure.id])
      return try #require(result.first).documents.map { $0.name.text(.ja) }
    }
    let assisted = try documents(
      #"{"public_assistance": true, "members": [{"role": "self", "age": 45, "health_insurance": "none", "student": false, "job_seeking": false}]}"#
    )
    #expect(assisted.contains { $0.contains("生活保護決定通知書") })
    #expect(!assisted.contains { $0.contains("離職票") })
    let jobless = try documents(
      #"{"public_assistance": false, "members": [{"role": "self", "age": 45, "income": 0, "employment": "none", "health_insurance": "national", "student": false, "job_seeking": true}]}"#
    )
    #expect(jobless.contains { $0.contains("離職票") })
    #expect(!jobless.contains { $0.contains("生活保護決定通知書") })
  }
}

@Suite struct HealthInsuranceMeasuresTests {
  static let cases: [WelfareCase] = [
    // 国保の軽減 R7: 所得 1,200,000 + 450,000 = 1,650,000 ≤ 430,000 + 560,000 × 4 (and = the 5割 limit).
    WelfareCase(
      "nhi-premium-reduction", "self-employed family of four on 国保", on: "2025-06-01", selfEmployedFamily, .eligible),
    WelfareCase(
      "nhi-premium-reduction", "same family, R6 limits", on: "2024-06-01", selfEmployedFamily, .eligible),
    // 所得 8,000,000 > 430,000 + 560,000.
    WelfareCase(
      "nhi-premium-reduction", "high income alone", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 40, "income": 8000000, "employment": "self_employed", "business_expenses": 0, "health_insurance": "national", "pregnancy": "none"}]}"#,
      .ineligible),
    WelfareCase(
      "nhi-premium-reduction", "high income but pregnant: childbirth reduction", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 33, "income": 8000000, "employment": "self_employed", "business_expenses": 0, "health_insurance": "national", "pregnancy": "over_6_months"}]}"#,
      .eligible),
    WelfareCase(
      "nhi-premium-reduction", "employee insurance", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 40, "income": 0, "health_insurance": "employee"}]}"#, .ineligible),
    WelfareCase(
      "nhi-premium-reduction", "insurance unknown", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 40, "income": 0, "employment": "none"}]}"#, .maybe),

    WelfareCase(
      "high-cost-medical-expense", "in hospital, employee insurance", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 50, "health_insurance": "employee", "hospitalized": true}]}"#, .eligible),
    WelfareCase(
      "high-cost-medical-expense", "not in hospital", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 50, "health_insurance": "national", "hospitalized": false}]}"#, .ineligible
    ),
    WelfareCase(
      "high-cost-medical-expense", "hospital stay not stated", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 50, "health_insurance": "national"}]}"#, .maybe),

    WelfareCase(
      "funeral-expense-benefit", "a 後期高齢者医療 member died", on: "2025-06-01",
      #"{"bereavement": "late_elderly", "members": [{"role": "self", "age": 60}]}"#, .eligible),
    WelfareCase(
      "funeral-expense-benefit", "the deceased had employee insurance (埋葬料 instead)", on: "2025-06-01",
      #"{"bereavement": "employee", "members": [{"role": "self", "age": 60}]}"#, .ineligible),
    WelfareCase(
      "funeral-expense-benefit", "no death in the family", on: "2025-06-01",
      #"{"bereavement": "none", "members": [{"role": "self", "age": 60}]}"#, .ineligible),
    WelfareCase(
      "funeral-expense-benefit", "not stated", on: "2025-06-01", #"{"members": [{"role": "self", "age": 60}]}"#, .maybe),
  ]

  static let selfEmployedFamily =
    #"{"members": [{"role": "self", "age": 45, "income": 2000000, "employment": "self_employed", "business_expenses": 800000, "health_insurance": "national"}, {"role": "spouse", "age": 43, "income": 1000000, "employment": "employee", "health_insurance": "national", "pregnancy": "none"}, {"role": "child", "age": 10, "health_insurance": "national"}, {"role": "child", "age": 7, "health_insurance": "national"}]}"#

  @Test(arguments: cases) func answers(_ item: WelfareCase) throws { try item.check() }

  @Test func theFuneralBenefitDeadlineIsTwoYearsFromTheDayAfter() throws {
    let due = try #require(Fixtures.catalog.measure(id: "funeral-expense-benefit")?.procedure.due)
    #expect(due.events == ["death"])
    #expect(due.length == .years(2))
    #expect(due.start == .dayAfter)
    #expect(!due.movesPastClosedDays)
    #expect(due.lastDay(after: Fixtures.date("2026-01-10")) == Fixtures.date("2028-01-10"))
  }
}

@Suite struct LowIncomeAndWorkMeasuresTests {
  static let cases: [WelfareCase] = [
    WelfareCase(
      "livelihood-welfare-fund-loan", "household exempt from resident tax", on: "2025-06-01",
      #"{"resident_tax_exempt": true, "members": [{"role": "self", "age": 40}]}"#, .eligible),
    WelfareCase(
      "livelihood-welfare-fund-loan", "someone 65 or over", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 70}]}"#, .eligible),
    WelfareCase(
      "livelihood-welfare-fund-loan", "taxed, 40, no certificate", on: "2025-06-01",
      #"{"resident_tax_exempt": false, "members": [{"role": "self", "age": 40, \#(noCertificate)}]}"#, .ineligible),
    WelfareCase(
      "livelihood-welfare-fund-loan", "nothing known but the age", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 40}]}"#, .maybe),

    // 職業訓練受講給付金: 100,000 + up to 42,500 commuting + 10,700 boarding when living apart from family.
    WelfareCase(
      "job-training-benefit", "job seeker without employment insurance, with a child", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 35, "job_seeking": true, "employment_insurance": false, "savings": 500000}, {"role": "child", "age": 7}]}"#,
      .eligible, 100_000...153_200),
    WelfareCase(
      "job-training-benefit", "living alone", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 35, "job_seeking": true, "employment_insurance": false, "savings": 0}]}"#,
      .eligible, 100_000...142_500),
    WelfareCase(
      "job-training-benefit", "covered by employment insurance", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 35, "job_seeking": true, "employment_insurance": true, "savings": 0}]}"#,
      .ineligible),
    WelfareCase(
      "job-training-benefit", "savings over 3 million", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 35, "job_seeking": true, "employment_insurance": false, "savings": 5000000}]}"#,
      .ineligible),
    WelfareCase(
      "job-training-benefit", "savings not stated", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 35, "job_seeking": true, "employment_insurance": false}]}"#, .maybe,
      100_000...142_500),

    WelfareCase(
      "independence-support-consultation", "exempt from resident tax", on: "2025-06-01",
      #"{"resident_tax_exempt": true, "public_assistance": false, "members": [{"role": "self", "age": 40}]}"#, .eligible
    ),
    WelfareCase(
      "independence-support-consultation", "looking for work; the young child is not asked", on: "2025-06-01",
      #"{"resident_tax_exempt": false, "public_assistance": false, "members": [{"role": "self", "age": 40, "job_seeking": true}, {"role": "child", "age": 6}]}"#,
      .eligible),
    WelfareCase(
      "independence-support-consultation", "on public assistance: the welfare office instead", on: "2025-06-01",
      #"{"resident_tax_exempt": true, "public_assistance": true, "members": [{"role": "self", "age": 40}]}"#,
      .ineligible),
    WelfareCase(
      "independence-support-consultation", "no sign of hardship", on: "2025-06-01",
      #"{"resident_tax_exempt": false, "public_assistance": false, "members": [{"role": "self", "age": 40, "job_seeking": false}, {"role": "child", "age": 6}]}"#,
      .ineligible),
    WelfareCase(
      "independence-support-consultation", "nothing stated", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 40}]}"#,
      .maybe),

    WelfareCase(
      "social-welfare-council-consultation", "disability certificate in the household", on: "2025-06-01",
      #"{"members": [{"role": "self", "age": 40}, {"role": "child", "age": 12, "disability_intellectual_grade": "B"}]}"#,
      .eligible),
    WelfareCase(
      "social-welfare-council-consultation", "taxed, 40, no certificate", on: "2025-06-01",
      #"{"resident_tax_exempt": false, "members": [{"role": "self", "age": 40, \#(noCertificate)}]}"#, .ineligible),
  ]

  @Test(arguments: cases) func answers(_ item: WelfareCase) throws { try item.check() }
}
