import Foundation
import Testing

@testable import ShienStore
@testable import ShienSupport

@Suite struct StoreTests {
  let db: Database

  init() throws {
    db = try Database(path: ":memory:")
    try db.execute(
      sql: """
        CREATE TABLE measure (id INTEGER PRIMARY KEY, name TEXT NOT NULL, slug TEXT UNIQUE);
        CREATE TABLE desk (id INTEGER PRIMARY KEY, measure_id INTEGER NOT NULL REFERENCES measure (id));
        CREATE TABLE value (v);
        INSERT INTO measure (id, name, slug) VALUES (1, '児童手当', 'jido-teate');
        """)
  }

  // MARK: Values

  @Test(arguments: [
    (DatabaseValue.null, "null"), (.integer(0), "integer"), (.integer(.max), "integer"), (.integer(.min), "integer"),
    (.real(-0.5), "real"), (.real(1e300), "real"), (.text(""), "text"), (.text("児童手当・ｶﾀｶﾅ・🇯🇵"), "text"),
    (.blob([]), "blob"), (.blob([0x01, 0x7F, 0x80, 0xFF]), "blob"),
  ])
  func roundTripsEveryValueType(value: DatabaseValue, storageClass: String) throws {
    try db.execute(sql: "INSERT INTO value (v) VALUES (?)", arguments: [value])
    let rows = try db.cachedStatement(sql: "SELECT v, typeof(v) FROM value").rows()
    #expect(rows == [[value, .text(storageClass)]])
  }

  @Test func typedReadersConvertAndReportNull() throws {
    let statement = try db.makeStatement(sql: "SELECT 42 AS answer, 2.5, '支援制度', x'00FF', NULL")
    #expect(try statement.step())
    #expect(statement.columnCount == 5)
    #expect(statement.columnName(at: 0) == "answer")
    #expect(statement.int64(at: 0) == 42)
    #expect(statement.text(at: 0) == "42")
    #expect(statement.double(at: 1) == 2.5)
    #expect(statement.text(at: 2) == "支援制度")
    #expect(statement.blob(at: 3) == [0x00, 0xFF])
    #expect(!statement.isNull(at: 3))
    #expect(statement.isNull(at: 4))
    #expect(statement.text(at: 4) == nil)
    #expect(statement.blob(at: 4) == nil)
    #expect(statement.int64(at: 4) == 0)
    #expect(try !statement.step())
  }

  @Test func forEachRowReadsRowsInPlace() throws {
    try db.execute(sql: "INSERT INTO measure (id, name, slug) VALUES (?, ?, ?)", arguments: [2, "児童扶養手当", nil])
    var read: [String] = []
    try db.cachedStatement(sql: "SELECT id, name, slug FROM measure WHERE id >= ? ORDER BY id").forEachRow(
      arguments: [1]
    ) { row in
      read.append("\(row.int(at: 0)) \(row.text(at: 1) ?? "-") \(row.text(at: 2) ?? "-")")
    }
    #expect(read == ["1 児童手当 jido-teate", "2 児童扶養手当 -"])
  }

  @Test func databaseValueLiteralsAndInitializers() {
    let values: [DatabaseValue] = [
      nil, 7, 2.5, "手当", DatabaseValue(Int64(7)), DatabaseValue(true), DatabaseValue(nil as String?),
      DatabaseValue("x" as String?), DatabaseValue(nil as Int?), DatabaseValue(3 as Int?),
      DatabaseValue(0.5 as Double?),
      DatabaseValue([1, 2] as [UInt8]),
    ]
    #expect(
      values == [
        .null, .integer(7), .real(2.5), .text("手当"), .integer(7), .integer(1), .null, .text("x"), .null, .integer(3),
        .real(0.5), .blob([1, 2]),
      ])
  }

  // MARK: Errors

  @Test func syntaxErrorCarriesTheSQL() {
    let error = #expect(throws: SQLiteError.self) { try db.makeStatement(sql: "SELEC id FROM measure") }
    #expect(error == SQLiteError(code: 1, message: #"near "SELEC": syntax error"#, sql: "SELEC id FROM measure"))
    #expect(
      error?.description == #"SQLite error 1: near "SELEC": syntax error - while executing `SELEC id FROM measure`"#)
  }

  @Test(arguments: [([1], 1), ([1, "児童手当", "extra"], 3)] as [([DatabaseValue], Int)])
  func bindCountMismatchIsMisuse(arguments: [DatabaseValue], count: Int) throws {
    let sql = "INSERT INTO measure (id, name) VALUES (?, ?)"
    let error = #expect(throws: SQLiteError.self) { try db.execute(sql: sql, arguments: arguments) }
    #expect(
      error?.description
        == "SQLite error 21: wrong number of statement arguments: expected 2, got \(count) - while executing `\(sql)`")
    #expect(try db.cachedStatement(sql: "SELECT count(*) FROM measure").rows() == [[1]])
  }

  @Test func notNullViolationReadsLikeTheStyleGuide() {
    let error = #expect(throws: SQLiteError.self) {
      try db.execute(sql: "INSERT INTO measure (id, name) VALUES (?, ?)", arguments: [2, nil])
    }
    #expect(
      error?.description
        == "SQLite error 1299: NOT NULL constraint failed: measure.name - while executing "
        + "`INSERT INTO measure (id, name) VALUES (?, ?)`")
  }

  @Test(
    arguments: [
      ("INSERT INTO measure (id, name) VALUES (?, ?)", [2, nil], 1299, "NOT NULL constraint failed: measure.name"),
      (
        "INSERT INTO measure (id, name, slug) VALUES (?, ?, ?)", [2, "児童扶養手当", "jido-teate"], 2067,
        "UNIQUE constraint failed: measure.slug"
      ),
      ("INSERT INTO measure (id, name) VALUES (?, ?)", [1, "重複"], 1555, "UNIQUE constraint failed: measure.id"),
      ("INSERT INTO desk (id, measure_id) VALUES (?, ?)", [1, 99], 787, "FOREIGN KEY constraint failed"),
      ("DELETE FROM measure WHERE id = ?", [1], 787, "FOREIGN KEY constraint failed"),
    ] as [(String, [DatabaseValue], Int32, String)])
  func constraintViolationsGiveExtendedCodes(sql: String, arguments: [DatabaseValue], code: Int32, message: String)
    throws
  {
    try db.execute(sql: "INSERT INTO desk (id, measure_id) VALUES (?, ?)", arguments: [10, 1])
    #expect(throws: SQLiteError(code: code, message: message, sql: sql)) {
      try db.execute(sql: sql, arguments: arguments)
    }
  }

  @Test func scriptErrorNamesTheFailingStatement() throws {
    let error = #expect(throws: SQLiteError.self) {
      try db.execute(
        sql: """
          CREATE TABLE a (x);
          INSERT INTO a VALUES (1);
          INSERT INTO measure (id, name) VALUES (3, NULL);
          CREATE TABLE b (y);
          """)
    }
    #expect(
      error?.description
        == "SQLite error 1299: NOT NULL constraint failed: measure.name - while executing "
        + "`INSERT INTO measure (id, name) VALUES (3, NULL);`")
    #expect(try db.tableExists("a"))
    #expect(try !db.tableExists("b"))
  }

  @Test func scriptPrepareErrorNamesOnlyTheFailingStatement() throws {
    let trigger = "CREATE TRIGGER t AFTER INSERT ON measure BEGIN INSERT INTO a VALUES (new.id); SELEC 1; END;"
    let error = #expect(throws: SQLiteError.self) {
      try db.execute(sql: "CREATE TABLE a (x);\n  \(trigger)\nCREATE TABLE b (y);\n")
    }
    #expect(error == SQLiteError(code: 1, message: #"near "SELEC": syntax error"#, sql: trigger))
    #expect(try !db.tableExists("b"))
  }

  @Test func makeStatementTakesExactlyOneStatement() throws {
    #expect(try db.makeStatement(sql: "SELECT 1; -- one\n").rows() == [[1]])
    #expect(throws: SQLiteError(code: 21, message: "no statement found", sql: " -- nothing")) {
      try db.makeStatement(sql: " -- nothing")
    }
    let sql = "SELECT 1; SELECT 2"
    #expect(
      throws: SQLiteError(code: 21, message: "multiple statements found; run a script with execute(sql:)", sql: sql)
    ) {
      try db.makeStatement(sql: sql)
    }
  }

  // MARK: Statement cache

  @Test func cachedStatementIsReusedWithNewArguments() throws {
    let sql = "SELECT name FROM measure WHERE id = ?"
    let first = try db.cachedStatement(sql: sql)
    #expect(try first.rows(arguments: [1]) == [["児童手当"]])
    let second = try db.cachedStatement(sql: sql)
    #expect(first === second)
    #expect(try second.rows(arguments: [2]) == [])
    #expect(try db.cachedStatement(sql: "SELECT name FROM measure") !== first)
  }

  @Test func statementWhoseStepFailedIsEvicted() throws {
    let sql = "INSERT INTO measure (id, name) VALUES (?, ?)"
    let failed = try db.cachedStatement(sql: sql)
    #expect(throws: SQLiteError.self) { try failed.execute(arguments: [2, nil]) }
    let fresh = try db.cachedStatement(sql: sql)
    #expect(fresh !== failed)
    try fresh.execute(arguments: [2, "児童扶養手当"])
    #expect(try db.cachedStatement(sql: sql) === fresh)
  }

  @Test func nestedUseOfABusyCachedStatementGetsAFreshOne() throws {
    try db.execute(sql: "INSERT INTO measure (id, name) VALUES (?, ?)", arguments: [2, "児童扶養手当"])
    let sql = "SELECT id FROM measure ORDER BY id"
    var pairs: [[Int]] = []
    try db.cachedStatement(sql: sql).forEachRow { outer in
      try db.cachedStatement(sql: sql).forEachRow { inner in
        // Resetting the outer statement from inside would restart it forever.
        try #require(pairs.count < 4)
        pairs.append([outer.int(at: 0), inner.int(at: 0)])
      }
    }
    #expect(pairs == [[1, 1], [1, 2], [2, 1], [2, 2]])
  }

  // MARK: Transactions

  struct Abort: Error, Equatable {}

  @Test func transactionCommitsAndReturnsTheBodysResult() throws {
    let id = try db.inTransaction {
      try db.execute(sql: "INSERT INTO measure (name) VALUES (?)", arguments: ["児童扶養手当"])
      return db.lastInsertedRowID
    }
    #expect(id == 2)
    #expect(!db.isInsideTransaction)
    #expect(try db.cachedStatement(sql: "SELECT name FROM measure WHERE id = 2").rows() == [["児童扶養手当"]])
  }

  @Test func transactionRollsBackWhenBodyThrows() throws {
    #expect(throws: Abort()) {
      try db.inTransaction {
        try db.execute(sql: "INSERT INTO measure (id, name) VALUES (?, ?)", arguments: [2, "児童扶養手当"])
        #expect(db.isInsideTransaction)
        throw Abort()
      }
    }
    #expect(!db.isInsideTransaction)
    #expect(try db.cachedStatement(sql: "SELECT count(*) FROM measure").rows() == [[1]])
  }

  @Test func transactionRollsBackWhenCommitFails() throws {
    try db.execute(sql: "CREATE TABLE note (measure_id REFERENCES measure (id) DEFERRABLE INITIALLY DEFERRED)")
    #expect(throws: SQLiteError(code: 787, message: "FOREIGN KEY constraint failed", sql: "COMMIT TRANSACTION")) {
      try db.inTransaction {
        try db.execute(sql: "INSERT INTO note (measure_id) VALUES (?)", arguments: [99])
      }
    }
    #expect(!db.isInsideTransaction)
    #expect(try db.cachedStatement(sql: "SELECT count(*) FROM note").rows() == [[0]])
  }

  // MARK: Connection state

  @Test func lastInsertedRowIDAndChangesCount() throws {
    try db.execute(sql: "INSERT INTO measure (name) VALUES (?)", arguments: ["児童扶養手当"])
    #expect(db.lastInsertedRowID == 2)
    #expect(db.changesCount == 1)
    try db.execute(sql: "UPDATE measure SET slug = NULL WHERE id > ?", arguments: [0])
    #expect(db.changesCount == 2)
  }

  @Test func userVersionRoundTrip() throws {
    #expect(try db.userVersion() == 0)
    try db.setUserVersion(7)
    #expect(try db.userVersion() == 7)
    try db.setUserVersion(-1)
    #expect(try db.userVersion() == -1)
  }

  @Test func schemaQueries() throws {
    #expect(try db.tableExists("measure"))
    #expect(try db.tableExists("MEASURE"))
    #expect(try !db.tableExists("measures"))
    #expect(try db.integrityCheck() == [])
  }

  @Test func trigramFullTextSearchFindsJapanese() throws {
    try db.execute(
      sql: """
        CREATE VIRTUAL TABLE measure_text USING fts5(name, summary, tokenize = 'trigram');
        INSERT INTO measure_text (name, summary) VALUES ('児童手当', '中学生までの子どもを養育している方に支給');
        INSERT INTO measure_text (name, summary) VALUES ('生活保護', '生活に困窮する方に最低限度の生活を保障');
        """)
    #expect(try db.tableExists("measure_text"))
    let search = try db.cachedStatement(sql: "SELECT name FROM measure_text WHERE measure_text MATCH ? ORDER BY rank")
    #expect(try search.rows(arguments: ["児童手"]) == [["児童手当"]])
    #expect(try search.rows(arguments: ["子どもを養育"]) == [["児童手当"]])
    #expect(try search.rows(arguments: ["方に"]) == [], "trigram finds nothing under 3 characters in SQLite 3.40")
    #expect(try search.rows(arguments: ["障害年金"]) == [])
  }

  // MARK: Files

  @Test func garbageFileIsNotADatabase() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/garbage.sqlite"
    let bytes = Data(String(repeating: "これはデータベースではありません。", count: 200).utf8)
    try bytes.write(to: URL(fileURLWithPath: path))
    let garbage = try Database(path: path, mode: .readWrite)
    let error = #expect(throws: SQLiteError.self) { try garbage.tableExists("measure") }
    #expect(error?.code == 26)
    #expect(error?.message == "file is not a database")
    #expect(error?.isCorrupt == true)
  }

  @Test(arguments: [Database.Mode.readOnly, .readWrite])
  func missingFileFailsToOpen(mode: Database.Mode) throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/missing.sqlite"
    #expect(throws: SQLiteError(code: 14, message: "unable to open database file at '\(path)'")) {
      try Database(path: path, mode: mode)
    }
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func fileDatabasePersistsAndRefusesWritesWhenReadOnly() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/catalog.sqlite"
    do {
      let writer = try Database(path: path, mode: .create)
      try writer.execute(sql: "CREATE TABLE measure (name TEXT NOT NULL)")
      try writer.execute(sql: "INSERT INTO measure (name) VALUES (?)", arguments: ["児童手当"])
      try writer.setUserVersion(3)
    }
    let reader = try Database(path: path, mode: .readOnly)
    #expect(try reader.userVersion() == 3)
    #expect(try reader.cachedStatement(sql: "SELECT name FROM measure").rows() == [["児童手当"]])
    let error = #expect(throws: SQLiteError.self) {
      try reader.execute(sql: "INSERT INTO measure (name) VALUES (?)", arguments: ["生活保護"])
    }
    #expect(error?.code == 8)
    #expect(error?.isReadOnly == true)
    #expect(error?.isCorrupt == false)
  }

  private func makeTemporaryDirectory() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("shien-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
  }
}
