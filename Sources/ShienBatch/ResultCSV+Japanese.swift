import ShienCatalog
import ShienMatching

/// The words of a CSV result for people who read Japanese (`shien batch --format csv --lang ja`): column names,
/// statuses, periods and changes, and the way back, so that `--since` reads such a sheet too.
extension ResultCSV {
  /// `header` in Japanese, with the municipality's name after its code.
  package static let japaneseHeader = [
    "世帯番号", "基準日", "市区町村コード", "市区町村", "制度ID", "制度名", "判定", "金額（下限）", "金額（上限）", "単位", "金額の確認",
    "わかれば決まること", "窓口", "電話",
  ]
  /// `changeHeader` in Japanese.
  package static let japaneseChangeHeader = [
    "世帯番号", "世帯", "制度ID", "制度名", "変化", "前回の判定", "前回の金額（下限）", "前回の金額（上限）", "今回の判定", "今回の金額（下限）",
    "今回の金額（上限）", "単位",
  ]

  /// The English column of each Japanese one (the municipality's name has none).
  package static let englishColumn: [String: String] = Dictionary(
    uniqueKeysWithValues: zip(
      japaneseHeader.filter { $0 != "市区町村" } + japaneseChangeHeader.filter { !japaneseHeader.contains($0) },
      header + changeHeader.filter { !header.contains($0) }))

  package static func japanese(_ status: MeasureResult.Status) -> String {
    switch status {
    case .eligible: "対象"
    case .maybe: "条件しだい"
    case .ineligible: "対象外"
    }
  }

  package static func japanese(_ period: Measure.Period) -> String {
    switch period {
    case .month: "月額"
    case .year: "年額"
    case .once: "1回"
    case .day: "日額"
    }
  }

  package static func japanese(_ change: ChangeKind) -> String {
    switch change {
    case .newlyEligible: "新たに対象"
    case .newlyMaybe: "新たに条件しだい"
    case .noLongerEligible: "対象外になった"
    case .statusChanged: "判定が変わった"
    case .amountChanged: "金額が変わった"
    }
  }

  package static func japanese(_ presence: HouseholdPresence) -> String {
    switch presence {
    case .changed: "変化あり"
    case .new: "新規"
    case .removed: "前回のみ"
    }
  }

  /// A status as either sheet writes it.
  package static func status(_ text: String) -> MeasureResult.Status? {
    MeasureResult.Status(rawValue: text) ?? [.eligible, .maybe, .ineligible].first { japanese($0) == text }
  }

  /// A period as either sheet writes it.
  package static func period(_ text: String) -> Measure.Period? {
    Measure.Period(rawValue: text) ?? Measure.Period.allCases.first { japanese($0) == text }
  }
}
