import ShienCatalog
import ShienMatching
import ShienRender
import ShienSupport

/// `shien ask "question"`: one question in words, answered from the catalog alone, with its source and desk.
enum AskCommand {
  static let spec = CommandSpec(
    name: "ask",
    summary: "Answer a question in words from the catalog (deadline, amount, documents, desk …), with sources",
    overview: "Answer a question in words from the catalog alone: deadline, amount, documents, desk, steps …",
    usage:
      "shien ask <question> [--municipality <name or code>] [--prefecture <name>] [--as-of <date>] [--format <format>] [--lang <lang>]",
    arguments: [("<question>", "The question, as a resident asks it: 出生届はいつまでに出せばいいですか")],
    options: [
      .value("municipality", "<name>", "Where the person lives: 古賀市, 福岡県古賀市 or 40223 (or name it in the question)."),
      .value("prefecture", "<name>", "The prefecture, when the municipality's name is not unique."),
      .value(
        "as-of", "<date>", "The date to answer for (default: today in Japan); dates without a year count from it."),
      .textOrJSON,
      .lang(),
    ],
    discussion: """
      EXAMPLES:
        shien ask "1月10日に生まれました。出生届はいつまで？"
        shien ask "児童手当はいつ振り込まれますか" --municipality 古賀市
        shien ask "ひとり親の医療費助成はどこで申し込むの？" --format json
        shien ask "When is the child allowance paid?" --lang en

      The answer comes from the catalog's own data and names its source. When the catalog holds no answer, it says
      so ("found": false in JSON), with the desk to ask and the closest measures: it never guesses.
      """,
    maxPositionals: 32)

  static func run(_ options: ParsedArguments, catalogPath: String?) throws(CommandError) {
    let question = options.positionals.joined(separator: " ")
    guard !SearchText.normalize(question).trimmingSpaces.isEmpty else { throw .usage("Missing the question.", spec) }
    guard question.utf8.count <= 4096 else { throw .usage("The question is longer than 4096 bytes.", spec) }
    let format = options.choice("format")!
    let language = try languageOption(options, spec: spec)
    let asOf = try options.date("as-of", spec: spec) ?? CivilDate.todayInJapan()
    let catalog = try openCatalog(catalogPath)
    var municipality: Municipality?
    if let text = options.value("municipality") {
      do {
        municipality = try catalog.municipality(matching: text, prefecture: options.value("prefecture"))
      } catch {
        throw .usage("The value '\(text)' is invalid for '--municipality': \(error)", spec)
      }
    }
    let answer = AskEngine(catalog: catalog).answer(
      question, municipality: municipality, asOf: asOf, language: language)
    let renderer = AskRenderer(language: language)
    try OutputStream.standardOutput.write(
      format == "json"
        ? renderer.json(answer, catalog: catalog, pretty: OutputStream.standardOutput.isTerminal)
        : OutputStream.standardOutput.wrappedForTerminal(
          renderer.text(answer, catalog: catalog, style: TextStyle(useColor: OutputStream.standardOutput.allowsColor))))
  }
}
