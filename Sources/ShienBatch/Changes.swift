import ShienCatalog
import ShienMatching
import ShienSupport

/// A household's answer for one measure, as far as comparing two runs needs it: status and amount.
package struct MeasureOutcome: Sendable, Equatable {
  package struct Amount: Sendable, Equatable {
    package var min: Double
    /// Infinite when the amount has no upper bound.
    package var max: Double
    package var per: Measure.Period
  }

  package var status: MeasureResult.Status
  package var amount: Amount?

  package init(status: MeasureResult.Status, amount: Amount?) {
    self.status = status
    self.amount = amount
  }

  package init(_ result: MeasureResult) {
    status = result.status
    amount = result.amount.map { Amount(min: $0.min, max: $0.max, per: $0.per) }
  }

  /// Eligible or maybe: what a run lists by default.
  package var isListed: Bool { status != .ineligible }
}

/// How a household's answer for a measure changed since an earlier run: the list a city turns into letters.
package enum ChangeKind: String, Sendable, CaseIterable {
  /// Not listed before (ineligible, or not in force), eligible now.
  case newlyEligible = "newly_eligible"
  /// Not listed before, maybe now: a letter asking for the missing facts.
  case newlyMaybe = "newly_maybe"
  /// Eligible or maybe before, ineligible (or not in force) now.
  case noLongerEligible = "no_longer_eligible"
  /// Between maybe and eligible, either way.
  case statusChanged = "status_changed"
  /// Same status, another amount (a new year's amounts, another child, another income).
  case amountChanged = "amount_changed"
}

/// One measure's change for one household.
package struct MeasureChange: Sendable, Equatable {
  package var measure: String
  package var kind: ChangeKind
  package var before: MeasureOutcome?
  package var after: MeasureOutcome?

  /// Compares two runs' answers, measure by measure (ids sorted). A measure not listed, or ineligible, counts as
  /// not eligible on that side, so runs with and without `--all` compare alike.
  package static func changes(before: [(String, MeasureOutcome)], after: [(String, MeasureOutcome)])
    -> [MeasureChange]
  {
    var old: [String: MeasureOutcome] = [:]
    for (id, outcome) in before where outcome.isListed { old[id] = outcome }
    var new: [String: MeasureOutcome] = [:]
    for (id, outcome) in after where outcome.isListed { new[id] = outcome }
    var changes: [MeasureChange] = []
    for id in Set(old.keys).union(new.keys).sorted() {
      let kind: ChangeKind
      switch (old[id], new[id]) {
      case (nil, let a?): kind = a.status == .eligible ? .newlyEligible : .newlyMaybe
      case (_?, nil): kind = .noLongerEligible
      case (let b?, let a?):
        if b.status != a.status {
          kind = .statusChanged
        } else if b.amount != a.amount {
          kind = .amountChanged
        } else {
          continue
        }
      case (nil, nil): continue
      }
      changes.append(MeasureChange(measure: id, kind: kind, before: old[id], after: new[id]))
    }
    return changes
  }
}

/// Whether a household is in both runs, only in this one, or only in the earlier one.
package enum HouseholdPresence: String, Sendable {
  case changed, new, removed
}

/// Counts for the `--since` summary: households per measure and per kind of change, and households compared.
package struct ChangeSummary: Sendable, Equatable {
  /// For each measure id, households per `ChangeKind` (in `ChangeKind.allCases` order).
  package var counts: [String: [Int]] = [:]
  /// Households found in the earlier run.
  package var compared = 0
  /// Households with at least one change (new households included).
  package var changed = 0
  package var new = 0
  package var removed = 0

  package init() {}

  package mutating func add(_ changes: [MeasureChange], presence: HouseholdPresence) {
    switch presence {
    case .new: new += 1
    case .removed: removed += 1
    case .changed: compared += 1
    }
    if !changes.isEmpty, presence != .removed { changed += 1 }
    for change in changes {
      let index = ChangeKind.allCases.firstIndex(of: change.kind)!
      counts[change.measure, default: Array(repeating: 0, count: ChangeKind.allCases.count)][index] += 1
    }
  }

  package mutating func merge(_ other: ChangeSummary) {
    compared += other.compared
    changed += other.changed
    new += other.new
    removed += other.removed
    for (measure, values) in other.counts {
      var mine = counts[measure] ?? Array(repeating: 0, count: ChangeKind.allCases.count)
      for index in values.indices { mine[index] += values[index] }
      counts[measure] = mine
    }
  }

  /// The table printed on stderr after a `--since` run.
  package func rendered(names: (String) -> String?) -> String {
    var text = "since: \(compared + new) households, \(compared) in the earlier run, \(new) new, \(removed) gone;"
    text += " \(changed) with changes\n"
    guard !counts.isEmpty else { return text }
    let headers = ChangeKind.allCases.map(\.rawValue)
    let rows = counts.keys.sorted().map { id in
      (names(id).map { "\(id) \($0)" } ?? id, counts[id]!)
    }
    let labelWidth = max(7, rows.map { DisplayWidth.of($0.0) }.max() ?? 0)
    func pad(_ text: String, _ width: Int) -> String {
      text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
    }
    text += pad("measure", labelWidth) + headers.map { "  " + $0 }.joined() + "\n"
    for (label, values) in rows {
      text += pad(label, labelWidth)
      for (header, value) in zip(headers, values) {
        let number = String(value)
        text += "  " + String(repeating: " ", count: header.count - number.count) + number
      }
      text += "\n"
    }
    return text
  }
}
