import ShienFacts
import ShienInterview
import ShienMatching
import ShienRender
import ShienSupport

#if canImport(Glibc)
  import Glibc
#endif

/// `shien interview` (and `shien` alone at a terminal): one question at a time, then the result.
enum InterviewCommand {
  static let spec = CommandSpec(
    name: "interview",
    summary: "Find your support by answering questions, one at a time (also 'shien' alone at a terminal)",
    overview: "Find your support by answering a few questions, one at a time (Japanese, English or やさしい日本語).",
    usage:
      "shien interview [--lang <lang>] [--municipality <name or code>] [--as-of <date>] [--resume <name>]",
    options: [
      .lang("{choices} (default: ja when LC_ALL, LC_MESSAGES or LANG is ja_*, else en)."),
      .value("municipality", "<name>", "Where the household lives (古賀市, 福岡県古賀市 or 40223); not asked then."),
      .value("as-of", "<date>", "The date to answer for (default: today in Japan); 2025-04-01, R7.4.1 …"),
      .value("resume", "<name>", "Continue (or review) an interview saved under this name (see 'shien saved')."),
    ],
    discussion: """
      At every question: 'わからない' (or '?', 'skip') leaves it open, '戻る' (or '<') goes back one question,
      'やめる' (or 'q') stops, and 'help' explains the question. Answers may be typed as people say them: 全角 digits,
      240万, 2,400,000円, 平成2年6月15日, R6.4.1, an age instead of a birth date, はい / いいえ, a choice's number.

      Answers are saved as you go in $XDG_DATA_HOME/shien (else ~/.local/share/shien), readable by you only: Ctrl-C
      or a closed terminal loses nothing. 'shien saved' lists and deletes saved interviews.

      Without a terminal, one answer is read per line, so an interview can be scripted; the end of input ends it,
      with the result so far. Questions go to standard error, the result to standard output.
      """)

  static func run(_ options: ParsedArguments, catalogPath: String?) throws(CommandError) {
    var language = try interviewLanguage(options, spec: spec)
    let asOfOption = try options.date("as-of", spec: spec)
    let catalog = try openCatalog(catalogPath)
    var store: InterviewStore?
    var storeProblem: InterviewStoreError?
    if let directory = InterviewStore.defaultDirectory(environment: environmentValue) {
      do {
        store = try InterviewStore(directory: directory)
      } catch {
        storeProblem = error.onCommandLine
      }
    } else {
      storeProblem = InterviewStoreError("neither XDG_DATA_HOME nor HOME is set")
    }

    var saved: InterviewStore.Entry?
    if let name = options.value("resume") {
      guard let store else {
        throw .noInput("cannot read saved interviews: \(storeProblem?.message ?? "no data folder")")
      }
      do {
        saved = try store.load(name)
      } catch {
        throw .data(error.onCommandLine.message)
      }
      guard saved != nil else {
        let names = (try? store.list().map(\.name)) ?? []
        let hint = closestMatch(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
        throw .noInput("no saved interview named '\(name)'\(hint) ('shien saved' lists them)")
      }
      if options.value("lang") == nil, let savedLanguage = saved.flatMap({ Language(rawValue: $0.language) }) {
        language = savedLanguage
      }
    }
    let asOf = asOfOption ?? saved?.asOf ?? CivilDate.todayInJapan()
    var session = InterviewSession(catalog: catalog, asOf: asOf, answers: saved?.answers ?? [])
    if let text = options.value("municipality") {
      do {
        try session.presetMunicipality(text)
      } catch {
        throw .data("--municipality: \(error.message(language: .en))")
      }
    }
    var runner = InterviewRunner(
      session: session, screen: InterviewScreen(language: language), store: store,
      name: saved?.name ?? InterviewRunner.automaticName(existing: (try? store?.list().map(\.name)) ?? []),
      isNamed: saved != nil, created: saved?.created ?? currentUnixTime())
    let status = runner.run(resumed: saved != nil, storeProblem: storeProblem)
    if status != 0 { exit(status) }
  }

  /// `--lang`, else the first of LC_ALL, LC_MESSAGES and LANG that is set: Japanese for `ja…`, English otherwise.
  static func interviewLanguage(_ options: ParsedArguments, spec: CommandSpec) throws(CommandError) -> Language {
    if let value = options.value("lang") { return Language(rawValue: value)! }
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      if let value = environmentValue(name), !value.isEmpty { return value.hasPrefix("ja") ? .ja : .en }
    }
    return .en
  }
}

/// Writes the conversation on standard error: wrapped at the terminal's width, in colour only where allowed.
struct InterviewScreen {
  let language: Language
  let words: InterviewStrings
  let style: TextStyle
  private let stream = OutputStream.standardError

  init(language: Language) {
    self.language = language
    var words = InterviewStrings(language)
    words.commands = InterviewStrings.Commands(
      resume: { "shien interview --resume \($0)" }, delete: { "shien saved --delete \($0)" },
      checkHousehold: { "shien check --household \($0)" })
    self.words = words
    self.style = TextStyle(useColor: OutputStream.standardError.allowsColor)
  }

  var width: Int { Terminal.columns(for: stream) }

  /// Writes `text` wrapped, with a newline; a closed terminal is not an error here (the hang-up ends the session).
  func say(_ text: String) {
    try? stream.write(TextWrapper.wrap(text, width: width) + "\n")
  }

  func note(_ text: String) { say(style.dim(text)) }

  func problem(_ text: String) { say(style.yellow("! ") + text) }

  func prompt() { try? stream.write(style.bold("> ")) }

  /// Shows what was read when it was not typed at a terminal, so that a transcript reads as a conversation.
  func echo(_ text: String, isTerminal: Bool) {
    if !isTerminal { try? stream.write(text + "\n") }
  }

  func blankLine() { try? stream.write("\n") }
}

/// One interview from its first question to its end: asks, reads, saves as it goes, shows the result and what can be
/// done with it.
struct InterviewRunner {
  var session: InterviewSession
  var screen: InterviewScreen
  /// The save policy: where and under which name the answers are kept.
  var saving: InterviewSaving
  private var reader = LineReader()
  private let inputIsTerminal = isatty(STDIN_FILENO) == 1
  private let showsTiming = environmentValue("SHIEN_PLANNER_TIMING").map { !$0.isEmpty && $0 != "0" } ?? false
  private var timings: [(match: Double, plan: Double)] = []
  private var lastAsked: InterviewSession.Step?
  private var terminal = TerminalSettings(descriptor: STDIN_FILENO)

  init(
    session: InterviewSession, screen: InterviewScreen, store: InterviewStore?, name: String, isNamed: Bool,
    created: Double
  ) {
    self.session = session
    self.screen = screen
    self.saving = InterviewSaving(store: store, name: name, isNamed: isNamed, created: created)
  }

  var words: InterviewStrings { screen.words }
  var name: String { saving.name }
  var language: Language { screen.language }

  /// A name for an automatic save: the date and time in Japan, `2025-06-01-1432`, made unique among `existing`.
  static func automaticName(existing: [String], now: Double = currentUnixTime()) -> String {
    let seconds = Int((now + 9 * 3600).rounded(.down))
    let date = CivilDate.todayInJapan(now: now)
    let minutes = (seconds % 86400) / 60
    let time = String(minutes / 60 + 100).dropFirst() + String(minutes % 60 + 100).dropFirst()
    let base = "\(date)-\(time)"
    var name = base
    var number = 2
    while existing.contains(name) {
      name = "\(base)-\(number)"
      number += 1
    }
    return name
  }

  /// Runs the interview; returns the exit status (0, or 130 when interrupted).
  mutating func run(resumed: Bool, storeProblem: InterviewStoreError? = nil) -> Int32 {
    Signals.stopBetweenSteps()
    defer { terminal.restore() }
    screen.say(screen.style.bold(words.title))
    screen.note(resumed ? words.resumed : words.introduction)
    if let storeProblem { screen.problem(words.cannotSave(storeProblem)) }
    recordTiming()
    while true {
      if let status = askUntilDone() { return status }
      showResult(finished: true)
      finishTiming()
      if let status = menu() { return status }
    }
  }

  /// Asks until no question is left (nil), or returns the exit status when the interview ends before that.
  private mutating func askUntilDone() -> Int32? {
    while let step = session.step {
      ask(step)
      switch reader.next() {
      case .interrupted:
        return interrupted()
      case .end:
        screen.echo("", isTerminal: inputIsTerminal)
        showResult(finished: false)
        if inputIsTerminal {
          // A closed terminal keeps the answers, as Ctrl-C does.
          if let note = keptNote(words.keptForLater) { screen.note(note) }
        } else {
          // A scripted run leaves nothing behind unless it chose to save (やめる → はい, or the menu).
          discard()
        }
        finishTiming()
        return 0
      case .text(let text):
        screen.echo(text, isTerminal: inputIsTerminal)
        if !handle(text, at: step) { return 0 }
      }
    }
    return nil
  }

  /// Shows a question; asked again (after a wrong answer or help), without the progress line and the examples.
  private mutating func ask(_ step: InterviewSession.Step) {
    let prompt = words.prompt(for: step, in: session)
    let isAgain = lastAsked == step
    lastAsked = step
    if !isAgain {
      let eligible = session.results.filter { $0.status == .eligible }.count
      let maybe = session.results.filter { $0.status == .maybe }.count
      screen.blankLine()
      screen.note(words.progress(remaining: session.remaining, eligible: eligible, maybe: maybe))
    }
    screen.say(screen.style.bold(prompt.question))
    for (index, choice) in prompt.choices.enumerated() { screen.say("  \(index + 1). \(choice)") }
    if let hint = prompt.hint, !isAgain { screen.note("  " + hint) }
    screen.prompt()
  }

  /// Handles one line typed at `step`; false when the interview is to end.
  private mutating func handle(_ text: String, at step: InterviewSession.Step) -> Bool {
    switch InterviewReply(text) {
    case .help:
      screen.say(words.help(for: step, in: session))
      return true
    case .back:
      if !session.back() { screen.note(words.cannotGoBack) }
    case .quit:
      return !quit()
    case .skip:
      session.skip()
      screen.note(words.skipped)
    case .answer(let answer):
      do {
        try session.answer(answer)
      } catch {
        screen.problem(error.message(language: language))
        return true
      }
    }
    recordTiming()
    autosave()
    return true
  }

  // MARK: - Saving

  private mutating func autosave(complete: Bool = false) {
    switch saving.autosave(session, language: language, complete: complete) {
    case .quiet, .stillFailing: break
    case .recovered: screen.note(words.savingAgain)
    case .failed(let error): screen.problem(words.cannotSave(error.onCommandLine) + words.goingOnUnsaved)
    }
  }

  /// What to say about the saved answers when the interview stops: `kept(name)` when all of them are saved, how many
  /// are when saving failed after some were, nil when nothing is saved.
  private func keptNote(_ kept: (String) -> String) -> String? {
    switch saving.kept(session) {
    case .all(let name)?: return kept(name)
    case .partly(let name, let questions)?: return words.partlyKept(name, questions: questions)
    case nil: return nil
    }
  }

  /// Removes the automatic save of an interview the user chose not to keep.
  private func discard() { saving.discard() }

  /// Asks for a name and saves under it; false when input ended.
  private mutating func saveAs() -> Bool {
    guard saving.store != nil else {
      screen.problem(words.cannotSave("no data folder"))
      return true
    }
    while true {
      screen.say(words.askName(suggestion: name))
      screen.prompt()
      switch reader.next() {
      case .interrupted, .end: return false
      case .text(let text):
        screen.echo(text, isTerminal: inputIsTerminal)
        let chosen = EverydayInput.normalizeWidth(text).isEmpty ? name : text.trimmingSpaces
        if let problem = InterviewStore.problem(withName: chosen) {
          screen.problem(problem)
          continue
        }
        do {
          try saving.save(session, as: chosen, language: language)
          screen.say(words.saved(chosen))
        } catch {
          screen.problem(words.cannotSave(error.onCommandLine))
        }
        return true
      }
    }
  }

  /// `やめる`: asks whether to keep the answers; true when the interview ends.
  private mutating func quit() -> Bool {
    guard session.questionsAsked > 0 else {
      screen.say(words.goodbye)
      discard()
      return true
    }
    while true {
      screen.say(words.askSaveOnQuit)
      screen.note("  " + words.yesNo)
      screen.prompt()
      switch reader.next() {
      case .interrupted:
        _ = interrupted()
        return true
      case .end:
        return true
      case .text(let text):
        screen.echo(text, isTerminal: inputIsTerminal)
        guard let keep = try? EverydayInput.yesNo(text) else {
          screen.problem(EverydayInputError.notYesNo(EverydayInput.normalizeWidth(text)).message(language: language))
          continue
        }
        if keep {
          _ = saveAs()
        } else {
          discard()
          screen.say(words.notSaved)
        }
        return true
      }
    }
  }

  /// Ctrl-C, a hang-up or SIGTERM: the answers are saved already; say where, restore the terminal, exit 130.
  private mutating func interrupted() -> Int32 {
    autosave(complete: session.step == nil)
    try? OutputStream.standardError.write(screen.style.useColor ? "\u{1B}[0m\n" : "\n")
    switch (keptNote(words.interrupted), saving.isFailing) {
    case (let kept?, false): screen.note(kept)
    case (let kept, _): screen.note(words.stopped(saved: kept))
    }
    terminal.restore()
    return ExitStatus.interrupted.rawValue
  }

  // MARK: - The end

  private func showResult(finished: Bool) {
    screen.blankLine()
    screen.say(
      screen.style.bold(
        finished
          ? words.finished(questions: session.questionsAsked) : words.stoppedEarly(questions: session.questionsAsked)
      ))
    screen.blankLine()
    let catalog = session.catalog
    let report = session.report()
    let style = TextStyle(useColor: OutputStream.standardOutput.allowsColor)
    var renderer = TextReportRenderer(language: language, includeIneligible: false, style: style)
    renderer.received = session.received
    renderer.focus = session.focus
    renderer.isCondensed = true
    let text = renderer.render(report, household: session.evaluatedHousehold, catalog: catalog)
    writeResult(text)
  }

  /// Writes to standard output, wrapped at the terminal's width when it is one.
  private func writeResult(_ text: String) {
    try? OutputStream.standardOutput.write(OutputStream.standardOutput.wrappedForTerminal(text))
  }

  /// What to do with the result; returns the exit status, or nil to go back to the questions.
  private mutating func menu() -> Int32? {
    autosave(complete: true)
    while true {
      screen.blankLine()
      screen.say(screen.style.bold(words.menuQuestion))
      for (index, item) in words.menu.enumerated() { screen.say("  \(index + 1). \(item)") }
      screen.prompt()
      switch reader.next() {
      case .interrupted:
        return interrupted()
      case .end:
        discard()
        return 0
      case .text(let text):
        screen.echo(text, isTerminal: inputIsTerminal)
        let reply = InterviewReply(text)
        let choice = Int(EverydayInput.normalizeWidth(text))
        if reply == .quit || choice == words.menu.count {
          discard()
          screen.say(words.goodbye)
          return 0
        }
        if reply == .back, session.back() {
          // Back from the result: the last question again.
          autosave()
          return nil
        }
        switch choice {
        case 1:
          if !saveAs() { return 0 }
        case 2:
          if !writeFile(handout: true) { return 0 }
        case 3:
          if !writeFile(handout: false) { return 0 }
        case 4:
          if !showMeasure() { return 0 }
        default:
          screen.problem(words.invalidMenuChoice)
        }
      }
    }
  }

  /// Writes the handout (as `check --format html`, or Markdown for a `.md` name) or the household document (JSON,
  /// for `check --household`) to a file the user names; 0600, as both hold personal data. False when input ended.
  private mutating func writeFile(handout: Bool) -> Bool {
    let export: InterviewExport = handout ? .handout : .household
    let suggestion = export.suggestedPath(name: name)
    screen.say(words.askPath(suggestion: suggestion))
    screen.prompt()
    guard case .text(let text) = reader.next() else { return false }
    screen.echo(text, isTerminal: inputIsTerminal)
    let path = EverydayInput.normalizeWidth(text).isEmpty ? suggestion : text.trimmingSpaces
    do {
      try export.write(session, name: name, language: language, to: path)
      screen.say(handout ? words.handoutWritten(path) : words.written(path))
    } catch {
      switch error {
      case .exists(let path): screen.problem(words.fileExists(path))
      case .io(let error): screen.problem(error.description)
      }
    }
    return true
  }

  /// Lists the measures found and shows the chosen one whole (as `shien show`).
  private mutating func showMeasure() -> Bool {
    let results = session.fullResults()
    var shown = results.filter { $0.status != .ineligible }
    if shown.isEmpty { shown = results }
    guard !shown.isEmpty else { return true }
    screen.say(words.chooseMeasure)
    for (index, result) in shown.enumerated() {
      screen.say("  \(index + 1). \(result.measure.name.text(language))")
    }
    screen.prompt()
    guard case .text(let text) = reader.next() else { return false }
    screen.echo(text, isTerminal: inputIsTerminal)
    // By its number, or by (part of) its name in any language.
    let typed = EverydayInput.normalizeWidth(text)
    var chosen: MeasureResult?
    if let number = Int(typed), shown.indices.contains(number - 1) {
      chosen = shown[number - 1]
    } else if !typed.isEmpty {
      // The whole name first (児童扶養手当 is also part of 特別児童扶養手当), else the one name that contains it.
      let lowered = typed.lowercased()
      chosen = shown.first { result in
        Language.allCases.contains { result.measure.name.text($0).lowercased() == lowered }
      }
      let matches = shown.filter { result in
        Language.allCases.contains { result.measure.name.text($0).lowercased().contains(lowered) }
      }
      if chosen == nil, matches.count == 1 { chosen = matches[0] }
    }
    guard let chosen else {
      screen.problem(words.invalidMenuChoice)
      return true
    }
    let style = TextStyle(useColor: OutputStream.standardOutput.allowsColor)
    writeResult(
      MeasureSheetRenderer(language: language, style: style, showsRules: false).render(
        chosen.measure, catalog: session.catalog, asOf: session.asOf))
    return true
  }

  // MARK: - Planner timing (SHIEN_PLANNER_TIMING=1, for `make bench`)

  private mutating func recordTiming() {
    guard showsTiming else { return }
    let timing = session.lastTiming
    timings.append(timing)
    printError(
      "planner: match \(milliseconds(timing.match)) ms, choose \(milliseconds(timing.plan)) ms"
        + " (\(session.catalog.measures.count) measures, question \(session.questionsAsked + 1))")
  }

  private func finishTiming() {
    guard showsTiming, !timings.isEmpty else { return }
    let chosen = timings.filter { $0.plan > 0 }.map(\.plan).sorted()
    let steps = timings.map { $0.match + $0.plan }.sorted()
    printError(
      "planner: summary: \(timings.count) steps, \(session.questionsAsked) questions;"
        + " choose median \(milliseconds(median(chosen))) ms, max \(milliseconds(chosen.last ?? 0)) ms;"
        + " match+choose median \(milliseconds(median(steps))) ms, max \(milliseconds(steps.last ?? 0)) ms")
  }

  private func median(_ sorted: [Double]) -> Double { sorted.isEmpty ? 0 : sorted[sorted.count / 2] }

  private func milliseconds(_ seconds: Double) -> String {
    let micro = Int((seconds * 1_000_000).rounded())
    return "\(micro / 1000).\(String(micro % 1000 + 1000).dropFirst())"
  }
}
