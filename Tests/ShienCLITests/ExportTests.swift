import Foundation
import Testing

/// What a clerk exports and reads back: amounts, rows, sheets in Japanese, spreadsheet safety (issue 18).
@Suite struct ExportTests {
  /// A single earner in 古賀市 whose 生活保護 comes to a fraction of a yen before rounding (22,367.475).
  static let fractionalHousehold =
    "{\"id\":\"P\",\"as_of\":\"2025-06-01\",\"municipality\":\"古賀市\",\"rent\":30000,\"members\":[{\"role\":\"self\","
    + "\"age\":40,\"income\":1234567,\"savings\":0,\"employment\":\"employee\",\"disability_physical_grade\":0,"
    + "\"disability_intellectual_grade\":\"none\",\"disability_mental_grade\":0,\"pregnancy\":\"none\","
    + "\"in_care_facility\":false}]}"

  @Test func everyAmountIsWholeYenInEveryFormat() throws {
    let csv = try Shien.run(["batch", "--format", "csv", "--all"], stdin: ExportTests.fractionalHousehold)
    #expect(csv.status == 0)
    let rows = csv.stdout.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let assistance = try #require(rows.first { $0.count > 7 && $0[3] == "public-assistance" })
    #expect(assistance[6] == "22367" && assistance[7] == "22367", "\(assistance)")
    for row in rows.dropFirst() where row.count > 7 {
      #expect(!row[6].contains(".") && !row[7].contains("."), "\(row)")
    }

    let jsonl = try Shien.run(["batch", "--all"], stdin: ExportTests.fractionalHousehold)
    #expect(jsonl.stdout.contains("\"min\":22367,\"max\":22367,"))
    #expect(!jsonl.stdout.contains("22367.4"))

    let directory = try Shien.temporaryDirectory()
    let file = try Shien.write(ExportTests.fractionalHousehold, to: "p.json", in: directory)
    for format in ["json", "text", "md", "html"] {
      let check = try Shien.run(["check", "--household", file, "--format", format, "--measures", "public-assistance"])
      #expect(check.status == 0)
      #expect(!check.stdout.contains("22367.4") && !check.stdout.contains("22,367.4"), "\(format)")
      #expect(check.stdout.contains(format == "json" ? "22367" : "22,367"), "\(format)")
    }
    let json = try Shien.json(
      try Shien.run(["check", "--household", file, "--format", "json", "--measures", "public-assistance"]).stdout)
    let amount = try #require(Shien.measure("public-assistance", in: json)?["amount"] as? [String: Any])
    #expect(amount["min"] as? Int == 22367 && amount["max"] as? Int == 22367)
  }

  @Test(arguments: [
    // An unclosed quote in row 3 (line 3): rows 4–7 are rows of their own.
    (
      "B,2025-06-01,古賀市,\"self,31", "D,2025-06-01,古賀市,self,33", ["A", "C", "D", "E", "F", "G"],
      ["shien: line 3, column 4: unterminated quoted field"]
    ),
    // A stray quote in row 5 "closes" it into a record of more fields than the header: only lines 3 and 5 are bad.
    (
      "B,2025-06-01,古賀市,\"self,31", "D,2025-06-01,古賀市,self\",33,x", ["A", "C", "E", "F", "G"],
      ["shien: line 3, column 4: unterminated quoted field", "shien: line 5: 6 fields, but the header has 5 columns"]
    ),
    // Valid CSV (a quoted field over three lines): one record, and its error names every line it took.
    (
      "B,2025-06-01,古賀市,\"self,31", "D,2025-06-01,古賀市,self\",33", ["A", "E", "F", "G"],
      ["shien: lines 3–5, column 4: m1_role: "]
    ),
  ])
  func aStrayQuoteLosesOnlyItsOwnLine(row3: String, row5: String, expected: [String], errors: [String]) throws {
    let csv = [
      "id,as_of,municipality,m1_role,m1_age", "A,2025-06-01,古賀市,self,30", row3, "C,2025-06-01,古賀市,self,32", row5,
      "E,2025-06-01,古賀市,self,34", "F,2025-06-01,古賀市,self,35", "G,2025-06-01,古賀市,self,36",
    ].joined(separator: "\n")
    let output = try Shien.run(["batch", "--input-format", "csv", "--format", "jsonl", "--jobs", "1"], stdin: csv)
    #expect(output.status == 65)
    let ids = try output.stdout.split(separator: "\n").map {
      (try Shien.json(String($0))["household"] as? [String: Any])?["id"] as? String ?? "?"
    }
    #expect(ids == expected)
    let lines = output.stderr.split(separator: "\n").map(String.init)
    #expect(lines.count == errors.count + 1, "\(lines)")
    for (line, error) in zip(lines, errors) { #expect(line.hasPrefix(error), "\(lines)") }
    #expect(
      lines.last
        == "shien: error: \(7 - ids.count) line(s) of <stdin> could not be checked (listed above); "
        + "\(ids.count) household(s) were checked"
    )
  }

  @Test(arguments: [
    (
      ["--self", "300"],
      "--self '300': \"300\" is not a possible age. Enter 0 to 130 years."
    ),
    (["--self", "30,200万,300万"], "--self '30,200万,300万': income is given twice ('200万' and '300万'); give it once"),
    (
      ["--self", "35", "--child", "5,physical=1,physical=2"],
      "--child '5,physical=1,physical=2': disability_physical_grade is given twice ('physical=1' and 'physical=2'); give it once"
    ),
    (
      ["--self", "131"],
      "--self '131': \"131\" is not a possible age. Enter 0 to 130 years."
    ),
  ])
  func typedFlagsAreCheckedLikeFiles(flags: [String], message: String) throws {
    let output = try Shien.run(["check", "--municipality", "古賀市", "--as-of", "2025-06-01"] + flags)
    #expect(output.status == 65)
    #expect(output.stderr == "shien: error: \(message)\n")
    #expect(output.stdout.isEmpty)
  }

  @Test func anUnknownMunicipalityIsTheSameMistakeEverywhere() throws {
    let commands = [
      ["check", "--self", "30"], ["desks"], ["events", "birth", "--date", "2026-01-10"], ["interview"],
    ]
    for command in commands {
      let output = try Shien.run(command + ["--municipality", "岡崎"], stdin: "")
      #expect(output.status == 65, "\(command)")
      #expect(output.stderr.hasPrefix("shien: error: "), "\(command)")
      #expect(output.stderr.contains("岡崎市"), "\(command): a did-you-mean")
    }
    let batch = try Shien.run(
      ["batch"], stdin: "{\"id\":\"X\",\"municipality\":\"岡崎\",\"members\":[{\"role\":\"self\",\"age\":30}]}\n")
    #expect(batch.status == 65)
  }

  @Test func aTopLevelLanguageIsTheCommands() throws {
    let english = try Shien.run(["--lang", "en", "check", "--self", "30", "--as-of", "2025-06-01"])
    #expect(english.status == 0)
    #expect(english.stdout.hasPrefix("as of 2025-06-01\n"), "\(english.stdout.prefix(80))")
    let own = try Shien.run(["--lang=en", "search", "手当", "--lang", "ja"])
    #expect(own.status == 0 && own.stdout.hasPrefix("「手当」"), "the command's own --lang wins")
    let bad = try Shien.run(["--lang", "fr", "check", "--self", "30"])
    #expect(bad.status == 64)
    #expect(bad.stderr.hasPrefix("Error: The value 'fr' is invalid for '--lang': expected one of ja, en, ja-easy."))
    let none = try Shien.run(["--lang", "en", "catalog", "info"])
    #expect(none.status == 64 && none.stderr.hasPrefix("Error: 'shien catalog' has no '--lang' option."))
  }

  @Test func cellsThatStartLikeAFormulaAreNeutralised() throws {
    let ids = ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3", "@SUM(A1)", "\tT", "\rR", "'=Q", "plain"]
    let input = ids.map { id in
      let quoted = id.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\r", with: "\\r")
      return "{\"id\":\"\(quoted)\",\"as_of\":\"2025-06-01\",\"members\":[{\"role\":\"self\",\"age\":30}]}"
    }.joined(separator: "\n")
    let directory = try Shien.temporaryDirectory()
    let results = directory.appendingPathComponent("results.csv").path
    let output = try Shien.run(["batch", "--format", "csv", "--bom", "--output", results], stdin: input)
    #expect(output.status == 0, "\(output.stderr)")
    let text = try String(contentsOfFile: results, encoding: .utf8)
    let firstCells = Set(
      text.split(separator: "\r\n").dropFirst().map { row -> String in
        // The id is the first cell: quoted when it holds a quote, a comma or a line break.
        if row.hasPrefix("\"") { return String(row.dropFirst().prefix { $0 != "," }) }
        return String(row.prefix { $0 != "," })
      })
    for cell in firstCells {
      let first = cell.unicodeScalars.first
      #expect(first.map { !"=+-@\t\r".unicodeScalars.contains($0) } ?? true, "\(cell) starts a formula")
    }
    #expect(firstCells.contains("'=HYPERLINK(\"\"http://x\"\"") && firstCells.contains("'-3"))
    #expect(firstCells.contains("''=Q") && firstCells.contains("plain"))
    // The same run read back as the earlier run: every household is found again, none new, none gone.
    let since = try Shien.run(["batch", "--since", results], stdin: input)
    #expect(since.status == 0, "\(since.stderr)")
    #expect(since.stdout.isEmpty, "\(since.stdout)")
    #expect(since.stderr.hasPrefix("since: 8 households, 8 in the earlier run, 0 new, 0 gone; 0 with changes"))
  }

  static let japaneseSheet =
    "世帯番号/ID,基準日,市区町村,家賃,世帯員1_続柄,世帯員1_生年月日,世帯員1_年収,世帯員2_続柄,世帯員２_生年月日,#備考\r\n"
    + "J1,2025-06-01,古賀市,5万,本人,S63.6.2,240万,子,2016/5/10,メモ\r\n"

  @Test func aSheetMayNameItsColumnsInJapanese() throws {
    let only = ["--measures", "child-allowance,special-child-rearing-allowance"]
    let output = try Shien.run(
      ["batch", "--input-format", "csv", "--format", "csv"] + only, stdin: ExportTests.japaneseSheet)
    #expect(output.status == 0, "\(output.stderr)")
    let rows = output.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(
      rows.first == "id,as_of,municipality,measure,name,status,amount_min,amount_max,per,verified,missing,desk,phone")
    #expect(rows.contains { $0.hasPrefix("J1,2025-06-01,40223,child-allowance,児童手当,eligible,10000,10000,month,true,") })
    // The columns that would settle a maybe are named as the sheet names them.
    #expect(rows.contains { $0.contains(",maybe,") && $0.contains("世帯員2_身体障害者手帳の等級") }, "\(rows)")

    let japanese = try Shien.run(
      ["batch", "--input-format", "csv", "--format", "csv", "--lang", "ja"] + only, stdin: ExportTests.japaneseSheet)
    let sheet = japanese.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(
      sheet.first
        == "世帯番号,基準日,市区町村コード,市区町村,制度ID,制度名,判定,金額（下限）,金額（上限）,単位,金額の確認,わかれば決まること,窓口,電話")
    #expect(
      sheet.contains("J1,2025-06-01,40223,福岡県古賀市,child-allowance,児童手当,対象,10000,10000,月額,確認済み,,古賀市 子育て支援課,092-942-1157"))
    #expect(sheet.contains { $0.contains(",条件しだい,0,56800,月額,") }, "\(sheet)")
    let all = try Shien.run(
      ["batch", "--input-format", "csv", "--format", "csv", "--lang", "ja", "--all"], stdin: ExportTests.japaneseSheet)
    #expect(all.stdout.contains(",対象外,"))

    // Such a sheet is an earlier run for --since.
    let directory = try Shien.temporaryDirectory()
    let previous = try Shien.write(japanese.stdout, to: "previous.csv", in: directory)
    let since = try Shien.run(
      ["batch", "--input-format", "csv", "--format", "csv", "--lang", "ja", "--since", previous] + only,
      stdin: ExportTests.japaneseSheet)
    #expect(since.status == 0, "\(since.stderr)")
    #expect(since.stdout == "世帯番号,世帯,制度ID,制度名,変化,前回の判定,前回の金額（下限）,前回の金額（上限）,今回の判定,今回の金額（下限）,今回の金額（上限）,単位\r\n")
    #expect(since.stderr.hasPrefix("since: 1 households, 1 in the earlier run, 0 new, 0 gone; 0 with changes"))
  }

  @Test func aShiftJISSheetIsNamedSo() throws {
    func shiftJIS(_ text: String) throws -> Data {
      try #require(text.data(using: .shiftJIS))
    }
    let directory = try Shien.temporaryDirectory()
    let inHeader = directory.appendingPathComponent("header.csv")
    try shiftJIS("id,as_of,municipality,m1_role,m1_age,#備考\nA,2025-06-01,古賀市,本人,30,メモ\n").write(to: inHeader)
    let header = try Shien.run(["batch", "--input", inHeader.path, "--format", "csv"])
    #expect(header.status == 65)
    #expect(
      header.stderr
        == "shien: error: \(inHeader.path):1: CSV header: column 6: the sheet is saved in Shift_JIS, not UTF-8: "
        + "save it as 'CSV UTF-8' (CSV UTF-8 (コンマ区切り))\n")
    let inCells = directory.appendingPathComponent("cells.csv")
    try shiftJIS("id,as_of,municipality,m1_role,m1_age\nA,2025-06-01,古賀市,self,30\n").write(to: inCells)
    let cells = try Shien.run(["batch", "--input", inCells.path, "--format", "csv"])
    #expect(cells.status == 65)
    #expect(cells.stderr.hasPrefix("shien: line 2, column 3: municipality: the sheet is saved in Shift_JIS, not UTF-8"))
  }

}

extension ExportTests {
  @Test func aStrayQuoteBeforeMoreThanAMebibyteLosesOnlyItsLine() throws {
    let memo = String(repeating: "x", count: 200)
    var lines = ["id,as_of,municipality,m1_role,m1_age,#memo", "A,2025-06-01,古賀市,self,30,\(memo)"]
    lines.append("B,2025-06-01,古賀市,\"self,31,\(memo)")
    for index in 0..<6_000 { lines.append("R\(index),2025-06-01,古賀市,self,40,\(memo)") }
    let output = try Shien.run(
      ["batch", "--input-format", "csv", "--format", "csv", "--measures", "child-allowance"],
      stdin: lines.joined(separator: "\n") + "\n")
    #expect(output.status == 65)
    let stderr = output.stderr.split(separator: "\n")
    #expect(stderr.count == 2, "\(output.stderr.prefix(500))")
    #expect(stderr.first?.hasPrefix("shien: line 3, column 4: unterminated quoted field") == true)
    #expect(
      stderr.last
        == "shien: error: 1 line(s) of <stdin> could not be checked (listed above); 6001 household(s) were checked")
  }

  @Test func theHandoutLinksOnlyURLs() throws {
    let pregnant = ["--municipality", "福岡市", "--self", "30,pregnancy=under_6_months", "--as-of", "2025-06-01"]
    let withChild = ["--municipality", "福岡市", "--self", "30", "--child", "2020-01-01", "--as-of", "2025-06-01"]
    var notes: [String] = []
    for household in [pregnant, withChild] {
      let markdown = try Shien.run(["check", "--format", "md"] + household)
      #expect(markdown.status == 0, "\(markdown.stderr)")
      for line in markdown.stdout.split(separator: "\n") where line.hasPrefix("- オンライン: ") {
        // Every autolink holds a URL and nothing else.
        var rest = Substring(line)
        while let open = rest.firstIndex(of: "<") {
          let close = try #require(rest[open...].firstIndex(of: ">"))
          let inside = rest[rest.index(after: open)..<close]
          #expect(inside.hasPrefix("https://") && !inside.contains(" ") && !inside.contains("（"), "\(line)")
          rest = rest[rest.index(after: close)...]
        }
        notes.append(String(line))
      }
      let html = try Shien.run(["check", "--format", "html"] + household)
      for part in html.stdout.components(separatedBy: "href=\"").dropFirst() {
        let url = part.prefix { $0 != "\"" }
        #expect(!url.contains(" ") && !url.contains("（"), "\(url)")
      }
    }
    #expect(notes.contains("- オンライン: <https://myna.go.jp/> 妊娠の届出をマイナポータルで受け付ける市区町村あり。面談は必要"))
    #expect(notes.contains("- オンライン: 市区町村により電子申請あり（例：古賀市は出生による申請を電子申請で受付）"))
    let json = try Shien.json(
      try Shien.run(["check", "--format", "json", "--measures", "pregnancy-support-benefit"] + pregnant).stdout)
    let procedure = try #require(Shien.measure("pregnancy-support-benefit", in: json)?["procedure"] as? [String: Any])
    #expect(procedure["online"] as? String == "https://myna.go.jp/")
    #expect(procedure["online_note"] as? String == "妊娠の届出をマイナポータルで受け付ける市区町村あり。面談は必要")
  }
}

/// Lookups at the counter: search, show and desks (issue 18).
@Suite struct LookupTests {
  private func hits(_ query: String, lang: String = "en", limit: Int = 50) throws -> [String] {
    let output = try Shien.run(["search", query, "--lang", lang, "--format", "json", "--limit", String(limit)])
    let results = try Shien.json(output.stdout)["results"] as? [[String: Any]] ?? []
    return results.compactMap { $0["id"] as? String }
  }

  @Test func englishMatchesOnWordBoundaries() throws {
    let rent = try hits("rent")
    #expect(!rent.contains("child-support-allowance") && !rent.contains("single-parent-medical-subsidy"), "Parent")
    #expect(rent.contains("housing-security-benefit"))
    #expect(try hits("parent").contains("child-support-allowance"))
  }

  @Test(arguments: ["daycare", "nursery", "childcare", "day care"])
  func englishWordsForDaycareFind保育(word: String) throws {
    let found = try hits(word)
    #expect(found.contains("free-early-childhood-education") && found.contains("shibata-age2-nursery-free"), "\(found)")
  }

  @Test func movingRanksTheMoveNotificationsAboveALoan() throws {
    let found = try hits("引っ越し", lang: "ja")
    let loan = try #require(found.firstIndex(of: "single-parent-welfare-loan"))
    for procedure in ["move-in-notification", "move-out-notification"] {
      let index = try #require(found.firstIndex(of: procedure))
      #expect(index < loan, "\(found)")
    }
  }

  @Test func theHeaderTellsTheTrueCountAndTheLimit() throws {
    let all = try hits("手当", lang: "ja", limit: 1000)
    #expect(all.count > 20)
    let output = try Shien.run(["search", "手当", "--lang", "ja"])
    let lines = output.stdout.split(separator: "\n")
    #expect(lines.first == "「手当」: \(all.count)件（上位20件を表示。すべて見るには --limit \(all.count)）")
    #expect(lines.filter { $0.hasPrefix("● ") }.count == 20)
    let json = try Shien.json(try Shien.run(["search", "手当", "--format", "json"]).stdout)
    #expect(json["total"] as? Int == all.count)
    let few = try Shien.run(["search", "児童扶養手当", "--lang", "ja", "--limit", "1000"])
    #expect(few.stdout.hasPrefix("「児童扶養手当」: \(try hits("児童扶養手当", lang: "ja").count)件\n"))
  }

  @Test func showSuggestsLikeSearch() throws {
    let output = try Shien.run(["show", "児童手当て"])
    #expect(output.status == 64)
    #expect(output.stderr.hasPrefix("Error: Unknown measure '児童手当て'. Did you mean 'child-allowance' (児童手当)?"))
  }

  @Test func desksOfOkazaki() throws {
    let output = try Shien.run(["desks", "--municipality", "岡崎市"])
    #expect(output.status == 0)
    #expect(!output.stdout.contains("[]"), "a desk with no role has no empty brackets")
    #expect(output.stdout.contains("● 岡崎市 家庭児童課\n"))
    // okazaki-home-help is named by 家庭児童課 (its answer for households), so 子育て支援室 does not list it too.
    #expect(output.stdout.components(separatedBy: "[okazaki-home-help]").count == 2, "listed once")
    // Roles with no desk in the city are listed with the generic answer.
    #expect(output.stdout.contains("■ 市の窓口データにない役割（一般的な案内）"))
    #expect(output.stdout.contains("● お住まいの地域の福祉事務所（生活保護担当）  (福祉事務所)\n  制度: 生活保護 [public-assistance]"))
    let json = try Shien.json(try Shien.run(["desks", "--municipality", "23202", "--format", "json"]).stdout)
    let desks = try #require(json["desks"] as? [[String: Any]])
    let measures = desks.flatMap { ($0["measures"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
    #expect(measures.count == Set(measures).count, "each measure under one desk")
    #expect(measures.contains("public-assistance"))
    // A household's answer names the same desk the list does.
    let check = try Shien.run(
      ["check", "--municipality", "岡崎市", "--self", "30", "--measures", "okazaki-home-help", "--all"])
    #expect(check.stdout.contains("窓口: 岡崎市 家庭児童課"), "\(check.stdout)")
  }
}
