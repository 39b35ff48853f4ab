import CSQLite

/// A connection to an SQLite database, owning its `sqlite3` handle and closing it on deinit.
///
/// Opening turns on extended result codes and `PRAGMA foreign_keys`, and waits up to `busyTimeout` for locks held by
/// other connections. A `Database` and its statements belong to one thread at a time: the connection is opened in
/// SQLite's multi-thread mode (`SQLITE_OPEN_NOMUTEX`), and the type is not `Sendable`.
package final class Database {
  /// How to open the database file.
  package enum Mode: Sendable {
    /// Read the existing file; writing throws `SQLITE_READONLY` (`SQLITE_OPEN_READONLY`).
    case readOnly
    /// Read and write the existing file (`SQLITE_OPEN_READWRITE`).
    case readWrite
    /// Read and write the file, creating it if missing (`SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE`).
    case create
  }

  /// How long a statement waits for another connection's lock before failing with `SQLITE_BUSY`, in milliseconds.
  package static let busyTimeout: Int32 = 2000

  /// The connection handle.
  let handle: OpaquePointer
  /// The path the database was opened at, or `":memory:"`.
  package let path: String
  /// Prepared statements by SQL text, for `cachedStatement(sql:)`.
  private var statementCache: [String: Statement] = [:]

  /// Opens the database at `path` (`sqlite3_open_v2`); `":memory:"` opens a new empty in-memory database.
  ///
  /// A file that is not a database opens without error: the first statement to read it throws `SQLITE_NOTADB`.
  package init(path: String, mode: Mode = .create) throws {
    var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
    switch mode {
    case .readOnly: flags |= SQLITE_OPEN_READONLY
    case .readWrite: flags |= SQLITE_OPEN_READWRITE
    case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
    }
    var connection: OpaquePointer?
    let code = sqlite3_open_v2(path, &connection, flags, nil)
    guard let connection else {
      throw SQLiteError(code: SQLITE_NOMEM, message: "out of memory opening '\(path)'")
    }
    guard code == SQLITE_OK else {
      // sqlite3_open_v2 returns a handle that holds the message even when it fails, and it must still be closed.
      let message = String(cString: sqlite3_errmsg(connection))
      sqlite3_close_v2(connection)
      throw SQLiteError(code: code, message: "\(message) at '\(path)'")
    }
    self.handle = connection
    self.path = path
    // From here on, deinit closes the connection if a step below throws.
    try check(sqlite3_extended_result_codes(connection, 1))
    try check(sqlite3_busy_timeout(connection, Self.busyTimeout))
    try execute(sql: "PRAGMA foreign_keys = ON")
  }

  deinit {
    statementCache.removeAll()
    // sqlite3_close_v2 defers the close until statements still held elsewhere are finalized, and then returns
    // SQLITE_OK; any other result is misuse of the handle.
    let code = sqlite3_close_v2(handle)
    assert(code == SQLITE_OK, "sqlite3_close_v2 failed with \(code)")
  }

  // MARK: Statements

  /// Prepares a new statement from `sql`, which must hold exactly one SQL statement (`sqlite3_prepare_v3`).
  package func makeStatement(sql: String) throws -> Statement {
    try Statement(connection: handle, sql: sql, persistent: false)
  }

  /// Returns the statement prepared from `sql` for earlier calls, or prepares and keeps a new one.
  ///
  /// A statement whose `step()` failed is thrown away and prepared again. While the cached statement is in the middle
  /// of returning rows (in a `forEachRow` body, say), this returns a fresh uncached statement instead of disturbing it.
  package func cachedStatement(sql: String) throws -> Statement {
    if let statement = statementCache[sql] {
      if !statement.hasFailed {
        if statement.isBusy { return try makeStatement(sql: sql) }
        return statement
      }
      statementCache[sql] = nil
    }
    let statement = try Statement(connection: handle, sql: sql, persistent: true)
    statementCache[sql] = statement
    return statement
  }

  /// Runs the SQL statement in `sql` with `arguments` bound to its `?` parameters, through the statement cache.
  package func execute(sql: String, arguments: [DatabaseValue]) throws {
    try cachedStatement(sql: sql).execute(arguments: arguments)
  }

  /// Runs each statement of an SQL script in turn, without arguments; rows they return are skipped.
  ///
  /// Stops at the first failing statement, whose own text the error carries; the statements before it stay done
  /// unless the call is wrapped in `inTransaction(_:)`.
  package func execute(sql: String) throws {
    try sql.withCString { script in
      var cursor = script
      while cursor.pointee != 0 {
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let code = sqlite3_prepare_v2(handle, cursor, -1, &statement, &tail)
        guard code == SQLITE_OK else {
          throw SQLiteError(code: code, connection: handle, sql: firstStatement(in: cursor))
        }
        // A script ending in whitespace or comments leaves no statement to run.
        guard let statement, let tail else { return }
        defer { sqlite3_finalize(statement) }
        var result: Int32
        repeat { result = sqlite3_step(statement) } while result == SQLITE_ROW
        guard result == SQLITE_DONE else {
          throw SQLiteError(code: result, connection: handle, sql: trimmed(String(cString: sqlite3_sql(statement))))
        }
        cursor = tail
      }
    }
  }

  // MARK: Transactions

  /// Runs `body` in a transaction: BEGIN IMMEDIATE, then COMMIT, or ROLLBACK when `body` or the commit throws.
  ///
  /// The error rethrown is the one from `body` or the commit; an error rolling back is dropped in its favour.
  /// Transactions do not nest: calling this inside `body` throws "cannot start a transaction within a transaction".
  package func inTransaction<T>(_ body: () throws -> T) throws -> T {
    try execute(sql: "BEGIN IMMEDIATE TRANSACTION")
    do {
      let result = try body()
      try execute(sql: "COMMIT TRANSACTION")
      return result
    } catch {
      // Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY, SQLITE_NOMEM) have rolled back already.
      if isInsideTransaction {
        try? execute(sql: "ROLLBACK TRANSACTION")
      }
      throw error
    }
  }

  /// Whether a transaction is open (`sqlite3_get_autocommit` is 0).
  package var isInsideTransaction: Bool {
    sqlite3_get_autocommit(handle) == 0
  }

  // MARK: Connection state

  /// The rowid of the last row inserted on this connection (`sqlite3_last_insert_rowid`); 0 before any insert.
  package var lastInsertedRowID: Int64 {
    sqlite3_last_insert_rowid(handle)
  }

  /// The number of rows changed by the last INSERT, UPDATE or DELETE on this connection (`sqlite3_changes`).
  package var changesCount: Int {
    Int(sqlite3_changes(handle))
  }

  /// The schema version the application stored in the database header (`PRAGMA user_version`); 0 for a new one.
  package func userVersion() throws -> Int32 {
    var version: Int32 = 0
    try cachedStatement(sql: "PRAGMA user_version").forEachRow { version = Int32(truncatingIfNeeded: $0.int64(at: 0)) }
    return version
  }

  /// Stores `version` in the database header (`PRAGMA user_version`).
  package func setUserVersion(_ version: Int32) throws {
    // PRAGMA takes no bound parameters; an Int32 interpolates safely.
    try execute(sql: "PRAGMA user_version = \(version)")
  }

  // MARK: Schema and health

  /// The problems `PRAGMA quick_check` finds in the database, one line each; empty when it reports "ok".
  package func integrityCheck() throws -> [String] {
    var lines: [String] = []
    try makeStatement(sql: "PRAGMA quick_check").forEachRow { lines.append($0.text(at: 0) ?? "") }
    return lines == ["ok"] ? [] : lines
  }

  /// Whether the main schema has a table, ordinary or virtual, named `name` (case-insensitively, as SQLite compares).
  package func tableExists(_ name: String) throws -> Bool {
    let sql = "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ? COLLATE NOCASE"
    var exists = false
    try cachedStatement(sql: sql).forEachRow(arguments: [.text(name)]) { _ in exists = true }
    return exists
  }

  // MARK: Helpers

  /// The message for the connection's most recent error (`sqlite3_errmsg`).
  private var errorMessage: String {
    String(cString: sqlite3_errmsg(handle))
  }

  /// Throws the connection's error unless `code` is `SQLITE_OK`.
  private func check(_ code: Int32) throws {
    guard code == SQLITE_OK else { throw SQLiteError(code: code, connection: handle) }
  }

  /// The first complete statement of `script` (as `sqlite3_complete` judges), or all of it, trimmed, for an error.
  private func firstStatement(in script: UnsafePointer<CChar>) -> String {
    let text = String(cString: script)
    var prefix = ""
    for character in text {
      prefix.append(character)
      if character == ";" && sqlite3_complete(prefix) != 0 { break }
    }
    return trimmed(prefix)
  }

  /// `text` without leading and trailing whitespace.
  private func trimmed(_ text: String) -> String {
    let content = text.drop(while: \.isWhitespace)
    guard let last = content.lastIndex(where: { !$0.isWhitespace }) else { return "" }
    return String(content[...last])
  }
}
