import ShienCatalog
import ShienFacts
import ShienMatching
import ShienSupport

/// Terminal styling: ANSI colour only when the caller allows it, and never the only carrier of meaning (every status
/// also has its own mark and words).
package struct TextStyle: Sendable {
  package var useColor: Bool

  package init(useColor: Bool) {
    self.useColor = useColor
  }

  package func bold(_ text: String) -> String { useColor ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
  package func dim(_ text: String) -> String { useColor ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
  package func green(_ text: String) -> String { useColor ? "\u{1B}[32m\(text)\u{1B}[0m" : text }
  package func yellow(_ text: String) -> String { useColor ? "\u{1B}[33m\(text)\u{1B}[0m" : text }
  package func red(_ text: String) -> String { useColor ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
}

/// Formats yen with thousands separators: 25,000円 / ¥25,000.
package func formatYen(_ value: Double, language: Language) -> String {
  guard value.isFinite else { return language == .en ? "open-ended" : "上限なし" }
  let text = grouped(value)
  return language == .en ? "¥\(text)" : "\(text)円"
}

/// Words of the text output, per language.
package struct UIStrings: Sendable {
  package var language: Language

  package init(_ language: Language) {
    self.language = language
  }

  private func pick(_ ja: String, _ en: String, _ easy: String? = nil) -> String { language.pick(ja, en, easy) }

  package func heading(_ status: MeasureResult.Status, count: Int) -> String {
    switch status {
    case .eligible: pick("受けられる見込みのもの（\(count)件）", "Likely eligible (\(count))", "もらえそう な もの（\(count)）")
    case .maybe:
      pick(
        "条件しだいで受けられるもの（\(count)件）", "Maybe eligible: depends on facts not given (\(count))",
        "わかれば もらえる かも しれない もの（\(count)）")
    case .ineligible: pick("対象外のもの（\(count)件）", "Not eligible (\(count))", "もらえない もの（\(count)）")
    }
  }

  package func mark(_ truth: Truth) -> String {
    switch truth {
    case .yes: "✓"
    case .no: "✗"
    case .unknown: "?"
    }
  }

  package var per: (Measure.Period) -> String {
    { period in
      switch period {
      case .month: self.pick("月額", "per month", "1かげつ")
      case .year: self.pick("年額", "per year", "1ねん")
      case .once: self.pick("一時金", "once", "1かい")
      case .day: self.pick("日額", "per day", "1にち")
      }
    }
  }

  package func amount(_ amount: MeasureResult.Amount) -> String {
    let low = formatYen(amount.min, language: language)
    let text: String
    if amount.min == amount.max {
      text = low
    } else if !amount.max.isFinite {
      text = pick("\(low)〜（上限は条件しだい）", "\(low) or more", "\(low) から")
    } else {
      text = "\(low)〜\(formatYen(amount.max, language: language))"
    }
    let verified = amount.isVerified ? "" : toBeConfirmed
    return language == .en ? "\(text) \(per(amount.per))\(verified)" : "\(per(amount.per)) \(text)\(verified)"
  }

  var why: String { pick("判定", "Why", "りゆう") }

  func receivingHeading(_ count: Int) -> String {
    pick("受給中のもの（\(count)件）", "Already receiving (\(count))", "もう もらって いる もの（\(count)）")
  }

  var receivingNote: String {
    pick(
      "受け取り続けるには、毎年の届出（現況届など）や、引っ越し・子どもの数・所得が変わったときの届出が要ることがあります。窓口の案内を確かめてください。",
      "To keep receiving them, a yearly report or a report of changes (moving, a child more or less, income) may be needed: check with the desk.",
      "もらい つづける には、まいとし の とどけ や、ひっこし・こども の かず が かわった とき の とどけ が いる こと が あります。")
  }

  func restHeading(_ count: Int) -> String {
    pick(
      "ほかに条件しだいのもの（\(count)件、全部見るには shien check … --all）", "Also maybe (\(count); see them all with check --all)",
      "ほか に かも しれない もの（\(count)）")
  }
  var missing: String { pick("わかれば決まること", "To settle it, find out", "わかると きまる こと") }
  var steps: String { pick("手続き", "How to apply", "てつづき") }
  var online: String { pick("オンライン", "Online", "インターネット") }
  var deadline: String { pick("期限", "Deadline", "きげん") }
  var documents: String { pick("持ち物", "Bring", "もっていく もの") }
  var desk: String { pick("窓口", "Desk", "まどぐち") }
  var sources: String { pick("出典", "Sources", "でどころ") }
  var notes: String { pick("注意", "Note", "ちゅうい") }
  var unverified: String { pick("要確認", "To be confirmed", "たしかめて ください") }
  var checked: String { pick("確認", "checked", "かくにん") }

  /// After a source's address: when it was checked, or that it was not read; and 要確認 for news and blogs.
  package func sourceMark(_ source: Measure.Source) -> String {
    var mark =
      source.checked.map { pick("（確認 \($0)）", " (checked \($0))", "（かくにん \($0)）") }
      ?? pick("（未読：このカタログでは読んでいない）", " (not read for this catalog)", "（まだ よんで いません）")
    if let kind = source.kind, source.needsConfirmation {
      let word = [
        Measure.Source.Kind.news: pick("報道", "news"), .blog: pick("ブログ", "blog"),
        .thirdParty: pick("第三者のページ", "third-party page"),
      ][kind, default: ""]
      mark += pick("（\(word)・要確認）", " (\(word), to be confirmed)", "（\(word)・たしかめて ください）")
    }
    return mark
  }
  var noDocuments: String {
    pick("（カタログに登録なし。窓口で確認してください）", "(none listed in the catalog; ask the desk)", "（のって いません。まどぐち で きいて ください）")
  }
  var noneForThisHousehold: String {
    pick(
      "（この世帯に必要な書類の登録なし。窓口で確認してください）", "(none needed for this household in the catalog; ask the desk)",
      "（この いえ に ひつよう な もの は のって いません）")
  }
  var ifApplies: String { pick("（該当する場合）", " (if it applies)", "（ひつよう な とき）") }
  var genericDesk: String { pick("（市区町村の窓口データなし）", " (no desk data for this municipality)", "") }
  var phone: String { pick("電話", "Phone", "でんわ") }
  var hours: String { pick("受付", "Hours", "じかん") }
  var toBeConfirmed: String { pick("（要確認）", " (to be confirmed)", "（たしかめて ください）") }

  func ineligibleHidden(_ count: Int) -> String {
    pick(
      "対象外のもの \(count)件（理由は --all で表示）", "\(count) not eligible (see why with --all)",
      "もらえない もの \(count)（--all で りゆう を みる）")
  }

  func nothingFound() -> String {
    pick("この条件で当てはまる制度は見つかりませんでした。", "No measure matched these facts.", "あてはまる もの は ありません でした。")
  }

  func header(_ report: Report) -> String {
    var parts: [String] = []
    if let id = report.householdID.map({ terminalSafe($0) }) { parts.append(pick("世帯 \(id)", "Household \(id)")) }
    if let m = report.municipality { parts.append(m.prefecture + m.name) }
    parts.append(pick("\(report.asOf) 時点", "as of \(report.asOf)", "\(report.asOf) の とき"))
    return parts.joined(separator: " ・ ")
  }

  func catalogLine(_ report: Report) -> String {
    pick(
      "カタログ \(report.catalogVersion)（\(report.catalogDigest.prefix(12))）",
      "Catalog \(report.catalogVersion) (\(report.catalogDigest.prefix(12)))")
  }
}

/// Writes a report for a person at a terminal: grouped by status, each measure with its amount, the reasons, what
/// is missing, how to apply, what to bring, where to go and where the facts come from.
package struct TextReportRenderer {
  package var language: Language
  package var includeIneligible: Bool
  package var style: TextStyle
  /// Measures the household already receives: shown apart (受給中), not as something to apply for.
  package var received: Set<String> = []
  /// The measures the household asked about (the interview's concerns); nil for all. With ``isCondensed``, the maybe
  /// measures outside it with little at stake are only named.
  package var focus: Set<String>?
  /// True for the interview's result: the maybe measures that matter in full, the rest by name (全部見る).
  package var isCondensed = false

  package init(language: Language, includeIneligible: Bool, style: TextStyle) {
    self.language = language
    self.includeIneligible = includeIneligible
    self.style = style
  }

  package func render(_ report: Report, household: Household, catalog: Catalog) -> String {
    let words = UIStrings(language)
    var out: [String] = []
    out.append(style.bold(words.header(report)))
    out.append(style.dim(words.catalogLine(report)))
    if report.results.isEmpty {
      out.append("")
      out.append(words.nothingFound())
    }
    // In order of what to do: what to apply for (the nearest deadline first, then the most money), what is already
    // received, the maybe measures by what is at stake, then the rest.
    let deadlines = Dictionary(
      report.results.compactMap { result in
        DeadlineDates.deadline(
          for: result.measure, household: household, asOf: report.asOf, calendar: catalog.officeCalendar,
          language: language
        ).map { (result.measure.id, $0) }
      }, uniquingKeysWith: { first, _ in first })
    let toApply = report.results.filter { $0.status == .eligible && !received.contains($0.measure.id) }
      .sorted { a, b in
        let (da, db) = (
          deadlines[a.measure.id]?.date.dayNumber ?? Int.max, deadlines[b.measure.id]?.date.dayNumber ?? Int.max
        )
        if da != db { return da < db }
        return QuestionPlanner.stake(of: a) > QuestionPlanner.stake(of: b)
      }
    let receiving = report.results.filter { $0.status != .ineligible && received.contains($0.measure.id) }
    var maybe = report.results.filter { $0.status == .maybe && !received.contains($0.measure.id) }
      .sorted { QuestionPlanner.stake(of: $0) > QuestionPlanner.stake(of: $1) }
    var rest: [MeasureResult] = []
    if isCondensed {
      rest = maybe.filter { result in
        !(focus?.contains(result.measure.id) ?? true) && QuestionPlanner.stake(of: result) < QuestionPlanner.highStake
      }
      maybe.removeAll { result in rest.contains { $0.measure.id == result.measure.id } }
    }
    let groups: [(String, [MeasureResult], MeasureResult.Status)] = [
      (words.heading(.eligible, count: toApply.count), toApply, .eligible),
      (words.receivingHeading(receiving.count), receiving, .eligible),
      (words.heading(.maybe, count: maybe.count), maybe, .maybe),
    ]
    for (title, group, status) in groups where !group.isEmpty {
      out.append("")
      let heading = "■ " + title
      out.append(style.bold(status == .eligible ? style.green(heading) : style.yellow(heading)))
      if group.first.map({ received.contains($0.measure.id) }) ?? false {
        out.append("  " + words.receivingNote)
        for result in group {
          out.append("● " + style.bold(result.measure.name.text(language)) + style.dim("  [\(result.measure.id)]"))
          out.append("  \(words.desk): \(result.desk.name.text(language))")
        }
        continue
      }
      for result in group {
        out.append("")
        out += measureLines(
          result, household: household, catalog: catalog, words: words, deadline: deadlines[result.measure.id],
          asOf: report.asOf)
      }
    }
    if !rest.isEmpty {
      out.append("")
      out.append(style.bold("■ " + words.restHeading(rest.count)))
      out.append(
        "  " + rest.map { $0.measure.name.text(language) }.joined(separator: language == .en ? ", " : "、"))
    }
    let ineligible = report.results.filter { $0.status == .ineligible }
    if !ineligible.isEmpty {
      out.append("")
      if includeIneligible {
        out.append(style.bold("■ " + words.heading(.ineligible, count: ineligible.count)))
        for result in ineligible {
          out.append("")
          out += measureLines(result, household: household, catalog: catalog, words: words)
        }
      } else {
        out.append(style.dim(words.ineligibleHidden(ineligible.count)))
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  package func measureLines(
    _ result: MeasureResult, household: Household, catalog: Catalog, words: UIStrings, deadline date: Deadline? = nil,
    asOf: CivilDate? = nil
  ) -> [String] {
    let measure = result.measure
    var lines: [String] = []
    var title = "● " + style.bold(measure.name.text(language))
    if let amount = result.amount { title += "  " + words.amount(amount) }
    title += style.dim("  [\(measure.id)]")
    lines.append(title)
    lines.append("  " + measure.summary.text(language))
    lines.append("  \(words.why):")
    for reason in result.why {
      let mark = words.mark(reason.holds)
      let colored =
        reason.holds == .yes ? style.green(mark) : reason.holds == .no ? style.red(mark) : style.yellow(mark)
      lines.append("    \(colored) \(reason.text.text(language))")
    }
    if !result.missing.isEmpty {
      let labels = result.missing.map { catalog.label(of: $0, in: household, language: language) }
      lines.append("  \(words.missing): " + labels.joined(separator: language == .en ? ", " : "、"))
    }
    if result.status == .ineligible { return lines }
    if let note = measure.amount?.note, result.amount != nil { lines.append("  " + style.dim(note.text(language))) }
    for stale in result.amount?.stale ?? [] {
      lines.append("  " + style.yellow("\(words.unverified): \(stale.note(language))"))
    }
    if !measure.procedure.steps.isEmpty {
      lines.append("  \(words.steps):")
      for (index, step) in measure.procedure.steps.enumerated() {
        lines.append("    \(index + 1). \(step.text(language))")
      }
    }
    if let online = [measure.procedure.online, measure.procedure.onlineNote?.text(language)].onlineLine {
      lines.append("  \(words.online): \(online)")
    }
    if let date, let asOf {
      let rule = measure.procedure.deadline.map {
        language == .en ? " (\($0.text(language)))" : "（\($0.text(language))）"
      }
      lines.append("  \(words.deadline): " + DeadlineDates.text(date, asOf: asOf, language: language) + (rule ?? ""))
    } else if let deadline = measure.procedure.deadline {
      lines.append("  \(words.deadline): \(deadline.text(language))")
    }
    if result.documents.isEmpty {
      // A measure whose documents are all for other households (the pregnancy notification, say) needs none here.
      let none = measure.documents.isEmpty ? words.noDocuments : words.noneForThisHousehold
      lines.append("  \(words.documents): " + style.dim(none))
    } else {
      lines.append("  \(words.documents):")
      for document in result.documents {
        lines.append("    ・\(document.name.text(language))\(document.isConditional ? words.ifApplies : "")")
      }
    }
    var desk = "  \(words.desk): \(result.desk.name.text(language))"
    if result.desk.lacksDeskData { desk += style.dim(words.genericDesk) }
    lines.append(desk)
    for (field, label, value) in [
      ("phone", words.phone, result.desk.phone), ("hours", words.hours, result.desk.hours?.text(language)),
      ("location", nil, result.desk.location?.text(language)), ("address", nil, result.desk.address),
      ("url", nil, result.desk.url),
    ] {
      guard let value else { continue }
      let mark = result.desk.isUnverified(field) ? style.yellow(words.toBeConfirmed) : ""
      lines.append("        " + (label.map { "\($0) " } ?? "") + value + mark)
    }
    for caveat in result.desk.caveats {
      lines.append("        " + style.yellow("\(words.unverified): \(caveat.text.text(language))"))
    }
    for note in measure.notes { lines.append("  \(words.notes): \(note.text(language))") }
    for item in measure.unverified { lines.append("  " + style.yellow("\(words.unverified): \(item.text(language))")) }
    if !measure.sources.isEmpty {
      lines.append("  \(words.sources):")
      for source in measure.sources {
        lines.append("    " + style.dim(source.url + words.sourceMark(source)))
      }
    }
    return lines
  }
}

extension [String?] {
  /// The online route as one line of text: its URL, then its note; nil when there is neither.
  var onlineLine: String? {
    let parts = compactMap { $0 }.filter { !$0.isEmpty }
    return parts.isEmpty ? nil : parts.joined(separator: " ")
  }
}
