import ShienCatalog
import ShienSupport

/// Everything `shien check` answers for one household: the input that the answer rests on and the results.
package struct Report: Sendable {
  package var householdID: String?
  package var asOf: CivilDate
  package var municipality: Municipality?
  package var catalogVersion: String
  package var catalogDigest: String
  package var results: [MeasureResult]

  package init(
    householdID: String?, asOf: CivilDate, municipality: Municipality?, catalogVersion: String, catalogDigest: String,
    results: [MeasureResult]
  ) {
    self.householdID = householdID
    self.asOf = asOf
    self.municipality = municipality
    self.catalogVersion = catalogVersion
    self.catalogDigest = catalogDigest
    self.results = results
  }
}
