import CSQLite

/// SQLite's `SQLITE_TRANSIENT` destructor, which the C macro defines as `((sqlite3_destructor_type)-1)` and Swift
/// cannot import: it makes `sqlite3_bind_text` and `sqlite3_bind_blob` copy the bytes before returning.
nonisolated(unsafe) private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement, owning its `sqlite3_stmt` and finalizing it on deinit.
///
/// Make one with `Database.makeStatement(sql:)` or `Database.cachedStatement(sql:)`. A statement belongs to the
/// database that made it and, like it, to one thread at a time.
package final class Statement {
  /// The prepared statement handle.
  let handle: OpaquePointer
  /// The connection the statement was prepared on, for error messages (`sqlite3_errmsg`).
  let connection: OpaquePointer
  /// The SQL text the statement was prepared from.
  package let sql: String
  /// Whether a `step()` has failed, which evicts the statement from its database's cache.
  private(set) var hasFailed = false

  /// Prepares the single statement in `sql` (`sqlite3_prepare_v3`); throws if `sql` holds none or several.
  ///
  /// - Parameter persistent: Hints that the statement will be kept and reused (`SQLITE_PREPARE_PERSISTENT`).
  init(connection: OpaquePointer, sql: String, persistent: Bool) throws {
    let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
    var statement: OpaquePointer?
    let hasTrailingStatement = try sql.withCString { text in
      var tail: UnsafePointer<CChar>?
      let code = sqlite3_prepare_v3(connection, text, -1, flags, &statement, &tail)
      guard code == SQLITE_OK else {
        throw SQLiteError(code: code, connection: connection, sql: sql)
      }
      guard let tail, !isBlank(tail) else { return false }
      // Only whitespace and comments are allowed after the statement: preparing them yields no statement.
      var trailing: OpaquePointer?
      let trailingCode = sqlite3_prepare_v2(connection, tail, -1, &trailing, nil)
      sqlite3_finalize(trailing)
      return trailingCode != SQLITE_OK || trailing != nil
    }
    guard let statement else {
      throw SQLiteError(code: SQLITE_MISUSE, message: "no statement found", sql: sql)
    }
    guard !hasTrailingStatement else {
      sqlite3_finalize(statement)
      throw SQLiteError(
        code: SQLITE_MISUSE, message: "multiple statements found; run a script with execute(sql:)", sql: sql)
    }
    self.handle = statement
    self.connection = connection
    self.sql = sql
  }

  deinit {
    // sqlite3_finalize repeats the error of the last failed step, which step() has already thrown.
    sqlite3_finalize(handle)
  }

  /// The number of columns in a result row (`sqlite3_column_count`); 0 for statements that return none.
  package var columnCount: Int {
    Int(sqlite3_column_count(handle))
  }

  /// The name of the result column at `index` (`sqlite3_column_name`), its `AS` alias if it has one.
  package func columnName(at index: Int) -> String {
    checkColumn(index)
    guard let name = sqlite3_column_name(handle, Int32(index)) else {
      preconditionFailure("sqlite3_column_name ran out of memory")
    }
    return String(cString: name)
  }

  /// The number of `?` parameters the statement takes (`sqlite3_bind_parameter_count`).
  package var parameterCount: Int {
    Int(sqlite3_bind_parameter_count(handle))
  }

  /// Whether the statement has started returning rows and not been reset (`sqlite3_stmt_busy`).
  var isBusy: Bool {
    sqlite3_stmt_busy(handle) != 0
  }

  // MARK: Running

  /// Resets the statement and binds `arguments` to its parameters by position (`sqlite3_bind_*`).
  ///
  /// Throws `SQLITE_MISUSE` unless there is exactly one argument per parameter: SQLite itself would silently bind
  /// NULL to the missing ones.
  package func bind(_ arguments: [DatabaseValue]) throws {
    reset()
    sqlite3_clear_bindings(handle)
    guard arguments.count == parameterCount else {
      let message = "wrong number of statement arguments: expected \(parameterCount), got \(arguments.count)"
      throw SQLiteError(code: SQLITE_MISUSE, message: message, sql: sql)
    }
    for (offset, argument) in arguments.enumerated() {
      let index = Int32(offset + 1)
      let code: Int32
      switch argument {
      case .null:
        code = sqlite3_bind_null(handle, index)
      case .integer(let value):
        code = sqlite3_bind_int64(handle, index, value)
      case .real(let value):
        code = sqlite3_bind_double(handle, index, value)
      case .text(let value):
        // withCString never hands out a null pointer, which would bind NULL instead of "".
        code = value.withCString { sqlite3_bind_text(handle, index, $0, Int32(value.utf8.count), sqliteTransient) }
      case .blob(let value) where value.isEmpty:
        // An empty array may have no base address, and a null pointer would bind NULL instead of an empty blob.
        code = sqlite3_bind_zeroblob(handle, index, 0)
      case .blob(let value):
        code = value.withUnsafeBytes {
          sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), sqliteTransient)
        }
      }
      guard code == SQLITE_OK else { throw error(code: code) }
    }
  }

  /// Rewinds the statement so it can run again, keeping its bindings (`sqlite3_reset`).
  ///
  /// The result code of `sqlite3_reset` repeats the error of the last failed step, which `step()` has already thrown,
  /// so it is not checked here.
  package func reset() {
    sqlite3_reset(handle)
  }

  /// Runs the statement to its next row (`sqlite3_step`): true when a row is ready to read, false when done.
  package func step() throws -> Bool {
    switch sqlite3_step(handle) {
    case SQLITE_ROW:
      return true
    case SQLITE_DONE:
      return false
    case let code:
      hasFailed = true
      throw error(code: code)
    }
  }

  /// Binds `arguments` and runs the statement to completion, skipping any rows it returns.
  package func execute(arguments: [DatabaseValue] = []) throws {
    try bind(arguments)
    defer { reset() }
    while try step() {}
  }

  /// Binds `arguments` and calls `body` with each result row; the row is only valid inside `body`.
  ///
  /// Reads columns in place, without copying a row into an array: the way to read many rows.
  package func forEachRow(arguments: [DatabaseValue] = [], _ body: (Row) throws -> Void) throws {
    try bind(arguments)
    defer { reset() }
    let row = Row(statement: self)
    while try step() {
      try body(row)
    }
  }

  /// Binds `arguments` and returns every result row as an array of values.
  package func rows(arguments: [DatabaseValue] = []) throws -> [[DatabaseValue]] {
    var rows: [[DatabaseValue]] = []
    try forEachRow(arguments: arguments) { row in
      rows.append((0..<row.count).map(row.value(at:)))
    }
    return rows
  }

  // MARK: Reading the current row

  /// The value of column `index` in the current row as an integer (`sqlite3_column_int64`); 0 for NULL.
  package func int64(at index: Int) -> Int64 {
    checkColumn(index)
    return sqlite3_column_int64(handle, Int32(index))
  }

  /// The value of column `index` in the current row as a double (`sqlite3_column_double`); 0 for NULL.
  package func double(at index: Int) -> Double {
    checkColumn(index)
    return sqlite3_column_double(handle, Int32(index))
  }

  /// The value of column `index` in the current row as text (`sqlite3_column_text`); nil for NULL.
  package func text(at index: Int) -> String? {
    checkColumn(index)
    let column = Int32(index)
    guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
    guard let bytes = sqlite3_column_text(handle, column) else {
      preconditionFailure("sqlite3_column_text ran out of memory")
    }
    let count = Int(sqlite3_column_bytes(handle, column))
    return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
  }

  /// The value of column `index` in the current row as bytes (`sqlite3_column_blob`); nil for NULL.
  package func blob(at index: Int) -> [UInt8]? {
    checkColumn(index)
    let column = Int32(index)
    guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
    // sqlite3_column_blob returns a null pointer for an empty blob; call it before sqlite3_column_bytes.
    let bytes = sqlite3_column_blob(handle, column)
    let count = Int(sqlite3_column_bytes(handle, column))
    guard let bytes, count > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: bytes, count: count))
  }

  /// Whether column `index` in the current row is NULL (`sqlite3_column_type`).
  package func isNull(at index: Int) -> Bool {
    checkColumn(index)
    return sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL
  }

  /// The value of column `index` in the current row, in the storage class SQLite holds it in.
  package func value(at index: Int) -> DatabaseValue {
    checkColumn(index)
    switch sqlite3_column_type(handle, Int32(index)) {
    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, Int32(index)))
    case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, Int32(index)))
    case SQLITE_TEXT: return .text(text(at: index) ?? "")
    case SQLITE_BLOB: return .blob(blob(at: index) ?? [])
    default: return .null
    }
  }

  // MARK: Helpers

  private func checkColumn(_ index: Int) {
    precondition(index >= 0 && index < columnCount, "column \(index) out of range 0..<\(columnCount) in `\(sql)`")
  }

  /// The error for `code`, with the connection's message (`sqlite3_errmsg`) and this statement's SQL.
  private func error(code: Int32) -> SQLiteError {
    SQLiteError(code: code, connection: connection, sql: sql)
  }
}

extension Statement {
  /// The current result row of a statement, read in place; valid only inside the `forEachRow` body it is given to.
  package struct Row {
    let statement: Statement

    /// The number of columns (`sqlite3_column_count`).
    package var count: Int { statement.columnCount }

    /// Column `index` as an integer (`sqlite3_column_int64`); 0 for NULL.
    package func int64(at index: Int) -> Int64 { statement.int64(at: index) }

    /// Column `index` as an `Int` (`sqlite3_column_int64`); 0 for NULL.
    package func int(at index: Int) -> Int { Int(statement.int64(at: index)) }

    /// Column `index` as a double (`sqlite3_column_double`); 0 for NULL.
    package func double(at index: Int) -> Double { statement.double(at: index) }

    /// Column `index` as text (`sqlite3_column_text`); nil for NULL.
    package func text(at index: Int) -> String? { statement.text(at: index) }

    /// Column `index` as bytes (`sqlite3_column_blob`); nil for NULL.
    package func blob(at index: Int) -> [UInt8]? { statement.blob(at: index) }

    /// Whether column `index` is NULL (`sqlite3_column_type`).
    package func isNull(at index: Int) -> Bool { statement.isNull(at: index) }

    /// Column `index` in the storage class SQLite holds it in.
    package func value(at index: Int) -> DatabaseValue { statement.value(at: index) }
  }
}

/// Whether the C string holds only ASCII whitespace and semicolons.
private func isBlank(_ text: UnsafePointer<CChar>) -> Bool {
  var cursor = text
  while true {
    switch UInt8(bitPattern: cursor.pointee) {
    case 0: return true
    case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ";"): break
    default: return false
    }
    cursor += 1
  }
}
