import CSQLite

/// An error reported by SQLite, or by the Store layer on misuse of it, with the SQL that caused it.
///
/// Its description reads:
///
/// ```
/// SQLite error 1299: NOT NULL constraint failed: measure.name - while executing `INSERT INTO measure …`
/// ```
package struct SQLiteError: Error, Equatable, CustomStringConvertible {
  /// The extended result code, such as 1299 (`SQLITE_CONSTRAINT_NOTNULL`).
  package var code: Int32
  /// SQLite's message (`sqlite3_errmsg`), or the Store layer's own for misuse.
  package var message: String
  /// The statement being prepared or run, nil when opening the database.
  package var sql: String?
  /// The operating system's error number behind an I/O error (`sqlite3_system_errno`), such as `ENOSPC`; 0 if none.
  package var systemErrorNumber: Int32

  package init(code: Int32, message: String, sql: String? = nil, systemErrorNumber: Int32 = 0) {
    self.code = code
    self.message = message
    self.sql = sql
    self.systemErrorNumber = systemErrorNumber
  }

  /// The error `code` of `connection`, with its message and system error number as they are now.
  init(code: Int32, connection: OpaquePointer, sql: String? = nil) {
    self.init(
      code: code, message: String(cString: sqlite3_errmsg(connection)), sql: sql,
      systemErrorNumber: sqlite3_system_errno(connection))
  }

  /// The primary result code, the low 8 bits of `code`: 19 (`SQLITE_CONSTRAINT`) for 1299.
  package var primaryCode: Int32 {
    code & 0xFF
  }

  /// Whether the file is damaged or is not a database at all (`SQLITE_CORRUPT`, `SQLITE_NOTADB`).
  package var isCorrupt: Bool {
    primaryCode == SQLITE_CORRUPT || primaryCode == SQLITE_NOTADB
  }

  /// Whether another connection held a lock for longer than the busy timeout (`SQLITE_BUSY`).
  package var isBusy: Bool {
    primaryCode == SQLITE_BUSY
  }

  /// Whether a write was attempted on a read-only database or file (`SQLITE_READONLY`).
  package var isReadOnly: Bool {
    primaryCode == SQLITE_READONLY
  }

  /// Whether reading or writing the file failed, or it could not be opened (`SQLITE_IOERR`, `SQLITE_CANTOPEN`).
  package var isIOError: Bool {
    primaryCode == SQLITE_IOERR || primaryCode == SQLITE_CANTOPEN
  }

  /// Whether the disk is full (`SQLITE_FULL`).
  package var isFull: Bool {
    primaryCode == SQLITE_FULL
  }

  package var description: String {
    guard let sql else { return "SQLite error \(code): \(message)" }
    return "SQLite error \(code): \(message) - while executing `\(sql)`"
  }
}
