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

/// One allowed value of a choice option, with an optional note for the help: `html (a printable A4 handout)`.
struct OptionChoice: ExpressibleByStringLiteral {
  var value: String
  var note: String?

  init(_ value: String, note: String? = nil) {
    self.value = value
    self.note = note
  }

  init(stringLiteral value: String) { self.init(value) }
}

/// One option a command takes: a flag, a value, or one of a closed list of choices the parser checks.
struct OptionSpec {
  var name: String
  /// The value's placeholder (`<file>`), or nil for a flag.
  var value: String?
  /// The help text; in a choice option, `{choices}` stands for the choices (`text, json or md`) and `{default}`
  /// for the default.
  var help: String
  var isRepeatable = false
  /// The values the option accepts, or empty when any value goes (the parser refuses any other).
  var choices: [OptionChoice] = []
  /// The value of a choice option when it is not given, or nil when the command works it out.
  var defaultChoice: String?

  static func flag(_ name: String, _ help: String) -> OptionSpec { OptionSpec(name: name, value: nil, help: help) }
  static func value(_ name: String, _ placeholder: String, _ help: String, repeatable: Bool = false) -> OptionSpec {
    OptionSpec(name: name, value: placeholder, help: help, isRepeatable: repeatable)
  }
  static func choice(
    _ name: String, _ placeholder: String, _ choices: [OptionChoice], default defaultChoice: String? = nil,
    _ help: String
  ) -> OptionSpec {
    precondition(defaultChoice.map { value in choices.contains { $0.value == value } } ?? true)
    return OptionSpec(
      name: name, value: placeholder, help: help, choices: choices, defaultChoice: defaultChoice)
  }

  /// `--format <format>`: text or json, text when not given.
  static let textOrJSON = choice(
    "format", "<format>", ["text", "json"], default: "text", "{choices} (default: {default}).")

  /// `--lang <lang>`: one of the languages shien speaks.
  static func lang(_ help: String = "{choices} (default: from LANG).") -> OptionSpec {
    choice("lang", "<lang>", Language.allCases.map { OptionChoice($0.rawValue) }, help)
  }

  /// The choices' values, in order.
  var choiceValues: [String] { choices.map(\.value) }

  /// The help as shown: the choices and the default written in.
  var renderedHelp: String {
    guard !choices.isEmpty else { return help }
    let items = choices.map { choice in choice.value + (choice.note.map { " (\($0))" } ?? "") }
    return help.replacing("{choices}", with: alternatives(items)).replacing("{default}", with: defaultChoice ?? "")
  }
}

/// A list in words, as the help gives choices: "text, json or md".
func alternatives(_ items: [String]) -> String {
  items.count > 1 ? items.dropLast().joined(separator: ", ") + " or " + items.last! : items.joined()
}

/// What a command is, for parsing and for its help: OVERVIEW / USAGE / ARGUMENTS / OPTIONS.
struct CommandSpec {
  var name: String
  /// One line for the COMMANDS overview of `shien --help`.
  var summary: String = ""
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
      text += "  " + pad(head, 24) + option.renderedHelp + "\n"
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
  /// The command the arguments were parsed for: every name looked up must be one of its options.
  var spec: CommandSpec
  var values: [String: [String]] = [:]
  var flags: Set<String> = []
  var positionals: [String] = []

  func value(_ name: String) -> String? { values[declared(name)]?.last }
  func all(_ name: String) -> [String] { values[declared(name)] ?? [] }
  func has(_ name: String) -> Bool { flags.contains(declared(name)) }

  /// `name`, after checking (in debug builds, so in every test) that the command declares it.
  private func declared(_ name: String) -> String {
    assert(spec.allOptions.contains { $0.name == name }, "'shien \(spec.name)' declares no option '--\(name)'")
    return name
  }

  /// Tokenizes `arguments` against `spec`; unknown options, missing values and surplus arguments are usage errors.
  static func parse(_ arguments: some Collection<String>, for spec: CommandSpec) throws(CommandError) -> ParsedArguments
  {
    var parsed = ParsedArguments(spec: spec)
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
      if !option.choices.isEmpty, !option.choiceValues.contains(value) {
        throw invalidChoice(value, for: option, spec)
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

  /// The value of a choice option (which the parser has checked), else its declared default.
  func choice(_ name: String) -> String? {
    value(name) ?? spec.allOptions.first { $0.name == name }?.defaultChoice
  }

  /// The usage error for a value that is not one of the option's choices, with the closest as a hint.
  static func invalidChoice(_ value: String, for option: OptionSpec, _ spec: CommandSpec) -> CommandError {
    let choices = option.choiceValues
    let hint = closestMatch(to: value, in: choices).map { " Did you mean '\($0)'?" } ?? ""
    return .usage(
      "The value '\(value)' is invalid for '--\(option.name)': expected one of \(choices.joined(separator: ", ")).\(hint)",
      spec)
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
