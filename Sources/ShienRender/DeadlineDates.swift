import ShienCatalog
import ShienFacts
import ShienSupport

/// The concrete last day to apply for a measure when the household's own dates fix it (a child's birth date and a
/// deadline counted from the birth): the text result, `check` and the handout show the same date, and say so when it
/// has passed.
package enum DeadlineDates {
  /// The deadline counted from the latest birth in the household on or before `asOf`: the nearest one still to come,
  /// else the one that passed most recently; nil when no date of the household fixes it.
  package static func deadline(
    for measure: Measure, household: Household, asOf: CivilDate, calendar: OfficeCalendar, language: Language
  ) -> Deadline? {
    guard let due = measure.procedure.due, due.events.contains("birth") else { return nil }
    let deadlines = household.members.filter { $0.role == "child" }.compactMap(\.birthDate).filter { $0 <= asOf }
      .map { due.deadline(after: $0, calendar: calendar, language: language) }
    if let next = deadlines.filter({ $0.date >= asOf }).min(by: { $0.date < $1.date }) { return next }
    return deadlines.max { $0.date < $1.date }
  }

  /// 「2026-12-07まで」, or 「2026-11-30まで（期限を過ぎています。…）」 once it has passed.
  package static func text(_ deadline: Deadline, asOf: CivilDate, language: Language) -> String {
    if deadline.date < asOf {
      return language.pick(
        "\(deadline.date)まで（期限を過ぎています。遅れた分を受け取れないことがあるので、すぐ窓口に相談してください）",
        "by \(deadline.date) (this date has passed: ask the desk at once, as late months may be lost)",
        "\(deadline.date) まで（もう すぎて います。すぐ まどぐち に そうだん して ください）")
    }
    return language.pick("\(deadline.date)まで", "by \(deadline.date)", "\(deadline.date) まで")
  }
}
