import ShienCatalog
import ShienFacts
import ShienMatching
import ShienRender
import ShienSupport

/// `shien events [EVENT]`: the life events, or one event's procedures and measures with their deadlines.
enum EventsCommand {
  static let spec = CommandSpec(
    name: "events",
    summary: "Life events (birth, move-in, death …): procedures and measures in order, with deadlines",
    overview:
      "Life events (birth, move-in, death …): the procedures they call for and the related measures, with deadlines.",
    usage:
      "shien events [<event>] [--date <date>] [--household <file> | <member flags>] [--municipality <name or code>] [--format <format>] [--lang <lang>]",
    arguments: [("<event>", "The event: birth, move-in, death … or its name (出生, 転入); none lists them.")],
    options: [
      .value("date", "<date>", "The day of the event (default: today in Japan); 2026-01-10, R8.1.10 …")
    ] + CheckCommand.householdOptions + [
      .choice(
        "format", "<format>", ["text", "json", OptionChoice("html", note: "a printable A4 page"), "md"],
        default: "text", "{choices} (default: {default})."),
      .lang(),
    ],
    discussion: """
      EXAMPLES:
        shien events
        shien events birth --date 2026-01-10
        shien events birth --date 2026-01-10 --municipality 古賀市 --self 30 --child 2026-01-10 --format html
        shien events move-in --date 2026-03-28 --household household.json

      Each deadline is counted from the date as the law counts it (出生届: 14 days counting the day of birth;
      児童手当: 15 days from the day after) and, where the rule says so, moved from a closed day (Saturday, Sunday,
      national holiday, 29 December to 3 January) to the next open day. With a household (give the new baby too,
      as --child <birth date>), only the measures it is eligible or maybe eligible for are listed.
      """,
    maxPositionals: 1)

  static func run(_ options: ParsedArguments, catalogPath: String?) throws(CommandError) {
    let format = options.choice("format")!
    let language = try languageOption(options, spec: spec)
    let date = try options.date("date", spec: spec) ?? CivilDate.todayInJapan()
    let catalog = try openCatalog(catalogPath)
    let renderer = EventRenderer(language: language)
    let pretty = OutputStream.standardOutput.isTerminal
    guard let name = options.positionals.first else {
      return try OutputStream.standardOutput.write(
        format == "json" ? renderer.listJSON(catalog, pretty: pretty) : renderer.listText(catalog))
    }
    guard let event = catalog.event(matching: name) else {
      let hint = closestMatch(to: name, in: catalog.events.map(\.id)).map { " Did you mean '\($0)'?" } ?? ""
      throw .usage(
        "Unknown life event '\(name)'.\(hint) Known: \(catalog.events.map(\.id).joined(separator: ", ")).", spec)
    }
    let hasMembers = CheckCommand.memberRoles.contains { options.values[$0] != nil }
    var household: Household?
    var municipality: Municipality?
    if options.value("household") != nil || hasMembers {
      let read = try CheckCommand.readHousehold(options, catalog: catalog, asOf: date, command: spec)
      var check = HouseholdCheck(catalog: catalog)
      let prepared = try CheckCommand.prepare(
        read, asOf: date, with: &check, place: CheckCommand.householdPlace(options))
      household = prepared.household
      municipality = prepared.municipality
    } else if let text = options.value("municipality") {
      do {
        municipality = try catalog.municipality(matching: text, prefecture: options.value("prefecture"))
      } catch {
        // An unknown municipality is bad data (65), as in a household file, in check and in batch.
        throw .data("--municipality: \(error)")
      }
    }
    let plan = catalog.plan(event, on: date, household: household, municipality: municipality, language: language)
    let output: String
    switch format {
    case "json": output = renderer.json(plan, pretty: pretty)
    case "html", "md":
      let handout = Handout.forPlan(plan, catalog: catalog, language: language)
      let handoutRenderer = HandoutRenderer(language: language)
      output = format == "html" ? handoutRenderer.html(handout) : handoutRenderer.markdown(handout)
    default: output = renderer.text(plan, style: TextStyle(useColor: OutputStream.standardOutput.allowsColor))
    }
    try OutputStream.standardOutput.write(output)
  }
}
