import ShienCatalog
import ShienFacts
import ShienSupport

/// The exit statuses of the brief (BSD sysexits).
enum ExitStatus: Int32 {
  case success = 0
  /// Some of the work found bad data but went on (used by batch later); see `dataError`.
  case usage = 64
  case dataError = 65
  case noInput = 66
  case ioError = 74
  case interrupted = 130
}

/// An error that ends the command with a message on stderr and a distinct exit status.
struct CommandError: Error {
  var status: ExitStatus
  var message: String
  /// For usage errors: the command whose usage line to show.
  var command: CommandSpec?

  static func usage(_ message: String, _ command: CommandSpec) -> CommandError {
    CommandError(status: .usage, message: message, command: command)
  }

  static func data(_ message: String) -> CommandError { CommandError(status: .dataError, message: message) }
  static func noInput(_ message: String) -> CommandError { CommandError(status: .noInput, message: message) }
  static func io(_ message: String) -> CommandError { CommandError(status: .ioError, message: message) }
}

/// One option a command takes.
struct OptionSpec {
  var name: String
  /// The value's placeholder (`<file>`), or nil for a flag.
  var value: String?
  var help: String
  var isRepeatable = false

  static func flag(_ name: String, _ help: String) -> OptionSpec { OptionSpec(name: name, value: nil, help: help) }
  static func value(_ name: String, _ placeholder: String, _ help: String, repeatable: Bool = false) -> OptionSpec {
    OptionSpec(name: name, value: placeholder, help: help, isRepeatable: repeatable)
  }
}

/// What a command is, for parsing and for its help: OVERVIEW / USAGE / ARGUMENTS / OPTIONS.
struct CommandSpec {
  var name: String
  var overview: String
  var usage: String
  var arguments: [(String, String)] = []
  var options: [OptionSpec]
  var discussion: String?
  var maxPositionals = 0

  static let catalogOption = OptionSpec.value(
    "catalog", "<path>",
    "The catalog database or Resources folder to use (default: the bundled one; also SHIEN_CATALOG).")
  static let helpOption = OptionSpec.flag("help", "Show help information.")

  var allOptions: [OptionSpec] { options + [CommandSpec.catalogOption, CommandSpec.helpOption] }

  var help: String {
    var text = "OVERVIEW: \(overview)\n\nUSAGE: \(usage)\n"
    if !arguments.isEmpty {
      text += "\nARGUMENTS:\n"
      for (name, help) in arguments { text += "  " + pad(name, 24) + help + "\n" }
    }
    text += "\nOPTIONS:\n"
    for option in allOptions {
      let head = "--\(option.name)" + (option.value.map { " \($0)" } ?? "")
      text += "  " + pad(head, 24) + option.help + "\n"
    }
    if let discussion { text += "\n" + discussion + "\n" }
    return text
  }

  private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width - 1
      ? text + "\n" + String(repeating: " ", count: width + 2)
      : text + String(repeating: " ", count: width - text.count)
  }
}

/// Options and arguments after tokenizing argv: `--name value`, `--name=value`, flags, `--` and positionals.
struct ParsedArguments {
  var values: [String: [String]] = [:]
  var flags: Set<String> = []
  var positionals: [String] = []

  func value(_ name: String) -> String? { values[name]?.last }
  func all(_ name: String) -> [String] { values[name] ?? [] }
  func has(_ name: String) -> Bool { flags.contains(name) }

  /// Tokenizes `arguments` against `spec`; unknown options, missing values and surplus arguments are usage errors.
  static func parse(_ arguments: some Collection<String>, for spec: CommandSpec) throws(CommandError) -> ParsedArguments
  {
    var parsed = ParsedArguments()
    var iterator = Array(arguments)[...]
    var optionsEnded = false
    while let token = iterator.popFirst() {
      if optionsEnded || token == "-" || !token.hasPrefix("-") {
        parsed.positionals.append(token)
        continue
      }
      if token == "--" {
        optionsEnded = true
        continue
      }
      if token == "-h" {
        parsed.flags.insert("help")
        continue
      }
      guard token.hasPrefix("--") else {
        throw .usage("Unknown option '\(token)'. Options start with '--', as in '--help'.", spec)
      }
      var name = String(token.dropFirst(2))
      var inlineValue: String?
      if let equals = name.firstIndex(of: "=") {
        inlineValue = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      guard let option = spec.allOptions.first(where: { $0.name == name }) else {
        let hint = closestMatch(to: name, in: spec.allOptions.map(\.name)).map { " Did you mean '--\($0)'?" } ?? ""
        throw .usage("Unknown option '--\(name)'.\(hint)", spec)
      }
      if option.value == nil {
        if inlineValue != nil { throw .usage("The flag '--\(name)' takes no value.", spec) }
        parsed.flags.insert(name)
        continue
      }
      let value: String
      if let inlineValue {
        value = inlineValue
      } else if let next = iterator.first, next == "-" || !next.hasPrefix("--") {
        value = iterator.removeFirst()
      } else {
        throw .usage("Missing value for '--\(name) \(option.value!)'.", spec)
      }
      if !option.isRepeatable, parsed.values[name] != nil {
        throw .usage("'--\(name)' was given more than once.", spec)
      }
      parsed.values[name, default: []].append(value)
    }
    if parsed.positionals.count > spec.maxPositionals, !parsed.has("help") {
      let extra = parsed.positionals[spec.maxPositionals]
      throw .usage("Unexpected argument '\(extra)'.", spec)
    }
    return parsed
  }

  /// The value of a date option in any everyday form (2025-04-01, R7.4.1, 令和7年4月1日); nil when not given.
  func date(_ name: String, spec: CommandSpec) throws(CommandError) -> CivilDate? {
    guard let text = value(name) else { return nil }
    do {
      return try EverydayInput.date(text)
    } catch {
      throw .usage("The value '\(text)' is invalid for '--\(name)': \(error.message(language: .en))", spec)
    }
  }

  /// The value of a choice option, checked against its choices.
  func choice(_ name: String, _ choices: [String], default fallback: String, spec: CommandSpec) throws(CommandError)
    -> String
  {
    guard let value = value(name) else { return fallback }
    guard choices.contains(value) else {
      let hint = closestMatch(to: value, in: choices).map { " Did you mean '\($0)'?" } ?? ""
      throw .usage(
        "The value '\(value)' is invalid for '--\(name)': expected one of \(choices.joined(separator: ", ")).\(hint)",
        spec)
    }
    return value
  }
}

/// The measure with this id, or a usage error that suggests the closest id.
/// The measure `id` names: its id, or its name in any language when only one measure has that name (or a name
/// holding it).
func measure(_ id: String, in catalog: Catalog, spec: CommandSpec) throws(CommandError) -> Measure {
  do {
    return try catalog.lookUpMeasure(id)
  } catch {
    switch error {
    case .ambiguous(_, let count, let named):
      let list = named.map { "\($0.id) (\($0.name.text(.ja)))" }.joined(separator: ", ")
      throw .usage("'\(id)' could be any of \(count) measures: \(list). Give its id.", spec)
    case .unknown(_, let close):
      let hint =
        close.isEmpty
        ? ""
        : " Did you mean " + close.map { "'\($0.id)' (\($0.name.text(.ja)))" }.joined(separator: ", ") + "?"
      throw .usage(
        "Unknown measure '\(id)'.\(hint) 'shien search' finds measures by any word; 'shien catalog info' lists them.",
        spec)
    }
  }
}

/// The ids of a `--measures` list: ids or names, separated by commas.
func measureIDs(_ list: String, in catalog: Catalog, spec: CommandSpec) throws(CommandError) -> Set<String> {
  var ids: Set<String> = []
  for item in list.split(separator: ",") {
    ids.insert(try measure(String(item).trimmingSpaces, in: catalog, spec: spec).id)
  }
  return ids
}
