import ShienCatalog
import ShienFacts
import ShienRules
import ShienSupport

/// Matches households against a ``CompiledCatalog`` with the flat evaluator: the answers of ``Matcher/match``, for
/// one household after another. One per worker; it keeps what households of one place and date share (which
/// measures apply, their desks) between households.
package struct FlatMatcher {
  package let compiled: CompiledCatalog
  private let matcher: Matcher
  private var evaluator: FlatEvaluator
  /// The measures that apply, by municipality code (empty for none given) and date, in catalog order.
  private var applicable: [PlaceKey: [Int]] = [:]
  /// Desks by measure index and municipality code.
  private var desks: [DeskKey: ResolvedDesk] = [:]
  private let municipalityFact: Int?

  private struct PlaceKey: Hashable {
    var municipality: String
    var date: CivilDate
  }

  private struct DeskKey: Hashable {
    var measure: Int
    /// The desk choice (`desk_by`) that held, or -1 for the measure's own desk.
    var choice: Int
    var municipality: String
  }

  package init(compiled: CompiledCatalog) {
    self.compiled = compiled
    matcher = Matcher(catalog: compiled.catalog)
    evaluator = FlatEvaluator(program: compiled.program)
    municipalityFact = compiled.catalog.vocabulary.index(of: "municipality")
  }

  /// As ``Matcher/match(_:asOf:municipality:only:details:)``, with details. Without `documents`, the results list
  /// none; without `desks`, every desk is the empty generic answer (for outputs that show neither).
  package mutating func match(
    _ household: Household, asOf: CivilDate, municipality: Municipality?, only ids: Set<String>? = nil,
    documents: Bool = true, desks: Bool = true
  ) -> [MeasureResult] {
    let catalog = compiled.catalog
    evaluator.reset(household: matcher.resolved(household, in: municipality), asOf: asOf)
    let key = PlaceKey(municipality: municipality?.code ?? "", date: asOf)
    let indices: [Int]
    if let known = applicable[key] {
      indices = known
    } else {
      let replaced = catalog.replacedMeasures(in: municipality, on: asOf)
      indices = catalog.measures.indices.filter {
        catalog.measures[$0].isValid(on: asOf) && matcher.applies(catalog.measures[$0], to: municipality)
          && !replaced.contains(catalog.measures[$0].id)
      }
      if applicable.count < 4096 { applicable[key] = indices }
    }
    var results: [MeasureResult] = []
    results.reserveCapacity(indices.count)
    // The sort keys beside the results: reading a key out of a result would copy the result.
    var keys: [(status: MeasureResult.Status, id: String)] = []
    keys.reserveCapacity(indices.count)
    for index in indices {
      if let ids, !ids.contains(catalog.measures[index].id) { continue }
      results.append(evaluate(index, municipality: municipality, documents: documents, desks: desks))
      keys.append((results[results.count - 1].status, catalog.measures[index].id))
    }
    // Ids are unique, so this orders the results as Matcher's sort does.
    for i in keys.indices {
      var best = i
      for j in keys.indices.dropFirst(i + 1) where (keys[j].status, keys[j].id) < (keys[best].status, keys[best].id) {
        best = j
      }
      if best != i {
        keys.swapAt(i, best)
        results.swapAt(i, best)
      }
    }
    return results
  }

  private mutating func evaluate(
    _ index: Int, municipality: Municipality?, documents wantsDocuments: Bool, desks wantsDesk: Bool
  ) -> MeasureResult {
    let measure = compiled.catalog.measures[index]
    let entries = compiled.entries[index]
    var status = MeasureResult.Status.eligible
    var why: [MeasureResult.Reason] = []
    why.reserveCapacity(measure.conditions.count + 1)
    // Lists, sorted and made unique at the end: the same facts a set would hold, without hashing.
    var missing: [MissingFact] = []
    if measure.scope != .national, municipality == nil {
      status = .maybe
      why.append(MeasureResult.Reason(text: matcher.scopeText(measure.scope), holds: .unknown))
      if let index = municipalityFact { missing.append(MissingFact(member: nil, fact: index)) }
    }
    var statusMissing: [MissingFact] = []
    for (position, condition) in measure.conditions.enumerated() {
      let (value, conditionMissing) = evaluator.evaluate(entries.conditions[position])
      let holds = value.truth
      why.append(MeasureResult.Reason(text: condition.text, holds: holds))
      switch holds {
      case .no: status = .ineligible
      case .unknown:
        if status == .eligible { status = .maybe }
        statusMissing.append(contentsOf: conditionMissing)
      case .yes: break
      }
    }
    if status != .ineligible { missing.append(contentsOf: statusMissing) } else { missing = [] }

    var amount: MeasureResult.Amount?
    if status != .ineligible, let rule = measure.amount, let entry = entries.amount {
      let reads = evaluator.unverifiedReads
      let staleMark = evaluator.staleReads.count
      let (value, amountMissing) = evaluator.evaluate(entry)
      let range = value.interval
      let verified = evaluator.unverifiedReads == reads
      amount = MeasureResult.Amount(
        min: range.lo.isFinite ? max(0, range.lo) : 0, max: range.hi, per: rule.per, isVerified: verified,
        stale: staleParameters(evaluator.staleReads[staleMark...]))
      if range.hi <= 0 {
        status = .ineligible
        why.append(
          MeasureResult.Reason(
            text: LocalizedText(ja: "支給額が0円になる", en: "the amount comes to 0 yen", jaEasy: "もらえる おかね が 0えん"), holds: .no)
        )
        amount = nil
        missing = []
      } else {
        missing.append(contentsOf: amountMissing)
      }
    }

    var documents: [(name: LocalizedText, isConditional: Bool)] = []
    for (position, document) in measure.documents.enumerated() where wantsDocuments {
      guard let entry = entries.documents[position] else {
        documents.append((document.name, false))
        continue
      }
      switch evaluator.truth(entry) {
      case .yes: documents.append((document.name, false))
      case .unknown: documents.append((document.name, true))
      case .no: break
      }
    }
    var desk = FlatMatcher.noDesk
    if wantsDesk {
      // As Matcher: the first desk choice whose condition holds, else the measure's own desk.
      let choice = entries.deskChoices.firstIndex { evaluator.truth($0) == .yes } ?? -1
      desk = self.desk(index, choice: choice, municipality: municipality?.code)
    }
    return MeasureResult(
      measure: measure, status: status, amount: amount, missing: Evaluator.sortedUnique(missing[...]), why: why,
      documents: documents, desk: desk)
  }

  /// As Matcher's: the stale parameters read, once each, in the catalog's order.
  private func staleParameters(_ reads: ArraySlice<Int>) -> [StaleParameter] {
    guard !reads.isEmpty else { return [] }
    let parameters = compiled.catalog.library.parameters
    return Set(reads).sorted().compactMap { parameters[$0].stale(on: evaluator.asOf) }
  }

  private static let noDesk = ResolvedDesk(
    name: LocalizedText([:]), phone: nil, address: nil, hours: nil, url: nil, isGeneric: true)

  private mutating func desk(_ index: Int, choice: Int, municipality: String?) -> ResolvedDesk {
    // A municipality without desks of its own gets the generic answer, the same as a household that names none.
    let place = municipality.flatMap { compiled.desksByMunicipality[$0] == nil ? nil : $0 } ?? ""
    let key = DeskKey(measure: index, choice: choice, municipality: place)
    if let known = desks[key] { return known }
    let measure = compiled.catalog.measures[index]
    let desk =
      choice >= 0
      ? compiled.catalog.desk(role: measure.deskChoices[choice].role, municipality: municipality)
      : compiled.desk(for: measure, municipality: municipality)
    if desks.count < 4096 { desks[key] = desk }
    return desk
  }
}
