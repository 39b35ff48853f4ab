import ShienCatalog
import ShienSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Why a batch run stopped before the end of its input.
package enum BatchFailure: Error, Equatable, Sendable {
  /// Reading the input failed (`errno`).
  case read(Int32)
  /// Writing the results failed (`errno`); EPIPE when the reader went away (`| head`).
  case write(Int32)
  /// Writing the problems failed (`errno`).
  case writeIssues(Int32)
  /// The CSV header cannot be read (line, problem).
  case header(line: Int, CSVError)
}

/// How far a run has come, for a progress line.
package struct BatchProgress: Sendable {
  package var households: Int
  package var issues: Int
  /// Input bytes consumed.
  package var inputBytes: Int
}

/// What a finished (or stopped) run did.
package struct BatchSummary: Sendable {
  package var households = 0
  package var issues = 0
  /// The input lines those issues cover (a CSV record with quoted line breaks covers several).
  package var issueLines = 0
  package var skipped = 0
  package var inputBytes = 0
  /// With `--since`.
  package var changes: ChangeSummary?
  /// A signal stopped the reading; everything read before it was written.
  package var isInterrupted = false
}

/// Runs `shien batch`: one reader (the calling thread), `jobs` worker threads, one writer thread.
///
/// The reader cuts the input into chunks of a few hundred records; workers check whole chunks; the writer puts the
/// results out in input order, each chunk with one `write`, so output is always whole lines. At most a few chunks
/// per worker are in flight (48 at most), so memory stays constant whatever the input size, and a slow consumer
/// slows the reader.
package struct BatchRunner: Sendable {
  package let catalog: Catalog
  package let options: BatchOptions
  package let previous: PreviousRun?

  package init(catalog: Catalog, options: BatchOptions, previous: PreviousRun?) {
    self.catalog = catalog
    self.options = options
    self.previous = previous
  }

  /// Reads `reader` to its end (or until `isInterrupted`), writing results to `output` and problems to `issues`.
  package func run(
    _ reader: inout RecordReader<some ByteSource>, output: Int32, issues: Int32,
    isInterrupted: @escaping @Sendable () -> Bool = { false },
    progress: (@Sendable (BatchProgress) -> Void)? = nil
  ) throws(BatchFailure) -> BatchSummary {
    var summary = BatchSummary()
    // With --all a household's result is some 70 KB, 35 times its line: smaller chunks keep the results in flight
    // (a few chunks per worker) within a few MB.
    let chunkBytes = options.includeIneligible && previous == nil ? 32 << 10 : 128 << 10
    var first: InputChunk?
    do {
      // A CSV header alone first: its column count tells the reader how to split the records after it.
      first = try reader.nextChunk(targetBytes: chunkBytes, maxRecords: options.inputFormat == .csv ? 1 : 512)
    } catch {
      if error == .interrupted {
        summary.isInterrupted = true
        return summary
      }
      if case .system(let code) = error { throw .read(code) }
    }
    // The CSV header is the first record.
    var layout: HouseholdCSVLayout?
    if options.inputFormat == .csv, var chunk = first {
      let record = chunk.records.removeFirst()
      do throws(CSVError) {
        guard !record.isTooLong else { throw CSVError(field: 1, message: "header row too long") }
        let header = try chunk.bytes(of: record).withUnsafeBufferPointer { buffer throws(CSVError) in
          try CSVRecord.parse(buffer)
        }
        layout = try HouseholdCSVLayout(header: header, vocabulary: catalog.vocabulary)
        reader.expectedFieldCount = header.count
      } catch {
        throw .header(line: record.line, error)
      }
      first = chunk
    }
    var head: [UInt8] = []
    if options.outputFormat == .csv {
      if options.byteOrderMark { head += [0xEF, 0xBB, 0xBF] }
      let header =
        options.japaneseSheet
        ? (previous == nil ? ResultCSV.japaneseHeader : ResultCSV.japaneseChangeHeader)
        : (previous == nil ? ResultCSV.header : ResultCSV.changeHeader)
      CSVWriter.appendRecord(header, to: &head)
      if let code = writeAll(output, head) { throw .write(code) }
    }

    // Chunks in flight: enough to keep every worker busy while the writer waits for the oldest, few enough that
    // memory stays bounded (a chunk is at most 512 households; its results a few MB with --all).
    let window = min(max(4, options.jobs * 3), 48)
    let pipeline = Pipeline(window: window, previousCount: previous?.count ?? 0)
    let catalog = catalog, options = options, previous = previous, frozenLayout = layout
    var workers: [Thread] = []
    for index in 0..<max(1, options.jobs) {
      // Each worker evaluates its own copy of the rules: they are shared, reference-counted trees, and threads
      // counting references on the same objects slow each other down (cache lines ping-pong between cores).
      let own = index == 0 ? catalog : ((try? CatalogBinary.decode(CatalogBinary.encode(catalog))) ?? catalog)
      workers.append(
        Thread {
          var processor = BatchProcessor(catalog: own, options: options, layout: frozenLayout, previous: previous)
          while let chunk = pipeline.nextChunk() {
            pipeline.finish(processor.process(chunk))
          }
        })
    }
    let writer = Thread {
      pipeline.writeResults(output: output, issues: issues, options: options, progress: progress)
    }

    var interrupted = false
    var readFailure: Int32?
    if let first { pipeline.dispatch(first) }
    while !pipeline.isStopping {
      if isInterrupted() {
        interrupted = true
        break
      }
      let chunk: InputChunk?
      do {
        chunk = try reader.nextChunk(targetBytes: chunkBytes)
      } catch {
        switch error {
        case .interrupted: interrupted = true
        case .system(let code): readFailure = code
        }
        break
      }
      guard let chunk, pipeline.dispatch(chunk) else { break }
    }
    pipeline.closeInput()
    for worker in workers { worker.join() }
    writer.join()

    summary = pipeline.summary
    summary.isInterrupted = interrupted
    if previous != nil { summary.changes = pipeline.changes }
    if let failure = pipeline.failure { throw failure }
    if let readFailure { throw .read(readFailure) }
    if let previous, !interrupted {
      try writeRemoved(previous, seen: pipeline.seen, output: output, summary: &summary)
    }
    return summary
  }

  /// After a `--since` run: the earlier run's households (of this shard) that this run did not have.
  private func writeRemoved(_ previous: PreviousRun, seen: [UInt64], output: Int32, summary: inout BatchSummary)
    throws(BatchFailure)
  {
    var buffer: [UInt8] = []
    var failure: Int32?
    var changes = summary.changes ?? ChangeSummary()
    previous.forEach { ordinal, id, _ in
      guard failure == nil, seen[ordinal >> 6] & (1 << UInt64(ordinal & 63)) == 0 else { return }
      if let shard = options.shard, !shard.contains(id: id) { return }
      changes.add([], presence: .removed)
      BatchProcessor.writeChanges(
        id: id, presence: .removed, changes: [], catalog: catalog, options: options, into: &buffer)
      if buffer.count >= 1 << 16 {
        failure = writeAll(output, buffer)
        buffer.removeAll(keepingCapacity: true)
      }
    }
    if failure == nil { failure = writeAll(output, buffer) }
    summary.changes = changes
    if let failure { throw .write(failure) }
  }
}

/// The state the reader, the workers and the writer share, under one monitor.
private final class Pipeline: @unchecked Sendable {
  private let monitor = Monitor()
  private let window: Int
  private var queue: [InputChunk] = []
  private var results: [Int: ChunkResult] = [:]
  private var dispatched = 0
  private var written = 0
  private var isInputClosed = false
  private var stopping = false
  private(set) var failure: BatchFailure?
  /// Filled by the writer; read after it has been joined.
  private(set) var summary = BatchSummary()
  /// One bit per household of the earlier run, set when this run met it.
  private(set) var seen: [UInt64]
  private(set) var changes = ChangeSummary()

  init(window: Int, previousCount: Int) {
    self.window = window
    self.seen = Array(repeating: 0, count: (previousCount + 63) / 64)
  }

  var isStopping: Bool { monitor.withLock { stopping } }

  /// Queues a chunk for the workers, waiting while `window` chunks are in flight; false when the run is stopping.
  @discardableResult
  func dispatch(_ chunk: InputChunk) -> Bool {
    monitor.withLock {
      while dispatched - written >= window && !stopping { monitor.wait() }
      if stopping { return false }
      queue.append(chunk)
      dispatched += 1
      monitor.broadcast()
      return true
    }
  }

  func closeInput() {
    monitor.withLock {
      isInputClosed = true
      monitor.broadcast()
    }
  }

  /// The next chunk to check, or nil when there are no more.
  func nextChunk() -> InputChunk? {
    monitor.withLock {
      while queue.isEmpty && !isInputClosed && !stopping { monitor.wait() }
      if stopping || queue.isEmpty { return nil }
      return queue.removeFirst()
    }
  }

  func finish(_ result: ChunkResult) {
    monitor.withLock {
      results[result.sequence] = result
      monitor.broadcast()
    }
  }

  /// The writer thread: results in input order, then problems, one `write` each.
  func writeResults(
    output: Int32, issues: Int32, options: BatchOptions, progress: (@Sendable (BatchProgress) -> Void)?
  ) {
    var summary = BatchSummary()
    var changes = ChangeSummary()
    var seen = monitor.withLock { self.seen }
    var issueBytes: [UInt8] = []
    while true {
      let next: ChunkResult? = monitor.withLock {
        while results[written] == nil && !(isInputClosed && written == dispatched) && !stopping { monitor.wait() }
        if stopping { return nil }
        return results.removeValue(forKey: written)
      }
      guard let result = next else { break }
      var failure: BatchFailure?
      if !result.output.isEmpty, let code = writeAll(output, result.output) { failure = .write(code) }
      if failure == nil, !result.issues.isEmpty {
        issueBytes.removeAll(keepingCapacity: true)
        if options.clearsLineBeforeIssues { issueBytes += Array("\r\u{1B}[K".utf8) }
        for issue in result.issues {
          issueBytes.append(contentsOf: (options.issuesAsJSON ? issue.json : "shien: " + issue.text).utf8)
          issueBytes.append(0x0A)
        }
        if let code = writeAll(issues, issueBytes) { failure = .writeIssues(code) }
      }
      summary.households += result.households
      summary.issues += result.issues.count
      for issue in result.issues { summary.issueLines += (issue.lastLine ?? issue.line) - issue.line + 1 }
      summary.skipped += result.skipped
      summary.inputBytes = result.inputOffset
      changes.merge(result.changes)
      for ordinal in result.seen { seen[ordinal >> 6] |= 1 << UInt64(ordinal & 63) }
      progress?(BatchProgress(households: summary.households, issues: summary.issues, inputBytes: summary.inputBytes))
      monitor.withLock {
        written += 1
        if let failure {
          self.failure = failure
          stopping = true
        }
        monitor.broadcast()
      }
      if failure != nil { break }
    }
    monitor.withLock {
      self.summary = summary
      self.changes = changes
      self.seen = seen
    }
  }
}
