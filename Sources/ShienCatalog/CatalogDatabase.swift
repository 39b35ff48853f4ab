import ShienRules
import ShienStore
import ShienSupport

/// The compiled catalog as one SQLite file: the checked sources, normalised tables for search and for anyone who
/// wants to query the catalog with SQL, and a full-text index.
///
/// Opening it decodes the compiled catalog (rules already parsed, resolved and type-checked) from one blob; nothing is
/// parsed again. The sources are kept beside it for audit and rebuilds. A database of another schema version, or whose
/// compiled catalog does not match its checksum, is reported rather than used.
package enum CatalogDatabase {
  /// Bumped whenever the tables change; a database of another version is rebuilt or refused.
  package static let schemaVersion: Int32 = 7

  static let schema = """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE source_file (path TEXT PRIMARY KEY, content BLOB NOT NULL);
    CREATE TABLE compiled (format INTEGER NOT NULL, checksum TEXT NOT NULL, data BLOB NOT NULL);
    CREATE TABLE fact (
      id TEXT PRIMARY KEY, entity TEXT NOT NULL, type TEXT NOT NULL, unit TEXT, position INTEGER NOT NULL);
    CREATE TABLE fact_text (
      fact_id TEXT NOT NULL REFERENCES fact(id), lang TEXT NOT NULL, label TEXT NOT NULL, question TEXT, help TEXT,
      PRIMARY KEY (fact_id, lang));
    CREATE TABLE desk_role (id TEXT PRIMARY KEY, outside_city_hall INTEGER NOT NULL);
    CREATE TABLE desk_role_text (
      role_id TEXT NOT NULL REFERENCES desk_role(id), lang TEXT NOT NULL, name TEXT NOT NULL,
      PRIMARY KEY (role_id, lang));
    CREATE TABLE municipality (code TEXT PRIMARY KEY, code6 TEXT NOT NULL, prefecture TEXT NOT NULL, name TEXT NOT NULL);
    CREATE TABLE desk (
      id TEXT NOT NULL, municipality_code TEXT NOT NULL, name TEXT NOT NULL, phone TEXT, address TEXT, location TEXT,
      hours TEXT, url TEXT, source TEXT, PRIMARY KEY (municipality_code, id));
    CREATE TABLE desk_for_role (
      municipality_code TEXT NOT NULL, role_id TEXT NOT NULL REFERENCES desk_role(id), desk_id TEXT NOT NULL,
      PRIMARY KEY (municipality_code, role_id, desk_id));
    CREATE TABLE desk_for_measure (
      municipality_code TEXT NOT NULL, measure_id TEXT NOT NULL, desk_id TEXT NOT NULL,
      PRIMARY KEY (municipality_code, measure_id, desk_id));
    CREATE TABLE desk_unverified (
      municipality_code TEXT NOT NULL, desk_id TEXT NOT NULL, subject TEXT NOT NULL, lang TEXT NOT NULL,
      text TEXT NOT NULL);
    CREATE TABLE measure (
      id TEXT PRIMARY KEY, category TEXT NOT NULL, scope_level TEXT NOT NULL, scope_value TEXT,
      valid_from TEXT, valid_through TEXT, desk_role TEXT NOT NULL REFERENCES desk_role(id), amount_per TEXT,
      file TEXT NOT NULL);
    CREATE TABLE measure_text (
      measure_id TEXT NOT NULL REFERENCES measure(id), lang TEXT NOT NULL, name TEXT NOT NULL, summary TEXT NOT NULL,
      PRIMARY KEY (measure_id, lang));
    CREATE TABLE measure_event (measure_id TEXT NOT NULL REFERENCES measure(id), event TEXT NOT NULL);
    CREATE TABLE measure_replaces (
      measure_id TEXT NOT NULL REFERENCES measure(id), replaced_id TEXT NOT NULL);
    CREATE TABLE step (
      measure_id TEXT NOT NULL REFERENCES measure(id), position INTEGER NOT NULL, lang TEXT NOT NULL, text TEXT NOT NULL);
    CREATE TABLE document (
      measure_id TEXT NOT NULL REFERENCES measure(id), position INTEGER NOT NULL, lang TEXT NOT NULL,
      name TEXT NOT NULL, condition TEXT);
    CREATE TABLE source (
      measure_id TEXT NOT NULL REFERENCES measure(id), url TEXT NOT NULL, title TEXT, checked TEXT, kind TEXT);
    CREATE TABLE rule (
      owner TEXT NOT NULL, kind TEXT NOT NULL, position INTEGER NOT NULL, type TEXT NOT NULL, text TEXT NOT NULL,
      file TEXT NOT NULL, line INTEGER NOT NULL, column INTEGER NOT NULL);
    CREATE TABLE parameter (id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, is_table INTEGER NOT NULL);
    CREATE TABLE parameter_value (
      parameter_id INTEGER NOT NULL REFERENCES parameter(id), valid_from TEXT NOT NULL, valid_through TEXT,
      value TEXT NOT NULL, step REAL, verified INTEGER NOT NULL, source TEXT);
    CREATE TABLE life_event (id TEXT PRIMARY KEY, position INTEGER NOT NULL);
    CREATE TABLE life_event_text (
      event_id TEXT NOT NULL REFERENCES life_event(id), lang TEXT NOT NULL, name TEXT NOT NULL,
      PRIMARY KEY (event_id, lang));
    CREATE TABLE procedure (
      id TEXT PRIMARY KEY, event_id TEXT NOT NULL REFERENCES life_event(id), position INTEGER NOT NULL,
      desk_role TEXT NOT NULL, due TEXT);
    CREATE TABLE procedure_text (
      procedure_id TEXT NOT NULL REFERENCES procedure(id), lang TEXT NOT NULL, name TEXT NOT NULL, summary TEXT,
      deadline TEXT, PRIMARY KEY (procedure_id, lang));
    CREATE TABLE holiday (date TEXT PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE synonym (word TEXT NOT NULL, expansion TEXT NOT NULL, UNIQUE (word, expansion));
    CREATE TABLE search_text (
      id INTEGER PRIMARY KEY, kind TEXT NOT NULL, item_id TEXT NOT NULL, lang TEXT NOT NULL, field TEXT NOT NULL,
      weight INTEGER NOT NULL, text TEXT NOT NULL, original TEXT NOT NULL);
    CREATE VIRTUAL TABLE search USING fts5(text, content='search_text', content_rowid='id', tokenize='trigram');
    """

  /// Writes `catalog`, compiled from `files`, to a new database at `path`. The file appears whole or not at all: it
  /// is written beside the target and renamed over it.
  package static func write(_ catalog: Catalog, sources files: [SourceFile], to path: String, stamps: String? = nil)
    throws(CatalogError)
  {
    do {
      let file = try AtomicFile(path: path, mode: 0o644)
      do {
        let db = try Database(path: file.temporaryPath, mode: .readWrite)
        try populate(db, with: catalog, sources: files, stamps: stamps)
      } catch let error as CatalogError {
        throw error
      } catch {
        throw CatalogError.database("cannot write the catalog database \(path): \(error)")
      }
      try file.commit()
    } catch let error as FileError {
      throw CatalogError.io("cannot write the catalog database \(path): \(systemErrorMessage(error.code))")
    } catch let error as CatalogError {
      throw error
    } catch {
      throw CatalogError.database("cannot write the catalog database \(path): \(error)")
    }
  }

  /// Writes `catalog` into an empty database (a new file, or `":memory:"` for a catalog compiled from sources).
  package static func populate(
    _ db: Database, with catalog: Catalog, sources files: [SourceFile], stamps: String? = nil
  ) throws {
    try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
    try db.inTransaction {
      try db.execute(sql: schema)
      try insert(catalog, sources: files, into: db)
      if let stamps {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('stamps', ?)", arguments: [.text(stamps)])
      }
      try db.execute(
        sql: "INSERT INTO meta (key, value) VALUES ('tables', ?)", arguments: [.text(try tablesChecksum(db))])
    }
    try db.setUserVersion(schemaVersion)
  }

  private static func insert(_ catalog: Catalog, sources files: [SourceFile], into db: Database) throws {
    func run(_ sql: String, _ arguments: [DatabaseValue]) throws {
      try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }
    let meta: [(String, String)] = [
      ("version", catalog.version), ("digest", catalog.digest), ("schema", String(schemaVersion)),
      ("measures", String(catalog.measures.count)),
    ]
    for (key, value) in meta { try run("INSERT INTO meta (key, value) VALUES (?, ?)", [.text(key), .text(value)]) }
    for file in files {
      try run("INSERT INTO source_file (path, content) VALUES (?, ?)", [.text(file.path), .blob(file.bytes)])
    }
    let blob = CatalogBinary.encode(catalog)
    try run(
      "INSERT INTO compiled (format, checksum, data) VALUES (?, ?, ?)",
      [DatabaseValue(CatalogBinary.formatVersion), .text(CatalogBinary.checksum(blob)), .blob(blob)])
    for (position, fact) in catalog.vocabulary.facts.enumerated() {
      try run(
        "INSERT INTO fact (id, entity, type, unit, position) VALUES (?, ?, ?, ?, ?)",
        [
          .text(fact.id), .text(fact.entity.rawValue), .text(fact.typeName), DatabaseValue(fact.unit),
          DatabaseValue(position),
        ])
      for language in Language.allCases {
        guard let label = fact.label.values[language.rawValue] else { continue }
        try run(
          "INSERT INTO fact_text (fact_id, lang, label, question, help) VALUES (?, ?, ?, ?, ?)",
          [
            .text(fact.id), .text(language.rawValue), .text(label),
            DatabaseValue(fact.question.values[language.rawValue]),
            DatabaseValue(fact.help.values[language.rawValue]),
          ])
      }
    }
    for role in catalog.roles.values.sorted(by: { $0.id < $1.id }) {
      try run(
        "INSERT INTO desk_role (id, outside_city_hall) VALUES (?, ?)",
        [.text(role.id), DatabaseValue(role.isOutsideCityHall)])
      for (lang, name) in role.name.values.sorted(by: { $0.key < $1.key }) {
        try run(
          "INSERT INTO desk_role_text (role_id, lang, name) VALUES (?, ?, ?)",
          [.text(role.id), .text(lang), .text(name)])
      }
    }
    for municipality in catalog.municipalities {
      try run(
        "INSERT OR IGNORE INTO municipality (code, code6, prefecture, name) VALUES (?, ?, ?, ?)",
        [.text(municipality.code), .text(municipality.code6), .text(municipality.prefecture), .text(municipality.name)])
    }
    for desk in catalog.desks {
      try run(
        "INSERT INTO desk (id, municipality_code, name, phone, address, location, hours, url, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
          .text(desk.id), .text(desk.municipality), .text(desk.name.text(.ja)), DatabaseValue(desk.phone),
          DatabaseValue(desk.address), DatabaseValue(desk.location?.text(.ja)), DatabaseValue(desk.hours?.text(.ja)),
          DatabaseValue(desk.url), DatabaseValue(desk.source),
        ])
      for role in desk.roles {
        try run(
          "INSERT OR IGNORE INTO desk_for_role (municipality_code, role_id, desk_id) VALUES (?, ?, ?)",
          [.text(desk.municipality), .text(role), .text(desk.id)])
      }
      for id in desk.measures {
        try run(
          "INSERT OR IGNORE INTO desk_for_measure (municipality_code, measure_id, desk_id) VALUES (?, ?, ?)",
          [.text(desk.municipality), .text(id), .text(desk.id)])
      }
      for caveat in desk.caveats {
        for (lang, text) in caveat.text.values.sorted(by: { $0.key < $1.key }) {
          try run(
            "INSERT INTO desk_unverified (municipality_code, desk_id, subject, lang, text) VALUES (?, ?, ?, ?, ?)",
            [.text(desk.municipality), .text(desk.id), .text(caveat.subject), .text(lang), .text(text)])
        }
      }
    }
    for (position, event) in catalog.events.enumerated() {
      try run("INSERT INTO life_event (id, position) VALUES (?, ?)", [.text(event.id), DatabaseValue(position)])
      for (lang, name) in event.name.values.sorted(by: { $0.key < $1.key }) {
        try run(
          "INSERT INTO life_event_text (event_id, lang, name) VALUES (?, ?, ?)",
          [.text(event.id), .text(lang), .text(name)])
      }
      for (index, procedure) in event.procedures.enumerated() {
        try run(
          "INSERT INTO procedure (id, event_id, position, desk_role, due) VALUES (?, ?, ?, ?, ?)",
          [
            .text(procedure.id), .text(event.id), DatabaseValue(index), .text(procedure.deskRole),
            DatabaseValue(procedure.due.map(\.description)),
          ])
        for language in Language.allCases {
          guard let name = procedure.name.values[language.rawValue] else { continue }
          try run(
            "INSERT INTO procedure_text (procedure_id, lang, name, summary, deadline) VALUES (?, ?, ?, ?, ?)",
            [
              .text(procedure.id), .text(language.rawValue), .text(name),
              DatabaseValue(procedure.summary?.text(language)), DatabaseValue(procedure.deadline?.text(language)),
            ])
        }
      }
    }
    for holiday in catalog.holidays {
      try run("INSERT INTO holiday (date, name) VALUES (?, ?)", [.text(holiday.date.description), .text(holiday.name)])
    }
    for (word, expansion) in SearchIndex.synonymPairs(catalog.synonyms) {
      try run("INSERT OR IGNORE INTO synonym (word, expansion) VALUES (?, ?)", [.text(word), .text(expansion)])
    }
    for entry in SearchIndex.entries(for: catalog) {
      try run(
        "INSERT INTO search_text (kind, item_id, lang, field, weight, text, original) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
          .text(entry.kind.rawValue), .text(entry.itemID), .text(entry.lang), .text(entry.field.rawValue),
          DatabaseValue(entry.field.weight), .text(SearchText.normalize(entry.text)), .text(entry.text),
        ])
    }
    try db.execute(sql: "INSERT INTO search (search) VALUES ('rebuild')")
    for (index, parameter) in catalog.library.parameters.enumerated() {
      try run(
        "INSERT INTO parameter (id, name, type, is_table) VALUES (?, ?, ?, ?)",
        [DatabaseValue(index), .text(parameter.name), .text(parameter.type.rawValue), DatabaseValue(parameter.isTable)])
      for period in parameter.periods {
        try run(
          "INSERT INTO parameter_value (parameter_id, valid_from, valid_through, value, step, verified, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
          [
            DatabaseValue(index), .text(period.from.description), DatabaseValue(period.through?.description),
            .text(CatalogDatabase.valueText(period)), DatabaseValue(period.step),
            DatabaseValue(period.isVerified), DatabaseValue(period.source),
          ])
      }
    }
    func insertRule(_ owner: String, _ kind: String, _ position: Int, _ rule: CompiledRule, file: String) throws {
      let start = rule.source.lines.first?.start ?? .start
      try run(
        "INSERT INTO rule (owner, kind, position, type, text, file, line, column) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
          .text(owner), .text(kind), DatabaseValue(position), .text(rule.type.rawValue), .text(rule.source.text),
          .text(file), DatabaseValue(start.line), DatabaseValue(start.column),
        ])
    }
    for (position, definition) in catalog.library.definitions.enumerated() {
      try insertRule(definition.name, "definition", position, definition.rule, file: "")
    }
    for measure in catalog.measures {
      let (level, value): (String, String?) =
        switch measure.scope {
        case .national: ("national", nil)
        case .prefecture(let name): ("prefecture", name)
        case .municipality(let code): ("municipality", code)
        }
      try run(
        "INSERT INTO measure (id, category, scope_level, scope_value, valid_from, valid_through, desk_role, amount_per, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
          .text(measure.id), .text(measure.category.rawValue), .text(level), DatabaseValue(value),
          DatabaseValue(measure.validFrom?.description), DatabaseValue(measure.validThrough?.description),
          .text(measure.deskRole), DatabaseValue(measure.amount?.per.rawValue), .text(measure.file),
        ])
      for language in Language.allCases {
        guard let name = measure.name.values[language.rawValue] else { continue }
        try run(
          "INSERT INTO measure_text (measure_id, lang, name, summary) VALUES (?, ?, ?, ?)",
          [.text(measure.id), .text(language.rawValue), .text(name), .text(measure.summary.text(language))])
      }
      for event in measure.events {
        try run("INSERT INTO measure_event (measure_id, event) VALUES (?, ?)", [.text(measure.id), .text(event)])
      }
      for (position, step) in measure.procedure.steps.enumerated() {
        for (lang, text) in step.values.sorted(by: { $0.key < $1.key }) {
          try run(
            "INSERT INTO step (measure_id, position, lang, text) VALUES (?, ?, ?, ?)",
            [.text(measure.id), DatabaseValue(position), .text(lang), .text(text)])
        }
      }
      for (position, document) in measure.documents.enumerated() {
        for (lang, text) in document.name.values.sorted(by: { $0.key < $1.key }) {
          try run(
            "INSERT INTO document (measure_id, position, lang, name, condition) VALUES (?, ?, ?, ?, ?)",
            [
              .text(measure.id), DatabaseValue(position), .text(lang), .text(text),
              DatabaseValue(document.condition?.source.text),
            ])
        }
      }
      for source in measure.sources {
        try run(
          "INSERT INTO source (measure_id, url, title, checked, kind) VALUES (?, ?, ?, ?, ?)",
          [
            .text(measure.id), .text(source.url), DatabaseValue(source.title),
            DatabaseValue(source.checked?.description),
            DatabaseValue(source.kind?.rawValue),
          ])
      }
      for (position, condition) in measure.conditions.enumerated() {
        try insertRule(measure.id, "eligibility", position, condition.rule, file: measure.file)
      }
      if let amount = measure.amount { try insertRule(measure.id, "amount", 0, amount.rule, file: measure.file) }
      for (position, document) in measure.documents.enumerated() {
        if let condition = document.condition {
          try insertRule(measure.id, "document", position, condition, file: measure.file)
        }
      }
    }
    for measure in catalog.measures {
      for replaced in measure.replaces {
        try run(
          "INSERT INTO measure_replaces (measure_id, replaced_id) VALUES (?, ?)", [.text(measure.id), .text(replaced)])
      }
    }
  }

  /// What a database says about itself, read without compiling anything.
  package struct Header: Sendable {
    package var schemaVersion: Int32
    package var version: String
    package var digest: String
    /// `CatalogLocator.sourceStamps` of the sources it was built from, when built from a checkout.
    package var stamps: String? = nil
  }

  /// Opens the database read-only and checks that it is whole and of this schema.
  /// A parameter period's value as JSON text, for the readable tables: `[1, 2]`, or `{"40223": [3], "": [5]}` for
  /// a keyed parameter (the empty key holds the value of every other key).
  static func valueText(_ period: Parameter.Period) -> String {
    let list = { (values: [Double]) in "[" + values.map(JSONWriter.format).joined(separator: ",") + "]" }
    guard !period.keyed.isEmpty else { return list(period.values) }
    var rows = period.keyed.sorted { $0.key < $1.key }.map { ($0.key, list($0.value)) }
    if !period.values.isEmpty { rows.append(("", list(period.values))) }
    var text = "{"
    for (index, row) in rows.enumerated() {
      if index > 0 { text += "," }
      var quoted: [UInt8] = []
      JSONWriter.appendQuoted(row.0, to: &quoted)
      text += String(decoding: quoted, as: UTF8.self) + ":" + row.1
    }
    return text + "}"
  }

  package static func header(at path: String) throws(CatalogError) -> (Database, Header) {
    guard fileExists(path) else { throw CatalogError.io("no catalog database at \(path)") }
    do {
      let db = try Database(path: path, mode: .readOnly)
      try db.execute(sql: "PRAGMA query_only = ON")
      // A view or a trigger is code in the file: a `meta` that is a recursive view would hang every command.
      var code: [String] = []
      try db.cachedStatement(sql: "SELECT type || ' ' || name FROM sqlite_schema WHERE type IN ('view', 'trigger')")
        .forEachRow { row in code.append(row.text(at: 0) ?? "") }
      guard code.isEmpty else {
        throw CatalogError.database(
          "the catalog database \(path) holds a \(terminalSafe(code[0])), which shien never writes; rebuild it with 'shien catalog build'"
        )
      }
      let version = try db.userVersion()
      guard version == schemaVersion else {
        throw CatalogError.rebuildNeeded(
          "the catalog database \(path) has schema version \(version), but this shien needs \(schemaVersion)"
        )
      }
      var meta: [String: String] = [:]
      try db.cachedStatement(sql: "SELECT key, value FROM meta").forEachRow { row in
        meta[row.text(at: 0) ?? ""] = row.text(at: 1) ?? ""
      }
      guard let digest = meta["digest"], let catalogVersion = meta["version"] else {
        throw CatalogError.rebuildNeeded("the catalog database \(path) has no digest")
      }
      return (db, Header(schemaVersion: version, version: catalogVersion, digest: digest, stamps: meta["stamps"]))
    } catch let error as CatalogError {
      throw error
    } catch let error as SQLiteError {
      if error.isCorrupt {
        throw CatalogError.rebuildNeeded(
          "the catalog database \(path) is corrupt or not a database (\(error.message))"
        )
      }
      throw CatalogError.database("cannot read the catalog database \(path): \(error)")
    } catch {
      throw CatalogError.database("cannot read the catalog database \(path): \(error)")
    }
  }

  /// Decodes the compiled catalog, after checking its checksum.
  package static func load(from db: Database, header: Header, path: String) throws(CatalogError) -> Catalog {
    var stored: (checksum: String, data: [UInt8])?
    do {
      try db.cachedStatement(sql: "SELECT checksum, data FROM compiled WHERE format = ?").forEachRow(
        arguments: [DatabaseValue(CatalogBinary.formatVersion)]
      ) { row in
        stored = (row.text(at: 0) ?? "", row.blob(at: 1) ?? [])
      }
    } catch let error as SQLiteError {
      if error.isCorrupt {
        throw CatalogError.rebuildNeeded(
          "the catalog database \(path) is corrupt (\(error.message))")
      }
      throw CatalogError.database("cannot read the catalog database \(path): \(error)")
    } catch {
      throw CatalogError.database("cannot read the catalog database \(path): \(error)")
    }
    guard let stored else {
      throw CatalogError.rebuildNeeded(
        "the catalog database \(path) holds no compiled catalog")
    }
    guard CatalogBinary.checksum(stored.data) == stored.checksum else {
      throw CatalogError.rebuildNeeded(
        "the catalog database \(path) does not match its own checksum (it was altered or damaged)"
      )
    }
    let catalog: Catalog
    do {
      catalog = try CatalogBinary.decode(stored.data)
    } catch {
      throw CatalogError.rebuildNeeded(
        "the catalog database \(path): \(error.description)")
    }
    guard catalog.digest == header.digest else {
      throw CatalogError.rebuildNeeded(
        "the catalog database \(path) is inconsistent (its compiled catalog is not from its sources)"
      )
    }
    return catalog
  }
}
