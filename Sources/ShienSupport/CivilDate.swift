/// A calendar date with no time of day and no time zone (the proleptic Gregorian calendar).
///
/// Stored as the number of days since 1970-01-01, so comparison and day arithmetic are integer operations.
package struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Days since 1970-01-01 (negative before it).
  package var dayNumber: Int

  package init(dayNumber: Int) {
    self.dayNumber = dayNumber
  }

  /// Creates a date from its parts, or returns nil when they do not name a real day (2025-02-29, month 13).
  package init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...CivilDate.daysInMonth(year: year, month: month)).contains(day)
    else { return nil }
    self.dayNumber = CivilDate.daysFromCivil(year: year, month: month, day: day)
  }

  /// Parses exactly `YYYY-MM-DD`; nil for any other shape or an impossible day.
  package init?(iso text: some StringProtocol) {
    let bytes = Array(text.utf8)
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for index in range {
        let byte = bytes[index]
        guard byte >= 48, byte <= 57 else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
    self.init(year: year, month: month, day: day)
  }

  package var parts: (year: Int, month: Int, day: Int) {
    CivilDate.civilFromDays(dayNumber)
  }

  package var year: Int { parts.year }
  package var month: Int { parts.month }
  package var day: Int { parts.day }

  /// `YYYY-MM-DD`.
  package var description: String {
    let (y, m, d) = parts
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
  }

  /// 0 = Sunday … 6 = Saturday.
  package var weekday: Int {
    // 1970-01-01 was a Thursday (4).
    let w = (dayNumber + 4) % 7
    return w < 0 ? w + 7 : w
  }

  package static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

  package func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

  /// Adds calendar months; a day past the end of the target month is clamped to its last day (1-31 + 1 month = 2-28).
  package func adding(months: Int) -> CivilDate {
    let (y, m, d) = parts
    let total = y * 12 + (m - 1) + months
    let year = total >= 0 ? total / 12 : (total - 11) / 12
    let month = total - year * 12 + 1
    let day = min(d, CivilDate.daysInMonth(year: year, month: month))
    return CivilDate(dayNumber: CivilDate.daysFromCivil(year: year, month: month, day: day))
  }

  package func adding(years: Int) -> CivilDate { adding(months: years * 12) }

  /// Whole years of age on `date` for someone born on `self`.
  ///
  /// The age goes up on the birthday; someone born on 29 February gets older on 1 March in common years.
  package func age(on date: CivilDate) -> Int {
    let birth = parts
    let now = date.parts
    var years = now.year - birth.year
    if (now.month, now.day) < (birth.month, birth.day) { years -= 1 }
    return years
  }

  /// The fiscal year (年度) that contains this date: April to March, named by the year it starts in.
  package var fiscalYear: Int {
    let (y, m, _) = parts
    return m >= 4 ? y : y - 1
  }

  /// 1 April of the fiscal year that contains this date.
  package var fiscalYearStart: CivilDate {
    CivilDate(dayNumber: CivilDate.daysFromCivil(year: fiscalYear, month: 4, day: 1))
  }

  /// The Japanese school grade on `date` of a child born on `self`: 1 = first year of elementary school (小1),
  /// 7 = 中1, 10 = 高1, 12 = 高3, 13 = the year after, and so on; 0 and below before school.
  ///
  /// Children born from 2 April to 1 April of the next year share a grade (早生まれ): by 年齢計算ニ関スル法律 a child
  /// reaches an age at the end of the day before the birthday, so one born on 1 April is already six on that day.
  package func schoolGrade(on date: CivilDate) -> Int {
    age(on: date.fiscalYearStart) - 5
  }

  package static func isLeapYear(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  package static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  // Howard Hinnant's days_from_civil / civil_from_days.
  private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  private static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}

private func pad(_ value: Int, _ width: Int) -> String {
  let text = String(value)
  return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

extension CivilDate {
  /// Today in Japan (Asia/Tokyo is UTC+9 all year; Japan keeps no daylight-saving time).
  package static func todayInJapan(now: Double = currentUnixTime()) -> CivilDate {
    let seconds = Int((now + 9 * 3600).rounded(.down))
    let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
    return CivilDate(dayNumber: days)
  }
}
