import Foundation
import Testing

/// A household document on one line: a parent in 古賀市 with the given income and children.
private func household(
  _ id: String, income: Int? = 2_400_000, children: [String] = ["2016-05-10"], municipality: String = "古賀市"
) -> String {
  var members = [
    "{\"role\":\"self\",\"birth_date\":\"1988-06-02\""
      + (income.map { ",\"income\":\($0),\"employment\":\"employee\"" } ?? "") + "}"
  ]
  members += children.map { "{\"role\":\"child\",\"birth_date\":\"\($0)\"}" }
  return "{\"id\":\"\(id)\",\"as_of\":\"2025-06-01\",\"municipality\":\"\(municipality)\",\"members\":["
    + members.joined(separator: ",") + "]}"
}

/// The ids of JSON Lines results, in order.
private func ids(_ output: String) throws -> [String] {
  try output.split(separator: "\n").map { line in
    let document = try Shien.json(String(line))
    return try #require((document["household"] as? [String: Any])?["id"] as? String)
  }
}

@Suite struct BatchCommandTests {
  static let brokenInput = [
    household("H-1"),
    "{\"id\":\"H-2\",\"members\":[{\"role\":\"self\",\"incme\":1}]}",
    household("H-3", children: ["2022-04-01", "2019-10-10"], municipality: "岡崎市"),
    "{broken",
    "   ",
    "{\"id\":\"H-6\",\"as_of\":\"2025-06-01\",\"members\":[{\"role\":\"child\",\"birth_date\":\"2025-02-30\"}]}",
    household("H-7", income: nil),
    "{\"id\":\"H-8\",\"as_of\":\"2025-06-01\",\"municipality\":\"どこか市\",\"members\":[{\"role\":\"self\",\"age\":40}]}",
    household("H-9", children: []),
  ].joined(separator: "\n")

  @Test func brokenLinesAreReportedAndEveryOtherLineIsChecked() throws {
    let output = try Shien.run(["batch"], stdin: BatchCommandTests.brokenInput)
    #expect(output.status == 65)
    #expect(try ids(output.stdout) == ["H-1", "H-3", "H-7", "H-9"])
    #expect(output.stdout.hasSuffix("}\n"), "complete lines only")
    #expect(
      output.stderr == """
        shien: line 2, column 39: members[0].incme: unknown fact 'incme'; did you mean 'income'?
        shien: line 4, column 2: expected a key in double quotes, found 'b'
        shien: line 6, column 74: members[0].birth_date: impossible date '2025-02-30'
        shien: line 8, column 49: municipality: unknown municipality 'どこか市'
        shien: error: 4 line(s) of <stdin> could not be checked (listed above); 4 household(s) were checked

        """)
  }

  @Test func errorsGoToAFileAsJSONLines() throws {
    let directory = try Shien.temporaryDirectory()
    let input = try Shien.write(BatchCommandTests.brokenInput, to: "in.jsonl", in: directory)
    let errors = directory.appendingPathComponent("errors.jsonl").path
    let output = try Shien.run(["batch", "--input", input, "--errors", errors, "--jobs", "2"])
    #expect(output.status == 65)
    #expect(try ids(output.stdout) == ["H-1", "H-3", "H-7", "H-9"])
    #expect(output.stderr.contains("4 line(s) of \(input) could not be checked (listed in \(errors))"))
    let lines = try String(contentsOfFile: errors, encoding: .utf8).split(separator: "\n").map {
      try Shien.json(String($0))
    }
    #expect(lines.map { $0["line"] as? Int } == [2, 4, 6, 8])
    #expect(lines[0]["column"] as? Int == 39)
    #expect(lines[0]["id"] as? String == "H-2")
    #expect(lines[0]["path"] as? String == "members[0].incme")
    #expect(lines[0]["error"] as? String == "unknown fact 'incme'; did you mean 'income'?")
    #expect(lines[1]["id"] is NSNull)
  }

  @Test(arguments: ["ja", "en", "ja-easy"])
  func eachLineIsWhatCheckPrints(language: String) throws {
    // Several households through one run, so that what a run renders once and reuses is checked too.
    let lines = [
      household("H-1", children: ["2016-05-10", "2023-01-20"]),
      household("H-2", income: 9_000_000, children: ["2008-04-01"], municipality: "岡崎市"),
      household("H-3", income: nil, children: [], municipality: "40223"),
      household("H-4", children: ["2016-05-10", "2010-01-01"]),
    ]
    let batch = try Shien.run(["batch", "--all", "--lang", language], stdin: lines.joined(separator: "\n"))
    #expect(batch.status == 0)
    var expected = ""
    for line in lines {
      expected += try Shien.run(
        ["check", "--household", "-", "--format", "json", "--all", "--lang", language], stdin: line
      ).stdout
    }
    #expect(batch.stdout == expected)
  }

  @Test func onlyEligibleAndMaybeByDefault() throws {
    let line = household("H-1", children: ["2016-05-10", "2023-01-20"])
    // By default only eligible and maybe measures are listed.
    let listed = try Shien.json(try Shien.run(["batch"], stdin: line).stdout)
    let statuses = (listed["measures"] as? [[String: Any]])?.compactMap { $0["status"] as? String } ?? []
    #expect(!statuses.isEmpty && !statuses.contains("ineligible"))
  }

  /// A desk chosen by a fact (出産育児一時金: the mother's insurance) is each household's own, though the households
  /// share a municipality (a desk kept per measure and place gave the second the first one's desk).
  @Test func aDeskChosenByInsuranceIsEachHouseholdsOwn() throws {
    func pregnant(_ id: String, _ insurance: String) -> String {
      #"{"id": "\#(id)", "as_of": "2026-04-01", "municipality": "古賀市", "members": [{"role": "self", "#
        + #""birth_date": "1995-04-02", "pregnancy": "over_6_months", "health_insurance": "\#(insurance)"}]}"#
    }
    let input = [pregnant("N", "national"), pregnant("E", "employee"), pregnant("N2", "national")].joined(
      separator: "\n")
    let lines = try Shien.run(["batch", "--jobs", "1", "--measures", "childbirth-lump-sum"], stdin: input).stdout
      .split(separator: "\n")
    let desks = try lines.map { line in
      let measures = try Shien.json(String(line))["measures"] as? [[String: Any]]
      let desk = measures?.first?["desk"] as? [String: Any]
      return desk?["name"] as? String ?? ""
    }
    #expect(desks.count == 3 && desks[0] == desks[2] && desks[0] != desks[1], "\(desks)")
  }

  @Test func optionsRestrictAndDate() throws {
    let line = household("H-1")
    let output = try Shien.run(
      ["batch", "--measures", "child-allowance", "--as-of", "R7.6.1", "--lang", "en"], stdin: line)
    #expect(output.status == 0, "\(output.stderr)")
    let document = try Shien.json(output.stdout)
    let measures = try #require(document["measures"] as? [[String: Any]])
    #expect(measures.map { $0["id"] as? String } == ["child-allowance"])
    #expect(measures[0]["name"] as? String == "Child Allowance")
    #expect(
      try Shien.run(["batch", "--measures", "child-alowance"], stdin: line).stderr.contains(
        "Did you mean 'child-allowance' (児童手当)?"))
  }

  /// `--detail brief` says, per household and measure, exactly the status, amount and missing facts of the full
  /// result, and nothing else.
  @Test(arguments: [[String](), ["--all"]])
  func briefDetailKeepsTheAnswersOnly(extra: [String]) throws {
    let input = [
      household("H-1", children: ["2016-05-10", "2023-01-20"]), household("H-2", income: nil),
      household("H-3", children: ["2022-04-01", "2019-10-10"], municipality: "岡崎市"), household("H-4", children: []),
    ].joined(separator: "\n")
    let full = try Shien.run(["batch", "--jobs", "2"] + extra, stdin: input)
    let brief = try Shien.run(["batch", "--jobs", "2", "--detail", "brief"] + extra, stdin: input)
    #expect(full.status == 0 && brief.status == 0, "\(brief.stderr)")
    let fullLines = full.stdout.split(separator: "\n")
    let briefLines = brief.stdout.split(separator: "\n")
    #expect(briefLines.count == 4 && fullLines.count == 4)
    for (fullLine, briefLine) in zip(fullLines, briefLines) {
      let document = try Shien.json(String(fullLine))
      let short = try Shien.json(String(briefLine))
      let household = try #require(document["household"] as? [String: Any])
      #expect(short["id"] as? String == household["id"] as? String)
      #expect(short["as_of"] as? String == document["as_of"] as? String)
      #expect(short["municipality"] as? String == (household["municipality"] as? [String: Any])?["code"] as? String)
      #expect(Set(short.keys) == ["id", "as_of", "municipality", "measures"])
      let measures = try #require(document["measures"] as? [[String: Any]])
      let shortMeasures = try #require(short["measures"] as? [[String: Any]])
      #expect(shortMeasures.count == measures.count && !measures.isEmpty)
      for (measure, shortMeasure) in zip(measures, shortMeasures) {
        #expect(Set(shortMeasure.keys) == ["id", "status", "amount", "missing"])
        for key in ["id", "status"] { #expect(shortMeasure[key] as? String == measure[key] as? String) }
        #expect(shortMeasure["missing"] as? [String] == measure["missing"] as? [String])
        let amount = measure["amount"] as? [String: Any]
        let shortAmount = shortMeasure["amount"] as? [String: Any]
        #expect((amount == nil) == (shortAmount == nil))
        for key in ["min", "max", "per", "verified"] {
          #expect("\(amount?[key] ?? "-")" == "\(shortAmount?[key] ?? "-")", "\(measure["id"] ?? "") \(key)")
        }
      }
    }
    let csv = try Shien.run(["batch", "--detail", "brief", "--format", "csv"], stdin: input)
    #expect(csv.status == 64 && csv.stderr.contains("--detail brief writes JSON Lines"))
    #expect(try Shien.run(["batch", "--detail", "short"], stdin: input).status == 64)
  }

  @Test func csvInCSVOut() throws {
    let csv =
      "\u{FEFF}id,as_of,municipality,m1_role,m1_birth_date,m1_income,m1_employment,m2_role,m2_birth_date,#memo\r\n"
      + "C-1,R7.6.1,古賀市,本人,S63.6.2,240万,employee,child,2016/5/10,\"a note, with a comma\"\r\n"
      + "C-2,2025-06-01,古賀市,self,1988-06-02,\"2,400,000\",employee,child,2025-02-30,\r\n"
      + "\r\n"
      + "C-3,2025-06-01,\"古賀市\",self,1960-01-01,9000000,employee,,,\r\n"
    let output = try Shien.run(
      [
        "batch", "--input-format", "csv", "--format", "csv", "--measures",
        "child-allowance,special-child-rearing-allowance",
      ],
      stdin: csv)
    #expect(output.status == 65)
    let rows = output.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(
      rows.first
        == "id,as_of,municipality,measure,name,status,amount_min,amount_max,per,verified,missing,desk,phone")
    #expect(
      rows.contains(
        "C-1,2025-06-01,40223,child-allowance,児童手当,eligible,10000,10000,month,true,,古賀市 子育て支援課,092-942-1157"))
    #expect(rows.last == "C-3,2025-06-01,40223,,,,,,,,,,", "a household with nothing listed still gets its row")
    #expect(!rows.contains { $0.hasPrefix("C-2,") })
    #expect(
      output.stderr.hasPrefix(
        "shien: line 3, column 9: m2_birth_date: There is no such day as \"2025-02-30\". February 2025 has 28 days.\n"
      ))
    // The maybe measures name the columns that would settle them.
    #expect(
      rows.contains {
        $0.hasPrefix("C-1,2025-06-01,40223,special-child-rearing-allowance,")
          && $0.contains("m2_disability_physical_grade")
      })
  }

  @Test func theSameHouseholdsInCSVAndJSONLinesGetTheSameAnswers() throws {
    let jsonl = [
      household("A", children: ["2016-05-10", "2023-01-20"]),
      household("B", income: nil, children: ["2008-04-02"], municipality: "岡崎市"),
      household("C", income: 0, children: []),
    ].joined(separator: "\n")
    let csv =
      [
        "id,as_of,municipality,m1_role,m1_birth_date,m1_income,m1_employment,m2_role,m2_birth_date,m3_role,m3_birth_date",
        "A,2025-06-01,古賀市,self,1988-06-02,2400000,employee,child,2016-05-10,child,2023-01-20",
        "B,2025-06-01,岡崎市,self,1988-06-02,,,child,2008-04-02,,",
        "C,2025-06-01,古賀市,self,1988-06-02,0,employee,,,,",
      ].joined(separator: "\r\n") + "\r\n"
    let fromJSON = try Shien.run(["batch", "--format", "csv", "--all"], stdin: jsonl)
    let fromCSV = try Shien.run(["batch", "--format", "csv", "--all"], stdin: csv)
    #expect(fromJSON.status == 0 && fromCSV.status == 0, "\(fromJSON.stderr)\(fromCSV.stderr)")
    #expect(fromCSV.stdout == fromJSON.stdout)
    #expect(fromCSV.stdout.components(separatedBy: "\r\n").count > 10)
  }

  @Test func aBadCSVHeaderStopsTheRun() throws {
    let output = try Shien.run(["batch", "--input-format", "csv"], stdin: "id,m1_role,m1_incom\nH,self,1\n")
    #expect(output.status == 65)
    #expect(
      output.stderr
        == "shien: error: <stdin>:1: CSV header: column 3: unknown member fact 'incom' in column 'm1_incom'; did you mean 'm1_income'?\n"
    )
  }

  @Test func theFormatFollowsFileNames() throws {
    let directory = try Shien.temporaryDirectory()
    let input = try Shien.write("id,m1_role,m1_age\nH-1,self,40\n", to: "households.csv", in: directory)
    let outputPath = directory.appendingPathComponent("results.jsonl").path
    let output = try Shien.run(["batch", "--input", input, "--output", outputPath])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.isEmpty)
    #expect(try ids(try String(contentsOfFile: outputPath, encoding: .utf8)) == ["H-1"])
    let attributes = try FileManager.default.attributesOfItem(atPath: outputPath)
    #expect((attributes[.posixPermissions] as? Int) == 0o600, "results are about people: owner only")
    // Sniffed from the text when there is no name to go by; the output takes the input's format.
    let sniffed = try Shien.run(["batch"], stdin: "id,m1_role,m1_age\r\nH-2,self,40\r\n").stdout
    #expect(sniffed.hasPrefix("id,as_of,municipality,measure,"))
    #expect(sniffed.contains("\r\nH-2,"))
  }

  @Test func twoShardsAddUpToTheWhole() throws {
    var lines = (1...60).map { household("S-\($0)", income: 1_000_000 + $0 * 50_000) }
    lines.insert("{not json", at: 10)
    lines.insert("{\"id\":\"S-bad\",\"members\":[]}", at: 30)
    let input = lines.joined(separator: "\n") + "\n"
    let whole = try Shien.run(["batch"], stdin: input)
    #expect(whole.status == 65)
    for count in [2, 3] {
      var outputs: [String] = []
      var errors: [String] = []
      for index in 1...count {
        let part = try Shien.run(["batch", "--shard", "\(index)/\(count)"], stdin: input)
        let partIDs = try ids(part.stdout)
        #expect(!partIDs.isEmpty)
        // Input order within each share.
        #expect(partIDs == (try ids(whole.stdout)).filter { partIDs.contains($0) })
        outputs += part.stdout.split(separator: "\n").map(String.init)
        errors += part.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("shien: line ") }
      }
      #expect(outputs.sorted() == whole.stdout.split(separator: "\n").map(String.init).sorted())
      #expect(
        errors.sorted()
          == whole.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("shien: line ") }.sorted())
    }
  }

  @Test func sinceReportsExactlyWhatChanged() throws {
    let directory = try Shien.temporaryDirectory()
    let before = [
      household("A"), household("B"), household("C"),
      household("D", income: nil), household("E", children: []),
    ]
    let after = [
      household("A"),
      household("B", children: ["2016-05-10", "2025-05-01"]),  // a baby: more child allowance
      household("C", income: 9_000_000),  // over the income limit of 児童扶養手当
      household("D", income: 1_000_000),  // income now known: maybe → eligible
      household("F", children: ["2024-01-01"]),  // moved in; E moved out
    ]
    let first = try Shien.write(before.joined(separator: "\n"), to: "before.jsonl", in: directory)
    let second = try Shien.write(after.joined(separator: "\n"), to: "after.jsonl", in: directory)
    let previous = directory.appendingPathComponent("previous.jsonl").path
    // The measures the scenario is about (the full catalog has more that these changes move).
    let only = [
      "--measures",
      "child-allowance,child-support-allowance,disabled-child-welfare-allowance,special-child-rearing-allowance",
    ]
    #expect(try Shien.run(["batch", "--input", first, "--output", previous] + only).status == 0)
    let output = try Shien.run(["batch", "--input", second, "--since", previous] + only)
    #expect(output.status == 0, "\(output.stderr)")
    var found: [String: [String]] = [:]
    for line in output.stdout.split(separator: "\n") {
      let document = try Shien.json(String(line))
      let id = try #require(document["id"] as? String)
      let changes = try #require(document["changes"] as? [[String: Any]])
      found[id] =
        [document["household"] as? String ?? "?"]
        + changes.map { "\($0["measure"] as? String ?? "?") \($0["change"] as? String ?? "?")" }
    }
    #expect(
      found == [
        "B": [
          "changed", "child-allowance amount_changed", "child-support-allowance amount_changed",
          "disabled-child-welfare-allowance amount_changed", "special-child-rearing-allowance amount_changed",
        ],
        "C": [
          "changed", "child-support-allowance no_longer_eligible", "special-child-rearing-allowance no_longer_eligible",
        ],
        "D": ["changed", "child-support-allowance status_changed"],
        "F": [
          "new", "child-allowance newly_eligible", "child-support-allowance newly_eligible",
          "disabled-child-welfare-allowance newly_maybe", "special-child-rearing-allowance newly_maybe",
        ],
        "E": ["removed"],
      ])
    let b = try Shien.json(String(output.stdout.split(separator: "\n")[0]))
    let allowance = try #require((b["changes"] as? [[String: Any]])?.first)
    #expect(((allowance["before"] as? [String: Any])?["amount"] as? [String: Any])?["min"] as? Int == 10000)
    #expect(((allowance["after"] as? [String: Any])?["amount"] as? [String: Any])?["min"] as? Int == 25000)
    #expect(output.stderr.hasPrefix("since: 5 households, 4 in the earlier run, 1 new, 1 gone; 4 with changes\n"))
    #expect(output.stderr.contains("child-allowance 児童手当"))
    // The same comparison from CSV runs.
    let previousCSV = directory.appendingPathComponent("previous.csv").path
    #expect(try Shien.run(["batch", "--input", first, "--output", previousCSV] + only).status == 0)
    let csv = try Shien.run(["batch", "--input", second, "--since", previousCSV, "--format", "csv"] + only)
    let rows = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(rows.count == 1 + 4 + 2 + 1 + 4 + 1)
    #expect(
      rows.contains(
        "D,changed,child-support-allowance,児童扶養手当,status_changed,maybe,11010,46690,eligible,46690,46690,month"))
    #expect(rows.contains("E,removed,,,,,,,,,,"))
  }

  @Test func aClosedPipeEndsTheRunQuietly() throws {
    let directory = try Shien.temporaryDirectory()
    let lines = (1...3000).map { household("P-\($0)") }
    let input = try Shien.write(lines.joined(separator: "\n"), to: "many.jsonl", in: directory)
    let process = Process()
    process.executableURL = Shien.binary
    process.arguments = ["batch", "--input", input]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Like `| head -1`: read the first line, then close the pipe.
    var received = Data()
    while !received.contains(0x0A) {
      let data = out.fileHandleForReading.availableData
      if data.isEmpty { break }
      received.append(data)
    }
    try out.fileHandleForReading.close()
    process.waitUntilExit()
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(received.starts(with: Data("{\"as_of\":\"2025-06-01\"".utf8)))
    #expect(process.terminationStatus == 0)
    #expect(stderr.isEmpty)
  }

  @Test func anInterruptedRunLeavesCompleteLines() throws {
    let process = Process()
    process.executableURL = Shien.binary
    process.arguments = ["batch", "--input-format", "jsonl"]
    let input = Pipe()
    let out = Pipe()
    let err = Pipe()
    process.standardInput = input
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let lines = (1...5).map { household("I-\($0)") }.joined(separator: "\n") + "\n"
    input.fileHandleForWriting.write(Data(lines.utf8))
    // Wait for the five results; shien then waits for more input, and Ctrl-C comes.
    var received = Data()
    while received.filter({ $0 == 0x0A }).count < 5 {
      let data = out.fileHandleForReading.availableData
      if data.isEmpty { break }
      received.append(data)
    }
    process.interrupt()
    process.waitUntilExit()
    received.append(out.fileHandleForReading.readDataToEndOfFile())
    try input.fileHandleForWriting.close()
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 130)
    #expect(try ids(String(decoding: received, as: UTF8.self)) == ["I-1", "I-2", "I-3", "I-4", "I-5"])
    #expect(stderr == "shien: error: interrupted after 5 households; the output holds 5 households in complete lines\n")
  }

  @Test func mistakesGetTheirExitStatus() throws {
    let missing = try Shien.run(["batch", "--input", "/nonexistent/households.jsonl"])
    #expect(missing.status == 66)
    #expect(missing.stderr == "shien: error: /nonexistent/households.jsonl: no such file\n")
    let unwritable = try Shien.run(["batch", "--output", "/nonexistent/out.jsonl"], stdin: household("H"))
    #expect(unwritable.status == 74)
    #expect(try Shien.run(["batch", "--shard", "3/2"], stdin: "").status == 64)
    #expect(try Shien.run(["batch", "--jobs", "0"], stdin: "").status == 64)
    #expect(try Shien.run(["batch", "--format", "xml"], stdin: "").stderr.contains("expected one of jsonl, csv"))
    let since = try Shien.run(["batch", "--since", Shien.example], stdin: household("H"))
    #expect(since.status == 65)
    #expect(since.stderr.contains("(--since takes the output of an earlier 'shien batch' run)"))
    let empty = try Shien.run(["batch"], stdin: "")
    #expect(empty.status == 0)
    #expect(empty.stdout.isEmpty)
  }

  @Test func helpDocumentsTheCSVLayout() throws {
    let help = try Shien.run(["batch", "--help"]).stdout
    #expect(help.contains("m1_role, m1_birth_date, m1_income, m1_employment, …"))
    #expect(help.contains("id, as_of, municipality, measure, name, status, amount_min, amount_max, per"))
    let template = try Shien.run(["batch", "--csv-template", "2"])
    #expect(template.stdout.hasPrefix("id,as_of,prefecture,municipality,rent,single_parent,"))
    #expect(template.stdout.contains(",m1_role,m1_birth_date,"))
    #expect(template.stdout.contains(",m2_in_care_facility,"))
    #expect(template.stdout.hasSuffix("\r\n") && !template.stdout.contains("m3_"))
  }
}
