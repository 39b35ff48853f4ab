import ShienKit

#if canImport(Glibc)
  import Glibc
#endif

/// The top level: global options, then a command.
enum Shien {
  static let version = "0.1.0"

  static let spec = CommandSpec(
    name: "shien",
    overview: "Find the support measures (支援) a household can get: what exists, how to apply, whom to ask.",
    usage: "shien <command> [<options>]",
    options: [.flag("version", "Show the version.")],
    discussion: """
      COMMANDS:
        interview Find your support by answering questions, one at a time (also 'shien' alone at a terminal)
        check     Check one household against every measure (eligible / maybe / not eligible, with why)
        batch     Check many households (JSON Lines or CSV), streaming: results, errors by line, changes since
        show      Show one measure whole: conditions, amounts, procedure, documents, desk, sources
        search    Find measures and procedures by a word (手当, ひとり親, child allowance)
        events    Life events (birth, move-in, death …): procedures and measures in order, with deadlines
        desks     The desks of a municipality: what each handles, where, phone and hours
        facts     List the facts a household document can state
        catalog   Build, check or inspect the catalog (build, lint, audit, info)
        saved     List, export or delete saved interviews
        help      Show help for a command

        See 'shien help <command>' for more information on a command.
      """)

  static let commandNames = [
    "interview", "check", "batch", "show", "search", "events", "desks", "facts", "catalog", "saved",
  ]

  static func run(_ command: String, _ arguments: ArraySlice<String>, catalogPath: String?) throws(CommandError) {
    switch command {
    case "check": try CheckCommand.run(arguments, catalogPath: catalogPath)
    case "batch": try BatchCommand.run(arguments, catalogPath: catalogPath)
    case "show": try ShowCommand.run(arguments, catalogPath: catalogPath)
    case "search": try SearchCommand.run(arguments, catalogPath: catalogPath)
    case "events": try EventsCommand.run(arguments, catalogPath: catalogPath)
    case "desks": try DesksCommand.run(arguments, catalogPath: catalogPath)
    case "facts": try FactsCommand.run(arguments, catalogPath: catalogPath)
    case "catalog": try CatalogCommand.run(arguments, catalogPath: catalogPath)
    case "interview": try InterviewCommand.run(arguments, catalogPath: catalogPath)
    case "saved": try SavedCommand.run(arguments, catalogPath: catalogPath)
    default: throw unknownCommand(command)
    }
  }

  static let specs: [String: CommandSpec] = [
    "check": CheckCommand.spec, "batch": BatchCommand.spec, "show": ShowCommand.spec, "search": SearchCommand.spec,
    "events": EventsCommand.spec,
    "desks": DesksCommand.spec, "facts": FactsCommand.spec, "catalog": CatalogCommand.spec,
    "interview": InterviewCommand.spec, "saved": SavedCommand.spec,
  ]

  static func main() -> Int32 {
    Signals.install()
    // A core dump would hold the households in memory: a crash leaves none.
    var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
    #if canImport(Glibc)
      setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
    #else
      setrlimit(RLIMIT_CORE, &noCore)
    #endif
    var arguments = Array(CommandLine.arguments.dropFirst())[...]
    var catalogPath: String?
    do throws(CommandError) {
      // Global options before the command.
      while let first = arguments.first, first.hasPrefix("-") {
        if first == "--version" {
          try OutputStream.standardOutput.write("shien \(version)\n")
          return 0
        }
        if first == "--help" || first == "-h" {
          try OutputStream.standardOutput.write(spec.help)
          return 0
        }
        if first == "--catalog" || first.hasPrefix("--catalog=") {
          arguments.removeFirst()
          if first == "--catalog" {
            guard let value = arguments.popFirst() else {
              throw CommandError.usage("Missing value for '--catalog <path>'.", spec)
            }
            catalogPath = value
          } else {
            catalogPath = String(first.dropFirst("--catalog=".count))
          }
          continue
        }
        let name = first.drop { $0 == "-" }
        let hint =
          closestMatch(to: String(name), in: ["version", "help", "catalog"]).map { " Did you mean '--\($0)'?" } ?? ""
        throw CommandError.usage("Unknown option '\(first)'.\(hint)", spec)
      }
      guard let command = arguments.popFirst() else {
        // At a terminal, 'shien' alone starts the interview; otherwise it explains itself.
        if isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
          try InterviewCommand.run([], catalogPath: catalogPath)
        } else {
          try OutputStream.standardOutput.write(spec.help)
        }
        return 0
      }
      if command == "help" {
        if let topic = arguments.first {
          guard let commandSpec = specs[topic] else { throw unknownCommand(topic) }
          try OutputStream.standardOutput.write(commandSpec.help)
        } else {
          try OutputStream.standardOutput.write(spec.help)
        }
        return 0
      }
      guard commandNames.contains(command) else { throw unknownCommand(command) }
      // `--catalog` may also come after the command.
      var rest: [String] = []
      var iterator = arguments
      while let argument = iterator.popFirst() {
        if argument == "--catalog", let value = iterator.popFirst() {
          catalogPath = value
        } else if argument.hasPrefix("--catalog=") {
          catalogPath = String(argument.dropFirst("--catalog=".count))
        } else {
          rest.append(argument)
        }
      }
      try run(command, rest[...], catalogPath: catalogPath)
      return 0
    } catch {
      return report(error)
    }
  }

  static func unknownCommand(_ name: String) -> CommandError {
    let hint = closestMatch(to: name, in: commandNames + ["help"]).map { " Did you mean '\($0)'?" } ?? ""
    return CommandError.usage("Unknown command '\(name)'.\(hint)", spec)
  }

  /// Prints an error in swift-argument-parser's words and returns its exit status.
  static func report(_ error: CommandError) -> Int32 {
    // A quiet ending, such as a batch run whose reader closed the pipe.
    if error.message.isEmpty { return error.status.rawValue }
    if error.status == .usage {
      var text = "Error: \(error.message)\n"
      if let command = error.command {
        text += "Usage: \(command.usage)\n"
        let helpCommand = command.name == "shien" ? "shien --help" : "shien \(command.name) --help"
        text += "  See '\(helpCommand)' for more information.\n"
      }
      printError(text)
    } else {
      printError("shien: error: \(error.message)")
    }
    return error.status.rawValue
  }
}

exit(Shien.main())
