import ShienStore
import ShienSupport

/// One thing a search found: a measure or a procedure of a life event.
package struct SearchHit: Sendable, Equatable {
  package var kind: SearchIndex.Kind
  package var id: String
  package var name: String
  /// One line: the summary's first sentence (for a procedure without a summary, its deadline).
  package var summary: String
  /// For a procedure: the life event it belongs to.
  package var event: String?
  package var score: Int
  /// The fields the query was found in, best first.
  package var fields: [SearchIndex.Field]
}

/// What a search answers: the hits, best first, and when there are none, close spellings to try.
package struct SearchResult: Sendable, Equatable {
  package var hits: [SearchHit]
  package var suggestions: [String]
  /// Each word of the query with the words it was widened to (synonyms), normalized.
  package var terms: [[String]]
  /// Everything that was found, of which `hits` are the first (at most the limit asked for).
  package var total = 0
}

/// Full-text search over the catalog database's index.
///
/// A word of 3 or more characters goes through the FTS5 trigram index. SQLite 3.40's trigram index finds nothing for
/// shorter words (`手当`, `医療`), and `LIKE` on the FTS table is no answer either, so those scan the content table
/// `search_text` with `instr` (exact, no wildcard escaping). Both sides are normalized by `SearchText.normalize`,
/// and each word is widened by the synonym table (子供 → 子ども, こども, 児童 …). Every word must be found; hits rank
/// by where each word was found (name over keyword over event over summary over desk over document), in the asked
/// language first, with the word as typed over its synonyms.
package struct SearchEngine {
  let db: Database

  package init(database: Database) {
    self.db = database
  }

  package func search(_ query: String, language: Language, limit: Int = 20) throws -> SearchResult {
    let normalized = SearchText.normalize(query)
    guard !normalized.isEmpty else { return SearchResult(hits: [], suggestions: [], terms: []) }
    var words = [normalized]
    if normalized.contains(" "), try expansions(of: normalized).count <= 1 {
      words = normalized.split(separator: " ").map(String.init)
    }
    var terms: [[String]] = []
    var scores: [Key: (score: Int, fields: [SearchIndex.Field: Int])] = [:]
    for (index, word) in words.enumerated() {
      let alternatives = try expansions(of: word)
      terms.append(alternatives)
      var best: [Key: (Int, SearchIndex.Field)] = [:]
      for (alternative, rows) in try rows(containingAny: alternatives) {
        let isTyped = alternative == word
        for row in rows {
          var score = row.field.weight
          // A name that is the word itself is the best answer; a keyword is a single word anyway, so being equal
          // to it says no more than containing it (引っ越し as one keyword of a loan must not beat 転入届).
          if row.field == .name, row.text == alternative { score += 40 }
          if row.lang == language.rawValue { score += 5 }
          if !isTyped { score = score * 8 / 10 }
          if score > best[row.key]?.0 ?? -1 { best[row.key] = (score, row.field) }
        }
      }
      if index == 0 {
        for (key, (score, field)) in best { scores[key] = (score, [field: score]) }
      } else {
        for key in Array(scores.keys) {
          guard let (score, field) = best[key] else {
            scores[key] = nil
            continue
          }
          scores[key]!.score += score
          scores[key]!.fields[field] = max(scores[key]!.fields[field] ?? 0, score)
        }
      }
    }
    let ranked = scores.sorted { lhs, rhs in
      if lhs.value.score != rhs.value.score { return lhs.value.score > rhs.value.score }
      if lhs.key.kind != rhs.key.kind { return lhs.key.kind == .measure }
      return lhs.key.id < rhs.key.id
    }
    var hits: [SearchHit] = []
    for (key, value) in ranked.prefix(limit) {
      let fields = value.fields.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.weight > $1.key.weight }
        .map(\.key)
      hits.append(try hit(key, score: value.score, fields: fields, language: language))
    }
    let suggestions = hits.isEmpty ? try suggestions(for: normalized, words: words) : []
    return SearchResult(hits: hits, suggestions: suggestions, terms: terms, total: ranked.count)
  }

  // MARK: Lookup

  private struct Key: Hashable {
    var kind: SearchIndex.Kind
    var id: String
  }

  private struct Row {
    var key: Key
    var lang: String
    var field: SearchIndex.Field
    var text: String
  }

  /// The word itself, then the words the synonym table widens it to.
  private func expansions(of word: String) throws -> [String] {
    var words = [word]
    try db.cachedStatement(sql: "SELECT expansion FROM synonym WHERE word = ? ORDER BY rowid").forEachRow(
      arguments: [.text(word)]
    ) { row in
      if let expansion = row.text(at: 0), !words.contains(expansion) { words.append(expansion) }
    }
    return words
  }

  /// For each word, every indexed text that contains it (normalized): words of 3 or more characters through the
  /// trigram index, one query each; shorter ones in a single scan of the content table for all of them.
  private func rows(containingAny words: [String]) throws -> [(String, [Row])] {
    let columns = "t.kind, t.item_id, t.lang, t.field, t.text"
    func read(_ statement: Statement, _ arguments: [DatabaseValue]) throws -> [Row] {
      var rows: [Row] = []
      try statement.forEachRow(arguments: arguments) { row in
        guard let kind = SearchIndex.Kind(rawValue: row.text(at: 0) ?? ""),
          let field = SearchIndex.Field(rawValue: row.text(at: 3) ?? "")
        else { return }
        rows.append(
          Row(
            key: Key(kind: kind, id: row.text(at: 1) ?? ""), lang: row.text(at: 2) ?? "", field: field,
            text: row.text(at: 4) ?? ""))
      }
      return rows
    }
    var result: [(String, [Row])] = []
    let long = words.filter { SearchText.length($0) >= 3 }
    let short = words.filter { SearchText.length($0) < 3 }
    let match = try db.cachedStatement(
      sql: "SELECT \(columns) FROM search JOIN search_text AS t ON t.id = search.rowid WHERE search MATCH ?")
    for word in long {
      result.append((word, try read(match, [.text("\"" + word.replacingAll("\"", with: "\"\"") + "\"")])))
    }
    if !short.isEmpty {
      let condition = Array(repeating: "instr(t.text, ?) > 0", count: short.count).joined(separator: " OR ")
      let scanned = try read(
        try db.cachedStatement(sql: "SELECT \(columns) FROM search_text AS t WHERE \(condition)"),
        short.map { .text($0) })
      for word in short { result.append((word, scanned.filter { $0.text.contains(word) })) }
    }
    // English (and any word of Latin letters) matches where a word starts: "rent" is not in "Parent".
    for index in result.indices where SearchEngine.isLatinWord(result[index].0) {
      let word = result[index].0
      result[index].1.removeAll { !SearchEngine.containsAtWordStart($0.text, word) }
    }
    return result
  }

  private func hit(_ key: Key, score: Int, fields: [SearchIndex.Field], language: Language) throws -> SearchHit {
    var texts: [String: (name: String, summary: String?, deadline: String?)] = [:]
    var event: String?
    switch key.kind {
    case .measure:
      try db.cachedStatement(sql: "SELECT lang, name, summary FROM measure_text WHERE measure_id = ?").forEachRow(
        arguments: [.text(key.id)]
      ) { row in texts[row.text(at: 0) ?? ""] = (row.text(at: 1) ?? "", row.text(at: 2), nil) }
    case .procedure:
      try db.cachedStatement(sql: "SELECT lang, name, summary, deadline FROM procedure_text WHERE procedure_id = ?")
        .forEachRow(arguments: [.text(key.id)]) { row in
          texts[row.text(at: 0) ?? ""] = (row.text(at: 1) ?? "", row.text(at: 2), row.text(at: 3))
        }
      try db.cachedStatement(sql: "SELECT event_id FROM procedure WHERE id = ?").forEachRow(
        arguments: [.text(key.id)]
      ) { row in event = row.text(at: 0) }
    }
    var chosen: Language? = language
    var text = texts["ja"]
    while let lang = chosen {
      if let found = texts[lang.rawValue] {
        text = found
        break
      }
      chosen = lang.fallback
    }
    let summary = text?.summary ?? text?.deadline ?? ""
    return SearchHit(
      kind: key.kind, id: key.id, name: text?.name ?? key.id, summary: SearchEngine.firstSentence(summary),
      event: event, score: score, fields: fields)
  }

  /// True when the word starts with an ASCII letter or digit: such words match only at the start of a word.
  static func isLatinWord(_ word: String) -> Bool {
    guard let first = word.utf8.first else { return false }
    return isASCIIAlphanumeric(first)
  }

  private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
  }

  /// Whether `word` occurs in `text` where no ASCII letter or digit comes right before it.
  static func containsAtWordStart(_ text: String, _ word: String) -> Bool {
    let haystack = Array(text.utf8), needle = Array(word.utf8)
    guard !needle.isEmpty, haystack.count >= needle.count else { return false }
    var start = 0
    while start + needle.count <= haystack.count {
      if haystack[start] == needle[0], haystack[start..<start + needle.count].elementsEqual(needle),
        start == 0 || !isASCIIAlphanumeric(haystack[start - 1])
      {
        return true
      }
      start += 1
    }
    return false
  }

  /// The text up to its first full stop (。 or ". "), or all of it.
  package static func firstSentence(_ text: String) -> String {
    var result = ""
    var previous: Character?
    for character in text {
      if previous == ".", character == " " { return result }
      result.append(character)
      if character == "。" { return result }
      previous = character
    }
    return result
  }

  // MARK: Suggestions

  /// Names, keywords and life events spelled close to the query (by edit distance), or contained in it
  /// (児童手当の申請 → 児童手当), closest first.
  private func suggestions(for query: String, words: [String]) throws -> [String] {
    var best: [String: (distance: Int, length: Int)] = [:]
    let targets = ([query] + (words.count > 1 ? words : [])).map { Array($0.unicodeScalars) }
    try db.cachedStatement(
      sql: "SELECT DISTINCT text, original FROM search_text WHERE field IN ('name', 'keyword', 'event')"
    )
    .forEachRow { row in
      guard let text = row.text(at: 0), let original = row.text(at: 1) else { return }
      let candidate = Array(text.unicodeScalars)
      for target in targets {
        let limit = max(1, min(3, (target.count + 2) / 3))
        // The distance is at least the difference in length: most candidates need no table.
        var distance = abs(candidate.count - target.count) > limit ? limit + 1 : editDistance(target, candidate)
        if distance > limit, candidate.count >= 2, String(String.UnicodeScalarView(target)).contains(text) {
          distance = limit
        }
        guard distance <= limit else { continue }
        if distance < best[original]?.distance ?? .max { best[original] = (distance, candidate.count) }
      }
    }
    // Closest first; among equals the longest (児童手当 before 児童 for 児童手当の申請).
    return best.sorted { lhs, rhs in
      if lhs.value.distance != rhs.value.distance { return lhs.value.distance < rhs.value.distance }
      if lhs.value.length != rhs.value.length { return lhs.value.length > rhs.value.length }
      return lhs.key < rhs.key
    }.prefix(5).map(\.key)
  }
}

extension String {
  /// Every occurrence of `target` replaced with `replacement`.
  package func replacingAll(_ target: Character, with replacement: String) -> String {
    var result = ""
    for character in self { if character == target { result += replacement } else { result.append(character) } }
    return result
  }
}
