import Foundation
import Testing

/// Faults around a run: a damaged catalog, a batch stopped by SIGTERM, a data folder that cannot be written, two
/// interviews saving at once. Each ends with a clear message and nothing half-written.
@Suite struct FaultTests {
  @Test func aTruncatedCatalogDatabaseIsBadData() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("catalog.sqlite").path
    #expect(try Shien.run(["catalog", "build", "--output", database]).status == 0)
    let handle = try #require(FileHandle(forUpdatingAtPath: database))
    let size = try handle.seekToEnd()
    try handle.truncate(atOffset: size / 2)
    try handle.close()
    let output = try Shien.run(["--catalog", database, "check", "--household", Shien.example])
    #expect(output.status == 65)
    #expect(output.stdout.isEmpty)
    #expect(output.stderr.contains(database) && output.stderr.contains("shien catalog build"), "\(output.stderr)")
    #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
  }

  @Test func sigtermInTheMiddleOfABatchLeavesCompleteLines() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let line =
      "{\"id\":\"T\",\"as_of\":\"2025-06-01\",\"municipality\":\"古賀市\",\"members\":[{\"role\":\"self\","
      + "\"birth_date\":\"1988-06-02\",\"income\":2400000,\"employment\":\"employee\"},{\"role\":\"child\","
      + "\"birth_date\":\"2016-05-10\"}]}\n"
    let input = try Shien.write(String(repeating: line, count: 200_000), to: "large.jsonl", in: directory)
    let process = Process()
    process.executableURL = Shien.binary
    process.arguments = ["batch", "--input", input]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    var received = Data()
    while !received.contains(0x0A) {
      let data = out.fileHandleForReading.availableData
      if data.isEmpty { break }
      received.append(data)
    }
    process.terminate()  // SIGTERM
    received.append(out.fileHandleForReading.readDataToEndOfFile())
    process.waitUntilExit()
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 130, "\(stderr)")
    let text = String(decoding: received, as: UTF8.self)
    #expect(text.hasSuffix("\n"), "complete lines only")
    let lines = text.split(separator: "\n")
    #expect(lines.count > 0 && lines.count < 200_000)
    #expect(lines.allSatisfy { (try? Shien.json(String($0))) != nil }, "every line is a whole JSON document")
    #expect(
      stderr.hasPrefix("shien: error: interrupted after ")
        && stderr.hasSuffix("the output holds \(lines.count) households in complete lines\n"), "\(stderr)")
  }

  /// The interview in a data folder it cannot write to: a clear message, then the interview and its result.
  private func interviewWithoutSaving(data: String) throws {
    let output = try Shien.run(
      ["interview", "--as-of", "2025-06-01"], stdin: "古賀市\n35\n",
      environment: ["XDG_DATA_HOME": data, "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "100"])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains("福岡県古賀市 ・ 2025-06-01 時点"))
    #expect(output.stderr.contains("回答を保存できません：cannot create \(data)"), "\(output.stderr)")
    #expect(!output.stderr.contains("--resume"), "nothing was kept, so nothing to resume")
    #expect(!FileManager.default.fileExists(atPath: data + "/shien/interviews.sqlite"))
  }

  @Test func aReadOnlyDataFolderStillGivesTheResult() throws {
    let data = try Shien.temporaryDirectory()
    defer {
      chmod(data.path, 0o700)
      try? FileManager.default.removeItem(at: data)
    }
    #expect(chmod(data.path, 0o500) == 0)
    // As root, permissions do not stop writing: nothing to test.
    let probe = data.appendingPathComponent("probe").path
    if FileManager.default.createFile(atPath: probe, contents: Data()) {
      try? FileManager.default.removeItem(atPath: probe)
      return
    }
    try interviewWithoutSaving(data: data.path)
  }

  @Test func aFileWhereTheDataFolderShouldBeStillGivesTheResult() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try interviewWithoutSaving(data: try Shien.write("", to: "data", in: directory))
  }

  @Test func twoInterviewsSavingAtOnceAreBothKept() throws {
    let data = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    var environment = ProcessInfo.processInfo.environment
    environment.merge(["XDG_DATA_HOME": data.path, "LANG": "ja_JP.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""]) { $1 }
    environment.removeValue(forKey: "SHIEN_CATALOG")
    let processes = (0..<2).map { _ in
      let process = Process()
      process.executableURL = Shien.binary
      process.arguments = ["interview", "--as-of", "2025-06-01"]
      process.environment = environment
      process.standardInput = Pipe()
      process.standardOutput = FileHandle.nullDevice
      return process
    }
    for process in processes {
      process.standardError = Pipe()
      try process.run()
    }
    // Both have chosen a name for their automatic save before either saves: wait for each one's first question.
    for process in processes {
      let errors = try #require(process.standardError as? Pipe).fileHandleForReading
      var seen = Data()
      while !String(decoding: seen, as: UTF8.self).contains("例：") {
        let data = errors.availableData
        if data.isEmpty { break }
        seen.append(data)
      }
    }
    // Each answers a few questions, saving after every one.
    for (index, process) in processes.enumerated() {
      let input = try #require(process.standardInput as? Pipe)
      input.fileHandleForWriting.write(Data((["古賀市", "\(30 + index)", "1", "2"].joined(separator: "\n") + "\n").utf8))
    }
    for process in processes {
      try (process.standardInput as? Pipe)?.fileHandleForWriting.close()
    }
    for process in processes { process.waitUntilExit() }
    #expect(processes.allSatisfy { $0.terminationStatus == 0 })
    let list = try Shien.run(["saved"], environment: ["XDG_DATA_HOME": data.path])
    #expect(list.status == 0, "\(list.stderr)")
    #expect(list.stdout.split(separator: "\n").count == 2, "\(list.stdout)")
  }
}
