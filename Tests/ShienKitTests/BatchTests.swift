import Testing

@testable import ShienBatch
@testable import ShienFacts
@testable import ShienMatching
@testable import ShienSupport

/// Reads every record of `text` as `format`, `readSize` bytes at a time: (line, text or nil when too long).
private func records(
  _ text: String, format: BatchFormat, readSize: Int = 1 << 20, maxRecordBytes: Int = 1 << 20
) throws -> [(Int, String?)] {
  var reader = RecordReader(
    source: MemorySource(Array(text.utf8), readSize: readSize), format: format, maxRecordBytes: maxRecordBytes,
    readSize: max(readSize, 16))
  var found: [(Int, String?)] = []
  while let chunk = try reader.nextChunk(targetBytes: 64, maxRecords: 3) {
    for record in chunk.records {
      found.append((record.line, record.isTooLong ? nil : String(decoding: chunk.bytes(of: record), as: UTF8.self)))
    }
  }
  return found
}

@Suite struct CSVTests {
  @Test(arguments: [
    ("a,b,c", ["a", "b", "c"]),
    ("a,,c,", ["a", "", "c", ""]),
    ("\"a, b\",\"say \"\"hi\"\"\",c", ["a, b", "say \"hi\"", "c"]),
    ("\"two\nlines\",x", ["two\nlines", "x"]),
    ("a,b\r", ["a", "b"]),
    ("\"\"", [""]),
    ("", [""]),
    ("5\" screen,x", ["5\" screen", "x"]),
    ("古賀市,本人", ["古賀市", "本人"]),
  ])
  func parsesFields(line: String, fields: [String]) throws {
    #expect(try CSVRecord.parse(line).fields == fields)
  }

  @Test(arguments: [
    ("a,\"open", 2, "unterminated quoted field (a '\"' opens it and none closes it)"),
    ("\"closed\"x,b", 1, "text after the closing quote (double a quote inside a quoted field: \"\")"),
  ])
  func refusesBrokenQuoting(line: String, field: Int, message: String) {
    #expect(throws: CSVError(field: field, message: message)) { try CSVRecord.parse(line) }
  }

  @Test func refusesAHugeField() throws {
    let line = "id," + String(repeating: "x", count: 70_000)
    #expect(throws: CSVError(field: 2, message: "field longer than 65536 bytes")) { try CSVRecord.parse(line) }
    #expect(try CSVRecord.parse(line, maxFieldBytes: 100_000).fields[1].count == 70_000)
  }

  @Test func writerQuotesOnlyWhatNeedsIt() throws {
    var bytes: [UInt8] = []
    CSVWriter.appendRecord(["plain", "a,b", "say \"hi\"", "two\nlines", "", "児童手当"], to: &bytes)
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(text == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,児童手当\r\n")
    // What the writer writes, the reader reads back.
    #expect(
      try CSVRecord.parse(String(decoding: bytes.dropLast(2), as: UTF8.self)).fields == [
        "plain", "a,b", "say \"hi\"", "two\nlines", "", "児童手当",
      ])
  }

  @Test(arguments: [1, 2, 5, 1 << 20])
  func csvRecordsKeepQuotedLineBreaksAndTheirLineNumbers(readSize: Int) throws {
    let text = "\u{FEFF}id,m1_role\r\n\"H-1\",\"self\"\r\n\r\n\"H\n2\",child\r\nH-3,self"
    let found = try records(text, format: .csv, readSize: readSize)
    #expect(found.map(\.0) == [1, 2, 4, 6])
    #expect(found.map(\.1) == ["id,m1_role\r", "\"H-1\",\"self\"\r", "\"H\n2\",child\r", "H-3,self"])
  }

  @Test(arguments: [1, 3, 1 << 20])
  func jsonLinesSkipBlankLinesAndAByteOrderMark(readSize: Int) throws {
    let text = "\u{FEFF}{\"a\":1}\n\n  \r\n{\"b\":2}\r\n{\"c\":3}"
    let found = try records(text, format: .jsonl, readSize: readSize)
    #expect(found.map(\.0) == [1, 4, 5])
    #expect(found.map(\.1) == ["{\"a\":1}", "{\"b\":2}\r", "{\"c\":3}"])
  }

  @Test func anOverlongRecordIsReportedOnceAndSkipped() throws {
    let long = "{\"x\":\"" + String(repeating: "y", count: 300) + "\"}"
    let found = try records("{\"a\":1}\n\(long)\n{\"b\":2}\n", format: .jsonl, readSize: 16, maxRecordBytes: 64)
    #expect(found.map(\.0) == [1, 2, 3])
    #expect(found.map(\.1) == ["{\"a\":1}", nil, "{\"b\":2}"])
  }

  @Test(arguments: [1, 7, 1 << 20])
  func anOverlongQuotedCSVFieldWithLineBreaksIsSkippedWhole(readSize: Int) throws {
    let long = "L,\"" + String(repeating: "y,\n", count: 100) + "\""
    let found = try records("a,b\n\(long)\nc,d\n", format: .csv, readSize: readSize, maxRecordBytes: 64)
    #expect(found.map(\.0) == [1, 2, 103])
    #expect(found.map(\.1) == ["a,b", nil, "c,d"])
  }

  @Test func formatsFollowNamesAndText() {
    #expect(BatchFormat.implied(byName: "Households.CSV") == .csv)
    #expect(BatchFormat.implied(byName: "a.ndjson") == .jsonl)
    #expect(BatchFormat.implied(byName: "a.txt") == nil)
    #expect(BatchFormat.sniffed(from: Array("\u{FEFF} {\"id\":1}".utf8)) == .jsonl)
    #expect(BatchFormat.sniffed(from: Array("id,m1_role".utf8)) == .csv)
  }
}

@Suite struct HouseholdCSVTests {
  let vocabulary = Fixtures.vocabulary

  func layout(_ header: String) throws -> HouseholdCSVLayout {
    try HouseholdCSVLayout(header: try CSVRecord.parse(header), vocabulary: vocabulary)
  }

  @Test func readsARowInEverydayForms() throws {
    let layout = try layout(
      "id,as_of,municipality,single_parent,m1_role,m1_birth_date,m1_income,m1_employment,m3_role,m3_age,#note")
    let row = try CSVRecord.parse("H-1,R7.6.1,古賀市,TRUE,本人,S63.6.2,\"2,400,000\",会社員・パート,child,9,any text")
    let (household, numbers) = try layout.household(from: row)
    #expect(household.id == "H-1")
    #expect(household.asOf == CivilDate(iso: "2025-06-01"))
    #expect(household.members.map(\.role) == ["self", "child"])
    #expect(numbers == [1, 3])
    #expect(household.members[0].birthDate == CivilDate(iso: "1988-06-02"))
    #expect(household.members[1].age == 9)
    let income = vocabulary.index(of: "income")!
    #expect(household.members[0].facts[income] == .number(Interval(exactly: 2_400_000)))
    let employment = vocabulary.index(of: "employment")!
    #expect(household.members[0].facts[employment] == .text("employee"))
    #expect(household.facts[vocabulary.index(of: "single_parent")!] == .truth(.yes))
    #expect(layout.columnName(member: 1, fact: income, numbers: numbers) == "m3_income")
  }

  @Test(arguments: [
    ("id,m1_role,m1_incom", 3, "unknown member fact 'incom' in column 'm1_incom'; did you mean 'm1_income'?"),
    ("id,m1_role,income", 3, "'income' is a fact about a member: name the column 'm1_income', 'm2_income' …"),
    ("id,m1_role,m1_rent", 3, "'rent' is a fact about the household: name the column 'rent', without 'm1_'"),
    ("id,m1_role,m65_role", 3, "member number 65 in 'm65_role' is not between 1 and 64"),
    ("id,m1_role,ID", 3, "column 'ID' appears twice (as 'id')"),
    ("id,m1_role,世帯番号", 3, "column '世帯番号' appears twice (as 'id')"),
    ("id,m1_role,m1_年収,世帯員1_income", 4, "column '世帯員1_income' appears twice (as 'm1_年収')"),
    (
      "id,municipality", 1,
      "no member columns in the header: a household needs at least 'm1_role' (and facts such as 'm1_birth_date')"
    ),
    (
      "id,m1_role,municpality", 3,
      "unknown column 'municpality'; did you mean 'municipality'? (member columns are named m1_role, m1_birth_date, …)"
    ),
  ])
  func headerProblemsNameTheColumn(header: String, field: Int, message: String) {
    #expect(throws: CSVError(field: field, message: message)) { try layout(header) }
  }

  @Test(arguments: [
    ("H,,2016-05-10", "m1_role", "member 1 has facts but no role (self, spouse, child, parent, grandparent or other)"),
    ("H,1,", "m1_role", "'1' is not one of self, spouse, child, parent, grandparent, other"),
    (
      "H,slef,", "m1_role", "'slef' is not one of self, spouse, child, parent, grandparent, other; did you mean 'self'?"
    ),
    ("H,self,2025-02-30", "m1_birth_date", "There is no such day as \"2025-02-30\". February 2025 has 28 days."),
    ("H,,", "", "no members: fill in at least 'm1_role'"),
    ("H,self,,extra", "", "4 fields, but the header has 3 columns (quote a value that holds a comma)"),
  ])
  func rowProblemsNameTheColumn(row: String, path: String, message: String) throws {
    let layout = try layout("id,m1_role,m1_birth_date")
    #expect(throws: HouseholdError(path: path, location: nil, message: message)) {
      try layout.household(from: try CSVRecord.parse(row))
    }
  }

  @Test(arguments: [
    "2400000", "0", "007", "99999999999999", "2016-05-10", "2025-02-30", "TRUE", "false", "employee", "Employee",
    "A", "2", "9", "12", "40223", "unknown", "skip", "?", "H-1", "abc def", "古賀市", "不明", "わからない", "ｶﾞｲｺｸ",
    "福岡県 ", "本人",
  ])
  func plainCellsReadAsTheEverydayReadingDoes(cell: String) throws {
    for fact in vocabulary.facts {
      let everyday = try? fact.parseEveryday(cell, asOf: nil)
      if let plain = HouseholdCSVLayout.plainValue(cell, kind: fact.kind) {
        #expect(plain == everyday, "\(fact.id) = \(cell)")
      }
    }
  }

  @Test func aShiftJISSheetIsRefusedNotGarbled() throws {
    let layout = try layout("id,m1_role")
    let bytes: [UInt8] = [0x48, 0x2C, 0x96, 0x7B, 0x90, 0x6C]  // "H,本人" in Shift_JIS
    let row = try bytes.withUnsafeBufferPointer { try CSVRecord.parse($0) }
    #expect(
      throws: HouseholdError(
        path: "m1_role", location: nil,
        message: "the sheet is saved in Shift_JIS, not UTF-8: save it as 'CSV UTF-8' (CSV UTF-8 (コンマ区切り))")
    ) {
      try layout.household(from: row)
    }
  }

  @Test func theTemplateNamesEveryFact() throws {
    let header = HouseholdCSVLayout.templateHeader(vocabulary: vocabulary, members: 2)
    #expect(header.prefix(3) == ["id", "as_of", "prefecture"])
    #expect(header.contains("m2_disability_physical_grade"))
    // The template is a valid header.
    _ = try HouseholdCSVLayout(header: CSVRecord(header), vocabulary: vocabulary)
  }
}

@Suite struct ShardTests {
  @Test func readsKOverN() {
    #expect(Shard("2/4") == Shard(index: 2, count: 4))
    for bad in ["0/2", "3/2", "1/0", "a/2", "1", "1/2/3", ""] { #expect(Shard(bad) == nil) }
  }

  @Test func fnv1aIsTheStandardOne() {
    // Published FNV-1a 64-bit test vectors.
    #expect(fnv1a64([UInt8]()) == 0xcbf2_9ce4_8422_2325)
    #expect(fnv1a64(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
    #expect(fnv1a64(Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
  }

  @Test(arguments: [1, 2, 3, 7])
  func everyIdFallsInExactlyOneShare(count: Int) {
    let ids = (0..<2000).map { "H-\($0)" }
    var seen = Array(repeating: 0, count: ids.count)
    for index in 1...count {
      let shard = Shard(index: index, count: count)!
      for (position, id) in ids.enumerated() where shard.contains(id: id) { seen[position] += 1 }
    }
    #expect(seen.allSatisfy { $0 == 1 })
  }

  @Test func sharesAreEvenAndStable() {
    let half = Shard(index: 1, count: 2)!
    let count = (0..<10_000).filter { half.contains(id: "G1-\($0)") }.count
    #expect((4700...5300).contains(count))
    #expect(half.contains(id: "H-0001") == (fnv1a64(Array("H-0001".utf8)) % 2 == 0))
  }
}

@Suite struct SinceTests {
  func outcome(_ status: MeasureResult.Status, _ min: Double? = nil, _ max: Double? = nil) -> MeasureOutcome {
    MeasureOutcome(status: status, amount: min.map { .init(min: $0, max: max ?? $0, per: .month) })
  }

  @Test func changesBetweenTwoRuns() {
    let before = [
      ("a", outcome(.eligible, 10000)), ("b", outcome(.maybe, 0, 5000)), ("c", outcome(.eligible, 100)),
      ("d", outcome(.ineligible)), ("e", outcome(.eligible, 1)), ("f", outcome(.maybe, 0, 9)),
    ]
    let after = [
      ("a", outcome(.eligible, 15000)), ("b", outcome(.eligible, 5000)), ("d", outcome(.eligible, 7)),
      ("e", outcome(.eligible, 1)), ("f", outcome(.ineligible)), ("g", outcome(.maybe)),
    ]
    let changes = MeasureChange.changes(before: before, after: after)
    #expect(changes.map(\.measure) == ["a", "b", "c", "d", "f", "g"])
    #expect(
      changes.map(\.kind) == [
        .amountChanged, .statusChanged, .noLongerEligible, .newlyEligible, .noLongerEligible, .newlyMaybe,
      ])
    #expect(changes[0].before == outcome(.eligible, 10000))
    #expect(changes[0].after == outcome(.eligible, 15000))
    #expect(changes[2].after == nil)
    #expect(changes[3].before == nil, "an ineligible measure counts as not listed")
    #expect(MeasureChange.changes(before: before, after: before).isEmpty)
  }

  @Test func summaryCountsHouseholdsPerMeasureAndKind() {
    var summary = ChangeSummary()
    summary.add(MeasureChange.changes(before: [], after: [("a", outcome(.eligible, 1))]), presence: .new)
    summary.add(
      MeasureChange.changes(before: [("a", outcome(.eligible, 1))], after: [("a", outcome(.eligible, 2))]),
      presence: .changed)
    summary.add([], presence: .changed)
    summary.add([], presence: .removed)
    #expect(summary.counts["a"] == [1, 0, 0, 0, 1])
    #expect((summary.compared, summary.new, summary.removed, summary.changed) == (2, 1, 1, 2))
    let text = summary.rendered { $0 == "a" ? "手当" : nil }
    #expect(text.hasPrefix("since: 3 households, 2 in the earlier run, 1 new, 1 gone; 2 with changes\n"))
    #expect(text.contains("a 手当                1            0                   0               0               1"))
  }

  func load(_ text: String, format: BatchFormat) throws -> PreviousRun {
    var reader = RecordReader(source: MemorySource(Array(text.utf8), readSize: 7), format: format)
    return try PreviousRun.load(&reader, format: format)
  }

  @Test func readsAnEarlierJSONLinesRun() throws {
    let text = """
      {"household":{"id":"H-1"},"measures":[{"id":"a","status":"eligible","amount":{"min":10000,"max":10000,"per":"month"}},{"id":"b","status":"maybe","amount":{"min":0.5,"max":null,"per":"year"}}]}
      {"household":{"id":"H-2"},"measures":[{"id":"c","status":"maybe","amount":null}]}
      {"household":{"id":"H-1"},"measures":[]}
      {"household":{"id":null},"measures":[]}

      """
    let previous = try load(text, format: .jsonl)
    #expect((previous.count, previous.duplicates, previous.withoutID) == (2, 1, 1))
    let (ordinal, outcomes) = try #require(previous.lookup("H-1"))
    #expect(ordinal == 0)
    #expect(outcomes.map(\.0) == ["a", "b"])
    #expect(outcomes[0].1 == outcome(.eligible, 10000))
    #expect(
      outcomes[1].1 == MeasureOutcome(status: .maybe, amount: .init(min: 0.5, max: .infinity, per: .year)))
    #expect(previous.lookup("H-2")?.outcomes.map(\.1) == [outcome(.maybe)])
    #expect(previous.lookup("H-3") == nil)
    var ids: [String] = []
    previous.forEach { _, id, _ in ids.append(id) }
    #expect(ids == ["H-1", "H-2"])
  }

  @Test func readsAnEarlierCSVRun() throws {
    let text = """
      id,as_of,municipality,measure,name,status,amount_min,amount_max,per,verified,missing,desk,phone\r
      H-1,2025-06-01,40223,a,A,eligible,10000,10000,month,true,,desk,\r
      H-1,2025-06-01,40223,b,B,maybe,0,,month,true,m1_income,desk,\r
      H-2,2025-06-01,40223,,,,,,,,,,\r

      """
    let previous = try load(text, format: .csv)
    #expect(previous.count == 2)
    #expect(
      previous.lookup("H-1")?.outcomes.map(\.1) == [
        outcome(.eligible, 10000), MeasureOutcome(status: .maybe, amount: .init(min: 0, max: .infinity, per: .month)),
      ])
    #expect(previous.lookup("H-2")?.outcomes.isEmpty == true)
  }

  @Test func aLineThatIsNotAResultIsAnError() {
    #expect(throws: PreviousRunError(line: 2, message: "not a 'shien batch' result line: no 'measures' array")) {
      try load("{\"household\":{\"id\":\"H\"},\"measures\":[]}\n{\"id\":\"H-1\",\"members\":[]}\n", format: .jsonl)
    }
  }

  @Test func manyHouseholdsFitAndAreFound() throws {
    var text = ""
    for index in 0..<5000 {
      text += "{\"household\":{\"id\":\"H-\(index)\"},\"measures\":[{\"id\":\"a\",\"status\":\"eligible\","
      text += "\"amount\":{\"min\":\(index * 10),\"max\":\(index * 10),\"per\":\"month\"}}]}\n"
    }
    let previous = try load(text, format: .jsonl)
    #expect(previous.count == 5000)
    for index in stride(from: 0, to: 5000, by: 97) {
      let found = try #require(previous.lookup("H-\(index)"))
      #expect(found.ordinal == index)
      #expect(found.outcomes[0].1 == outcome(.eligible, Double(index * 10)))
    }
  }
}
