/// The answer for one measure and one household.
package struct MeasureResult: Sendable {
  package enum Status: String, Sendable, Comparable {
    case eligible, maybe, ineligible

    private var order: Int {
      switch self {
      case .eligible: 0
      case .maybe: 1
      case .ineligible: 2
      }
    }

    package static func < (lhs: Status, rhs: Status) -> Bool { lhs.order < rhs.order }
  }

  package struct Amount: Sendable, Equatable {
    package var min: Double
    package var max: Double
    package var per: Measure.Period
    /// False when the amount rests on a parameter no official source confirmed.
    package var isVerified: Bool
  }

  package struct Reason: Sendable {
    package var text: LocalizedText
    package var holds: Truth
  }

  package var measure: Measure
  package var status: Status
  package var amount: Amount?
  /// Facts that would settle the status, or narrow the amount.
  package var missing: [MissingFact]
  package var why: [Reason]
  package var documents: [(name: LocalizedText, isConditional: Bool)]
  package var desk: ResolvedDesk
}

/// The desk to contact for a measure: a real desk of the municipality, or the generic answer for its role.
package struct ResolvedDesk: Sendable {
  package var name: LocalizedText
  package var phone: String?
  package var address: String?
  package var hours: String?
  package var url: String?
  /// True when no desk data exists for the municipality and the answer names only the role.
  package var isGeneric: Bool
}

/// Why a household's municipality could not be used.
package enum MunicipalityError: Error, Equatable, Sendable, CustomStringConvertible {
  case unknown(String, suggestion: String?)
  case ambiguous(String, [Municipality])

  package var description: String {
    switch self {
    case .unknown(let text, let suggestion):
      "unknown municipality '\(text)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
    case .ambiguous(let text, let matches):
      "'\(text)' is the name of more than one municipality ("
        + matches.map { "\($0.prefecture)\($0.name) \($0.code)" }.joined(separator: ", ")
        + "); give the prefecture or the code"
    }
  }
}

extension Catalog {
  /// Finds a municipality by 5- or 6-digit code, by name, or by prefecture and name (福岡県古賀市).
  package func municipality(matching text: String, prefecture: String? = nil) throws(MunicipalityError) -> Municipality
  {
    let query = EverydayInput.normalizeWidth(text)
    if query.allSatisfy(\.isNumber) {
      let code = query.count == 6 ? String(query.prefix(5)) : query
      if let found = municipalities.first(where: { $0.code == code }) { return found }
      throw .unknown(text, suggestion: nil)
    }
    var matches = municipalities.filter { $0.name == query || $0.prefecture + $0.name == query }
    if let prefecture, matches.count > 1 { matches = matches.filter { $0.prefecture == prefecture } }
    if matches.count == 1 { return matches[0] }
    if matches.count > 1 { throw .ambiguous(text, matches) }
    throw .unknown(text, suggestion: closestMatch(to: query, in: municipalities.map(\.name)))
  }

  /// The desk for a role in a municipality, or the generic answer.
  package func desk(role: String, municipality: String?) -> ResolvedDesk {
    if let municipality, let desk = desks.first(where: { $0.municipality == municipality && $0.roles.contains(role) }) {
      return ResolvedDesk(
        name: desk.name, phone: desk.phone, address: desk.address, hours: desk.hours, url: desk.url, isGeneric: false)
    }
    let name = roles[role]?.name ?? LocalizedText(ja: role)
    return ResolvedDesk(name: name, phone: nil, address: nil, hours: nil, url: nil, isGeneric: true)
  }
}

/// Matches households against the catalog's measures.
package struct Matcher: Sendable {
  package let catalog: Catalog
  private let municipalityFact: Int?
  private let prefectureFact: Int?

  package init(catalog: Catalog) {
    self.catalog = catalog
    self.municipalityFact = catalog.vocabulary.index(of: "municipality")
    self.prefectureFact = catalog.vocabulary.index(of: "prefecture")
  }

  /// The household's municipality, resolved to its code; nil when not given.
  package func municipality(of household: Household) throws(MunicipalityError) -> Municipality? {
    guard let index = municipalityFact, case .text(let text?)? = household.facts[index] else { return nil }
    var prefecture: String?
    if let p = prefectureFact, case .text(let value?)? = household.facts[p] { prefecture = value }
    return try catalog.municipality(matching: text, prefecture: prefecture)
  }

  /// Every measure in force on `asOf` that could apply where the household lives, best first.
  package func match(
    _ household: Household, asOf: CivilDate, municipality: Municipality?, only ids: Set<String>? = nil
  ) -> [MeasureResult] {
    var evaluator = Evaluator(library: catalog.library, household: household, asOf: asOf)
    var results: [MeasureResult] = []
    // By position and sorted in place: a measure (and a result, which holds one) is large, and copies cost.
    for index in catalog.measures.indices {
      guard catalog.measures[index].isValid(on: asOf), applies(catalog.measures[index], to: municipality) else {
        continue
      }
      if let ids, !ids.contains(catalog.measures[index].id) { continue }
      results.append(evaluate(catalog.measures[index], with: &evaluator, municipality: municipality))
    }
    // Selection sort by swapping: a dozen results, and no copies (the library sorts move them through temporaries).
    for i in results.indices {
      var best = i
      for j in results.indices.dropFirst(i + 1)
      where (results[j].status, results[j].measure.id) < (results[best].status, results[best].measure.id) {
        best = j
      }
      if best != i { results.swapAt(i, best) }
    }
    return results
  }

  /// Whether a measure's scope can cover the household: a local measure applies where the household lives, and
  /// while the municipality is unknown it is kept (as `maybe`).
  private func applies(_ measure: Measure, to municipality: Municipality?) -> Bool {
    guard let municipality else { return true }
    switch measure.scope {
    case .national: return true
    case .prefecture(let name): return municipality.prefecture == name
    case .municipality(let code): return municipality.code == code
    }
  }

  private func evaluate(_ measure: Measure, with evaluator: inout Evaluator, municipality: Municipality?)
    -> MeasureResult
  {
    var status = MeasureResult.Status.eligible
    var why: [MeasureResult.Reason] = []
    var missing: Set<MissingFact> = []
    if measure.scope != .national, municipality == nil {
      status = .maybe
      why.append(MeasureResult.Reason(text: scopeText(measure.scope), holds: .unknown))
      if let index = municipalityFact { missing.insert(MissingFact(member: nil, fact: index)) }
    }
    var statusMissing: Set<MissingFact> = []
    for condition in measure.conditions {
      let (value, conditionMissing) = evaluator.evaluate(condition.rule)
      let holds = value.truth
      why.append(MeasureResult.Reason(text: condition.text, holds: holds))
      switch holds {
      case .no: status = .ineligible
      case .unknown:
        if status == .eligible { status = .maybe }
        statusMissing.formUnion(conditionMissing)
      case .yes: break
      }
    }
    if status != .ineligible { missing.formUnion(statusMissing) } else { missing = [] }

    var amount: MeasureResult.Amount?
    if status != .ineligible, let rule = measure.amount {
      let reads = evaluator.unverifiedReads
      let (value, amountMissing) = evaluator.evaluate(rule.rule)
      let range = value.interval
      let verified = evaluator.unverifiedReads == reads
      amount = MeasureResult.Amount(
        min: range.lo.isFinite ? max(0, range.lo) : 0, max: range.hi, per: rule.per, isVerified: verified)
      if range.hi <= 0 {
        // Every condition held, yet the amount comes to nothing: for this household the measure pays nothing.
        status = .ineligible
        why.append(
          MeasureResult.Reason(
            text: LocalizedText(ja: "支給額が0円になる", en: "the amount comes to 0 yen", jaEasy: "もらえる おかね が 0えん"), holds: .no)
        )
        amount = nil
        missing = []
      } else {
        missing.formUnion(amountMissing)
      }
    }

    var documents: [(name: LocalizedText, isConditional: Bool)] = []
    for document in measure.documents {
      guard let condition = document.condition else {
        documents.append((document.name, false))
        continue
      }
      switch evaluator.evaluate(condition).value.truth {
      case .yes: documents.append((document.name, false))
      case .unknown: documents.append((document.name, true))
      case .no: break
      }
    }
    return MeasureResult(
      measure: measure, status: status, amount: amount, missing: missing.sorted(), why: why, documents: documents,
      desk: catalog.desk(role: measure.deskRole, municipality: municipality?.code))
  }

  private func scopeText(_ scope: Measure.Scope) -> LocalizedText {
    switch scope {
    case .national: LocalizedText(ja: "全国の制度", en: "a national measure")
    case .prefecture(let name): LocalizedText(ja: "\(name)にお住まい", en: "lives in \(name)")
    case .municipality(let code):
      LocalizedText(
        ja: "\(catalog.municipalities.first { $0.code == code }?.name ?? code)にお住まい",
        en: "lives in \(catalog.municipalities.first { $0.code == code }?.name ?? code)")
    }
  }
}
