import ShienBatch
import ShienFacts
import ShienSupport

#if canImport(Glibc)
  import Glibc
#endif

/// `shien batch`: every household of a file (JSON Lines or CSV) against the catalog, streaming, in input order.
enum BatchCommand {
  /// The formats batch reads and writes: jsonl, csv.
  static let formats = BatchFormat.allCases.map { OptionChoice($0.rawValue) }

  static let spec = CommandSpec(
    name: "batch",
    summary: "Check many households (JSON Lines or CSV), streaming: results, errors by line, changes since",
    overview: "Check many households at once: JSON Lines or CSV in, one result per household out, in input order.",
    usage:
      "shien batch [--input <file>] [--input-format <format>] [--output <file>] [--format <format>] [--bom] [--all] [--detail <detail>] [--measures <ids>] [--as-of <date>] [--lang <lang>] [--jobs <n>] [--shard <k/n>] [--since <file>] [--errors <file>]",
    options: [
      .value("input", "<file>", "Households to check (default: standard input)."),
      .value("output", "<file>", "Where to write the results (default: standard output); written whole or not at all."),
      .choice(
        "format", "<format>", formats, "Output: {choices} (default: from --output's extension, else the input's)."),
      .choice(
        "input-format", "<format>", formats, "Input: {choices} (default: from --input's extension, else from its text)."
      ),
      .flag("all", "Also list the measures a household cannot get."),
      .choice(
        "detail", "<detail>", BatchDetail.allCases.map { OptionChoice($0.rawValue) }, default: "full",
        "{choices}: full (default), or brief: ids, statuses, amounts and missing facts only, for whole-city scans."),
      .value("measures", "<ids>", "Only these measures: ids or names, comma-separated."),
      .value("as-of", "<date>", "The date to answer for (default: each household's as_of, else today in Japan)."),
      .lang("{choices}, for names and texts (default: from LANG)."),
      .value("jobs", "<n>", "Worker threads (default: the number of processors)."),
      .value("shard", "<k/n>", "Only share K of N (1 ≤ K ≤ N), by a hash of the household id."),
      .value("since", "<file>", "An earlier run's output (JSON Lines or CSV): write only what changed since."),
      .value("errors", "<file>", "Write the lines that cannot be checked there, as JSON Lines (default: stderr)."),
      .flag("bom", "Start CSV output with a byte order mark, for Excel."),
      .value("csv-template", "<members>", "Print a CSV header for households of up to that many members, and exit."),
    ],
    discussion: """
      INPUT:
        JSON Lines: one household document per line, as for 'shien check --household' ('shien facts' lists the
        facts). Blank lines are skipped.
        CSV (RFC 4180): a header row, then one household per row. The columns, in any order:
          id, as_of, prefecture, municipality, rent, single_parent    the household's facts
          m1_role, m1_birth_date, m1_income, m1_employment, …         member 1's facts (role is required)
          m2_role, m2_birth_date, …                                   member 2, and so on up to m64
        Any fact of 'shien facts' can be a column (mN_age, mN_disability_physical_grade, …); a column whose name
        starts with '#' is ignored. Columns may also be named by the facts' Japanese labels as 'shien facts'
        prints them (市区町村, 家賃, 世帯番号 for id, 基準日 for as_of) and members as 世帯員1_続柄, 世帯員1_生年月日,
        世帯員1_年収 …; the bracketed part of a label may be left out. An empty cell is unknown. Cells take everyday forms: 240万, 2,400,000,
        2016/5/10, R6.4.1, TRUE/FALSE, はい/いいえ, a choice's value or label (self, 本人). Fields may be quoted
        ("a, b" and "a ""quote"" inside"), a byte order mark is skipped, CRLF or LF ends a row; a field holds at most 64 KiB
        and a line at most 1 MiB. Save spreadsheets as 'CSV UTF-8'.

      OUTPUT:
        JSON Lines: one compact line per household, in input order: the result 'shien check --format json'
        prints, with the household's id. CSV: one row per household and listed measure (a household with none
        listed gets one row with the measure empty), CRLF line ends:
          id, as_of, municipality, measure, name, status, amount_min, amount_max, per, verified, missing, desk, phone
        (amount_max is empty when unbounded; missing lists the facts that would settle a 'maybe', as mN_fact).
        With --lang ja (given explicitly) the sheet is for people: Japanese column names, statuses 対象 /
        条件しだい / 対象外, periods 月額 / 年額 / 1回 / 日額, and the municipality's name after its code.
        A cell that starts with = + - @, a tab or CR gets a leading ' (a spreadsheet shows it as text).
        --detail brief (JSON Lines) writes only {"id", "as_of", "municipality" (code), "measures": [{"id", "status",
        "amount" ({"min", "max", "per"} or null), "missing"}]}: no names, reasons, procedures, documents or desks.

      SINCE:
        --since PREVIOUS (an earlier run's JSON Lines or CSV output) writes only the households whose answers
        changed, as JSON Lines {"id", "household": "changed"|"new"|"removed", "changes": [{"measure", "name",
        "change", "before", "after"}]} or CSV rows (id, household, measure, name, change, before_status,
        before_min, before_max, after_status, after_min, after_max, per). A change is newly_eligible, newly_maybe,
        no_longer_eligible, status_changed (maybe ⇄ eligible) or amount_changed. A summary per measure and change
        goes to stderr.

      ERRORS AND SIGNALS:
        A line that cannot be checked is reported as 'line N, column C: fact: reason' on stderr (or as JSON Lines
        with --errors) and every other line is checked; the exit status is then 65. Ctrl-C or SIGTERM stops the
        reading, writes what was read in complete lines and exits 130. A closed output ('| head') ends the run
        quietly. --output and --errors files appear only when the run completes.

      EXAMPLES:
        shien batch --input households.jsonl --output results.jsonl
        shien batch --input households.csv --format csv --bom > results.csv
        shien batch --input households.jsonl --shard 2/4 --jobs 2
        shien batch --input households.jsonl --since last-month.jsonl > changes.jsonl
      """)

  static func run(_ options: ParsedArguments, catalogPath: String?) throws(CommandError) {
    if let members = options.value("csv-template") {
      guard let count = Int(members), (1...HouseholdDecoder.maxMembers).contains(count) else {
        throw .usage(
          "The value '\(members)' is invalid for '--csv-template': expected 1 to \(HouseholdDecoder.maxMembers).", spec)
      }
      let catalog = try openCatalog(catalogPath)
      var bytes: [UInt8] = []
      CSVWriter.appendRecord(
        HouseholdCSVLayout.templateHeader(vocabulary: catalog.vocabulary, members: count), to: &bytes)
      return try OutputStream.standardOutput.write(String(decoding: bytes, as: UTF8.self))
    }
    var batch = BatchOptions(today: CivilDate.todayInJapan())
    batch.asOf = try options.date("as-of", spec: spec)
    batch.language = try languageOption(options, spec: spec)
    // A sheet for people only when asked for in so many words: by default the column names stay the ones scripts read.
    batch.japaneseSheet = options.value("lang") != nil && batch.language != .en
    batch.includeIneligible = options.has("all")
    batch.detail = BatchDetail(
      rawValue: options.choice("detail") ?? BatchDetail.full.rawValue)!
    batch.byteOrderMark = options.has("bom")
    batch.jobs = Thread.processorCount
    if let jobs = options.value("jobs") {
      guard let count = Int(jobs), (1...256).contains(count) else {
        throw .usage("The value '\(jobs)' is invalid for '--jobs': expected a number from 1 to 256.", spec)
      }
      batch.jobs = count
    }
    if let text = options.value("shard") {
      guard let shard = Shard(text) else {
        throw .usage("The value '\(text)' is invalid for '--shard': expected K/N with 1 ≤ K ≤ N, such as 1/4.", spec)
      }
      batch.shard = shard
    }
    let inputPath = options.value("input").flatMap { $0 == "-" ? nil : $0 }
    let outputPath = options.value("output").flatMap { $0 == "-" ? nil : $0 }
    let explicitInput = options.value("input-format").map { BatchFormat(rawValue: $0)! }
    let explicitOutput = options.value("format").map { BatchFormat(rawValue: $0)! }

    // Where results go is checked before anything is read: a folder or a link is refused now, not after the run.
    let errorsPath = options.value("errors")
    if let outputPath, let errorsPath, AtomicFile.sameTarget(outputPath, errorsPath) {
      throw .usage("'--output' and '--errors' name the same file: \(outputPath)", spec)
    }
    for path in [outputPath, errorsPath].compactMap({ $0 }) { try checkDestination(path) }

    let catalog = try openCatalog(catalogPath)
    if let list = options.value("measures") {
      let ids = try measureIDs(list, in: catalog, spec: spec)
      batch.measures = ids
    }

    // Input, and its format.
    let inputName = inputPath ?? "<stdin>"
    let input = try openInput(inputPath)
    defer { if inputPath != nil { close(input) } }
    var reader = RecordReader(
      source: FileDescriptorSource(descriptor: input, isInterrupted: { Signals.received != 0 }), format: .jsonl)
    if let explicitInput {
      batch.inputFormat = explicitInput
    } else if let path = inputPath, let implied = BatchFormat.implied(byName: path) {
      batch.inputFormat = implied
    } else {
      Signals.stopBetweenSteps()
      do {
        batch.inputFormat = BatchFormat.sniffed(from: try reader.peek(atLeast: 64))
      } catch {
        throw readError(error, name: inputName)
      }
    }
    reader.format = batch.inputFormat
    batch.outputFormat = explicitOutput ?? outputPath.flatMap(BatchFormat.implied(byName:)) ?? batch.inputFormat
    if batch.detail == .brief, batch.outputFormat == .csv {
      throw .usage("--detail brief writes JSON Lines; the CSV result sheet is brief already (--format jsonl).", spec)
    }

    let previous = try options.value("since").map { path throws(CommandError) in try loadPrevious(path) }

    // Outputs: files appear whole at the end, or not at all; a device or FIFO is written directly.
    let output = try Destination(outputPath)
    let errors = try Destination(errorsPath)
    let outputFile = output.file
    let errorsFile = errors.file
    if errorsPath != nil { batch.issuesAsJSON = true }
    let outputName = outputPath ?? "standard output"
    let progress = Progress.onTerminal(totalBytes: inputSize(input))
    if progress != nil, errorsPath == nil { batch.clearsLineBeforeIssues = true }

    Signals.stopBetweenSteps()
    let runner = BatchRunner(catalog: catalog, options: batch, previous: previous)
    var onProgress: (@Sendable (BatchProgress) -> Void)?
    if let progress { onProgress = { progress.update($0) } }
    let summary: BatchSummary
    do throws(BatchFailure) {
      summary = try runner.run(
        &reader, output: output.descriptor ?? STDOUT_FILENO, issues: errors.descriptor ?? STDERR_FILENO,
        isInterrupted: { Signals.received != 0 }, progress: onProgress)
    } catch {
      progress?.clear()
      outputFile?.discard()
      errorsFile?.discard()
      switch error {
      case .read(let code): throw .io("cannot read \(inputName): \(systemErrorMessage(code))")
      case .write(let code):
        if code == EPIPE { throw CommandError(status: .success, message: "") }
        throw .io("cannot write to \(outputName): \(systemErrorMessage(code))")
      case .writeIssues(let code):
        throw .io("cannot write to \(options.value("errors") ?? "standard error"): \(systemErrorMessage(code))")
      case .header(let line, let problem):
        throw .data("\(inputName):\(line): CSV header: \(problem)")
      }
    }
    progress?.clear()
    if summary.isInterrupted {
      outputFile?.discard()
      errorsFile?.discard()
      let what =
        outputPath.map { "\($0) was not written" }
        ?? "the output holds \(summary.households) households in complete lines"
      throw CommandError(status: .interrupted, message: "interrupted after \(summary.households) households; \(what)")
    }
    do {
      try outputFile?.commit()
      try errorsFile?.commit()
    } catch {
      throw .io("cannot write \(error.path): \(systemErrorMessage(error.code))")
    }
    if let changes = summary.changes {
      printError(changes.rendered { catalog.measure(id: $0)?.name.text(batch.language) })
    }
    if summary.issues > 0 {
      let place = options.value("errors").map { "listed in \($0)" } ?? "listed above"
      throw .data(
        "\(summary.issueLines) line(s) of \(inputName) could not be checked (\(place)); \(summary.households) household(s) were checked"
      )
    }
  }

  /// Refuses a destination that is a folder or a symbolic link (to a regular file or to nothing).
  private static func checkDestination(_ path: String) throws(CommandError) {
    switch AtomicFile.target(path) {
    case .directory: throw .io("cannot write \(path): is a folder")
    case .symbolicLink: throw .io("cannot write \(path): is a symbolic link (give the name of the file itself)")
    case .file, .stream: break
    }
  }

  /// Where a result stream goes: a file through ``AtomicFile``, or a device or FIFO opened as it is.
  private struct Destination {
    var file: AtomicFile?
    var stream: Int32?
    var descriptor: Int32? { file?.descriptor ?? stream }

    init(_ path: String?) throws(CommandError) {
      guard let path else { return }
      if AtomicFile.target(path) == .stream {
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw .io("cannot write \(path): \(systemErrorMessage())") }
        stream = fd
        return
      }
      do {
        file = try AtomicFile(path: path)
      } catch {
        throw .io("cannot write \(error.path): \(systemErrorMessage(error.code))")
      }
    }
  }

  private static func openInput(_ path: String?) throws(CommandError) -> Int32 {
    guard let path else { return STDIN_FILENO }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      if errno == ENOENT { throw .noInput("\(path): no such file") }
      throw .noInput("\(path): \(systemErrorMessage())")
    }
    var info = stat()
    if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      close(fd)
      throw .noInput("\(path): is a directory")
    }
    return fd
  }

  /// The size of a regular file, for the progress line's estimate; nil for a pipe.
  private static func inputSize(_ fd: Int32) -> Int? {
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { return nil }
    return Int(info.st_size) - Int(lseek(fd, 0, SEEK_CUR))
  }

  private static func readError(_ failure: ReadFailure, name: String) -> CommandError {
    switch failure {
    case .interrupted: CommandError(status: .interrupted, message: "interrupted")
    case .system(let code): .io("cannot read \(name): \(systemErrorMessage(code))")
    }
  }

  private static func loadPrevious(_ path: String) throws(CommandError) -> PreviousRun {
    let fd = try openInput(path)
    defer { close(fd) }
    var reader = RecordReader(
      source: FileDescriptorSource(descriptor: fd, isInterrupted: { Signals.received != 0 }), format: .jsonl)
    var format = BatchFormat.implied(byName: path)
    if format == nil {
      do {
        format = BatchFormat.sniffed(from: try reader.peek(atLeast: 64))
      } catch {
        throw readError(error, name: path)
      }
    }
    reader.format = format!
    do {
      let previous = try PreviousRun.load(&reader, format: format!)
      if previous.duplicates > 0 {
        printError(
          "shien: warning: \(path): \(previous.duplicates) household id(s) appear more than once; the first of each is compared"
        )
      }
      return previous
    } catch {
      throw .data("\(path): \(error) (--since takes the output of an earlier 'shien batch' run)")
    }
  }
}

/// The progress line on a terminal: households done, rate, and with a known input size the share done and an ETA.
final class Progress: @unchecked Sendable {
  private let totalBytes: Int?
  private let start = monotonicSeconds()
  private var lastDrawn = 0.0
  private var isDrawn = false

  private init(totalBytes: Int?) {
    self.totalBytes = totalBytes
  }

  /// A progress line when stderr is a terminal; nil (silence) otherwise.
  static func onTerminal(totalBytes: Int?) -> Progress? {
    OutputStream.standardError.isTerminal ? Progress(totalBytes: totalBytes) : nil
  }

  /// Called by the writer thread after each chunk; draws at most four times a second.
  func update(_ progress: BatchProgress) {
    let now = monotonicSeconds()
    guard now - lastDrawn >= 0.25 else { return }
    lastDrawn = now
    let elapsed = max(now - start, 0.001)
    let rate = Double(progress.households) / elapsed
    var text = "\r\u{1B}[K\(grouped(progress.households)) households  \(grouped(Int(rate)))/s"
    if progress.issues > 0 { text += "  \(grouped(progress.issues)) bad" }
    if let totalBytes, progress.inputBytes > 0 {
      let share = min(1, Double(progress.inputBytes) / Double(totalBytes))
      let remaining = elapsed * (1 - share) / share
      text += "  \(Int(share * 100))%  ETA \(Int(remaining) / 60):\(String(format2: Int(remaining) % 60))"
    }
    try? OutputStream.standardError.write(raw: text)
    isDrawn = true
  }

  func clear() {
    if isDrawn { try? OutputStream.standardError.write(raw: "\r\u{1B}[K") }
    isDrawn = false
  }

  private func grouped(_ value: Int) -> String {
    var digits = String(value)
    var index = digits.count - 3
    while index > 0 {
      digits.insert(",", at: digits.index(digits.startIndex, offsetBy: index))
      index -= 3
    }
    return digits
  }
}

extension String {
  /// Two digits with a leading zero: 05.
  fileprivate init(format2 value: Int) {
    self = value < 10 ? "0\(value)" : String(value)
  }
}
