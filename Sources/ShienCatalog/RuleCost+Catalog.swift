import ShienRules

extension RuleCost {
  /// What evaluating every rule of `catalog` for one household may cost, largest first: each measure's conditions,
  /// amount and document conditions, and each definition (once per member it can be about).
  package static func perHousehold(_ catalog: Catalog) -> [(what: String, cost: Double)] {
    var parts: [(what: String, cost: Double)] = []
    for measure in catalog.measures {
      let rules =
        measure.conditions.map(\.rule) + (measure.amount.map { [$0.rule] } ?? [])
        + measure.documents.compactMap(\.condition)
      parts.append(("measure \(measure.id)", rules.reduce(0) { $0 + of($1.expr) }))
    }
    for definition in catalog.library.definitions {
      parts.append(("definition \(definition.name)", perHousehold(definition)))
    }
    return parts.sorted { $0.cost > $1.cost }
  }
}
