import ShienCatalog
import ShienFacts
import ShienMatching
import ShienRender
import ShienSupport

/// `shien check`: which measures one household can get, with why, how much, how to apply and where.
enum CheckCommand {
  static let spec = CommandSpec(
    name: "check",
    summary: "Check one household against every measure (eligible / maybe / not eligible, with why)",
    overview: "Check one household against every measure in the catalog.",
    usage:
      "shien check [--household <file>] [<member flags>] [--municipality <name or code>] [--as-of <date>] [--format <format>] [--all] [--measures <ids>] [--lang <lang>]",
    options: householdOptions + [
      .value("as-of", "<date>", "The date to answer for (default: today in Japan); 2025-04-01, R7.4.1 …"),
      .choice(
        "format", "<format>", ["text", "json", OptionChoice("html", note: "a printable A4 handout"), "md"],
        default: "text", "{choices} (default: {default})."),
      .flag("all", "Also list the measures the household cannot get, with why (text and json; not the handout)."),
      .value("measures", "<ids>", "Only these measures: ids or names, comma-separated."),
      .lang(),
    ],
    discussion: """
      EXAMPLES:
        shien check --household household.json
        shien check --municipality 古賀市 --self 36,240万,employee --child 2016-05-10 --child 2023-01-20,physical=2
        shien check --household - --format json --all < household.json
        shien check --household household.json --format html > handout.html

      A member spec is a comma-separated list: an age (36) or a birth date (1988-06-02, 平成2年6月15日, H2.6.15)
      first, then any of: an income (240万, 2,400,000円), an employment (employee, civil_servant, self_employed, none),
      'student', or fact=value (income=240万, physical=2, intellectual=A, mental=1, expenses=50万). A fact not given is
      unknown: the answer then says 'maybe' and which facts would settle it.
      """)

  /// The options that give a household: a file or member flags, and household facts.
  static let householdOptions: [OptionSpec] = [
    .value("household", "<file>", "A household document (JSON); '-' reads standard input."),
    .value("self", "<spec>", "You: an age or birth date, then items such as 240万, employee, fact=value."),
    .value("spouse", "<spec>", "Your spouse, as for --self."),
    .value(
      "child", "<spec>", "A child (repeat for each child): 2016-05-10, H28.5.10 or 9, then items.", repeatable: true),
    .value("parent", "<spec>", "A parent living with you.", repeatable: true),
    .value("grandparent", "<spec>", "A grandparent living with you.", repeatable: true),
    .value("other", "<spec>", "Anyone else living with you.", repeatable: true),
    .value("municipality", "<name>", "Where the household lives: 古賀市, 福岡県古賀市 or the code 40223."),
    .value("prefecture", "<name>", "The prefecture, when the municipality's name is not unique."),
    .value("rent", "<yen>", "Rent per month, such as 6.5万."),
    .flag("single-parent", "The household is a single-parent household."),
    .flag("no-single-parent", "The household is not a single-parent household."),
    .flag("no-disability", "Nobody in the household has a disability certificate (unless a member says otherwise)."),
    .value("set", "<fact=value>", "Any other household fact (see 'shien facts').", repeatable: true),
    .value("id", "<id>", "An id for the household, echoed in the result."),
  ]

  static func run(_ options: ParsedArguments, catalogPath: String?) throws(CommandError) {
    let format = options.choice("format")!
    if options.has("all") && (format == "html" || format == "md") {
      throw .usage(
        "'--all' lists what the household cannot get in text and json; the handout (\(format)) shows only what it may get.",
        spec)
    }
    let language = try languageOption(options, spec: spec)
    let asOf = try options.date("as-of", spec: spec)
    let catalog = try openCatalog(catalogPath)
    let household = try readHousehold(options, catalog: catalog, asOf: asOf, command: spec)
    var check = HouseholdCheck(catalog: catalog)
    let prepared = try prepare(
      household, asOf: asOf ?? household.asOf ?? CivilDate.todayInJapan(), with: &check, place: householdPlace(options))
    var only: Set<String>?
    if let list = options.value("measures") {
      let ids = try measureIDs(list, in: catalog, spec: spec)
      only = ids
    }
    let report = check.report(prepared, results: check.match(prepared, only: only))
    let output: String
    if format == "html" || format == "md" {
      let handout = Handout.forReport(report, household: prepared.household, catalog: catalog, language: language)
      let renderer = HandoutRenderer(language: language)
      output = format == "html" ? renderer.html(handout) : renderer.markdown(handout)
    } else if format == "json" {
      let renderer = JSONReportRenderer(
        language: language, includeIneligible: options.has("all"), pretty: OutputStream.standardOutput.isTerminal)
      output = renderer.render(report, catalog: catalog) + "\n"
    } else {
      let style = TextStyle(useColor: OutputStream.standardOutput.allowsColor)
      output = OutputStream.standardOutput.wrappedForTerminal(
        TextReportRenderer(language: language, includeIneligible: options.has("all"), style: style)
          .render(report, household: prepared.household, catalog: catalog))
    }
    try OutputStream.standardOutput.write(output)
  }

  /// The household checked and ready to match; its errors are bad data (65) that name `place`.
  static func prepare(_ household: Household, asOf: CivilDate, with check: inout HouseholdCheck, place: String)
    throws(CommandError) -> HouseholdCheck.Prepared
  {
    do {
      return try check.prepare(household, asOf: asOf)
    } catch {
      switch error {
      case .dates(let error): throw .data("\(place): \(error)")
      case .municipality(let error): throw .data("\(place): municipality: \(error)")
      }
    }
  }

  static func householdPlace(_ options: ParsedArguments) -> String {
    guard let file = options.value("household") else { return "household" }
    return file == "-" ? "<stdin>" : file
  }

  static let memberRoles = ["self", "spouse", "child", "parent", "grandparent", "other"]

  /// The household the options give, from a file or from member flags; usage errors name `command`.
  static func readHousehold(_ options: ParsedArguments, catalog: Catalog, asOf: CivilDate?, command spec: CommandSpec)
    throws(CommandError) -> Household
  {
    let memberFlags = memberRoles.filter { options.values[$0] != nil }
    if let file = options.value("household") {
      if let first = memberFlags.first {
        throw .usage(
          "Give the household either with --household or with member flags such as --\(first), not both.", spec)
      }
      let bytes: [UInt8]
      do {
        bytes = try readFile(file, limit: 16 << 20)
      } catch {
        if error.isMissing { throw .noInput("\(file): no such file") }
        throw .noInput("\(file): \(systemErrorMessage(error.code))")
      }
      var household: Household
      do {
        household = try HouseholdDecoder(vocabulary: catalog.vocabulary).decode(bytes)
      } catch {
        throw .data("\(file == "-" ? "<stdin>" : file):\(error)")
      }
      var flags = HouseholdFlags(vocabulary: catalog.vocabulary, asOf: asOf ?? household.asOf)
      try applyHouseholdFacts(options, to: &flags, command: spec)
      for (index, value) in flags.household.facts.enumerated() where value != nil { household.facts[index] = value }
      return household
    }
    guard !memberFlags.isEmpty else {
      throw .usage(
        "No household given: use --household <file> (or '-' for standard input), or member flags such as --self 36 --child 2016-05-10.",
        spec)
    }
    var flags = HouseholdFlags(vocabulary: catalog.vocabulary, asOf: asOf)
    if let id = options.value("id") { flags.setID(id) }
    do {
      // Members in the order of the roles, so that 'self' comes first whatever the order of the flags.
      for role in memberRoles {
        for (index, spec) in options.all(role).enumerated() {
          let flag = options.all(role).count > 1 ? "--\(role) #\(index + 1)" : "--\(role)"
          try flags.addMember(role: role, spec: spec, flag: flag)
        }
      }
    } catch {
      throw .data(error.description)
    }
    try applyHouseholdFacts(options, to: &flags, command: spec)
    return flags.household
  }

  private static func applyHouseholdFacts(
    _ options: ParsedArguments, to flags: inout HouseholdFlags, command spec: CommandSpec
  ) throws(CommandError) {
    do {
      for key in ["municipality", "prefecture", "rent"] {
        if let value = options.value(key) { try flags.setHouseholdFact(key, value, flag: "--\(key)") }
      }
      if options.has("single-parent") && options.has("no-single-parent") {
        throw CommandError.usage("Give --single-parent or --no-single-parent, not both.", spec)
      }
      if options.has("single-parent") { try flags.setHouseholdFact("single_parent", "true", flag: "--single-parent") }
      if options.has("no-single-parent") {
        try flags.setHouseholdFact("single_parent", "false", flag: "--no-single-parent")
      }
      if options.has("no-disability") { flags.stateNoDisability() }
      for assignment in options.all("set") {
        guard let equals = assignment.firstIndex(of: "=") else {
          throw CommandError.usage("The value '\(assignment)' is invalid for '--set': expected fact=value.", spec)
        }
        try flags.setHouseholdFact(
          String(assignment[..<equals]), String(assignment[assignment.index(after: equals)...]), flag: "--set")
      }
    } catch let error as CommandError {
      throw error
    } catch let error as HouseholdError {
      throw .data(error.description)
    } catch {
      throw .data("\(error)")
    }
  }
}

/// `--lang`, defaulting from `LANG`.
func languageOption(_ options: ParsedArguments, spec: CommandSpec) throws(CommandError) -> Language {
  let fallback = Language.fromLocale(environmentValue("LANG")).rawValue
  return Language(rawValue: options.value("lang") ?? fallback)!
}

/// Opens the catalog, turning its errors into the brief's exit statuses.
func openCatalog(_ path: String?) throws(CommandError) -> Catalog {
  do {
    return try CatalogLocator.open(explicitPath: catalogLocation(path)) { printError($0) }
  } catch {
    throw CommandError(error)
  }
}

/// The catalog the user asked for: `--catalog`, else `SHIEN_CATALOG` when set and not empty.
func catalogLocation(_ path: String?) -> String? {
  path ?? environmentValue("SHIEN_CATALOG").flatMap { $0.isEmpty ? nil : $0 }
}

extension CommandError {
  /// A catalog that cannot be opened, as the brief's exit statuses: missing 66, damaged or with errors 65.
  init(_ error: CatalogError) {
    switch error {
    case .io(let message): self = .noInput(message)
    case .database(let message): self = .data(message)
    case .rebuildNeeded(let message): self = .data("\(message); rebuild it with 'shien catalog build'")
    case .notFound:
      self = .noInput("\(error); give one with --catalog PATH or SHIEN_CATALOG")
    case .diagnostics(let diagnostics):
      let shown = diagnostics.filter { $0.severity == .error }.prefix(10).map(\.description).joined(separator: "\n")
      self = .data("the catalog has errors (run 'shien catalog lint' for all):\n\(shown)")
    }
  }
}
