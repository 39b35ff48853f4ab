import Testing

@testable import ShienMatching

/// Households with the answer a user should see for 特別障害者手当, 高校生等奨学給付金, 高等教育の修学支援新制度,
/// 住居確保給付金 and 生活保護: status and amount at a stated date. Every expected amount was worked out by hand from
/// the catalog's parameters (national.md and openfisca-japan's tables) and checked against openfisca-japan 2.2.0,
/// whose own answer differs only by the documented corrections (R7 amounts, rent-based 住宅扶助, …).
@Suite struct NationalMeasuresTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var measure: String
    var asOf: String
    var household: String
    var status: MeasureResult.Status
    /// Per the measure's own period (month or year); nil when not eligible.
    var amount: ClosedRange<Double>?

    var testDescription: String { "\(name) (\(measure), \(asOf))" }
  }

  /// A member with every fact these measures read stated, as the oracle's generator states them; `facts` overrides.
  static func member(_ role: String, _ birth: String, income: Int = 0, _ facts: String = "") -> String {
    let employment = income == 0 ? "none" : "employee"
    var fields = [
      #""role": "\#(role)""#, #""birth_date": "\#(birth)""#, #""income": \#(income)"#,
      #""employment": "\#(employment)""#,
    ]
    let defaults: [(String, String)] = [
      ("disability_physical_grade", "0"), ("disability_intellectual_grade", #""none""#),
      ("disability_mental_grade", "0"), ("internal_disability", "false"), ("student", "false"),
      ("in_care_facility", "false"), ("hospitalized", "false"), ("pregnancy", #""none""#),
      ("high_school_course", #""none""#), ("high_school_operator", #""none""#),
      ("higher_education_type", #""none""#), ("higher_education_operator", #""none""#), ("stem_faculty", "false"),
      ("savings", "0"), ("job_loss", #""none""#), ("job_seeking", "false"), ("monthly_income", "\(income / 12)"),
    ]
    for (fact, value) in defaults where !facts.contains("\"\(fact)\"") { fields.append(#""\#(fact)": \#(value)"#) }
    if !facts.isEmpty { fields.append(facts) }
    return "{" + fields.joined(separator: ", ") + "}"
  }

  static func household(
    _ members: [String], municipality: String = "古賀市", rent: Int = 0, assistance: Bool = false
  ) -> String {
    #"{"municipality": "\#(municipality)", "rent": \#(rent), "public_assistance": \#(assistance), "members": ["#
      + members.joined(separator: ", ") + "]}"
  }

  static func result(_ c: Case) throws -> MeasureResult {
    let matcher = Matcher(catalog: Fixtures.catalog)
    let household = try Fixtures.household(c.household)
    let municipality = try matcher.municipality(of: household)
    return try #require(
      matcher.match(household, asOf: Fixtures.date(c.asOf), municipality: municipality, only: [c.measure]).first)
  }

  static func check(_ c: Case) throws {
    let result = try result(c)
    #expect(result.status == c.status, "\(c.name): \(result.why.map { ($0.text.text(.ja), $0.holds) })")
    if let amount = c.amount {
      #expect(result.amount.map { abs($0.min - amount.lowerBound) < 0.01 } == true, "\(c.name): \(result.amount!)")
      #expect(result.amount.map { abs($0.max - amount.upperBound) < 0.01 } == true, "\(c.name): \(result.amount!)")
    }
  }

  // MARK: 特別障害者手当

  static let severe = #""disability_physical_grade": 1, "disability_intellectual_grade": "A""#
  static let adult = "1985-04-10"

  static let specialDisability: [Case] = [
    Case(
      name: "身体1級と療育Aが重なる在宅の大人（R7）", measure: "special-disability-allowance", asOf: "2025-06-01",
      household: household([member("self", adult, severe)]), status: .eligible, amount: 29590...29590),
    Case(
      name: "同じ人（R6）", measure: "special-disability-allowance", asOf: "2024-10-01",
      household: household([member("self", adult, severe)]), status: .eligible, amount: 28840...28840),
    Case(
      name: "身体1級だけ（認定しだい）", measure: "special-disability-allowance", asOf: "2025-06-01",
      household: household([member("self", adult, #""disability_physical_grade": 1"#)]), status: .eligible,
      amount: 0...29590),
    Case(
      name: "施設に入所中", measure: "special-disability-allowance", asOf: "2025-06-01",
      household: household([member("self", adult, severe + #", "in_care_facility": true"#)]), status: .ineligible),
    Case(
      name: "入院中（3か月を超えると対象外）", measure: "special-disability-allowance", asOf: "2025-06-01",
      household: household([member("self", adult, severe + #", "hospitalized": true"#)]), status: .eligible,
      amount: 0...29590),
    Case(
      name: "20歳未満（障害児福祉手当の対象）", measure: "special-disability-allowance", asOf: "2025-06-01",
      household: household([member("self", "1980-01-01", income: 3_000_000), member("child", "2010-05-01", severe)]),
      status: .ineligible),
    Case(
      name: "本人の所得が限度額を超える", measure: "special-disability-allowance", asOf: "2025-06-01",
      household: household([member("self", adult, income: 6_000_000, severe)]), status: .ineligible),
    Case(
      name: "障がいがわからない", measure: "special-disability-allowance", asOf: "2025-06-01",
      household: #"{"members": [{"role": "self", "birth_date": "1985-04-10", "income": 0}]}"#, status: .maybe),
  ]

  @Test(arguments: specialDisability) func specialDisabilityAllowance(_ c: Case) throws { try Self.check(c) }

  // MARK: 高校生等奨学給付金

  static let publicFullTime = #""student": true, "high_school_course": "full_time", "high_school_operator": "public""#

  static let scholarship: [Case] = [
    Case(
      name: "非課税のひとり親、公立全日制の第1子", measure: "high-school-scholarship-benefit", asOf: "2025-06-01",
      household: household([
        member("self", "1980-01-01", income: 1_400_000), member("child", "2008-08-01", publicFullTime),
      ]),
      status: .eligible, amount: 117_100...117_100),
    Case(
      name: "所得が非課税限度額（古賀市2級地・2人 91万9千円）を超える", measure: "high-school-scholarship-benefit",
      asOf: "2025-06-01",
      household: household([
        member("self", "1980-01-01", income: 1_500_000), member("child", "2008-08-01", publicFullTime),
      ]),
      status: .ineligible),
    Case(
      name: "公立の兄と私立の弟（第2子以降の額）", measure: "high-school-scholarship-benefit", asOf: "2025-06-01",
      household: household([
        member("self", "1980-01-01", income: 1_400_000), member("child", "2007-08-01", publicFullTime),
        member(
          "child", "2009-08-01",
          #""student": true, "high_school_course": "full_time", "high_school_operator": "private""#),
      ]), status: .eligible, amount: 269_100...269_100),
    Case(
      name: "生活保護世帯", measure: "high-school-scholarship-benefit", asOf: "2025-06-01",
      household: household(
        [member("self", "1980-01-01"), member("child", "2008-08-01", publicFullTime)], assistance: true),
      status: .eligible, amount: 32300...32300),
    Case(
      name: "私立の通信制", measure: "high-school-scholarship-benefit", asOf: "2025-06-01",
      household: household([
        member("self", "1980-01-01", income: 1_400_000),
        member(
          "child", "2008-08-01",
          #""student": true, "high_school_course": "correspondence", "high_school_operator": "private""#),
      ]), status: .eligible, amount: 52100...52100),
    Case(
      name: "生活保護かどうかわからない課税世帯", measure: "high-school-scholarship-benefit", asOf: "2025-06-01",
      household:
        #"{"municipality": "古賀市", "members": [\#(member("self", "1980-01-01", income: 1_500_000)), \#(member("child", "2008-08-01", publicFullTime))]}"#,
      status: .maybe, amount: 32300...117_100),
  ]

  @Test(arguments: scholarship) func highSchoolScholarshipBenefit(_ c: Case) throws { try Self.check(c) }

  // MARK: 高等教育の修学支援新制度

  static func student(_ operatorName: String, stem: Bool = false) -> String {
    #""student": true, "higher_education_type": "university", "higher_education_operator": "\#(operatorName)", "stem_faculty": \#(stem)"#
  }
  static let largeFamily = [
    member("self", "1975-01-01", income: 10_000_000), member("spouse", "1976-01-01"),
    member("child", "2005-08-01", student("private")), member("child", "2008-08-01"), member("child", "2012-08-01"),
  ]

  static let higherEducation: [Case] = [
    Case(
      name: "非課税相当、国公立大学：全額（入学年度は入学金も）", measure: "higher-education-support", asOf: "2025-06-01",
      household: household([member("self", "1975-01-01"), member("child", "2005-08-01", student("public"))]),
      status: .eligible, amount: 535_800...817_800),
    Case(
      name: "非課税相当、私立大学：全額", measure: "higher-education-support", asOf: "2025-06-01",
      household: household([member("self", "1975-01-01"), member("child", "2005-08-01", student("private"))]),
      status: .eligible, amount: 700_000...960_000),
    Case(
      name: "年収450万円のひとり親：3分の2", measure: "higher-education-support", asOf: "2025-06-01",
      household: household([
        member("self", "1975-01-01", income: 4_500_000), member("child", "2005-08-01", student("private")),
      ]), status: .eligible, amount: 466_700...640_100),
    Case(
      name: "年収500万円のひとり親：3分の1", measure: "higher-education-support", asOf: "2025-06-01",
      household: household([
        member("self", "1975-01-01", income: 5_000_000), member("child", "2005-08-01", student("private")),
      ]), status: .eligible, amount: 233_400...320_100),
    Case(
      name: "年収600万円、私立の理工農系：4分の1", measure: "higher-education-support", asOf: "2025-06-01",
      household: household([
        member("self", "1975-01-01", income: 6_000_000), member("child", "2005-08-01", student("private", stem: true)),
      ]), status: .eligible, amount: 175_000...240_000),
    Case(
      name: "年収600万円、理工農系でない", measure: "higher-education-support", asOf: "2025-06-01",
      household: household([
        member("self", "1975-01-01", income: 6_000_000), member("child", "2005-08-01", student("private")),
      ]), status: .ineligible),
    Case(
      name: "年収1,000万円の多子世帯（R7：所得制限なし）", measure: "higher-education-support", asOf: "2025-06-01",
      household: household(largeFamily), status: .eligible, amount: 700_000...960_000),
    Case(
      name: "同じ多子世帯（R6：所得制限があり、4分の1の枠）", measure: "higher-education-support", asOf: "2024-10-01",
      household: household(largeFamily), status: .eligible, amount: 175_000...240_000),
  ]

  @Test(arguments: higherEducation) func higherEducationSupport(_ c: Case) throws { try Self.check(c) }

  // MARK: 住居確保給付金

  static let jobLoss = #""job_loss": "within_2_years", "job_seeking": true, "monthly_income": 0, "savings": 100000"#

  static let housing: [Case] = [
    Case(
      name: "古賀市で単身、離職・求職中：家賃5万円は上限3万2千円まで", measure: "housing-security-benefit",
      asOf: "2025-06-01", household: household([member("self", "1990-01-01", income: 3_000_000, jobLoss)], rent: 50000),
      status: .eligible, amount: 32000...32000),
    Case(
      name: "離職していない", measure: "housing-security-benefit", asOf: "2025-06-01",
      household: household(
        [
          member(
            "self", "1990-01-01", income: 3_000_000, #""job_loss": "none", "job_seeking": true, "monthly_income": 0"#)
        ],
        rent: 50000), status: .ineligible),
    Case(
      name: "預貯金が基準額の6か月分（48万6千円）を超える", measure: "housing-security-benefit", asOf: "2025-06-01",
      household: household(
        [
          member(
            "self", "1990-01-01", income: 3_000_000,
            #""job_loss": "within_2_years", "job_seeking": true, "monthly_income": 0, "savings": 600000"#)
        ], rent: 50000), status: .ineligible),
    Case(
      name: "月収10万円（基準額8万1千円を超え、家賃との合計以下）：家賃の一部", measure: "housing-security-benefit",
      asOf: "2025-06-01",
      household: household(
        [
          member(
            "self", "1990-01-01", income: 3_000_000,
            #""job_loss": "within_2_years", "job_seeking": true, "monthly_income": 100000, "savings": 100000"#)
        ], rent: 50000), status: .eligible, amount: 0...32000),
    Case(
      name: "月収12万円（基準額と家賃の合計を超える）", measure: "housing-security-benefit", asOf: "2025-06-01",
      household: household(
        [
          member(
            "self", "1990-01-01", income: 3_000_000,
            #""job_loss": "within_2_years", "job_seeking": true, "monthly_income": 120000, "savings": 100000"#)
        ], rent: 50000), status: .ineligible),
    Case(
      name: "横浜市（市の上限5万2千円）", measure: "housing-security-benefit", asOf: "2025-06-01",
      household: household(
        [member("self", "1990-01-01", income: 3_000_000, jobLoss)], municipality: "横浜市", rent: 60000),
      status: .eligible, amount: 52000...52000),
    Case(
      name: "持ち家", measure: "housing-security-benefit", asOf: "2025-06-01",
      household: household([member("self", "1990-01-01", income: 3_000_000, jobLoss)]), status: .ineligible),
  ]

  @Test(arguments: housing) func housingSecurityBenefit(_ c: Case) throws { try Self.check(c) }

  // MARK: 生活保護

  static let publicAssistance: [Case] = [
    // 2級地-2, June: 第1類② 43,770 + 第2類② 27,690 (> ①×0.855) + 家賃 30,000
    Case(
      name: "古賀市で単身・収入なし・家賃3万円", measure: "public-assistance", asOf: "2025-06-01",
      household: household([member("self", "1985-01-01")], rent: 30000), status: .eligible,
      amount: 101_460...101_460),
    Case(
      name: "年収300万円", measure: "public-assistance", asOf: "2025-06-01",
      household: household([member("self", "1985-01-01", income: 3_000_000)], rent: 30000), status: .ineligible),
    // December: 冬季加算 VI区 2,660 and 期末一時扶助 11,680
    Case(
      // With the 生活扶助 特例加算 of 1,500 yen a person from October 2025 (fy2026.md §7), which OFJ does not have.
      name: "同じ単身（12月：冬季加算と期末一時扶助）", measure: "public-assistance", asOf: "2025-12-15",
      household: household([member("self", "1985-01-01")], rent: 30000), status: .eligible,
      amount: 117_300...117_300),
    Case(
      name: "横浜市（1級地-1）で単身・家賃6万円（上限5万2千円）", measure: "public-assistance", asOf: "2025-06-01",
      household: household([member("self", "1985-01-01")], municipality: "横浜市", rent: 60000), status: .eligible,
      amount: 128_420...128_420),
    Case(
      name: "ひとり親と子2人、年収120万円（児童手当・児童扶養手当を収入に数える）", measure: "public-assistance",
      asOf: "2025-06-01",
      household: household(
        [
          member("self", "1985-01-01", income: 1_200_000), member("child", "2015-05-05"), member("child", "2018-05-05"),
        ],
        rent: 45000), status: .eligible, amount: 70938...70938),  // 70,938.555 before 1円未満切り捨て
    Case(
      name: "収入がわからない", measure: "public-assistance", asOf: "2025-06-01",
      household: #"{"municipality": "古賀市", "rent": 30000, "members": [{"role": "self", "birth_date": "1985-01-01"}]}"#,
      status: .maybe),
  ]

  @Test(arguments: publicAssistance) func publicAssistanceEstimate(_ c: Case) throws { try Self.check(c) }

  @Test func publicAssistanceIsAConsultationAtTheWelfareOffice() throws {
    let measure = try #require(Fixtures.catalog.measure(id: "public-assistance"))
    #expect(measure.category == .consultation)
    #expect(measure.deskRole == "福祉事務所")
    #expect(measure.procedure.steps.contains { $0.text(.ja).contains("14日以内") })
  }
}
