import ShienRender
import ShienSupport

/// `shien show ID`: one measure, whole.
enum ShowCommand {
  static let spec = CommandSpec(
    name: "show",
    summary: "Show one measure whole: conditions, amounts, procedure, documents, desk, sources",
    overview: "Show one measure whole: who can get it, the amounts in force, how to apply, what to bring, where to go.",
    usage: "shien show <id> [--as-of <date>] [--lang <lang>]",
    arguments: [
      ("<id>", "The measure's id, such as child-allowance (see 'shien catalog info'), or its name: 児童扶養手当.")
    ],
    options: [
      .value("as-of", "<date>", "Show the amounts in force on this date (default: today in Japan)."),
      .lang(),
    ],
    maxPositionals: 1)

  static func run(_ options: ParsedArguments, catalogPath: String?) throws(CommandError) {
    guard let id = options.positionals.first else { throw .usage("Missing the measure's id or name.", spec) }
    let language = try languageOption(options, spec: spec)
    let asOf = try options.date("as-of", spec: spec) ?? CivilDate.todayInJapan()
    let catalog = try openCatalog(catalogPath)
    let measure = try measure(id, in: catalog, spec: spec)
    let style = TextStyle(useColor: OutputStream.standardOutput.allowsColor)
    try OutputStream.standardOutput.write(
      OutputStream.standardOutput.wrappedForTerminal(
        MeasureSheetRenderer(language: language, style: style).render(measure, catalog: catalog, asOf: asOf)))
  }
}

/// `shien facts`: the vocabulary.
enum FactsCommand {
  static let spec = CommandSpec(
    name: "facts",
    summary: "List the facts a household document can state",
    overview: "List the facts a household document can state, with their types, units and allowed values.",
    usage: "shien facts [--format <format>] [--lang <lang>]",
    options: [
      .textOrJSON,
      .lang(),
    ])

  static func run(_ options: ParsedArguments, catalogPath: String?) throws(CommandError) {
    let format = options.choice("format")!
    let language = try languageOption(options, spec: spec)
    let catalog = try openCatalog(catalogPath)
    let renderer = FactsRenderer(language: language)
    try OutputStream.standardOutput.write(
      format == "json" ? renderer.json(catalog.vocabulary) : renderer.text(catalog.vocabulary))
  }
}
