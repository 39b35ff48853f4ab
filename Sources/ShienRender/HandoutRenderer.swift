import ShienMatching
import ShienSupport

/// Writes a `Handout` as one printable A4 HTML page or as Markdown.
package struct HandoutRenderer {
  package var language: Language

  package init(language: Language) {
    self.language = language
  }

  private var words: HandoutWords { HandoutWords(language) }
  private var separator: String { language == .en ? ", " : "、" }

  /// The desk's name, place, phone and hours; a field no official source confirmed carries 要確認.
  private func deskLines(_ desk: ResolvedDesk, withHours: Bool = true) -> [(label: String?, text: String)] {
    func mark(_ field: String) -> String { desk.isUnverified(field) ? "（\(words.toConfirm)）" : "" }
    var lines: [(String?, String)] = [(nil, desk.name.text(language))]
    if let location = desk.location { lines.append((nil, location.text(language) + mark("location"))) }
    if let address = desk.address, desk.location == nil { lines.append((nil, address + mark("address"))) }
    if let phone = desk.phone { lines.append((words.phone, phone + mark("phone"))) }
    if withHours, let hours = desk.hours { lines.append((words.hours, hours.text(language) + mark("hours"))) }
    return lines
  }

  // MARK: HTML

  package func html(_ handout: Handout) -> String {
    let e = HTMLPage.escape
    var body = "<header><div><h1>\(e(handout.title))</h1><p class=\"lead\">\(e(handout.lead))</p></div>"
    body += "<div class=\"meta\">" + handout.meta.map(e).joined(separator: "<br>") + "</div></header>\n"
    if let assumptions = handout.assumptions {
      body += "<section class=\"assumed\"><b>\(e(words.assumed))</b>: "
      body += assumptions.facts.map(e).joined(separator: " ・ ")
      if !assumptions.unknown.isEmpty {
        body += "<br><b>\(e(words.unknownFacts))</b>: " + assumptions.unknown.map(e).joined(separator: "、")
      }
      body += "</section>\n"
    }
    if !handout.entries.isEmpty {
      body += "<h2>\(e(words.apply))</h2>\n"
      // Hours that every desk shares are said once, above the table.
      let withHours = handout.entries.filter { $0.desk.hours != nil }
      let allHours = Set(withHours.map { deskLines($0.desk).last?.text ?? "" })
      let sharedHours = withHours.count > 1 && allHours.count == 1 ? withHours.first?.desk : nil
      if let desk = sharedHours, let hours = deskLines(desk).last {
        body += "<p class=\"small\">\(e(words.sharedHours)): \(e(hours.text))</p>\n"
      }
      body += "<table>\n<thead><tr><th>#</th><th>\(e(words.item))</th>"
      body += "<th>\(e(words.deadline))</th><th>\(e(words.documentNumbers))</th></tr></thead>\n<tbody>\n"
      var currentDesk: String?
      for entry in handout.entries {
        let key = Handout.deskKey(entry.desk)
        if key != currentDesk {
          currentDesk = key
          let parts = deskLines(entry.desk, withHours: sharedHours == nil).enumerated().map { index, line in
            let text = e((line.label.map { "\($0) " } ?? "") + line.text)
            return index == 0 ? "<b>\(text)</b>" : text
          }
          body += "<tr class=\"desk\"><td colspan=\"4\">\(e(words.desk)): " + parts.joined(separator: "　")
          if entry.desk.lacksDeskData { body += " <span class=\"warn\">\(e(words.genericDesk))</span>" }
          body += "</td></tr>\n"
        }
        body += "<tr><td class=\"no\">\(entry.number)</td><td><span class=\"name\">\(e(entry.name))</span>"
        if let badge = entry.badge, badge != words.eligible {
          body += "<span class=\"badge\(entry.isMaybe ? " maybe" : "")\">\(e(badge))</span>"
        }
        if let amount = entry.amount { body += " <span class=\"small\">\(e(amount))</span>" }
        if entry.online != nil || entry.onlineNote != nil {
          // The link is the URL alone; the note beside it is text.
          let parts = [entry.online.map { HTMLPage.link($0) }, entry.onlineNote.map(e)].compactMap { $0 }
          body += "<div class=\"small\">\(e(words.online)): \(parts.joined(separator: " "))</div>"
        }
        if entry.needsConfirmation { body += " <span class=\"warn\">※\(e(words.toConfirm))</span>" }
        body += "</td><td class=\"when\">"
        if let date = entry.deadlineDate { body += "<span class=\"date\">\(e(date))</span>" }
        if let note = entry.deadlineNote {
          body += "<div class=\"small\">\(e(entry.deadlineDate == nil ? HandoutRenderer.short(note) : note))</div>"
        }
        if entry.deadlineDate == nil && entry.deadlineNote == nil { body += e(words.noDeadline) }
        body += "</td><td class=\"docs\">"
        if !entry.checklistNumbers.isEmpty {
          body += entry.checklistNumbers.map(String.init).joined(separator: separator)
        }
        body += "</td></tr>\n"
      }
      body += "</tbody>\n</table>\n"
    }
    if !handout.others.isEmpty {
      body += "<h2>\(e(words.others)) <span class=\"small\">\(e(words.othersLead))</span></h2>\n<p class=\"others\">"
      body += handout.others.map { "\($0.number). \(e($0.name))" }.joined(separator: separator) + "</p>\n"
    }
    if !handout.checklist.isEmpty {
      body +=
        "<h2>\(e(words.checklist)) <span class=\"small\">\(e(words.checklistLead))</span></h2>\n<ul class=\"check\">\n"
      for item in handout.checklist {
        let refs = item.entries.map(String.init).joined(separator: separator)
        body += "<li>\(item.number). \(e(item.text)) <span class=\"small\">（\(refs)）</span></li>\n"
      }
      body += "</ul>\n"
    }
    if !handout.sources.isEmpty {
      // One small paragraph, the addresses without their scheme: the sources matter, but not more than the page.
      let links = handout.sources.map { source in
        HTMLPage.link(source, text: source.hasPrefix("https://") ? String(source.dropFirst(8)) : source)
      }
      body += "<p class=\"sources\"><b>\(e(words.sources))</b>: " + links.joined(separator: " ・ ") + "</p>\n"
    }
    body += "<footer>\(e(handout.footer))</footer>"
    return HTMLPage.document(title: handout.title, language: language, body: body)
  }

  /// A deadline in words cut to its first clause for the table (the whole rule is in `shien show`).
  static func short(_ text: String) -> String {
    for mark: Character in ["（", "。"] {
      if let index = text.firstIndex(of: mark), text.distance(from: text.startIndex, to: index) >= 6 {
        return String(text[..<index])
      }
    }
    return text
  }

  // MARK: Markdown

  /// Escapes the characters Markdown would read as markup: `<`, `>` and `&` as in HTML (so that no raw HTML
  /// reaches a renderer), the rest of Markdown's punctuation with a backslash; control characters and
  /// bidirectional overrides through the one sanitiser (``terminalSafe(_:keepingLineBreaks:keepingStyles:)``).
  package static func escapeMarkdown(_ text: String) -> String {
    var result = ""
    for character in terminalSafe(text) {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      default:
        if "\\`*_[]|#!".contains(character) { result.append("\\") }
        result.append(character)
      }
    }
    return result
  }

  /// A link in Markdown: an autolink for an http(s) URL that is nothing else (no space, no `<` or `>`, no control
  /// character), else the text escaped; a `javascript:` URL never becomes a link.
  package static func markdownLink(_ url: String) -> String {
    let isPlainURL =
      (url.hasPrefix("https://") || url.hasPrefix("http://"))
      && !url.unicodeScalars.contains { $0.value <= 0x20 || $0.value >= 0x7F || "<>\"'`\\".unicodeScalars.contains($0) }
    return isPlainURL ? "<\(url)>" : escapeMarkdown(url)
  }

  package func markdown(_ handout: Handout) -> String {
    let m = HandoutRenderer.escapeMarkdown
    var lines = ["# \(m(handout.title))", "", m(handout.meta.joined(separator: " ・ ")), "", m(handout.lead)]
    if let assumptions = handout.assumptions {
      lines += ["", "> **\(m(words.assumed))**: " + assumptions.facts.map(m).joined(separator: " ・ ")]
      if !assumptions.unknown.isEmpty {
        lines += [">", "> **\(m(words.unknownFacts))**: " + assumptions.unknown.map(m).joined(separator: "、")]
      }
    }
    if !handout.entries.isEmpty {
      lines += ["", "## \(m(words.apply))"]
      for entry in handout.entries {
        var title = "### \(entry.number). \(m(entry.name))"
        if let badge = entry.badge { title += "（\(m(badge))）" }
        if let amount = entry.amount { title += " \(m(amount))" }
        lines += ["", title, ""]
        var deadline = [entry.deadlineDate, entry.deadlineNote].compactMap { $0 }.joined(separator: " — ")
        if deadline.isEmpty { deadline = words.noDeadline }
        lines.append("- \(m(words.deadline)): \(m(deadline))")
        let desk = deskLines(entry.desk).map { ($0.label.map { "\($0) " } ?? "") + $0.text }
        lines.append(
          "- \(m(words.desk)): \(m(desk.joined(separator: " / ")))"
            + (entry.desk.lacksDeskData ? m(words.genericDesk) : "")
        )
        if entry.online != nil || entry.onlineNote != nil {
          // An autolink only around a URL; the note is text.
          let parts = [entry.online.map { HandoutRenderer.markdownLink($0) }, entry.onlineNote.map(m)].compactMap { $0 }
          lines.append("- \(m(words.online)): " + parts.joined(separator: " "))
        }
        if !entry.documents.isEmpty {
          lines.append("- \(m(words.documents)): " + entry.documents.map(m).joined(separator: separator))
        }
        if entry.needsConfirmation { lines.append("- ※ \(m(words.toConfirm))") }
      }
    }
    if !handout.others.isEmpty {
      lines += ["", "## \(m(words.others))", "", m(words.othersLead), ""]
      for entry in handout.others {
        lines.append(
          "- \(entry.number). \(m(entry.name))" + (entry.amount.map { " \(m($0))" } ?? "") + " — "
            + m(entry.desk.name.text(language)))
      }
    }
    if !handout.checklist.isEmpty {
      lines += ["", "## \(m(words.checklist))", "", m(words.checklistLead), ""]
      for item in handout.checklist {
        lines.append("- [ ] \(m(item.text))（\(item.entries.map(String.init).joined(separator: separator))）")
      }
    }
    if !handout.sources.isEmpty {
      lines += ["", "## \(m(words.sources))", ""]
      for source in handout.sources {
        lines.append("- \(HandoutRenderer.markdownLink(source))")
      }
    }
    lines += ["", "---", "", m(handout.footer)]
    return lines.joined(separator: "\n") + "\n"
  }
}
