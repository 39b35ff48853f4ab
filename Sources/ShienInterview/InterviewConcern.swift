import ShienCatalog
import ShienFacts

/// What troubles the household (「いま困っていること・知りたいことは？」): asked once after the members, it tells the
/// planner which measures to ask about first. Each concern is a set of the catalog's life events (catalog/events.json);
/// a measure belongs to a concern when it names one of them.
package enum InterviewConcern: String, CaseIterable, Sendable {
  case children, money, work, housing, health, singleParent = "single-parent", death, everything

  /// The life events of the concern; nil for ``everything``.
  package var events: Set<String>? {
    switch self {
    case .children: ["pregnancy", "birth", "childcare", "school-entry"]
    case .money: ["hardship"]
    case .work: ["job-loss"]
    case .housing: ["move-in", "move-out", "hardship"]
    case .health: ["illness", "disability"]
    case .singleParent: ["divorce"]
    case .death: ["death"]
    case .everything: nil
    }
  }

  /// The measures (by id) that concern any of `concerns`; nil when every measure does (``everything``, or nothing
  /// chosen).
  package static func measures(for concerns: [InterviewConcern], in catalog: Catalog) -> Set<String>? {
    if concerns.isEmpty || concerns.contains(.everything) { return nil }
    var events: Set<String> = []
    for concern in concerns { events.formUnion(concern.events ?? []) }
    return Set(catalog.measures.filter { !events.isDisjoint(with: $0.events) }.map(\.id))
  }

  /// Reads 「1,3」「1 3」「子育て・出産とお金」「all」: the numbers or words of one or more concerns.
  package static func parse(_ text: String, labels: [InterviewConcern: [String]]) -> [InterviewConcern]? {
    let normalized = EverydayInput.normalizeWidth(text).lowercased()
    var found: [InterviewConcern] = []
    let pieces = normalized.split { " ,、，/と・".contains($0) }.map(String.init)
    if !pieces.isEmpty, pieces.allSatisfy({ Int($0) != nil }) {
      for piece in pieces {
        guard let number = Int(piece), allCases.indices.contains(number - 1) else { return nil }
        if !found.contains(allCases[number - 1]) { found.append(allCases[number - 1]) }
      }
      return found
    }
    for concern in allCases {
      let words = (labels[concern] ?? []).map { $0.lowercased() }
      if words.contains(where: { !$0.isEmpty && normalized.contains($0) }) { found.append(concern) }
    }
    return found.isEmpty ? nil : found
  }
}
