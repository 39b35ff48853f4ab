import ShienCatalog
import ShienFacts
import ShienMatching
import ShienSupport

/// How much `shien batch` writes for each household.
package enum BatchDetail: String, Sendable, CaseIterable {
  /// The whole result document of `shien check --format json` (JSON Lines), or the result sheet (CSV).
  case full
  /// Only what a script that scans a whole city needs: per household its id, date and municipality code, and per
  /// measure its id, status, amount and missing facts; no names, reasons, procedures, documents or desks.
  case brief

  /// One household's brief JSON line: `{"id":"H-1","as_of":"2026-04-01","municipality":"40223","measures":[{"id":
  /// "child-allowance","status":"eligible","amount":{"min":10000,"max":10000,"per":"month"},"missing":[]}]}`.
  package static func writeBrief(
    id: String?, asOf: CivilDate, municipality: Municipality?, results: [MeasureResult], includeIneligible: Bool,
    catalog: Catalog, into output: inout [UInt8]
  ) {
    var json = JSONWriter()
    json.beginObject()
    json.field("id", id)
    json.field("as_of", asOf.description)
    json.field("municipality", municipality?.code)
    json.key("measures")
    json.beginArray()
    for result in results where includeIneligible || result.status != .ineligible {
      json.beginObject()
      json.field("id", result.measure.id)
      json.field("status", result.status.rawValue)
      json.key("amount")
      if let amount = result.amount {
        json.beginObject()
        json.field("min", amount.min)
        json.field("max", amount.max)
        json.field("per", amount.per.rawValue)
        if !amount.isVerified { json.field("verified", false) }
        json.endObject()
      } else {
        json.null()
      }
      json.key("missing")
      json.beginArray()
      for missing in result.missing { json.string(catalog.path(of: missing)) }
      json.endArray()
      json.endObject()
    }
    json.endArray()
    json.endObject()
    output.append(contentsOf: json.bytes)
    output.append(0x0A)
  }
}
