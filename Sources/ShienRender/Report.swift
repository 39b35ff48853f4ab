import ShienCatalog
import ShienFacts
import ShienMatching
import ShienSupport

extension Catalog {
  /// How a missing fact reads to a machine: `members[0].income`, `rent`.
  package func path(of missing: MissingFact) -> String {
    let id = vocabulary.facts[missing.fact].id
    guard let member = missing.member else { return id }
    return "members[\(member)].\(id)"
  }

  /// How a missing fact reads to a person: 本人の年収（収入）, 2人目の子の生年月日.
  package func label(of missing: MissingFact, in household: Household, language: Language) -> String {
    let fact = vocabulary.facts[missing.fact]
    let label = fact.label.text(language)
    guard let member = missing.member, member < household.members.count else { return label }
    let who = memberName(member, in: household, language: language)
    switch language {
    case .en: return "\(label) (\(who))"
    case .ja, .jaEasy: return "\(who)の\(label)"
    }
  }

  /// 本人, 配偶者, 1人目の子 / yourself, child 1.
  package func memberName(_ index: Int, in household: Household, language: Language) -> String {
    let role = household.members[index].role
    let sameRole = household.members.indices.filter { household.members[$0].role == role }
    let roleLabel = vocabulary["role"]?.choiceLabels[role]?.text(language) ?? role
    guard sameRole.count > 1, let position = sameRole.firstIndex(of: index) else { return roleLabel }
    switch language {
    case .en: return "\(roleLabel) \(position + 1)"
    case .ja: return "\(position + 1)人目の\(roleLabel)"
    case .jaEasy: return "\(position + 1)ばんめ の \(roleLabel)"
    }
  }
}

/// Writes a report as the brief's result document.
package struct JSONReportRenderer {
  package var language: Language
  package var includeIneligible: Bool
  package var pretty: Bool
  /// Compact JSON of what every household shares (a measure's names, procedure and sources; a desk), rendered once:
  /// set by batch runs, which write the same measures for many households. Compact output only.
  package var fragments: JSONFragmentCache?

  package init(language: Language = .ja, includeIneligible: Bool, pretty: Bool) {
    self.language = language
    self.includeIneligible = includeIneligible
    self.pretty = pretty
  }

  package func render(_ report: Report, catalog: Catalog) -> String {
    var json = JSONWriter(pretty: pretty)
    write(report, catalog: catalog, into: &json)
    return json.output
  }

  /// Writes the result document into `json` (a batch run takes its bytes as they are).
  package func write(_ report: Report, catalog: Catalog, into json: inout JSONWriter) {
    json.beginObject()
    json.field("as_of", report.asOf.description)
    json.key("catalog")
    json.beginObject()
    json.field("version", report.catalogVersion)
    json.field("digest", report.catalogDigest)
    json.endObject()
    json.key("household")
    json.beginObject()
    json.field("id", report.householdID)
    if let municipality = report.municipality {
      json.key("municipality")
      json.beginObject()
      json.field("code", municipality.code)
      json.field("name", municipality.prefecture + municipality.name)
      json.endObject()
    }
    json.endObject()
    json.key("measures")
    json.beginArray()
    for index in report.results.indices where includeIneligible || report.results[index].status != .ineligible {
      write(report.results[index], catalog: catalog, municipality: report.municipality, into: &json)
    }
    json.endArray()
    json.endObject()
  }

  package func write(_ result: MeasureResult, catalog: Catalog, into json: inout JSONWriter) {
    write(result, catalog: catalog, municipality: nil, into: &json)
  }

  private func write(
    _ result: MeasureResult, catalog: Catalog, municipality: Municipality?, into json: inout JSONWriter
  ) {
    json.beginObject()
    let cached = fragments.map { cache in
      cache.measure(result.measure.id) {
        members { writeHead(result.measure, into: &$0) }
      } procedure: {
        members { writeProcedure(result.measure, into: &$0) }
      } tail: {
        members { writeSourcesAndReplaces(result.measure, into: &$0) }
      }
    }
    if let cached { json.rawMembers(cached.head) } else { writeHead(result.measure, into: &json) }
    json.field("status", result.status.rawValue)
    json.key("amount")
    if let amount = result.amount {
      json.beginObject()
      json.field("min", amount.min)
      json.field("max", amount.max)
      json.field("per", amount.per.rawValue)
      json.field("currency", "JPY")
      if !amount.isVerified {
        json.field("verified", false)
      }
      if !amount.stale.isEmpty {
        json.field("note", amount.stale.map { $0.note(language) }.joined(separator: "\n"))
        json.key("stale")
        json.beginArray()
        for stale in amount.stale {
          json.beginObject()
          json.field("parameter", stale.name)
          json.field("revised", stale.revision.rhythm)
          json.field("missing_from", stale.missingFrom.description)
          json.field("shown_from", stale.shownFrom.description)
          json.endObject()
        }
        json.endArray()
      }
      json.endObject()
    } else {
      json.null()
    }
    json.key("missing")
    json.beginArray()
    for missing in result.missing { json.string(catalog.path(of: missing)) }
    json.endArray()
    json.key("why")
    json.beginArray()
    for reason in result.why {
      json.beginObject()
      json.field("text", reason.text.text(language))
      json.key("holds")
      if let holds = reason.holds.bool { json.bool(holds) } else { json.null() }
      json.endObject()
    }
    json.endArray()
    if let cached { json.rawMembers(cached.procedure) } else { writeProcedure(result.measure, into: &json) }
    json.key("documents")
    json.beginArray()
    for document in result.documents {
      json.string(document.name.text(language) + (document.isConditional ? conditionalSuffix : ""))
    }
    json.endArray()
    // A measure whose desk depends on a fact (`desk_by`) has no one desk per place: written for each household.
    if let fragments, result.measure.deskChoices.isEmpty {
      json.rawMembers(
        // By measure, not by role: a desk may take a measure whatever its role (古賀市 子育て支援課 and 特別児童扶養手当).
        // A generic desk depends on the measure alone: one fragment for every place without desk data.
        fragments.desk(measure: result.measure.id, municipality: result.desk.isGeneric ? nil : municipality?.code) {
          members { writeDeskField(result.desk, into: &$0) }
        })
    } else {
      writeDeskField(result.desk, into: &json)
    }
    if let cached { json.rawMembers(cached.tail) } else { writeSourcesAndReplaces(result.measure, into: &json) }
    json.endObject()
  }

  private func writeHead(_ measure: Measure, into json: inout JSONWriter) {
    json.field("id", measure.id)
    json.field("name", measure.name.text(language))
  }

  private func writeProcedure(_ measure: Measure, into json: inout JSONWriter) {
    json.key("procedure")
    json.beginObject()
    json.key("steps")
    json.beginArray()
    for step in measure.procedure.steps { json.string(step.text(language)) }
    json.endArray()
    json.field("online", measure.procedure.online)
    json.field("online_note", measure.procedure.onlineNote?.text(language))
    json.key("deadline")
    if let deadline = measure.procedure.deadline { json.string(deadline.text(language)) } else { json.null() }
    json.endObject()
  }

  private func writeDeskField(_ desk: ResolvedDesk, into json: inout JSONWriter) {
    json.key("desk")
    writeDesk(desk, into: &json, language: language)
  }

  private func writeSourcesAndReplaces(_ measure: Measure, into json: inout JSONWriter) {
    writeSources(measure.sources, into: &json)
    if !measure.replaces.isEmpty {
      json.key("replaces")
      json.beginArray()
      for id in measure.replaces { json.string(id) }
      json.endArray()
    }
    if !measure.unverified.isEmpty {
      json.key("unverified")
      json.beginArray()
      for item in measure.unverified { json.string(item.text(language)) }
      json.endArray()
    }
  }

  /// Members written by `body` as compact JSON, without the braces around them.
  private func members(_ body: (inout JSONWriter) -> Void) -> [UInt8] {
    var json = JSONWriter()
    json.beginObject()
    body(&json)
    json.endObject()
    return Array(json.bytes.dropFirst().dropLast())
  }

  private var conditionalSuffix: String {
    switch language {
    case .en: " (if it applies)"
    case .ja: "（該当する場合）"
    case .jaEasy: "（ひつよう な とき）"
    }
  }
}

/// The parts of result documents that are the same for every household, as compact JSON members, kept by one
/// `JSONReportRenderer` (one language) on one thread. Measures are looked up by a short scan: a catalog's ids are the
/// same strings from household to household, so comparing them is a pointer compare, cheaper than hashing. Desks, one
/// per measure and municipality with desk data (and one for all the others), by hash.
package final class JSONFragmentCache {
  fileprivate struct Measure {
    var id: String
    var head: [UInt8]
    var procedure: [UInt8]
    var tail: [UInt8]
  }

  private var measures: [Measure] = []
  private var desks: [DeskKey: [UInt8]] = [:]

  private struct DeskKey: Hashable {
    var measure: String
    var municipality: String?
  }

  package init() {}

  fileprivate func measure(
    _ id: String, head: () -> [UInt8], procedure: () -> [UInt8], tail: () -> [UInt8]
  ) -> Measure {
    if let known = measures.first(where: { $0.id == id }) { return known }
    let made = Measure(id: id, head: head(), procedure: procedure(), tail: tail())
    measures.append(made)
    return made
  }

  fileprivate func desk(measure: String, municipality: String?, make: () -> [UInt8]) -> [UInt8] {
    let key = DeskKey(measure: measure, municipality: municipality)
    if let known = desks[key] { return known }
    let made = make()
    if desks.count < 4096 { desks[key] = made }
    return made
  }
}
