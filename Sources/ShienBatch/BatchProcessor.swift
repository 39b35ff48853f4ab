import ShienCatalog
import ShienFacts
import ShienMatching
import ShienRender
import ShienSupport

/// What `shien batch` was asked to do.
package struct BatchOptions: Sendable {
  package var inputFormat: BatchFormat = .jsonl
  package var outputFormat: BatchFormat = .jsonl
  /// Also list the measures a household cannot get.
  package var includeIneligible = false
  /// `brief`: JSON Lines with only ids, statuses, amounts and missing facts.
  package var detail = BatchDetail.full
  /// Only these measures; nil for all.
  package var measures: Set<String>?
  /// The date to answer for, over each household's own `as_of`.
  package var asOf: CivilDate?
  /// The date for households that give none.
  package var today: CivilDate
  package var language: Language = .ja
  package var shard: Shard?
  package var jobs = 1
  /// Write the problems as JSON Lines instead of `line N: reason` text.
  package var issuesAsJSON = false
  /// Start CSV output with a byte order mark (for Excel).
  package var byteOrderMark = false
  /// CSV output for people who read Japanese: Japanese column names, statuses and periods, the municipality's name
  /// (`--lang ja` given explicitly; the default keeps the column names scripts read).
  package var japaneseSheet = false
  /// Problems go to a terminal that shows a progress line: clear it before each.
  package var clearsLineBeforeIssues = false

  package init(today: CivilDate) {
    self.today = today
  }
}

/// A line of input that could not be checked: where, which household, and why.
package struct BatchIssue: Sendable, Equatable {
  package var line: Int
  /// The last line of a record that runs over several lines (a CSV record with quoted line breaks); nil for one.
  package var lastLine: Int?
  /// The column in the line (JSON), or the field number (CSV).
  package var column: Int?
  package var id: String?
  /// The fact: `members[1].birth_date`, or the CSV column name `m2_birth_date`.
  package var path: String?
  package var message: String

  package init(line: Int, column: Int? = nil, id: String? = nil, path: String? = nil, message: String) {
    self.line = line
    self.column = column
    self.id = id
    self.path = path
    self.message = message
  }

  /// `line 7, column 14: members[1].birth_date: impossible date '2025-02-30'`.
  package var text: String {
    var text = lastLine.map { "lines \(line)–\($0)" } ?? "line \(line)"
    if let column { text += ", column \(column)" }
    if let path, !path.isEmpty { text += ": \(path)" }
    text += ": " + message
    // One problem, one line: a line break inside a quoted value is shown escaped, and nothing in a value can steer
    // the terminal.
    return terminalSafe(text)
  }

  /// `{"line":7,"column":14,"id":"H-7","path":"members[1].birth_date","error":"impossible date '2025-02-30'"}`.
  package var json: String {
    var json = JSONWriter()
    json.beginObject()
    json.key("line")
    json.integer(line)
    if let lastLine {
      json.key("last_line")
      json.integer(lastLine)
    }
    json.key("column")
    if let column { json.integer(column) } else { json.null() }
    json.field("id", id)
    json.field("path", path.flatMap { $0.isEmpty ? nil : $0 })
    json.field("error", message)
    json.endObject()
    return json.output
  }
}

/// What a worker made of one chunk: the output bytes of its households, in order, and its problems.
package struct ChunkResult: Sendable {
  package var sequence: Int
  package var output: [UInt8] = []
  package var issues: [BatchIssue] = []
  /// Households checked and written.
  package var households = 0
  /// Households left to other shards.
  package var skipped = 0
  package var inputOffset: Int
  package var changes = ChangeSummary()
  /// Ordinals of the earlier run's households met in this chunk (for `--since`).
  package var seen: [Int] = []

  package init(sequence: Int, inputOffset: Int) {
    self.sequence = sequence
    self.inputOffset = inputOffset
  }
}

/// The columns of `shien batch --format csv`: one row per household and listed measure.
package enum ResultCSV {
  package static let header = [
    "id", "as_of", "municipality", "measure", "name", "status", "amount_min", "amount_max", "per", "verified",
    "missing", "desk", "phone",
  ]
  /// With `--since`: one row per household and changed measure.
  package static let changeHeader = [
    "id", "household", "measure", "name", "change", "before_status", "before_min", "before_max", "after_status",
    "after_min", "after_max", "per",
  ]
}

/// Checks the households of a chunk: decode (JSON Lines or CSV), keep this shard's, match, render or compare.
/// One per worker thread; its `HouseholdCheck` keeps a small cache of municipalities.
package struct BatchProcessor {
  package let catalog: Catalog
  package let options: BatchOptions
  private let decoder: HouseholdDecoder
  private var check: HouseholdCheck
  /// The rules in flat form, for the households one after another.
  private var flatMatcher: FlatMatcher
  private let renderer: JSONReportRenderer
  private let layout: HouseholdCSVLayout?
  private let previous: PreviousRun?

  package init(catalog: Catalog, options: BatchOptions, layout: HouseholdCSVLayout?, previous: PreviousRun?) {
    self.catalog = catalog
    self.options = options
    self.decoder = HouseholdDecoder(vocabulary: catalog.vocabulary)
    self.check = HouseholdCheck(catalog: catalog)
    self.flatMatcher = FlatMatcher(compiled: CompiledCatalog(catalog: catalog))
    var renderer = JSONReportRenderer(
      language: options.language, includeIneligible: options.includeIneligible, pretty: false)
    renderer.fragments = JSONFragmentCache()
    self.renderer = renderer
    self.layout = layout
    self.previous = previous
  }

  package mutating func process(_ chunk: InputChunk) -> ChunkResult {
    var result = ChunkResult(sequence: chunk.sequence, inputOffset: chunk.inputOffset)
    result.output.reserveCapacity(chunk.bytes.count * 4)
    for record in chunk.records {
      process(record, in: chunk, into: &result)
    }
    return result
  }

  /// A household read from a line, with what is needed to name places in its errors.
  private struct Decoded {
    var household: Household
    var root: JSONNode?
    var numbers: [Int]?
  }

  private mutating func process(_ record: InputRecord, in chunk: InputChunk, into result: inout ChunkResult) {
    let line = record.line
    let issuesBefore = result.issues.count
    defer {
      // A record over several lines is named by all of them, so that no line of the input goes unaccounted for.
      if record.lineBreaks > 0 {
        for index in issuesBefore..<result.issues.count { result.issues[index].lastLine = line + record.lineBreaks }
      }
    }
    func bad(_ issue: BatchIssue, key: some Sequence<UInt8>) {
      if let shard = options.shard, !shard.contains(key: key) {
        result.skipped += 1
      } else {
        result.issues.append(issue)
      }
    }
    if record.isTooLong {
      let limit = RecordReader<MemorySource>.defaultMaxRecordBytes
      return bad(
        BatchIssue(line: line, message: "longer than \(limit >> 20) MiB; a household takes a few KB"),
        key: "#\(line)".utf8)
    }
    let bytes = chunk.bytes(of: record)
    var decoded: Decoded
    switch options.inputFormat {
    case .jsonl:
      let root: JSONNode
      do {
        root = try JSONReader.parse(Array(bytes))
      } catch {
        return bad(
          BatchIssue(line: line, column: error.location.column, message: error.message), key: Shard.lineKey(bytes))
      }
      let id = HouseholdDecoder.idText(root)
      if let shard = options.shard, !shard.contains(key: id.map { Array($0.utf8)[...] } ?? Shard.lineKey(bytes)) {
        result.skipped += 1
        return
      }
      do {
        decoded = Decoded(household: try decoder.decode(root), root: root, numbers: nil)
      } catch {
        result.issues.append(
          BatchIssue(
            line: line, column: error.location?.column, id: id, path: error.path.isEmpty ? nil : error.path,
            message: error.message))
        return
      }
    case .csv:
      let layout = layout!
      let row: CSVRecord
      do {
        row = try bytes.withUnsafeBufferPointer { buffer throws(CSVError) in try CSVRecord.parse(buffer) }
      } catch {
        return bad(BatchIssue(line: line, column: error.field, message: error.message), key: Shard.lineKey(bytes))
      }
      if row.isBlank { return }
      let idColumn = layout.columns.firstIndex(of: .id)
      let id = idColumn.flatMap { $0 < row.count ? row.text($0)?.trimmingSpaces : nil }.flatMap {
        $0.isEmpty ? nil : $0
      }
      if let shard = options.shard, !shard.contains(key: id.map { Array($0.utf8)[...] } ?? Shard.lineKey(bytes)) {
        result.skipped += 1
        return
      }
      do {
        let (household, numbers) = try layout.household(from: row)
        decoded = Decoded(household: household, root: nil, numbers: numbers)
      } catch {
        result.issues.append(issue(error, line: line, id: id))
        return
      }
    }
    evaluate(&decoded, line: line, into: &result)
  }

  /// A household error as an issue; for CSV, with the column's number.
  private func issue(_ error: HouseholdError, line: Int, id: String?) -> BatchIssue {
    var path = error.path.isEmpty ? nil : error.path
    var column = error.location?.column
    if let layout {
      column = path.flatMap { layout.names.firstIndex(of: $0) }.map { $0 + 1 }
      if path == nil { column = nil }
    }
    if path == "" { path = nil }
    return BatchIssue(line: line, column: column, id: id, path: path, message: error.message)
  }

  private mutating func evaluate(_ decoded: inout Decoded, line: Int, into result: inout ChunkResult) {
    let id = decoded.household.id
    let date = options.asOf ?? decoded.household.asOf ?? options.today
    let prepared: HouseholdCheck.Prepared
    do {
      prepared = try check.prepare(decoded.household, asOf: date, root: decoded.root)
    } catch {
      switch error {
      case .dates(var error):
        if let numbers = decoded.numbers, let layout {
          // members[1].birth_date → m2_birth_date
          let index = decoded.household.members.indices.first { error.path.hasPrefix("members[\($0)].") } ?? 0
          error.path = layout.columnName(
            member: index, fact: catalog.vocabulary.index(of: "birth_date") ?? 0, numbers: numbers)
        }
        result.issues.append(issue(error, line: line, id: id))
      case .municipality(let error):
        let column = decoded.root?["municipality"]?.location.column
        var issue = BatchIssue(line: line, column: column, id: id, path: "municipality", message: error.description)
        if let layout { issue.column = layout.names.firstIndex { $0.lowercased() == "municipality" }.map { $0 + 1 } }
        result.issues.append(issue)
      }
      return
    }
    decoded.household = prepared.household
    let municipality = prepared.municipality
    // Only what the output shows: documents in full JSON, desks in full JSON and CSV, neither for changes or brief.
    let isFull = previous == nil && options.detail == .full
    let results = flatMatcher.match(
      decoded.household, asOf: date, municipality: municipality, only: options.measures,
      documents: isFull && options.outputFormat == .jsonl, desks: isFull)
    result.households += 1
    if let previous {
      guard let id else {
        result.issues.append(
          BatchIssue(line: line, message: "no household id: --since compares households by their 'id'"))
        result.households -= 1
        return
      }
      compare(id: id, results: results, with: previous, into: &result)
      return
    }
    switch options.outputFormat {
    case .jsonl where options.detail == .brief:
      BatchDetail.writeBrief(
        id: id, asOf: date, municipality: municipality, results: results, includeIneligible: options.includeIneligible,
        catalog: catalog, into: &result.output)
    case .jsonl:
      let report = check.report(prepared, results: results)
      var json = JSONWriter()
      renderer.write(report, catalog: catalog, into: &json)
      result.output.append(contentsOf: json.bytes)
      result.output.append(0x0A)
    case .csv:
      writeRows(results, household: decoded, asOf: date, municipality: municipality, into: &result.output)
    }
  }

  private func writeRows(
    _ results: [MeasureResult], household decoded: Decoded, asOf: CivilDate, municipality: Municipality?,
    into output: inout [UInt8]
  ) {
    let japanese = options.japaneseSheet
    var head = [decoded.household.id ?? "", asOf.description, municipality?.code ?? ""]
    if japanese { head.append(municipality.map { $0.prefecture + $0.name } ?? "") }
    let columns = japanese ? ResultCSV.japaneseHeader.count : ResultCSV.header.count
    let listed = results.filter { options.includeIneligible || $0.status != .ineligible }
    if listed.isEmpty {
      CSVWriter.appendRecord(
        head + Array(repeating: "", count: columns - head.count), to: &output, neutralizingFormulas: true)
      return
    }
    for result in listed {
      let missing = result.missing.map { missing -> String in
        let fact = catalog.vocabulary.facts[missing.fact]
        guard let member = missing.member else { return japanese ? fact.label.values["ja"] ?? fact.id : fact.id }
        if let layout, let numbers = decoded.numbers, layout.isJapanese || !japanese {
          return layout.columnName(member: member, fact: missing.fact, numbers: numbers)
        }
        let number = decoded.numbers.map { member < $0.count ? $0[member] : member + 1 } ?? member + 1
        return japanese ? HouseholdCSVLayout.japaneseColumnName(member: number, fact: fact) : "m\(number)_\(fact.id)"
      }
      let amount = result.amount
      let verified = amount.map { $0.isVerified ? (japanese ? "確認済み" : "true") : (japanese ? "要確認" : "false") }
      CSVWriter.appendRecord(
        head + [
          result.measure.id, result.measure.name.text(options.language),
          japanese ? ResultCSV.japanese(result.status) : result.status.rawValue,
          amount.map { JSONWriter.format($0.min) } ?? "",
          amount.map { $0.max.isFinite ? JSONWriter.format($0.max) : "" } ?? "",
          amount.map { japanese ? ResultCSV.japanese($0.per) : $0.per.rawValue } ?? "", verified ?? "",
          missing.joined(separator: " "), result.desk.name.text(options.language), result.desk.phone ?? "",
        ], to: &output, neutralizingFormulas: true)
    }
  }

  private func compare(id: String, results: [MeasureResult], with previous: PreviousRun, into result: inout ChunkResult)
  {
    let after = results.map { ($0.measure.id, MeasureOutcome($0)) }
    let changes: [MeasureChange]
    let presence: HouseholdPresence
    if let (ordinal, before) = previous.lookup(id) {
      result.seen.append(ordinal)
      let relevant = options.measures.map { only in before.filter { only.contains($0.0) } } ?? before
      changes = MeasureChange.changes(before: relevant, after: after)
      presence = .changed
    } else {
      changes = MeasureChange.changes(before: [], after: after)
      presence = .new
    }
    result.changes.add(changes, presence: presence)
    if presence == .changed && changes.isEmpty { return }
    BatchProcessor.writeChanges(
      id: id, presence: presence, changes: changes, catalog: catalog, options: options, into: &result.output)
  }

  /// One household's changes: a JSON line, or CSV rows (one per change; one with the measure empty when none).
  package static func writeChanges(
    id: String, presence: HouseholdPresence, changes: [MeasureChange], catalog: Catalog, options: BatchOptions,
    into output: inout [UInt8]
  ) {
    func name(_ measure: String) -> String? { catalog.measure(id: measure)?.name.text(options.language) }
    switch options.outputFormat {
    case .jsonl:
      var json = JSONWriter()
      json.beginObject()
      json.field("id", id)
      json.field("household", presence.rawValue)
      json.key("changes")
      json.beginArray()
      for change in changes {
        json.beginObject()
        json.field("measure", change.measure)
        json.field("name", name(change.measure))
        json.field("change", change.kind.rawValue)
        for (key, outcome) in [("before", change.before), ("after", change.after)] {
          json.key(key)
          guard let outcome else {
            json.null()
            continue
          }
          json.beginObject()
          json.field("status", outcome.status.rawValue)
          json.key("amount")
          if let amount = outcome.amount {
            json.beginObject()
            json.field("min", amount.min)
            json.field("max", amount.max)
            json.field("per", amount.per.rawValue)
            json.endObject()
          } else {
            json.null()
          }
          json.endObject()
        }
        json.endObject()
      }
      json.endArray()
      json.endObject()
      output.append(contentsOf: json.bytes)
      output.append(0x0A)
    case .csv:
      let japanese = options.japaneseSheet
      let presenceText = japanese ? ResultCSV.japanese(presence) : presence.rawValue
      if changes.isEmpty {
        CSVWriter.appendRecord(
          [id, presenceText] + Array(repeating: "", count: ResultCSV.changeHeader.count - 2), to: &output,
          neutralizingFormulas: true)
      }
      func number(_ value: Double?) -> String { value.map { $0.isFinite ? JSONWriter.format($0) : "" } ?? "" }
      func status(_ status: MeasureResult.Status?) -> String {
        status.map { japanese ? ResultCSV.japanese($0) : $0.rawValue } ?? ""
      }
      for change in changes {
        let per = (change.after?.amount ?? change.before?.amount)?.per
        CSVWriter.appendRecord(
          [
            id, presenceText, change.measure, name(change.measure) ?? "",
            japanese ? ResultCSV.japanese(change.kind) : change.kind.rawValue,
            status(change.before?.status), number(change.before?.amount?.min),
            number(change.before?.amount?.max), status(change.after?.status),
            number(change.after?.amount?.min), number(change.after?.amount?.max),
            per.map { japanese ? ResultCSV.japanese($0) : $0.rawValue } ?? "",
          ], to: &output, neutralizingFormulas: true)
      }
    }
  }
}

extension HouseholdDecoder {
  /// The household's id as written (text, or a number's text), without checking the rest of the document.
  package static func idText(_ root: JSONNode) -> String? {
    switch root["id"]?.value {
    case .string(let text)?: text
    case .number(_, let text)?: text
    default: nil
    }
  }
}
