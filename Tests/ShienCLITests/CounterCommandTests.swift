import Foundation
import Testing

@testable import ShienSupport

@Suite struct CounterHelpTests {
  @Test(arguments: ["search", "events", "desks"])
  func everyNewCommandHasHelp(command: String) throws {
    let output = try Shien.run([command, "--help"])
    #expect(output.status == 0)
    #expect(output.stdout.hasPrefix("OVERVIEW: "))
    #expect(output.stdout.contains("\nUSAGE: shien \(command)"))
    #expect(output.stdout.contains("\nOPTIONS:\n"))
    #expect(output.stdout.contains("EXAMPLES:"))
    #expect(try Shien.run(["help", command]).stdout == output.stdout)
    #expect(try Shien.run(["--help"]).stdout.contains("  \(command) "))
  }

  @Test(arguments: [("serch", "search"), ("event", "events"), ("desk", "desks")])
  func misspelledCommandsSuggest(typed: String, meant: String) throws {
    let output = try Shien.run([typed])
    #expect(output.status == 64)
    #expect(output.stderr.contains("Did you mean '\(meant)'?"))
  }
}

@Suite struct SearchCommandTests {
  @Test func shortWordsListTheAllowances() throws {
    let output = try Shien.run(["search", "手当"])
    #expect(output.status == 0)
    for name in ["● 児童手当  [child-allowance]", "● 児童扶養手当  [child-support-allowance]", "● 特別児童扶養手当", "● 障害児福祉手当"] {
      #expect(output.stdout.contains(name))
    }
    #expect(output.stdout.contains("子ども1人につき月1万〜3万円を支給します。"))
  }

  @Test func jsonHasRankedResults() throws {
    let output = try Shien.run(["search", "ｼﾝｸﾞﾙﾏｻﾞｰ", "--format", "json"])
    #expect(output.status == 0)
    let document = try Shien.json(output.stdout)
    let results = try #require(document["results"] as? [[String: Any]])
    #expect(results.first?["id"] as? String == "child-support-allowance")
    #expect(results.first?["kind"] as? String == "measure")
    #expect((document["terms"] as? [[String]])?.first?.contains("ひとり親") == true)
  }

  @Test func procedureHitsPointToTheirEvent() throws {
    let output = try Shien.run(["search", "出生届"])
    #expect(output.stdout.contains("● 出生届  [birth-registration]  届出・手続き → shien events birth"))
  }

  @Test func englishAnswers() throws {
    let output = try Shien.run(["search", "child", "allowance", "--lang", "en"])
    #expect(output.stdout.contains("● Child Allowance  [child-allowance]"))
  }

  @Test func nothingFoundSuggests() throws {
    let output = try Shien.run(["search", "児童手当て"])
    #expect(output.status == 0)
    #expect(output.stdout == "「児童手当て」に当てはまるものは見つかりませんでした。\nもしかして: 児童手当、児童、手当\n")
  }

  @Test func badUsage() throws {
    #expect(try Shien.run(["search"]).status == 64)
    #expect(try Shien.run(["search", "　"]).stderr.contains("Missing the text to search for."))
    let typo = try Shien.run(["search", "手当", "--fromat", "json"])
    #expect(typo.status == 64)
    #expect(typo.stderr.contains("Unknown option '--fromat'. Did you mean '--format'?"))
    #expect(try Shien.run(["search", "手当", "--limit", "0"]).status == 64)
    let missing = try Shien.run(["search", "手当", "--catalog", "/nonexistent/catalog.sqlite"])
    #expect(missing.status == 66)
  }
}

@Suite struct EventsCommandTests {
  @Test func birthDeadlinesCountedAndMovedPastClosedDays() throws {
    let output = try Shien.run(["events", "birth", "--date", "2026-01-10"])
    #expect(output.status == 0)
    let text = output.stdout
    let registration = try #require(text.range(of: "1. 出生届  [birth-registration]"))
    let allowance = try #require(text.range(of: "児童手当  [child-allowance]"))
    #expect(registration.lowerBound < allowance.lowerBound)
    #expect(text.contains("期限: 2026-01-23まで"))
    #expect(text.contains("期限: 2026-01-26まで（期間の最終日 2026-01-25 が日曜日のため）"))
  }

  /// A desk outside city hall (the employer, the school) is the whole answer; only a city hall's role the catalog has
  /// no desk for says the data is missing.
  @Test func onlyMissingCityDesksAreCalledMissing() throws {
    let output = try Shien.run(["events", "birth", "--date", "2026-01-10", "--municipality", "古賀市"])
    #expect(output.status == 0)
    let desks = output.stdout.split(separator: "\n").filter { $0.contains("窓口: ") }
    #expect(desks.contains { $0.hasSuffix("窓口: 勤務先または加入している健康保険") }, "\(desks)")
    #expect(!desks.contains { $0.contains("勤務先") && $0.contains("データなし") }, "\(desks)")
    #expect(desks.contains { $0.hasSuffix("窓口: お住まいの市区町村の戸籍・住民票の窓口（市区町村の窓口データなし）") }, "\(desks)")
    #expect(desks.contains { $0.hasSuffix("窓口: 古賀市 子育て支援課") }, "\(desks)")
  }

  @Test func birthAsJSON() throws {
    let output = try Shien.run(["events", "出生", "--date", "R8.1.10", "--format", "json"])
    #expect(output.status == 0)
    let document = try Shien.json(output.stdout)
    #expect((document["event"] as? [String: Any])?["id"] as? String == "birth")
    let procedures = try #require(document["procedures"] as? [[String: Any]])
    #expect(procedures.first?["id"] as? String == "birth-registration")
    #expect((procedures.first?["deadline"] as? [String: Any])?["date"] as? String == "2026-01-23")
    let measures = try #require(document["measures"] as? [[String: Any]])
    let allowance = try #require(measures.first { $0["id"] as? String == "child-allowance" })
    let deadline = try #require(allowance["deadline"] as? [String: Any])
    #expect(deadline["date"] as? String == "2026-01-26")
    #expect(deadline["last_day_of_period"] as? String == "2026-01-25")
    #expect(deadline["moved_because"] as? String == "日曜日")
  }

  @Test func aHouseholdKeepsOnlyWhatAppliesToIt() throws {
    let output = try Shien.run([
      "events", "birth", "--date", "2026-01-10", "--self", "30", "--spouse", "31", "--child", "2026-01-10",
      "--format", "json",
    ])
    #expect(output.status == 0)
    let measures = try #require(try Shien.json(output.stdout)["measures"] as? [[String: Any]])
    let ids = measures.compactMap { $0["id"] as? String }
    #expect(ids.contains("child-allowance"))
    #expect(!ids.contains("child-support-allowance"))
    #expect(measures.allSatisfy { ["eligible", "maybe"].contains($0["status"] as? String) })
  }

  @Test func listsTheEvents() throws {
    let output = try Shien.run(["events"])
    #expect(output.status == 0)
    #expect(output.stdout.contains("birth"))
    #expect(output.stdout.contains("おくやみ（死亡）"))
    let json = try Shien.run(["events", "--format", "json"])
    let events = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    #expect(events.contains { $0["id"] as? String == "death" })
  }

  @Test func htmlPageForAnEvent() throws {
    let output = try Shien.run(["events", "death", "--date", "2026-03-02", "--format", "html"])
    #expect(output.status == 0)
    #expect(output.stdout.contains("<html lang=\"ja\">"))
    #expect(output.stdout.contains("死亡届"))
    #expect(output.stdout.contains("2026-03-08まで"))
  }

  @Test func unknownEventSuggests() throws {
    let output = try Shien.run(["events", "brith"])
    #expect(output.status == 64)
    #expect(output.stderr.contains("Unknown life event 'brith'. Did you mean 'birth'?"))
    #expect(try Shien.run(["events", "birth", "--date", "2026-02-30"]).status == 64)
    // An unknown municipality is bad data, as in check and batch.
    #expect(try Shien.run(["events", "birth", "--municipality", "古賀死"]).status == 65)
  }
}

@Suite struct DesksCommandTests {
  @Test func aMunicipalityWithoutDeskDataGetsTheGenericAnswers() throws {
    let output = try Shien.run(["desks", "--municipality", "夕張市", "--role", "子育て支援"])
    #expect(output.status == 0)
    #expect(output.stdout.hasPrefix("北海道夕張市の窓口データはこのカタログにまだありません。"))
    #expect(output.stdout.contains("● お住まいの市区町村の子育て支援担当"))
    #expect(output.stdout.contains("児童手当 [child-allowance]"))
  }

  @Test func realDesksWithPhoneAndWhatEachHandles() throws {
    let output = try Shien.run(["desks", "--municipality", "古賀市"])
    #expect(output.status == 0)
    #expect(output.stdout.hasPrefix("福岡県古賀市の窓口"))
    #expect(output.stdout.contains("● 古賀市 子育て支援課  [子育て支援, ひとり親]"))
    #expect(output.stdout.contains("  電話: 092-942-1157（要確認）"))
    #expect(output.stdout.contains("  電話: 092-942-1515\n"))
    #expect(output.stdout.contains("  場所: サンコスモ古賀"))
    #expect(output.stdout.contains("児童手当 [child-allowance]"))
    #expect(output.stdout.contains("手続き: 妊娠届・母子健康手帳の交付"))
    let json = try Shien.run(["desks", "--municipality", "40223", "--format", "json", "--role", "子育て支援"])
    let document = try Shien.json(json.stdout)
    #expect(document["has_desk_data"] as? Bool == true)
    let desks = try #require(document["desks"] as? [[String: Any]])
    #expect(desks.count == 1)
    let desk = try #require(desks.first?["desk"] as? [String: Any])
    #expect(desk["phone"] as? String == "092-942-1157")
    #expect((desk["unverified"] as? [[String: Any]])?.contains { $0["about"] as? String == "phone" } == true)
  }

  @Test func unknownRoleSuggests() throws {
    let output = try Shien.run(["desks", "--role", "子育て"])
    #expect(output.status == 64)
    #expect(output.stderr.contains("Did you mean '子育て支援'?"))
  }
}

@Suite struct HandoutCommandTests {
  @Test func htmlHandoutShowsRealDesks() throws {
    let output = try Shien.run(["check", "--household", Shien.example, "--format", "html"])
    #expect(output.status == 0)
    let html = output.stdout
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("<b>古賀市 子育て支援課</b>　サンコスモ古賀　電話 092-942-1157（要確認）"))
    #expect(html.contains("<b>古賀市 福祉課 障がい福祉係</b>"))
    #expect(html.contains("電話 092-692-1078"))
    #expect(html.contains("持ち物チェックリスト"))
    #expect(html.contains("カタログ 2026.11.22") || html.contains("カタログ "))
    #expect(html.contains("2025-06-01 時点"))
  }

  @Test func markdownHandoutAndEscapedIds() throws {
    let output = try Shien.run([
      "check", "--self", "36,240万", "--child", "2016-05-10", "--id", "<b>&", "--as-of", "2025-06-01", "--format", "md",
    ])
    #expect(output.status == 0)
    #expect(output.stdout.hasPrefix("# 支援制度のご案内\n\n世帯 &lt;b&gt;&amp;"))
    let html = try Shien.run([
      "check", "--self", "36,240万", "--child", "2016-05-10", "--id", "<b>&", "--as-of", "2025-06-01", "--format",
      "html",
    ])
    #expect(html.stdout.contains("世帯 &lt;b&gt;&amp;"))
  }

  static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }
  static let pdfinfo: String? = ["/usr/bin/pdfinfo"].first { FileManager.default.isExecutableFile(atPath: $0) }

  /// Prints the 古賀市 handout with headless Chromium and checks that it fits on one A4 page.
  @Test(.enabled(if: chromium != nil && pdfinfo != nil, "needs chromium and pdfinfo (poppler-utils)"))
  func handoutPrintsOnOnePage() throws {
    let directory = try Shien.temporaryDirectory()
    let output = try Shien.run(["check", "--household", Shien.example, "--format", "html"])
    let html = try Shien.write(output.stdout, to: "handout.html", in: directory)
    let pdf = directory.appendingPathComponent("handout.pdf").path
    let print = Process()
    print.executableURL = URL(fileURLWithPath: Self.chromium!)
    print.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=\(pdf)",
      "file://\(html)",
    ]
    print.standardOutput = FileHandle.nullDevice
    print.standardError = FileHandle.nullDevice
    try print.run()
    print.waitUntilExit()
    #expect(FileManager.default.fileExists(atPath: pdf))
    let info = Process()
    info.executableURL = URL(fileURLWithPath: Self.pdfinfo!)
    info.arguments = [pdf]
    let pipe = Pipe()
    info.standardOutput = pipe
    try info.run()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    info.waitUntilExit()
    #expect(text.contains("Pages:           1\n"))
    #expect(text.contains("(A4)"))
  }
}
