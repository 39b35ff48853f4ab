import ShienSupport

/// The days a municipal office is closed: Saturdays, Sundays, national holidays (from the catalog's holidays.tsv) and
/// the year-end break, 29 December to 3 January (地方自治法 4条の2 and each city's 休日条例).
package struct OfficeCalendar: Sendable {
  private let holidays: [Int: String]
  /// The years the holiday table covers; outside them a deadline can only be computed without holidays.
  package let years: ClosedRange<Int>?

  package init(holidays: [Holiday]) {
    self.holidays = Dictionary(holidays.map { ($0.date.dayNumber, $0.name) }, uniquingKeysWith: { first, _ in first })
    if let first = holidays.map(\.date).min(), let last = holidays.map(\.date).max() {
      years = first.year...last.year
    } else {
      years = nil
    }
  }

  /// Why the office is closed on `date` (土曜日, 成人の日, 年末年始), or nil when it is open.
  package func closure(on date: CivilDate, language: Language = .ja) -> String? {
    if let name = holidays[date.dayNumber] { return language == .en ? "national holiday (\(name))" : name }
    let (_, month, day) = date.parts
    if (month == 12 && day >= 29) || (month == 1 && day <= 3) {
      return language == .en ? "year-end holidays" : "年末年始"
    }
    switch date.weekday {
    case 0: return language == .en ? "Sunday" : "日曜日"
    case 6: return language == .en ? "Saturday" : "土曜日"
    default: return nil
    }
  }

  package func isClosed(_ date: CivilDate) -> Bool { closure(on: date) != nil }

  /// `date` itself when the office is open then, else the next day it is.
  package func nextOpenDay(onOrAfter date: CivilDate) -> CivilDate {
    var day = date
    // At most the year-end break plus a weekend and holidays: a bounded walk.
    while isClosed(day) { day = day.adding(days: 1) }
    return day
  }

  /// True when the holiday table covers `date`'s year, so a move past closed days is certain.
  package func covers(_ date: CivilDate) -> Bool { years?.contains(date.year) ?? false }
}

/// A concrete deadline: the last day of the legal period and, when that is a closed day, the day it moves to.
package struct Deadline: Sendable, Equatable {
  /// The last day to file.
  package var date: CivilDate
  /// The last day of the period before any move (equal to `date` when it did not move).
  package var lastDayOfPeriod: CivilDate
  /// Why the last day of the period was closed, when the deadline moved.
  package var movedBecause: String?
  /// False when the holiday table does not cover the dates involved: the move past closed days may be incomplete.
  package var isCertain: Bool

  package var hasMoved: Bool { date != lastDayOfPeriod }
}

extension Measure.Due {
  /// The deadline for an event on `event`: the last day of the period, moved to the next open day when it falls on a
  /// closed day and the rule says so.
  package func deadline(after event: CivilDate, calendar: OfficeCalendar, language: Language = .ja) -> Deadline {
    let last = lastDay(after: event)
    guard movesPastClosedDays else {
      return Deadline(date: last, lastDayOfPeriod: last, movedBecause: nil, isCertain: true)
    }
    let moved = calendar.nextOpenDay(onOrAfter: last)
    return Deadline(
      date: moved, lastDayOfPeriod: last, movedBecause: calendar.closure(on: last, language: language),
      isCertain: calendar.covers(last) && calendar.covers(moved))
  }
}

extension Measure.Due: CustomStringConvertible {
  /// The rule as its source says it: `after=birth,move-in days=15 counting=day-after closed_days=next-open-day`.
  package var description: String {
    let length: String
    switch self.length {
    case .days(let n): length = "days=\(n)"
    case .months(let n): length = "months=\(n)"
    case .years(let n): length = "years=\(n)"
    }
    return "after=\(events.joined(separator: ",")) \(length) counting=\(start.rawValue) closed_days="
      + (movesPastClosedDays ? "next-open-day" : "keep")
  }
}
