import ShienCatalog
import ShienFacts
import ShienRules
import ShienSupport

/// Writes one measure whole, for `shien show`: conditions with their rules, the parameters in force on a date,
/// procedure, documents (with the condition under which each is needed), desk role and sources.
package struct MeasureSheetRenderer {
  package var language: Language
  package var style: TextStyle
  /// False for a resident (the interview's 詳しく見る): each condition in words only, without its rule, the
  /// parameters' names, the documents' conditions or the source file; staff see them with `shien show`.
  package var showsRules = true

  package init(language: Language, style: TextStyle, showsRules: Bool = true) {
    self.language = language
    self.style = style
    self.showsRules = showsRules
  }

  private func pick(_ ja: String, _ en: String, _ easy: String? = nil) -> String { language.pick(ja, en, easy) }

  package func render(_ measure: Measure, catalog: Catalog, asOf: CivilDate) -> String {
    var lines: [String] = []
    lines.append(style.bold("\(measure.name.text(language))  [\(measure.id)]"))
    lines.append(measure.summary.text(language))
    lines.append("")
    if !showsRules { return resident(measure, catalog: catalog, lines: lines) }
    let scope = scopeName(measure.scope, catalog)
    lines.append("\(pick("区分", "Category")): \(measure.category.rawValue)   \(pick("範囲", "Scope")): \(scope)")
    let from = measure.validFrom?.description ?? "…"
    let through = measure.validThrough?.description ?? ""
    lines.append("\(pick("有効期間", "In force")): \(from) 〜 \(through)")
    if !measure.events.isEmpty {
      lines.append("\(pick("ライフイベント", "Life events")): \(measure.events.joined(separator: ", "))")
    }
    for id in measure.replaces {
      let name = catalog.measure(id: id)?.name.text(language) ?? id
      lines.append(pick("この地域では次の制度に代わる: \(name) [\(id)]", "Takes the place of \(name) [\(id)] here"))
    }
    let localVersions = catalog.measures.filter { $0.replaces.contains(measure.id) }
    if !localVersions.isEmpty {
      let places = localVersions.map { "\(scopeName($0.scope, catalog)) [\($0.id)]" }
      lines.append(
        pick("独自の制度がある地域（そちらを表示）: ", "Replaced by a local measure in: ")
          + places.joined(separator: language == .en ? ", " : "、"))
    }
    lines.append("")
    lines.append(style.bold(pick("条件（すべて満たすこと）", "Conditions (all must hold)")))
    for condition in measure.conditions {
      lines.append("  ・\(condition.text.text(language))")
      lines.append("    " + style.dim(condition.rule.source.text.replacingNewlines))
    }
    if let amount = measure.amount {
      lines.append("")
      lines.append(style.bold(pick("金額", "Amount")) + " (\(amount.per.rawValue))")
      lines.append("    " + style.dim(amount.rule.source.text.replacingNewlines))
      if let note = amount.note { lines.append("  \(note.text(language))") }
    }
    let parameters = catalog.library.parameters.indices.filter { index in
      measure.amount.map { usesParameter($0.rule.expr, index, catalog) } ?? false
        || measure.conditions.contains { usesParameter($0.rule.expr, index, catalog) }
    }.map { catalog.library.parameters[$0] }
    if !parameters.isEmpty {
      lines.append("")
      lines.append(style.bold(pick("\(asOf) 時点のパラメータ", "Parameters in force on \(asOf)")))
      for parameter in parameters {
        guard let period = parameter.period(on: asOf) else {
          lines.append("  \(parameter.name): " + pick("この日に有効な値なし", "no value in force on this date"))
          continue
        }
        let format = { (values: [Double]) -> String in
          let texts = values.map {
            parameter.type == .money ? formatYen($0, language: language) : JSONWriter.format($0)
          }
          return parameter.isTable ? "[" + texts.joined(separator: ", ") + "]" : texts.first ?? ""
        }
        var line = "  \(parameter.name) = "
        if parameter.isKeyed {
          line += pick("\(period.keyed.count)件のキーごとの値", "a value for each of \(period.keyed.count) keys")
          if !period.values.isEmpty {
            line += pick("（ほかは \(format(period.values))）", " (otherwise \(format(period.values)))")
          }
        } else {
          line += format(period.values)
        }
        line += style.dim("  (\(period.from)〜\(period.through?.description ?? ""))")
        if !period.isVerified { line += " " + style.yellow(pick("要確認", "unverified")) }
        lines.append(line)
        if let stale = parameter.stale(on: asOf) {
          lines.append("    " + style.yellow(pick("要確認", "To be confirmed") + ": " + stale.note(language)))
        }
        if let source = period.source { lines.append("    " + style.dim(source)) }
      }
    }
    lines.append("")
    lines.append(style.bold(pick("手続き", "Procedure")))
    for (index, step) in measure.procedure.steps.enumerated() { lines.append("  \(index + 1). \(step.text(language))") }
    if let online = [measure.procedure.online, measure.procedure.onlineNote?.text(language)].onlineLine {
      lines.append("  \(pick("オンライン", "Online")): \(online)")
    }
    if let deadline = measure.procedure.deadline {
      lines.append("  \(pick("期限", "Deadline")): \(deadline.text(language))")
    }
    lines.append("")
    lines.append(style.bold(pick("持ち物", "Documents")))
    for document in measure.documents {
      var line = "  ・\(document.name.text(language))"
      if let condition = document.condition {
        line += style.dim("  [\(pick("条件", "when")): \(condition.source.text.replacingNewlines)]")
      }
      lines.append(line)
    }
    lines.append("")
    // A municipality's own measure names that municipality's desk; any other names the role.
    var deskName = catalog.roles[measure.deskRole]?.name.text(language) ?? measure.deskRole
    if case .municipality(let code) = measure.scope {
      deskName = catalog.desk(for: measure, municipality: code).name.text(language)
    }
    lines.append(style.bold(pick("窓口", "Desk")) + ": " + deskName)
    for note in measure.notes { lines.append("\(pick("注意", "Note")): \(note.text(language))") }
    for item in measure.unverified {
      lines.append(style.yellow("\(pick("要確認", "To be confirmed")): \(item.text(language))"))
    }
    lines.append("")
    lines.append(style.bold(pick("出典", "Sources")))
    for source in measure.sources {
      lines.append(
        "  \(source.url)" + (source.title.map { "  \($0)" } ?? "")
          + style.dim("  (" + (source.checked.map { "\(pick("確認", "checked")) \($0)" } ?? pick("未読", "not read")) + ")")
          + (source.needsConfirmation ? " " + style.yellow(pick("要確認", "to be confirmed")) : ""))
    }
    lines.append(style.dim(pick("ファイル", "File") + ": Resources/\(measure.file)"))
    return lines.joined(separator: "\n") + "\n"
  }

  /// The sheet in words for a resident: who can get it, how much, how to apply, by when, what to bring, where.
  private func resident(_ measure: Measure, catalog: Catalog, lines start: [String]) -> String {
    var lines = start
    lines.append(style.bold(pick("受けられる人（すべてにあてはまること）", "Who can get it (all of these)", "もらえる ひと")))
    for condition in measure.conditions { lines.append("  ・\(condition.text.text(language))") }
    if let note = measure.amount?.note {
      lines.append("")
      lines.append(style.bold(pick("金額", "Amount", "おかね")))
      lines.append("  \(note.text(language))")
    }
    lines.append("")
    lines.append(style.bold(pick("手続き", "How to apply", "てつづき")))
    for (index, step) in measure.procedure.steps.enumerated() { lines.append("  \(index + 1). \(step.text(language))") }
    if let online = measure.procedure.online { lines.append("  \(pick("オンライン", "Online", "インターネット")): \(online)") }
    if let deadline = measure.procedure.deadline {
      lines.append("  \(pick("期限", "Deadline", "きげん")): \(deadline.text(language))")
    }
    if !measure.documents.isEmpty {
      lines.append("")
      lines.append(style.bold(pick("持ち物", "What to bring", "もっていく もの")))
      for document in measure.documents {
        let condition = document.condition == nil ? "" : pick("（該当する場合）", " (if it applies)", "（ひつよう な とき）")
        lines.append("  ・\(document.name.text(language))\(condition)")
      }
    }
    lines.append("")
    var deskName = catalog.roles[measure.deskRole]?.name.text(language) ?? measure.deskRole
    if case .municipality(let code) = measure.scope {
      deskName = catalog.desk(for: measure, municipality: code).name.text(language)
    }
    lines.append(style.bold(pick("窓口", "Desk", "まどぐち")) + ": " + deskName)
    for note in measure.notes { lines.append("\(pick("注意", "Note", "ちゅうい")): \(note.text(language))") }
    if let source = measure.sources.first {
      lines.append("")
      lines.append(style.dim(pick("くわしくは", "More", "くわしく は") + ": \(source.url)"))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func scopeName(_ scope: Measure.Scope, _ catalog: Catalog) -> String {
    switch scope {
    case .national: return pick("全国", "national")
    case .prefecture(let name): return name
    case .municipality(let code):
      return catalog.municipalities.first { $0.code == code }.map { $0.prefecture + $0.name } ?? code
    }
  }

  /// Whether `expr` reads the parameter at `parameter` in the library (by index: two measures may each have a
  /// parameter of the same name).
  private func usesParameter(_ expr: Expr, _ parameter: Int, _ catalog: Catalog) -> Bool {
    var seen = Set<Int>()
    return uses(expr, parameter, catalog, &seen)
  }

  private func uses(_ expr: Expr, _ parameter: Int, _ catalog: Catalog, _ seen: inout Set<Int>) -> Bool {
    switch expr {
    case .parameter(let index, let row):
      return index == parameter || (row.map { uses($0, parameter, catalog, &seen) } ?? false)
    case .keyedParameter(let index, let key, let column):
      return index == parameter || uses(key, parameter, catalog, &seen)
        || (column.map { uses($0, parameter, catalog, &seen) } ?? false)
    case .negate(let e), .not(let e), .inList(let e, _): return uses(e, parameter, catalog, &seen)
    case .binary(_, let l, let r): return uses(l, parameter, catalog, &seen) || uses(r, parameter, catalog, &seen)
    case .conditional(let c, let v, let o): return (c + v + [o]).contains { uses($0, parameter, catalog, &seen) }
    case .aggregate(_, _, let f, let b):
      return [f, b].compactMap { $0 }.contains { uses($0, parameter, catalog, &seen) }
    case .rank(let t, _, let f):
      return uses(t, parameter, catalog, &seen) || (f.map { uses($0, parameter, catalog, &seen) } ?? false)
    case .builtin(_, let arguments): return arguments.contains { uses($0, parameter, catalog, &seen) }
    case .definition(let index, let argument):
      if let argument, uses(argument, parameter, catalog, &seen) { return true }
      guard seen.insert(index).inserted else { return false }
      // Another measure's amount (measure_amount) lists its parameters under that measure, not this one.
      if catalog.library.definitions[index].name.hasPrefix("measure_amount:") { return false }
      return uses(catalog.library.definitions[index].rule.expr, parameter, catalog, &seen)
    default: return false
    }
  }
}

/// Writes the fact vocabulary for `shien facts`.
package struct FactsRenderer {
  package var language: Language

  package init(language: Language) {
    self.language = language
  }

  package func text(_ vocabulary: FactVocabulary) -> String {
    var lines: [String] = []
    for entity in [Fact.Entity.household, .member] {
      lines.append(
        entity == .household
          ? (language == .en ? "HOUSEHOLD FACTS" : "世帯の事実")
          : (language == .en ? "MEMBER FACTS (inside \"members\")" : "世帯員の事実（\"members\" の中）"))
      for fact in vocabulary.facts(of: entity) {
        var line = "  " + fact.id.padding(to: 31) + fact.typeName.padding(to: 9)
        line += fact.label.text(language)
        if let unit = fact.unit { line += " [\(unit)]" }
        lines.append(line)
        if case .choice(let choices) = fact.kind {
          let described = choices.map { "\($0)=\(fact.choiceLabels[$0]?.text(language) ?? $0)" }
          lines.append("      " + described.joined(separator: ", "))
        }
        if case .integer(let range?) = fact.kind { lines.append("      \(range.lowerBound)…\(range.upperBound)") }
      }
      lines.append("")
    }
    lines.append(
      language == .en ? "A fact not given is unknown, never zero or false." : "書かれていない事実は「不明」として扱います（0 や「いいえ」とはみなしません）。"
    )
    return lines.joined(separator: "\n") + "\n"
  }

  package func json(_ vocabulary: FactVocabulary) -> String {
    var json = JSONWriter(pretty: true)
    json.beginArray()
    for fact in vocabulary.facts {
      json.beginObject()
      json.field("id", fact.id)
      json.field("entity", fact.entity.rawValue)
      json.field("type", fact.typeName)
      json.field("unit", fact.unit)
      if case .choice(let choices) = fact.kind {
        json.key("values")
        json.beginArray()
        for choice in choices { json.string(choice) }
        json.endArray()
      }
      if case .integer(let range?) = fact.kind {
        json.key("min")
        json.integer(range.lowerBound)
        json.key("max")
        json.integer(range.upperBound)
      }
      for (key, text) in [("label", fact.label), ("question", fact.question), ("help", fact.help)] {
        json.key(key)
        json.beginObject()
        for language in Language.allCases {
          json.key(language.rawValue)
          json.string(text.values[language.rawValue] ?? "")
        }
        json.endObject()
      }
      json.endObject()
    }
    json.endArray()
    return json.output + "\n"
  }
}

extension String {
  /// Pads with spaces to `width` display columns (Japanese characters count two).
  package func padding(to width: Int) -> String {
    let current = DisplayWidth.of(self)
    return current >= width ? self + " " : self + String(repeating: " ", count: width - current)
  }

  var replacingNewlines: String { split(separator: "\n").map { $0.trimmingSpaces }.joined(separator: " ") }
}

extension Substring {
  fileprivate var trimmingSpaces: String { String(self).trimmingSpaces }
}
