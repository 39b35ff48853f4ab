import Foundation
import Testing

/// Catalogs and text that would turn shien against its user (issue 18, items 3 and 6-10), run through the binary.
@Suite struct HostileCatalogCLITests {
  /// A copy of the bundled Resources folder with `file` edited by `edit`.
  static func catalog(editing file: String, _ edit: (String) -> String) throws -> URL {
    let directory = try Shien.temporaryDirectory()
    let copy = directory.appendingPathComponent("Resources")
    try FileManager.default.copyItem(at: Shien.root.appendingPathComponent("Resources"), to: copy)
    let path = copy.appendingPathComponent(file).path
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let edited = edit(text)
    #expect(edited != text, "the edit changed nothing")
    try edited.write(toFile: path, atomically: false, encoding: .utf8)
    return copy
  }

  @Test(arguments: [
    ("catalog/desks/40223.json", "092-942-1515", #"092-942-1515\u001b]52;c;cHduZWQ=\u0007\u001b[2J"#, "U+001B"),
    ("catalog/desks/40223.json", "092-942-1515", "092-942-1515\u{202E}", "U+202E"),
    (
      "catalog/measures/child-allowance.json", "\"online\": \"https://myna.go.jp/\"",
      "\"online\": \"javascript:alert(1)\"", "'online' is the online route's URL alone"
    ),
    (
      "catalog/measures/child-allowance.json", "\"value\": 15000,", "\"value\": 9223372036854775808,",
      "a number of 2^63 or more cannot be an amount"
    ),
  ])
  func lintRefusesHostileCatalogText(file: String, original: String, replacement: String, expected: String) throws {
    let resources = try Self.catalog(editing: file) { $0.replacingOccurrences(of: original, with: replacement) }
    defer { try? FileManager.default.removeItem(at: resources.deletingLastPathComponent()) }
    let lint = try Shien.run(["catalog", "lint", "--sources", resources.path])
    #expect(lint.status == 65, "\(lint.stderr)")
    #expect(lint.stderr.contains(file) && lint.stderr.contains(expected), "\(lint.stderr)")
    #expect(!lint.stderr.contains("\u{1B}") && !lint.stderr.contains("\u{202E}"))
    let check = try Shien.run(["--catalog", resources.path, "desks", "--municipality", "古賀市"])
    #expect(check.status != 0 && !check.stdout.contains("\u{1B}"))
  }

  /// A measure file that is a link to a file outside the catalog: refused, and not one line of it shown.
  @Test func lintNeverQuotesAFileOutsideTheCatalog() throws {
    let resources = try Self.catalog(editing: "catalog/roles.json") { $0 + " " }
    defer { try? FileManager.default.removeItem(at: resources.deletingLastPathComponent()) }
    let secret = try Shien.write("CI_TOKEN=s3cr3t\n", to: "environ", in: resources.deletingLastPathComponent())
    try FileManager.default.createSymbolicLink(
      atPath: resources.path + "/catalog/measures/zz.json", withDestinationPath: secret)
    let lint = try Shien.run(["catalog", "lint", "--sources", resources.path])
    #expect(lint.status != 0)
    #expect(lint.stderr.contains("zz.json: is a symbolic link leading out of the catalog folder"), "\(lint.stderr)")
    #expect(!lint.stderr.contains("s3cr3t") && !lint.stdout.contains("s3cr3t"))
  }

  /// A built catalog whose search table was edited after the build is refused, like an edited compiled blob.
  @Test func anEditedSearchTableIsRefused() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("catalog.sqlite").path
    #expect(try Shien.run(["catalog", "build", "--output", database]).status == 0)
    let before = try Shien.run(["--catalog", database, "search", "児童手当"])
    #expect(before.status == 0)
    // Replace the name 児童手当 with a name of the same length in the file's bytes.
    var bytes = try Data(contentsOf: URL(fileURLWithPath: database))
    let from = Data("児童手当".utf8)
    let to = Data("偽物手当".utf8)
    var edits = 0
    while let range = bytes.range(of: from) {
      bytes.replaceSubrange(range, with: to)
      edits += 1
    }
    #expect(edits > 0)
    try bytes.write(to: URL(fileURLWithPath: database))
    let after = try Shien.run(["--catalog", database, "search", "偽物"])
    #expect(after.status == 65, "\(after.stdout)")
    #expect(after.stderr.contains("does not match its own checksum"), "\(after.stderr)")
    #expect(!after.stdout.contains("偽物手当"))
  }

  /// The search echoes its query through the sanitiser, and a query of a page of text is refused at once.
  @Test func searchEchoesASafeQueryAndBoundsIt() throws {
    let echoed = try Shien.run(["search", "\u{1B}[2J\u{1B}]0;pwned\u{07}児童手当"])
    #expect(!echoed.stdout.contains("\u{1B}") && !echoed.stderr.contains("\u{1B}"), "\(echoed.stdout)")
    #expect(!echoed.stdout.contains("\u{07}") && !echoed.stderr.contains("\u{07}"))
    let huge = try Shien.run(["search", String(repeating: "手当 ", count: 15_000)])
    #expect(huge.status == 64, "\(huge.stderr.prefix(200))")
    #expect(huge.stderr.contains("longer than 300 bytes"))
  }

  /// A household id in `check --format md` cannot steer a terminal or inject HTML.
  @Test func aHouseholdIdInMarkdownIsEscaped() throws {
    let output = try Shien.run(
      ["check", "--household", "-", "--format", "md"],
      stdin: #"{"id": "H\u001b[2J<img src=x onerror=alert(1)>", "members": [{"role": "self", "age": 30}]}"#)
    #expect(output.status == 0, "\(output.stderr)")
    #expect(!output.stdout.contains("\u{1B}"))
    #expect(!output.stdout.contains("<img"), "\(output.stdout.prefix(300))")
  }

  /// The handout in Markdown, rendered by a CommonMark renderer (markdown-it-py): no raw HTML, and every link an
  /// http(s) address.
  @Test func theMarkdownHandoutRendersWithoutRawHTML() throws {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    probe.arguments = ["python3", "-c", "import markdown_it"]
    probe.standardError = FileHandle.nullDevice
    try probe.run()
    probe.waitUntilExit()
    guard probe.terminationStatus == 0 else {
      print("skipped: markdown-it-py is not installed (pip install markdown-it-py; .ci/run installs it)")
      return
    }
    let household = try String(contentsOfFile: Shien.example, encoding: .utf8)
      .replacingOccurrences(of: "\"H-0001\"", with: "\"<script>alert(1)</script>\"")
    let markdown = try Shien.run(["check", "--household", "-", "--format", "md"], stdin: household)
    #expect(markdown.status == 0, "\(markdown.stderr)")
    let render = Process()
    render.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    render.arguments = [
      "python3", "-c",
      "import sys, markdown_it; sys.stdout.write(markdown_it.MarkdownIt('commonmark').render(sys.stdin.read()))",
    ]
    let input = Pipe()
    let output = Pipe()
    render.standardInput = input
    render.standardOutput = output
    try render.run()
    input.fileHandleForWriting.write(Data(markdown.stdout.utf8))
    try input.fileHandleForWriting.close()
    let html = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    render.waitUntilExit()
    #expect(html.contains("<h1>"))
    #expect(!html.contains("<script") && !html.contains("<img"), "\(html.prefix(400))")
    let hrefs = html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
    #expect(!hrefs.isEmpty)
    #expect(hrefs.allSatisfy { $0.hasPrefix("https://") || $0.hasPrefix("http://") }, "\(hrefs)")
  }

  /// Colour needs a terminal that says what it is: with TERM unset, none (run under `script` for a terminal).
  @Test func noColourWhenTERMIsUnset() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
      print("skipped: script(1) is not installed")
      return
    }
    let command = "env -u TERM -u NO_COLOR '\(Shien.binary.path)' search 児童手当"
    let output = try Shien.run(["-qc", command, "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"))
    #expect(output.stdout.contains("児童手当"), "\(output.stdout)")
    #expect(!output.stdout.contains("\u{1B}["), "\(output.stdout.prefix(200))")
    let coloured = try Shien.run(
      ["-qc", "env -u NO_COLOR TERM=xterm '\(Shien.binary.path)' search 児童手当", "/dev/null"],
      executable: URL(fileURLWithPath: "/usr/bin/script"))
    #expect(coloured.stdout.contains("\u{1B}["), "the same run on a named terminal has colour")
  }

  /// A catalog database whose `meta` is a recursive view would hang every command: refused at once.
  @Test func aDatabaseWithAViewIsRefused() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("catalog.sqlite").path
    #expect(try Shien.run(["catalog", "build", "--output", database]).status == 0)
    // `meta` becomes a recursive view, through SQLite itself (Python's sqlite3 module).
    let sql = """
      ALTER TABLE meta RENAME TO meta_table;
      CREATE VIEW meta AS WITH RECURSIVE r(key, value) AS (SELECT 1, 1 UNION ALL SELECT key, value FROM r) SELECT * FROM r;
      """
    let sqlite = Process()
    sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    sqlite.arguments = [
      "python3", "-c",
      "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", database, sql,
    ]
    try sqlite.run()
    sqlite.waitUntilExit()
    #expect(sqlite.terminationStatus == 0)
    let output = try Shien.run(["--catalog", database, "check", "--household", Shien.example])
    #expect(output.status == 65)
    #expect(output.stderr.contains("holds a view meta"), "\(output.stderr)")
  }

  /// Piped interview answers are echoed (so that a transcript reads as a conversation) through the sanitiser.
  @Test func pipedInterviewAnswersAreEchoedSafely() throws {
    let data = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let output = try Shien.run(
      ["interview", "--as-of", "2025-06-01"], stdin: "古賀市\u{1B}[2J\u{1B}]0;pwned\u{07}\n35\n",
      environment: ["XDG_DATA_HOME": data.path])
    #expect(output.stderr.contains("古賀市?[2J?]0;pwned?"), "\(output.stderr.prefix(300))")
    #expect(!output.stderr.contains("\u{1B}") && !output.stdout.contains("\u{1B}"))
  }
}
