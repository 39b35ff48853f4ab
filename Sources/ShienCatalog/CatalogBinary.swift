import ShienFacts
import ShienRules
import ShienSupport

/// The compiled catalog as bytes: what the database stores so that opening it decodes checked, resolved rules
/// instead of parsing and type-checking the sources again.
///
/// The encoding is private to shien and versioned with the schema: varints, length-prefixed UTF-8, tagged unions.
/// Decoding checks every length and tag and the nesting depth, so a damaged or hostile database is refused with an
/// error, never a crash.
package enum CatalogBinary {
  package static let formatVersion = 7

  package struct DecodeError: Error, CustomStringConvertible {
    package var description: String
  }

  package static func encode(_ catalog: Catalog) -> [UInt8] {
    var w = BinaryWriter()
    w.int(formatVersion)
    w.string(catalog.version)
    w.string(catalog.digest)
    w.array(catalog.vocabulary.facts) { w, fact in w.fact(fact) }
    w.array(catalog.library.parameters) { w, p in w.parameter(p) }
    w.array(catalog.library.definitions) { w, d in
      w.string(d.name)
      w.optionalString(d.parameter)
      w.rule(d.rule)
    }
    w.array(catalog.measures) { w, m in w.measure(m) }
    w.array(catalog.roles.values.sorted { $0.id < $1.id }) { w, role in
      w.string(role.id)
      w.text(role.name)
      w.bool(role.isOutsideCityHall)
    }
    w.array(catalog.desks) { w, desk in
      w.string(desk.id)
      w.string(desk.municipality)
      w.text(desk.name)
      w.array(desk.roles) { w, role in w.string(role) }
      w.array(desk.measures) { w, id in w.string(id) }
      for field in [desk.phone, desk.address, desk.url, desk.source] { w.optionalString(field) }
      for field in [desk.location, desk.hours] {
        w.bool(field != nil)
        if let field { w.text(field) }
      }
      w.array(desk.caveats) { w, caveat in
        w.string(caveat.subject)
        w.text(caveat.text)
      }
    }
    w.array(catalog.municipalities) { w, m in
      w.string(m.code)
      w.string(m.code6)
      w.string(m.prefecture)
      w.string(m.name)
    }
    w.array(catalog.events) { w, event in
      w.string(event.id)
      w.text(event.name)
      w.array(event.procedures) { w, p in w.procedure(p) }
    }
    w.array(catalog.holidays) { w, holiday in
      w.date(holiday.date)
      w.string(holiday.name)
    }
    w.array(catalog.synonyms) { w, group in
      w.array(group.words) { w, word in w.string(word) }
      w.array(group.also) { w, word in w.string(word) }
    }
    w.array(catalog.documentKinds) { w, kind in
      w.string(kind.id)
      w.text(kind.name)
      w.array(kind.match) { w, word in w.string(word) }
    }
    return w.bytes
  }

  package static func decode(_ bytes: [UInt8]) throws(DecodeError) -> Catalog {
    var r = BinaryReader(bytes: bytes)
    let format = try r.int()
    guard format == formatVersion else {
      throw DecodeError(description: "compiled catalog format \(format), expected \(formatVersion)")
    }
    let version = try r.string()
    let digest = try r.string()
    let facts = try r.array { r throws(DecodeError) in try r.fact() }
    let parameters = try r.array { r throws(DecodeError) in try r.parameter() }
    let definitions = try r.array { r throws(DecodeError) in
      Definition(name: try r.string(), parameter: try r.optionalString(), rule: try r.rule())
    }
    let measures = try r.array { r throws(DecodeError) in try r.measure() }
    let roles = try r.array { r throws(DecodeError) in
      DeskRole(id: try r.string(), name: try r.text(), isOutsideCityHall: try r.bool())
    }
    let desks = try r.array { r throws(DecodeError) in
      let id = try r.string()
      let municipality = try r.string()
      let name = try r.text()
      let roles = try r.array { r throws(DecodeError) in try r.string() }
      let measures = try r.array { r throws(DecodeError) in try r.string() }
      let (phone, address, url, source) = (
        try r.optionalString(), try r.optionalString(), try r.optionalString(), try r.optionalString()
      )
      let location = try r.bool() ? try r.text() : nil
      let hours = try r.bool() ? try r.text() : nil
      let caveats = try r.array { r throws(DecodeError) in Desk.Caveat(subject: try r.string(), text: try r.text()) }
      return Desk(
        id: id, municipality: municipality, name: name, roles: roles, measures: measures, phone: phone,
        address: address, location: location, hours: hours, url: url, source: source, caveats: caveats)
    }
    let municipalities = try r.array { r throws(DecodeError) in
      Municipality(code: try r.string(), code6: try r.string(), prefecture: try r.string(), name: try r.string())
    }
    let events = try r.array { r throws(DecodeError) in
      LifeEvent(
        id: try r.string(), name: try r.text(), procedures: try r.array { r throws(DecodeError) in try r.procedure() })
    }
    let holidays = try r.array { r throws(DecodeError) in Holiday(date: try r.requiredDate(), name: try r.string()) }
    let synonyms = try r.array { r throws(DecodeError) in
      SynonymGroup(
        words: try r.array { r throws(DecodeError) in try r.string() },
        also: try r.array { r throws(DecodeError) in try r.string() })
    }
    let documentKinds = try r.array { r throws(DecodeError) in
      DocumentKind(
        id: try r.string(), name: try r.text(), match: try r.array { r throws(DecodeError) in try r.string() })
    }
    guard r.isAtEnd else { throw DecodeError(description: "trailing bytes after the compiled catalog") }
    try validate(facts: facts.count, parameters: parameters.count, definitions: definitions, measures: measures)
    let catalog = Catalog(
      version: version, digest: digest,
      library: RuleLibrary(vocabulary: FactVocabulary(facts: facts), parameters: parameters, definitions: definitions),
      measures: measures, roles: Dictionary(roles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
      desks: desks, municipalities: municipalities, events: events, holidays: holidays, synonyms: synonyms,
      documentKinds: documentKinds)
    // The compiler's bound on evaluation time holds for a database from elsewhere too.
    if let problem = RuleCost.problem(withParts: RuleCost.perHousehold(catalog)) {
      throw DecodeError(description: "damaged compiled catalog: \(problem)")
    }
    return catalog
  }

  /// Checks that every index a rule holds is in range and that definitions refer only to earlier ones, so that a
  /// database from elsewhere can neither crash the evaluator nor make it recurse.
  private static func validate(facts: Int, parameters: Int, definitions: [Definition], measures: [Measure])
    throws(DecodeError)
  {
    func check(_ rule: CompiledRule, definitionsBefore limit: Int, what: String) throws(DecodeError) {
      var problem: String?
      func walk(_ e: Expr) {
        guard problem == nil else { return }
        func slot(_ s: Int) { if s < 0 || s >= max(rule.frameSize, 1) { problem = "slot \(s) outside the frame" } }
        switch e {
        case .constant, .asOf: break
        case .householdFact(let f): if f < 0 || f >= facts { problem = "fact \(f) out of range" }
        case .memberFact(let s, let f):
          slot(s)
          if f < 0 || f >= facts { problem = "fact \(f) out of range" }
        case .memberAttribute(let s, _), .memberVariable(let s): slot(s)
        case .parameter(let index, let row):
          if index < 0 || index >= parameters { problem = "parameter \(index) out of range" }
          row.map(walk)
        case .keyedParameter(let index, let key, let column):
          if index < 0 || index >= parameters { problem = "parameter \(index) out of range" }
          walk(key)
          column.map(walk)
        case .negate(let x), .not(let x), .inList(let x, _): walk(x)
        case .binary(_, let l, let r):
          walk(l)
          walk(r)
        case .conditional(let c, let v, let o):
          if c.count != v.count { problem = "conditional arms do not match" }
          (c + v + [o]).forEach(walk)
        case .aggregate(_, let s, let f, let b):
          slot(s)
          f.map(walk)
          b.map(walk)
        case .rank(let t, let s, let f):
          slot(s)
          walk(t)
          f.map(walk)
        case .builtin(let builtin, let arguments):
          if !builtin.arity.contains(arguments.count) {
            problem = "\(builtin.rawValue) with \(arguments.count) arguments"
          }
          arguments.forEach(walk)
        case .definition(let index, let argument):
          if index < 0 || index >= limit { problem = "definition \(index) is not defined before its use" }
          argument.map(walk)
        }
      }
      walk(rule.expr)
      if problem == nil, RuleCost.of(rule.expr) > RuleCost.maxPerRule { problem = "a rule beyond the cost limit" }
      if let problem { throw DecodeError(description: "damaged compiled catalog: \(what): \(problem)") }
    }
    for (index, definition) in definitions.enumerated() {
      try check(definition.rule, definitionsBefore: index, what: "definition '\(definition.name)'")
    }
    for measure in measures {
      var rules =
        measure.conditions.map(\.rule) + measure.documents.compactMap(\.condition)
        + measure.deskChoices.map(\.condition)
      if let amount = measure.amount { rules.append(amount.rule) }
      for rule in rules { try check(rule, definitionsBefore: definitions.count, what: "measure '\(measure.id)'") }
    }
  }

  /// FNV-1a, 64 bits, as hex: a fast checksum that catches a damaged or edited blob.
  package static func checksum(_ bytes: [UInt8]) -> String {
    let hex = String(fnv1a64(bytes), radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}

private struct BinaryWriter {
  var bytes: [UInt8] = []

  mutating func uint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(v & 0x7F) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }

  mutating func int(_ value: Int) { uint(UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63)) }
  mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

  mutating func double(_ value: Double) {
    let bits = value.bitPattern
    for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
  }

  mutating func string(_ value: String) {
    uint(UInt64(value.utf8.count))
    bytes.append(contentsOf: value.utf8)
  }

  mutating func optionalString(_ value: String?) {
    bool(value != nil)
    if let value { string(value) }
  }

  mutating func array<T>(_ items: [T], _ body: (inout BinaryWriter, T) -> Void) {
    uint(UInt64(items.count))
    for item in items { body(&self, item) }
  }

  mutating func date(_ value: CivilDate?) {
    bool(value != nil)
    if let value { int(value.dayNumber) }
  }

  mutating func text(_ value: LocalizedText) {
    array(value.values.sorted { $0.key < $1.key }) { w, pair in
      w.string(pair.key)
      w.string(pair.value)
    }
  }

  mutating func fact(_ fact: Fact) {
    string(fact.id)
    string(fact.entity.rawValue)
    switch fact.kind {
    case .bool: uint(0)
    case .integer(let range):
      uint(1)
      bool(range != nil)
      if let range {
        int(range.lowerBound)
        int(range.upperBound)
      }
    case .money: uint(2)
    case .date: uint(3)
    case .choice(let choices):
      uint(4)
      array(choices) { w, c in w.string(c) }
    case .text: uint(5)
    }
    optionalString(fact.unit)
    text(fact.label)
    text(fact.question)
    text(fact.help)
    array(fact.choiceLabels.sorted { $0.key < $1.key }) { w, pair in
      w.string(pair.key)
      w.text(pair.value)
    }
    bool(fact.isRequired)
    array(fact.answerAliases.sorted { $0.key < $1.key }) { w, pair in
      w.string(pair.key)
      w.string(pair.value)
    }
    int(fact.askedFromAge ?? -1)
    bool(fact.hasHouseholdQuestion)
  }

  mutating func parameter(_ p: Parameter) {
    string(p.name)
    string(p.type.rawValue)
    bool(p.isTable)
    bool(p.isKeyed)
    array(p.periods) { w, period in
      w.date(period.from)
      w.date(period.through)
      w.array(period.values) { w, v in w.double(v) }
      w.bool(period.step != nil)
      if let step = period.step { w.double(step) }
      w.bool(period.isVerified)
      w.optionalString(period.source)
      w.array(period.keyed.sorted { $0.key < $1.key }) { w, pair in
        w.string(pair.key)
        w.array(pair.value) { w, v in w.double(v) }
      }
    }
    bool(p.revision != nil)
    if let revision = p.revision {
      int(revision.month)
      int(revision.day)
      string(revision.label)
      string(revision.file)
    }
  }

  mutating func rule(_ rule: CompiledRule) {
    expr(rule.expr)
    string(rule.type.rawValue)
    int(rule.frameSize)
    array(rule.source.lines) { w, line in
      w.string(line.text)
      w.int(line.start.line)
      w.int(line.start.column)
      w.bool(line.isVerbatim)
    }
  }

  mutating func value(_ value: Value) {
    switch value {
    case .truth(let t):
      uint(0)
      uint(t == .yes ? 0 : t == .no ? 1 : 2)
    case .number(let i):
      uint(1)
      double(i.lo)
      double(i.hi)
    case .date(let i):
      uint(2)
      double(i.lo)
      double(i.hi)
    case .text(let t):
      uint(3)
      optionalString(t)
    case .member(let m):
      uint(4)
      int(m)
    }
  }

  mutating func optionalExpr(_ e: Expr?) {
    bool(e != nil)
    if let e { expr(e) }
  }

  mutating func expr(_ e: Expr) {
    switch e {
    case .constant(let v):
      uint(0)
      value(v)
    case .asOf: uint(1)
    case .householdFact(let f):
      uint(2)
      int(f)
    case .memberFact(let slot, let fact):
      uint(3)
      int(slot)
      int(fact)
    case .memberAttribute(let slot, let attribute):
      uint(4)
      int(slot)
      string(attribute.rawValue)
    case .memberVariable(let slot):
      uint(5)
      int(slot)
    case .parameter(let index, let row):
      uint(6)
      int(index)
      optionalExpr(row)
    case .keyedParameter(let index, let key, let column):
      uint(16)
      int(index)
      expr(key)
      optionalExpr(column)
    case .negate(let x):
      uint(7)
      expr(x)
    case .not(let x):
      uint(8)
      expr(x)
    case .binary(let op, let l, let r):
      uint(9)
      string(op.rawValue)
      expr(l)
      expr(r)
    case .inList(let x, let values):
      uint(10)
      expr(x)
      array(values) { w, v in w.value(v) }
    case .conditional(let conditions, let values, let otherwise):
      uint(11)
      array(conditions) { w, c in w.expr(c) }
      array(values) { w, v in w.expr(v) }
      expr(otherwise)
    case .aggregate(let kind, let slot, let filter, let body):
      uint(12)
      string(kind.rawValue)
      int(slot)
      optionalExpr(filter)
      optionalExpr(body)
    case .rank(let target, let slot, let filter):
      uint(13)
      expr(target)
      int(slot)
      optionalExpr(filter)
    case .builtin(let builtin, let arguments):
      uint(14)
      string(builtin.rawValue)
      array(arguments) { w, a in w.expr(a) }
    case .definition(let index, let argument):
      uint(15)
      int(index)
      optionalExpr(argument)
    }
  }

  mutating func scope(_ scope: Measure.Scope) {
    switch scope {
    case .national: uint(0)
    case .prefecture(let name):
      uint(1)
      string(name)
    case .municipality(let code):
      uint(2)
      string(code)
    }
  }

  mutating func optionalDue(_ due: Measure.Due?) {
    bool(due != nil)
    guard let due else { return }
    array(due.events) { w, e in w.string(e) }
    switch due.length {
    case .days(let n):
      uint(0)
      int(n)
    case .months(let n):
      uint(1)
      int(n)
    case .years(let n):
      uint(2)
      int(n)
    }
    string(due.start.rawValue)
    bool(due.movesPastClosedDays)
  }

  mutating func sources(_ sources: [Measure.Source]) {
    array(sources) { w, s in
      w.string(s.url)
      w.optionalString(s.title)
      w.date(s.checked)
      w.optionalString(s.kind?.rawValue)
    }
  }

  mutating func procedure(_ p: EventProcedure) {
    string(p.id)
    text(p.name)
    bool(p.summary != nil)
    if let summary = p.summary { text(summary) }
    bool(p.deadline != nil)
    if let deadline = p.deadline { text(deadline) }
    optionalDue(p.due)
    string(p.deskRole)
    array(p.documents) { w, d in w.text(d) }
    array(p.notes) { w, n in w.text(n) }
    array(p.unverified) { w, u in w.text(u) }
    sources(p.sources)
  }

  mutating func measure(_ m: Measure) {
    string(m.id)
    text(m.name)
    text(m.summary)
    string(m.category.rawValue)
    array(m.events) { w, e in w.string(e) }
    array(m.keywords) { w, k in w.string(k) }
    scope(m.scope)
    date(m.validFrom)
    date(m.validThrough)
    array(m.conditions) { w, c in
      w.text(c.text)
      w.rule(c.rule)
    }
    bool(m.amount != nil)
    if let amount = m.amount {
      string(amount.per.rawValue)
      rule(amount.rule)
      bool(amount.note != nil)
      if let note = amount.note { text(note) }
    }
    array(m.procedure.steps) { w, s in w.text(s) }
    optionalString(m.procedure.online)
    bool(m.procedure.onlineNote != nil)
    if let note = m.procedure.onlineNote { text(note) }
    bool(m.procedure.deadline != nil)
    if let deadline = m.procedure.deadline { text(deadline) }
    optionalDue(m.procedure.due)
    array(m.documents) { w, d in
      w.text(d.name)
      w.bool(d.condition != nil)
      if let condition = d.condition { w.rule(condition) }
    }
    string(m.deskRole)
    array(m.deskChoices) { w, c in
      w.string(c.role)
      w.rule(c.condition)
    }
    sources(m.sources)
    array(m.notes) { w, n in w.text(n) }
    array(m.unverified) { w, u in w.text(u) }
    array(m.replaces) { w, id in w.string(id) }
    string(m.file)
  }
}

private struct BinaryReader {
  typealias DecodeError = CatalogBinary.DecodeError
  static let maxDepth = 256

  let bytes: [UInt8]
  var index = 0
  var depth = 0

  var isAtEnd: Bool { index == bytes.count }

  private func fail(_ what: String) -> DecodeError {
    DecodeError(description: "damaged compiled catalog: \(what) at byte \(index)")
  }

  mutating func byte() throws(DecodeError) -> UInt8 {
    guard index < bytes.count else { throw fail("unexpected end") }
    defer { index += 1 }
    return bytes[index]
  }

  mutating func uint() throws(DecodeError) -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let b = try byte()
      guard shift < 64 else { throw fail("varint too long") }
      result |= UInt64(b & 0x7F) << shift
      if b & 0x80 == 0 { return result }
      shift += 7
    }
  }

  mutating func int() throws(DecodeError) -> Int {
    let raw = try uint()
    return Int(Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1))
  }

  mutating func count() throws(DecodeError) -> Int {
    let n = try uint()
    guard n <= UInt64(bytes.count - index) else { throw fail("length \(n) past the end") }
    return Int(n)
  }

  mutating func bool() throws(DecodeError) -> Bool {
    switch try byte() {
    case 0: return false
    case 1: return true
    default: throw fail("bad boolean")
    }
  }

  mutating func double() throws(DecodeError) -> Double {
    guard index + 8 <= bytes.count else { throw fail("unexpected end") }
    var bits: UInt64 = 0
    for offset in 0..<8 { bits |= UInt64(bytes[index + offset]) << UInt64(offset * 8) }
    index += 8
    return Double(bitPattern: bits)
  }

  mutating func string() throws(DecodeError) -> String {
    let n = try count()
    defer { index += n }
    return String(decoding: bytes[index..<index + n], as: UTF8.self)
  }

  mutating func optionalString() throws(DecodeError) -> String? { try bool() ? try string() : nil }

  mutating func array<T>(_ body: (inout BinaryReader) throws(DecodeError) -> T) throws(DecodeError) -> [T] {
    let n = try count()
    var items: [T] = []
    items.reserveCapacity(n)
    for _ in 0..<n { items.append(try body(&self)) }
    return items
  }

  mutating func date() throws(DecodeError) -> CivilDate? {
    guard try bool() else { return nil }
    let day = try int()
    guard abs(day) < 3_000_000 else { throw fail("date out of range") }
    return CivilDate(dayNumber: day)
  }

  mutating func requiredDate() throws(DecodeError) -> CivilDate {
    guard let date = try date() else { throw fail("missing date") }
    return date
  }

  mutating func text() throws(DecodeError) -> LocalizedText {
    let pairs = try array { r throws(DecodeError) in (try r.string(), try r.string()) }
    return LocalizedText(Dictionary(pairs, uniquingKeysWith: { first, _ in first }))
  }

  mutating func enumeration<E: RawRepresentable>(_ type: E.Type) throws(DecodeError) -> E where E.RawValue == String {
    let raw = try string()
    guard let value = E(rawValue: raw) else { throw fail("unknown \(E.self) '\(raw)'") }
    return value
  }

  mutating func fact() throws(DecodeError) -> Fact {
    let id = try string()
    let entity = try enumeration(Fact.Entity.self)
    let kind: Fact.Kind
    switch try uint() {
    case 0: kind = .bool
    case 1:
      if try bool() {
        let low = try int()
        let high = try int()
        guard low <= high else { throw fail("bad range") }
        kind = .integer(low...high)
      } else {
        kind = .integer(nil)
      }
    case 2: kind = .money
    case 3: kind = .date
    case 4: kind = .choice(try array { r throws(DecodeError) in try r.string() })
    case 5: kind = .text
    default: throw fail("bad fact kind")
    }
    let unit = try optionalString()
    let label = try text()
    let question = try text()
    let help = try text()
    let labels = try array { r throws(DecodeError) in (try r.string(), try r.text()) }
    var fact = Fact(
      id: id, entity: entity, kind: kind, unit: unit, label: label, question: question, help: help,
      choiceLabels: Dictionary(labels, uniquingKeysWith: { first, _ in first }), isRequired: try bool())
    let aliases = try array { r throws(DecodeError) in (try r.string(), try r.string()) }
    fact.answerAliases = Dictionary(aliases, uniquingKeysWith: { first, _ in first })
    let age = try int()
    fact.askedFromAge = age < 0 ? nil : age
    fact.hasHouseholdQuestion = try bool()
    return fact
  }

  mutating func parameter() throws(DecodeError) -> Parameter {
    let name = try string()
    let type = try enumeration(RuleType.self)
    let isTable = try bool()
    let isKeyed = try bool()
    let periods = try array { r throws(DecodeError) in
      Parameter.Period(
        from: try r.requiredDate(), through: try r.date(),
        values: try r.array { r throws(DecodeError) in try r.double() },
        step: try r.bool() ? try r.double() : nil, isVerified: try r.bool(), source: try r.optionalString(),
        keyed: Dictionary(
          try r.array { r throws(DecodeError) in
            (try r.string(), try r.array { r throws(DecodeError) in try r.double() })
          }, uniquingKeysWith: { first, _ in first }))
    }
    var parameter = Parameter(name: name, type: type, isTable: isTable, isKeyed: isKeyed, periods: periods)
    if try bool() {
      let month = try int()
      let day = try int()
      let label = try string()
      let file = try string()
      guard (1...12).contains(month), (1...31).contains(day), CivilDate(year: 2001, month: month, day: day) != nil
      else {
        throw DecodeError(description: "parameter '\(name)': revision day \(month)-\(day) is not a day of the year")
      }
      parameter.revision = ParameterRevision(month: month, day: day, label: label, file: file)
    }
    return parameter
  }

  mutating func rule() throws(DecodeError) -> CompiledRule {
    let expr = try expr()
    let type = try enumeration(RuleType.self)
    let frameSize = try int()
    guard (0...64).contains(frameSize) else { throw fail("bad frame size") }
    let lines = try array { r throws(DecodeError) in
      RuleSource.Line(
        text: try r.string(), start: SourceLocation(line: try r.int(), column: try r.int()), isVerbatim: try r.bool())
    }
    return CompiledRule(expr: expr, type: type, frameSize: frameSize, source: RuleSource(lines: lines))
  }

  mutating func value() throws(DecodeError) -> Value {
    switch try uint() {
    case 0:
      switch try uint() {
      case 0: return .truth(.yes)
      case 1: return .truth(.no)
      case 2: return .truth(.unknown)
      default: throw fail("bad truth")
      }
    case 1: return .number(Interval(try double(), try double()))
    case 2: return .date(Interval(try double(), try double()))
    case 3: return .text(try optionalString())
    case 4: return .member(try int())
    default: throw fail("bad value")
    }
  }

  mutating func optionalExpr() throws(DecodeError) -> Expr? { try bool() ? try expr() : nil }

  mutating func expr() throws(DecodeError) -> Expr {
    depth += 1
    defer { depth -= 1 }
    guard depth <= BinaryReader.maxDepth else { throw fail("rules nested too deeply") }
    switch try uint() {
    case 0: return .constant(try value())
    case 1: return .asOf
    case 2: return .householdFact(try int())
    case 3: return .memberFact(slot: try int(), fact: try int())
    case 4: return .memberAttribute(slot: try int(), try enumeration(MemberAttribute.self))
    case 5: return .memberVariable(slot: try int())
    case 6: return .parameter(try int(), index: try optionalExpr())
    case 7: return .negate(try expr())
    case 8: return .not(try expr())
    case 9: return .binary(try enumeration(BinaryOperator.self), try expr(), try expr())
    case 10: return .inList(try expr(), try array { r throws(DecodeError) in try r.value() })
    case 11:
      return .conditional(
        conditions: try array { r throws(DecodeError) in try r.expr() },
        values: try array { r throws(DecodeError) in try r.expr() }, otherwise: try expr())
    case 12:
      return .aggregate(
        try enumeration(AggregateKind.self), slot: try int(), filter: try optionalExpr(), body: try optionalExpr())
    case 13: return .rank(target: try expr(), slot: try int(), filter: try optionalExpr())
    case 14: return .builtin(try enumeration(Builtin.self), try array { r throws(DecodeError) in try r.expr() })
    case 15: return .definition(try int(), argument: try optionalExpr())
    case 16: return .keyedParameter(try int(), key: try expr(), column: try optionalExpr())
    default: throw fail("bad rule tag")
    }
  }

  mutating func scope() throws(DecodeError) -> Measure.Scope {
    switch try uint() {
    case 0: return .national
    case 1: return .prefecture(try string())
    case 2: return .municipality(try string())
    default: throw fail("bad scope")
    }
  }

  mutating func optionalDue() throws(DecodeError) -> Measure.Due? {
    guard try bool() else { return nil }
    let events = try array { r throws(DecodeError) in try r.string() }
    let length: Measure.Due.Length
    switch try uint() {
    case 0: length = .days(try int())
    case 1: length = .months(try int())
    case 2: length = .years(try int())
    default: throw fail("bad deadline length")
    }
    switch length {
    case .days(let n), .months(let n), .years(let n): if n < 1 || n > 3650 { throw fail("bad deadline length") }
    }
    return Measure.Due(
      events: events, length: length, start: try enumeration(Measure.Due.Start.self), movesPastClosedDays: try bool())
  }

  mutating func sources() throws(DecodeError) -> [Measure.Source] {
    try array { r throws(DecodeError) in
      Measure.Source(
        url: try r.string(), title: try r.optionalString(), checked: try r.date(),
        kind: try r.optionalString().flatMap(Measure.Source.Kind.init(rawValue:)))
    }
  }

  mutating func procedure() throws(DecodeError) -> EventProcedure {
    EventProcedure(
      id: try string(), name: try text(), summary: try bool() ? try text() : nil,
      deadline: try bool() ? try text() : nil, due: try optionalDue(), deskRole: try string(),
      documents: try array { r throws(DecodeError) in try r.text() },
      notes: try array { r throws(DecodeError) in try r.text() },
      unverified: try array { r throws(DecodeError) in try r.text() }, sources: try sources())
  }

  mutating func measure() throws(DecodeError) -> Measure {
    let id = try string()
    let name = try text()
    let summary = try text()
    let category = try enumeration(Measure.Category.self)
    let events = try array { r throws(DecodeError) in try r.string() }
    let keywords = try array { r throws(DecodeError) in try r.string() }
    let scope = try scope()
    let validFrom = try date()
    let validThrough = try date()
    let conditions = try array { r throws(DecodeError) in Measure.Condition(text: try r.text(), rule: try r.rule()) }
    var amount: Measure.Amount?
    if try bool() {
      amount = Measure.Amount(
        per: try enumeration(Measure.Period.self), rule: try rule(), note: try bool() ? try text() : nil)
    }
    let steps = try array { r throws(DecodeError) in try r.text() }
    let online = try optionalString()
    let onlineNote = try bool() ? try text() : nil
    let deadline = try bool() ? try text() : nil
    let due = try optionalDue()
    let documents = try array { r throws(DecodeError) in
      Measure.Document(name: try r.text(), condition: try r.bool() ? try r.rule() : nil)
    }
    let deskRole = try string()
    let deskChoices = try array { r throws(DecodeError) in
      Measure.DeskChoice(role: try r.string(), condition: try r.rule())
    }
    let sources = try sources()
    var measure = Measure(
      id: id, name: name, summary: summary, category: category, events: events, keywords: keywords, scope: scope,
      validFrom: validFrom, validThrough: validThrough, conditions: conditions, amount: amount,
      procedure: Measure.Procedure(steps: steps, online: online, onlineNote: onlineNote, deadline: deadline, due: due),
      documents: documents,
      deskRole: deskRole, sources: sources, notes: try array { r throws(DecodeError) in try r.text() },
      unverified: try array { r throws(DecodeError) in try r.text() },
      replaces: try array { r throws(DecodeError) in try r.string() }, file: try string())
    measure.deskChoices = deskChoices
    return measure
  }
}
