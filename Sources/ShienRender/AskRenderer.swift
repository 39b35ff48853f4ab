import ShienCatalog
import ShienMatching
import ShienSupport

/// Writes what `shien ask` answered, as text for a person or as the JSON an assistant reads: `found`, `aspect`,
/// `answer`, `measures`, `sources` and `desk`.
package struct AskRenderer {
  package var language: Language

  package init(language: Language) {
    self.language = language
  }

  private func pick(_ ja: String, _ en: String, _ easy: String? = nil) -> String { language.pick(ja, en, easy) }

  package func text(_ answer: AskAnswer, catalog: Catalog, style: TextStyle) -> String {
    var lines: [String] = []
    if answer.found, let name = answer.subjectName {
      lines.append(style.bold(name) + style.dim("  [\(subjectID(answer) ?? "")]"))
    }
    for line in answer.lines { lines.append((answer.found ? "  " : "") + line) }
    if !answer.found, !answer.measures.isEmpty {
      let names = answer.measures.map { "\(name(of: $0, in: catalog)) [\($0)]" }
      lines.append(pick("近いもの: ", "Closest: ", "ちかい もの: ") + names.joined(separator: pick("、", ", ")))
    }
    if let desk = answer.desk {
      lines.append(pick("窓口: ", "Desk: ", "まどぐち: ") + AskEngine.deskLine(desk, language: language))
    }
    for source in answer.sources.prefix(2) {
      lines.append(
        style.dim(
          pick("出典: ", "Source: ", "でどころ: ") + source.url
            + pick("（\(source.checked) 確認）", " (checked \(source.checked))", "（\(source.checked)）")))
    }
    for note in answer.unverified.prefix(2) {
      lines.append(style.dim(pick("要確認: ", "To be confirmed: ", "たしかめて ください: ") + note.text(language)))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  package func json(_ answer: AskAnswer, catalog: Catalog, pretty: Bool) -> String {
    var json = JSONWriter(pretty: pretty)
    write(answer, catalog: catalog, into: &json)
    return json.output + "\n"
  }

  package func write(_ answer: AskAnswer, catalog: Catalog, into json: inout JSONWriter) {
    json.beginObject()
    json.field("question", answer.question)
    json.field("found", answer.found)
    json.field("aspect", answer.aspect.rawValue)
    json.key("subject")
    if let subject = answer.subject {
      json.beginObject()
      switch subject {
      case .measure(let id):
        json.field("kind", "measure")
        json.field("id", id)
      case .procedure(let id, let event):
        json.field("kind", "procedure")
        json.field("id", id)
        json.field("event", event)
      case .desk(let id):
        json.field("kind", "desk")
        json.field("id", id)
      }
      json.field("name", answer.subjectName)
      json.endObject()
    } else {
      json.null()
    }
    json.field("answer", answer.lines.joined(separator: "\n"))
    json.key("lines")
    json.beginArray()
    for line in answer.lines { json.string(line) }
    json.endArray()
    json.key("deadline")
    if let deadline = answer.deadline {
      json.beginObject()
      json.field("date", deadline.date.description)
      json.field("from", answer.eventDate?.description)
      json.field("last_day_of_period", deadline.lastDayOfPeriod.description)
      json.field("moved_because", deadline.movedBecause)
      json.field("certain", deadline.isCertain)
      json.endObject()
    } else {
      json.null()
    }
    json.key("measures")
    json.beginArray()
    for id in answer.measures { json.string(id) }
    json.endArray()
    writeSources(answer.sources, into: &json, withTitles: true)
    json.key("desk")
    if let desk = answer.desk { writeDesk(desk, into: &json, language: language) } else { json.null() }
    json.key("municipality")
    if let municipality = answer.municipality {
      json.beginObject()
      json.field("code", municipality.code)
      json.field("name", municipality.name)
      json.field("prefecture", municipality.prefecture)
      json.endObject()
    } else {
      json.null()
    }
    json.key("unverified")
    json.beginArray()
    for note in answer.unverified { json.string(note.text(language)) }
    json.endArray()
    json.field("catalog_version", catalog.version)
    json.endObject()
  }

  private func subjectID(_ answer: AskAnswer) -> String? {
    switch answer.subject {
    case .measure(let id)?, .procedure(let id, _)?, .desk(let id)?: id
    case nil: nil
    }
  }

  private func name(of id: String, in catalog: Catalog) -> String {
    if let measure = catalog.measure(id: id) { return measure.name.text(language) }
    for event in catalog.events {
      if let procedure = event.procedures.first(where: { $0.id == id }) { return procedure.name.text(language) }
    }
    return id
  }
}
