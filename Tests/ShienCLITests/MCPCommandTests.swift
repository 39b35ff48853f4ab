import Foundation
import Testing

/// `shien mcp` at the protocol level, as any client sees it: both eras, malformed requests, oversized lines, EOF
/// mid-request. (scripts/mcp/client_test.py drives it with the official Python SDK.)
@Suite struct MCPCommandTests {
  /// The replies to `lines`, one JSON object each.
  static func exchange(_ lines: [String], raw: String? = nil) throws -> (replies: [[String: Any]], output: Shien.Output)
  {
    let input = raw ?? lines.map { $0 + "\n" }.joined()
    let output = try Shien.run(["mcp"], stdin: input)
    let replies = try output.stdout.split(separator: "\n").map { try Shien.json(String($0)) }
    return (replies, output)
  }

  static func error(_ reply: [String: Any]) -> Int? { (reply["error"] as? [String: Any])?["code"] as? Int }

  static let modern = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}"#

  @Test func theHandshakeEraListsAndCallsTools() throws {
    let (replies, output) = try MCPCommandTests.exchange([
      #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
      #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
      #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
      #"{"jsonrpc":"2.0","id":3,"method":"ping"}"#,
      #"{"jsonrpc":"2.0","id":"four","method":"tools/call","params":{"name":"search_measures","arguments":{"query":"手当"}}}"#,
    ])
    #expect(output.status == 0)
    // The notification gets no reply: four replies, in order.
    #expect(replies.map { "\($0["id"]!)" } == ["1", "2", "3", "four"])
    let initialized = try #require(replies[0]["result"] as? [String: Any])
    #expect(initialized["protocolVersion"] as? String == "2025-06-18")
    let tools = try #require((replies[1]["result"] as? [String: Any])?["tools"] as? [[String: Any]])
    #expect(
      Set(tools.compactMap { $0["name"] as? String }) == [
        "check_household", "next_question", "search_measures", "show_measure", "ask", "life_event_procedures",
        "find_desks", "list_facts",
      ])
    #expect(tools.allSatisfy { $0["inputSchema"] is [String: Any] && $0["outputSchema"] is [String: Any] })
    #expect((replies[1]["result"] as? [String: Any])?["resultType"] == nil)
    let call = try #require(replies[3]["result"] as? [String: Any])
    #expect(call["isError"] as? Bool == false)
    let structured = try #require(call["structuredContent"] as? [String: Any])
    let text = try #require(((call["content"] as? [[String: Any]])?.first)?["text"] as? String)
    #expect(NSDictionary(dictionary: try Shien.json(text)) == NSDictionary(dictionary: structured))
  }

  @Test func theCurrentEraDiscoversAndNamesTheVersionInEachRequest() throws {
    let (replies, _) = try MCPCommandTests.exchange([
      #"{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{\#(MCPCommandTests.modern)}}"#,
      #"{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{\#(MCPCommandTests.modern)}}"#,
      #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"ask","arguments":{"question":"出生届はいつまで"},\#(MCPCommandTests.modern)}}"#,
      #"{"jsonrpc":"2.0","id":4,"method":"ping","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2099-01-01"}}}"#,
    ])
    let discover = try #require(replies[0]["result"] as? [String: Any])
    #expect(discover["supportedVersions"] as? [String] == ["2026-07-28"])
    #expect(discover["resultType"] as? String == "complete")
    #expect(discover["cacheScope"] as? String == "public")
    let meta = try #require(discover["_meta"] as? [String: Any])
    #expect((meta["io.modelcontextprotocol/serverInfo"] as? [String: Any])?["name"] as? String == "shien")
    #expect((replies[1]["result"] as? [String: Any])?["resultType"] as? String == "complete")
    let call = try #require(replies[2]["result"] as? [String: Any])
    #expect((call["structuredContent"] as? [String: Any])?["found"] as? Bool == true)
    // A version the server does not speak: -32022 with the versions it does.
    #expect(MCPCommandTests.error(replies[3]) == -32022)
    let data = try #require((replies[3]["error"] as? [String: Any])?["data"] as? [String: Any])
    #expect((data["supported"] as? [String])?.contains("2026-07-28") == true)
    #expect(data["requested"] as? String == "2099-01-01")
  }

  @Test func malformedRequestsGetTheirErrorsAndTheServerGoesOn() throws {
    let (replies, output) = try MCPCommandTests.exchange([
      "this is not json",
      #"{"jsonrpc":"2.0","id":1,"method":"tools/lis"}"#,
      #"[{"jsonrpc":"2.0","id":2,"method":"ping"}]"#,
      #"{"jsonrpc":"1.0","id":3,"method":"ping"}"#,
      #"{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}"#,
      #"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"no_such_tool"}}"#,
      #"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":[1]}"#,
      #"{"jsonrpc":"2.0","method":"no/such/notification"}"#,
      "",
      #"{"jsonrpc":"2.0","id":6,"method":"ping"}"#,
    ])
    #expect(output.status == 0)
    #expect(replies.map(MCPCommandTests.error) == [-32700, -32601, -32600, -32600, -32600, -32602, -32602, nil])
    #expect(replies[0]["id"] is NSNull)
    #expect("\(replies[7]["id"]!)" == "6")
    #expect(output.stderr.isEmpty)
  }

  @Test func aBadToolInputIsAToolErrorWithTheCommandLinesMessage() throws {
    let (replies, _) = try MCPCommandTests.exchange([
      #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"check_household","arguments":{"household":{"members":[{"role":"self","birth_date":"1990-02-30"}]}}}}"#,
      #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"show_measure","arguments":{"id":"child-alowance"}}}"#,
      #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"ask","arguments":{"question":42}}}"#,
    ])
    for reply in replies {
      let result = try #require(reply["result"] as? [String: Any])
      #expect(result["isError"] as? Bool == true)
    }
    let text = { (index: Int) in
      (((replies[index]["result"] as? [String: Any])?["content"] as? [[String: Any]])?.first?["text"] as? String) ?? ""
    }
    #expect(text(0).contains("1990-02-30"))
    #expect(text(1).contains("Did you mean 'child-allowance'?"))
    #expect(text(2).contains("'question' must be a string"))
  }

  @Test func anOversizedLineIsRefusedAndTheNextOneAnswered() throws {
    let big =
      #"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":""# + String(repeating: "x", count: 1_100_000)
      + #""}}"#
    let (replies, output) = try MCPCommandTests.exchange([big, #"{"jsonrpc":"2.0","id":2,"method":"ping"}"#])
    #expect(output.status == 0)
    #expect(replies.count == 2)
    #expect(MCPCommandTests.error(replies[0]) == -32600)
    #expect(((replies[0]["error"] as? [String: Any])?["message"] as? String)?.contains("1 MiB") == true)
    #expect("\(replies[1]["id"]!)" == "2")
  }

  @Test func endOfInputMidRequestEndsQuietly() throws {
    // A whole request, then one cut off before its end and its line feed.
    let (replies, output) = try MCPCommandTests.exchange(
      [], raw: #"{"jsonrpc":"2.0","id":1,"method":"ping"}"# + "\n" + #"{"jsonrpc":"2.0","id":2,"meth"#)
    #expect(output.status == 0)
    #expect(replies.count == 2)
    #expect("\(replies[0]["id"]!)" == "1")
    #expect(MCPCommandTests.error(replies[1]) == -32700)
    // A last request without its line feed is still answered.
    let (last, _) = try MCPCommandTests.exchange([], raw: #"{"jsonrpc":"2.0","id":7,"method":"ping"}"#)
    #expect(last.count == 1 && "\(last[0]["id"]!)" == "7")
  }

  @Test func nextQuestionAsksWhoLivesHereFirstThenTheFacts() throws {
    func call(_ arguments: String) throws -> [String: Any] {
      let (replies, _) = try MCPCommandTests.exchange([
        #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"next_question","arguments":"# + arguments
          + "}}"
      ])
      return try #require((replies[0]["result"] as? [String: Any])?["structuredContent"] as? [String: Any])
    }
    let first = try call(#"{"household":{},"as_of":"2025-06-01"}"#)
    #expect((first["question"] as? [String: Any])?["fact"] as? String == "municipality")
    let second = try call(#"{"household":{"municipality":"古賀市"},"as_of":"2025-06-01"}"#)
    #expect((second["question"] as? [String: Any])?["fact"] as? String == "members")
    let third = try call(
      #"{"household":{"municipality":"古賀市","members":[{"role":"self","birth_date":"1988-06-02"},{"role":"child"}]},"as_of":"2025-06-01"}"#
    )
    let question = try #require(third["question"] as? [String: Any])
    #expect(question["fact"] as? String == "birth_date")
    #expect(question["member"] as? Int == 1)
    // Once the person does not know it, it is not asked again.
    let fourth = try call(
      #"{"household":{"municipality":"古賀市","members":[{"role":"self","birth_date":"1988-06-02"},{"role":"child"}]},"unknown":[{"fact":"birth_date","member":1}],"as_of":"2025-06-01"}"#
    )
    let next = try #require(fourth["question"] as? [String: Any])
    #expect(!(next["fact"] as? String == "birth_date" && next["member"] as? Int == 1))
    #expect(fourth["measures"] is [String: Any])
    // A fact that does not exist is a bad input, not a question asked for ever.
    let (replies, _) = try MCPCommandTests.exchange([
      #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"next_question","arguments":{"household":{"municipality":"古賀市","members":[{"role":"self","age":30}]},"unknown":[{"fact":"incme","member":0}]}}}"#
    ])
    let result = try #require(replies[0]["result"] as? [String: Any])
    #expect(result["isError"] as? Bool == true)
    #expect(
      ((result["content"] as? [[String: Any]])?.first?["text"] as? String)?.contains("Did you mean 'income'?") == true)
  }
}
