import Foundation
import Testing

/// Hostile households on the command line: each is a data error (exit 65) with one short message naming the
/// place, never a crash, a stack trace or the input echoed back.
@Suite struct HostileInputCLITests {
  static let huge = String(repeating: "あ", count: 3_500_000)

  @Test(arguments: [
    (#"{"members": [{"role": "self", "income": 1e400}]}"#, "1:41: number out of range"),
    (#"{"members": [{"role": "self", "income": 99999999999999999999}]}"#, "members[0].income: "),
    (#"{"members": [{"role": "self", "income": [1]}]}"#, "members[0].income: "),
    (#"{"members": [{"role": 7}]}"#, "members[0].role: "),
    ("{\"members\": [" + Array(repeating: #"{"role": "child"}"#, count: 5000).joined(separator: ",") + "]}", "members"),
    ("{\"members\": [{\"role\": \"self\", \"income\": " + String(repeating: "[", count: 100_000) + "}]}", "nesting"),
    ("{\"id\": \"" + huge + "\", \"members\": [{\"role\": \"self\"}]}", "id longer than"),
    ("{\"" + huge + "\": 1, \"members\": [{\"role\": \"self\"}]}", "unknown fact"),
    ("\u{FEFF}", "empty input"),
    ("   \n", "empty input"),
  ])
  func hostileHouseholdsAreDataErrors(document: String, expected: String) throws {
    let output = try Shien.run(["check", "--household", "-"], stdin: document)
    #expect(output.status == 65)
    #expect(output.stdout.isEmpty)
    #expect(output.stderr.contains(expected), "\(output.stderr.prefix(300))")
    #expect(output.stderr.components(separatedBy: "shien: error: <stdin>").count == 2, "one error")
    #expect(output.stderr.utf8.count < 1000, "the message repeats the input")
    #expect(output.stderr.split(separator: "\n").count <= 2, "\(output.stderr.prefix(300))")
  }
}
