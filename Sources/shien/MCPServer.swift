import ShienSupport

/// The Model Context Protocol over JSON-RPC 2.0, one message per line: both eras.
///
/// - The handshake era (2025-06-18, 2025-11-25): `initialize`, `notifications/initialized`, then `tools/list`,
///   `tools/call` and `ping`.
/// - 2026-07-28: no handshake; `server/discover` advertises the versions and capabilities, and every request names
///   its protocol version in `params._meta["io.modelcontextprotocol/protocolVersion"]`. Results then carry
///   `resultType` and the server's identity in their `_meta`.
///
/// A request that is not JSON, not JSON-RPC 2.0, or names an unknown method gets the JSON-RPC error it deserves, and
/// the server goes on; a notification never gets a reply.
struct MCPServer {
  static let maxRequestBytes = 1 << 20
  static let modernVersions = ["2026-07-28"]
  static let handshakeVersions = ["2025-11-25", "2025-06-18"]
  static let versionKey = "io.modelcontextprotocol/protocolVersion"
  static let serverInfoKey = "io.modelcontextprotocol/serverInfo"

  /// JSON-RPC and MCP error codes.
  enum ErrorCode: Int {
    case parse = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
    case unsupportedProtocolVersion = -32022
  }

  let tools: MCPTools

  static let instructions =
    "shien answers from a catalog of Japanese support measures (支援制度), their procedures, deadlines, documents and desks, with sources. Answer only from what the tools return; when a tool says found=false, say the catalog has no answer. Households stay in this conversation: run the adaptive interview with next_question and check the result with check_household."

  /// The reply to one line, or nil when none is due (a notification).
  func handle(_ bytes: [UInt8]) -> String? {
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
    let root: JSONNode
    do {
      root = try JSONReader.parse(bytes)
    } catch {
      return errorReply(id: nil, .parse, "Parse error: \(error.message) at \(error.location)")
    }
    if root.array != nil {
      return errorReply(
        id: nil, .invalidRequest, "Invalid Request: batches are not supported; send one message per line")
    }
    guard let object = root.object else {
      return errorReply(id: nil, .invalidRequest, "Invalid Request: expected a JSON-RPC object, found \(root.kindName)")
    }
    let idNode = object.first { $0.key == "id" }?.node
    var id: String?
    if let idNode {
      switch idNode.value {
      case .string(let text): id = quoted(text)
      case .number(_, let text): id = text
      default:
        return errorReply(id: nil, .invalidRequest, "Invalid Request: 'id' must be a string or a number")
      }
    }
    guard root["jsonrpc"]?.string == "2.0" else {
      return idNode == nil && root["method"] != nil
        ? nil : errorReply(id: id, .invalidRequest, "Invalid Request: 'jsonrpc' must be \"2.0\"")
    }
    guard let method = root["method"]?.string else {
      // A response from the client (to a request this server never sends), or garbage.
      if root["result"] != nil || root["error"] != nil { return nil }
      return errorReply(id: id, .invalidRequest, "Invalid Request: missing 'method'")
    }
    let params = root["params"]
    if let params, params.object == nil, !params.isNull {
      return id.map { errorReply(id: $0, .invalidParams, "Invalid params: 'params' must be an object") }
    }
    guard let id else { return nil }  // Notifications: notifications/initialized, cancelled …: nothing to answer.
    let requested = params?["_meta"]?[MCPServer.versionKey]?.string
    if let requested, !MCPServer.modernVersions.contains(requested) {
      return errorReply(
        id: id, .unsupportedProtocolVersion, "Unsupported protocol version '\(requested)'",
        data:
          "{\"supported\":[\((MCPServer.modernVersions + MCPServer.handshakeVersions).map(quoted).joined(separator: ","))],\"requested\":\(quoted(requested))}"
      )
    }
    let isModern = requested != nil || method == "server/discover"
    switch method {
    case "initialize":
      let asked = params?["protocolVersion"]?.string
      let version =
        asked.flatMap { MCPServer.handshakeVersions.contains($0) ? $0 : nil } ?? MCPServer.handshakeVersions[0]
      return result(
        id: id,
        "{\"protocolVersion\":\(quoted(version)),\"capabilities\":{\"tools\":{\"listChanged\":false}},\"serverInfo\":\(serverInfo),\"instructions\":\(quoted(MCPServer.instructions))}",
        modern: false)
    case "server/discover":
      return result(
        id: id,
        "{\"supportedVersions\":[\(MCPServer.modernVersions.map(quoted).joined(separator: ","))],\"capabilities\":{\"tools\":{\"listChanged\":false}},\"instructions\":\(quoted(MCPServer.instructions)),\"cacheScope\":\"public\",\"ttlMs\":3600000",
        modern: true, open: true)
    case "ping":
      return result(id: id, "{}", modern: isModern)
    case "tools/list":
      let list = "{\"tools\":[\(tools.definitions.joined(separator: ","))]"
      return isModern
        ? result(id: id, list + ",\"cacheScope\":\"public\",\"ttlMs\":3600000", modern: true, open: true)
        : result(id: id, list + "}", modern: false)
    case "tools/call":
      guard let name = params?["name"]?.string else {
        return errorReply(id: id, .invalidParams, "Invalid params: 'name' (the tool's name) is missing")
      }
      guard tools.names.contains(name) else {
        return errorReply(
          id: id, .invalidParams, "Unknown tool '\(name)'; tools: \(tools.names.joined(separator: ", "))")
      }
      let arguments = params?["arguments"]
      let outcome = tools.call(name, arguments: arguments)
      var body = "{\"content\":[{\"type\":\"text\",\"text\":\(quoted(outcome.text))}]"
      if let structured = outcome.structured { body += ",\"structuredContent\":\(structured)" }
      body += ",\"isError\":\(outcome.isError)"
      return result(id: id, body, modern: isModern, open: true)
    default:
      return errorReply(id: id, .methodNotFound, "Method not found: '\(method)'")
    }
  }

  /// The reply to a line over ``maxRequestBytes``.
  func oversized(_ count: Int) -> String {
    errorReply(
      id: nil, .invalidRequest,
      "Invalid Request: the message has \(count) bytes, over the limit of \(MCPServer.maxRequestBytes) (1 MiB)")
  }

  private var serverInfo: String { "{\"name\":\"shien\",\"title\":\"shien 支援\",\"version\":\(quoted(tools.version))}" }

  /// A success reply. `body` is the result object; with `open` its closing brace is still to come, so that the modern
  /// fields can join it.
  private func result(id: String, _ body: String, modern: Bool, open: Bool = false) -> String {
    var object = body
    if !open { object.removeLast() }  // reopen "{…}"
    if modern {
      if object != "{" { object += "," }
      object += "\"resultType\":\"complete\",\"_meta\":{\(quoted(MCPServer.serverInfoKey)):\(serverInfo)}"
    }
    object += "}"
    return "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"result\":\(object)}"
  }

  private func errorReply(id: String?, _ code: ErrorCode, _ message: String, data: String? = nil) -> String {
    var error = "{\"code\":\(code.rawValue),\"message\":\(quoted(message))"
    if let data { error += ",\"data\":\(data)" }
    return "{\"jsonrpc\":\"2.0\",\"id\":\(id ?? "null"),\"error\":\(error)}}"
  }
}

/// `text` as a JSON string literal.
func quoted(_ text: String) -> String {
  var bytes: [UInt8] = []
  JSONWriter.appendQuoted(text, to: &bytes)
  return String(decoding: bytes, as: UTF8.self)
}

/// JSON text without the whitespace between its tokens, so that it fits on one line of the transport.
func compactJSON(_ text: String) -> String {
  var output: [UInt8] = []
  output.reserveCapacity(text.utf8.count)
  var inString = false
  var escaped = false
  for byte in text.utf8 {
    if inString {
      output.append(byte)
      if escaped {
        escaped = false
      } else if byte == UInt8(ascii: "\\") {
        escaped = true
      } else if byte == UInt8(ascii: "\"") {
        inString = false
      }
      continue
    }
    switch byte {
    case 0x20, 0x0A, 0x0D, 0x09: continue
    case UInt8(ascii: "\""):
      inString = true
      output.append(byte)
    default: output.append(byte)
    }
  }
  return String(decoding: output, as: UTF8.self)
}
