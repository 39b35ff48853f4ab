import ShienSupport

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
    options: [
      .flag("version", "Show the version."),
      .lang("{choices}, for the command that follows (as its own --lang; \(CommandRegistry.withoutLang))."),
    ],
    discussion: CommandRegistry.overview)

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
    var language: String?
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
        if first == "--lang" || first.hasPrefix("--lang=") {
          arguments.removeFirst()
          let value = first == "--lang" ? arguments.popFirst() : String(first.dropFirst("--lang=".count))
          guard let value else { throw CommandError.usage("Missing value for '--lang <lang>'.", spec) }
          let option = spec.options.first { $0.name == "lang" }!
          guard option.choiceValues.contains(value) else {
            throw ParsedArguments.invalidChoice(value, for: option, spec)
          }
          language = value
          continue
        }
        let name = first.drop { $0 == "-" }
        let hint =
          closestMatch(to: String(name), in: spec.allOptions.map(\.name)).map { " Did you mean '--\($0)'?" }
          ?? ""
        throw CommandError.usage("Unknown option '\(first)'.\(hint)", spec)
      }
      guard let command = arguments.popFirst() else {
        // At a terminal, 'shien' alone starts the interview; otherwise it explains itself.
        if isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
          try CommandRegistry.command(named: "interview")!.run(
            language.map { ["--lang", $0] } ?? [], catalogPath: catalogPath)
        } else {
          try OutputStream.standardOutput.write(spec.help)
        }
        return 0
      }
      if command == "help" {
        if let topic = arguments.first {
          guard let command = CommandRegistry.command(named: topic) else { throw unknownCommand(topic) }
          try OutputStream.standardOutput.write(command.spec.help)
        } else {
          try OutputStream.standardOutput.write(spec.help)
        }
        return 0
      }
      guard let command = CommandRegistry.command(named: command) else { throw unknownCommand(command) }
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
      // A top-level `--lang` is the command's own, unless the command is given one of its own.
      if let language, !rest.contains(where: { $0 == "--lang" || $0.hasPrefix("--lang=") }) {
        guard command.spec.options.contains(where: { $0.name == "lang" }) else {
          throw CommandError.usage("'shien \(command.name)' has no '--lang' option.", command.spec)
        }
        rest.insert(contentsOf: ["--lang", language], at: 0)
      }
      try command.run(rest, catalogPath: catalogPath)
      return 0
    } catch {
      return report(error)
    }
  }

  static func unknownCommand(_ name: String) -> CommandError {
    let hint = closestMatch(to: name, in: CommandRegistry.names).map { " Did you mean '\($0)'?" } ?? ""
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
