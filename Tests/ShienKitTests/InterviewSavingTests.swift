import Foundation
import Testing

@testable import ShienFacts
@testable import ShienInterview
@testable import ShienSupport

private let asOf = Fixtures.date("2025-06-01")

@Suite struct InterviewSavingTests {
  let directory: String

  init() {
    directory =
      FileManager.default.temporaryDirectory.appendingPathComponent("shien-saving-\(UUID().uuidString)")
      .appendingPathComponent("shien").path
  }

  private func answered(_ answers: [String]) throws -> InterviewSession {
    var session = InterviewSession(catalog: Fixtures.catalog, asOf: asOf)
    for answer in answers { try session.answer(answer) }
    return session
  }

  @Test func anAutomaticSaveStartsWithTheFirstAnswerAndGoesWhenNotKept() throws {
    defer { try? FileManager.default.removeItem(atPath: parentDirectory(directory)) }
    let store = try InterviewStore(directory: directory)
    var saving = InterviewSaving(store: store, name: "2025-06-01-0900", isNamed: false, created: 1_749_000_000)
    var session = InterviewSession(catalog: Fixtures.catalog, asOf: asOf)
    #expect(saving.autosave(session, language: .ja, complete: false) == .quiet)
    #expect(try store.list().isEmpty)
    #expect(saving.kept(session) == nil)
    try session.answer("古賀市")
    try session.answer("平成2年6月15日")
    #expect(saving.autosave(session, language: .ja, complete: false) == .quiet)
    let saved = try #require(try store.load("2025-06-01-0900"))
    #expect(saved.answers == session.answers)
    #expect(saved.language == "ja")
    #expect(saving.kept(session) == .all(name: "2025-06-01-0900"))
    saving.discard()
    #expect(try store.list().isEmpty)
  }

  @Test func anAutomaticNameTakenMeanwhileIsNotOverwritten() throws {
    defer { try? FileManager.default.removeItem(atPath: parentDirectory(directory)) }
    let store = try InterviewStore(directory: directory)
    let session = try answered(["古賀市", "平成2年6月15日"])
    var first = InterviewSaving(store: store, name: "2025-06-01-0900", isNamed: false, created: 1)
    var second = InterviewSaving(store: store, name: "2025-06-01-0900", isNamed: false, created: 2)
    _ = first.autosave(session, language: .ja, complete: false)
    _ = second.autosave(session, language: .en, complete: false)
    #expect(first.name == "2025-06-01-0900")
    #expect(second.name != first.name)
    #expect(try store.list().count == 2)
  }

  @Test func aChosenNameIsKeptAtTheEnd() throws {
    defer { try? FileManager.default.removeItem(atPath: parentDirectory(directory)) }
    let store = try InterviewStore(directory: directory)
    let session = try answered(["古賀市", "平成2年6月15日"])
    var saving = InterviewSaving(store: store, name: "2025-06-01-0900", isNamed: false, created: 1)
    _ = saving.autosave(session, language: .ja, complete: false)
    try saving.save(session, as: "わたし", language: .ja)
    saving.discard()
    #expect(try store.list().map(\.name) == ["わたし"])
    #expect(saving.kept(session) == .all(name: "わたし"))
  }

  @Test func withoutAStoreNothingIsKept() throws {
    var saving = InterviewSaving(store: nil, name: "x", isNamed: false, created: 1)
    let session = try answered(["古賀市"])
    #expect(saving.autosave(session, language: .ja, complete: false) == .quiet)
    #expect(saving.kept(session) == nil)
    #expect(throws: InterviewStoreError.self) { try saving.save(session, as: "y", language: .ja) }
  }

  @Test func theExportsAreTheOwnersOnlyAndNeverOverwrite() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shien-export-\(UUID().uuidString)")
      .path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let session = try answered(["古賀市", "平成2年6月15日", "いいえ"])
    #expect(InterviewExport.handout.suggestedPath(name: "a") == "shien-handout-a.html")
    #expect(InterviewExport.household.suggestedPath(name: "a") == "shien-household-a.json")

    let html = folder + "/handout.html"
    try InterviewExport.handout.write(session, name: "a", language: .ja, to: html)
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.hasPrefix("<!DOCTYPE html>") || page.hasPrefix("<!doctype html>"))
    #expect(try FileManager.default.attributesOfItem(atPath: html)[.posixPermissions] as? Int == 0o600)
    #expect(throws: InterviewExport.Failure.exists(html)) {
      try InterviewExport.handout.write(session, name: "a", language: .ja, to: html)
    }
    let markdown = InterviewExport.handout.content(session, name: "a", language: .ja, path: "x.md")
    #expect(!markdown.hasPrefix("<"))

    let json = folder + "/household.json"
    try InterviewExport.household.write(session, name: "a", language: .ja, to: json)
    let household = try Fixtures.household(try String(contentsOfFile: json, encoding: .utf8))
    #expect(household.id == "a")
    #expect(household.members.count == 1)
    #expect(try FileManager.default.attributesOfItem(atPath: json)[.posixPermissions] as? Int == 0o600)

    #expect(throws: InterviewExport.Failure.self) {
      try InterviewExport.household.write(session, name: "a", language: .ja, to: folder + "/missing/household.json")
    }
  }

  @Test func theResultIsTheCheckPipelinesReport() throws {
    let session = try answered(["古賀市", "平成2年6月15日", "いいえ"])
    let report = session.report()
    #expect(report.householdID == nil)
    #expect(report.asOf == asOf)
    #expect(report.municipality?.code == "40223")
    #expect(report.results.map(\.measure.id) == session.fullResults().map(\.measure.id))
  }
}

@Suite struct InterviewStoreWordsTests {
  @Test func aDamagedStoreIsItsOwnKindAndNamesNoCommand() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shien-damaged-\(UUID().uuidString)")
      .appendingPathComponent("shien").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: parentDirectory(folder)) }
    let file = folder + "/" + InterviewStore.fileName
    #expect(FileManager.default.createFile(atPath: file, contents: Data((0..<8192).map { UInt8($0 * 7 % 251) })))
    #expect {
      _ = try InterviewStore(directory: folder).list()
    } throws: { error in
      guard let error = error as? InterviewStoreError else { return false }
      return error.kind == .damaged && error.isBadData && error.message == "\(file) is damaged"
    }
  }

  @Test func theInterviewsWordsNameOnlyTheCommandsTheyAreGiven() {
    var words = InterviewStrings(.en)
    #expect(words.saved("my family") == "Saved as \"my family\". Continue or review it with:")
    #expect(words.written("a.json") == "Wrote a.json (it holds personal data).")
    words.commands = InterviewStrings.Commands(resume: { "go on \($0)" }, checkHousehold: { "look at \($0)" })
    #expect(words.saved("my family") == "Saved as \"my family\". Continue or review it with:\n    go on 'my family'")
    #expect(words.written("a.json") == "Wrote a.json (it holds personal data). Read it with: look at a.json")
  }
}
