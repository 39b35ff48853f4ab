import Foundation
import Testing

/// Files a hostile neighbour (or a slip of the hand) puts where shien writes: planted symbolic links, devices, FIFOs,
/// folders, signals in the middle of a run. Nothing is written through a link, nothing but a regular file is ever
/// replaced, and no temporary file with household results is left behind, whatever ends the run (issue 18, items 1,
/// 2 and 5).
@Suite struct HostileFileTests {
  static let line =
    "{\"id\":\"T\",\"as_of\":\"2025-06-01\",\"municipality\":\"古賀市\",\"members\":[{\"role\":\"self\","
    + "\"birth_date\":\"1988-06-02\",\"income\":2400000,\"employment\":\"employee\"},{\"role\":\"child\","
    + "\"birth_date\":\"2016-05-10\"}]}\n"

  /// The names in `directory`, hidden ones included.
  static func names(_ directory: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
  }

  /// Starts `shien arguments` with its output to files in a scratch folder.
  static func start(_ arguments: [String], stdin: Any? = nil) throws -> Process {
    let process = Process()
    process.executableURL = Shien.binary
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    if let stdin { process.standardInput = stdin }
    try process.run()
    return process
  }

  /// Waits until `condition` holds, up to 20 s; false on time-out.
  static func wait(for condition: () -> Bool) -> Bool {
    for _ in 0..<2000 {
      if condition() { return true }
      usleep(10_000)
    }
    return false
  }

  // MARK: 1. Temporaries

  /// A symbolic link planted at the name the old temporary file had (`.NAME.tmp-PID`) points at a victim file: the
  /// run must not write through it. The input is a FIFO, so shien waits in `open` until the link is planted.
  @Test func aSymlinkPlantedAtTheTemporaryNameIsNotFollowed() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let victim = try Shien.write("precious\n", to: "victim.txt", in: directory)
    let fifo = directory.appendingPathComponent("in.jsonl").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let output = directory.appendingPathComponent("out.jsonl").path
    let process = try Self.start(["batch", "--input", fifo, "--output", output])
    for name in [".out.jsonl.tmp-\(process.processIdentifier)", "out.jsonl.tmp-\(process.processIdentifier)"] {
      try FileManager.default.createSymbolicLink(
        atPath: directory.appendingPathComponent(name).path,
        withDestinationPath: victim)
    }
    let writer = try #require(FileHandle(forWritingAtPath: fifo))
    writer.write(Data(Self.line.utf8))
    try writer.close()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n", "written through the planted link")
    let written = try String(contentsOfFile: output, encoding: .utf8)
    #expect(written.contains("\"household\":{\"id\":\"T\""), "\(written)")
    var info = stat()
    #expect(stat(output, &info) == 0 && info.st_mode & 0o777 == 0o600, "results are readable by their owner only")
  }

  // MARK: 2. What --output names

  /// A FIFO named by --output is written to, not replaced by a regular file.
  @Test func outputToAFIFOIsWrittenDirectly() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let fifo = directory.appendingPathComponent("results").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let input = try Shien.write(Self.line, to: "in.jsonl", in: directory)
    // Opened for reading first, without waiting for a writer, and read without blocking until shien has ended: a
    // FIFO replaced by a file gives nothing, and no wait.
    let descriptor = open(fifo, O_RDONLY | O_NONBLOCK)
    #expect(descriptor >= 0)
    defer { close(descriptor) }
    let process = try Self.start(["batch", "--input", input, "--output", fifo])
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = read(descriptor, &chunk, chunk.count)
      if count > 0 {
        bytes += chunk[..<count]
      } else if !process.isRunning {
        break
      } else {
        usleep(10_000)
      }
    }
    process.waitUntilExit()
    let received = String(decoding: bytes, as: UTF8.self)
    #expect(process.terminationStatus == 0)
    #expect(received.contains("\"household\":{\"id\":\"T\""), "\(received)")
    var info = stat()
    #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the FIFO was replaced")
    #expect(Self.names(directory) == ["in.jsonl", "results"])
  }

  /// /proc/self/fd/1 (what /dev/stdout links to) is the standard output stream, written directly. (Not /dev/stdout
  /// itself: run as root against a shien without the fix, the test would replace the machine's /dev/stdout.)
  @Test func outputToTheStandardOutputLinkGoesToStandardOutput() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = try Shien.write(Self.line, to: "in.jsonl", in: directory)
    let output = try Shien.run(["batch", "--input", input, "--output", "/proc/self/fd/1"])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains("\"household\":{\"id\":\"T\""), "\(output.stdout)")
  }

  /// A symbolic link named by --output is refused: renaming over it would replace the link, not write its target.
  @Test func outputToASymlinkIsRefusedAndLeavesItsTargetAlone() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let victim = try Shien.write("precious\n", to: "victim.txt", in: directory)
    let link = directory.appendingPathComponent("out.jsonl").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
    let input = try Shien.write(Self.line, to: "in.jsonl", in: directory)
    let output = try Shien.run(["batch", "--input", input, "--output", link])
    #expect(output.status == 74, "\(output.stderr)")
    #expect(output.stderr.contains("\(link): is a symbolic link"), "\(output.stderr)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == victim)
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
  }

  /// A folder named by --output is refused before anything is read: standard input is never closed here, so a run
  /// that read first would wait for ever.
  @Test func outputToAFolderIsRefusedAtStart() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = Pipe()
    let errors = Pipe()
    let process = Process()
    process.executableURL = Shien.binary
    process.arguments = ["batch", "--output", directory.path]
    process.standardInput = input
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    try process.run()
    let ended = Self.wait { !process.isRunning }
    if !ended { process.terminate() }
    process.waitUntilExit()
    try input.fileHandleForWriting.close()
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(ended, "still reading standard input")
    #expect(process.terminationStatus == 74, "\(stderr)")
    #expect(stderr.contains("\(directory.path): is a folder"), "\(stderr)")
  }

  @Test func theSameFileForOutputAndErrorsIsRefused() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = try Shien.write(Self.line, to: "in.jsonl", in: directory)
    let same = directory.appendingPathComponent("out.jsonl").path
    for errors in [same, directory.path + "/./out.jsonl"] {
      let output = try Shien.run(["batch", "--input", input, "--output", same, "--errors", errors])
      #expect(output.status == 64, "\(output.stderr)")
      #expect(output.stderr.contains("'--output' and '--errors' name the same file"), "\(output.stderr)")
    }
    #expect(Self.names(directory) == ["in.jsonl"])
  }

  // MARK: 5. Every way out removes the temporaries

  /// A long batch run to a file, ended by `signals` once its temporary output exists: no file but the input is left.
  private func interruptedRun(_ signals: [Int32]) throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = try Shien.write(String(repeating: Self.line, count: 50_000), to: "in.jsonl", in: directory)
    let output = directory.appendingPathComponent("out.jsonl").path
    let process = try Self.start(["batch", "--input", input, "--output", output, "--errors", output + ".errors"])
    // Both temporaries exist, and the output has results in it.
    let started = Self.wait {
      let temporaries = Self.names(directory).filter { $0.hasPrefix(".") }
      return temporaries.count == 2
        && temporaries.contains { name in
          ((try? FileManager.default.attributesOfItem(atPath: directory.path + "/" + name)[.size]) as? Int ?? 0)
            > 0
        }
    }
    #expect(started, "\(Self.names(directory))")
    for signal in signals { kill(process.processIdentifier, signal) }
    process.waitUntilExit()
    #expect(process.terminationReason == .exit && process.terminationStatus == 130)
    #expect(Self.names(directory) == ["in.jsonl"], "left behind")
  }

  @Test func sighupLeavesNoTemporaryFile() throws { try interruptedRun([SIGHUP]) }
  @Test func sigtermLeavesNoTemporaryFile() throws { try interruptedRun([SIGTERM]) }
  @Test func aSecondCtrlCLeavesNoTemporaryFile() throws { try interruptedRun([SIGINT, SIGINT]) }
  @Test func sighupThenSigtermLeavesNoTemporaryFile() throws { try interruptedRun([SIGHUP, SIGTERM]) }

  /// SIGPIPE does not end the run (it is ignored; a closed pipe is an EPIPE the writer handles): the files appear
  /// whole, and no temporary stays.
  @Test func sigpipeLeavesWholeFilesAndNoTemporary() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = try Shien.write(String(repeating: Self.line, count: 2_000), to: "in.jsonl", in: directory)
    let output = directory.appendingPathComponent("out.jsonl").path
    let process = try Self.start(["batch", "--input", input, "--output", output])
    _ = Self.wait { Self.names(directory).count > 1 }
    kill(process.processIdentifier, SIGPIPE)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(Self.names(directory) == ["in.jsonl", "out.jsonl"])
  }

  /// A closed standard output ends the run quietly; the --errors file's temporary is removed with it.
  @Test func aClosedPipeLeavesNoTemporaryErrorsFile() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let bad = "{\"members\": 1}\n"
    let input = try Shien.write(
      bad + String(repeating: Self.line, count: 50_000), to: "in.jsonl", in: directory)
    let output = try Fault2.runWithHead(
      Shien.binary.path, ["batch", "--input", input, "--errors", directory.path + "/errors.jsonl"])
    #expect(output == 0)
    #expect(Self.names(directory) == ["in.jsonl"])
  }

  /// A data error in the CSV header ends the run: no temporary stays.
  @Test func anErrorLeavesNoTemporaryFile() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = try Shien.write("id,nonsense\nA,1\n", to: "in.csv", in: directory)
    let output = try Shien.run(["batch", "--input", input, "--output", directory.path + "/out.csv"])
    #expect(output.status == 65, "\(output.stderr)")
    #expect(Self.names(directory) == ["in.csv"])
  }
}

/// `shien … | head -c 1`, through the shell; the shell's exit status (shien's, via pipefail semantics of `$?`).
private enum Fault2 {
  static func runWithHead(_ binary: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", "set -o pipefail; \"$@\" | head -c 1 >/dev/null", "sh", binary] + arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }
}
