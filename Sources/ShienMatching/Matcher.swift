import ShienCatalog
import ShienFacts
import ShienRules
import ShienSupport

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
    /// False when the amount rests on a parameter no official source confirmed, or on one past its expected
    /// revision (see `stale`).
    package var isVerified: Bool
    /// The parameters past their expected revision that the amount rests on, each with the period it lacks.
    package var stale: [StaleParameter] = []
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
  package var location: LocalizedText?
  package var hours: LocalizedText?
  package var url: String?
  /// What about this answer no official source confirms (its fields, or that this desk handles the role).
  package var caveats: [Desk.Caveat] = []
  /// True when the municipality has no desk data for the role and the answer names only the role.
  package var isGeneric: Bool
  /// True when the role is not a city hall's (the school, ハローワーク, the employer): its name is the whole answer.
  package var isOutsideCityHall = false

  /// True when the answer names only the role where a city desk is missing from the catalog's data (a role outside
  /// city hall needs none).
  package var lacksDeskData: Bool { isGeneric && !isOutsideCityHall }

  /// True when a caveat says the field (`phone`, `hours`, …) is not confirmed.
  package func isUnverified(_ field: String) -> Bool { caveats.contains { $0.subject == field } }

  package init(
    name: LocalizedText, phone: String? = nil, address: String? = nil, location: LocalizedText? = nil,
    hours: LocalizedText? = nil, url: String? = nil, caveats: [Desk.Caveat] = [], isGeneric: Bool,
    isOutsideCityHall: Bool = false
  ) {
    self.name = name
    self.phone = phone
    self.address = address
    self.location = location
    self.hours = hours
    self.url = url
    self.caveats = caveats
    self.isGeneric = isGeneric
    self.isOutsideCityHall = isOutsideCityHall
  }
}

/// Why a household's municipality could not be used.
package enum MunicipalityError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No municipality has this name; `suggestions` are the closest names (at most five).
  case unknown(String, suggestions: [Municipality])
  /// A number that is not a 全国地方公共団体コード: not 5 or 6 digits, no municipality with it, or a wrong check
  /// digit (`expected` is then the municipality the first five digits name).
  case badCode(String, expected: Municipality?)
  case ambiguous(String, [Municipality])
  /// The name is a municipality of another prefecture than the one given.
  case wrongPrefecture(String, prefecture: String, found: [Municipality])

  package var description: String {
    switch self {
    case .unknown(let text, let suggestions):
      guard !suggestions.isEmpty else { return "unknown municipality '\(text)'" }
      let names = suggestions.map(\.described)
      let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names.last!
      return "unknown municipality '\(text)'; did you mean \(list)?"
    case .badCode(let text, let expected?):
      return
        "'\(text)' has a wrong check digit: \(expected.prefecture)\(expected.name) is \(expected.code) or \(expected.code6)"
    case .badCode(let text, nil):
      if text.count == 5 || text.count == 6 { return "no municipality has the code '\(text)'" }
      return "'\(text)' is not a municipality code: give its 5 digits (40223) or 6 with the check digit (402231)"
    case .ambiguous(let text, let matches):
      return "'\(text)' is the name of more than one municipality ("
        + matches.map { "\($0.prefecture)\($0.name) \($0.code)" }.joined(separator: ", ")
        + "); give the prefecture or the code"
    case .wrongPrefecture(let text, let prefecture, let found):
      return "there is no '\(text)' in \(prefecture); "
        + found.map { "\($0.prefecture)\($0.name) (\($0.code))" }.joined(separator: ", ") + " is in another prefecture"
    }
  }
}

extension Municipality {
  /// 古賀市（福岡県, 40223）.
  fileprivate var described: String { "\(name)（\(prefecture), \(code)）" }
}

extension Catalog {
  /// Finds a municipality by its 全国地方公共団体コード (5 digits, or 6 with the check digit), by name, or by
  /// prefecture and name (福岡県古賀市). Full-width digits and ケ/ヶ spellings are accepted.
  package func municipality(matching text: String, prefecture: String? = nil) throws(MunicipalityError) -> Municipality
  {
    let query = Catalog.municipalityKey(text)
    if !query.isEmpty, query.allSatisfy(\.isASCII), query.allSatisfy(\.isNumber) {
      guard query.count == 5 || query.count == 6 else { throw .badCode(text, expected: nil) }
      let code = String(query.prefix(5))
      guard let found = municipalities.first(where: { $0.code == code }) else { throw .badCode(query, expected: nil) }
      if query.count == 6, found.code6 != query { throw .badCode(query, expected: found) }
      return found
    }
    let prefectureKey = prefecture.map(Catalog.municipalityKey)
    var matches = municipalities.filter { $0.name == query || $0.prefecture + $0.name == query }
    if matches.isEmpty, query.contains("ケ") {
      // The slow path, for ヶ/ケ spellings.
      matches = municipalities.filter {
        let name = Catalog.municipalityKey($0.name)
        return name == query || Catalog.municipalityKey($0.prefecture) + name == query
      }
    }
    if let prefectureKey, !prefectureKey.isEmpty, !matches.isEmpty {
      let inPrefecture = matches.filter { Catalog.municipalityKey($0.prefecture) == prefectureKey }
      if inPrefecture.isEmpty { throw .wrongPrefecture(text, prefecture: prefecture!, found: matches) }
      matches = inPrefecture
    }
    if matches.count == 1 { return matches[0] }
    if matches.count > 1 { throw .ambiguous(text, matches) }
    throw .unknown(text, suggestions: suggestions(for: query))
  }

  /// Close names for an unknown one: names that start with it (古賀 → 古賀市), then names within a small edit
  /// distance (古河市 → 古賀市), at most five.
  private func suggestions(for query: String) -> [Municipality] {
    guard !query.isEmpty else { return [] }
    // A prefecture the name is not in (東京都古賀市): the name itself, wherever it is.
    if let prefecture = Set(municipalities.map(\.prefecture)).first(where: { query.hasPrefix($0) }),
      query.count > prefecture.count
    {
      let rest = String(query.dropFirst(prefecture.count))
      let elsewhere = municipalities.filter { $0.name == rest }
      return elsewhere.isEmpty ? suggestions(for: rest) : Array(elsewhere.prefix(5))
    }
    var found: [Municipality] = []
    for m in municipalities where found.count < 5 {
      let name = Catalog.municipalityKey(m.name)
      let full = Catalog.municipalityKey(m.prefecture) + name
      if (name.hasPrefix(query) && name.count <= query.count + 1) || (full.hasPrefix(query) && query.count > 3) {
        found.append(m)
      }
    }
    guard found.isEmpty else { return found }
    let limit = max(1, min(2, (query.count + 2) / 3))
    let target = Array(query.unicodeScalars)
    var scored: [(Int, Municipality)] = []
    for m in municipalities {
      let name = Catalog.municipalityKey(m.name)
      let distance = editDistance(target, Array(name.unicodeScalars))
      if distance <= limit { scored.append((distance, m)) }
    }
    return scored.sorted { $0.0 < $1.0 }.prefix(5).map(\.1)
  }

  /// The form names are compared in: full-width digits and letters made half-width, spaces dropped, ヶ and ヵ
  /// read as ケ (金ケ崎町 and 外ヶ浜町 are both official spellings).
  static func municipalityKey(_ text: String) -> String {
    var key = ""
    for character in EverydayInput.normalizeWidth(text) where !character.isWhitespace {
      key.append(character == "ヶ" || character == "ヵ" ? "ケ" : character)
    }
    return key
  }

  /// The desk for a measure in a municipality: the desk that names the measure itself, else the desk that answers
  /// for its role, else the generic answer for the role ("お住まいの市区町村の子育て支援担当").
  package func desk(for measure: Measure, municipality: String?) -> ResolvedDesk {
    if let municipality {
      let local = desks.filter { $0.municipality == municipality }
      if let desk = local.first(where: { $0.measures.contains(measure.id) }) {
        return resolved(desk, subject: measure.id)
      }
      if let desk = local.first(where: { $0.roles.contains(measure.deskRole) }) {
        return resolved(desk, subject: measure.deskRole)
      }
    }
    return genericDesk(role: measure.deskRole)
  }

  /// The desk that answers for `role` in a municipality (for a life event's procedure), else the generic answer.
  package func desk(role: String, municipality: String?) -> ResolvedDesk {
    if let municipality, let desk = desks.first(where: { $0.municipality == municipality && $0.roles.contains(role) }) {
      return resolved(desk, subject: role)
    }
    return genericDesk(role: role)
  }

  /// The role's generic answer.
  private func genericDesk(role: String) -> ResolvedDesk {
    let name = roles[role]?.name ?? LocalizedText(ja: role)
    return ResolvedDesk(
      name: name, phone: nil, address: nil, location: nil, hours: nil, url: nil, isGeneric: true,
      isOutsideCityHall: roles[role]?.isOutsideCityHall ?? false)
  }

  /// A desk's answer, with its caveats about its fields and about `subject` (the role or measure it answers for).
  func resolved(_ desk: Desk, subject: String) -> ResolvedDesk {
    ResolvedDesk(
      name: desk.name, phone: desk.phone, address: desk.address, location: desk.location, hours: desk.hours,
      url: desk.url,
      caveats: desk.caveats.filter { Desk.Caveat.fields.contains($0.subject) || $0.subject == subject },
      isGeneric: false)
  }

  /// The ids of the measures that local measures replace for a household in `municipality` on `date`.
  package func replacedMeasures(in municipality: Municipality?, on date: CivilDate) -> Set<String> {
    guard let municipality else { return [] }
    var replaced: Set<String> = []
    for measure in measures where !measure.replaces.isEmpty && measure.isValid(on: date) {
      if measure.applies(in: municipality) { replaced.formUnion(measure.replaces) }
    }
    return replaced
  }
}

extension Measure {
  /// Whether the measure's scope covers a household in `municipality`.
  package func applies(in municipality: Municipality) -> Bool {
    switch scope {
    case .national: return true
    case .prefecture(let name): return municipality.prefecture == name
    case .municipality(let code): return municipality.code == code
    }
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
  ///
  /// - Parameter details: false to leave out documents and desks, when only status, amount and missing facts are
  ///   wanted (the interview's planner tries answers this way).
  package func match(
    _ household: Household, asOf: CivilDate, municipality: Municipality?, only ids: Set<String>? = nil,
    details: Bool = true
  ) -> [MeasureResult] {
    var evaluator = Evaluator(library: catalog.library, household: resolved(household, in: municipality), asOf: asOf)
    var results: [MeasureResult] = []
    // Where the household's municipality (or prefecture) has its own version of a measure, only that one is listed.
    let replaced = catalog.replacedMeasures(in: municipality, on: asOf)
    // By position and sorted in place: a measure (and a result, which holds one) is large, and copies cost.
    for index in catalog.measures.indices {
      guard catalog.measures[index].isValid(on: asOf), applies(catalog.measures[index], to: municipality),
        !replaced.contains(catalog.measures[index].id)
      else { continue }
      if let ids, !ids.contains(catalog.measures[index].id) { continue }
      results.append(evaluate(catalog.measures[index], with: &evaluator, municipality: municipality, details: details))
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

  /// The household as rules see it: `municipality` is the code of the municipality it lives in and `prefecture` that
  /// municipality's prefecture, whatever form the household gave them in (古賀市, 福岡県古賀市, 40223, 402231).
  func resolved(_ household: Household, in municipality: Municipality?) -> Household {
    guard let municipality else { return household }
    var household = household
    if let index = municipalityFact { household.facts[index] = .text(municipality.code) }
    if let index = prefectureFact { household.facts[index] = .text(municipality.prefecture) }
    return household
  }

  /// An evaluator for `household` as rules see it where it lives (see `resolved`), for ``result(of:with:municipality:details:)``.
  package func makeEvaluator(for household: Household, asOf: CivilDate, municipality: Municipality?) -> Evaluator {
    Evaluator(library: catalog.library, household: resolved(household, in: municipality), asOf: asOf)
  }

  /// One measure's answer, evaluated with `evaluator` (from ``makeEvaluator(for:asOf:municipality:)``), so that several measures
  /// share what it has computed; the measure is assumed to apply where the household lives.
  package func result(
    of measure: Measure, with evaluator: inout Evaluator, municipality: Municipality?, details: Bool = true
  ) -> MeasureResult {
    evaluate(measure, with: &evaluator, municipality: municipality, details: details)
  }

  /// Whether a measure's scope can cover the household: a local measure applies where the household lives, and
  /// while the municipality is unknown it is kept (as `maybe`).
  package func applies(_ measure: Measure, to municipality: Municipality?) -> Bool {
    guard let municipality else { return true }
    return measure.applies(in: municipality)
  }

  private func evaluate(
    _ measure: Measure, with evaluator: inout Evaluator, municipality: Municipality?, details: Bool
  ) -> MeasureResult {
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
      let staleMark = evaluator.staleReads.count
      let (value, amountMissing) = evaluator.evaluate(rule.rule)
      let range = value.interval
      let verified = evaluator.unverifiedReads == reads
      amount = MeasureResult.Amount(
        min: range.lo.isFinite ? max(0, range.lo) : 0, max: range.hi, per: rule.per, isVerified: verified,
        stale: staleParameters(evaluator.staleReads[staleMark...], on: evaluator.asOf))
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

    guard details else {
      let none = ResolvedDesk(name: LocalizedText([:]), phone: nil, address: nil, hours: nil, url: nil, isGeneric: true)
      return MeasureResult(
        measure: measure, status: status, amount: amount, missing: missing.sorted(), why: why, documents: [], desk: none
      )
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
    // The desk can depend on a fact (the employer's insurer for 会社の健康保険): the first choice that holds.
    let chosen = measure.deskChoices.first { evaluator.evaluate($0.condition).value.truth == .yes }
    return MeasureResult(
      measure: measure, status: status, amount: amount, missing: missing.sorted(), why: why, documents: documents,
      desk: chosen.map { catalog.desk(role: $0.role, municipality: municipality?.code) }
        ?? catalog.desk(for: measure, municipality: municipality?.code))
  }

  /// The stale parameters read, once each, in the catalog's order.
  private func staleParameters(_ reads: ArraySlice<Int>, on date: CivilDate) -> [StaleParameter] {
    guard !reads.isEmpty else { return [] }
    return Set(reads).sorted().compactMap { catalog.library.parameters[$0].stale(on: date) }
  }

  func scopeText(_ scope: Measure.Scope) -> LocalizedText {
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
