import ShienCatalog
import ShienMatching
import ShienSupport

/// Writes `shien events`: the list of life events, or one event's plan as text or JSON (HTML and Markdown go through
/// `Handout.forPlan` and `HandoutRenderer`).
package struct EventRenderer {
  package var language: Language

  package init(language: Language) {
    self.language = language
  }

  private var words: EventWords { EventWords(language) }
  private var handoutWords: HandoutWords { HandoutWords(language) }

  // MARK: The list

  package func listText(_ catalog: Catalog) -> String {
    var lines = [words.listTitle]
    for event in catalog.events {
      let measures = catalog.measures.filter { $0.events.contains(event.id) }.count
      lines.append(
        "  " + event.id.padding(to: 14) + event.name.text(language).padding(to: 30)
          + words.counts(event.procedures.count, measures))
    }
    lines += ["", words.listHint]
    return lines.joined(separator: "\n") + "\n"
  }

  package func listJSON(_ catalog: Catalog, pretty: Bool) -> String {
    var json = JSONWriter(pretty: pretty)
    json.beginArray()
    for event in catalog.events {
      json.beginObject()
      json.field("id", event.id)
      json.field("name", event.name.text(language))
      json.key("procedures")
      json.beginArray()
      for procedure in event.procedures { json.string(procedure.id) }
      json.endArray()
      json.key("measures")
      json.beginArray()
      for measure in catalog.measures where measure.events.contains(event.id) { json.string(measure.id) }
      json.endArray()
      json.endObject()
    }
    json.endArray()
    return json.output + "\n"
  }

  // MARK: One event

  package func text(_ plan: EventPlan, style: TextStyle) -> String {
    var header = ["\(plan.event.name.text(language)) [\(plan.event.id)]", words.eventDate(plan.date)]
    if let municipality = plan.municipality { header.append(municipality.prefecture + municipality.name) }
    var lines = [style.bold(header.joined(separator: " ・ ")), style.dim(handoutWords.catalog(plan.catalogVersion))]
    var number = 0
    let sections = [
      (words.procedures, plan.procedures),
      (plan.isForHousehold ? words.measuresForHousehold : words.measures, plan.measures),
    ]
    for (title, items) in sections {
      lines += ["", style.bold("■ \(title)")]
      if items.isEmpty { lines.append("  " + words.none) }
      for item in items {
        number += 1
        lines += itemLines(item, number: number, style: style)
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func itemLines(_ item: EventPlan.Item, number: Int, style: TextStyle) -> [String] {
    let ui = UIStrings(language)
    var title = "\(number). " + style.bold(item.name.text(language)) + style.dim("  [\(item.id)]")
    if let status = item.status {
      title += "  " + (status == .eligible ? style.green(handoutWords.eligible) : style.yellow(handoutWords.maybe))
    }
    if let amount = item.amount { title += "  " + ui.amount(amount) }
    var lines = [title]
    let indent = "    "
    let (date, note) = Handout.deadlineTexts(
      item.deadline, text: item.deadlineText, words: handoutWords, language: language)
    if let date {
      lines.append(indent + "\(ui.deadline): " + style.bold(date) + (note.map { "（\($0)）" } ?? ""))
      if let text = item.deadlineText, note != text.text(language) {
        lines.append(indent + style.dim(text.text(language)))
      }
    } else if let note {
      lines.append(indent + "\(ui.deadline): \(note)")
    }
    if let summary = item.summary, item.kind == .procedure { lines.append(indent + summary.text(language)) }
    var desk = indent + "\(ui.desk): \(item.desk.name.text(language))"
    if item.desk.lacksDeskData { desk += style.dim(ui.genericDesk) }
    lines.append(desk)
    for field in [
      ("location", nil, item.desk.location?.text(language)), ("phone", ui.phone, item.desk.phone),
      ("hours", ui.hours, item.desk.hours?.text(language)), ("address", nil, item.desk.address),
    ] {
      guard let value = field.2 else { continue }
      let mark = item.desk.isUnverified(field.0) ? style.yellow("（\(ui.unverified)）") : ""
      lines.append(indent + "      " + (field.1.map { "\($0) " } ?? "") + value + mark)
    }
    if !item.documents.isEmpty {
      lines.append(
        indent + "\(ui.documents): "
          + item.documents.map { $0.name.text(language) + ($0.isConditional ? ui.ifApplies : "") }.joined(
            separator: language == .en ? "; " : "、"))
    }
    if let online = [item.online, item.onlineNote?.text(language)].onlineLine {
      lines.append(indent + "\(ui.online): \(online)")
    }
    for note in item.notes where item.kind == .procedure {
      lines.append(indent + "\(ui.notes): \(note.text(language))")
    }
    for unverified in item.unverified {
      lines.append(indent + style.yellow("\(ui.unverified): \(unverified.text(language))"))
    }
    return lines
  }

  package func json(_ plan: EventPlan, pretty: Bool) -> String {
    var json = JSONWriter(pretty: pretty)
    json.beginObject()
    json.key("event")
    json.beginObject()
    json.field("id", plan.event.id)
    json.field("name", plan.event.name.text(language))
    json.endObject()
    json.field("date", plan.date.description)
    if let municipality = plan.municipality {
      json.key("municipality")
      json.beginObject()
      json.field("code", municipality.code)
      json.field("name", municipality.prefecture + municipality.name)
      json.endObject()
    }
    json.key("catalog")
    json.beginObject()
    json.field("version", plan.catalogVersion)
    json.endObject()
    for (key, items) in [("procedures", plan.procedures), ("measures", plan.measures)] {
      json.key(key)
      json.beginArray()
      for item in items { write(item, into: &json) }
      json.endArray()
    }
    json.endObject()
    return json.output + "\n"
  }

  private func write(_ item: EventPlan.Item, into json: inout JSONWriter) {
    json.beginObject()
    json.field("kind", item.kind.rawValue)
    json.field("id", item.id)
    json.field("name", item.name.text(language))
    json.field("summary", item.summary?.text(language))
    if let status = item.status { json.field("status", status.rawValue) }
    if let amount = item.amount {
      json.key("amount")
      json.beginObject()
      json.field("min", amount.min)
      json.field("max", amount.max)
      json.field("per", amount.per.rawValue)
      json.field("currency", "JPY")
      json.endObject()
    }
    json.key("deadline")
    json.beginObject()
    json.field("date", item.deadline?.date.description)
    if let deadline = item.deadline {
      json.field("last_day_of_period", deadline.lastDayOfPeriod.description)
      json.field("moved_because", deadline.movedBecause)
      json.field("certain", deadline.isCertain)
    }
    json.field("text", item.deadlineText?.text(language))
    json.endObject()
    json.key("desk")
    writeDesk(item.desk, into: &json, language: language)
    json.key("documents")
    json.beginArray()
    for document in item.documents {
      json.string(document.name.text(language) + (document.isConditional ? UIStrings(language).ifApplies : ""))
    }
    json.endArray()
    json.field("online", item.online)
    json.field("online_note", item.onlineNote?.text(language))
    json.key("unverified")
    json.beginArray()
    for text in item.unverified { json.string(text.text(language)) }
    json.endArray()
    json.key("sources")
    json.beginArray()
    for source in item.sources {
      json.beginObject()
      json.field("url", source.url)
      json.field("checked", source.checked?.description)
      if !source.isRead { json.field("read", false) }
      json.endObject()
    }
    json.endArray()
    json.endObject()
  }
}

/// A resolved desk as JSON: name, phone, address, floor, hours, url and whether it is only the generic role answer.
package func writeDesk(_ desk: ResolvedDesk, into json: inout JSONWriter, language: Language) {
  json.beginObject()
  json.field("name", desk.name.text(language))
  for (key, value) in [
    ("phone", desk.phone), ("address", desk.address), ("location", desk.location?.text(language)),
    ("hours", desk.hours?.text(language)), ("url", desk.url),
  ] {
    json.field(key, value)
  }
  json.field("generic", desk.isGeneric)
  if !desk.caveats.isEmpty {
    // What no official source confirms: the fields named, and why.
    json.key("unverified")
    json.beginArray()
    for caveat in desk.caveats {
      json.beginObject()
      json.field("about", caveat.subject)
      json.field("text", caveat.text.text(language))
      json.endObject()
    }
    json.endArray()
  }
  json.endObject()
}
