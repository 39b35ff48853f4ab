import ShienSupport

/// Parsers for the everyday Japanese that residents and counter staff type: amounts like `280万円`, dates like
/// `R6.4.1` or `平成2年6月15日`, ages like `３５さい`, and yes/no answers.
///
/// Every parser first applies ``normalizeWidth(_:)``, so full-width digits and half-width katakana work everywhere,
/// and spaces inside an answer are ignored. Failures are ``EverydayInputError`` values whose messages say what was
/// expected. Nothing here allocates more than a few small arrays, so the parsers are cheap enough for every keystroke.
package enum EverydayInput {
  /// Either a birth date or an age in whole years, as typed into a single "生年月日または年齢" answer.
  package enum DateOrAge: Hashable, Sendable {
    case birthDate(CivilDate)
    case age(Int)
  }

  /// The Japanese eras (元号) that living residents can be born in, newest first.
  package enum Era: CaseIterable, Hashable, Sendable {
    case reiwa, heisei, showa, taisho

    /// `令和`, `平成`, `昭和`, `大正`.
    package var name: String {
      switch self {
      case .reiwa: "令和"
      case .heisei: "平成"
      case .showa: "昭和"
      case .taisho: "大正"
      }
    }

    /// `Reiwa`, `Heisei`, `Showa`, `Taisho`.
    package var englishName: String {
      switch self {
      case .reiwa: "Reiwa"
      case .heisei: "Heisei"
      case .showa: "Showa"
      case .taisho: "Taisho"
      }
    }

    /// The first day of the era; its year is 元年 (year 1).
    package var firstDay: CivilDate {
      switch self {
      case .reiwa: CivilDate(year: 2019, month: 5, day: 1)!
      case .heisei: CivilDate(year: 1989, month: 1, day: 8)!
      case .showa: CivilDate(year: 1926, month: 12, day: 25)!
      case .taisho: CivilDate(year: 1912, month: 7, day: 30)!
      }
    }

    /// The last day of the era, or nil for the current one.
    package var lastDay: CivilDate? {
      switch self {
      case .reiwa: nil
      case .heisei: Era.reiwa.firstDay.adding(days: -1)
      case .showa: Era.heisei.firstDay.adding(days: -1)
      case .taisho: Era.showa.firstDay.adding(days: -1)
      }
    }

    /// The era that `date` falls in, or nil before 大正.
    package static func containing(_ date: CivilDate) -> Era? {
      allCases.first { $0.firstDay <= date }
    }

    /// `date` in 和暦, like `令和元年5月1日` or `平成2年6月15日`; nil before 大正.
    package static func japaneseText(for date: CivilDate) -> String? {
      guard let era = containing(date) else { return nil }
      let year = date.year - era.firstDay.year + 1
      return "\(era.name)\(year == 1 ? "元" : String(year))年\(date.month)月\(date.day)日"
    }

    /// `date` falls on or after the first day and on or before the last day.
    fileprivate func contains(_ date: CivilDate) -> Bool {
      firstDay <= date && (lastDay.map { date <= $0 } ?? true)
    }
  }

  // MARK: - Width

  /// Converts full-width ASCII (`２８０`, `Ｒ`, `／`, `－`, the ideographic space) and `￥` to half width, half-width
  /// katakana (`ｶﾞｲｺｸ`) to full width with its sound marks joined, and trims surrounding whitespace.
  ///
  /// Other Japanese text, such as hiragana, kanji and full-width katakana, is left as it is.
  package static func normalizeWidth(_ text: String) -> String {
    if text.utf8.allSatisfy({ $0 < 0x80 }) { return trimmingWhitespace(text.unicodeScalars) }
    let scalars = text.unicodeScalars
    var output = String.UnicodeScalarView()
    var index = scalars.startIndex
    while index < scalars.endIndex {
      let scalar = scalars[index]
      scalars.formIndex(after: &index)
      switch scalar.value {
      case 0xFF01...0xFF5E:
        output.append(Unicode.Scalar(UInt8(scalar.value - 0xFEE0)))
      case 0x3000:
        output.append(" ")
      case 0xFFE5:
        output.append("\u{A5}")
      case 0xFF61...0xFF9F:
        var kana = halfWidthKana[Int(scalar.value - 0xFF61)]
        if index < scalars.endIndex, let marked = joining(mark: scalars[index], to: kana) {
          kana = marked
          scalars.formIndex(after: &index)
        }
        output.append(Unicode.Scalar(kana)!)
      default:
        output.append(scalar)
      }
    }
    return trimmingWhitespace(output)
  }

  // MARK: - Money

  /// The largest amount accepted, ¥10,000,000,000,000 (10兆円); anything bigger is a typing mistake.
  package static let largestMoney: Int64 = 10_000_000_000_000

  /// Reads an amount of yen: `280万`, `280万円`, `２８０万円`, `2,800,000円`, `￥2,800,000`, `280.5万`, `1億2000万`,
  /// `12万3456円`, `3千円`, `0`, and `なし` / `ない` / `無し` for zero.
  ///
  /// Rejects negative amounts, fractions of a yen, amounts over ``largestMoney``, and anything else.
  package static func money(_ text: String) throws(EverydayInputError) -> Int64 {
    let normalized = normalizeWidth(text)
    var scalars = compacted(normalized)
    if zeroWords.contains(String(String.UnicodeScalarView(scalars))) { return 0 }
    if startsNegative(scalars) { throw .negativeMoney(normalized) }
    if let first = scalars.first, first == "\u{A5}" || first == "\\" { scalars.removeFirst() }
    if startsNegative(scalars) { throw .negativeMoney(normalized) }
    if scalars.last == "円" { scalars.removeLast() }
    do throws(MoneyReader.Failure) {
      return try MoneyReader(scalars).read()
    } catch {
      if error != .tooLarge, let rewritten = EverydayPhrases.money(normalized), rewritten != normalized {
        return try money(rewritten)
      }
      throw error == .tooLarge ? .moneyTooLarge(normalized) : .notAMoney(normalized)
    }
  }

  // MARK: - Dates

  /// Reads a date: `2016-05-10`, `2016/5/10`, `2016.5.10`, `2016年5月10日`, `20160510`, and 和暦 such as
  /// `令和6年4月1日`, `令和元年5月1日`, `R6.4.1`, `h2/6/15`, `Ｓ64.1.7` or `㍻2.6.15`.
  ///
  /// - Parameter reference: supplies the year for answers without one (`5月10日`, `5/10`); without it they are
  ///   rejected.
  /// - Throws: ``EverydayInputError/impossibleDate(_:year:month:day:)`` for a day the calendar does not have, and
  ///   ``EverydayInputError/outsideEra(_:era:suggestion:)`` for a 和暦 date outside its era (`平成31年5月1日`).
  package static func date(_ text: String, reference: CivilDate? = nil) throws(EverydayInputError) -> CivilDate {
    let normalized = normalizeWidth(text)
    var scalars = compacted(normalized)
    let era = eraPrefix(of: scalars)
    if let era { scalars.removeFirst(era.length) }
    guard let tokens = dateTokens(scalars), let parts = dateParts(tokens, era: era?.era, reference: reference)
    else {
      if era == nil, let rewritten = EverydayPhrases.date(normalized), rewritten != normalized {
        return try date(rewritten)
      }
      throw .notADate(normalized)
    }
    let year = era.map { $0.era.firstDay.year + parts.year - 1 } ?? parts.year
    guard let date = CivilDate(year: year, month: parts.month, day: parts.day) else {
      throw .impossibleDate(normalized, year: year, month: parts.month, day: parts.day)
    }
    if let era = era?.era, !era.contains(date) {
      throw .outsideEra(normalized, era: era, suggestion: Era.containing(date) == nil ? nil : date)
    }
    return date
  }

  // MARK: - Ages

  /// The oldest age accepted.
  package static let oldestAge = 130

  /// Reads an age in whole years: `35`, `35歳`, `３５さい`, `35才`, `満35歳`, `0歳`; rejects negatives and ages over
  /// ``oldestAge``.
  package static func age(_ text: String) throws(EverydayInputError) -> Int {
    var normalized = normalizeWidth(text)
    if let years = EverydayPhrases.age(normalized) { normalized = years }
    guard let shape = AgeShape(compacted(normalized)) else { throw .notAnAge(normalized) }
    return try shape.years(normalized)
  }

  /// Reads an answer that may be either a birth date or an age, choosing by its shape: a bare number of up to three
  /// digits, or a number with `歳` / `才` / `さい`, is an age; anything else must be a date (see ``date(_:reference:)``).
  ///
  /// - Throws: ``EverydayInputError/birthDateInFuture(_:asOf:)`` for a birth date after `asOf`.
  package static func dateOrAge(_ text: String, on asOf: CivilDate) throws(EverydayInputError) -> DateOrAge {
    var normalized = normalizeWidth(text)
    if let years = EverydayPhrases.age(normalized) { normalized = years }
    if let shape = AgeShape(compacted(normalized)), shape.isAgeNotDate {
      return .age(try shape.years(normalized))
    }
    let birth = try date(normalized)
    guard birth <= asOf else { throw .birthDateInFuture(birth, asOf: asOf) }
    return .birthDate(birth)
  }

  // MARK: - Answers

  /// Reads a yes/no answer: `はい` / `いいえ`, `うん` / `ううん`, `y` / `n`, `yes` / `no`, `ある` / `ない`, `あり` /
  /// `なし`, `true` / `false`, `○` / `×`, in any case or width.
  ///
  /// `1` and `0` are rejected: they are numbered choices in menus.
  package static func yesNo(_ text: String) throws(EverydayInputError) -> Bool {
    let word = answerWord(text)
    if yesWords.contains(word) { return true }
    if noWords.contains(word) { return false }
    throw .notYesNo(normalizeWidth(text))
  }

  /// Whether the answer means "none" or "no": `なし`, `ない`, `無し`, `いいえ`, `持っていない`, `none`, `no`, `n`, … — for
  /// questions such as "which certificate grade?" where "none" is a value of its own.
  package static func noneAnswer(_ text: String) -> Bool {
    let word = answerWord(text)
    return zeroWords.contains(word) || noWords.contains(word) || noneWords.contains(word)
  }

  /// Whether the answer means "I don't know" or "skip this": `わからない`, `分からない`, `分らない`, `わかりません`, `不明`,
  /// `?`, `？`, `skip`, `don't know`, `dont know`, `unknown`.
  package static func unknownAnswer(_ text: String) -> Bool {
    let word = answerWord(text)
    return unknownWords.contains(word) || (!word.isEmpty && word.unicodeScalars.allSatisfy { $0 == "?" })
  }
}

// MARK: - Errors

/// Why an everyday answer could not be read; ``message(language:)`` tells the person what to type instead.
///
/// Each case carries the answer after ``EverydayInput/normalizeWidth(_:)``, so messages quote it in half width.
package enum EverydayInputError: Error, Hashable, Sendable {
  case notAMoney(String)
  case negativeMoney(String)
  case moneyTooLarge(String)
  case notADate(String)
  /// The answer names a day the calendar does not have; `year` is the Western year, also for 和暦 answers.
  case impossibleDate(String, year: Int, month: Int, day: Int)
  /// A 和暦 date outside its era; `suggestion` is the same day, when it falls in a known era (`令和元年5月1日` for
  /// `平成31年5月1日`).
  case outsideEra(String, era: EverydayInput.Era, suggestion: CivilDate?)
  case notAnAge(String)
  case ageOutOfRange(String)
  case notYesNo(String)
  /// The answer is not a whole number in `range` (a certificate grade, a number of people).
  case notAWholeNumber(String, ClosedRange<Int>?)
  case birthDateInFuture(CivilDate, asOf: CivilDate)
  /// The answer is none of a choice's values (by value, label or number).
  case notAChoice(String, [String])

  /// A short message that quotes the answer and says what to type instead.
  package func message(language: Language) -> String {
    switch language {
    case .ja: japanese
    case .en: english
    case .jaEasy: easyJapanese
    }
  }

  private var japanese: String {
    switch self {
    case .notAMoney(let text):
      "\(quoted(text))を金額として読めません。「280万円」「2,800,000」のように円で入力してください。"
    case .negativeMoney(let text):
      "\(quoted(text))はマイナスです。0円以上の金額を入力してください。"
    case .moneyTooLarge(let text):
      "\(quoted(text))は大きすぎます。10兆円以下の金額を入力してください。"
    case .notADate(let text):
      "\(quoted(text))を日付として読めません。"
        + "「2016-05-10」「2016年5月10日」「令和6年4月1日」「R6.4.1」のように入力してください。"
    case .impossibleDate(let text, let year, let month, let day):
      "\(quoted(text))（\(year)年\(month)月\(day)日）という日はありません。\(japaneseCalendarHint(year, month))"
    case .outsideEra(let text, let era, let suggestion):
      "\(quoted(text))は\(era.name)の期間（\(japaneseSpan(of: era))）にありません。"
        + (suggestion.flatMap(EverydayInput.Era.japaneseText(for:)).map { "\($0)のことですか？" } ?? "")
    case .notAnAge(let text):
      "\(quoted(text))を年齢として読めません。「35」「35歳」のように数字で入力してください。"
    case .ageOutOfRange(let text):
      "\(quoted(text))は年齢として範囲外です。0〜\(EverydayInput.oldestAge)歳で入力してください。"
    case .notYesNo(let text):
      "\(quoted(text))を「はい」「いいえ」として読めません。「はい」か「いいえ」（y / n）で答えてください。"
    case .notAWholeNumber(let text, let range):
      "\(quoted(text))を数として読めません。"
        + (range.map { "\($0.lowerBound)〜\($0.upperBound)の数字で入力してください。" } ?? "「2」のように数字で入力してください。")
    case .birthDateInFuture(let birth, let asOf):
      "生年月日 \(japaneseDate(birth)) が基準日 \(japaneseDate(asOf)) より後です。生年月日を確かめてください。"
    case .notAChoice(let text, let choices):
      "\(quoted(text))は選択肢にありません。\(choices.joined(separator: "・"))のどれか（または番号）で答えてください。"
    }
  }

  private var english: String {
    switch self {
    case .notAMoney(let text):
      "Could not read \(quoted(text, english: true)) as an amount of money."
        + " Enter yen, like 2800000, 2,800,000 or 280万."
    case .negativeMoney(let text):
      "\(quoted(text, english: true)) is negative. Enter an amount of 0 yen or more."
    case .moneyTooLarge(let text):
      "\(quoted(text, english: true)) is too large. Enter an amount up to 10 trillion yen."
    case .notADate(let text):
      "Could not read \(quoted(text, english: true)) as a date."
        + " Enter a date like 2016-05-10, 2016/5/10, 令和6年4月1日 or R6.4.1."
    case .impossibleDate(let text, let year, let month, let day):
      "There is no such day as \(quoted(text, english: true))"
        + (text == isoText(year, month, day) ? "." : " (\(isoText(year, month, day))).")
        + englishCalendarHint(year, month)
    case .outsideEra(let text, let era, let suggestion):
      "\(quoted(text, english: true)) is outside the \(era.englishName) era (\(englishSpan(of: era)))."
        + (suggestion.flatMap { date in
          EverydayInput.Era.japaneseText(for: date).map { " Did you mean \($0) (\(date))?" }
        } ?? "")
    case .notAnAge(let text):
      "Could not read \(quoted(text, english: true)) as an age. Enter whole years, like 35 or 35歳."
    case .ageOutOfRange(let text):
      "\(quoted(text, english: true)) is not a possible age. Enter 0 to \(EverydayInput.oldestAge) years."
    case .notYesNo(let text):
      "Could not read \(quoted(text, english: true)) as yes or no. Answer yes or no (y / n)."
    case .notAWholeNumber(let text, let range):
      "Could not read \(quoted(text, english: true)) as a number."
        + (range.map { " Enter a whole number from \($0.lowerBound) to \($0.upperBound)." }
          ?? " Enter a whole number, like 2.")
    case .birthDateInFuture(let birth, let asOf):
      "The birth date \(birth) is after \(asOf). Check the birth date."
    case .notAChoice(let text, let choices):
      "\(quoted(text, english: true)) is not one of \(choices.joined(separator: ", ")) (or their numbers)."
    }
  }

  private var easyJapanese: String {
    switch self {
    case .notAMoney(let text):
      "\(quoted(text))は お金の 数字として わかりません。「280万円」のように 書いて ください。"
    case .negativeMoney:
      "マイナスの お金は 書けません。0円か それより 多い お金を 書いて ください。"
    case .moneyTooLarge(let text):
      "\(quoted(text))は 大きすぎます。もう一度 見て ください。"
    case .notADate(let text):
      "\(quoted(text))は 日付として わかりません。「2016年5月10日」や「令和6年4月1日」のように 書いて ください。"
    case .impossibleDate(let text, let year, let month, _):
      "\(quoted(text))は ない 日です。\(japaneseCalendarHint(year, month, easy: true))"
    case .outsideEra(let text, let era, let suggestion):
      "\(quoted(text))は ない 日です。\(era.name)は \(japaneseSpan(of: era, easy: true))です。"
        + (suggestion.flatMap(EverydayInput.Era.japaneseText(for:)).map { "「\($0)」では ありませんか。" } ?? "")
    case .notAnAge(let text):
      "\(quoted(text))は 年齢として わかりません。「35」のように 数字で 書いて ください。"
    case .ageOutOfRange:
      "年齢は 0から \(EverydayInput.oldestAge)までの 数字で 書いて ください。"
    case .notYesNo:
      "「はい」か「いいえ」で 答えて ください。"
    case .notAWholeNumber(_, let range):
      (range.map { "\($0.lowerBound)から \($0.upperBound)までの " } ?? "") + "数字で 書いて ください。"
    case .birthDateInFuture(_, let asOf):
      "生まれた 日が \(japaneseDate(asOf))より 後に なって います。もう一度 見て ください。"
    case .notAChoice(_, let choices):
      "\(choices.joined(separator: "・"))の どれか で 答えて ください。"
    }
  }
}

// MARK: - Message helpers

private let longestQuote = 30

private func shortened(_ text: String) -> String {
  text.count > longestQuote ? String(text.prefix(longestQuote)) + "…" : text
}

private func quoted(_ text: String, english: Bool = false) -> String {
  english ? "\"\(shortened(text))\"" : "「\(shortened(text))」"
}

private func japaneseDate(_ date: CivilDate) -> String {
  "\(date.year)年\(date.month)月\(date.day)日"
}

private func isoText(_ year: Int, _ month: Int, _ day: Int) -> String {
  func padded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
  return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
}

private let englishMonths = [
  "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
  "December",
]

private func japaneseCalendarHint(_ year: Int, _ month: Int, easy: Bool = false) -> String {
  guard (1...12).contains(month) else { return easy ? "月は 1から 12までです。" : "月は1〜12で入力してください。" }
  guard (1...9999).contains(year) else { return easy ? "年を もう一度 見て ください。" : "年を確かめてください。" }
  let days = CivilDate.daysInMonth(year: year, month: month)
  return easy ? "\(year)年\(month)月は \(days)日までです。" : "\(year)年\(month)月は\(days)日までです。"
}

private func englishCalendarHint(_ year: Int, _ month: Int) -> String {
  guard (1...12).contains(month) else { return " Months run from 1 to 12." }
  guard (1...9999).contains(year) else { return " Check the year." }
  return " \(englishMonths[month - 1]) \(year) has \(CivilDate.daysInMonth(year: year, month: month)) days."
}

private func japaneseSpan(of era: EverydayInput.Era, easy: Bool = false) -> String {
  guard easy else { return "\(japaneseDate(era.firstDay))〜\(era.lastDay.map(japaneseDate) ?? "")" }
  let start = "\(japaneseDate(era.firstDay))から"
  return era.lastDay.map { "\(start) \(japaneseDate($0))まで" } ?? start
}

private func englishSpan(of era: EverydayInput.Era) -> String {
  era.lastDay.map { "\(era.firstDay) to \($0)" } ?? "from \(era.firstDay)"
}

// MARK: - Width helpers

extension EverydayInput {
  /// Full-width forms of U+FF61…U+FF9F (｡ to ﾟ).
  private static let halfWidthKana: [UInt32] = [
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5,
    0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF, 0x30B1, 0x30B3,
    0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC,
    0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4,
    0x30E6, 0x30E8, 0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, 0x309B, 0x309C,
  ]

  /// The full-width kana for `kana` followed by a half-width ﾞ (voiced) or ﾟ (semi-voiced) mark, if there is one.
  private static func joining(mark: Unicode.Scalar, to kana: UInt32) -> UInt32? {
    switch (mark.value, kana) {
    case (0xFF9E, 0x30AB...0x30C1) where (kana - 0x30AB) % 2 == 0: kana + 1  // カ…チ → ガ…ヂ
    case (0xFF9E, 0x30C4), (0xFF9E, 0x30C6), (0xFF9E, 0x30C8): kana + 1  // ツテト → ヅデド
    case (0xFF9E, 0x30CF...0x30DB) where (kana - 0x30CF) % 3 == 0: kana + 1  // ハ…ホ → バ…ボ
    case (0xFF9F, 0x30CF...0x30DB) where (kana - 0x30CF) % 3 == 0: kana + 2  // ハ…ホ → パ…ポ
    case (0xFF9E, 0x30A6): 0x30F4  // ウ → ヴ
    case (0xFF9E, 0x30EF): 0x30F7  // ワ → ヷ
    case (0xFF9E, 0x30F2): 0x30FA  // ヲ → ヺ
    default: nil
    }
  }

  private static func trimmingWhitespace(_ scalars: String.UnicodeScalarView) -> String {
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last])
  }

  /// The scalars of already normalized text with all whitespace removed (`280 万円` → `280万円`).
  private static func compacted(_ normalized: String) -> [Unicode.Scalar] {
    normalized.unicodeScalars.filter { !$0.properties.isWhitespace }
  }

  /// Normalized, compacted, ASCII-lowercased text without trailing `。` `.` `!` `、` `,`, for word lists.
  private static func answerWord(_ text: String) -> String {
    var scalars = compacted(normalizeWidth(text))
    while let last = scalars.last, ["。", ".", "!", "、", ","].contains(last) { scalars.removeLast() }
    var word = String.UnicodeScalarView()
    for scalar in scalars {
      switch scalar {
      case "A"..."Z": word.append(Unicode.Scalar(UInt8(scalar.value + 32)))
      case "\u{2019}": word.append("'")
      default: word.append(scalar)
      }
    }
    return String(word)
  }

  private static let zeroWords: Set<String> = ["なし", "ない", "無し", "無い", "ゼロ", "ありません", "ないです"]

  private static let yesWords: Set<String> = [
    "はい", "ハイ", "うん", "y", "yes", "ある", "あり", "有", "有り", "有る", "あります", "true", "○", "◯",
    "いる", "います", "おります", "yeah", "yep", "sure", "そうです", "ええ",
  ]

  private static let noWords: Set<String> = [
    "いいえ", "イイエ", "ううん", "n", "no", "ない", "なし", "無", "無し", "無い", "ありません", "false", "×", "✕",
    "いない", "いません", "いないです", "おりません", "nope", "nobody", "noone", "none", "ちがう", "違う", "ちがいます", "違います",
  ]

  private static let noneWords: Set<String> = ["none", "持っていない", "もっていない", "持ってない", "もってない", "該当なし"]

  private static let unknownWords: Set<String> = [
    "わからない", "分からない", "分らない", "判らない", "解らない", "わかりません", "分かりません", "わかんない", "不明",
    "skip", "don'tknow", "dontknow", "idon'tknow", "idontknow", "unknown", "notsure", "i'mnotsure", "imnotsure",
    "idk", "noidea", "dunno", "notknown", "わかんないです", "知らない", "しらない", "わからないです",
  ]

  private static func startsNegative(_ scalars: [Unicode.Scalar]) -> Bool {
    guard let first = scalars.first else { return false }
    return ["-", "\u{2212}", "\u{30FC}", "▲", "△"].contains(first) || scalars.starts(with: "マイナス".unicodeScalars)
  }
}

// MARK: - Money reading

/// Reads Japanese-style amounts: numbers (with `,` thousands and a `.` fraction) followed by 兆 億 万 and, inside
/// each of those groups, 千 百 十 — the way 1億2千万 or 12万3456 are written.
///
/// Works in ten-thousandths of a yen so that `280.5万` and `1.25億` stay exact.
private struct MoneyReader {
  private static let scale: Int64 = 10_000
  private static let bigUnits: [Unicode.Scalar: Int64] = ["兆": 1_000_000_000_000, "億": 100_000_000, "万": 10_000]
  private static let smallUnits: [Unicode.Scalar: Int64] = ["千": 1000, "百": 100, "十": 10]
  private static let kanjiDigits: [Unicode.Scalar: Int64] = [
    "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
  ]

  private let scalars: [Unicode.Scalar]
  private var index = 0

  init(_ scalars: [Unicode.Scalar]) {
    self.scalars = scalars
  }

  enum Failure: Error { case notMoney, tooLarge }

  /// The amount in whole yen.
  consuming func read() throws(Failure) -> Int64 {
    let scaled = try readScaled()
    guard scaled % Self.scale == 0 else { throw .notMoney }
    let yen = scaled / Self.scale
    guard yen <= EverydayInput.largestMoney else { throw .tooLarge }
    return yen
  }

  private mutating func readScaled() throws(Failure) -> Int64 {
    guard !scalars.isEmpty else { throw .notMoney }
    var total: Int64 = 0
    var section: Int64 = 0
    var pending: Int64?
    var lastBig = Int64.max
    var lastSmall = Int64.max
    var sectionIsEmpty = true
    while index < scalars.count {
      let scalar = scalars[index]
      if Self.digit(scalar) != nil {
        guard pending == nil else { throw .notMoney }
        pending = try readNumber()
        sectionIsEmpty = false
        continue
      }
      index += 1
      if let unit = Self.smallUnits[scalar] {
        guard unit < lastSmall else { throw .notMoney }
        section = try add(section, multiply(pending ?? Self.scale, unit))
        pending = nil
        lastSmall = unit
        sectionIsEmpty = false
      } else if let unit = Self.bigUnits[scalar] {
        guard unit < lastBig, !sectionIsEmpty else { throw .notMoney }
        let group = try multiply(add(section, pending ?? 0), unit)
        if lastBig != .max { guard group < (try multiply(lastBig, Self.scale)) else { throw .notMoney } }
        total = try add(total, group)
        section = 0
        pending = nil
        lastBig = unit
        lastSmall = .max
        sectionIsEmpty = true
      } else {
        throw .notMoney
      }
    }
    let rest = try add(section, pending ?? 0)
    if lastBig != .max { guard rest < (try multiply(lastBig, Self.scale)) else { throw .notMoney } }
    return try add(total, rest)
  }

  /// Reads digits at `index`, with `,` before each group of exactly three and an optional `.` fraction of up to
  /// four digits, in ten-thousandths.
  private mutating func readNumber() throws(Failure) -> Int64 {
    var value: Int64 = 0
    while index < scalars.count {
      if let digit = Self.digit(scalars[index]) {
        value = try add(multiply(value, 10), digit)
        index += 1
      } else if scalars[index] == ",", isThousandsGroup(after: index) {
        index += 1
      } else {
        break
      }
    }
    value = try multiply(value, Self.scale)
    guard index < scalars.count, scalars[index] == "." else { return value }
    index += 1
    var place = Self.scale
    var fractionDigits = 0
    while index < scalars.count, let digit = Self.asciiDigit(scalars[index]) {
      place /= 10
      fractionDigits += 1
      guard fractionDigits <= 4 else { throw .notMoney }
      value = try add(value, digit * place)
      index += 1
    }
    guard fractionDigits > 0 else { throw .notMoney }
    return value
  }

  private func isThousandsGroup(after comma: Int) -> Bool {
    let end = comma + 4
    guard comma > 0, Self.asciiDigit(scalars[comma - 1]) != nil, end <= scalars.count,
      scalars[(comma + 1)..<end].allSatisfy({ Self.asciiDigit($0) != nil })
    else { return false }
    return end == scalars.count || Self.asciiDigit(scalars[end]) == nil
  }

  private static func asciiDigit(_ scalar: Unicode.Scalar) -> Int64? {
    ("0"..."9").contains(scalar) ? Int64(scalar.value - 48) : nil
  }

  private static func digit(_ scalar: Unicode.Scalar) -> Int64? {
    asciiDigit(scalar) ?? kanjiDigits[scalar]
  }

  private func multiply(_ a: Int64, _ b: Int64) throws(Failure) -> Int64 {
    let (result, overflow) = a.multipliedReportingOverflow(by: b)
    if overflow { throw .tooLarge }
    return result
  }

  private func add(_ a: Int64, _ b: Int64) throws(Failure) -> Int64 {
    let (result, overflow) = a.addingReportingOverflow(b)
    if overflow { throw .tooLarge }
    return result
  }
}

// MARK: - Date reading

extension EverydayInput {
  private enum DateToken: Equatable {
    case number(Int, digits: Int)
    /// `元` as in 令和元年.
    case firstYear
    /// One of 年 月 日 / . - (dashes of every width count as `-`).
    case separator(Unicode.Scalar)
  }

  private static let eraSquares: [Unicode.Scalar: Era] = ["\u{32FF}": .reiwa, "㍻": .heisei, "㍼": .showa, "㍽": .taisho]
  private static let eraLetters: [Unicode.Scalar: Era] = [
    "R": .reiwa, "r": .reiwa, "H": .heisei, "h": .heisei, "S": .showa, "s": .showa, "T": .taisho, "t": .taisho,
  ]

  /// The era an answer starts with (`令和`, `R`, `r`, `㋿`) and how many scalars name it.
  private static func eraPrefix(of scalars: [Unicode.Scalar]) -> (era: Era, length: Int)? {
    guard let first = scalars.first else { return nil }
    if let era = eraSquares[first] { return (era, 1) }
    if let era = Era.allCases.first(where: { scalars.starts(with: $0.name.unicodeScalars) }) { return (era, 2) }
    if let era = eraLetters[first], scalars.count > 1, ("0"..."9").contains(scalars[1]) || scalars[1] == "元" {
      return (era, 1)
    }
    return nil
  }

  private static func dateTokens(_ scalars: [Unicode.Scalar]) -> [DateToken]? {
    var tokens: [DateToken] = []
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      if ("0"..."9").contains(scalar) {
        var value = 0
        let start = index
        while index < scalars.count, ("0"..."9").contains(scalars[index]) {
          guard index - start < 8 else { return nil }
          value = value * 10 + Int(scalars[index].value - 48)
          index += 1
        }
        tokens.append(.number(value, digits: index - start))
        continue
      }
      switch scalar {
      case "元": tokens.append(.firstYear)
      case "年", "月", "日", "/", ".": tokens.append(.separator(scalar))
      case "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}", "\u{30FC}":
        tokens.append(.separator("-"))
      default: return nil
      }
      index += 1
    }
    return tokens
  }

  /// Year (the era year for 和暦), month and day from the tokens, checking only their shape.
  private static func dateParts(
    _ tokens: [DateToken], era: Era?, reference: CivilDate?
  ) -> (year: Int, month: Int, day: Int)? {
    func monthOrDay(_ token: DateToken) -> Int? {
      if case .number(let value, let digits) = token, (1...2).contains(digits) { return value }
      return nil
    }
    func year(_ token: DateToken) -> Int? {
      switch (token, era) {
      case (.firstYear, .some): return 1
      case (.number(let value, let digits), .some) where (1...2).contains(digits) && value >= 1: return value
      case (.number(let value, 4), .none): return value
      default: return nil
      }
    }
    func separatorsMatch(_ first: DateToken, _ second: DateToken, trailing: DateToken?) -> Bool {
      switch (first, second, trailing) {
      case (.separator("年"), .separator("月"), .none), (.separator("年"), .separator("月"), .separator("日")): true
      case (.separator(let a), .separator(let b), .none): a == b && a != "年" && a != "月" && a != "日"
      default: false
      }
    }
    switch tokens.count {
    case 1:
      guard era == nil, case .number(let value, 8) = tokens[0] else { return nil }
      return (value / 10_000, value / 100 % 100, value % 100)
    case 5, 6:
      guard let year = year(tokens[0]), let month = monthOrDay(tokens[2]), let day = monthOrDay(tokens[4]),
        separatorsMatch(tokens[1], tokens[3], trailing: tokens.count == 6 ? tokens[5] : nil)
      else { return nil }
      return (year, month, day)
    case 3, 4:
      guard era == nil, let reference, let month = monthOrDay(tokens[0]), let day = monthOrDay(tokens[2]) else {
        return nil
      }
      switch (tokens[1], tokens.count == 4 ? tokens[3] : nil) {
      case (.separator("月"), .none), (.separator("月"), .separator("日")), (.separator("/"), .none):
        return (reference.year, month, day)
      default:
        return nil
      }
    default:
      return nil
    }
  }
}

// MARK: - Age shape

/// `[満] [-] digits [歳|才|さい]`, the shape of an age answer.
private struct AgeShape {
  var isNegative: Bool
  var value: Int
  var digitCount: Int
  var hasUnit: Bool

  init?(_ scalars: [Unicode.Scalar]) {
    var rest = scalars[...]
    if rest.first == "満" { rest = rest.dropFirst() }
    isNegative = rest.first.map { ["-", "\u{2212}"].contains($0) } ?? false
    if isNegative { rest = rest.dropFirst() }
    hasUnit = false
    for unit in ["歳", "才", "さい"] where rest.reversed().starts(with: unit.unicodeScalars.reversed()) {
      rest = rest.dropLast(unit.unicodeScalars.count)
      hasUnit = true
      break
    }
    guard !rest.isEmpty, rest.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
    digitCount = rest.count
    value = digitCount > 9 ? Int.max : rest.reduce(0) { $0 * 10 + Int($1.value - 48) }
  }

  /// An age rather than a date when written with a unit, a minus sign, or no more than three digits.
  var isAgeNotDate: Bool { hasUnit || isNegative || digitCount <= 3 }

  func years(_ normalized: String) throws(EverydayInputError) -> Int {
    guard !isNegative, value <= EverydayInput.oldestAge else { throw .ageOutOfRange(normalized) }
    return value
  }
}
