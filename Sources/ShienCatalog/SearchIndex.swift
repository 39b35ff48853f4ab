import ShienSupport

/// What the catalog database indexes for `shien search`: every language's names, summaries, keywords, life events,
/// documents and desks of each measure, and of each procedure of a life event.
package enum SearchIndex {
  /// What a hit is: a measure, or a procedure of a life event (出生届).
  package enum Kind: String, Sendable {
    case measure, procedure
  }

  /// Where in an item a text stands; the weight ranks a hit in a name over one in a keyword, a summary or a document.
  package enum Field: String, Sendable, CaseIterable {
    case name, keyword, event, summary, desk, document

    package var weight: Int {
      switch self {
      case .name: 100
      case .keyword: 70
      case .event: 50
      case .summary: 30
      case .desk: 20
      case .document: 10
      }
    }
  }

  package struct Entry: Sendable, Equatable {
    package var kind: Kind
    package var itemID: String
    package var lang: String
    package var field: Field
    package var text: String
  }

  /// Every text to index, in catalog order.
  package static func entries(for catalog: Catalog) -> [Entry] {
    var entries: [Entry] = []
    let eventNames = Dictionary(catalog.events.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    func add(_ kind: Kind, _ id: String, _ field: Field, _ text: LocalizedText?) {
      guard let text else { return }
      for (lang, value) in text.values.sorted(by: { $0.key < $1.key }) where !value.isEmpty {
        entries.append(Entry(kind: kind, itemID: id, lang: lang, field: field, text: value))
      }
    }
    func addDesks(_ kind: Kind, _ id: String, role: String) {
      add(kind, id, .desk, catalog.roles[role]?.name)
      for desk in catalog.desks where desk.roles.contains(role) { add(kind, id, .desk, desk.name) }
    }
    for measure in catalog.measures {
      add(.measure, measure.id, .name, measure.name)
      for keyword in measure.keywords {
        entries.append(Entry(kind: .measure, itemID: measure.id, lang: "ja", field: .keyword, text: keyword))
      }
      for event in measure.events { add(.measure, measure.id, .event, eventNames[event]) }
      add(.measure, measure.id, .summary, measure.summary)
      addDesks(.measure, measure.id, role: measure.deskRole)
      for document in measure.documents { add(.measure, measure.id, .document, document.name) }
    }
    for event in catalog.events {
      for procedure in event.procedures {
        add(.procedure, procedure.id, .name, procedure.name)
        add(.procedure, procedure.id, .event, event.name)
        add(.procedure, procedure.id, .summary, procedure.summary)
        addDesks(.procedure, procedure.id, role: procedure.deskRole)
        for document in procedure.documents { add(.procedure, procedure.id, .document, document) }
      }
    }
    return entries
  }

  /// The synonym table: each word a query may hold, normalized, with every word it also looks for (itself included).
  package static func synonymPairs(_ groups: [SynonymGroup]) -> [(String, String)] {
    var pairs: [(String, String)] = []
    for group in groups {
      let words = group.words.map(SearchText.normalize)
      let also = group.also.map(SearchText.normalize)
      for word in words {
        for expansion in words + also { pairs.append((word, expansion)) }
      }
    }
    return pairs
  }
}
