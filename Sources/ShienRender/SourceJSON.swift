import ShienCatalog
import ShienSupport

/// Writes `sources` as the result document's `sources` array: the address, the day it was checked (null for a page
/// not read here, which also says `"read": false`), its kind, whether it needs confirming, and its title where asked.
package func writeSources(_ sources: [Measure.Source], into json: inout JSONWriter, withTitles: Bool = false) {
  json.key("sources")
  json.beginArray()
  for source in sources {
    json.beginObject()
    json.field("url", source.url)
    if withTitles { json.field("title", source.title) }
    json.field("checked", source.checked?.description)
    if !source.isRead { json.field("read", false) }
    if let kind = source.kind { json.field("kind", kind.rawValue) }
    if source.needsConfirmation { json.field("verified", false) }
    json.endObject()
  }
  json.endArray()
}
