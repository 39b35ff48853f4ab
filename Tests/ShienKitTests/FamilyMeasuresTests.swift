import Testing

@testable import ShienMatching
@testable import ShienRender

/// One household against one measure at a date: the status and the amount a user would see.
struct MeasureCase: CustomTestStringConvertible, Sendable {
  var name: String
  var measure: String
  var asOf: String
  var household: String
  /// nil when the measure is not in force on `asOf` (not listed at all).
  var status: MeasureResult.Status?
  /// The amount's range; nil when the measure pays no stated amount (or is not eligible).
  var amount: ClosedRange<Double>?

  init(
    _ name: String, _ measure: String, _ asOf: String, _ household: String, _ status: MeasureResult.Status?,
    _ amount: ClosedRange<Double>? = nil
  ) {
    self.name = name
    self.measure = measure
    self.asOf = asOf
    self.household = household
    self.status = status
    self.amount = amount
  }

  var testDescription: String { "\(measure): \(name)" }

  func check() throws {
    let household = try Fixtures.household(self.household)
    let results = Matcher(catalog: Fixtures.catalog).match(
      household, asOf: Fixtures.date(asOf), municipality: nil, only: [measure])
    #expect(results.first?.status == status, "status")
    if let amount {
      let found = try #require(results.first?.amount, "an amount")
      #expect(found.min == amount.lowerBound, "minimum")
      #expect(found.max == amount.upperBound, "maximum")
    } else {
      #expect(results.first?.amount == nil, "no amount")
    }
  }
}

/// Member facts saying that nobody holds a disability certificate (so the 児童扶養手当 income test is exact).
private let noCertificates =
  #""disability_physical_grade": 0, "disability_intellectual_grade": "none", "disability_mental_grade": 0"#

/// Pregnancy, birth and the employment-insurance benefits around them.
@Suite struct BirthMeasuresTests {
  static let cases: [MeasureCase] = [
    // 出産育児一時金: 500,000 per child from births on 2023-04-01 (488,000 outside the compensation scheme); 2 years.
    MeasureCase(
      "pregnant, on National Health Insurance", "childbirth-lump-sum", "2025-06-01",
      #"{"members": [{"role": "self", "age": 30, "pregnancy": "over_6_months", "health_insurance": "national"}]}"#,
      .eligible, 488_000...500_000),
    MeasureCase(
      "a birth in March 2023 is paid at the old amount", "childbirth-lump-sum", "2024-06-01",
      #"{"members": [{"role": "self", "age": 30, "pregnancy": "postpartum", "health_insurance": "national"},"#
        + #" {"role": "child", "birth_date": "2023-03-15"}]}"#,
      .eligible, 408_000...420_000),
    MeasureCase(
      "a birth without the insurance stated", "childbirth-lump-sum", "2025-06-01",
      #"{"members": [{"role": "self", "age": 30}, {"role": "child", "birth_date": "2025-01-10"}]}"#,
      .maybe, 488_000...500_000),
    MeasureCase(
      "the last day of the 2 years", "childbirth-lump-sum", "2025-05-15",
      #"{"members": [{"role": "self", "age": 30, "pregnancy": "none", "health_insurance": "employee"},"#
        + #" {"role": "child", "birth_date": "2023-05-15"}]}"#,
      .eligible, 488_000...500_000),
    MeasureCase(
      "the day after the 2 years", "childbirth-lump-sum", "2025-05-16",
      #"{"members": [{"role": "self", "age": 30, "pregnancy": "none", "health_insurance": "employee"},"#
        + #" {"role": "child", "birth_date": "2023-05-15"}]}"#,
      .ineligible),
    MeasureCase(
      "pregnant with no health insurance (public assistance pays 出産扶助)", "childbirth-lump-sum", "2025-06-01",
      #"{"members": [{"role": "self", "age": 30, "pregnancy": "under_6_months", "health_insurance": "none"}]}"#,
      .ineligible),

    // 出産手当金: 2/3 of the standard daily wage; estimate 3,600,000 ÷ 12 ÷ 30 × 2/3 = 6,666 yen a day.
    MeasureCase(
      "pregnant employee", "maternity-allowance", "2025-06-01",
      #"{"members": [{"role": "self", "age": 30, "income": 3600000, "pregnancy": "over_6_months","#
        + #" "health_insurance": "employee"}]}"#,
      .eligible, 6666...6666),
    MeasureCase(
      "within 56 days after the birth", "maternity-allowance", "2025-06-01",
      #"{"members": [{"role": "self", "age": 30, "income": 3600000, "pregnancy": "postpartum","#
        + #" "health_insurance": "employee"}, {"role": "child", "birth_date": "2025-05-01"}]}"#,
      .eligible, 6666...6666),
    MeasureCase(
      "60 days after the birth", "maternity-allowance", "2025-06-30",
      #"{"members": [{"role": "self", "age": 30, "income": 3600000, "pregnancy": "postpartum","#
        + #" "health_insurance": "employee"}, {"role": "child", "birth_date": "2025-05-01"}]}"#,
      .ineligible),
    MeasureCase(
      "pregnant, insurance not stated", "maternity-allowance", "2025-06-01",
      #"{"members": [{"role": "self", "age": 30, "income": 3600000, "pregnancy": "over_6_months"}]}"#,
      .maybe, 0...6666),
    MeasureCase(
      "a dependant of her husband's insurance gets none", "maternity-allowance", "2025-06-01",
      #"{"members": [{"role": "self", "age": 32, "pregnancy": "none", "health_insurance": "employee"},"#
        + #" {"role": "spouse", "age": 30, "pregnancy": "over_6_months", "health_insurance": "dependant"}]}"#,
      .ineligible),

    // 妊婦のための支援給付: from 2025-04-01, 50,000 + 50,000 per foetus.
    MeasureCase(
      "pregnant", "pregnancy-support-benefit", "2025-06-01",
      #"{"members": [{"role": "self", "age": 30, "pregnancy": "under_6_months"}]}"#, .eligible, 100_000...100_000),
    MeasureCase(
      "after a birth in May 2025, the second payment", "pregnancy-support-benefit", "2025-08-01",
      #"{"members": [{"role": "self", "age": 30, "pregnancy": "postpartum"}, {"role": "child", "birth_date": "2025-05-01"}]}"#,
      .eligible, 50_000...50_000),
    MeasureCase(
      "a birth in March 2025 falls under the former scheme", "pregnancy-support-benefit", "2025-08-01",
      #"{"members": [{"role": "self", "age": 30, "pregnancy": "postpartum"}, {"role": "child", "birth_date": "2025-03-01"}]}"#,
      .ineligible),
    MeasureCase(
      "pregnancy not stated", "pregnancy-support-benefit", "2025-06-01",
      #"{"members": [{"role": "self", "age": 30}]}"#, .maybe, 0...100_000),
    MeasureCase(
      "not in force before April 2025", "pregnancy-support-benefit", "2025-03-31",
      #"{"members": [{"role": "self", "age": 30, "pregnancy": "under_6_months"}]}"#, nil),

    // 妊婦健診: vouchers; no amount (set by each municipality).
    MeasureCase(
      "pregnant", "prenatal-checkup-subsidy", "2025-06-01",
      #"{"members": [{"role": "self", "age": 30, "pregnancy": "under_6_months"}]}"#, .eligible),
    MeasureCase(
      "not pregnant", "prenatal-checkup-subsidy", "2025-06-01",
      #"{"members": [{"role": "self", "age": 30, "pregnancy": "none"}, {"role": "spouse", "age": 30, "pregnancy": "none"}]}"#,
      .ineligible),

    // 産後ケア: within a year of the birth (pre-application from late pregnancy).
    MeasureCase(
      "three months after the birth", "postpartum-care", "2025-06-01",
      #"{"members": [{"role": "self", "age": 30, "pregnancy": "postpartum"}, {"role": "child", "birth_date": "2025-03-01"}]}"#,
      .eligible),
    MeasureCase(
      "a baby, the mother's state not stated", "postpartum-care", "2025-06-01",
      #"{"members": [{"role": "self", "age": 30}, {"role": "child", "birth_date": "2025-03-01"}]}"#, .maybe),
    MeasureCase(
      "the youngest child is two", "postpartum-care", "2025-06-01",
      #"{"members": [{"role": "self", "age": 30, "pregnancy": "postpartum"}, {"role": "child", "birth_date": "2023-03-01"}]}"#,
      .ineligible),

    // 育児休業給付: 67% (first 180 days) to 50% of the monthly wage; 3,600,000 ÷ 12 = 300,000.
    MeasureCase(
      "an insured employee on leave with a baby", "childcare-leave-benefit", "2025-06-01",
      #"{"members": [{"role": "self", "age": 32, "income": 3600000, "employment": "employee","#
        + #" "employment_insurance": true, "childcare_leave": "leave"}, {"role": "child", "birth_date": "2025-03-01"}]}"#,
      .eligible, 150_000...201_000),
    MeasureCase(
      "leave not stated", "childcare-leave-benefit", "2025-06-01",
      #"{"members": [{"role": "self", "age": 32, "income": 3600000, "employment": "employee","#
        + #" "employment_insurance": true}, {"role": "child", "birth_date": "2025-03-01"}]}"#,
      .maybe, 0...201_000),
    MeasureCase(
      "not insured under employment insurance", "childcare-leave-benefit", "2025-06-01",
      #"{"members": [{"role": "self", "age": 32, "income": 3600000, "employment": "self_employed","#
        + #" "employment_insurance": false, "childcare_leave": "leave"}, {"role": "child", "birth_date": "2025-03-01"}]}"#,
      .ineligible),

    // 出生後休業支援給付金: from 2025-04-01; 3,600,000 ÷ 360 × 28 × 13% = 36,400 yen.
    MeasureCase(
      "a father on leave 20 days after the birth, the mother not working", "post-birth-leave-support-benefit",
      "2025-06-01",
      #"{"members": [{"role": "self", "age": 32, "income": 3600000, "employment": "employee", "pregnancy": "none","#
        + #" "employment_insurance": true, "childcare_leave": "leave"},"#
        + #" {"role": "spouse", "age": 30, "employment": "none", "pregnancy": "postpartum"},"#
        + #" {"role": "child", "birth_date": "2025-05-12"}]}"#,
      .eligible, 36_400...36_400),
    MeasureCase(
      "the spouse works and her leave is not stated (she may get it too: + 30,333)", "post-birth-leave-support-benefit",
      "2025-06-01",
      #"{"members": [{"role": "self", "age": 32, "income": 3600000, "employment": "employee", "pregnancy": "none","#
        + #" "employment_insurance": true, "childcare_leave": "leave"},"#
        + #" {"role": "spouse", "age": 30, "income": 3000000, "employment": "employee", "employment_insurance": true,"#
        + #" "pregnancy": "none"},"#
        + #" {"role": "child", "birth_date": "2025-05-12"}]}"#,
      .maybe, 0...66_733),
    MeasureCase(
      "a father past the 8 weeks", "post-birth-leave-support-benefit", "2025-08-01",
      #"{"members": [{"role": "self", "age": 32, "income": 3600000, "employment": "employee", "pregnancy": "none","#
        + #" "employment_insurance": true, "childcare_leave": "leave"},"#
        + #" {"role": "spouse", "age": 30, "employment": "none", "pregnancy": "postpartum"},"#
        + #" {"role": "child", "birth_date": "2025-05-12"}]}"#,
      .ineligible),
    MeasureCase(
      "not in force in March 2025", "post-birth-leave-support-benefit", "2025-03-01",
      #"{"members": [{"role": "self", "age": 32, "employment_insurance": true, "childcare_leave": "leave"},"#
        + #" {"role": "child", "birth_date": "2025-02-12"}]}"#,
      nil),

    // 育児時短就業給付金: from 2025-04-01, child under 2; no amount (10% of the reduced wage, not known here).
    MeasureCase(
      "reduced hours with a one-year-old", "shortened-work-childcare-benefit", "2025-06-01",
      #"{"members": [{"role": "self", "age": 32, "employment": "employee", "employment_insurance": true,"#
        + #" "childcare_leave": "shortened"}, {"role": "child", "birth_date": "2024-03-01"}]}"#,
      .eligible),
    MeasureCase(
      "reduced hours with a three-year-old", "shortened-work-childcare-benefit", "2025-06-01",
      #"{"members": [{"role": "self", "age": 32, "employment": "employee", "employment_insurance": true,"#
        + #" "childcare_leave": "shortened"}, {"role": "child", "birth_date": "2022-03-01"}]}"#,
      .ineligible),
  ]

  @Test(arguments: cases) func statusAndAmount(_ measureCase: MeasureCase) throws {
    try measureCase.check()
  }

  /// Two measures each have a local parameter called 'rate' (13% and 10%): `shien show` lists only the measure's own.
  @Test func showListsOnlyTheMeasuresOwnParameters() throws {
    let catalog = Fixtures.catalog
    let measure = try #require(catalog.measure(id: "post-birth-leave-support-benefit"))
    let sheet = MeasureSheetRenderer(language: .ja, style: TextStyle(useColor: false)).render(
      measure, catalog: catalog, asOf: Fixtures.date("2025-06-01"))
    #expect(sheet.contains("  rate = 0.13"))
    #expect(!sheet.contains("  rate = 0.1 "))
  }

  @Test func theLumpSumDeadlineIsTwoYearsFromTheDayAfterTheBirth() throws {
    let due = try #require(Fixtures.catalog.measure(id: "childbirth-lump-sum")?.procedure.due)
    #expect(due.events == ["birth"])
    #expect(due.lastDay(after: Fixtures.date("2025-05-15")) == Fixtures.date("2027-05-15"))
    #expect(!due.movesPastClosedDays)
  }
}

/// Child-rearing, schooling and single-parent measures.
@Suite struct ChildAndSingleParentMeasuresTests {
  static let cases: [MeasureCase] = [
    // こども医療費 (generic): surely covered through junior high; beyond that it depends on the municipality.
    MeasureCase(
      "a ten-year-old", "child-medical-subsidy", "2025-06-01",
      #"{"members": [{"role": "self", "age": 40}, {"role": "child", "birth_date": "2015-01-10"}]}"#, .eligible),
    MeasureCase(
      "only a sixteen-year-old (municipal rules differ)", "child-medical-subsidy", "2025-06-01",
      #"{"members": [{"role": "self", "age": 45}, {"role": "child", "birth_date": "2009-01-10"}]}"#, .ineligible),

    // ひとり親家庭等医療費助成: the 児童扶養手当 partial-payment limit (2,460,000 with one dependant from Nov 2024).
    // 所得 = 2,000,000 − 680,000 = 1,320,000; − 80,000 − 100,000 = 1,140,000 < 2,460,000.
    MeasureCase(
      "a single parent earning 2 million", "single-parent-medical-subsidy", "2025-06-01",
      #"{"single_parent": true, "members": [{"role": "self", "age": 35, "income": 2000000, "employment": "employee", \#(noCertificates)},"#
        + #" {"role": "child", "birth_date": "2017-01-10", \#(noCertificates)}]}"#,
      .eligible),
    // 所得 = 5,000,000 − 1,440,000 = 3,560,000; − 180,000 = 3,380,000 ≥ 2,460,000.
    MeasureCase(
      "a single parent earning 5 million", "single-parent-medical-subsidy", "2025-06-01",
      #"{"single_parent": true, "members": [{"role": "self", "age": 35, "income": 5000000, "employment": "employee", \#(noCertificates)},"#
        + #" {"role": "child", "birth_date": "2017-01-10", \#(noCertificates)}]}"#,
      .ineligible),
    MeasureCase(
      "a single parent, income not stated", "single-parent-medical-subsidy", "2025-06-01",
      #"{"single_parent": true, "members": [{"role": "self", "age": 35}, {"role": "child", "birth_date": "2017-01-10"}]}"#,
      .maybe),
    // 所得 = 3,800,000 − 1,200,000 = 2,600,000; − 180,000 = 2,420,000: over the limit before November 2024
    // (2,300,000 with one dependant), under the raised one (2,460,000).
    MeasureCase(
      "3.8 million before the November 2024 raise", "single-parent-medical-subsidy", "2024-10-01",
      #"{"single_parent": true, "members": [{"role": "self", "age": 35, "income": 3800000, "employment": "employee", \#(noCertificates)},"#
        + #" {"role": "child", "birth_date": "2014-01-10", \#(noCertificates)}]}"#,
      .ineligible),
    MeasureCase(
      "3.8 million after the November 2024 raise", "single-parent-medical-subsidy", "2024-11-01",
      #"{"single_parent": true, "members": [{"role": "self", "age": 35, "income": 3800000, "employment": "employee", \#(noCertificates)},"#
        + #" {"role": "child", "birth_date": "2014-01-10", \#(noCertificates)}]}"#,
      .eligible),

    // 幼児教育・保育の無償化: 3-to-5 classes free; 0-to-2 classes only for tax-exempt households.
    MeasureCase(
      "a four-year-old", "free-early-childhood-education", "2025-06-01",
      #"{"members": [{"role": "self", "age": 35}, {"role": "child", "birth_date": "2021-05-01"}]}"#, .eligible),
    MeasureCase(
      "a one-year-old in a tax-exempt household", "free-early-childhood-education", "2025-06-01",
      #"{"resident_tax_exempt": true, "members": [{"role": "self", "age": 35}, {"role": "child", "birth_date": "2024-01-01"}]}"#,
      .eligible),
    MeasureCase(
      "a one-year-old, tax status not stated", "free-early-childhood-education", "2025-06-01",
      #"{"members": [{"role": "self", "age": 35}, {"role": "child", "birth_date": "2024-01-01"}]}"#, .maybe),
    MeasureCase(
      "a one-year-old in a taxed household", "free-early-childhood-education", "2025-06-01",
      #"{"resident_tax_exempt": false, "members": [{"role": "self", "age": 35}, {"role": "child", "birth_date": "2024-01-01"}]}"#,
      .ineligible),
    MeasureCase(
      "a child already at elementary school", "free-early-childhood-education", "2025-06-01",
      #"{"members": [{"role": "self", "age": 35}, {"role": "child", "birth_date": "2018-05-01"}]}"#, .ineligible),

    // 就学援助: 要保護 (public assistance) or 準要保護 (tax-exempt, 児童扶養手当 level …).
    MeasureCase(
      "on public assistance with a pupil", "school-expense-aid", "2025-06-01",
      #"{"public_assistance": true, "members": [{"role": "self", "age": 40}, {"role": "child", "birth_date": "2015-01-10"}]}"#,
      .eligible),
    MeasureCase(
      "tax-exempt with a junior-high pupil", "school-expense-aid", "2025-06-01",
      #"{"resident_tax_exempt": true, "members": [{"role": "self", "age": 40}, {"role": "spouse", "age": 40},"#
        + #" {"role": "child", "birth_date": "2012-01-10"}]}"#,
      .eligible),
    MeasureCase(
      "two parents, nothing about income stated", "school-expense-aid", "2025-06-01",
      #"{"members": [{"role": "self", "age": 40}, {"role": "spouse", "age": 40}, {"role": "child", "birth_date": "2015-01-10"}]}"#,
      .maybe),
    MeasureCase(
      "taxed, not on assistance, two parents", "school-expense-aid", "2025-06-01",
      #"{"public_assistance": false, "resident_tax_exempt": false, "members": [{"role": "self", "age": 40},"#
        + #" {"role": "spouse", "age": 40}, {"role": "child", "birth_date": "2015-01-10"}]}"#,
      .ineligible),
    MeasureCase(
      "only a high-school student", "school-expense-aid", "2025-06-01",
      #"{"public_assistance": true, "members": [{"role": "self", "age": 45}, {"role": "child", "birth_date": "2009-01-10"}]}"#,
      .ineligible),

    // 高等職業訓練促進給付金: 100,000 (tax-exempt) / 70,500 a month from the FY2025 pages; FY2024 left open.
    MeasureCase(
      "a single parent at nursing school, tax-exempt", "advanced-vocational-training-benefit", "2025-06-01",
      #"{"single_parent": true, "resident_tax_exempt": true, "members": [{"role": "self", "age": 35, "income": 1500000,"#
        + #" "employment": "employee", "student": true, \#(noCertificates)}, {"role": "child", "birth_date": "2015-01-10", \#(noCertificates)}]}"#,
      .eligible, 100_000...100_000),
    MeasureCase(
      "a single parent at nursing school, taxed", "advanced-vocational-training-benefit", "2025-06-01",
      #"{"single_parent": true, "resident_tax_exempt": false, "members": [{"role": "self", "age": 35, "income": 2000000,"#
        + #" "employment": "employee", "student": true, \#(noCertificates)}, {"role": "child", "birth_date": "2015-01-10", \#(noCertificates)}]}"#,
      .eligible, 70_500...70_500),
    MeasureCase(
      "FY2024: no sourced amount, left open", "advanced-vocational-training-benefit", "2024-10-01",
      #"{"single_parent": true, "resident_tax_exempt": true, "members": [{"role": "self", "age": 35, "income": 1500000,"#
        + #" "employment": "employee", "student": true, \#(noCertificates)}, {"role": "child", "birth_date": "2015-01-10", \#(noCertificates)}]}"#,
      .eligible, 0...Double.infinity),
    MeasureCase(
      "not studying", "advanced-vocational-training-benefit", "2025-06-01",
      #"{"single_parent": true, "members": [{"role": "self", "age": 35, "income": 1500000, "employment": "employee","#
        + #" "student": false, \#(noCertificates)}, {"role": "child", "birth_date": "2015-01-10", \#(noCertificates)}]}"#,
      .ineligible),

    // 母子父子寡婦福祉資金: single parents with a child under 20; a loan, no fixed amount.
    MeasureCase(
      "a single parent with a nineteen-year-old", "single-parent-welfare-loan", "2025-06-01",
      #"{"single_parent": true, "members": [{"role": "self", "age": 48}, {"role": "child", "birth_date": "2006-01-10"}]}"#,
      .eligible),
    MeasureCase(
      "two parents", "single-parent-welfare-loan", "2025-06-01",
      #"{"members": [{"role": "self", "age": 40}, {"role": "spouse", "age": 40}, {"role": "child", "birth_date": "2015-01-10"}]}"#,
      .ineligible),

    // こども家庭センター: a consultation desk.
    MeasureCase(
      "raising a five-year-old", "child-family-center", "2025-06-01",
      #"{"members": [{"role": "self", "age": 35}, {"role": "child", "birth_date": "2020-01-10"}]}"#, .eligible),
    MeasureCase(
      "an adult child only, nobody pregnant", "child-family-center", "2025-06-01",
      #"{"members": [{"role": "self", "age": 60, "pregnancy": "none"}, {"role": "child", "age": 30}]}"#, .ineligible),
  ]

  @Test(arguments: cases) func statusAndAmount(_ measureCase: MeasureCase) throws {
    try measureCase.check()
  }

  /// ひとり親家庭等医療費助成 tests the same income as 児童扶養手当 (one shared definition against that measure's own).
  @Test(arguments: [1_500_000, 2_800_000, 3_600_000, 4_200_000, 4_500_000])
  func singleParentMedicalFollowsTheChildSupportAllowanceLimit(income: Int) throws {
    let household = try Fixtures.household(
      #"{"single_parent": true, "members": [{"role": "self", "age": 35, "income": \#(income), "employment": "employee","#
        + #" \#(noCertificates)}, {"role": "child", "birth_date": "2016-01-10", \#(noCertificates)}, {"role": "child", "birth_date": "2019-01-10", \#(noCertificates)}]}"#
    )
    let results = Matcher(catalog: Fixtures.catalog).match(
      household, asOf: Fixtures.date("2025-06-01"), municipality: nil,
      only: ["single-parent-medical-subsidy", "child-support-allowance"])
    let statuses = Dictionary(uniqueKeysWithValues: results.map { ($0.measure.id, $0.status) })
    #expect(statuses["single-parent-medical-subsidy"] == statuses["child-support-allowance"])
  }
}
