import ShienCatalog
import ShienRules
import ShienSupport

/// `shien catalog build|lint|audit|info`.
enum CatalogCommand {
  static let spec = CommandSpec(
    name: "catalog",
    summary: "Build, check or inspect the catalog (build, lint, audit, info)",
    overview: "Build, check and inspect the catalog of measures.",
    usage: "shien catalog <build|lint|audit|info> [<options>]",
    arguments: [
      ("build", "Compile the sources into the catalog database."),
      ("lint", "Check the sources; every problem with file:line:column."),
      ("audit", "List what an editor should re-check: stale series, old sources, ended parameters, unverified facts."),
      ("info", "Show the catalog's version, digest and measures."),
    ],
    options: [
      .value("sources", "<dir>", "The Resources folder to read (default: this checkout's Resources/)."),
      .value("output", "<file>", "Where 'build' writes the database (default: where this shien looks for it)."),
      .value("as-of", "<date>", "The date 'audit' looks from (default: today in Japan); 2027-05-01, R9.5.1 …"),
    ],
    maxPositionals: 1)

  /// The actions, as the help lists them.
  static let actions = spec.arguments.map(\.0)

  static func run(_ options: ParsedArguments, catalogPath: String?) throws(CommandError) {
    guard let action = options.positionals.first else {
      throw .usage("Missing the action: \(alternatives(actions)).", spec)
    }
    switch action {
    case "build": try build(options)
    case "lint": try lint(options)
    case "audit": try audit(options, catalogPath: catalogPath)
    case "info": try info(catalogPath: catalogPath)
    default:
      let hint =
        closestMatch(to: action, in: actions).map { " Did you mean '\($0)'?" } ?? ""
      throw .usage("Unknown action '\(action)'.\(hint)", spec)
    }
  }

  private static func sourcesFolder(_ options: ParsedArguments) throws(CommandError) -> String {
    if let folder = options.value("sources") {
      guard fileExists(folder + "/facts.json") else {
        throw .noInput("\(folder): no facts.json here; give the Resources folder of a catalog")
      }
      return folder
    }
    guard CatalogLocator.isRunningFromSourceTree, let folder = CatalogLocator.sourceTreeResources else {
      throw .noInput("no catalog sources found; give them with --sources <Resources folder>")
    }
    return folder
  }

  private static func readSources(_ folder: String) throws(CommandError) -> [SourceFile] {
    do {
      return try CatalogLocator.sourceFiles(in: folder)
    } catch {
      throw .noInput(error.description)
    }
  }

  private static func printDiagnostics(_ diagnostics: [Diagnostic], files: [SourceFile], folder: String) {
    let lines = Dictionary(files.map { ($0.path, $0.lines) }, uniquingKeysWith: { first, _ in first })
    for diagnostic in diagnostics {
      var shown = diagnostic
      shown.file = folder + "/" + diagnostic.file
      printError(shown.rendered(sourceLines: lines[diagnostic.file]))
    }
  }

  static func build(_ options: ParsedArguments) throws(CommandError) {
    let folder = try sourcesFolder(options)
    let files = try readSources(folder)
    var compiler = CatalogCompiler()
    guard let catalog = compiler.compile(files) else {
      printDiagnostics(compiler.diagnostics, files: files, folder: folder)
      throw .data("the catalog has \(compiler.errors.count) error(s); nothing was written")
    }
    // Where this binary looks for its catalog: beside it in a checkout, under ../share/shien/ once installed.
    let paths = CatalogLocator.bundledDatabasePaths
    let output =
      options.value("output") ?? (CatalogLocator.isRunningFromSourceTree ? paths.first : paths.last)
      ?? CatalogLocator.databaseName
    do {
      try CatalogDatabase.write(catalog, sources: files, to: output, stamps: CatalogLocator.sourceStamps(in: folder))
    } catch {
      throw .io(error.description)
    }
    try OutputStream.standardOutput.write(
      "built \(output): \(catalog.measures.count) measures, \(catalog.library.parameters.count) parameters, \(catalog.library.definitions.count) definitions, \(catalog.municipalities.count) municipalities (catalog \(catalog.version), digest \(catalog.digest.prefix(12)))\n"
    )
  }

  static func lint(_ options: ParsedArguments) throws(CommandError) {
    let folder = try sourcesFolder(options)
    let files = try readSources(folder)
    var compiler = CatalogCompiler()
    let catalog = compiler.compile(files)
    var diagnostics = compiler.diagnostics
    if let catalog { diagnostics += CatalogLint.check(catalog, files: files) }
    printDiagnostics(diagnostics, files: files, folder: folder)
    let errors = diagnostics.filter { $0.severity == .error }.count
    let warnings = diagnostics.count - errors
    let measures = files.filter { $0.path.hasPrefix("catalog/measures/") }.count
    if errors > 0 {
      throw .data("\(errors) error(s), \(warnings) warning(s) in \(files.count) files (\(measures) measures)")
    }
    try OutputStream.standardOutput.write(
      "catalog lint: \(files.count) files (\(measures) measures), no errors, \(warnings) warning(s)\n")
  }

  static func audit(_ options: ParsedArguments, catalogPath: String?) throws(CommandError) {
    let catalog = try openCatalog(catalogPath)
    let date = try options.date("as-of", spec: spec) ?? CivilDate.todayInJapan()
    let lines = CatalogLint.audit(catalog, today: date)
    try OutputStream.standardOutput.write(
      lines.isEmpty ? "nothing to re-check\n" : lines.joined(separator: "\n") + "\n")
  }

  static func info(catalogPath: String?) throws(CommandError) {
    let catalog = try openCatalog(catalogPath)
    var lines = [
      "catalog \(catalog.version)", "digest \(catalog.digest)",
      "\(catalog.measures.count) measures, \(catalog.library.parameters.count) parameters, \(catalog.library.definitions.count) definitions, \(catalog.desks.count) desks, \(catalog.municipalities.count) municipalities",
      "rules take at most \(grouped(RuleCost.perHousehold(catalog).reduce(0) { $0 + $1.cost })) steps per household"
        + " (limit \(grouped(RuleCost.maxPerHousehold)))",
      "",
    ]
    for measure in catalog.measures {
      lines.append(measure.id.padding(to: 36) + measure.name.text(.ja))
    }
    try OutputStream.standardOutput.write(lines.joined(separator: "\n") + "\n")
  }
}
