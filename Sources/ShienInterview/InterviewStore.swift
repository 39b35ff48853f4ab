import ShienStore
import ShienSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Saved interviews: a small SQLite database in the user's data folder (`$XDG_DATA_HOME/shien`, else
/// `~/.local/share/shien`), readable by its owner only (folder 0700, file 0600), since it holds personal data.
///
/// Each interview is kept under a name with its household document (the brief's JSON, so a saved household can be
/// checked again as it is) and its answers log (for resuming and going back).
package final class InterviewStore {
  package static let fileName = "interviews.sqlite"
  package static let schemaVersion: Int32 = 1
  /// Longest name accepted.
  package static let maxNameLength = 80
  /// Longest name accepted, in UTF-8 bytes: 80 characters of combining marks would otherwise be 60 KB.
  package static let maxNameBytes = 320

  /// One saved interview.
  package struct Entry: Sendable, Equatable {
    package var name: String
    /// The household document (JSON).
    package var household: String
    package var answers: [InterviewSession.Answer]
    package var language: String
    package var asOf: CivilDate
    /// True once the interview reached its result.
    package var isComplete: Bool
    /// Seconds since the Unix epoch.
    package var created: Double
    package var updated: Double

    package init(
      name: String, household: String, answers: [InterviewSession.Answer], language: String, asOf: CivilDate,
      isComplete: Bool, created: Double, updated: Double
    ) {
      self.name = name
      self.household = household
      self.answers = answers
      self.language = language
      self.asOf = asOf
      self.isComplete = isComplete
      self.created = created
      self.updated = updated
    }
  }

  package let directory: String
  package var path: String { directory + "/" + InterviewStore.fileName }
  private let db: Database
  /// The store file's device and inode when opened: a file removed (`shien saved --purge`) or replaced since then
  /// is no longer where saves go, and a save says so instead of writing to a deleted file.
  private let identity: (device: UInt64, inode: UInt64)

  /// The folder saved interviews live in, from the environment; nil when neither variable is set.
  package static func defaultDirectory(environment: (String) -> String?) -> String? {
    if let data = environment("XDG_DATA_HOME"), data.hasPrefix("/") { return data + "/shien" }
    if let home = environment("HOME"), !home.isEmpty { return home + "/.local/share/shien" }
    return nil
  }

  /// Why a folder could not be made: "File exists" says little when a file stands where the folder should be.
  private static func creationProblem() -> String {
    errno == EEXIST || errno == ENOTDIR ? "a file of that name is in the way" : systemErrorMessage()
  }

  /// Opens (creating when needed) the store in `directory`, making the folder 0700 and the file 0600.
  package init(directory: String) throws(InterviewStoreError) {
    self.directory = directory
    // A link where the folder should be would have shien follow it and restrict whatever it leads to (chmod 0700).
    var info = stat()
    if lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
      throw InterviewStoreError("\(directory) is a symbolic link; saved interviews are kept only in a real folder")
    }
    let parent = parentDirectory(directory)
    if !isDirectory(parent) && !makeDirectories(parent, mode: 0o755) {
      throw InterviewStoreError("cannot create \(parent): \(InterviewStore.creationProblem())")
    }
    if !isDirectory(directory) && mkdir(directory, 0o700) != 0 && !isDirectory(directory) {
      throw InterviewStoreError("cannot create \(directory): \(InterviewStore.creationProblem())")
    }
    guard chmod(directory, 0o700) == 0 else {
      throw InterviewStoreError("cannot restrict \(directory) to its owner: \(systemErrorMessage())")
    }
    let file = directory + "/" + InterviewStore.fileName
    let fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { throw InterviewStoreError("cannot open \(file): \(systemErrorMessage())") }
    let modeChanged = fchmod(fd, 0o600) == 0
    var opened = stat()
    fstat(fd, &opened)
    identity = (UInt64(opened.st_dev), UInt64(opened.st_ino))
    close(fd)
    guard modeChanged else {
      throw InterviewStoreError("cannot restrict \(file) to its owner: \(systemErrorMessage())")
    }
    do {
      let db = try Database(path: file, mode: .readWrite)
      // Deleted interviews are overwritten on disk, not merely unlinked from the b-tree.
      try db.execute(sql: "PRAGMA secure_delete = ON")
      if try db.userVersion() == 0 {
        try db.inTransaction {
          try db.execute(
            sql: """
              CREATE TABLE IF NOT EXISTS interview (
                name TEXT PRIMARY KEY NOT NULL,
                household TEXT NOT NULL,
                answers TEXT NOT NULL,
                language TEXT NOT NULL,
                as_of TEXT NOT NULL,
                complete INTEGER NOT NULL,
                created REAL NOT NULL,
                updated REAL NOT NULL
              ) STRICT;
              """)
          try db.setUserVersion(InterviewStore.schemaVersion)
        }
      } else if try db.userVersion() != InterviewStore.schemaVersion {
        throw InterviewStoreError("\(file) was written by another version of shien", kind: .badData)
      }
      self.db = db
    } catch let error as InterviewStoreError {
      throw error
    } catch {
      throw InterviewStore.storeError(error, file: file)
    }
  }

  /// An error of the store's file, in words a resident can act on — a full disk, a file that cannot be written, a
  /// damaged file, another shien holding it; SQLite's own message otherwise — and of the kind the caller acts on.
  /// `action` (`cannot delete 'x'`) goes before the reason.
  private static func storeError(_ error: any Error, file: String, action: String? = nil) -> InterviewStoreError {
    var (reason, kind): (String, InterviewStoreError.Kind) = ("\(file): \(error)", .other)
    if let error = error as? SQLiteError {
      let systemError = error.systemErrorNumber
      if error.isFull || systemError == ENOSPC {
        (reason, kind) = ("cannot write \(file): the disk is full", .diskFull(file: file))
      } else if error.isReadOnly {
        reason = "cannot write \(file): it is read-only"
      } else if error.isBusy {
        reason = "\(file) is in use by another shien; try again in a moment"
      } else if error.isCorrupt {
        (reason, kind) = ("\(file) is damaged", .damaged)
      } else if error.isIOError {
        reason = "cannot write \(file): " + (systemError == 0 ? error.message : String(cString: strerror(systemError)))
      } else {
        reason = "\(file): \(error.message)"
      }
    }
    return InterviewStoreError(action.map { "\($0): \(reason)" } ?? reason, kind: kind)
  }

  /// ``storeError(_:file:action:)`` for this store's file.
  private func storeError(_ error: any Error, action: String? = nil) -> InterviewStoreError {
    InterviewStore.storeError(error, file: path, action: action)
  }

  /// Throws when the store's file is no longer the one opened: removed, or replaced by another.
  private func checkStillThere() throws(InterviewStoreError) {
    var info = stat()
    guard stat(path, &info) == 0, UInt64(info.st_dev) == identity.device, UInt64(info.st_ino) == identity.inode
    else {
      throw InterviewStoreError(
        "\(path) was removed while this interview was open ('shien saved --purge'?); these answers are not kept")
    }
  }

  /// Saves `entry`, replacing one of the same name.
  package func save(_ entry: Entry) throws(InterviewStoreError) {
    try checkStillThere()
    do {
      try db.execute(
        sql: """
          INSERT INTO interview (name, household, answers, language, as_of, complete, created, updated)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (name) DO UPDATE SET household = excluded.household, answers = excluded.answers,
            language = excluded.language, as_of = excluded.as_of, complete = excluded.complete,
            updated = excluded.updated
          """,
        arguments: [
          .text(entry.name), .text(entry.household), .text(InterviewStore.encode(entry.answers)),
          .text(entry.language), .text(entry.asOf.description), .integer(entry.isComplete ? 1 : 0),
          .real(entry.created), .real(entry.updated),
        ])
    } catch {
      throw storeError(error)
    }
  }

  /// Saves `entry` under a name no other interview has, for a first automatic save: when another process took the
  /// name in the meantime, the name gets the next free `-2`, `-3`, … Returns the name used.
  package func saveNew(_ entry: Entry) throws(InterviewStoreError) -> String {
    try checkStillThere()
    var entry = entry
    let base = entry.name
    for number in 2...1000 {
      do {
        try db.execute(
          sql: """
            INSERT INTO interview (name, household, answers, language, as_of, complete, created, updated)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING
            """,
          arguments: [
            .text(entry.name), .text(entry.household), .text(InterviewStore.encode(entry.answers)),
            .text(entry.language), .text(entry.asOf.description), .integer(entry.isComplete ? 1 : 0),
            .real(entry.created), .real(entry.updated),
          ])
      } catch {
        throw storeError(error)
      }
      if db.changesCount == 1 { return entry.name }
      entry.name = "\(base)-\(number)"
    }
    throw InterviewStoreError("cannot save '\(base)': every name from '\(base)-2' to '\(base)-1000' is taken")
  }

  /// The interview saved as `name`, or nil.
  package func load(_ name: String) throws(InterviewStoreError) -> Entry? {
    try entries(where: "WHERE name = ?", [.text(name)]).first
  }

  /// Every saved interview, the most recently updated first.
  package func list() throws(InterviewStoreError) -> [Entry] {
    try entries(where: "ORDER BY updated DESC, name", [])
  }

  /// Deletes the interview saved as `name`; false when there was none.
  @discardableResult
  package func delete(_ name: String) throws(InterviewStoreError) -> Bool {
    do {
      try db.execute(sql: "DELETE FROM interview WHERE name = ?", arguments: [.text(name)])
      return db.changesCount > 0
    } catch {
      throw storeError(error, action: "cannot delete '\(name)'")
    }
  }

  /// Renames a saved interview, replacing one already saved under the new name.
  package func rename(_ name: String, to newName: String) throws(InterviewStoreError) {
    guard name != newName else { return }
    do {
      try db.inTransaction {
        try db.execute(sql: "DELETE FROM interview WHERE name = ?", arguments: [.text(newName)])
        try db.execute(sql: "UPDATE interview SET name = ? WHERE name = ?", arguments: [.text(newName), .text(name)])
      }
    } catch {
      throw storeError(error, action: "cannot rename '\(name)'")
    }
  }

  /// Removes the whole store: the database file, its journal, and the folder when nothing else is in it. Returns how
  /// many interviews there were.
  package static func purge(directory: String) throws(InterviewStoreError) -> Int {
    let file = directory + "/" + fileName
    guard fileExists(file) else { return 0 }
    let count = (try? InterviewStore(directory: directory).list().count) ?? 0
    for suffix in ["", "-journal", "-wal", "-shm"] where fileExists(file + suffix) {
      guard removeFile(file + suffix) else {
        throw InterviewStoreError("cannot remove \(file + suffix): \(systemErrorMessage())")
      }
    }
    if directoryEntries(directory).isEmpty { rmdir(directory) }
    return count
  }

  /// Why a name cannot be used, or nil: names are 1…80 characters without control characters or slashes.
  package static func problem(withName name: String) -> String? {
    if name.isEmpty { return "empty" }
    if name.utf8.count > maxNameBytes || name.count > maxNameLength {
      return "longer than \(maxNameLength) characters"
    }
    if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "/" }) {
      return "contains a control character or '/'"
    }
    return nil
  }

  // MARK: - Rows

  private func entries(where clause: String, _ arguments: [DatabaseValue]) throws(InterviewStoreError) -> [Entry] {
    var found: [Entry] = []
    do {
      let sql = "SELECT name, household, answers, language, as_of, complete, created, updated FROM interview \(clause)"
      try db.cachedStatement(sql: sql).forEachRow(arguments: arguments) { row in
        let name = row.text(at: 0) ?? ""
        guard let asOf = CivilDate(iso: row.text(at: 4) ?? "") else {
          throw InterviewStoreError("saved interview '\(name)' has no valid date", kind: .badData)
        }
        found.append(
          Entry(
            name: name, household: row.text(at: 1) ?? "{}", answers: InterviewStore.decode(row.text(at: 2) ?? "[]"),
            language: row.text(at: 3) ?? "ja", asOf: asOf, isComplete: row.int64(at: 5) != 0,
            created: row.double(at: 6), updated: row.double(at: 7)))
      }
    } catch let error as InterviewStoreError {
      throw error
    } catch {
      throw storeError(error, action: "cannot read saved interviews")
    }
    return found
  }

  /// The answers log as JSON: `[{"key": "children", "value": "2"}, {"key": "municipality", "value": "40223",
  /// "preset": true}]`.
  package static func encode(_ answers: [InterviewSession.Answer]) -> String {
    var json = JSONWriter()
    json.beginArray()
    for answer in answers {
      json.beginObject()
      json.field("key", answer.key)
      json.field("value", answer.value)
      if answer.isPreset { json.field("preset", true) }
      json.endObject()
    }
    json.endArray()
    return json.output
  }

  /// Reads an answers log; entries that are not as ``encode(_:)`` writes them are left out.
  package static func decode(_ text: String) -> [InterviewSession.Answer] {
    guard let root = try? JSONReader.parse(text), let array = root.array else { return [] }
    return array.compactMap { node in
      guard let key = node["key"]?.string else { return nil }
      return InterviewSession.Answer(key: key, value: node["value"]?.string, isPreset: node["preset"]?.bool ?? false)
    }
  }
}

/// Why saved interviews could not be read or written.
package struct InterviewStoreError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What kind of trouble, for what to tell a resident and which exit status to give.
  package enum Kind: Sendable, Equatable {
    /// The disk holding the store is full: `file` is the store.
    case diskFull(file: String)
    /// The store's file is from another version of shien, or holds what it should not (bad data).
    case badData
    /// The store's file is damaged (bad data): only removing it helps.
    case damaged
    /// Anything else: a folder that cannot be made, a write that failed.
    case other
  }

  package var message: String
  package var kind: Kind

  package init(_ message: String, kind: Kind = .other) {
    self.message = message
    self.kind = kind
  }

  /// True when the store's file is damaged or from another version (bad data), false for a failed read or write.
  package var isBadData: Bool { kind == .badData || kind == .damaged }

  package var description: String { message }
}
