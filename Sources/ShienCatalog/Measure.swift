import ShienFacts
import ShienRules
import ShienSupport

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

  package struct DeskChoice: Sendable {
    package var role: String
    package var condition: CompiledRule
  }

  package struct Document: Sendable {
    package var name: LocalizedText
    /// Only households for which this holds need the document; nil for everyone.
    package var condition: CompiledRule?
  }

  /// A deadline the law counts from a life event: "within 15 days from the day after the birth".
  package struct Due: Sendable, Equatable {
    package enum Length: Sendable, Equatable {
      case days(Int), months(Int), years(Int)
    }

    /// The day the period starts on: the event's own day (出生届: "counting the day of birth") or the day after
    /// (民法 140条's rule, and 児童手当's "翌日から15日以内").
    package enum Start: String, Sendable, CaseIterable {
      case eventDay = "event-day"
      case dayAfter = "day-after"
    }

    /// The life events the period counts from (ids in catalog/events.json).
    package var events: [String]
    package var length: Length
    package var start: Start
    /// True when a last day that falls on a closed day (weekend, national holiday, 12/29–1/3) moves to the next
    /// open day.
    package var movesPastClosedDays: Bool

    /// The last day of the period, before any move past closed days: the period runs from its first day for its
    /// length, and ends the day before the corresponding day (民法 143条), so 15 days from the day after 10 January
    /// end on 25 January.
    package func lastDay(after event: CivilDate) -> CivilDate {
      let first = start == .eventDay ? event : event.adding(days: 1)
      switch length {
      case .days(let n): return first.adding(days: n - 1)
      case .months(let n): return Due.end(from: first, months: n)
      case .years(let n): return Due.end(from: first, months: n * 12)
      }
    }

    /// 民法 143条: a period of months ends the day before the day corresponding to its first day, or on the month's
    /// last day when that month has no corresponding day.
    private static func end(from first: CivilDate, months: Int) -> CivilDate {
      let corresponding = first.adding(months: months)
      return corresponding.parts.day < first.parts.day ? corresponding : corresponding.adding(days: -1)
    }
  }

  package struct Procedure: Sendable {
    package var steps: [LocalizedText]
    /// The online route's URL (http or https) only.
    package var online: String?
    /// What to know about the online route (where it is offered, what still needs a visit), or the route itself
    /// when it has no URL of its own ("市区町村により電子申請あり").
    package var onlineNote: LocalizedText? = nil
    package var deadline: LocalizedText?
    /// The deadline as a rule, where the law sets one counted from a life event.
    package var due: Due?
  }

  package struct Source: Sendable, Hashable {
    /// What kind of page a source is, where the catalog says: news and blogs are allowed only where nothing better
    /// exists, and what rests on them is shown as 要確認.
    package enum Kind: String, Sendable, Hashable, CaseIterable {
      case official, municipal
      case thirdParty = "third-party"
      case news, blog
    }

    package var url: String
    package var title: String?
    /// The day the page was read; nil for a page cited but not read here (`"read": false`), which is shown so.
    package var checked: CivilDate?
    package var kind: Kind? = nil

    package var isRead: Bool { checked != nil }
    /// A news article, a blog or a third party's page: shown as 要確認.
    package var needsConfirmation: Bool { kind == .news || kind == .blog || kind == .thirdParty }
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
  /// Other desk roles for households a condition picks out (`desk_by` in the source: 出産育児一時金 goes to the
  /// employer's health insurer for someone on 会社の健康保険): the first that holds wins, else ``deskRole``.
  package var deskChoices: [DeskChoice] = []
  package var sources: [Source]
  package var notes: [LocalizedText]
  /// Facts in this measure that no official source confirmed; shown as 要確認, never as fact.
  package var unverified: [LocalizedText]
  /// Ids of the measures this one takes the place of where it applies: a city's own こども医療費助成 replaces the
  /// generic pattern for households in that city.
  package var replaces: [String] = []
  /// The source file, relative to the catalog folder.
  package var file: String

  /// True when the measure is in force on `date`.
  package func isValid(on date: CivilDate) -> Bool {
    (validFrom.map { $0 <= date } ?? true) && (validThrough.map { date <= $0 } ?? true)
  }
}

/// A life event (birth, move-in, divorce, …): measures name the events they belong to, and the event lists the
/// procedures (届出) it calls for, in the order a resident goes through them.
package struct LifeEvent: Sendable {
  package var id: String
  package var name: LocalizedText
  package var procedures: [EventProcedure]
}

/// A procedure a life event calls for that is not itself a support measure: 出生届, 転入届, 国保の加入, 死亡届 … with
/// its deadline, desk role and documents.
package struct EventProcedure: Sendable {
  package var id: String
  package var name: LocalizedText
  /// One line on what the procedure is or does.
  package var summary: LocalizedText?
  package var deadline: LocalizedText?
  /// The deadline as a rule counted from the event, where the law sets one.
  package var due: Measure.Due?
  package var deskRole: String
  package var documents: [LocalizedText]
  package var notes: [LocalizedText]
  /// Facts no official source confirmed; shown as 要確認.
  package var unverified: [LocalizedText]
  package var sources: [Measure.Source]
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
  /// Something about a desk that no official source confirms: one of its fields (`phone`, `address`, `location`,
  /// `hours`, `url`), or that it is the desk for one of its roles or measures. Shown as 要確認, never as fact.
  package struct Caveat: Sendable, Equatable {
    package static let fields = ["phone", "address", "location", "hours", "url"]

    /// A field name from `fields`, or a role or measure id from the desk's `roles` or `measures`.
    package var subject: String
    package var text: LocalizedText
  }

  package var id: String
  package var municipality: String
  package var name: LocalizedText
  /// The desk roles (catalog/roles.json) this desk answers for in its municipality.
  package var roles: [String]
  /// Measures this desk handles whatever their role, such as a city measure with its own desk.
  package var measures: [String] = []
  package var phone: String?
  /// The building's postal address.
  package var address: String?
  /// Where in the building: floor, window number, or the building's name when its address is not known.
  package var location: LocalizedText?
  package var hours: LocalizedText?
  package var url: String?
  package var source: String?
  package var caveats: [Caveat] = []
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
  /// The life events measures may name, in the order the catalog lists them.
  package var events: [LifeEvent]
  /// National holidays (振替休日 and 国民の休日 included), for deadlines that move past closed days.
  package var holidays: [Holiday]
  /// Everyday words for search: 子供 finds 子ども, シングルマザー finds ひとり親.
  package var synonyms: [SynonymGroup]
  /// Kinds of document, so that a handout can merge 本人確認書類 asked for by several measures into one item.
  package var documentKinds: [DocumentKind]

  package var vocabulary: FactVocabulary { library.vocabulary }

  package func measure(id: String) -> Measure? { measures.first { $0.id == id } }

  /// The measures a counter might call `text`: the one whose name (in any language, compared as search compares
  /// text: width, kana and case folded) is `text`, else every one whose name holds it. `児童扶養手当` finds
  /// child-support-allowance; `子ども医療費` finds the generic measure and each city's own.
  package func measures(named text: String) -> [Measure] {
    let wanted = SearchText.normalize(text.trimmingSpaces)
    guard !wanted.isEmpty else { return [] }
    func names(_ measure: Measure) -> [String] { Language.allCases.map { SearchText.normalize(measure.name.text($0)) } }
    let exact = measures.filter { names($0).contains(wanted) }
    return exact.isEmpty ? measures.filter { names($0).contains { $0.contains(wanted) } } : exact
  }
}

/// A national holiday.
package struct Holiday: Sendable, Equatable {
  package var date: CivilDate
  package var name: String
}

/// Words a search treats alike. A query for any of `words` also looks for every other word of the group and for
/// `also`; a query for a word of `also` looks only for itself (引っ越し finds 転入 and 転出, 転入 does not find 転出).
package struct SynonymGroup: Sendable, Equatable {
  package var words: [String]
  package var also: [String]
}

/// A kind of document several measures ask for (本人確認書類, マイナンバー, 預金通帳): a document whose name contains one of
/// `match` is that kind.
package struct DocumentKind: Sendable {
  package var id: String
  package var name: LocalizedText
  package var match: [String]
}
