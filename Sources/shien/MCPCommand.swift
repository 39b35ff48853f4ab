import ShienSupport

#if canImport(Glibc)
  import Glibc
#endif

/// `shien mcp`: the catalog as tools for chat assistants, a Model Context Protocol server over stdio.
enum MCPCommand {
  static let spec = CommandSpec(
    name: "mcp",
    summary: "Serve the catalog to chat assistants: a Model Context Protocol server over stdio",
    overview: "Serve the catalog to chat assistants: a Model Context Protocol (MCP) server over standard input/output.",
    usage: "shien mcp [--catalog <path>]",
    options: [],
    discussion: """
      JSON-RPC 2.0, one message per line on stdin and stdout; logs go to stderr. Both protocol eras: the
      'initialize' handshake (2025-06-18, 2025-11-25) and 2026-07-28 ('server/discover', the protocol version in
      each request's _meta).

      TOOLS: check_household, next_question, search_measures, show_measure, ask, life_event_procedures,
      find_desks, list_facts.

      A request line may hold at most 1 MiB. Nothing is sent over the network and no file is written; the
      households stay in the conversation.

      A client configuration (Claude Desktop, VS Code and others use this shape):
        {"mcpServers": {"shien": {"command": "/usr/local/bin/shien", "args": ["mcp"]}}}
      """)

  static func run(_ options: ParsedArguments, catalogPath: String?) throws(CommandError) {
    let catalog = try openCatalog(catalogPath)
    let database = try openCatalogDatabase(catalogPath)
    let server = MCPServer(tools: MCPTools(catalog: catalog, database: database, version: Shien.version))
    var reader = MCPLineReader(descriptor: STDIN_FILENO, limit: MCPServer.maxRequestBytes)
    while true {
      let line: MCPLineReader.Line
      do throws(MCPLineReader.ReadError) {
        guard let next = try reader.next() else { break }
        line = next
      } catch {
        throw .io("cannot read standard input: \(systemErrorMessage(error.code))")
      }
      let reply: String?
      switch line {
      case .text(let bytes): reply = server.handle(bytes)
      case .tooLong(let count): reply = server.oversized(count)
      }
      if let reply { try OutputStream.standardOutput.write(reply + "\n") }
    }
  }
}

/// Reads lines from a file descriptor, each at most `limit` bytes; a longer one is skipped to its end and reported.
struct MCPLineReader {
  enum Line {
    case text([UInt8])
    /// A line over the limit, with how many bytes it had.
    case tooLong(Int)
  }

  struct ReadError: Error { var code: Int32 }

  let descriptor: Int32
  let limit: Int
  private var buffer: [UInt8] = []
  private var start = 0
  private var isAtEnd = false
  /// Bytes of an over-long line skipped so far.
  private var skipping: Int?

  init(descriptor: Int32, limit: Int) {
    self.descriptor = descriptor
    self.limit = limit
  }

  /// The next line (without its line feed), or nil at the end of input. A last line without a line feed counts.
  mutating func next() throws(ReadError) -> Line? {
    while true {
      if let newline = buffer[start...].firstIndex(of: 0x0A) {
        let line = Array(buffer[start..<newline])
        start = newline + 1
        if let skipped = skipping {
          skipping = nil
          return .tooLong(skipped + line.count)
        }
        if line.count > limit { return .tooLong(line.count) }
        return .text(line)
      }
      let pending = buffer.count - start
      if pending > limit {
        // Over the limit with no end in sight: drop what is held, remember that the line is being skipped.
        skipping = (skipping ?? 0) + pending
        buffer.removeAll(keepingCapacity: true)
        start = 0
      }
      if isAtEnd {
        let rest = Array(buffer[start...])
        buffer.removeAll()
        start = 0
        if let skipped = skipping {
          skipping = nil
          return .tooLong(skipped + rest.count)
        }
        return rest.isEmpty ? nil : .text(rest)
      }
      if start > 0 && start >= buffer.count / 2 {
        buffer.removeFirst(start)
        start = 0
      }
      var chunk = [UInt8](repeating: 0, count: 65536)
      let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw ReadError(code: errno)
      }
      if count == 0 {
        isAtEnd = true
      } else {
        buffer.append(contentsOf: chunk[0..<count])
      }
    }
  }
}
