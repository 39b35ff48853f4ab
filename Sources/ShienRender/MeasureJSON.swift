import ShienCatalog
import ShienMatching
import ShienSupport

/// One measure whole as JSON, for the `show_measure` tool: names, conditions in words, amount period and note,
/// procedure, documents, the desk, sources, notes and what is unverified, with the sheet `shien show` prints.
package enum MeasureJSON {
  package static func write(
    _ measure: Measure, desk: ResolvedDesk, sheet: String, language: Language, into json: inout JSONWriter
  ) {
    json.beginObject()
    json.field("id", measure.id)
    json.field("name", measure.name.text(language))
    json.field("summary", measure.summary.text(language))
    json.field("category", measure.category.rawValue)
    switch measure.scope {
    case .national: json.field("scope", "national")
    case .prefecture(let name): json.field("scope", "prefecture:\(name)")
    case .municipality(let code): json.field("scope", "municipality:\(code)")
    }
    json.field("valid_from", measure.validFrom?.description)
    json.field("valid_through", measure.validThrough?.description)
    json.key("conditions")
    json.beginArray()
    for condition in measure.conditions { json.string(condition.text.text(language)) }
    json.endArray()
    json.key("amount")
    if let amount = measure.amount {
      json.beginObject()
      json.field("per", amount.per.rawValue)
      json.field("note", amount.note?.text(language))
      json.endObject()
    } else {
      json.null()
    }
    json.key("procedure")
    json.beginObject()
    json.key("steps")
    json.beginArray()
    for step in measure.procedure.steps { json.string(step.text(language)) }
    json.endArray()
    json.field("online", measure.procedure.online)
    json.field("deadline", measure.procedure.deadline?.text(language))
    json.endObject()
    json.key("documents")
    json.beginArray()
    for document in measure.documents {
      json.beginObject()
      json.field("name", document.name.text(language))
      json.field("conditional", document.condition != nil)
      json.endObject()
    }
    json.endArray()
    json.key("desk")
    writeDesk(desk, into: &json, language: language)
    writeSources(measure.sources, into: &json, withTitles: true)
    json.key("notes")
    json.beginArray()
    for note in measure.notes { json.string(note.text(language)) }
    json.endArray()
    json.key("unverified")
    json.beginArray()
    for note in measure.unverified { json.string(note.text(language)) }
    json.endArray()
    json.field("sheet", sheet)
    json.endObject()
  }
}
