import ShienStore

extension CatalogDatabase {
  /// The readable tables that commands read directly, not through the compiled catalog: names and texts shown by
  /// `search`, its index and its synonyms. Their checksum is kept in `meta` (`tables`), so that an edited table is
  /// refused like an edited compiled blob.
  static let checkedTables = [
    "measure_text", "procedure", "procedure_text", "life_event_text", "synonym", "search_text",
  ]

  /// A checksum of every row of ``checkedTables``, in rowid order, each value with its type.
  static func tablesChecksum(_ db: Database) throws -> String {
    var bytes: [UInt8] = []
    for table in checkedTables {
      bytes += Array(table.utf8) + [0x1D]
      try db.makeStatement(sql: "SELECT * FROM \(table) ORDER BY rowid").forEachRow { row in
        for index in 0..<row.count {
          switch row.value(at: index) {
          case .null: bytes.append(0x00)
          case .integer(let value): bytes += [0x01] + Array(String(value).utf8)
          case .real(let value): bytes += [0x02] + Array(String(value).utf8)
          case .text(let value): bytes += [0x03] + Array(value.utf8)
          case .blob(let value): bytes += [0x04] + value
          }
          bytes.append(0x1F)
        }
        bytes.append(0x1E)
      }
    }
    return CatalogBinary.checksum(bytes)
  }

  /// Refuses a database whose readable tables are not as they were written.
  package static func verifyTables(_ db: Database, path: String) throws(CatalogError) {
    do {
      var stored: String?
      try db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'tables'").forEachRow { stored = $0.text(at: 0) }
      guard let stored, try tablesChecksum(db) == stored else {
        throw CatalogError.database(
          "the catalog database \(path) does not match its own checksum (its tables were altered or damaged); rebuild it with 'shien catalog build'"
        )
      }
    } catch let error as CatalogError {
      throw error
    } catch {
      throw CatalogError.database("cannot read the catalog database \(path): \(error)")
    }
  }
}
