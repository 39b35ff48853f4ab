import Foundation
import Testing

@testable import ShienInterview
@testable import ShienSupport

private func mode(_ path: String) throws -> Int {
  try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
}

private func entry(_ name: String, updated: Double = 1_750_000_000) -> InterviewStore.Entry {
  InterviewStore.Entry(
    name: name, household: #"{"members":[{"role":"self","age":35}]}"#,
    answers: [
      .init(key: "municipality", value: "40223", isPreset: true), .init(key: "member.0.birth", value: "35"),
      .init(key: "fact.income.0", value: nil),
    ], language: "ja", asOf: Fixtures.date("2025-06-01"), isComplete: false, created: 1_749_000_000, updated: updated)
}

@Suite struct InterviewStoreTests {
  let directory: String

  init() throws {
    directory =
      FileManager.default.temporaryDirectory.appendingPathComponent("shien-store-\(UUID().uuidString)")
      .appendingPathComponent("shien").path
  }

  @Test func theFolderAndTheFileAreTheOwnersOnly() throws {
    defer { try? FileManager.default.removeItem(atPath: parentDirectory(directory)) }
    let store = try InterviewStore(directory: directory)
    try store.save(entry("a"))
    #expect(try mode(directory) == 0o700)
    #expect(try mode(store.path) == 0o600)
  }

  @Test func aFolderLeftOpenIsClosedAgain() throws {
    defer { try? FileManager.default.removeItem(atPath: parentDirectory(directory)) }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    chmod(directory, 0o755)
    #expect(FileManager.default.createFile(atPath: directory + "/" + InterviewStore.fileName, contents: nil))
    chmod(directory + "/" + InterviewStore.fileName, 0o644)
    let store = try InterviewStore(directory: directory)
    #expect(try mode(directory) == 0o700)
    #expect(try mode(store.path) == 0o600)
  }

  @Test func savesLoadsListsRenamesAndDeletes() throws {
    defer { try? FileManager.default.removeItem(atPath: parentDirectory(directory)) }
    let store = try InterviewStore(directory: directory)
    try store.save(entry("older", updated: 1))
    try store.save(entry("newer", updated: 2))
    #expect(try store.load("older") == entry("older", updated: 1))
    #expect(try store.list().map(\.name) == ["newer", "older"])
    var changed = entry("older", updated: 3)
    changed.isComplete = true
    try store.save(changed)
    #expect(try store.load("older")?.isComplete == true)
    #expect(try store.load("older")?.created == 1_749_000_000)
    try store.rename("older", to: "山田さん")
    #expect(try store.load("older") == nil)
    #expect(try store.load("山田さん")?.answers == entry("x").answers)
    #expect(try store.delete("山田さん"))
    #expect(try !store.delete("山田さん"))
    // A second connection sees what the first wrote.
    #expect(try InterviewStore(directory: directory).list().map(\.name) == ["newer"])
  }

  @Test func aNewSaveNeverReplacesAnotherInterview() throws {
    defer { try? FileManager.default.removeItem(atPath: parentDirectory(directory)) }
    let first = try InterviewStore(directory: directory)
    let second = try InterviewStore(directory: directory)
    #expect(try first.saveNew(entry("2025-06-01-1432")) == "2025-06-01-1432")
    #expect(try second.saveNew(entry("2025-06-01-1432", updated: 2)) == "2025-06-01-1432-2")
    #expect(try first.saveNew(entry("2025-06-01-1432", updated: 3)) == "2025-06-01-1432-3")
    #expect(try first.load("2025-06-01-1432")?.updated == 1_750_000_000)
    #expect(try first.list().count == 3)
  }

  @Test func aFileWhereTheFolderShouldBeIsNamed() throws {
    let parent = parentDirectory(directory)
    defer { try? FileManager.default.removeItem(atPath: parent) }
    #expect(FileManager.default.createFile(atPath: parent, contents: Data()))
    #expect(throws: InterviewStoreError("cannot create \(parent): a file of that name is in the way")) {
      try InterviewStore(directory: directory)
    }
  }

  @Test func purgeRemovesTheDatabaseAndTheFolder() throws {
    defer { try? FileManager.default.removeItem(atPath: parentDirectory(directory)) }
    let store = try InterviewStore(directory: directory)
    try store.save(entry("a"))
    try store.save(entry("b"))
    #expect(try InterviewStore.purge(directory: directory) == 2)
    #expect(!fileExists(directory))
    #expect(try InterviewStore.purge(directory: directory) == 0)
  }

  @Test func theAnswersLogRoundTrips() {
    let answers = entry("x").answers
    let text = InterviewStore.encode(answers)
    #expect(text.contains(#""preset":true"#))
    #expect(text.contains(#""value":null"#))
    #expect(InterviewStore.decode(text) == answers)
    #expect(InterviewStore.decode("not json").isEmpty)
    #expect(InterviewStore.decode(#"[{"value":"1"},{"key":"children","value":"2"}]"#).map(\.key) == ["children"])
  }

  @Test(arguments: [("山田 花子", nil as String?), ("", "empty"), ("a/b", "contains a control character or '/'")])
  func namesAreChecked(name: String, problem: String?) {
    #expect(InterviewStore.problem(withName: name) == problem)
  }

  @Test func theDataFolderFollowsXDGThenHome() {
    #expect(InterviewStore.defaultDirectory { ["XDG_DATA_HOME": "/x", "HOME": "/h"][$0] } == "/x/shien")
    #expect(
      InterviewStore.defaultDirectory { ["XDG_DATA_HOME": "relative", "HOME": "/h"][$0] } == "/h/.local/share/shien")
    #expect(InterviewStore.defaultDirectory { ["HOME": "/h"][$0] } == "/h/.local/share/shien")
    #expect(InterviewStore.defaultDirectory { _ in nil } == nil)
  }
}
