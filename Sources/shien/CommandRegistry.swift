import ShienSupport

/// One command: what it is (its name, summary, options and help, in its spec) and what it does.
struct Command: Sendable {
  var spec: CommandSpec
  /// The command itself, given its parsed options and the catalog path (`--catalog`), if any.
  var body: @Sendable (ParsedArguments, String?) throws(CommandError) -> Void

  var name: String { spec.name }

  /// Parses `arguments` against the spec (unknown options and bad choices are usage errors), shows the help when
  /// asked, else runs the command.
  func run(_ arguments: some Collection<String>, catalogPath: String?) throws(CommandError) {
    let options = try ParsedArguments.parse(arguments, for: spec)
    if options.has("help") { return try OutputStream.standardOutput.write(spec.help) }
    try body(options, catalogPath)
  }
}

/// The one list of commands: dispatch, the COMMANDS overview, each command's help and "did you mean" all read it.
enum CommandRegistry {
  /// Every command, in the order `shien --help` lists them.
  static let commands: [Command] = [
    Command(spec: InterviewCommand.spec, body: InterviewCommand.run),
    Command(spec: CheckCommand.spec, body: CheckCommand.run),
    Command(spec: BatchCommand.spec, body: BatchCommand.run),
    Command(spec: ShowCommand.spec, body: ShowCommand.run),
    Command(spec: SearchCommand.spec, body: SearchCommand.run),
    Command(spec: EventsCommand.spec, body: EventsCommand.run),
    Command(spec: DesksCommand.spec, body: DesksCommand.run),
    Command(spec: AskCommand.spec, body: AskCommand.run),
    Command(spec: MCPCommand.spec, body: MCPCommand.run),
    Command(spec: FactsCommand.spec, body: FactsCommand.run),
    Command(spec: CatalogCommand.spec, body: CatalogCommand.run),
    Command(spec: SavedCommand.spec, body: SavedCommand.run),
  ]

  /// The command called `name`, if there is one.
  static func command(named name: String) -> Command? { commands.first { $0.name == name } }

  /// Every name `shien` takes in the command's place: the commands and `help`.
  static var names: [String] { commands.map(\.name) + ["help"] }

  /// Which commands take no `--lang`, in words: "not catalog, mcp or saved".
  static var withoutLang: String {
    let names = commands.filter { !$0.spec.options.contains { $0.name == "lang" } }.map(\.name).sorted()
    guard !names.isEmpty else { return "every command has one" }
    return "not " + alternatives(names)
  }

  /// The COMMANDS section of `shien --help`: each command's summary, then `help`.
  static var overview: String {
    let rows = commands.map { ($0.name, $0.spec.summary) } + [("help", "Show help for a command")]
    let width = rows.map(\.0.count).max()! + 1
    var text = "COMMANDS:\n"
    for (name, summary) in rows {
      text += "  " + name + String(repeating: " ", count: width - name.count) + summary + "\n"
    }
    return text + "\n  See 'shien help <command>' for more information on a command."
  }
}
