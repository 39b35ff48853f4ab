import Testing

/// `shien ask` as a user runs it.
@Suite struct AskCommandTests {
  @Test func answersTheDeadlineWithTheConcreteDate() throws {
    let output = try Shien.run(["ask", "1月10日に生まれました。出生届はいつまで？", "--as-of", "2026-12-06"])
    #expect(output.status == 0)
    #expect(output.stdout.contains("出生届"))
    #expect(output.stdout.contains("2026-01-23"))
    #expect(output.stdout.contains("出典: https://"))
  }

  @Test func theJSONSaysFoundAspectMeasuresSourcesAndDesk() throws {
    let output = try Shien.run([
      "ask", "児童手当はいつ振り込まれますか", "--municipality", "古賀市", "--format", "json", "--as-of", "2026-12-06",
    ])
    let json = try Shien.json(output.stdout)
    #expect(json["found"] as? Bool == true)
    #expect(json["aspect"] as? String == "payment")
    #expect((json["measures"] as? [String])?.first == "child-allowance")
    #expect(((json["sources"] as? [[String: Any]])?.count ?? 0) > 0)
    #expect((json["desk"] as? [String: Any])?["phone"] as? String == "092-942-1157")
    #expect((json["answer"] as? String)?.contains("偶数月") == true)
  }

  @Test func outsideTheCatalogItSaysSo() throws {
    let output = try Shien.run(["ask", "パスポートの申請はどこでできますか", "--format", "json"])
    let json = try Shien.json(output.stdout)
    #expect(output.status == 0)
    #expect(json["found"] as? Bool == false)
    #expect((json["sources"] as? [Any])?.isEmpty == true)
  }

  @Test func badUsageHasItsStatus() throws {
    #expect(try Shien.run(["ask"]).status == 64)
    #expect(try Shien.run(["ask", "児童手当", "--format", "xml"]).status == 64)
    #expect(try Shien.run(["ask", "児童手当", "--municipality", "どこにもない市"]).status == 64)
  }
}
