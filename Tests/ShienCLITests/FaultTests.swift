import Foundation
import Testing

@testable import ShienBatch
@testable import ShienSupport

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
  /// `runAs` goes before the binary (`setpriv …` to run as another user).
  private func interviewWithoutSaving(data: String, runAs: [String] = []) throws {
    let arguments = ["interview", "--as-of", "2025-06-01"]
    let output = try Shien.run(
      runAs.isEmpty ? arguments : Array(runAs.dropFirst()) + [Shien.binary.path] + arguments, stdin: "古賀市\n35\n",
      environment: ["XDG_DATA_HOME": data, "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "100"],
      executable: runAs.first.map { URL(fileURLWithPath: $0) } ?? Shien.binary)
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
    // Root writes through any permission: as root, the interview runs as nobody in nobody's read-only folder.
    var runAs: [String] = []
    if getuid() == 0 {
      guard FileManager.default.isExecutableFile(atPath: Fault.setpriv) else {
        print("skipped: running as root without \(Fault.setpriv), a read-only folder cannot be made")
        return
      }
      #expect(chown(data.path, Fault.nobody, Fault.nobody) == 0)
      runAs = [Fault.setpriv, "--reuid=\(Fault.nobody)", "--regid=\(Fault.nobody)", "--clear-groups"]
    }
    #expect(chmod(data.path, 0o500) == 0)
    try interviewWithoutSaving(data: data.path, runAs: runAs)
  }

  /// The disk fills up before the first save: `ulimit -f` makes the database's first page too large to write (as a
  /// full disk would), and SIGXFSZ must not kill shien.
  @Test func aDiskThatCannotTakeTheFirstSaveStillGivesTheResult() throws {
    let data = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    // 1 block of `ulimit -f` is 512 or 1,024 bytes: less than SQLite's first page. Output goes to pipes, which the
    // limit does not cover.
    let output = try Fault.runWithPipes(
      "/bin/sh", ["-c", "ulimit -f 1 && exec \"$0\" interview --as-of 2025-06-01", Shien.binary.path],
      stdin: "古賀市\n35\n", environment: ["XDG_DATA_HOME": data.path])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains("福岡県古賀市 ・ 2025-06-01 時点"))
    let file = data.path + "/shien/interviews.sqlite"
    // SQLite reports the failed write as "disk I/O error" (EFBIG is not ENOSPC, so not "the disk is full").
    #expect(output.stderr.contains("回答を保存できません：cannot write \(file): disk I/O error"), "\(output.stderr)")
    #expect(!output.stderr.contains("--resume"), "nothing was kept, so nothing to resume")
    // Nothing half-written: the store opens and is empty.
    let list = try Shien.run(["saved"], environment: ["XDG_DATA_HOME": data.path])
    #expect(list.status == 0 && list.stdout == "no saved interviews\n", "\(list.stdout)\(list.stderr)")
  }

  /// The disk fills up in the middle of an interview, empties, and fills again: one message per failing spell, the
  /// interview goes on, and the store keeps the last answers that could be saved. Needs a small tmpfs (root with
  /// CAP_SYS_ADMIN); skipped otherwise.
  @Test func aDiskFillingUpInTheMiddleOfAnInterviewKeepsTheLastGoodSave() throws {
    let data = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    guard Fault.mountSmallDisk(at: data.path) else {
      print("skipped: cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)")
      return
    }
    defer { Fault.unmount(data.path) }
    let filler = data.appendingPathComponent("filler").path
    let interview = try Fault.Interview(data: data.path)
    try interview.answer("古賀市")  // saved
    Fault.fill(filler)
    try interview.answer("35")  // fails: one message
    try interview.answer("いいえ")  // fails again: no second message
    #expect(interview.stderr.components(separatedBy: "回答を保存できません").count == 2, "\(interview.stderr)")
    #expect(interview.stderr.contains("回答を保存できません：ディスクがいっぱいです（\(data.path)/shien/interviews.sqlite）"))
    try? FileManager.default.removeItem(atPath: filler)
    try interview.answer("2")  // saved again
    #expect(interview.stderr.contains("回答をまた保存できるようになりました。"), "\(interview.stderr)")
    Fault.fill(filler)
    try interview.answer("2016/5/10")  // fails: the message again
    #expect(interview.stderr.components(separatedBy: "回答を保存できません").count == 3, "\(interview.stderr)")
    // Quitting and choosing to keep the answers fails too, and says so; the last good save stays.
    try interview.answer("やめる")
    try interview.answer("はい")
    try interview.answer("")
    let result = try interview.finish()
    #expect(result.status == 0)
    #expect(interview.stderr.components(separatedBy: "回答を保存できません").count == 4, "\(interview.stderr)")
    try? FileManager.default.removeItem(atPath: filler)
    // The store is whole and holds the four answers saved before the disk filled the second time.
    let list = try Shien.run(["saved"], environment: ["XDG_DATA_HOME": data.path])
    #expect(list.status == 0)
    #expect(list.stdout.contains("in progress  3 member(s), 4 answer(s)  福岡県古賀市"), "\(list.stdout)\(list.stderr)")
  }

  @Test func aFileWhereTheDataFolderShouldBeStillGivesTheResult() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try interviewWithoutSaving(data: try Shien.write("", to: "data", in: directory))
  }

  @Test func aDamagedStoreIsNamedAndCanBePurged() throws {
    let data = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let folder = data.appendingPathComponent("shien")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent("interviews.sqlite").path
    #expect(FileManager.default.createFile(atPath: file, contents: Data((0..<8192).map { UInt8($0 * 7 % 251) })))
    let environment = ["XDG_DATA_HOME": data.path, "COLUMNS": "300"]
    let list = try Shien.run(["saved"], environment: environment)
    #expect(list.status == 65)
    #expect(list.stderr == "shien: error: \(file) is damaged ('shien saved --purge' removes it)\n", "\(list.stderr)")
    let interview = try Shien.run(["interview", "--as-of", "2025-06-01"], stdin: "古賀市\n", environment: environment)
    #expect(interview.status == 0)
    #expect(interview.stdout.contains("福岡県古賀市 ・ 2025-06-01 時点"))
    #expect(interview.stderr.contains("回答を保存できません：\(file) is damaged"), "\(interview.stderr)")
    let purge = try Shien.run(["saved", "--purge"], environment: environment)
    #expect(purge.status == 0, "\(purge.stderr)")
    #expect(!FileManager.default.fileExists(atPath: file) && !FileManager.default.fileExists(atPath: folder.path))
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
      // …and keeps them under the automatic name (a scripted run keeps nothing it did not choose to keep).
      input.fileHandleForWriting.write(
        Data((["古賀市", "\(30 + index)", "いいえ", "やめる", "はい", ""].joined(separator: "\n") + "\n").utf8))
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

/// Helpers for causing faults: running as another user, a small disk, a disk filled to the last byte, an interview
/// fed one answer at a time.
private enum Fault {
  static let setpriv = "/usr/bin/setpriv"
  static let nobody: UInt32 = 65534

  /// Runs `executable` with pipes for all three streams (a file-size limit does not cover pipes).
  static func runWithPipes(
    _ executable: String, _ arguments: [String], stdin: String, environment: [String: String]
  ) throws -> Shien.Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env.merge(["LANG": "ja_JP.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "300"]) { $1 }
    env.removeValue(forKey: "SHIEN_CATALOG")
    env.merge(environment) { $1 }
    process.environment = env
    let (input, output, errors) = (Pipe(), Pipe(), Pipe())
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    input.fileHandleForWriting.write(Data(stdin.utf8))
    try input.fileHandleForWriting.close()
    let reader = OutputCollector(output.fileHandleForReading)
    let stderr = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Shien.Output(
      status: process.terminationStatus, stdout: String(decoding: reader.wait(), as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// Reads a pipe to its end on another thread.
  final class OutputCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
      Thread.detachNewThread { [self] in
        data = handle.readDataToEndOfFile()
        done.signal()
      }
    }

    func wait() -> Data {
      done.wait()
      return data
    }
  }

  /// Mounts a 256 KiB tmpfs at `path`; false where mounting is not allowed.
  static func mountSmallDisk(at path: String) -> Bool {
    guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
    return (try? run("/bin/mount", ["-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", path])) == 0
  }

  static func unmount(_ path: String) { _ = try? run("/bin/umount", [path]) }

  private static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// Writes `path` until the disk is full.
  static func fill(_ path: String) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    guard descriptor >= 0 else { return }
    defer { close(descriptor) }
    let block = [UInt8](repeating: 0, count: 4096)
    while block.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
    // Then the last partial block's worth.
    while write(descriptor, block, 1) > 0 {}
  }

  /// `shien interview` fed one answer at a time, each after the question it answers is on standard error.
  final class Interview {
    let process = Process()
    private let input = Pipe()
    private let errors = Pipe()
    private let output: OutputCollector
    private var seen = Data()
    private var answered = 0
    var stderr: String { String(decoding: seen, as: UTF8.self) }

    init(data: String) throws {
      process.executableURL = Shien.binary
      process.arguments = ["interview", "--as-of", "2025-06-01"]
      var env = ProcessInfo.processInfo.environment
      env.merge(["XDG_DATA_HOME": data, "LANG": "ja_JP.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "300"]) {
        $1
      }
      env.removeValue(forKey: "SHIEN_CATALOG")
      process.environment = env
      let stdout = Pipe()
      process.standardInput = input
      process.standardOutput = stdout
      process.standardError = errors
      try process.run()
      output = OutputCollector(stdout.fileHandleForReading)
    }

    /// Waits for the next question, answers it, and waits until the answer has been handled (the question after it
    /// is asked).
    func answer(_ text: String) throws {
      waitForPrompts(answered + 1)
      input.fileHandleForWriting.write(Data((text + "\n").utf8))
      answered += 1
      waitForPrompts(answered + 1)
    }

    private func waitForPrompts(_ count: Int) {
      while stderr.components(separatedBy: "> ").count - 1 < count {
        let data = errors.fileHandleForReading.availableData
        if data.isEmpty { break }
        seen.append(data)
      }
    }

    /// Ends the input and returns what the interview printed.
    func finish() throws -> Shien.Output {
      try input.fileHandleForWriting.close()
      seen.append(errors.fileHandleForReading.readDataToEndOfFile())
      process.waitUntilExit()
      return Shien.Output(
        status: process.terminationStatus, stdout: String(decoding: output.wait(), as: UTF8.self), stderr: stderr)
    }
  }
}
