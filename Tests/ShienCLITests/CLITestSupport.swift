import Foundation
import Testing

/// Runs the built `shien` binary as a user would and captures what it prints.
struct Shien {
  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  /// The binary under test: the debug build, or `SHIEN_TEST_BINARY` (an older build, to see a new test fail on it).
  static let binary: URL =
    ProcessInfo.processInfo.environment["SHIEN_TEST_BINARY"].map { URL(fileURLWithPath: $0) }
    ?? root.appendingPathComponent(".build/debug/shien")
  static let example = root.appendingPathComponent("Resources/examples/koga-single-parent.json").path

  @discardableResult
  static func run(
    _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], executable: URL = binary
  ) throws -> Output {
    guard FileManager.default.isExecutableFile(atPath: executable.path) else {
      Issue.record("build shien first (swift build): \(binary.path) is missing")
      return Output(status: -1, stdout: "", stderr: "")
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["LANG"] = "ja_JP.UTF-8"
    env.removeValue(forKey: "SHIEN_CATALOG")
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let directory = try temporaryDirectory()
    let outURL = directory.appendingPathComponent("stdout")
    let errURL = directory.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    try out.close()
    try err.close()
    defer { try? FileManager.default.removeItem(at: directory) }
    return Output(
      status: process.terminationStatus, stdout: try String(contentsOf: outURL, encoding: .utf8),
      stderr: try String(contentsOf: errURL, encoding: .utf8))
  }

  /// A fresh temporary directory for one test.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("shien-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func write(_ text: String, to name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  static func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  static func measure(_ id: String, in document: [String: Any]) -> [String: Any]? {
    (document["measures"] as? [[String: Any]])?.first { $0["id"] as? String == id }
  }
}
