import Foundation
import Testing

/// The one command registry, seen from outside: what `shien --help` lists is what `shien` runs, each command has
/// its help, the help names only options the command accepts, and the parser refuses a value outside an option's
/// choices.
@Suite struct CommandRegistryTests {
  /// The names in the COMMANDS section of `shien --help`, `help` last.
  static func listedCommands() throws -> [String] {
    let help = try Shien.run(["--help"]).stdout
    let section = try #require(help.components(separatedBy: "COMMANDS:\n").last)
    let lines = section.split(separator: "\n", omittingEmptySubsequences: false)
    return lines.prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
      .compactMap { $0.split(separator: " ").first.map(String.init) }
  }

  /// The options a help screen lists under OPTIONS.
  static func declaredOptions(_ help: String) -> Set<String> {
    let section = help.components(separatedBy: "\nOPTIONS:\n").last ?? ""
    return Set(
      section.split(separator: "\n").prefix { $0.hasPrefix(" ") }.filter { $0.hasPrefix("  --") }
        .compactMap { $0.dropFirst(2).split(separator: " ").first.map(String.init) })
  }

  static func optionsNamed(in text: some StringProtocol) -> Set<String> {
    Set(
      text.split(whereSeparator: { $0 == " " || $0 == "[" || $0 == "]" || $0 == "|" }).filter { $0.hasPrefix("--") }
        .map { String($0.split(separator: "=").first!) })
  }

  @Test func helpListsEveryCommandItRunsAndRunsEveryCommandItLists() throws {
    let listed = try Self.listedCommands()
    #expect(listed.last == "help")
    #expect(
      Set(listed) == [
        "interview", "check", "batch", "show", "search", "events", "desks", "ask", "mcp", "facts", "catalog", "saved",
        "help",
      ])
    #expect(Set(listed).count == listed.count, "each command once")
    for command in listed.dropLast() {
      // Dispatch knows it, and "did you mean" offers it for a slip of one letter.
      let help = try Shien.run([command, "--help"])
      #expect(help.status == 0, "\(command): \(help.stderr)")
      let typo = try Shien.run([command + "x"])
      #expect(typo.status == 64)
      #expect(typo.stderr.contains("Unknown command '\(command)x'. Did you mean '\(command)'?"), "\(typo.stderr)")
    }
  }

  @Test func everyRegisteredCommandHasItsHelp() throws {
    for command in try Self.listedCommands().dropLast() {
      let output = try Shien.run([command, "--help"])
      #expect(output.status == 0)
      #expect(output.stdout.hasPrefix("OVERVIEW: "), "\(command)")
      #expect(output.stdout.contains("\nUSAGE: shien \(command)"), "\(command)")
      #expect(output.stdout.contains("\nOPTIONS:\n"), "\(command)")
      #expect(Self.declaredOptions(output.stdout).contains("--help"), "\(command)")
      #expect(try Shien.run(["help", command]).stdout == output.stdout, "\(command)")
      #expect(try Shien.run([command, "-h"]).stdout == output.stdout, "\(command)")
    }
  }

  /// The usage line and the examples of a command name only options that command accepts.
  @Test func helpNamesOnlyOptionsTheCommandAccepts() throws {
    for command in try Self.listedCommands().dropLast() {
      let help = try Shien.run([command, "--help"]).stdout
      let declared = Self.declaredOptions(help)
      #expect(declared.count >= 2, "\(command)")
      for line in help.split(separator: "\n") {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("USAGE: shien \(command)") || trimmed.hasPrefix("shien \(command) ") else { continue }
        let named = Self.optionsNamed(in: trimmed.components(separatedBy: " | ").first!)
          .union(Self.optionsNamed(in: trimmed))
        #expect(named.isSubset(of: declared), "\(command): \(named.subtracting(declared).sorted()) in \(trimmed)")
      }
    }
  }

  /// Every value of every choice option is accepted by the parser as far as the help is concerned, and a value
  /// outside the choices is a usage error (64) that names them, before the command looks at anything else, even
  /// before --help.
  @Test(arguments: [
    ("check", "format", "text, json, html, md"), ("events", "format", "text, json, html, md"),
    ("show", "lang", "ja, en, ja-easy"), ("search", "format", "text, json"), ("desks", "format", "text, json"),
    ("ask", "format", "text, json"), ("facts", "format", "text, json"), ("batch", "format", "jsonl, csv"),
    ("batch", "input-format", "jsonl, csv"), ("interview", "lang", "ja, en, ja-easy"),
    ("check", "lang", "ja, en, ja-easy"),
  ])
  func aBadChoiceIsRefusedByTheParser(command: String, option: String, choices: String) throws {
    for arguments in [[command, "--\(option)", "nope", "--help"], [command, "--\(option)=nope", "--help"]] {
      let output = try Shien.run(arguments)
      #expect(output.status == 64)
      #expect(output.stdout.isEmpty)
      #expect(
        output.stderr.hasPrefix("Error: The value 'nope' is invalid for '--\(option)': expected one of \(choices)."))
      #expect(output.stderr.contains("See 'shien \(command) --help'"))
    }
    let help = try Shien.run([command, "--help"]).stdout
    // The option's line and the next (a long option's help starts on the next line).
    let lines = help.split(separator: "\n")
    let index = try #require(lines.firstIndex { $0.hasPrefix("  --\(option) ") })
    let line = lines[index] + lines[index + 1]
    let words = choices.components(separatedBy: ", ")
    #expect(words.allSatisfy { line.contains($0) }, "the help lists the choices the parser takes: \(line)")
  }

  @Test func aBadChoiceSuggestsTheClosest() throws {
    let output = try Shien.run(["check", "--format", "jsn", "--self", "30"])
    #expect(output.status == 64)
    #expect(output.stderr.contains("expected one of text, json, html, md. Did you mean 'json'?"))
    let global = try Shien.run(["--lang", "en-easy", "show", "child-allowance"])
    #expect(global.status == 64)
    #expect(global.stderr.contains("expected one of ja, en, ja-easy. Did you mean 'ja-easy'?"))
  }

  @Test func theGlobalLangNamesTheCommandsWithoutOne() throws {
    let help = try Shien.run(["--help"]).stdout
    #expect(help.contains("for the command that follows (as its own --lang; not catalog, mcp or saved)."))
    for command in try Self.listedCommands().dropLast() {
      let hasLang = Self.declaredOptions(try Shien.run([command, "--help"]).stdout).contains("--lang")
      #expect(hasLang != ["catalog", "mcp", "saved"].contains(command), "\(command)")
      if !hasLang {
        let output = try Shien.run(["--lang", "en", command, "--help"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("'shien \(command)' has no '--lang' option."))
      }
    }
  }
}
