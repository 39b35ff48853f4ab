import ShienCatalog
import ShienFacts
import ShienMatching
import ShienSupport

/// A page to hand to a visitor: what to apply for, in order, each with its deadline, desk and documents; one checklist
/// of everything to bring, merged across measures; the sources; the date and the catalog version.
///
/// `shien check --format html|md` builds one from a household's results and `shien events --format html|md` from a
/// life event's plan; `HandoutRenderer` writes it as a printable HTML page or as Markdown.
package struct Handout: Sendable {
  package struct Entry: Sendable {
    package var number: Int
    package var id: String
    package var name: String
    /// 受けられる見込み / 条件しだい / 届出; nil for none.
    package var badge: String?
    package var isMaybe: Bool
    package var amount: String?
    /// The concrete last day (2026-01-26), when known.
    package var deadlineDate: String?
    /// The deadline in words, or why the date moved (15日目が日曜日のため).
    package var deadlineNote: String?
    package var desk: ResolvedDesk
    package var documents: [String]
    /// The numbers of this entry's documents in the checklist.
    package var checklistNumbers: [Int]
    /// The online route's URL, and what to know about it (or the route in words when it has no URL).
    package var online: String?
    package var onlineNote: String? = nil
    package var needsConfirmation: Bool
  }

  package struct ChecklistItem: Sendable, Equatable {
    package var number: Int
    package var text: String
    /// The entries that need it.
    package var entries: [Int]
  }

  package var language: Language
  package var title: String
  package var lead: String
  package var meta: [String]
  /// What to apply for, in order; consecutive entries at the same desk share its heading.
  package var entries: [Entry]
  /// Measures that depend on facts not given (maybe), listed by name and desk only: the visitor asks at the desk.
  package var others: [Entry] = []
  package var checklist: [ChecklistItem]
  package var sources: [String]
  package var footer: String
  /// The facts the answers rest on and what was left unknown (a household's handout only).
  package var assumptions: HandoutAssumptions?
}

/// Words of the handout, per language.
package struct HandoutWords: Sendable {
  package var language: Language

  package init(_ language: Language) {
    self.language = language
  }

  func pick(_ ja: String, _ en: String, _ easy: String? = nil) -> String { language.pick(ja, en, easy) }

  var checkTitle: String { pick("支援制度のご案内", "Support you may be able to get", "もらえる かも しれない しえん") }
  var checkLead: String {
    pick(
      "お伺いした内容から、次の制度を申請できる見込みです。窓口ごとに、期限の近いものから並べています。",
      "From what you told us, you may be able to apply for the following, desk by desk, nearest deadline first.",
      "きいた こと から、つぎ の しえん を もうしこめる かも しれません。")
  }
  var apply: String { pick("申請するもの", "What to apply for", "もうしこむ もの") }
  var eligible: String { pick("見込みあり", "likely", "もらえそう") }
  var maybe: String { pick("条件しだい", "maybe", "かも しれない") }
  var procedure: String { pick("届出", "procedure", "とどけ") }
  var item: String { pick("制度・手続き", "Measure or procedure", "なに") }
  var deadline: String { pick("期限", "Deadline", "きげん") }
  var assumed: String { pick("この案内の前提", "What this page assumes", "この かみ の まえ の こと") }
  var unknownFacts: String { pick("わからないままのこと", "Left unknown", "わからない こと") }
  var desk: String { pick("窓口", "Desk", "まどぐち") }
  var documents: String { pick("持ち物", "Bring", "もっていく もの") }
  var checklist: String { pick("持ち物チェックリスト", "Checklist: what to bring", "もっていく もの") }
  var checklistLead: String {
    pick(
      "同じものは1つにまとめています。（ ）内は上の表の番号。",
      "Items needed for several measures are listed once; the numbers refer to the table above.",
      "おなじ もの は 1つ に まとめて います。")
  }
  var sources: String { pick("出典", "Sources", "でどころ") }
  var phone: String { pick("電話", "Phone", "でんわ") }
  var hours: String { pick("受付", "Hours", "じかん") }
  var sharedHours: String { pick("受付時間（時間のわかる窓口はどこも）", "Opening hours (every desk whose hours are known)", "うけつけ じかん") }
  var noDeadline: String { pick("期限なし", "none", "なし") }
  var ifApplies: String { pick("（該当する場合）", " (if it applies)", "（ひつよう な とき）") }
  var genericDesk: String {
    pick(
      "（この市区町村の窓口データはまだありません）", "(no desk data for this municipality yet)", "（まち の まどぐち の じょうほう は まだ ありません）")
  }
  var toConfirm: String { pick("要確認", "to be confirmed", "たしかめて ください") }
  var online: String { pick("オンライン", "Online", "インターネット") }
  var noEntries: String {
    pick(
      "この条件で申請できる見込みの制度は見つかりませんでした。", "No measure matched these facts.", "あてはまる もの は ありません でした。")
  }
  var seeChecklist: String { pick("チェックリスト", "checklist", "リスト") }
  var documentNumbers: String { pick("持ち物（下の番号）", "Bring (numbers below)", "もっていく もの（ばんごう）") }
  var others: String {
    pick("条件しだいで受けられるもの", "May also apply, depending on facts not given", "わかれば もらえる かも しれない もの")
  }
  var othersLead: String {
    pick(
      "お伺いしていない事情によっては受けられます。窓口でご確認ください。", "Depending on facts not given; ask at the desk.",
      "まどぐち で きいて ください。")
  }
  var onlyMaybeLead: String {
    pick(
      "次の制度は、お伺いしていない事情によっては受けられます。", "These may apply, depending on facts not given.",
      "つぎ の もの は もらえる かも しれません。")
  }

  func asOf(_ date: CivilDate) -> String { pick("\(date) 時点", "as of \(date)", "\(date) の とき") }
  func catalog(_ version: String) -> String { pick("カタログ \(version)", "catalog \(version)", "カタログ \(version)") }
  func household(_ id: String) -> String { pick("世帯 \(id)", "household \(id)", "せたい \(id)") }
  func by(_ date: CivilDate) -> String { pick("\(date)まで", "by \(date)", "\(date) まで") }
  func moved(_ from: CivilDate, because reason: String) -> String {
    pick(
      "期間の最終日 \(from) が\(reason)のため", "the period ends \(from), a \(reason), so the next open day",
      "\(from) が やすみ の ため")
  }
  func footer(_ date: CivilDate, _ version: String) -> String {
    pick(
      "\(date) 時点のカタログ \(version) にもとづく見込みです。受けられるかどうかと金額は、各窓口の審査で決まります。持ち物は市区町村によって異なることがあるため、窓口にご確認ください。",
      "An estimate from catalog \(version) as of \(date). Each desk decides eligibility and amounts; documents can differ between municipalities, so please check with the desk.",
      "\(date) の じょうほう です。さいご は まどぐち で きまります。")
  }
  var uncertainCalendar: String {
    pick("祝日データの範囲外のため要確認", "outside the holiday table: to be confirmed", "たしかめて ください")
  }
}

extension Handout {
  /// Merges the documents of `entries` into one numbered checklist (by document kind where the catalog names one,
  /// else by the same text), and fills each entry's checklist numbers.
  static func mergeChecklist(
    _ entries: inout [Entry], documents: [[(name: LocalizedText, isConditional: Bool)]], catalog: Catalog,
    language: Language
  ) -> [ChecklistItem] {
    let words = HandoutWords(language)
    let kinds = catalog.documentKinds.map { kind in (kind, kind.match.map(SearchText.normalize)) }
    var items: [ChecklistItem] = []
    var itemByKey: [String: Int] = [:]
    for (index, entryDocuments) in documents.enumerated() {
      var numbers: [Int] = []
      for document in entryDocuments {
        let normalized = SearchText.normalize(document.name.text(.ja))
        let kind = kinds.first { _, match in match.contains { normalized.contains($0) } }?.0
        let key = kind.map { "kind:" + $0.id } ?? "text:" + normalized
        let text =
          (kind?.name.text(language) ?? document.name.text(language)) + (document.isConditional ? words.ifApplies : "")
        if let position = itemByKey[key] {
          if !items[position].entries.contains(entries[index].number) {
            items[position].entries.append(entries[index].number)
          }
          // Needed unconditionally by one measure: drop the "if it applies".
          if !document.isConditional, items[position].text.hasSuffix(words.ifApplies) {
            items[position].text = String(items[position].text.dropLast(words.ifApplies.count))
          }
          if !numbers.contains(items[position].number) { numbers.append(items[position].number) }
        } else {
          itemByKey[key] = items.count
          items.append(ChecklistItem(number: items.count + 1, text: text, entries: [entries[index].number]))
          numbers.append(items.count)
        }
      }
      entries[index].checklistNumbers = numbers.sorted()
    }
    return items
  }

  /// Source addresses in order of first use, each once. (The check handout keeps each measure's first source, so the
  /// page stays one page; `shien show ID` lists them all.)
  static func uniqueSources(_ lists: [[Measure.Source]]) -> [String] {
    var seen: Set<String> = []
    var result: [String] = []
    for source in lists.joined() where seen.insert(source.url).inserted { result.append(source.url) }
    return result
  }

  static func deadlineTexts(_ deadline: Deadline?, text: LocalizedText?, words: HandoutWords, language: Language)
    -> (date: String?, note: String?)
  {
    guard let deadline else { return (nil, text?.text(language)) }
    var note: String?
    if deadline.hasMoved, let reason = deadline.movedBecause {
      note = words.moved(deadline.lastDayOfPeriod, because: reason)
    }
    if !deadline.isCertain { note = [note, words.uncertainCalendar].compactMap { $0 }.joined(separator: " ") }
    // The date says it all unless it moved or is uncertain; the rule in words stays in `shien show` and the text output.
    return (words.by(deadline.date), note)
  }

  /// The handout for a household checked on `report.asOf`: eligible measures, then maybe; within each, the nearest
  /// deadline first (a deadline the household's own dates fix, as a new baby's birth date, before one in words).
  package static func forReport(_ report: Report, household: Household, catalog: Catalog, language: Language)
    -> Handout
  {
    let words = HandoutWords(language)
    let calendar = catalog.officeCalendar
    let order = Dictionary(catalog.measures.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    let births = household.members.filter { $0.role == "child" }.compactMap(\.birthDate)
    _ = births
    func concreteDeadline(_ measure: Measure) -> Deadline? {
      DeadlineDates.deadline(
        for: measure, household: household, asOf: report.asOf, calendar: calendar, language: language)
    }
    let chosen = report.results.filter { $0.status != .ineligible }.map { ($0, concreteDeadline($0.measure)) }
      .sorted { lhs, rhs in
        func rank(_ item: (MeasureResult, Deadline?)) -> (Int, Int, Int, Int) {
          (
            item.0.status == .eligible ? 0 : 1, item.1?.date.dayNumber ?? Int.max,
            item.0.measure.procedure.due != nil ? 0 : item.0.measure.procedure.deadline != nil ? 1 : 2,
            order[item.0.measure.id] ?? 0
          )
        }
        return rank(lhs) < rank(rhs)
      }
    // The eligible measures grouped by desk (a visitor goes desk by desk), desks in the order of their most urgent
    // measure; then the maybe ones.
    var eligible = chosen.filter { $0.0.status == .eligible }
    let deskOrder = eligible.map { deskKey($0.0.desk) }.reduce(into: [String]()) { keys, key in
      if !keys.contains(key) { keys.append(key) }
    }
    eligible = deskOrder.flatMap { key in eligible.filter { deskKey($0.0.desk) == key } }
    let maybe = chosen.filter { $0.0.status != .eligible }
    let uiWords = UIStrings(language)
    var entries: [Entry] = []
    for (index, (result, deadline)) in (eligible + maybe).enumerated() {
      let measure = result.measure
      var (date, note) = deadlineTexts(
        deadline, text: measure.procedure.deadline, words: words, language: language)
      if let deadline, deadline.date < report.asOf {
        date = DeadlineDates.text(deadline, asOf: report.asOf, language: language)
        note = nil
      }
      entries.append(
        Entry(
          number: index + 1, id: measure.id, name: measure.name.text(language),
          badge: result.status == .eligible ? words.eligible : words.maybe, isMaybe: result.status == .maybe,
          amount: result.amount.map(uiWords.amount), deadlineDate: date, deadlineNote: note, desk: result.desk,
          documents: result.documents.map { $0.name.text(language) + ($0.isConditional ? words.ifApplies : "") },
          checklistNumbers: [], online: measure.procedure.online,
          onlineNote: measure.procedure.onlineNote?.text(language),
          needsConfirmation: !measure.unverified.isEmpty || result.amount.map { !$0.isVerified } ?? false))
    }
    var others = Array(entries[eligible.count...])
    entries.removeLast(others.count)
    for index in others.indices { others[index].documents = [] }
    let checklist = mergeChecklist(
      &entries, documents: eligible.map(\.0.documents), catalog: catalog, language: language)
    var meta: [String] = []
    if let id = report.householdID { meta.append(words.household(id)) }
    if let municipality = report.municipality { meta.append(municipality.prefecture + municipality.name) }
    meta.append(words.asOf(report.asOf))
    meta.append(words.catalog(report.catalogVersion))
    var handout = Handout(
      language: language, title: words.checkTitle,
      lead: chosen.isEmpty ? words.noEntries : entries.isEmpty ? words.onlyMaybeLead : words.checkLead, meta: meta,
      entries: entries, others: others, checklist: checklist,
      sources: uniqueSources(eligible.map { Array($0.0.measure.sources.prefix(1)) }),
      footer: words.footer(report.asOf, report.catalogVersion))
    handout.assumptions = HandoutAssumptions.of(
      household, results: report.results, catalog: catalog, asOf: report.asOf, language: language)
    return handout
  }

  /// Entries at the same desk share this key.
  static func deskKey(_ desk: ResolvedDesk) -> String { desk.name.text(.ja) + "\u{0}" + (desk.phone ?? "") }

  /// The handout for a life event: its procedures in order, then its measures.
  package static func forPlan(_ plan: EventPlan, catalog: Catalog, language: Language) -> Handout {
    let words = HandoutWords(language)
    let uiWords = UIStrings(language)
    var entries: [Entry] = []
    let items = plan.procedures + plan.measures
    for (index, item) in items.enumerated() {
      let (date, note) = deadlineTexts(item.deadline, text: item.deadlineText, words: words, language: language)
      let badge: String? =
        item.kind == .procedure
        ? words.procedure : item.status.map { $0 == .eligible ? words.eligible : words.maybe }
      entries.append(
        Entry(
          number: index + 1, id: item.id, name: item.name.text(language), badge: badge,
          isMaybe: item.status == .maybe, amount: item.amount.map(uiWords.amount), deadlineDate: date,
          deadlineNote: note, desk: item.desk,
          documents: item.documents.map { $0.name.text(language) + ($0.isConditional ? words.ifApplies : "") },
          checklistNumbers: [], online: item.online, onlineNote: item.onlineNote?.text(language),
          needsConfirmation: !item.unverified.isEmpty))
    }
    let checklist = mergeChecklist(&entries, documents: items.map(\.documents), catalog: catalog, language: language)
    let eventWords = EventWords(language)
    var meta: [String] = []
    if let municipality = plan.municipality { meta.append(municipality.prefecture + municipality.name) }
    meta.append(eventWords.eventDate(plan.date))
    meta.append(words.catalog(plan.catalogVersion))
    return Handout(
      language: language, title: eventWords.title(plan.event.name.text(language)), lead: eventWords.lead,
      meta: meta, entries: entries, checklist: checklist, sources: uniqueSources(items.map(\.sources)),
      footer: words.footer(plan.date, plan.catalogVersion))
  }
}

/// Words of `shien events`, per language.
package struct EventWords: Sendable {
  package var language: Language

  package init(_ language: Language) {
    self.language = language
  }

  func pick(_ ja: String, _ en: String, _ easy: String? = nil) -> String { language.pick(ja, en, easy) }

  func title(_ event: String) -> String { pick("\(event)の手続き", "Procedures: \(event)", "\(event) の てつづき") }
  var lead: String {
    pick(
      "届出・手続きを順に、続いて関係する支援制度を期限の近い順に並べています。",
      "The procedures in order, then the related support measures, nearest deadline first.",
      "てつづき を じゅんばん に ならべて います。")
  }
  func eventDate(_ date: CivilDate) -> String { pick("できごとの日 \(date)", "event date \(date)", "ひ \(date)") }
  var procedures: String { pick("届出・手続き", "Procedures", "とどけ・てつづき") }
  var measures: String { pick("関係する支援制度", "Related support measures", "かんけい する しえん") }
  var measuresForHousehold: String {
    pick("この世帯が受けられる見込みの支援制度", "Support measures this household may get", "この せたい が もらえそう な しえん")
  }
  var none: String { pick("（なし）", "(none)", "（なし）") }
  var listTitle: String { pick("ライフイベント", "Life events", "できごと") }
  var listHint: String {
    pick(
      "shien events <イベント> --date <日付> で、手続きと期限を表示します。",
      "shien events <event> --date <date> shows the procedures and deadlines.",
      "shien events <できごと> --date <ひ> で てつづき が わかります。")
  }
  func counts(_ procedures: Int, _ measures: Int) -> String {
    pick(
      "手続き \(procedures)・制度 \(measures)", "\(procedures) procedures, \(measures) measures",
      "てつづき \(procedures)・しえん \(measures)")
  }
}
