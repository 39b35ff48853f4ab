import ShienCatalog
import ShienRules

/// A catalog made ready for many households: every rule in flat form, and what households of one place share
/// looked up once. Immutable, so the workers of a batch share one.
package final class CompiledCatalog: Sendable {
  /// The flat entries of one measure's rules.
  package struct MeasureEntries: Sendable {
    package var conditions: [FlatProgram.Entry]
    package var amount: FlatProgram.Entry?
    /// One per document; nil for a document everyone needs.
    package var documents: [FlatProgram.Entry?]
    /// One per desk choice (`desk_by`), in the measure's order.
    package var deskChoices: [FlatProgram.Entry]
  }

  package let catalog: Catalog
  package let program: FlatProgram
  /// By measure index, as `catalog.measures`.
  package let entries: [MeasureEntries]
  /// Desk indexes by municipality code, in catalog order.
  package let desksByMunicipality: [String: [Int]]

  package init(catalog: Catalog) {
    self.catalog = catalog
    var program = FlatProgram(library: catalog.library)
    var entries: [MeasureEntries] = []
    for measure in catalog.measures {
      entries.append(
        MeasureEntries(
          conditions: measure.conditions.map { program.add($0.rule) },
          amount: measure.amount.map { program.add($0.rule) },
          documents: measure.documents.map { document in document.condition.map { program.add($0) } },
          deskChoices: measure.deskChoices.map { program.add($0.condition) }))
    }
    self.program = program
    self.entries = entries
    var desks: [String: [Int]] = [:]
    for (index, desk) in catalog.desks.enumerated() { desks[desk.municipality, default: []].append(index) }
    desksByMunicipality = desks
  }

  /// As ``Catalog/desk(for:municipality:)``, from the municipality's own desks only.
  package func desk(for measure: Measure, municipality: String?) -> ResolvedDesk {
    if let municipality, let local = desksByMunicipality[municipality] {
      if let index = local.first(where: { catalog.desks[$0].measures.contains(measure.id) }) {
        return catalog.resolved(catalog.desks[index], subject: measure.id)
      }
      if let index = local.first(where: { catalog.desks[$0].roles.contains(measure.deskRole) }) {
        return catalog.resolved(catalog.desks[index], subject: measure.deskRole)
      }
    }
    return catalog.desk(for: measure, municipality: nil)
  }
}
