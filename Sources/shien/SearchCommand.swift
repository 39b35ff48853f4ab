import ShienCatalog
import ShienRender
import ShienStore

/// `shien search TEXT`: measures and procedures by name, keyword, summary, document or desk, in any language.
enum SearchCommand {
  static let spec = CommandSpec(
    name: "search",
    summary: "Find measures and procedures by a word (手当, ひとり親, child allowance)",
    overview:
      "Find measures and procedures by a word: names, keywords, summaries, documents and desks, in any language.",
    usage: "shien search <text> [--format <format>] [--lang <lang>] [--limit <n>]",
    arguments: [("<text>", "What to look for: 手当, 児童手当, ひとり親, ｼﾝｸﾞﾙﾏｻﾞｰ, child allowance … (all words must match).")],
    options: [
      .textOrJSON,
      .lang("{choices}: the language of the answer (default: from LANG)."),
      .value("limit", "<n>", "At most this many results (default: 20)."),
    ],
    discussion: """
      EXAMPLES:
        shien search 手当
        shien search シングルマザー
        shien search child allowance --lang en --format json

      Full-width and half-width letters, hiragana and katakana are the same to search, and everyday words find the
      catalog's words (子供 → 子ども, 赤ちゃん → 出産, 引っ越し → 転入・転出). Results rank a hit in a name over one in
      a keyword, a summary, a desk or a document. When nothing is found, close spellings are suggested.
      """,
    maxPositionals: 16)

  /// Longest query accepted, in UTF-8 bytes (about 100 Japanese characters).
  static let longestQuery = 300

  static func run(_ options: ParsedArguments, catalogPath: String?) throws(CommandError) {
    let query = options.positionals.joined(separator: " ")
    guard !SearchText.normalize(query).isEmpty else { throw .usage("Missing the text to search for.", spec) }
    // Every word of a query is looked up and scanned for: a page of text would take seconds per query.
    guard query.utf8.count <= SearchCommand.longestQuery else {
      throw .usage("The text to search for is longer than \(SearchCommand.longestQuery) bytes.", spec)
    }
    let format = options.choice("format")!
    let language = try languageOption(options, spec: spec)
    var limit = 20
    if let text = options.value("limit") {
      guard let value = Int(text), value >= 1 else {
        throw .usage("The value '\(text)' is invalid for '--limit': expected a whole number of 1 or more.", spec)
      }
      limit = value
    }
    let db = try openCatalogDatabase(catalogPath)
    let result: SearchResult
    do {
      result = try SearchEngine(database: db).search(query, language: language, limit: limit)
    } catch {
      throw .data("cannot search the catalog database: \(error); rebuild it with 'shien catalog build'")
    }
    let renderer = SearchRenderer(language: language)
    let output =
      format == "json"
      ? renderer.json(result, query: query, pretty: OutputStream.standardOutput.isTerminal)
      : renderer.text(result, query: query, style: TextStyle(useColor: OutputStream.standardOutput.allowsColor))
    try OutputStream.standardOutput.write(output)
  }
}

/// Opens the catalog's database for reading its tables, turning its errors into the brief's exit statuses.
func openCatalogDatabase(_ path: String?) throws(CommandError) -> Database {
  do {
    return try CatalogLocator.openDatabase(explicitPath: catalogLocation(path)) { printError($0) }
  } catch {
    throw CommandError(error)
  }
}
