import Foundation
import Testing

@Suite struct CheckCommandTests {
  @Test func textReportGroupsByStatusWithAmountsDesksAndSources() throws {
    let output = try Shien.run(["check", "--household", Shien.example])
    #expect(output.status == 0)
    #expect(output.stdout.contains("世帯 H-0001 ・ 福岡県古賀市 ・ 2025-06-01 時点"))
    #expect(output.stdout.contains("■ 受けられる見込みのもの"))
    #expect(output.stdout.contains("● 児童手当  月額 25,000円"))
    #expect(output.stdout.contains("● 児童扶養手当  月額 57,720円"))
    // 古賀市 has desk data: the real desk, its phone, and what is not confirmed marked 要確認.
    #expect(output.stdout.contains("窓口: 古賀市 子育て支援課\n        電話 092-942-1157（要確認）"))
    #expect(output.stdout.contains("出典:"))
    #expect(!output.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
  }

  @Test func jsonFollowsTheResultContract() throws {
    let output = try Shien.run(["check", "--household", Shien.example, "--format", "json", "--all"])
    #expect(output.status == 0)
    let document = try Shien.json(output.stdout)
    #expect(document["as_of"] as? String == "2025-06-01")
    let catalog = try #require(document["catalog"] as? [String: Any])
    #expect((catalog["digest"] as? String)?.count == 64)
    #expect((document["household"] as? [String: Any])?["id"] as? String == "H-0001")
    let allowance = try #require(Shien.measure("child-allowance", in: document))
    #expect(allowance["status"] as? String == "eligible")
    let amount = try #require(allowance["amount"] as? [String: Any])
    #expect(amount["min"] as? Int == 25000)
    #expect(amount["max"] as? Int == 25000)
    #expect(amount["per"] as? String == "month")
    #expect(amount["currency"] as? String == "JPY")
    #expect((allowance["missing"] as? [Any])?.isEmpty == true)
    let why = try #require(allowance["why"] as? [[String: Any]])
    #expect(why.first?["holds"] as? Bool == true)
    #expect((allowance["procedure"] as? [String: Any])?["steps"] is [String])
    #expect((allowance["desk"] as? [String: Any])?["name"] is String)
    let sources = try #require(allowance["sources"] as? [[String: Any]])
    #expect(
      sources.allSatisfy {
        $0["url"] is String && ($0["checked"] is String || ($0["checked"] is NSNull && $0["read"] as? Bool == false))
      })
    // A national measure cites the national authority's page first, marked as not read where it was not.
    #expect((sources.first?["url"] as? String)?.hasPrefix("https://www.cfa.go.jp/") == true)
    #expect(sources.first?["read"] as? Bool == false)
    // A measure that pays by certificate grade shows a range, and lists the facts that would narrow it.
    let special = try #require(Shien.measure("special-child-rearing-allowance", in: document))
    let range = try #require(special["amount"] as? [String: Any])
    #expect(range["min"] as? Int == 37830)
    #expect(range["max"] as? Int == 113_600)
    #expect((special["missing"] as? [String])?.contains("members[1].disability_physical_grade") == true)
  }

  @Test func optionsTakeTheirValueAfterAnEqualsSign() throws {
    let output = try Shien.run(["check", "--household=\(Shien.example)", "--format=json", "--measures=child-allowance"])
    #expect(output.status == 0)
    #expect(Shien.measure("child-allowance", in: try Shien.json(output.stdout)) != nil)
    #expect(
      try Shien.run(["check", "--household", Shien.example, "--all=yes"]).stderr.contains(
        "The flag '--all' takes no value."))
  }

  @Test func readsTheHouseholdFromStandardInput() throws {
    let household = try String(contentsOfFile: Shien.example, encoding: .utf8)
    let output = try Shien.run(["check", "--household", "-", "--format", "json"], stdin: household)
    #expect(output.status == 0)
    #expect(Shien.measure("child-allowance", in: try Shien.json(output.stdout)) != nil)
  }

  @Test func counterStaffTypeTheHouseholdOnOneLine() throws {
    let output = try Shien.run([
      "check", "--municipality", "古賀市", "--self", "平成2年6月15日,２４０万円,employee", "--child", "2016-05-10",
      "--child", "R5.1.20", "--as-of", "R7.6.1", "--format", "json",
    ])
    #expect(output.status == 0, "\(output.stderr)")
    let document = try Shien.json(output.stdout)
    #expect(document["as_of"] as? String == "2025-06-01")
    let support = try #require(Shien.measure("child-support-allowance", in: document))
    #expect(support["status"] as? String == "eligible")
    let amount = try #require(support["amount"] as? [String: Any])
    // 所得 1,600,000 − 180,000 = 1,420,000 with 2 dependants: partial, 46,680 − (1,420,000 − 1,450,000)… is full.
    #expect(amount["min"] as? Int == 57720)
  }

  @Test func aPartialChildSupportAllowanceIsComputedExactly() throws {
    // 所得 = 3,600,000 − (3,600,000 × 0.3 + 80,000) = 2,440,000; minus 180,000 = 2,260,000; 1 dependant.
    // 本体 46,680 − (2,260,000 − 1,070,000) × 0.0256619 = 16,142.3 → 16,140 円.
    let output = try Shien.run([
      "check", "--self", "40,360万,employee", "--child", "10", "--as-of", "2025-06-01", "--format", "json",
      "--measures", "child-support-allowance", "--no-disability",
    ])
    #expect(output.status == 0, "\(output.stderr)")
    let support = try #require(Shien.measure("child-support-allowance", in: try Shien.json(output.stdout)))
    let amount = try #require(support["amount"] as? [String: Any])
    #expect(amount["min"] as? Int == 16140)
    #expect(amount["max"] as? Int == 16140)
    // Without --no-disability the deductions for a possible certificate stay open, and so does the amount:
    // up to 400,000 (self) + 750,000 (child) off the income gives 46,680 − 40,000 × 0.0256619 → 45,650.
    let open = try Shien.run([
      "check", "--self", "40,360万,employee", "--child", "10", "--as-of", "2025-06-01", "--format", "json",
      "--measures", "child-support-allowance",
    ])
    let range = try #require(
      Shien.measure("child-support-allowance", in: try Shien.json(open.stdout))?["amount"] as? [String: Any])
    #expect(range["min"] as? Int == 16140)
    #expect(range["max"] as? Int == 45650)
  }

  @Test func unknownFactsGiveMaybeWithWhatToFindOut() throws {
    let output = try Shien.run([
      "check", "--self", "35", "--child", "2016-05-10", "--as-of", "2025-06-01", "--format", "json", "--all",
    ])
    #expect(output.status == 0)
    let support = try #require(Shien.measure("child-support-allowance", in: try Shien.json(output.stdout)))
    #expect(support["status"] as? String == "maybe")
    #expect((support["missing"] as? [String])?.contains("members[0].income") == true)
    let why = try #require(support["why"] as? [[String: Any]])
    #expect(why.contains { $0["holds"] is NSNull })
    // If eligible at all, the amount lies between the published partial minimum and the full amount.
    let amount = try #require(support["amount"] as? [String: Any])
    #expect(amount["min"] as? Int == 11010)
    #expect(amount["max"] as? Int == 46690)
  }

  @Test func anAmountWithNoSourcedValueIsOpenAndMarkedToConfirm() throws {
    // Before Nov 2024 the reference gives no third-child add-on for 児童扶養手当: the amount is left open.
    let output = try Shien.run([
      "check", "--self", "40,200万,employee", "--child", "3", "--child", "5", "--child", "7", "--no-disability",
      "--as-of", "2024-10-01", "--measures", "child-support-allowance", "--format", "json",
    ])
    let amount = try #require(
      Shien.measure("child-support-allowance", in: try Shien.json(output.stdout))?["amount"] as? [String: Any])
    #expect(amount["min"] as? Int == 56250)
    #expect(amount["max"] is NSNull)
    #expect(amount["verified"] as? Bool == false)
    let text = try Shien.run([
      "check", "--self", "40,200万,employee", "--child", "3", "--child", "5", "--child", "7", "--no-disability",
      "--as-of", "2024-10-01", "--measures", "child-support-allowance",
    ])
    #expect(text.stdout.contains("月額 56,250円〜（上限は条件しだい）（要確認）"))
  }

  @Test func englishAndEasyJapanese() throws {
    let english = try Shien.run(["check", "--household", Shien.example, "--lang", "en"])
    #expect(english.stdout.contains("Child Allowance  ¥25,000 per month"))
    let easy = try Shien.run(["check", "--household", Shien.example, "--lang", "ja-easy"])
    #expect(easy.stdout.contains("もらえそう な もの"))
  }
}

@Suite struct BadInputTests {
  @Test func unknownOptionSuggestsTheClosest() throws {
    let output = try Shien.run(["check", "--household", Shien.example, "--fromat", "json"])
    #expect(output.status == 64)
    #expect(output.stdout.isEmpty)
    #expect(output.stderr.hasPrefix("Error: Unknown option '--fromat'. Did you mean '--format'?\nUsage: shien check "))
    #expect(output.stderr.hasSuffix("  See 'shien check --help' for more information.\n"))
  }

  @Test func unknownCommandSuggestsTheClosest() throws {
    let output = try Shien.run(["chek"])
    #expect(output.status == 64)
    #expect(output.stderr.hasPrefix("Error: Unknown command 'chek'. Did you mean 'check'?"))
  }

  @Test func badOptionValues() throws {
    #expect(
      try Shien.run(["check", "--household", Shien.example, "--format", "xml"]).stderr.contains(
        "expected one of text, json"))
    #expect(try Shien.run(["check", "--household", Shien.example, "--as-of", "2025-02-30"]).status == 64)
    #expect(try Shien.run(["check"]).stderr.contains("No household given"))
    #expect(try Shien.run(["check", "--household"]).stderr.contains("Missing value for '--household <file>'"))
    // The handout lists what the visitor may get; asking it for the rest says so instead of ignoring --all.
    let handout = try Shien.run(["check", "--household", Shien.example, "--format", "md", "--all"])
    #expect(handout.status == 64 && handout.stdout.isEmpty)
    #expect(handout.stderr.hasPrefix("Error: '--all' lists what the household cannot get in text and json;"))
  }

  @Test func missingHouseholdFileIsNoInput() throws {
    let output = try Shien.run(["check", "--household", "/nonexistent/household.json"])
    #expect(output.status == 66)
    #expect(output.stderr.hasSuffix("shien: error: /nonexistent/household.json: no such file\n"))
  }

  @Test(arguments: [
    ("{\"members\": [{\"role\": \"self\",}]}", "1:30: trailing comma in object"),
    (
      "{\n  \"members\": [\n    {\"role\": \"self\", \"incme\": 3}\n  ]\n}",
      "3:22: members[0].incme: unknown fact 'incme'; did you mean 'income'?"
    ),
    (
      "{\"members\": [{\"role\": \"child\", \"birth_date\": \"2025-02-30\"}]}",
      "members[0].birth_date: impossible date '2025-02-30'"
    ),
    ("{\"members\": [{\"role\": \"self\", \"income\": -5}]}", "members[0].income: money cannot be negative (-5)"),
    (
      "{\"members\": [{\"role\": \"self\", \"income\": \"lots\"}]}",
      "members[0].income: expected an amount in yen as a plain number, found 'lots'"
    ),
    (
      "{\"members\": [{\"role\": \"cat\"}]}",
      "members[0].role: 'cat' is not one of self, spouse, child, parent, grandparent, other"
    ),
    ("{\"members\": [{\"age\": 3}]}", "members[0].role: missing 'role'"),
    ("{\"rent\": 5}", "members: missing 'members'"),
    ("[]", "expected an object for the household, found an array"),
    ("", "empty input: expected a JSON value"),
    (
      "{\"members\": [{\"role\": \"self\", \"birth_date\": \"2030-01-01\"}], \"as_of\": \"2025-01-01\"}",
      "members[0].birth_date: birth date 2030-01-01 is after the evaluation date 2025-01-01"
    ),
  ])
  func brokenHouseholdsNameThePlace(document: String, expected: String) throws {
    let directory = try Shien.temporaryDirectory()
    let path = try Shien.write(document, to: "household.json", in: directory)
    let output = try Shien.run(["check", "--household", path])
    #expect(output.status == 65)
    #expect(output.stdout.isEmpty)
    #expect(output.stderr.contains(expected), "\(output.stderr)")
    #expect(output.stderr.contains("shien: error: \(path)"))
  }

  @Test func invalidUTF8AndNULBytesAreDataErrors() throws {
    let directory = try Shien.temporaryDirectory()
    let url = directory.appendingPathComponent("bad.json")
    try Data([0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D]).write(to: url)
    let output = try Shien.run(["check", "--household", url.path])
    #expect(output.status == 65)
    #expect(output.stderr.contains("1:8: invalid UTF-8"))
    let nul = try Shien.run(["check", "--household", "-"], stdin: "{\"id\": \"a\u{0}\"}")
    #expect(nul.status == 65)
    #expect(nul.stderr.contains("NUL byte in string"))
  }

  @Test func badMemberFlagsNameTheFlag() throws {
    let output = try Shien.run(["check", "--self", "35,incme=300万"])
    #expect(output.status == 65)
    #expect(output.stderr.contains("--self '35,incme=300万': unknown fact 'incme'; did you mean 'income'?"))
    let money = try Shien.run(["check", "--self", "35,income=たくさん"])
    #expect(money.status == 65)
    #expect(money.stderr.contains("income: Could not read"))
  }

  @Test func aFutureBirthDateOnTheCommandLineSaysSo() throws {
    let output = try Shien.run(["check", "--self", "35", "--child", "2030-01-01", "--as-of", "2025-01-01"])
    #expect(output.status == 65)
    #expect(output.stderr.contains("--child '2030-01-01': The birth date 2030-01-01 is after 2025-01-01."))
    let garbage = try Shien.run(["check", "--self", "abc"])
    #expect(garbage.stderr.contains("cannot read 'abc': expected an age or birth date first"))
  }

  @Test func unknownMunicipality() throws {
    let output = try Shien.run(["check", "--self", "35", "--municipality", "架空市"])
    #expect(output.status == 65)
    #expect(output.stderr.contains("unknown municipality '架空市'"))
    let ambiguous = try Shien.run(["check", "--self", "35", "--municipality", "府中市"])
    #expect(ambiguous.stderr.contains("is the name of more than one municipality"))
    let byCode = try Shien.run(["check", "--self", "35", "--municipality", "40223", "--format", "json"])
    #expect(byCode.status == 0)
    #expect(byCode.stdout.contains("\"code\":\"40223\""))
    // By name, by 5 or 6 digits (with its check digit), with or without the prefecture.
    for text in ["新発田市", "新潟県新発田市", "15206", "152064", "１５２０６"] {
      let found = try Shien.run(["check", "--self", "35", "--municipality", text, "--format", "json"])
      #expect(found.status == 0, "\(text): \(found.stderr)")
      #expect(found.stdout.contains("\"municipality\":{\"code\":\"15206\",\"name\":\"新潟県新発田市\"}"), "\(text)")
    }
    for (text, message) in [
      ("岡崎", "unknown municipality '岡崎'; did you mean 岡崎市（愛知県, 23202）?"),
      ("232020", "'232020' has a wrong check digit: 愛知県岡崎市 is 23202 or 232025"),
      ("99999", "no municipality has the code '99999'"),
      ("2320", "'2320' is not a municipality code: give its 5 digits (40223) or 6 with the check digit (402231)"),
    ] {
      let refused = try Shien.run(["check", "--self", "35", "--municipality", text])
      #expect(refused.status == 65, "\(text)")
      #expect(refused.stderr.contains("municipality: \(message)"), "\(refused.stderr)")
      #expect(refused.stdout.isEmpty)
    }
    let elsewhere = try Shien.run(["check", "--self", "35", "--municipality", "古賀市", "--prefecture", "愛知県"])
    #expect(elsewhere.status == 65)
    #expect(elsewhere.stderr.contains("there is no '古賀市' in 愛知県; 福岡県古賀市 (40223) is in another prefecture"))
  }

  @Test func aReaderClosingTheOutputEndsQuietly() throws {
    // Close the reading end before shien writes (as `| head` does once it has its lines): the write fails with
    // EPIPE, and shien stops with status 0 and nothing on stderr.
    for arguments in [["facts"], ["check", "--household", Shien.example]] {
      let process = Process()
      process.executableURL = Shien.binary
      process.arguments = arguments
      let pipe = Pipe()
      process.standardOutput = pipe
      let err = Pipe()
      process.standardError = err
      try pipe.fileHandleForReading.close()
      try process.run()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
      #expect(err.fileHandleForReading.readDataToEndOfFile().isEmpty)
    }
  }

  @Test func aFullDiskIsAnIOError() throws {
    guard let full = FileHandle(forWritingAtPath: "/dev/full") else { return }
    let process = Process()
    process.executableURL = Shien.binary
    process.arguments = ["check", "--household", Shien.example]
    process.standardOutput = full
    let err = Pipe()
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 74)
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(message == "shien: error: cannot write to standard output: No space left on device\n")
  }
}
