/// Writes a `Handout` as one printable A4 HTML page or as Markdown.
package struct HandoutRenderer {
  package var language: Language

  package init(language: Language) {
    self.language = language
  }

  private var words: HandoutWords { HandoutWords(language) }
  private var separator: String { language == .en ? ", " : "、" }

  private func deskLines(_ desk: ResolvedDesk) -> [(label: String?, text: String)] {
    var lines: [(String?, String)] = [(nil, desk.name.text(language))]
    let place = [desk.address, desk.floor].compactMap { $0 }.joined(separator: " ")
    if !place.isEmpty { lines.append((nil, place)) }
    if let phone = desk.phone { lines.append((words.phone, phone)) }
    if let hours = desk.hours { lines.append((words.hours, hours)) }
    return lines
  }

  // MARK: HTML

  package func html(_ handout: Handout) -> String {
    let e = HTMLPage.escape
    var body = "<header><div><h1>\(e(handout.title))</h1><p class=\"lead\">\(e(handout.lead))</p></div>"
    body += "<div class=\"meta\">" + handout.meta.map(e).joined(separator: "<br>") + "</div></header>\n"
    if !handout.entries.isEmpty {
      body += "<h2>\(e(words.apply))</h2>\n<table>\n<thead><tr><th>#</th><th>\(e(words.item))</th>"
      body +=
        "<th>\(e(words.deadline))</th><th>\(e(words.desk))</th><th>\(e(words.documents))</th></tr></thead>\n<tbody>\n"
      for entry in handout.entries {
        body += "<tr><td class=\"no\">\(entry.number)</td><td><span class=\"name\">\(e(entry.name))</span>"
        if let badge = entry.badge {
          body += "<span class=\"badge\(entry.isMaybe ? " maybe" : "")\">\(e(badge))</span>"
        }
        if let amount = entry.amount { body += "<div class=\"small\">\(e(amount))</div>" }
        if let online = entry.online {
          body += "<div class=\"small\">\(e(words.online)): \(HTMLPage.link(online))</div>"
        }
        if entry.needsConfirmation { body += "<div class=\"warn\">※ \(e(words.toConfirm))</div>" }
        body += "</td><td class=\"when\">"
        if let date = entry.deadlineDate { body += "<span class=\"date\">\(e(date))</span>" }
        if let note = entry.deadlineNote { body += "<div class=\"small\">\(e(note))</div>" }
        if entry.deadlineDate == nil && entry.deadlineNote == nil { body += e(words.noDeadline) }
        body += "</td><td class=\"desk\">"
        body += deskLines(entry.desk).enumerated().map { index, line in
          let text = (line.label.map { "\($0) " } ?? "") + line.text
          return index == 0 ? "<b>\(e(text))</b>" : e(text)
        }.joined(separator: "<br>")
        if entry.desk.isGeneric { body += "<div class=\"warn\">\(e(words.genericDesk))</div>" }
        body += "</td><td class=\"docs\">"
        if !entry.checklistNumbers.isEmpty {
          body += "\(e(words.seeChecklist)) " + entry.checklistNumbers.map(String.init).joined(separator: separator)
        }
        body += "</td></tr>\n"
      }
      body += "</tbody>\n</table>\n"
    }
    if !handout.checklist.isEmpty {
      body += "<h2>\(e(words.checklist))</h2>\n<p class=\"small\">\(e(words.checklistLead))</p>\n<ul class=\"check\">\n"
      for item in handout.checklist {
        let refs = item.entries.map(String.init).joined(separator: separator)
        body += "<li>\(item.number). \(e(item.text)) <span class=\"small\">（\(refs)）</span></li>\n"
      }
      body += "</ul>\n"
    }
    if !handout.sources.isEmpty {
      body += "<h2>\(e(words.sources))</h2>\n<ol class=\"sources\">\n"
      for source in handout.sources { body += "<li>\(HTMLPage.link(source))</li>\n" }
      body += "</ol>\n"
    }
    body += "<footer>\(e(handout.footer))</footer>"
    return HTMLPage.document(title: handout.title, language: language, body: body)
  }

  // MARK: Markdown

  /// Escapes the characters Markdown would read as markup.
  package static func escapeMarkdown(_ text: String) -> String {
    var result = ""
    for character in text {
      if "\\`*_[]<>|#".contains(character) { result.append("\\") }
      result.append(character)
    }
    return result
  }

  package func markdown(_ handout: Handout) -> String {
    let m = HandoutRenderer.escapeMarkdown
    var lines = ["# \(m(handout.title))", "", m(handout.meta.joined(separator: " ・ ")), "", m(handout.lead)]
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
          "- \(m(words.desk)): \(m(desk.joined(separator: " / ")))" + (entry.desk.isGeneric ? m(words.genericDesk) : "")
        )
        if let online = entry.online { lines.append("- \(m(words.online)): <\(online)>") }
        if !entry.documents.isEmpty {
          lines.append("- \(m(words.documents)): " + entry.documents.map(m).joined(separator: separator))
        }
        if entry.needsConfirmation { lines.append("- ※ \(m(words.toConfirm))") }
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
        lines.append(source.hasPrefix("http") ? "- <\(source)>" : "- \(m(source))")
      }
    }
    lines += ["", "---", "", m(handout.footer)]
    return lines.joined(separator: "\n") + "\n"
  }
}
