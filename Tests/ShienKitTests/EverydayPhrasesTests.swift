import Testing

@testable import ShienFacts
@testable import ShienSupport

/// Answers the interview refused before issue 17, as residents typed them, in Japanese, English and やさしい日本語.
@Suite struct EverydayPhrasesTests {
  @Test(arguments: [
    ("３ million yen", 3_000_000 as Int64), ("3 million yen", 3_000_000), ("2.5 million yen", 2_500_000),
    ("2.5 million", 2_500_000), ("300 thousand yen", 300_000), ("300k", 300_000), ("150,000 yen", 150_000),
    ("300 man", 3_000_000), ("１２０まんえん", 1_200_000), ("120まんえん", 1_200_000), ("120まん", 1_200_000),
    ("3せんえん", 3_000), ("1おく", 100_000_000), ("3m", 3_000_000), ("¥150,000", 150_000),
  ])
  func readsMoneyAsPeopleSayIt(input: String, yen: Int64) throws {
    #expect(try EverydayInput.money(input) == yen)
  }

  @Test(arguments: ["3 apples", "million", "three million", "まん", "-3 million"])
  func refusesWhatIsNotMoney(input: String) {
    #expect(throws: EverydayInputError.self) { try EverydayInput.money(input) }
  }

  @Test(arguments: [
    ("March 3, 1982", "1982-03-03"), ("3 March 1982", "1982-03-03"), ("Mar. 3 1982", "1982-03-03"),
    ("march 3 1982", "1982-03-03"), ("3/15/1982", "1982-03-15"), ("15/3/1982", "1982-03-15"),
    ("December 31, 2016", "2016-12-31"),
  ])
  func readsEnglishDates(input: String, iso: String) throws {
    #expect(try EverydayInput.date(input) == CivilDate(iso: iso)!)
  }

  @Test func anImpossibleEnglishDateIsSaidSo() {
    #expect(throws: EverydayInputError.impossibleDate("1982-02-30", year: 1982, month: 2, day: 30)) {
      try EverydayInput.date("February 30, 1982")
    }
  }

  @Test(arguments: [
    ("16 years old", 16), ("16 years", 16), ("16 yrs", 16), ("16yo", 16), ("age 16", 16), ("16歳です", 16),
    ("sixteen years old", 16),
  ])
  func readsAgesInWords(input: String, years: Int) throws {
    #expect(try EverydayInput.dateOrAge(input, on: CivilDate(iso: "2026-12-01")!) == .age(years))
  }

  @Test(arguments: [
    ("one", 1), ("two", 2), ("none", 0), ("いない", 0), ("いません", 0), ("ひとり", 1), ("ふたり", 2), ("二人", 2),
    ("2人", 2), ("3 children", 3), ("no one", 0), ("zero", 0),
  ])
  func readsCounts(input: String, count: Int) throws {
    let fact = Fact(id: "count", entity: .household, kind: .integer(0...20), label: LocalizedText([:]))
    #expect(try fact.parseEveryday(input, asOf: nil) == .number(Interval(exactly: Double(count))))
  }

  @Test(arguments: [("いない", false), ("いません", false), ("います", true), ("いる", true), ("nope", false)])
  func readsYesAndNo(input: String, yes: Bool) throws {
    #expect(try EverydayInput.yesNo(input) == yes)
  }

  @Test(arguments: ["not sure", "Not sure.", "idk", "no idea", "知らない"])
  func readsUnknown(input: String) {
    #expect(EverydayInput.unknownAnswer(input))
  }

  @Test(arguments: [
    ("employment", "self employed", "self_employed"), ("employment", "Self-Employed", "self_employed"),
    ("employment", "full time", "employee"), ("employment", "正社員", "employee"),
    ("employment", "じえいぎょう", "self_employed"),
    ("health_insurance", "社保", "employee"), ("health_insurance", "国保", "national"),
    ("health_insurance", "扶養", "dependant"),
    ("pregnancy", "妊娠してない", "none"), ("pregnancy", "妊娠していません", "none"), ("childcare_leave", "育休中", "leave"),
    ("high_school_course", "full time", "full_time"), ("high_school_course", "ぜんにちせい", "full_time"),
    ("bereavement", "いない", "none"), ("job_loss", "いいえ", "none"),
  ])
  func readsChoicesByTheirEverydayNames(fact id: String, input: String, value: String) throws {
    let fact = try #require(Fixtures.vocabulary[id])
    #expect(try fact.parseEveryday(input, asOf: nil) == .text(value))
  }
}
