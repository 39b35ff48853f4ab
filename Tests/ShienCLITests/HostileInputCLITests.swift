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

  /// Text from a household cannot steer the terminal it is shown on: an escape sequence (here one that would clear
  /// the screen and set the window's title), a C1 control or a bidirectional override comes out as `?`.
  @Test func nothingFromAHouseholdReachesTheTerminalAsACommand() throws {
    let hostile = #"\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202e"#
    let unsafe: [Unicode.Scalar] = ["\u{1B}", "\u{07}", "\u{9B}", "\u{202E}"]
    let refused = try Shien.run(["check", "--household", "-"], stdin: #"{"members": [{"role": "\#(hostile)"}]}"#)
    #expect(refused.status == 65)
    #expect(refused.stderr.contains("members[0].role: '?[2J?]0;pwned??31m?' is not one of"), "\(refused.stderr)")
    let checked = try Shien.run(
      ["check", "--household", "-"], stdin: #"{"id": "H\#(hostile)", "members": [{"role": "self", "age": 30}]}"#)
    #expect(checked.status == 0)
    #expect(checked.stdout.hasPrefix("世帯 H?[2J?]0;pwned??31m? ・ "), "\(checked.stdout.prefix(80))")
    let batch = try Shien.run(["batch"], stdin: #"{"members": [{"role": "self", "bogus\#(hostile)": 1}]}"# + "\n")
    #expect(batch.status == 65)
    #expect(batch.stderr.contains("unknown fact 'bogus?[2J?]0;pwned??31m?'"), "\(batch.stderr)")
    for output in [refused.stderr, checked.stdout, batch.stderr] {
      #expect(!output.unicodeScalars.contains { unsafe.contains($0) })
    }
  }
}

/// Hostile CSV in a batch run: an enormous field is one bad line, named with its line and column, and every other
/// line is still checked.
@Suite struct HostileCSVCLITests {
  @Test func anEnormousFieldIsOneBadLine() throws {
    let header = "id,as_of,municipality,m1_role,m1_birth_date,#memo"
    let csv = [
      header,
      "C-1,2025-06-01,古賀市,self,1988-06-02,",
      "C-2,2025-06-01,古賀市,self,1988-06-02," + String(repeating: "x", count: 100_000),
      "C-3,2025-06-01,古賀市,self,1988-06-02,\"" + String(repeating: "y,\n", count: 700_000) + "\"",
      "C-4,2025-06-01,古賀市,self,1988-06-02,",
    ].joined(separator: "\r\n")
    let output = try Shien.run(["batch", "--input-format", "csv", "--format", "jsonl"], stdin: csv)
    #expect(output.status == 65)
    let ids = try output.stdout.split(separator: "\n").map {
      (try Shien.json(String($0))["household"] as? [String: Any])?["id"] as? String
    }
    #expect(ids == ["C-1", "C-4"])
    let lines = output.stderr.split(separator: "\n")
    #expect(lines.count == 3, "\(output.stderr.prefix(500))")
    #expect(lines.first == "shien: line 3, column 6: field longer than 65536 bytes")
    #expect(lines.dropFirst().first?.hasPrefix("shien: line 4: longer than 1 MiB") == true, "\(output.stderr)")
    #expect(output.stderr.utf8.count < 1000, "the message repeats the input")
  }
}
