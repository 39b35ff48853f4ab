extension MissingFact {
  /// The fact with vocabulary index `fact` of `member` (nil for the household), for callers outside the library
  /// (the MCP server's `unknown` list).
  package static func of(_ fact: Int, member: Int?) -> MissingFact { MissingFact(member: member, fact: fact) }
}
