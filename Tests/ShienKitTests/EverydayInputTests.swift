import Testing

@testable import ShienFacts
@testable import ShienSupport

private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

@Suite struct EverydayInputTests {
  // MARK: Width

  @Test(arguments: [
    ("２８０万円", "280万円"), ("ＡＢＣａｂｃ０９", "ABCabc09"), ("，．／－＋（）", ",./-+()"), ("Ｒ６．４．１", "R6.4.1"),
    ("　全角スペース　", "全角スペース"), ("  abc \n", "abc"), ("￥1,000", "¥1,000"), ("ｱｲｳｴｵ", "アイウエオ"),
    ("ｶﾞｲｺｸ", "ガイコク"), ("ｻﾞｼﾞｽﾞｾﾞｿﾞ", "ザジズゼゾ"), ("ﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞ", "ダヂヅデド"), ("ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞ", "バビブベボ"),
    ("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "パピプペポ"), ("ｳﾞｧｲｵﾘﾝ", "ヴァイオリン"), ("ﾃﾞｰﾀ", "データ"), ("ｷｬｯﾁ", "キャッチ"), ("ﾜｦﾝ", "ワヲン"),
    ("｢ｶﾅ｣､｡･", "「カナ」、。・"), ("ｱﾞ", "ア゛"), ("ｶﾟ", "カ゜"), ("ひらがな漢字カタカナ", "ひらがな漢字カタカナ"),
    ("ＡＢ　ＣＤ", "AB CD"), ("", ""),
  ])
  func normalizesWidth(input: String, expected: String) {
    #expect(EverydayInput.normalizeWidth(input) == expected)
  }

  @Test func everyHalfWidthKanaBecomesOneFullWidthCharacter() {
    for value in UInt32(0xFF61)...0xFF9F {
      let scalars = Array(EverydayInput.normalizeWidth(String(Unicode.Scalar(value)!)).unicodeScalars)
      #expect(scalars.count == 1 && (0x3000...0x30FF).contains(scalars[0].value), "U+\(String(value, radix: 16))")
    }
  }

  // MARK: Money

  @Test(arguments: [
    ("280万", 2_800_000 as Int64), ("280万円", 2_800_000), ("２８０万円", 2_800_000), ("2,800,000円", 2_800_000),
    ("2800000", 2_800_000), ("￥2,800,000", 2_800_000), ("¥2,800,000", 2_800_000), ("\\2,800,000", 2_800_000),
    (" 280 万円 ", 2_800_000), ("280.5万", 2_805_000), ("1億2000万", 120_000_000), ("1億2千万", 120_000_000),
    ("1億", 100_000_000), ("1.25億", 125_000_000), ("12万3456円", 123_456), ("3千円", 3_000), ("3千", 3_000),
    ("3千500円", 3_500), ("十五万円", 150_000), ("１，０００円", 1_000), ("1000.0", 1_000), ("0", 0), ("0円", 0),
    ("なし", 0), ("ない", 0), ("無し", 0), ("10兆", 10_000_000_000_000),
  ])
  func readsMoney(input: String, yen: Int64) throws {
    #expect(try EverydayInput.money(input) == yen)
  }

  @Test(arguments: [
    ("-100", EverydayInputError.negativeMoney("-100")), ("－５万", .negativeMoney("-5万")),
    ("▲100", .negativeMoney("▲100")), ("¥-100", .negativeMoney("¥-100")), ("マイナス3万", .negativeMoney("マイナス3万")),
    ("2.8 apples", .notAMoney("2.8 apples")),
    ("abc", .notAMoney("abc")), ("", .notAMoney("")), ("円", .notAMoney("円")), ("万円", .notAMoney("万円")),
    ("1万20000", .notAMoney("1万20000")), ("5万3億", .notAMoney("5万3億")), ("100.5", .notAMoney("100.5")),
    ("1.23456万", .notAMoney("1.23456万")), ("1,00", .notAMoney("1,00")), ("280万円くらい", .notAMoney("280万円くらい")),
    ("11兆", .moneyTooLarge("11兆")), ("9999兆9999億", .moneyTooLarge("9999兆9999億")),
    ("10000000000001", .moneyTooLarge("10000000000001")),
    ("99999999999999999999999", .moneyTooLarge("99999999999999999999999")),
  ])
  func rejectsMoney(input: String, error: EverydayInputError) {
    #expect(throws: error) { try EverydayInput.money(input) }
  }

  // MARK: Dates

  @Test(arguments: [
    ("2016-05-10", "2016-05-10"), ("2016/5/10", "2016-05-10"), ("2016.5.10", "2016-05-10"),
    ("2016年5月10日", "2016-05-10"), ("2016年5月10", "2016-05-10"), ("２０１６年５月１０日", "2016-05-10"),
    ("２０１６／０５／１０", "2016-05-10"), ("20160510", "2016-05-10"), ("2024-02-29", "2024-02-29"),
    ("令和6年4月1日", "2024-04-01"), ("R6.4.1", "2024-04-01"), ("R6/4/1", "2024-04-01"), ("r6.4.1", "2024-04-01"),
    ("Ｒ6.4.1", "2024-04-01"), ("Ｒ６．４．１", "2024-04-01"), ("R06.04.01", "2024-04-01"),
    ("令和 6年 4月 1日", "2024-04-01"), ("H2.6.15", "1990-06-15"), ("h2-6-15", "1990-06-15"),
    ("平成2年6月15日", "1990-06-15"), ("㍻2.6.15", "1990-06-15"), ("H12.2.29", "2000-02-29"),
    ("令和元年5月1日", "2019-05-01"), ("R元.5.1", "2019-05-01"), ("平成31年4月30日", "2019-04-30"),
    ("平成元年1月8日", "1989-01-08"), ("昭和64年1月7日", "1989-01-07"), ("S64.1.7", "1989-01-07"),
    ("昭和元年12月25日", "1926-12-25"), ("S50.3.3", "1975-03-03"), ("大正15年12月24日", "1926-12-24"),
    ("大正元年7月30日", "1912-07-30"), ("T1.7.30", "1912-07-30"),
  ])
  func readsDates(input: String, iso: String) throws {
    #expect(try EverydayInput.date(input).description == iso)
  }

  @Test(arguments: [
    ("5月10日", "2025-05-10"), ("5月10", "2025-05-10"), ("5/10", "2025-05-10"), ("１２／３１", "2025-12-31"),
    ("2016-05-10", "2016-05-10"),
  ])
  func takesTheYearFromTheReference(input: String, iso: String) throws {
    #expect(try EverydayInput.date(input, reference: day("2025-04-01")).description == iso)
  }

  @Test(arguments: [
    ("平成31年5月1日", EverydayInputError.outsideEra("平成31年5月1日", era: .heisei, suggestion: day("2019-05-01"))),
    ("H31.5.1", .outsideEra("H31.5.1", era: .heisei, suggestion: day("2019-05-01"))),
    ("令和元年4月30日", .outsideEra("令和元年4月30日", era: .reiwa, suggestion: day("2019-04-30"))),
    ("昭和64年1月8日", .outsideEra("昭和64年1月8日", era: .showa, suggestion: day("1989-01-08"))),
    ("平成元年1月7日", .outsideEra("平成元年1月7日", era: .heisei, suggestion: day("1989-01-07"))),
    ("大正15年12月25日", .outsideEra("大正15年12月25日", era: .taisho, suggestion: day("1926-12-25"))),
    ("大正元年7月29日", .outsideEra("大正元年7月29日", era: .taisho, suggestion: nil)),
    ("R6.2.30", .impossibleDate("R6.2.30", year: 2024, month: 2, day: 30)),
    ("2025-02-29", .impossibleDate("2025-02-29", year: 2025, month: 2, day: 29)),
    ("平成31年2月29日", .impossibleDate("平成31年2月29日", year: 2019, month: 2, day: 29)),
    ("2024-13-01", .impossibleDate("2024-13-01", year: 2024, month: 13, day: 1)),
    ("2024/4/0", .impossibleDate("2024/4/0", year: 2024, month: 4, day: 0)),
    ("20250229", .impossibleDate("20250229", year: 2025, month: 2, day: 29)),
    ("16/5/10", .notADate("16/5/10")), ("2016/5", .notADate("2016/5")), ("2016-05/10", .notADate("2016-05/10")),
    ("2016/5/10日", .notADate("2016/5/10日")), ("令和6年", .notADate("令和6年")), ("元年5月1日", .notADate("元年5月1日")),
    ("R0.5.1", .notADate("R0.5.1")), ("R2016.5.1", .notADate("R2016.5.1")), ("5月10日", .notADate("5月10日")),
    ("明治45年1月1日", .notADate("明治45年1月1日")), ("きのう", .notADate("きのう")), ("", .notADate("")),
  ])
  func rejectsDates(input: String, error: EverydayInputError) {
    #expect(throws: error) { try EverydayInput.date(input) }
  }

  @Test func eraFormattingAndBoundaries() {
    typealias Era = EverydayInput.Era
    #expect(Era.japaneseText(for: day("2019-05-01")) == "令和元年5月1日")
    #expect(Era.japaneseText(for: day("2019-04-30")) == "平成31年4月30日")
    #expect(Era.japaneseText(for: day("1989-01-07")) == "昭和64年1月7日")
    #expect(Era.japaneseText(for: day("1926-12-24")) == "大正15年12月24日")
    #expect(Era.japaneseText(for: day("1912-07-29")) == nil)
    #expect(Era.heisei.lastDay == day("2019-04-30"))
    #expect(Era.showa.lastDay == day("1989-01-07"))
    #expect(Era.taisho.lastDay == day("1926-12-24"))
    #expect(Era.reiwa.lastDay == nil)
  }

  // MARK: Ages

  @Test(arguments: [
    ("35", 35), ("35歳", 35), ("３５さい", 35), ("35才", 35), ("満35歳", 35), (" 35 歳", 35), ("0歳", 0), ("0", 0),
    ("007", 7), ("130", 130),
  ])
  func readsAges(input: String, years: Int) throws {
    #expect(try EverydayInput.age(input) == years)
  }

  @Test(arguments: [
    ("131", EverydayInputError.ageOutOfRange("131")), ("-1", .ageOutOfRange("-1")), ("－１歳", .ageOutOfRange("-1歳")),
    ("1990", .ageOutOfRange("1990")), ("99999999999", .ageOutOfRange("99999999999")), ("三十五", .notAnAge("三十五")),
    ("35.5", .notAnAge("35.5")), ("歳", .notAnAge("歳")), ("", .notAnAge("")), ("35歳半", .notAnAge("35歳半")),
  ])
  func rejectsAges(input: String, error: EverydayInputError) {
    #expect(throws: error) { try EverydayInput.age(input) }
  }

  @Test(arguments: [
    ("35", EverydayInput.DateOrAge.age(35)), ("35歳", .age(35)), ("0", .age(0)), ("１２３", .age(123)),
    ("1990-04-01", .birthDate(day("1990-04-01"))), ("H2.6.15", .birthDate(day("1990-06-15"))),
    ("20160510", .birthDate(day("2016-05-10"))), ("2025-04-01", .birthDate(day("2025-04-01"))),
  ])
  func readsDateOrAge(input: String, expected: EverydayInput.DateOrAge) throws {
    #expect(try EverydayInput.dateOrAge(input, on: day("2025-04-01")) == expected)
  }

  @Test(arguments: [
    ("2025-04-02", EverydayInputError.birthDateInFuture(day("2025-04-02"), asOf: day("2025-04-01"))),
    ("131", .ageOutOfRange("131")), ("-3", .ageOutOfRange("-3")), ("1990", .notADate("1990")),
    ("R6.2.30", .impossibleDate("R6.2.30", year: 2024, month: 2, day: 30)), ("abc", .notADate("abc")),
  ])
  func rejectsDateOrAge(input: String, error: EverydayInputError) {
    #expect(throws: error) { try EverydayInput.dateOrAge(input, on: day("2025-04-01")) }
  }

  // MARK: Answers

  @Test(arguments: [
    ("はい", true), ("ハイ", true), ("ﾊｲ", true), ("はい。", true), ("うん", true), ("y", true), ("Y", true),
    ("yes", true), ("YES", true), ("Ｙｅｓ", true), ("ｙ", true), ("ある", true), ("あり", true), ("true", true),
    ("○", true), ("いいえ", false), ("ううん", false), ("n", false), ("N", false), ("no", false), ("No", false),
    ("ｎｏ", false), ("ない", false), ("なし", false), ("無し", false), ("false", false), ("×", false),
  ])
  func readsYesNo(input: String, answer: Bool) throws {
    #expect(try EverydayInput.yesNo(input) == answer)
  }

  @Test(arguments: ["1", "0", "１", "", "maybe", "たぶん", "yess", "?"])
  func rejectsYesNo(input: String) {
    #expect(throws: EverydayInputError.notYesNo(EverydayInput.normalizeWidth(input))) {
      try EverydayInput.yesNo(input)
    }
  }

  @Test(arguments: [
    ("わからない", true), ("分からない", true), ("分らない", true), ("不明", true), ("わかりません", true),
    ("わからない。", true), ("?", true), ("？", true), ("??", true), ("skip", true), ("SKIP", true),
    ("don't know", true), ("Don’t know", true), ("dont know", true), ("unknown", true), ("s", false), ("", false),
    ("はい", false), ("0", false), ("不明確", false), ("skipped", false), ("s?", false),
  ])
  func recognizesUnknownAnswers(input: String, unknown: Bool) {
    #expect(EverydayInput.unknownAnswer(input) == unknown)
  }

  @Test(arguments: [
    ("なし", true), ("ない", true), ("いいえ", true), ("持っていない", true), ("もってない", true), ("none", true),
    ("No", true), ("n", true), ("はい", false), ("0", false), ("わからない", false), ("A", false),
  ])
  func recognizesNoneAnswers(input: String, none: Bool) {
    #expect(EverydayInput.noneAnswer(input) == none)
  }

  // MARK: Answers for a fact (what the interview and the counter flags read)

  @Test(arguments: [
    ("income", "２４０万円", Value.number(Interval(exactly: 2_400_000))),
    ("income", "2,400,000円", .number(Interval(exactly: 2_400_000))), ("income", "なし", .number(Interval(exactly: 0))),
    ("disability_physical_grade", "2級", .number(Interval(exactly: 2))),
    ("disability_physical_grade", "２", .number(Interval(exactly: 2))),
    ("disability_physical_grade", "なし", .number(Interval(exactly: 0))),
    ("disability_physical_grade", "持っていない", .number(Interval(exactly: 0))),
    ("disability_mental_grade", "1 級", .number(Interval(exactly: 1))),
    ("disability_intellectual_grade", "a", .text("A")), ("disability_intellectual_grade", "B（中・軽度）", .text("B")),
    ("disability_intellectual_grade", "持っていない", .text("none")),
    ("disability_intellectual_grade", "1", .text("none")), ("employment", "パート", .text("employee")),
    ("employment", "会社員・パート", .text("employee")), ("employment", "4", .text("self_employed")),
    ("employment", "self_employed", .text("self_employed")), ("employment", "働いていない", .text("none")),
    ("student", "はい", .truth(.yes)), ("student", "ｎ", .truth(.no)), ("student", "いいえ。", .truth(.no)),
    ("rent", "6.5万", .number(Interval(exactly: 65000))), ("single_parent", "Y", .truth(.yes)),
  ])
  func readsAnswersForAFact(id: String, input: String, value: Value) throws {
    let fact = try #require(Fixtures.vocabulary[id])
    #expect(try fact.parseEveryday(input, asOf: day("2025-06-01")) == value)
  }

  @Test(arguments: ["わからない", "?", "skip", "不明"])
  func anUnknownAnswerLeavesEveryFactUnknown(input: String) throws {
    for fact in Fixtures.vocabulary.facts {
      #expect(try fact.parseEveryday(input, asOf: nil) == nil, "\(fact.id)")
    }
  }

  @Test(arguments: [
    ("disability_physical_grade", "8", EverydayInputError.notAWholeNumber("8", 0...7)),
    ("disability_physical_grade", "重い", .notAWholeNumber("重い", 0...7)),
    ("disability_mental_grade", "-1", .notAWholeNumber("-1", 0...3)),
    ("student", "たぶん", .notYesNo("たぶん")), ("income", "たくさん", .notAMoney("たくさん")),
  ])
  func rejectsAnswersForAFact(id: String, input: String, error: EverydayInputError) throws {
    let fact = try #require(Fixtures.vocabulary[id])
    #expect(throws: error) { try fact.parseEveryday(input, asOf: nil) }
  }

  @Test func aChoiceThatMatchesSeveralLabelsIsNotGuessed() throws {
    let fact = try #require(Fixtures.vocabulary["high_school_course"])
    // "制" is in 全日制, 定時制 and 通信制.
    #expect(throws: EverydayInputError.self) { try fact.parseEveryday("制", asOf: nil) }
  }

  // MARK: Messages

  @Test func messagesNameWhatWasExpected() {
    let outside = EverydayInputError.outsideEra("平成31年5月1日", era: .heisei, suggestion: day("2019-05-01"))
    #expect(outside.message(language: .ja).contains("令和元年5月1日のことですか"))
    #expect(outside.message(language: .en).contains("Did you mean 令和元年5月1日 (2019-05-01)?"))
    #expect(outside.message(language: .jaEasy).contains("「令和元年5月1日」"))
    let impossible = EverydayInputError.impossibleDate("R6.2.30", year: 2024, month: 2, day: 30)
    #expect(impossible.message(language: .ja).contains("2024年2月は29日まで"))
    #expect(impossible.message(language: .en).contains("February 2024 has 29 days"))
    #expect(EverydayInputError.notAMoney("abc").message(language: .ja).contains("「abc」"))
    #expect(EverydayInputError.notAMoney("abc").message(language: .en).contains("\"abc\""))
    #expect(EverydayInputError.notADate("x").message(language: .en).contains("2016-05-10"))
    let long = EverydayInputError.notAnAge(String(repeating: "あ", count: 100)).message(language: .ja)
    #expect(long.count < 100)
  }

  @Test(arguments: [
    EverydayInputError.notAMoney("x"), .negativeMoney("-1"), .moneyTooLarge("11兆"), .notADate("x"),
    .impossibleDate("2024-13-01", year: 2024, month: 13, day: 1), .outsideEra("T1.1.1", era: .taisho, suggestion: nil),
    .notAnAge("x"), .ageOutOfRange("200"), .notYesNo("x"), .notAWholeNumber("x", 0...7), .notAWholeNumber("x", nil),
    .birthDateInFuture(day("2030-01-01"), asOf: day("2025-04-01")),
  ])
  func everyErrorHasAMessageInEveryLanguage(error: EverydayInputError) {
    let messages = Language.allCases.map { error.message(language: $0) }
    #expect(messages.allSatisfy { !$0.isEmpty })
    #expect(Set(messages).count == messages.count)
  }
}
