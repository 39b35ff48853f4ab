import Foundation
import Testing

@testable import ShienCatalog
@testable import ShienInterview
@testable import ShienRender
@testable import ShienSupport

/// The library side of issue 18's second half: the one file writer, the catalog walk, the one sanitiser, the
/// bounds on names and hints, the saved store's folder and file.
@Suite struct HardeningTests {
  let directory: String

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("shien-harden-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  }

  private func names() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
  }

  // MARK: 1. The one writer

  @Test func aTemporaryIsTheOwnersOnlyBesideItsTargetAndNotGuessable() throws {
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let first = try AtomicFile(path: directory + "/out.jsonl", mode: 0o644)
    let second = try AtomicFile(path: directory + "/out.jsonl", mode: 0o644)
    var info = stat()
    #expect(fstat(first.descriptor, &info) == 0 && info.st_mode & 0o777 == 0o600)
    #expect(parentDirectory(first.temporaryPath) == directory)
    #expect(first.temporaryPath != second.temporaryPath)
    #expect(!first.temporaryPath.hasSuffix("\(getpid())"), "a name from the process id can be planted")
    second.discard()
    try first.write(Array("x\n".utf8))
    try first.commit()
    #expect(stat(directory + "/out.jsonl", &info) == 0 && info.st_mode & 0o777 == 0o644)
    #expect(names() == ["out.jsonl"])
  }

  @Test func aCommitNeverReplacesALinkOrAFolder() throws {
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let victim = directory + "/victim"
    try "precious".write(toFile: victim, atomically: false, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: victim)
    try FileManager.default.createDirectory(atPath: directory + "/folder", withIntermediateDirectories: false)
    for target in ["link", "folder"] {
      #expect(throws: FileError.self) { try AtomicFile.write(Array("x".utf8), to: directory + "/" + target) }
    }
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/link") == victim)
    #expect(names() == ["folder", "link", "victim"], "no temporary left")
    // Without replacing, an existing file stays as it was.
    #expect(throws: FileError.self) { try AtomicFile.write(Array("x".utf8), to: victim, replacing: false) }
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
    try AtomicFile.write(Array("new".utf8), to: directory + "/new", replacing: false)
    #expect(try String(contentsOfFile: directory + "/new", encoding: .utf8) == "new")
  }

  @Test func theSignalCleanUpRemovesEveryOpenTemporary() throws {
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let file = try AtomicFile(path: directory + "/out.jsonl")
    try file.write(Array("personal\n".utf8))
    #expect(names().count == 1)
    TemporaryFiles.removeAll()
    #expect(names().isEmpty)
    file.discard()
  }

  @Test func theSameTargetIsFoundThroughDifferentSpellings() {
    #expect(AtomicFile.sameTarget(directory + "/a", directory + "/./a"))
    #expect(!AtomicFile.sameTarget(directory + "/a", directory + "/b"))
    try? FileManager.default.removeItem(atPath: directory)
  }

  // MARK: 3. The catalog walk

  /// A catalog folder with facts.json and one measure file, and `setUp` to plant something in it.
  private func catalogFolder() throws -> String {
    try FileManager.default.createDirectory(atPath: directory + "/catalog/measures", withIntermediateDirectories: true)
    try "{}".write(toFile: directory + "/facts.json", atomically: false, encoding: .utf8)
    try "{}".write(toFile: directory + "/catalog/measures/a.json", atomically: false, encoding: .utf8)
    return directory
  }

  @Test func aSourceLinkLeavingTheCatalogIsRefusedWithoutQuotingIt() throws {
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let outside = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)").path
    try "SECRET-TOKEN=abc\n".write(toFile: outside, atomically: false, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: outside) }
    let root = try catalogFolder()
    try FileManager.default.createSymbolicLink(atPath: root + "/catalog/measures/b.json", withDestinationPath: outside)
    do {
      _ = try CatalogSourceWalk.read(in: root)
      Issue.record("read a file outside the catalog")
    } catch {
      #expect(error.description.contains("b.json: is a symbolic link leading out of the catalog folder"))
      #expect(!error.description.contains("SECRET"))
    }
    // A link inside the folder is fine.
    try FileManager.default.removeItem(atPath: root + "/catalog/measures/b.json")
    try FileManager.default.createSymbolicLink(atPath: root + "/catalog/measures/b.json", withDestinationPath: "a.json")
    #expect(
      try CatalogSourceWalk.paths(in: root) == ["facts.json", "catalog/measures/a.json", "catalog/measures/b.json"])
  }

  @Test func aFIFOSourceIsRefusedWithoutWaiting() throws {
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let root = try catalogFolder()
    #expect(mkfifo(root + "/catalog/measures/b.json", 0o600) == 0)
    #expect(throws: CatalogError.self) { _ = try CatalogSourceWalk.read(in: root) }
  }

  @Test func aLoopOfFolderLinksEndsAtOnce() throws {
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let root = try catalogFolder()
    try FileManager.default.createSymbolicLink(atPath: root + "/catalog/measures/loop", withDestinationPath: "..")
    #expect(throws: CatalogError.self) { _ = try CatalogSourceWalk.paths(in: root) }
    // Deep real folders are bounded too.
    try FileManager.default.removeItem(atPath: root + "/catalog/measures/loop")
    let deep = root + "/catalog" + String(repeating: "/d", count: CatalogSourceWalk.maxDepth + 1)
    try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: true)
    #expect(throws: CatalogError.self) { _ = try CatalogSourceWalk.paths(in: root) }
  }

  // MARK: 4. The data folder

  @Test func aSymlinkedDataFolderIsRefusedAndItsTargetLeftAlone() throws {
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let target = directory + "/elsewhere"
    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
    chmod(target, 0o755)
    try FileManager.default.createSymbolicLink(atPath: directory + "/shien", withDestinationPath: target)
    #expect(throws: InterviewStoreError.self) { _ = try InterviewStore(directory: directory + "/shien") }
    var info = stat()
    #expect(stat(target, &info) == 0 && info.st_mode & 0o777 == 0o755, "followed and chmod-ed")
    #expect(!FileManager.default.fileExists(atPath: target + "/" + InterviewStore.fileName))
  }

  // MARK: 6. The one sanitiser

  @Test(arguments: [
    ("03-\u{1B}]52;c;cHduZWQ=\u{07}\u{1B}[2J", "03-?]52;c;cHduZWQ=??[2J"),
    ("\u{202E}gpj.exe", "?gpj.exe"),
    ("a\u{9B}31mb", "a?31mb"),
  ])
  func controlAndBidiCharactersBecomeQuestionMarks(text: String, expected: String) {
    #expect(terminalSafe(text) == expected)
    #expect(terminalSafe(text, keepingLineBreaks: true, keepingStyles: true) == expected)
  }

  @Test func shiensOwnStylesStayAndNothingElse() {
    let styled = "\u{1B}[1m児童手当\u{1B}[0m\n\u{1B}[2J\u{1B}[8mx"
    #expect(
      terminalSafe(styled, keepingLineBreaks: true, keepingStyles: true) == "\u{1B}[1m児童手当\u{1B}[0m\n?[2J\u{1B}[8mx")
  }

  @Test func jsonEscapesWhatCouldSteerATerminal() {
    var bytes: [UInt8] = []
    JSONWriter.appendQuoted("a\u{202E}b\u{85}c\u{7F}d\u{2066}e漢", to: &bytes)
    #expect(String(decoding: bytes, as: UTF8.self) == #""a\u202eb\u0085c\u007fd\u2066e漢""#)
  }

  @Test func markdownEscapesHTMLAndLinksOnlyPlainWebAddresses() {
    #expect(
      HandoutRenderer.escapeMarkdown("<img src=x onerror=alert(1)> & \u{1B}[2J")
        == "&lt;img src=x onerror=alert(1)&gt; &amp; ?\\[2J")
    #expect(HandoutRenderer.markdownLink("https://example.org/a") == "<https://example.org/a>")
    #expect(HandoutRenderer.markdownLink("javascript:alert(1)") == "javascript:alert(1)")
    #expect(HandoutRenderer.markdownLink("https://x/ <img src=x>") == "https://x/ &lt;img src=x&gt;")
  }

  // MARK: 8. Bounds

  @Test func aSavedNameIsBoundedInBytes() {
    let marks = "a" + String(repeating: "\u{0301}", count: 30_000)  // one grapheme, 60 KB
    #expect(marks.count == 1)
    #expect(InterviewStore.problem(withName: marks) != nil)
    #expect(InterviewStore.problem(withName: "山田さん") == nil)
  }

  @Test func didYouMeanSkipsHugeWords() {
    let huge = String(repeating: "\u{0301}", count: 30_000)
    #expect(closestMatch(to: huge, in: [huge + "x"]) == nil)
    #expect(closestMatch(to: "birth_dat", in: ["birth_date", huge]) == "birth_date")
  }

  // MARK: 9. Purge during an interview

  @Test func aSaveAfterThePurgeSaysSoInsteadOfWritingToADeletedFile() throws {
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try InterviewStore(directory: directory + "/shien")
    let entry = InterviewStore.Entry(
      name: "a", household: "{}", answers: [], language: "ja", asOf: Fixtures.date("2025-06-01"), isComplete: false,
      created: 0, updated: 0)
    try store.save(entry)
    #expect(try InterviewStore.purge(directory: directory + "/shien") == 1)
    do {
      try store.save(entry)
      Issue.record("saved to a deleted file")
    } catch {
      #expect(error.message.contains("was removed while this interview was open"), "\(error.message)")
    }
    #expect(throws: InterviewStoreError.self) { _ = try store.saveNew(entry) }
  }
}
