/// A support measure: who can get it, how much, how to apply, what to bring and where to go.
package struct Measure: Sendable {
  package enum Category: String, Sendable, CaseIterable {
    case allowance, subsidy, medical, service, loan, consultation, exemption, benefit
  }

  /// Where a measure applies.
  package enum Scope: Sendable, Hashable {
    case national
    case prefecture(String)
    /// One municipality, by its 5-digit code.
    case municipality(String)
  }

  package enum Period: String, Sendable, CaseIterable {
    case month, year, once, day
  }

  package struct Condition: Sendable {
    package var text: LocalizedText
    package var rule: CompiledRule
  }

  package struct Amount: Sendable {
    package var per: Period
    package var rule: CompiledRule
    package var note: LocalizedText?
  }

  package struct Document: Sendable {
    package var name: LocalizedText
    /// Only households for which this holds need the document; nil for everyone.
    package var condition: CompiledRule?
  }

  package struct Procedure: Sendable {
    package var steps: [LocalizedText]
    package var online: String?
    package var deadline: LocalizedText?
  }

  package struct Source: Sendable, Hashable {
    package var url: String
    package var title: String?
    package var checked: CivilDate
  }

  package var id: String
  package var name: LocalizedText
  package var summary: LocalizedText
  package var category: Category
  package var events: [String]
  package var keywords: [String]
  package var scope: Scope
  package var validFrom: CivilDate?
  package var validThrough: CivilDate?
  package var conditions: [Condition]
  package var amount: Amount?
  package var procedure: Procedure
  package var documents: [Document]
  /// The desk role (子育て支援, 福祉(障がい), …) that each municipality maps to a real desk.
  package var deskRole: String
  package var sources: [Source]
  package var notes: [LocalizedText]
  /// Facts in this measure that no official source confirmed; shown as 要確認, never as fact.
  package var unverified: [LocalizedText]
  /// The source file, relative to the catalog folder.
  package var file: String

  /// True when the measure is in force on `date`.
  package func isValid(on date: CivilDate) -> Bool {
    (validFrom.map { $0 <= date } ?? true) && (validThrough.map { date <= $0 } ?? true)
  }
}

/// A desk role's generic answer, for municipalities with no desk data: "お住まいの市区町村の子育て支援担当".
package struct DeskRole: Sendable {
  package var id: String
  package var name: LocalizedText
  /// True when the role is not at city hall (the school, ハローワーク, the employer).
  package var isOutsideCityHall: Bool
}

/// A real desk of one municipality.
package struct Desk: Sendable {
  package var id: String
  package var municipality: String
  package var name: LocalizedText
  package var roles: [String]
  package var phone: String?
  package var address: String?
  package var hours: String?
  package var url: String?
  package var source: String?
}

/// A municipality: 5-digit code (全国地方公共団体コード without its check digit), 6-digit code, prefecture and name.
package struct Municipality: Sendable, Hashable {
  package var code: String
  package var code6: String
  package var prefecture: String
  package var name: String
}

/// Everything shien knows: the compiled catalog.
package struct Catalog: Sendable {
  package var version: String
  /// SHA-256 of the sources, as hex.
  package var digest: String
  package var library: RuleLibrary
  package var measures: [Measure]
  package var roles: [String: DeskRole]
  package var desks: [Desk]
  package var municipalities: [Municipality]

  package var vocabulary: FactVocabulary { library.vocabulary }

  package func measure(id: String) -> Measure? { measures.first { $0.id == id } }
}
