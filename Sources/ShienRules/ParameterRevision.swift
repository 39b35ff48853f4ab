import ShienSupport

/// When a parameter series is revised: each year on one day (1 April for the CPI-indexed allowances and the fiscal
/// year's premiums, 1 August for the childcare-leave caps and the income-year switch).
///
/// A value in force on a date past the next revision after its start, with no newer value in the catalog, is stale:
/// it is still used, but a result resting on it is unverified and names the period the catalog lacks.
package struct ParameterRevision: Sendable, Hashable {
  package var month: Int
  package var day: Int
  /// What the series is, in words, for the note (the parameter's description, else its name).
  package var label: String
  /// The catalog file that declares the series, for the editor (`catalog/measures/child-support-allowance.json`).
  package var file: String

  package init(month: Int, day: Int, label: String, file: String) {
    self.month = month
    self.day = day
    self.label = label
    self.file = file
  }

  /// Reads `MM-DD` (`04-01`); nil for anything else, or a day that no year has.
  package init?(each text: String, label: String, file: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
      let month = Int(parts[0]), let day = Int(parts[1]), (1...12).contains(month),
      day >= 1, day <= CivilDate.daysInMonth(year: 2000, month: month), !(month == 2 && day == 29)
    else { return nil }
    self.init(month: month, day: day, label: label, file: file)
  }

  /// The first revision day after `date` (strictly later).
  package func next(after date: CivilDate) -> CivilDate {
    let thisYear = CivilDate(year: date.year, month: month, day: day)!
    return thisYear > date ? thisYear : CivilDate(year: date.year + 1, month: month, day: day)!
  }

  /// The day `period` went stale, when `date` is on or after the revision that should have replaced it; nil while it
  /// is current. A period with a `through` date is closed and never stale (the next one, or none, follows it).
  package func staleSince(_ period: Parameter.Period, on date: CivilDate) -> CivilDate? {
    guard period.through == nil else { return nil }
    let due = next(after: period.from)
    return date >= due ? due : nil
  }

  /// The rhythm in words: "each 1 April".
  package var rhythm: String { "each \(day) \(Self.monthNames[month - 1])" }

  private static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
  ]
}

/// A stale parameter a result rests on: the series, the day it went stale, and the period whose value is shown.
package struct StaleParameter: Sendable, Hashable {
  package var name: String
  package var revision: ParameterRevision
  /// The revision day with no value in the catalog (the start of the missing period).
  package var missingFrom: CivilDate
  /// The start of the period whose value is used instead.
  package var shownFrom: CivilDate
  /// An amount (額) rather than a rate or a count (値).
  package var isMoney: Bool

  /// One line for the reader: 「…：令和9年度の額が未収録のため、令和8年度の額で表示しています」.
  package func note(_ language: Language) -> String {
    let missing = Self.period(missingFrom, language)
    let shown = Self.period(shownFrom, language)
    switch language {
    case .en:
      return
        "\(name) (\(revision.label)): the value for \(missing) is not in the catalog yet; the value for \(shown) is shown"
    case .jaEasy:
      let word = isMoney ? "がく" : "かず"
      return "\(revision.label)：\(missing) の \(word) が まだ ありません。\(shown) の \(word) で だして います"
    default:
      let word = isMoney ? "額" : "値"
      return "\(revision.label)：\(missing)の\(word)が未収録のため、\(shown)の\(word)で表示しています"
    }
  }

  /// A fiscal year (令和9年度, FY2027) for a period starting on 1 April, else the month it starts (令和9年8月から).
  private static func period(_ date: CivilDate, _ language: Language) -> String {
    let reiwa = date.year - 2018
    let isFiscalYear = date.month == 4 && date.day == 1
    switch language {
    case .en:
      return isFiscalYear ? "FY\(date.year)" : "the period from \(date)"
    case .jaEasy:
      return isFiscalYear ? "\(date.year)ねんど" : "\(date.year)ねん \(date.month)がつ から"
    default:
      return isFiscalYear ? "令和\(reiwa)年度" : "令和\(reiwa)年\(date.month)月から"
    }
  }
}
