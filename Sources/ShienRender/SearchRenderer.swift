import ShienCatalog
import ShienSupport

/// Writes what `shien search` found: one line of name and id per hit and a one-line summary under it, or the close
/// spellings to try when nothing was found.
package struct SearchRenderer {
  package var language: Language

  package init(language: Language) {
    self.language = language
  }

  private func pick(_ ja: String, _ en: String, _ easy: String? = nil) -> String { language.pick(ja, en, easy) }

  package func text(_ result: SearchResult, query: String, style: TextStyle) -> String {
    var lines: [String] = []
    if result.hits.isEmpty {
      lines.append(
        pick(
          "「\(query)」に当てはまるものは見つかりませんでした。", "Nothing found for '\(query)'.",
          "「\(query)」 は みつかりません でした。"))
      if !result.suggestions.isEmpty {
        lines.append(
          pick("もしかして: ", "Did you mean: ", "これ ですか: ")
            + result.suggestions.joined(separator: language == .en ? ", " : "、"))
      }
      return lines.joined(separator: "\n") + "\n"
    }
    let shown = result.hits.count, total = max(result.total, result.hits.count)
    if total > shown {
      lines.append(
        style.dim(
          pick(
            "「\(query)」: \(total)件（上位\(shown)件を表示。すべて見るには --limit \(total)）",
            "'\(query)': \(total) found, the first \(shown) shown (--limit \(total) shows all)",
            "「\(query)」: \(total)けん（はじめ の \(shown)けん を みせます）")))
    } else {
      lines.append(style.dim(pick("「\(query)」: \(total)件", "'\(query)': \(total) found", "「\(query)」: \(total)けん")))
    }
    for hit in result.hits {
      var title = "● " + style.bold(hit.name) + style.dim("  [\(hit.id)]")
      if hit.kind == .procedure, let event = hit.event {
        title += style.dim(pick("  届出・手続き → shien events \(event)", "  procedure → shien events \(event)"))
      }
      lines.append(title)
      if !hit.summary.isEmpty { lines.append("  " + hit.summary) }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  package func json(_ result: SearchResult, query: String, pretty: Bool) -> String {
    var json = JSONWriter(pretty: pretty)
    json.beginObject()
    json.field("query", query)
    json.key("terms")
    json.beginArray()
    for term in result.terms {
      json.beginArray()
      for word in term { json.string(word) }
      json.endArray()
    }
    json.endArray()
    json.key("total")
    json.integer(max(result.total, result.hits.count))
    json.key("results")
    json.beginArray()
    for hit in result.hits {
      json.beginObject()
      json.field("kind", hit.kind.rawValue)
      json.field("id", hit.id)
      json.field("name", hit.name)
      json.field("summary", hit.summary)
      if let event = hit.event { json.field("event", event) }
      json.key("score")
      json.integer(hit.score)
      json.key("matched")
      json.beginArray()
      for field in hit.fields { json.string(field.rawValue) }
      json.endArray()
      json.endObject()
    }
    json.endArray()
    json.key("suggestions")
    json.beginArray()
    for suggestion in result.suggestions { json.string(suggestion) }
    json.endArray()
    json.endObject()
    return json.output + "\n"
  }
}
