import ShienCatalog
import ShienFacts
import ShienSupport

/// The one way to check a household: its dates, `single_parent` inferred when not given, its municipality, the
/// match and the report. `check`, `events`, `batch`, the interview and the tool server all go through it.
package struct HouseholdCheck: Sendable {
  package let catalog: Catalog
  package let matcher: Matcher
  private let decoder: HouseholdDecoder
  private let municipalityFact: Int?
  private let prefectureFact: Int?
  /// The municipalities looked up so far, by prefecture and name (a batch names the same few again and again).
  private var municipalities: [String: Municipality] = [:]

  package init(catalog: Catalog) {
    self.catalog = catalog
    self.matcher = Matcher(catalog: catalog)
    self.decoder = HouseholdDecoder(vocabulary: catalog.vocabulary)
    self.municipalityFact = catalog.vocabulary.index(of: "municipality")
    self.prefectureFact = catalog.vocabulary.index(of: "prefecture")
  }

  /// A household made ready for the matcher: dates checked against `asOf`, `single_parent` inferred, the
  /// municipality resolved.
  package struct Prepared: Sendable {
    package var household: Household
    package var asOf: CivilDate
    package var municipality: Municipality?

    /// A household prepared elsewhere (the interview checks its answers as they come).
    package init(household: Household, asOf: CivilDate, municipality: Municipality?) {
      self.household = household
      self.asOf = asOf
      self.municipality = municipality
    }
  }

  /// Why a household cannot be checked.
  package enum Failure: Error, Sendable, CustomStringConvertible {
    /// A birth date that is impossible or after the evaluation date; the error names the path.
    case dates(HouseholdError)
    /// A municipality that is unknown or ambiguous.
    case municipality(MunicipalityError)

    package var description: String {
      switch self {
      case .dates(let error): return error.description
      case .municipality(let error): return error.description
      }
    }
  }

  /// The first three steps: dates, single-parent inference, municipality. `root` is the document the household
  /// was read from, so that a date error names its line and column.
  package mutating func prepare(_ household: Household, asOf: CivilDate, root: JSONNode? = nil)
    throws(Failure) -> Prepared
  {
    do {
      try decoder.checkDates(household, asOf: asOf, root: root)
    } catch {
      throw .dates(error)
    }
    var household = household
    decoder.inferSingleParent(&household)
    let municipality: Municipality?
    do {
      municipality = try self.municipality(of: household)
    } catch {
      throw .municipality(error)
    }
    return Prepared(household: household, asOf: asOf, municipality: municipality)
  }

  /// The match: every measure's result for a prepared household (only the measures `only` names, when given).
  package func match(_ prepared: Prepared, only: Set<String>? = nil) -> [MeasureResult] {
    matcher.match(prepared.household, asOf: prepared.asOf, municipality: prepared.municipality, only: only)
  }

  /// The report on a prepared household, from its results.
  package func report(_ prepared: Prepared, results: [MeasureResult]) -> Report {
    Report(
      householdID: prepared.household.id, asOf: prepared.asOf, municipality: prepared.municipality,
      catalogVersion: catalog.version, catalogDigest: catalog.digest, results: results)
  }

  /// All five steps: the household prepared, matched and reported.
  package mutating func check(
    _ household: Household, asOf: CivilDate, root: JSONNode? = nil, only: Set<String>? = nil
  ) throws(Failure) -> (prepared: Prepared, report: Report) {
    let prepared = try prepare(household, asOf: asOf, root: root)
    return (prepared, report(prepared, results: match(prepared, only: only)))
  }

  /// The household's municipality, looked up once for each name.
  private mutating func municipality(of household: Household) throws(MunicipalityError) -> Municipality? {
    guard let index = municipalityFact, case .text(let text?)? = household.facts[index] else { return nil }
    var prefecture = ""
    if let p = prefectureFact, case .text(let value?)? = household.facts[p] { prefecture = value }
    let key = prefecture + "\u{0}" + text
    if let known = municipalities[key] { return known }
    let found = try matcher.municipality(of: household)
    if let found, municipalities.count < 4096 { municipalities[key] = found }
    return found
  }
}
