import ShienCatalog
import ShienFacts
import ShienSupport

/// What a life event calls for, from a date: the event's own procedures (出生届, 転入届 …) in their order, then the
/// measures that belong to the event, each with its concrete deadline where the catalog has a rule for one.
package struct EventPlan: Sendable {
  /// One procedure or measure, ready to show.
  package struct Item: Sendable {
    package enum Kind: String, Sendable {
      case procedure, measure
    }

    package var kind: Kind
    package var id: String
    package var name: LocalizedText
    package var summary: LocalizedText?
    package var deadlineText: LocalizedText?
    package var deadline: Deadline?
    package var desk: ResolvedDesk
    package var documents: [(name: LocalizedText, isConditional: Bool)]
    /// For a measure checked against a household: eligible or maybe.
    package var status: MeasureResult.Status?
    package var amount: MeasureResult.Amount?
    package var online: String?
    package var onlineNote: LocalizedText? = nil
    package var notes: [LocalizedText]
    package var unverified: [LocalizedText]
    package var sources: [Measure.Source]
  }

  package var event: LifeEvent
  package var date: CivilDate
  package var municipality: Municipality?
  /// True when the measures were narrowed to one household (eligible and maybe only).
  package var isForHousehold: Bool
  package var procedures: [Item]
  package var measures: [Item]
  package var catalogVersion: String
}

extension Catalog {
  /// The life event with this id, or whose name in any language is `text` or contains it (出生 → 出産・出生).
  package func event(matching text: String) -> LifeEvent? {
    if let event = events.first(where: { $0.id == text }) { return event }
    let query = SearchText.normalize(text)
    guard !query.isEmpty else { return nil }
    let names = events.map { event in (event, event.name.values.values.map(SearchText.normalize)) }
    if let (event, _) = names.first(where: { $0.1.contains(query) }) { return event }
    let containing = names.filter { $0.1.contains { $0.contains(query) } }
    return containing.count == 1 ? containing[0].0 : nil
  }

  /// The office calendar of this catalog's holidays.
  package var officeCalendar: OfficeCalendar { OfficeCalendar(holidays: holidays) }

  /// The procedures and measures of `event` on `date`. With a household, only the measures it is eligible or maybe
  /// eligible for (checked on `date`); without one, every measure of the event in force where the municipality is.
  package func plan(
    _ event: LifeEvent, on date: CivilDate, household: Household?, municipality: Municipality?,
    language: Language = .ja
  ) -> EventPlan {
    let calendar = officeCalendar
    func deadline(_ due: Measure.Due?) -> Deadline? {
      guard let due, due.events.contains(event.id) else { return nil }
      return due.deadline(after: date, calendar: calendar, language: language)
    }
    let procedures = event.procedures.map { procedure in
      EventPlan.Item(
        kind: .procedure, id: procedure.id, name: procedure.name, summary: procedure.summary,
        deadlineText: procedure.deadline, deadline: deadline(procedure.due),
        desk: desk(role: procedure.deskRole, municipality: municipality?.code),
        documents: procedure.documents.map { ($0, false) }, status: nil, amount: nil, online: nil,
        notes: procedure.notes, unverified: procedure.unverified, sources: procedure.sources)
    }
    let matcher = Matcher(catalog: self)
    let replaced = replacedMeasures(in: municipality, on: date)
    // Without a municipality, one city's own measures would only be noise: they come with --municipality.
    let related = measures.filter { measure in
      guard measure.events.contains(event.id), measure.isValid(on: date), !replaced.contains(measure.id) else {
        return false
      }
      if municipality == nil, case .municipality = measure.scope { return false }
      return matcher.applies(measure, to: municipality)
    }
    var items: [EventPlan.Item] = []
    if let household {
      let results = matcher.match(
        household, asOf: date, municipality: municipality, only: Set(related.map(\.id)))
      for result in results where result.status != .ineligible {
        let measure = result.measure
        items.append(
          EventPlan.Item(
            kind: .measure, id: measure.id, name: measure.name, summary: measure.summary,
            deadlineText: measure.procedure.deadline, deadline: deadline(measure.procedure.due), desk: result.desk,
            documents: result.documents, status: result.status, amount: result.amount,
            online: measure.procedure.online, onlineNote: measure.procedure.onlineNote, notes: measure.notes,
            unverified: measure.unverified,
            sources: measure.sources))
      }
    } else {
      for measure in related {
        items.append(
          EventPlan.Item(
            kind: .measure, id: measure.id, name: measure.name, summary: measure.summary,
            deadlineText: measure.procedure.deadline, deadline: deadline(measure.procedure.due),
            desk: desk(for: measure, municipality: municipality?.code),
            documents: measure.documents.map { ($0.name, $0.condition != nil) }, status: nil, amount: nil,
            online: measure.procedure.online, onlineNote: measure.procedure.onlineNote, notes: measure.notes,
            unverified: measure.unverified,
            sources: measure.sources))
      }
    }
    // Measures: the nearest deadline first, then those with a deadline in words, then the rest; eligible before maybe.
    let order = Dictionary(measures.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    items.sort { lhs, rhs in
      func rank(_ item: EventPlan.Item) -> (Int, Int, Int, Int) {
        (
          item.deadline?.date.dayNumber ?? Int.max, item.deadlineText == nil ? 1 : 0,
          item.status == .maybe ? 1 : 0, order[item.id] ?? 0
        )
      }
      return rank(lhs) < rank(rhs)
    }
    return EventPlan(
      event: event, date: date, municipality: municipality, isForHousehold: household != nil,
      procedures: procedures, measures: items, catalogVersion: version)
  }
}
