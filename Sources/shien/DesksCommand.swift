import ShienCatalog
import ShienRender
import ShienSupport

/// `shien desks`: a municipality's desks, what each handles, where, phone and hours.
enum DesksCommand {
  static let spec = CommandSpec(
    name: "desks",
    summary: "The desks of a municipality: what each handles, where, phone and hours",
    overview: "List the desks of a municipality: what each handles, where it is, its phone and hours.",
    usage:
      "shien desks [--municipality <name or code>] [--prefecture <name>] [--role <role>] [--format <format>] [--lang <lang>]",
    options: [
      .value("municipality", "<name>", "The municipality: 古賀市, 福岡県古賀市 or the code 40223."),
      .value("prefecture", "<name>", "The prefecture, when the municipality's name is not unique."),
      .value("role", "<role>", "Only the desks of this role (子育て支援, 国保年金, 福祉(障がい) …)."),
      .textOrJSON,
      .lang(),
    ],
    discussion: """
      EXAMPLES:
        shien desks --municipality 古賀市
        shien desks --municipality 40223 --role 子育て支援 --format json
        shien desks

      A measure names a desk role; each municipality's desk data maps the roles to its real desks. A municipality
      without desk data gets the generic answer of each role ("お住まいの市区町村の子育て支援担当").
      """)

  static func run(_ options: ParsedArguments, catalogPath: String?) throws(CommandError) {
    let format = options.choice("format")!
    let language = try languageOption(options, spec: spec)
    let catalog = try openCatalog(catalogPath)
    var municipality: Municipality?
    if let text = options.value("municipality") {
      do {
        municipality = try catalog.municipality(matching: text, prefecture: options.value("prefecture"))
      } catch {
        // An unknown municipality is bad data (65), as in a household file, in check and in batch.
        throw .data("--municipality: \(error)")
      }
    }
    let role = options.value("role")
    if let role, catalog.roles[role] == nil {
      let suggestion =
        closestMatch(to: role, in: catalog.roles.keys.sorted())
        ?? catalog.roles.keys.sorted().first { $0.contains(role) }
      let hint = suggestion.map { " Did you mean '\($0)'?" } ?? ""
      throw .usage(
        "Unknown desk role '\(role)'.\(hint) Roles: \(catalog.roles.keys.sorted().joined(separator: ", ")).", spec)
    }
    let directory = catalog.deskDirectory(municipality: municipality, role: role)
    let renderer = DeskRenderer(language: language)
    try OutputStream.standardOutput.write(
      format == "json"
        ? renderer.json(directory, pretty: OutputStream.standardOutput.isTerminal)
        : renderer.text(directory, style: TextStyle(useColor: OutputStream.standardOutput.allowsColor)))
  }
}
