import ShienFacts
import ShienRules
import ShienSupport

/// One file of the catalog's sources: its path relative to `Resources/`, and its bytes.
package struct SourceFile: Sendable {
  package var path: String
  package var bytes: [UInt8]

  package init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
  }

  package var lines: [Substring] {
    String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
  }
}

/// Reads the catalog's text sources and compiles them: every rule parsed and type-checked, every reference resolved.
///
/// The layout under `Resources/`:
///
///     facts.json                   the fact vocabulary
///     catalog/catalog.json         version, shared parameters and definitions
///     catalog/roles.json           desk roles and their generic answers
///     catalog/desks/*.json         each municipality's desks
///     catalog/measures/*.json      one measure per file
///     catalog/municipalities.tsv   every municipality's code and name
///     catalog/events.json          life events and the procedures each calls for
///     catalog/holidays.tsv         national holidays, for deadlines that move past closed days
///     catalog/synonyms.json        everyday words for search
///     catalog/documents.json       kinds of document, for merging a handout's checklist
package struct CatalogCompiler {
  /// A catalog from elsewhere is untrusted: a source file holding a longer string, or a longer list or object, is
  /// refused whole. The bundled catalog's largest are about 1,500 bytes, 360 items and 1,100 keys.
  package static let maxStringBytes = 20_000
  package static let maxItems = 10_000

  package private(set) var diagnostics: [Diagnostic] = []

  package init() {}

  package var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

  /// The digest of a set of source files: SHA-256 over each path and its bytes, in path order.
  package static func digest(of files: [SourceFile]) -> String {
    var hash = SHA256()
    for file in files.sorted(by: { $0.path < $1.path }) {
      hash.update(file.path)
      hash.update([0])
      hash.update(String(file.bytes.count))
      hash.update([0])
      hash.update(file.bytes)
    }
    return hash.finalizeHex()
  }

  /// Compiles the sources; returns nil when any has an error (see `diagnostics`).
  package mutating func compile(_ files: [SourceFile]) -> Catalog? {
    let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    guard let factsFile = byPath["facts.json"] else {
      diagnostics.append(Diagnostic(file: "facts.json", at: nil, message: "missing the fact vocabulary"))
      return nil
    }
    let vocabulary: FactVocabulary
    do {
      vocabulary = try FactVocabulary.load(json: factsFile.bytes, file: factsFile.path)
    } catch {
      if case .diagnostics(let found) = error { diagnostics += found }
      return nil
    }
    var library = RuleLibrary(vocabulary: vocabulary)
    var scope = RuleScope(vocabulary: vocabulary)
    var version = "unversioned"
    if let file = byPath["catalog/catalog.json"], let root = parse(file) {
      var reader = CatalogNodeReader(file: file.path)
      if reader.expectObject(root, "the catalog") {
        reader.checkKeys(root, allowed: ["version", "parameters", "definitions"])
        version = reader.string(root, "version") ?? version
        readParameters(root["parameters"], into: &library, scope: &scope, reader: &reader)
        readDefinitions(root["definitions"], into: &library, scope: &scope, reader: &reader)
      }
      diagnostics += reader.diagnostics
    } else if byPath["catalog/catalog.json"] == nil {
      diagnostics.append(
        Diagnostic(file: "catalog/catalog.json", at: nil, message: "missing the catalog's version file"))
    }

    var roles: [String: DeskRole] = [:]
    if let file = byPath["catalog/roles.json"], let root = parse(file) {
      roles = readRoles(root, file: file.path)
    }
    var events: [LifeEvent] = []
    if let file = byPath["catalog/events.json"], let root = parse(file) {
      events = readEvents(root, file: file.path)
    }
    let eventIDs = events.map(\.id)
    var holidays: [Holiday] = []
    if let file = byPath["catalog/holidays.tsv"] {
      holidays = readHolidays(file)
    }
    var synonyms: [SynonymGroup] = []
    if let file = byPath["catalog/synonyms.json"], let root = parse(file) {
      synonyms = readSynonyms(root, file: file.path)
    }
    var documentKinds: [DocumentKind] = []
    if let file = byPath["catalog/documents.json"], let root = parse(file) {
      documentKinds = readDocumentKinds(root, file: file.path)
    }
    var desks: [Desk] = []
    for file in files where file.path.hasPrefix("catalog/desks/") && file.path.hasSuffix(".json") {
      guard let root = parse(file) else { continue }
      desks += readDesks(root, file: file.path)
    }
    var municipalities: [Municipality] = []
    if let file = byPath["catalog/municipalities.tsv"] {
      municipalities = readMunicipalities(file)
    }

    var measures: [Measure] = []
    let measureFiles = files.filter { $0.path.hasPrefix("catalog/measures/") && $0.path.hasSuffix(".json") }
      .sorted { $0.path < $1.path }
    for file in measureFiles {
      guard let root = parse(file) else { continue }
      var reader = CatalogNodeReader(file: file.path)
      if let measure = readMeasure(
        root, file: file.path, library: &library, sharedScope: scope, eventIDs: eventIDs, reader: &reader)
      {
        if let other = measures.first(where: { $0.id == measure.id }) {
          reader.error("duplicate measure id '\(measure.id)' (also in \(other.file))", at: root["id"]?.location)
        } else {
          measures.append(measure)
          if let definition = CatalogCompiler.amountDefinition(of: measure, vocabulary: vocabulary) {
            scope.definitions[definition.name] = (library.definitions.count, definition)
            library.definitions.append(definition)
          }
        }
      }
      diagnostics += reader.diagnostics
    }
    guard errors.isEmpty else { return nil }
    let catalog = Catalog(
      version: version, digest: CatalogCompiler.digest(of: files), library: library, measures: measures, roles: roles,
      desks: desks, municipalities: municipalities, events: events, holidays: holidays, synonyms: synonyms,
      documentKinds: documentKinds)
    if let problem = RuleCost.problem(withParts: RuleCost.perHousehold(catalog)) {
      diagnostics.append(Diagnostic(file: "catalog", at: nil, message: problem))
      return nil
    }
    return catalog
  }

  /// An http(s) URL with nothing else: no space, no bracket, no line break.
  package static func isWebAddress(_ text: String) -> Bool {
    (text.hasPrefix("https://") || text.hasPrefix("http://")) && text.count > 8
      && !text.unicodeScalars.contains { $0.properties.isWhitespace || "<>\"（）".unicodeScalars.contains($0) }
  }

  /// What `measure_amount('id')` reads: the measure's amount when every condition holds (and it is in force and applies
  /// where the household lives), 0 when one fails, and the range between while one is open. A rule can name only a
  /// measure whose file sorts before its own, so no measure's amount can depend on itself.
  static func amountDefinition(of measure: Measure, vocabulary: FactVocabulary) -> Definition? {
    guard let amount = measure.amount else { return nil }
    func day(_ date: CivilDate) -> Expr { .constant(.date(Interval(exactly: Double(date.dayNumber)))) }
    var conditions: [Expr] = []
    if let from = measure.validFrom { conditions.append(.binary(.greaterEqual, .asOf, day(from))) }
    if let through = measure.validThrough { conditions.append(.binary(.lessEqual, .asOf, day(through))) }
    switch measure.scope {
    case .national: break
    case .prefecture(let name):
      if let fact = vocabulary.index(of: "prefecture") {
        conditions.append(.binary(.equal, .householdFact(fact), .constant(.text(name))))
      }
    case .municipality(let code):
      if let fact = vocabulary.index(of: "municipality") {
        conditions.append(.binary(.equal, .householdFact(fact), .constant(.text(code))))
      }
    }
    conditions += measure.conditions.map(\.rule.expr)
    let all = conditions.dropFirst().reduce(conditions.first ?? .constant(.truth(.yes))) { .binary(.and, $0, $1) }
    let frameSize = ([amount.rule] + measure.conditions.map(\.rule)).map(\.frameSize).max() ?? 0
    return Definition(
      name: "measure_amount:" + measure.id, parameter: nil,
      rule: CompiledRule(
        expr: .conditional(
          conditions: [all], values: [amount.rule.expr], otherwise: .constant(.number(.init(exactly: 0)))),
        type: .money, frameSize: frameSize, source: RuleSource("measure_amount('\(measure.id)')")))
  }

  private mutating func parse(_ file: SourceFile) -> JSONNode? {
    let root: JSONNode
    do {
      root = try JSONReader.parse(file.bytes)
    } catch {
      diagnostics.append(Diagnostic(file: file.path, at: error.location, message: error.message))
      return nil
    }
    if let (location, message) = Self.oversized(root) {
      diagnostics.append(Diagnostic(file: file.path, at: location, message: message))
      return nil
    }
    return root
  }

  /// The first string, list or object in `node` beyond the limits, if any. JSONReader bounds the depth, so the
  /// recursion is shallow.
  private static func oversized(_ node: JSONNode) -> (SourceLocation, String)? {
    func tooLong(_ text: String) -> String? {
      text.utf8.count > maxStringBytes
        ? "a string of \(text.utf8.count) bytes is longer than the \(maxStringBytes) a catalog may hold" : nil
    }
    /// Text that would steer a terminal or reorder what a reader sees (control characters, bidirectional
    /// overrides): a catalog has no use for it.
    func unsafe(_ text: String) -> String? {
      guard
        let scalar = text.unicodeScalars.first(where: { scalar in
          let value = scalar.value
          return (value < 0x20 && value != 0x0A) || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value)
        })
      else { return nil }
      let code = String(scalar.value, radix: 16, uppercase: true)
      return "text holds the control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code)"
        + ", which a catalog may not"
    }
    switch node.value {
    case .string(let text):
      return (tooLong(text) ?? unsafe(text)).map { (node.contentStart, $0) }
    case .number(let value, _):
      // 2^63 yen and more cannot be counted in whole yen (it would print as ∞円).
      if abs(value) >= 9_223_372_036_854_775_808 {
        return (node.location, "a number of 2^63 or more cannot be an amount")
      }
    case .array(let items):
      if items.count > maxItems {
        return (node.location, "a list of \(items.count) items is longer than the \(maxItems) a catalog may hold")
      }
      for item in items { if let found = oversized(item) { return found } }
    case .object(let members):
      if members.count > maxItems {
        return (node.location, "an object of \(members.count) keys is larger than the \(maxItems) a catalog may hold")
      }
      for member in members {
        if let message = tooLong(member.key) ?? unsafe(member.key) { return (member.keyLocation, message) }
        if let found = oversized(member.node) { return found }
      }
    default:
      break
    }
    return nil
  }

  private func readParameters(
    _ node: JSONNode?, into library: inout RuleLibrary, scope: inout RuleScope, reader: inout CatalogNodeReader,
    prefix: String = ""
  ) {
    guard let node else { return }
    guard let members = node.object else {
      reader.error("expected an object of parameters by name, found \(node.kindName)", at: node.location)
      return
    }
    for member in members {
      let name = member.key
      let spec = member.node
      guard reader.expectObject(spec, "parameter '\(name)'") else { continue }
      reader.checkKeys(spec, allowed: ["type", "table", "keyed", "step", "values", "description", "revised"])
      if scope.parameters[name] != nil || scope.definitions[name] != nil {
        reader.error("'\(name)' is already defined", at: member.keyLocation)
        continue
      }
      if !isIdentifier(name) {
        reader.error("a parameter name is lowercase letters, digits and '_' ('\(name)')", at: member.keyLocation)
        continue
      }
      let typeName = spec["type"]?.string ?? "money"
      guard let type = RuleType(rawValue: typeName), type == .money || type == .number else {
        reader.error("a parameter is 'money' or 'number', not '\(typeName)'", at: spec["type"]?.location)
        continue
      }
      let isTable = spec["table"]?.bool ?? false
      let isKeyed = spec["keyed"]?.bool ?? false
      let step = spec["step"]?.number
      if isKeyed, spec["step"] != nil {
        reader.error("a keyed parameter takes no 'step'", at: spec["step"]?.location)
      }
      var periods: [Parameter.Period] = []
      for valueNode in reader.array(spec, "values") ?? [] {
        guard reader.expectObject(valueNode, "a dated value") else { continue }
        reader.checkKeys(
          valueNode, allowed: ["from", "through", "value", "source", "verified", "note"] + (isKeyed ? ["default"] : []))
        guard let from = reader.date(valueNode, "from") else { continue }
        let through = reader.date(valueNode, "through", required: false)
        if let through, through < from {
          reader.error("'through' \(through) is before 'from' \(from)", at: valueNode["through"]?.location)
        }
        var values: [Double] = []
        var keyed: [String: [Double]] = [:]
        if let raw = valueNode["value"] {
          if isKeyed {
            if let members = raw.object, !members.isEmpty {
              for member in members {
                keyed[member.key] = readParameterValue(member.node, isTable: isTable, reader: &reader)
              }
            } else {
              reader.error(
                "a keyed parameter's value is an object of values by key, such as {\"40223\": 3}", at: raw.location)
            }
            if let fallback = valueNode["default"] {
              values = readParameterValue(fallback, isTable: isTable, reader: &reader)
            }
          } else {
            values = readParameterValue(raw, isTable: isTable, reader: &reader)
          }
        } else {
          reader.error("missing 'value'", at: valueNode.location)
        }
        periods.append(
          Parameter.Period(
            from: from, through: through, values: values, step: step, isVerified: valueNode["verified"]?.bool ?? true,
            source: valueNode["source"]?.string, keyed: keyed))
      }
      periods.sort { $0.from < $1.from }
      for (earlier, later) in zip(periods, periods.dropFirst()) {
        if let through = earlier.through, through >= later.from {
          reader.error(
            "parameter '\(name)': the period from \(earlier.from) through \(through) overlaps the one from \(later.from)",
            at: spec.location)
        } else if earlier.from == later.from {
          reader.error("parameter '\(name)': two values start on \(later.from)", at: spec.location)
        }
      }
      var parameter = Parameter(name: name, type: type, isTable: isTable, isKeyed: isKeyed, periods: periods)
      if let revised = spec["revised"] {
        // The note names the series by its description up to the first '：' (the rest explains it).
        let label = spec["description"]?.string.flatMap { $0.split(separator: "：").first.map(String.init) }
        parameter.revision = readRevision(revised, name: name, label: label, reader: &reader)
      }
      scope.parameters[name] = (library.parameters.count, parameter)
      library.parameters.append(parameter)
    }
  }

  /// A series' revision rhythm: `"revised": {"each": "04-01", "by": "物価スライド"}`. A series declared revised with no
  /// rhythm is refused, since its values could then go stale without anyone seeing it.
  private func readRevision(_ node: JSONNode, name: String, label: String?, reader: inout CatalogNodeReader)
    -> ParameterRevision?
  {
    guard node.object != nil else {
      reader.error(
        "parameter '\(name)' is declared revised but has no rhythm; write \"revised\": {\"each\": \"04-01\"}",
        at: node.location)
      return nil
    }
    reader.checkKeys(node, allowed: ["each", "by"])
    guard let each = node["each"] else {
      reader.error(
        "parameter '\(name)' is declared revised but has no rhythm; add \"each\": \"MM-DD\" (the day of the year it is revised)",
        at: node.location)
      return nil
    }
    guard let text = each.string, let revision = ParameterRevision(each: text, label: label ?? name, file: reader.file)
    else {
      reader.error("'each' is a month and day, MM-DD, such as \"04-01\"", at: each.location)
      return nil
    }
    return revision
  }

  /// One value, or for a table one array of numbers (a row per count, or a keyed table's row).
  private func readParameterValue(_ raw: JSONNode, isTable: Bool, reader: inout CatalogNodeReader) -> [Double] {
    var values: [Double] = []
    if let number = raw.number {
      values = [number]
    } else if let list = raw.array, list.allSatisfy({ $0.number != nil }), !list.isEmpty {
      values = list.map { $0.number! }
    } else {
      reader.error("expected a number, or for a table an array of numbers, for 'value'", at: raw.location)
    }
    if isTable != (raw.array != nil) {
      reader.error(
        isTable
          ? "a table's value is an array (one number per row)"
          : "a single parameter's value is one number; add \"table\": true for rows", at: raw.location)
    }
    return values
  }

  private func readDefinitions(
    _ node: JSONNode?, into library: inout RuleLibrary, scope: inout RuleScope, reader: inout CatalogNodeReader
  ) {
    guard let node else { return }
    guard let items = node.array else {
      reader.error("expected an array of definitions, found \(node.kindName)", at: node.location)
      return
    }
    for item in items {
      guard reader.expectObject(item, "a definition") else { continue }
      reader.checkKeys(item, allowed: ["name", "of", "type", "rule", "description"])
      guard let name = reader.string(item, "name"), let ruleNode = item["rule"] else {
        if item["rule"] == nil { reader.error("missing 'rule'", at: item.location) }
        continue
      }
      if !isIdentifier(name) {
        reader.error("a definition name is lowercase letters, digits and '_' ('\(name)')", at: item["name"]?.location)
        continue
      }
      if scope.parameters[name] != nil || scope.definitions[name] != nil || Builtin(rawValue: name) != nil
        || name == "measure_amount"
      {
        reader.error("'\(name)' is already defined", at: item["name"]?.location)
        continue
      }
      let memberParameter = reader.optionalString(item, "of")
      let typeName = reader.string(item, "type") ?? "bool"
      guard let type = RuleType(rawValue: typeName), type != .member else {
        reader.error(
          "unknown type '\(typeName)'; expected bool, number, money, date or text", at: item["type"]?.location)
        continue
      }
      // A definition sees only the definitions before it, so none can call itself, directly or not. One that does
      // not compile still enters the scope with its declared type, so its uses report no errors of their own (the
      // catalog is refused anyway).
      let rule =
        reader.compile(ruleNode, in: scope, expecting: type, memberParameter: memberParameter)
        ?? CompiledRule(expr: .constant(.truth(.unknown)), type: type, frameSize: 1, source: RuleSource(""))
      let definition = Definition(name: name, parameter: memberParameter, rule: rule)
      scope.definitions[name] = (library.definitions.count, definition)
      library.definitions.append(definition)
    }
  }

  private func isIdentifier(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || first == "_" else { return false }
    return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
  }

  private mutating func readRoles(_ root: JSONNode, file: String) -> [String: DeskRole] {
    var reader = CatalogNodeReader(file: file)
    var roles: [String: DeskRole] = [:]
    for node in reader.array(root, "roles") ?? [] {
      guard reader.expectObject(node, "a desk role") else { continue }
      reader.checkKeys(node, allowed: ["id", "name", "outside_city_hall"])
      guard let id = reader.string(node, "id"), let name = reader.localizedField(node, "name") else { continue }
      roles[id] = DeskRole(id: id, name: name, isOutsideCityHall: node["outside_city_hall"]?.bool ?? false)
    }
    diagnostics += reader.diagnostics
    return roles
  }

  /// `{"after": ["birth"], "days": 15, "counting": "day-after", "closed_days": "next-open-day"}`. A procedure of a life
  /// event counts from that event: its rule leaves out "after" (`implicitEvent`).
  private func readDue(
    _ node: JSONNode, eventIDs: [String], implicitEvent: String? = nil, reader: inout CatalogNodeReader
  ) -> Measure.Due? {
    guard reader.expectObject(node, "a deadline rule") else { return nil }
    let lengthKeys = ["days", "months", "years", "counting", "closed_days"]
    reader.checkKeys(node, allowed: implicitEvent == nil ? ["after"] + lengthKeys : lengthKeys)
    var events: [String] = implicitEvent.map { [$0] } ?? []
    for event in implicitEvent == nil ? reader.array(node, "after") ?? [] : [] {
      guard let id = event.string, eventIDs.contains(id) else {
        let hint = event.string.flatMap { closestMatch(to: $0, in: eventIDs) }.map { "; did you mean '\($0)'?" } ?? ""
        reader.error("expected a life event id in 'after'\(hint)", at: event.location)
        continue
      }
      events.append(id)
    }
    var lengths: [Measure.Due.Length] = []
    for key in ["days", "months", "years"] {
      guard let value = node[key] else { continue }
      guard let n = value.number, n >= 1, n <= 3650, n == n.rounded() else {
        reader.error("'\(key)' is a whole number from 1 to 3650", at: value.location)
        continue
      }
      let count = Int(n)
      lengths.append(key == "days" ? .days(count) : key == "months" ? .months(count) : .years(count))
    }
    guard lengths.count == 1, let length = lengths.first else {
      reader.error("a deadline rule has exactly one of 'days', 'months' or 'years'", at: node.location)
      return nil
    }
    var start = Measure.Due.Start.dayAfter
    if let text = reader.optionalString(node, "counting") {
      if let value = Measure.Due.Start(rawValue: text) {
        start = value
      } else {
        reader.error("'counting' is 'event-day' or 'day-after', not '\(text)'", at: node["counting"]?.location)
      }
    }
    var moves = true
    if let value = node["closed_days"] {
      switch value.string {
      case "next-open-day": moves = true
      case "keep": moves = false
      default: reader.error("'closed_days' is 'next-open-day' or 'keep'", at: value.location)
      }
    }
    return Measure.Due(events: events, length: length, start: start, movesPastClosedDays: moves)
  }

  private mutating func readEvents(_ root: JSONNode, file: String) -> [LifeEvent] {
    var reader = CatalogNodeReader(file: file)
    var events: [LifeEvent] = []
    let eventNodes = reader.array(root, "events") ?? []
    let eventIDs = eventNodes.compactMap { $0["id"]?.string }
    var procedureIDs: Set<String> = []
    for node in eventNodes {
      guard reader.expectObject(node, "a life event") else { continue }
      reader.checkKeys(node, allowed: ["id", "name", "procedures"])
      guard let id = reader.string(node, "id"), let name = reader.localizedField(node, "name") else { continue }
      if events.contains(where: { $0.id == id }) {
        reader.error("duplicate life event '\(id)'", at: node["id"]?.location)
      }
      var procedures: [EventProcedure] = []
      for procedureNode in reader.array(node, "procedures", required: false) ?? [] {
        guard
          let procedure = readProcedure(procedureNode, event: id, eventIDs: eventIDs, reader: &reader)
        else { continue }
        if !procedureIDs.insert(procedure.id).inserted {
          reader.error("duplicate procedure id '\(procedure.id)'", at: procedureNode["id"]?.location)
        }
        procedures.append(procedure)
      }
      events.append(LifeEvent(id: id, name: name, procedures: procedures))
    }
    diagnostics += reader.diagnostics
    return events
  }

  /// One procedure of a life event: `{"id": "birth-registration", "name": {…}, "desk": "市民課", "due": {…}, …}`.
  private func readProcedure(_ node: JSONNode, event: String, eventIDs: [String], reader: inout CatalogNodeReader)
    -> EventProcedure?
  {
    guard reader.expectObject(node, "a procedure") else { return nil }
    reader.checkKeys(
      node,
      allowed: ["id", "name", "summary", "deadline", "due", "desk", "documents", "notes", "unverified", "sources"])
    guard let id = reader.string(node, "id"), let name = reader.localizedField(node, "name") else { return nil }
    if !id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
      reader.error("a procedure id is lowercase kebab-case English ('\(id)')", at: node["id"]?.location)
    }
    let deadline = node["deadline"].map { reader.localized($0, "the deadline") }
    var due: Measure.Due?
    if let dueNode = node["due"] {
      due = readDue(dueNode, eventIDs: eventIDs, implicitEvent: event, reader: &reader)
      if deadline == nil { reader.error("a 'due' rule needs a 'deadline' text", at: dueNode.location) }
    }
    return EventProcedure(
      id: id, name: name, summary: node["summary"].map { reader.localized($0, "the summary") }, deadline: deadline,
      due: due, deskRole: reader.string(node, "desk") ?? "",
      documents: (node["documents"]?.array ?? []).map { reader.localized($0, "a document") },
      notes: (node["notes"]?.array ?? []).map { reader.localized($0, "a note") },
      unverified: (node["unverified"]?.array ?? []).map { reader.localized($0, "an unverified fact") },
      sources: readSources(node, reader: &reader))
  }

  private func readSources(_ node: JSONNode, reader: inout CatalogNodeReader) -> [Measure.Source] {
    var sources: [Measure.Source] = []
    for source in reader.array(node, "sources") ?? [] {
      guard reader.expectObject(source, "a source") else { continue }
      reader.checkKeys(source, allowed: ["url", "title", "checked", "read", "kind"])
      guard let url = reader.url(source, "url") else { continue }
      var kind: Measure.Source.Kind?
      if let node = source["kind"] {
        kind = node.string.flatMap(Measure.Source.Kind.init(rawValue:))
        if kind == nil {
          let names = Measure.Source.Kind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
          reader.error("a source's 'kind' is one of \(names)", at: node.location)
        }
      }
      var checked: CivilDate?
      if let read = source["read"] {
        // A page cited but not read here: it gets no check date, and says so wherever it is shown.
        if read.bool != false {
          reader.error("'read' is only ever false (a page cited but not read)", at: read.location)
        }
        if let date = source["checked"] {
          reader.error("a source that was not read has no 'checked' date", at: date.location)
        }
      } else {
        guard let date = reader.date(source, "checked") else { continue }
        checked = date
      }
      sources.append(
        Measure.Source(url: url, title: reader.optionalString(source, "title"), checked: checked, kind: kind))
    }
    return sources
  }

  /// `date<TAB>name` lines, a header line first.
  private mutating func readHolidays(_ file: SourceFile) -> [Holiday] {
    var holidays: [Holiday] = []
    for (index, line) in file.lines.enumerated() {
      let text = line.hasSuffix("\r") ? line.dropLast() : line
      if text.isEmpty || text.hasPrefix("#") || (index == 0 && text.hasPrefix("date")) { continue }
      let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
      guard fields.count == 2, let date = CivilDate(iso: fields[0]), !fields[1].isEmpty else {
        diagnostics.append(
          Diagnostic(
            file: file.path, at: SourceLocation(line: index + 1, column: 1),
            message: "expected a date (YYYY-MM-DD) and the holiday's name separated by a tab"))
        continue
      }
      if let last = holidays.last, last.date >= date {
        diagnostics.append(
          Diagnostic(
            file: file.path, at: SourceLocation(line: index + 1, column: 1),
            message: "holidays are listed in date order without repeats; \(date) comes after \(last.date)"))
      }
      holidays.append(Holiday(date: date, name: String(fields[1])))
    }
    return holidays
  }

  /// `{"synonyms": [{"words": ["子ども", "子供"], "also": ["児童"]}, …]}`.
  private mutating func readSynonyms(_ root: JSONNode, file: String) -> [SynonymGroup] {
    var reader = CatalogNodeReader(file: file)
    var groups: [SynonymGroup] = []
    for node in reader.array(root, "synonyms") ?? [] {
      guard reader.expectObject(node, "a synonym group") else { continue }
      reader.checkKeys(node, allowed: ["words", "also", "note"])
      func words(_ key: String, required: Bool) -> [String] {
        (reader.array(node, key, required: required) ?? []).compactMap { word in
          guard let text = word.string, !text.isEmpty else {
            reader.error("expected a word (a non-empty string)", at: word.location)
            return nil
          }
          return text
        }
      }
      let group = SynonymGroup(words: words("words", required: true), also: words("also", required: false))
      if group.words.count + group.also.count < 2 {
        reader.error("a synonym group needs at least two words", at: node.location)
      }
      groups.append(group)
    }
    diagnostics += reader.diagnostics
    return groups
  }

  /// `{"kinds": [{"id": "identity", "name": {…}, "match": ["本人確認"]}, …]}`.
  private mutating func readDocumentKinds(_ root: JSONNode, file: String) -> [DocumentKind] {
    var reader = CatalogNodeReader(file: file)
    var kinds: [DocumentKind] = []
    for node in reader.array(root, "kinds") ?? [] {
      guard reader.expectObject(node, "a document kind") else { continue }
      reader.checkKeys(node, allowed: ["id", "name", "match"])
      guard let id = reader.string(node, "id"), let name = reader.localizedField(node, "name") else { continue }
      let match = (reader.array(node, "match") ?? []).compactMap(\.string).filter { !$0.isEmpty }
      if match.isEmpty { reader.error("a document kind needs words to 'match'", at: node.location) }
      kinds.append(DocumentKind(id: id, name: name, match: match))
    }
    diagnostics += reader.diagnostics
    return kinds
  }

  /// `catalog/desks/CODE.json`: `{"municipality": "CODE", "desks": [{"id", "name", "roles", "measures", "phone",
  /// "address", "location", "hours", "url", "source", "unverified": {"hours": {…}, "福祉事務所": {…}}}]}`.
  private mutating func readDesks(_ root: JSONNode, file: String) -> [Desk] {
    var reader = CatalogNodeReader(file: file)
    var desks: [Desk] = []
    guard reader.expectObject(root, "a municipality's desks") else {
      diagnostics += reader.diagnostics
      return []
    }
    reader.checkKeys(root, allowed: ["municipality", "desks"])
    let municipality = reader.string(root, "municipality") ?? ""
    if !municipality.isEmpty, file != "catalog/desks/\(municipality).json" {
      reader.error(
        "the desks of municipality '\(municipality)' belong in catalog/desks/\(municipality).json",
        at: root["municipality"]?.location)
    }
    for node in reader.array(root, "desks") ?? [] {
      guard reader.expectObject(node, "a desk") else { continue }
      reader.checkKeys(
        node,
        allowed: [
          "id", "name", "roles", "measures", "phone", "address", "location", "hours", "url", "source", "unverified",
        ])
      guard let id = reader.string(node, "id"), let name = reader.localizedField(node, "name") else { continue }
      if desks.contains(where: { $0.id == id }) {
        reader.error("duplicate desk id '\(id)'", at: node["id"]?.location)
      }
      let roles = strings(node, "roles", reader: &reader)
      let measures = strings(node, "measures", reader: &reader)
      if roles.isEmpty && measures.isEmpty {
        reader.error("desk '\(id)' answers for no role and no measure", at: node.location)
      }
      var caveats: [Desk.Caveat] = []
      if let unverified = node["unverified"] {
        for member in unverified.object ?? [] {
          let subjects = Desk.Caveat.fields + roles + measures
          guard subjects.contains(member.key) else {
            let hint = closestMatch(to: member.key, in: subjects).map { "; did you mean '\($0)'?" } ?? ""
            reader.error(
              "'unverified' names '\(member.key)', which is not a field of the desk nor one of its roles or measures\(hint)",
              at: member.keyLocation)
            continue
          }
          caveats.append(
            Desk.Caveat(subject: member.key, text: reader.localized(member.node, "the unverified '\(member.key)'")))
        }
        if unverified.object == nil {
          reader.error(
            "expected an object for 'unverified' (a field or role, and why it is not confirmed), found \(unverified.kindName)",
            at: unverified.location)
        }
      }
      desks.append(
        Desk(
          id: id, municipality: municipality, name: name, roles: roles, measures: measures,
          phone: reader.optionalString(node, "phone"), address: reader.optionalString(node, "address"),
          location: node["location"].map { reader.localized($0, "'location'") },
          hours: node["hours"].map { reader.localized($0, "'hours'") }, url: reader.url(node, "url", required: false),
          source: reader.optionalString(node, "source"), caveats: caveats))
    }
    diagnostics += reader.diagnostics
    return desks
  }

  /// An optional array of strings.
  private func strings(_ node: JSONNode, _ key: String, reader: inout CatalogNodeReader) -> [String] {
    var result: [String] = []
    for item in reader.array(node, key, required: false) ?? [] {
      guard let text = item.string, !text.isEmpty else {
        reader.error("expected text in '\(key)', found \(item.kindName)", at: item.location)
        continue
      }
      result.append(text)
    }
    return result
  }

  /// Reads the municipality table. Works on bytes: splitting 1,900 lines as `String`s (grapheme by grapheme) would
  /// cost more than everything else a `shien check` does.
  private mutating func readMunicipalities(_ file: SourceFile) -> [Municipality] {
    var result: [Municipality] = []
    result.reserveCapacity(2000)
    let bytes = file.bytes
    var lineNumber = 0
    var start = 0
    while start < bytes.count {
      var end = start
      while end < bytes.count, bytes[end] != 0x0A { end += 1 }
      lineNumber += 1
      defer { start = end + 1 }
      if end == start || bytes[start] == UInt8(ascii: "#") { continue }
      var fields: [String] = []
      var fieldStart = start
      for index in start...end where index == end || bytes[index] == 0x09 {
        var fieldEnd = index
        if fieldEnd > fieldStart, bytes[fieldEnd - 1] == 0x0D { fieldEnd -= 1 }
        fields.append(String(decoding: bytes[fieldStart..<fieldEnd], as: UTF8.self))
        fieldStart = index + 1
      }
      if lineNumber == 1 && fields.first == "code5" { continue }
      guard fields.count == 5, fields[0].utf8.count == 5, fields[1].utf8.count == 6 else {
        diagnostics.append(
          Diagnostic(
            file: file.path, at: SourceLocation(line: lineNumber, column: 1),
            message: "expected code5, code6, prefecture_code, prefecture_name and municipality_name separated by tabs"))
        continue
      }
      result.append(Municipality(code: fields[0], code6: fields[1], prefecture: fields[3], name: fields[4]))
    }
    return result
  }

  private func readMeasure(
    _ root: JSONNode, file: String, library: inout RuleLibrary, sharedScope: RuleScope, eventIDs: [String],
    reader: inout CatalogNodeReader
  ) -> Measure? {
    guard reader.expectObject(root, "a measure") else { return nil }
    reader.checkKeys(
      root,
      allowed: [
        "id", "name", "summary", "category", "events", "keywords", "scope", "valid", "parameters", "definitions",
        "eligibility", "amount", "procedure", "documents", "desk", "desk_by", "sources", "notes", "unverified",
        "replaces",
      ])
    let id = reader.string(root, "id") ?? ""
    if !id.isEmpty, !id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
    {
      reader.error("a measure id is lowercase kebab-case English ('\(id)')", at: root["id"]?.location)
    }
    let expectedFile = "catalog/measures/\(id).json"
    if !id.isEmpty, file != expectedFile {
      reader.warning("the file of measure '\(id)' should be named \(expectedFile)", at: root["id"]?.location)
    }
    let name = reader.localizedField(root, "name") ?? LocalizedText([:])
    let summary = reader.localizedField(root, "summary") ?? LocalizedText([:])
    var category = Measure.Category.benefit
    if let text = reader.string(root, "category") {
      if let value = Measure.Category(rawValue: text) {
        category = value
      } else {
        let hint =
          closestMatch(to: text, in: Measure.Category.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
        reader.error("unknown category '\(text)'\(hint)", at: root["category"]?.location)
      }
    }
    let events = (root["events"]?.array ?? []).compactMap(\.string)
    for (node, event) in zip(root["events"]?.array ?? [], events) where !eventIDs.contains(event) {
      let hint = closestMatch(to: event, in: eventIDs).map { "; did you mean '\($0)'?" } ?? ""
      reader.error("unknown life event '\(event)'\(hint)", at: node.location)
    }
    let keywords = (root["keywords"]?.array ?? []).compactMap(\.string)
    var scope = Measure.Scope.national
    if let scopeNode = root["scope"] {
      if scopeNode.string == "national" {
        scope = .national
      } else if let prefecture = scopeNode["prefecture"]?.string {
        scope = .prefecture(prefecture)
      } else if let municipality = scopeNode["municipality"]?.string {
        scope = .municipality(municipality)
      } else {
        reader.error(
          "expected \"national\", {\"prefecture\": \"…\"} or {\"municipality\": \"code\"} for 'scope'",
          at: scopeNode.location)
      }
    }
    var validFrom: CivilDate?
    var validThrough: CivilDate?
    if let valid = root["valid"] {
      validFrom = reader.date(valid, "from", required: false)
      validThrough = reader.date(valid, "through", required: false)
    }

    var measureScope = sharedScope
    readParameters(root["parameters"], into: &library, scope: &measureScope, reader: &reader)
    readDefinitions(root["definitions"], into: &library, scope: &measureScope, reader: &reader)

    var conditions: [Measure.Condition] = []
    for node in reader.array(root, "eligibility") ?? [] {
      guard reader.expectObject(node, "a condition") else { continue }
      reader.checkKeys(node, allowed: ["text", "rule"])
      let text = reader.localizedField(node, "text") ?? LocalizedText([:])
      guard let ruleNode = node["rule"] else {
        reader.error("missing 'rule'", at: node.location)
        continue
      }
      if let rule = reader.compile(ruleNode, in: measureScope, expecting: .bool) {
        conditions.append(Measure.Condition(text: text, rule: rule))
      }
    }

    var amount: Measure.Amount?
    if let node = root["amount"], !node.isNull {
      if reader.expectObject(node, "the amount") {
        reader.checkKeys(node, allowed: ["per", "rule", "note", "rounding"])
        let perText = reader.string(node, "per") ?? "month"
        let per = Measure.Period(rawValue: perText)
        if per == nil { reader.error("'per' is month, year, once or day, not '\(perText)'", at: node["per"]?.location) }
        let roundingText = reader.optionalString(node, "rounding") ?? "floor"
        let rounding = Builtin(rawValue: roundingText).flatMap { [.floor, .ceil, .round].contains($0) ? $0 : nil }
        if rounding == nil {
          reader.error(
            "'rounding' is floor, round or ceil (to whole yen), not '\(roundingText)'", at: node["rounding"]?.location)
        }
        if let ruleNode = node["rule"], var rule = reader.compile(ruleNode, in: measureScope, expecting: .money) {
          // An amount is paid in whole yen: the measure's own rounding (1円未満切り捨て unless it says otherwise) is
          // part of its rule, so every format and every measure_amount() reading it gets the same whole number.
          rule.expr = .builtin(rounding ?? .floor, [rule.expr])
          amount = Measure.Amount(
            per: per ?? .month, rule: rule, note: node["note"].map { reader.localized($0, "the note") })
        } else if node["rule"] == nil {
          reader.error("missing 'rule'", at: node.location)
        }
      }
    }

    var procedure = Measure.Procedure(steps: [], online: nil, deadline: nil, due: nil)
    if let node = root["procedure"], reader.expectObject(node, "the procedure") {
      reader.checkKeys(node, allowed: ["steps", "online", "online_note", "deadline", "due"])
      procedure.steps = (reader.array(node, "steps") ?? []).map { reader.localized($0, "a step") }
      procedure.online = reader.optionalString(node, "online")
      if let online = procedure.online, !CatalogCompiler.isWebAddress(online) {
        // A handout links the URL: words beside it would become part of the link.
        reader.error(
          "'online' is the online route's URL alone (https://…); put words about it in 'online_note'",
          at: node["online"]?.location)
      }
      procedure.onlineNote = node["online_note"].map { reader.localized($0, "the online note") }
      procedure.deadline = node["deadline"].map { reader.localized($0, "the deadline") }
      if let due = node["due"] {
        procedure.due = readDue(due, eventIDs: eventIDs, reader: &reader)
        if procedure.deadline == nil { reader.error("a 'due' rule needs a 'deadline' text", at: due.location) }
      }
    } else if root["procedure"] == nil {
      reader.error("missing 'procedure'", at: root.location)
    }

    var documents: [Measure.Document] = []
    for node in root["documents"]?.array ?? [] {
      if node.string != nil || node["when"] == nil && node["name"] == nil {
        documents.append(Measure.Document(name: reader.localized(node, "a document"), condition: nil))
        continue
      }
      reader.checkKeys(node, allowed: ["name", "when"])
      let docName = reader.localizedField(node, "name") ?? LocalizedText([:])
      var condition: CompiledRule?
      if let when = node["when"] { condition = reader.compile(when, in: measureScope, expecting: .bool) }
      documents.append(Measure.Document(name: docName, condition: condition))
    }

    let deskRole = reader.string(root, "desk") ?? ""
    var deskChoices: [Measure.DeskChoice] = []
    for node in root["desk_by"]?.array ?? [] {
      reader.checkKeys(node, allowed: ["desk", "when"])
      guard let role = reader.string(node, "desk"), let when = node["when"],
        let condition = reader.compile(when, in: measureScope, expecting: .bool)
      else { continue }
      deskChoices.append(Measure.DeskChoice(role: role, condition: condition))
    }
    let sources = readSources(root, reader: &reader)
    let notes = (root["notes"]?.array ?? []).map { reader.localized($0, "a note") }
    let unverified = (root["unverified"]?.array ?? []).map { reader.localized($0, "an unverified fact") }
    var replaces: [String] = []
    if let node = root["replaces"] {
      // One id, or a list of them.
      replaces = node.string.map { [$0] } ?? strings(root, "replaces", reader: &reader)
      if scope == .national, !replaces.isEmpty {
        reader.error(
          "only a local measure (a prefecture's or a municipality's) can replace another", at: node.location)
      }
    }
    guard !id.isEmpty else { return nil }
    var measure = Measure(
      id: id, name: name, summary: summary, category: category, events: events, keywords: keywords, scope: scope,
      validFrom: validFrom, validThrough: validThrough, conditions: conditions, amount: amount, procedure: procedure,
      documents: documents, deskRole: deskRole, sources: sources, notes: notes, unverified: unverified,
      replaces: replaces, file: file)
    measure.deskChoices = deskChoices
    return measure
  }
}
