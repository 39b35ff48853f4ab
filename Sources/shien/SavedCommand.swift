import ShienInterview
import ShienRender
import ShienSupport

/// `shien saved`: the interviews saved on this machine, for this user.
enum SavedCommand {
  static let spec = CommandSpec(
    name: "saved",
    summary: "List, export or delete saved interviews",
    overview: "List, export or delete the interviews saved on this machine (they hold personal data).",
    usage: "shien saved [--delete <name>] [--export <name>] [--purge]",
    options: [
      .value("delete", "<name>", "Delete the interview saved under this name.", repeatable: true),
      .value("export", "<name>", "Print its household document (JSON), for 'shien check --household -'."),
      .flag("purge", "Delete every saved interview, and the database that holds them."),
    ],
    discussion: """
      Saved interviews live in $XDG_DATA_HOME/shien/interviews.sqlite (else ~/.local/share/shien/), readable by
      you only. Continue one with 'shien interview --resume <name>'.
      """)

  static func run(_ options: ParsedArguments, catalogPath: String?) throws(CommandError) {
    let chosen = ["delete", "export"].filter { options.values[$0] != nil } + (options.has("purge") ? ["purge"] : [])
    if chosen.count > 1 {
      throw .usage("Give only one of --\(chosen.joined(separator: ", --")).", spec)
    }
    guard let directory = InterviewStore.defaultDirectory(environment: environmentValue) else {
      throw .noInput("cannot find the data folder: neither XDG_DATA_HOME nor HOME is set")
    }
    if options.has("purge") {
      do {
        let count = try InterviewStore.purge(directory: directory)
        try OutputStream.standardOutput.write(
          "removed \(count) saved interview(s) and \(directory)/\(InterviewStore.fileName)\n")
      } catch let error as CommandError {
        throw error
      } catch {
        throw .io("\(error)")
      }
      return
    }
    guard fileExists(directory + "/" + InterviewStore.fileName) else {
      if !options.all("delete").isEmpty || options.value("export") != nil {
        throw .noInput("no saved interviews (nothing in \(directory))")
      }
      return try OutputStream.standardOutput.write("no saved interviews\n")
    }
    let store: InterviewStore
    do {
      store = try InterviewStore(directory: directory)
    } catch {
      throw error.isBadData ? .data(error.onCommandLine.message) : .io(error.message)
    }
    do {
      let entries = try store.list()
      for name in options.all("delete") {
        guard try store.delete(name) else { throw missing(name, among: entries) }
        try OutputStream.standardOutput.write("deleted '\(name)'\n")
      }
      if !options.all("delete").isEmpty { return }
      if let name = options.value("export") {
        guard let entry = entries.first(where: { $0.name == name }) else { throw missing(name, among: entries) }
        return try OutputStream.standardOutput.write(entry.household + "\n")
      }
      try OutputStream.standardOutput.write(list(entries))
    } catch let error as CommandError {
      throw error
    } catch let error as InterviewStoreError {
      throw error.isBadData ? .data(error.onCommandLine.message) : .io(error.message)
    } catch {
      throw .io("\(error)")
    }
  }

  private static func missing(_ name: String, among entries: [InterviewStore.Entry]) -> CommandError {
    let hint = closestMatch(to: name, in: entries.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
    return .noInput("no saved interview named '\(name)'\(hint)")
  }

  /// One line per interview: name, when, where, how many members and answers, finished or not.
  private static func list(_ entries: [InterviewStore.Entry]) -> String {
    guard !entries.isEmpty else { return "no saved interviews\n" }
    let nameWidth = max(4, entries.map { TextWrapper.visibleWidth($0.name) }.max() ?? 4)
    var text = ""
    for entry in entries {
      let document = try? JSONReader.parse(entry.household)
      let place = [document?["prefecture"]?.string, document?["municipality"]?.string].compactMap { $0 }.joined()
      let members = document?["members"]?.array?.count ?? 0
      let questions = entry.answers.filter { !$0.isPreset }.count
      let padding = String(repeating: " ", count: nameWidth - TextWrapper.visibleWidth(entry.name))
      let state = entry.isComplete ? "done" : "in progress"
      text +=
        "\(entry.name)\(padding)  \(timestamp(entry.updated))  \(state)  \(members) member(s), "
        + "\(questions) answer(s)\(place.isEmpty ? "" : "  " + place)\n"
    }
    return text
  }

  /// `2025-06-01 14:32` in Japan time.
  private static func timestamp(_ seconds: Double) -> String {
    let minutes = (Int((seconds + 9 * 3600).rounded(.down)) % 86400) / 60
    return
      "\(CivilDate.todayInJapan(now: seconds)) \(String(minutes / 60 + 100).dropFirst()):\(String(minutes % 60 + 100).dropFirst())"
  }
}

extension InterviewStoreError {
  /// The error as the command line says it: a damaged store names the command that removes it.
  var onCommandLine: InterviewStoreError {
    guard kind == .damaged else { return self }
    return InterviewStoreError(message + " ('shien saved --purge' removes it)", kind: kind)
  }
}
