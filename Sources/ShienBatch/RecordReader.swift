#if canImport(Glibc)
  import Glibc
#endif

/// The two input and output formats of `shien batch`.
package enum BatchFormat: String, Sendable, CaseIterable {
  /// JSON Lines: one household document (or result) per line.
  case jsonl
  /// CSV (RFC 4180) with a header row; see `HouseholdCSVLayout`.
  case csv

  /// The format a file name implies: `.csv` or `.jsonl` / `.ndjson` / `.jl` / `.json`; nil for anything else.
  package static func implied(byName name: String) -> BatchFormat? {
    let lower = name.lowercased()
    if lower.hasSuffix(".csv") { return .csv }
    for suffix in [".jsonl", ".ndjson", ".jl", ".json"] where lower.hasSuffix(suffix) { return .jsonl }
    return nil
  }

  /// The format that text starting with `bytes` is in: CSV when the first character (after a BOM and white space)
  /// is anything but `{`; JSON Lines otherwise (and for empty input).
  package static func sniffed(from bytes: some Collection<UInt8>) -> BatchFormat {
    var rest = bytes[...]
    if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
    guard let first = rest.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else {
      return .jsonl
    }
    return first == UInt8(ascii: "{") ? .jsonl : .csv
  }
}

/// Why reading stopped early.
package enum ReadFailure: Error, Equatable, Sendable {
  /// A signal (Ctrl-C) interrupted a read and the caller asked to stop.
  case interrupted
  /// `read` failed with this `errno`.
  case system(Int32)
}

/// Where batch input comes from: a file descriptor, or bytes in memory.
package protocol ByteSource {
  /// Reads at most `buffer.count` bytes into `buffer`; 0 at the end of the input.
  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadFailure) -> Int
}

/// Reads a file descriptor (`read`), retrying after a signal unless `isInterrupted` says to stop.
package struct FileDescriptorSource: ByteSource {
  package let descriptor: Int32
  package let isInterrupted: @Sendable () -> Bool

  package init(descriptor: Int32, isInterrupted: @escaping @Sendable () -> Bool = { false }) {
    self.descriptor = descriptor
    self.isInterrupted = isInterrupted
  }

  package mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadFailure) -> Int {
    while true {
      if isInterrupted() { throw .interrupted }
      let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
      if count >= 0 { return count }
      if errno != EINTR { throw .system(errno) }
    }
  }
}

/// Bytes in memory, handed out at most `readSize` at a time (tests use small sizes to cross record boundaries).
package struct MemorySource: ByteSource {
  private let bytes: [UInt8]
  private var offset = 0
  private let readSize: Int

  package init(_ bytes: [UInt8], readSize: Int = 1 << 20) {
    self.bytes = bytes
    self.readSize = max(1, readSize)
  }

  package mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadFailure) -> Int {
    let count = min(buffer.count, readSize, bytes.count - offset)
    guard count > 0 else { return 0 }
    bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
    offset += count
    return count
  }
}

/// One record of the input: a line of JSON Lines or a CSV record, as a byte range of its chunk.
package struct InputRecord: Sendable, Equatable {
  package var range: Range<Int>
  /// The line the record starts on (1-based).
  package var line: Int
  /// True when the record was longer than the reader accepts; its bytes were skipped and `range` is empty.
  package var isTooLong: Bool
  /// Line breaks inside the record (a CSV record with quoted line breaks): it ends on `line + lineBreaks`.
  package var lineBreaks = 0
}

/// Consecutive records, copied out of the reader's buffer so a worker thread can own them.
package struct InputChunk: Sendable {
  package var sequence: Int
  package var bytes: [UInt8]
  package var records: [InputRecord]
  /// Input bytes read up to the end of this chunk, for progress.
  package var inputOffset: Int

  package func bytes(of record: InputRecord) -> ArraySlice<UInt8> { bytes[record.range] }
}

/// Cuts a stream of bytes into records (lines of JSON Lines, or CSV records that may hold quoted line breaks) and
/// hands them out in chunks, in constant memory: a record longer than `maxRecordBytes` is reported and skipped.
///
/// A byte order mark at the start is dropped; blank lines are skipped (their lines still count).
package struct RecordReader<Source: ByteSource> {
  package static var defaultMaxRecordBytes: Int { 1 << 20 }

  /// Settable until the first chunk, so a format can be chosen after `peek`.
  package var format: BatchFormat
  /// The header's column count, once it is known: a CSV record whose quotes run over line breaks and that then has
  /// more fields than the header (a record that would be refused anyway) was joined by a stray quote, so only its
  /// first line is handed out (and reported as bad) and the lines after it are read again as records of their own.
  package var expectedFieldCount: Int?
  package let maxRecordBytes: Int
  private var source: Source
  private var buffer: [UInt8]
  private var start = 0
  private var filled = 0
  private var scanned = 0
  private var line = 1
  private var isAtEnd = false
  private var isSkipping = false
  private var isAtStart = true
  private var splitter = CSVRecordSplitter()
  private var consumed = 0
  private var sequence = 0
  private let readSize: Int

  package init(
    source: Source, format: BatchFormat, maxRecordBytes: Int = defaultMaxRecordBytes, readSize: Int = 1 << 20
  ) {
    self.source = source
    self.format = format
    self.maxRecordBytes = maxRecordBytes
    self.readSize = readSize
    self.buffer = [UInt8](repeating: 0, count: maxRecordBytes + readSize)
  }

  /// The bytes read so far but not yet cut into records (the start of the input, before the first chunk).
  package mutating func peek(atLeast count: Int) throws(ReadFailure) -> ArraySlice<UInt8> {
    try skipByteOrderMark()
    while filled - start < count, !isAtEnd { try fill() }
    return buffer[start..<filled]
  }

  /// The next chunk of about `targetBytes` (or `maxRecords` records); nil at the end of the input. A chunk is handed
  /// out early rather than wait for more input, so a slow writer upstream sees its lines processed as they come.
  package mutating func nextChunk(targetBytes: Int = 128 << 10, maxRecords: Int = 512) throws(ReadFailure)
    -> InputChunk?
  {
    try skipByteOrderMark()
    var chunk = InputChunk(sequence: sequence, bytes: [], records: [], inputOffset: 0)
    chunk.bytes.reserveCapacity(targetBytes + 4096)
    while true {
      while let end = findRecordEnd() {
        take(upTo: end, into: &chunk)
        if chunk.bytes.count >= targetBytes || chunk.records.count >= maxRecords { return finish(&chunk) }
      }
      if isAtEnd {
        if start < filled {
          if format == .csv, splitter.isInsideQuotes, !isSkipping, let lineEnd = firstLineFeed(from: start) {
            // A quote that never closes would swallow every line after it: hand out its first line alone (it is
            // reported as an unterminated quote) and read the rest again.
            take(upTo: lineEnd, into: &chunk)
            splitter = CSVRecordSplitter()
            scanned = start
            if chunk.bytes.count >= targetBytes || chunk.records.count >= maxRecords { return finish(&chunk) }
            continue
          }
          take(upTo: filled, into: &chunk)
        }
        return chunk.records.isEmpty ? nil : finish(&chunk)
      }
      if filled - start >= maxRecordBytes {
        if format == .csv, !isSkipping, splitter.isInsideQuotes, let expected = expectedFieldCount,
          let lineEnd = firstLineFeed(from: start), naiveFieldCount(start..<lineEnd) == expected
        {
          // Its first line is a whole row if its quote is a stray one: a stray quote, not a long quoted field, so
          // only that line is bad and the lines after it are rows of their own.
          take(upTo: lineEnd, into: &chunk)
          splitter = CSVRecordSplitter()
          scanned = start
          if chunk.bytes.count >= targetBytes || chunk.records.count >= maxRecords { return finish(&chunk) }
          continue
        }
        // No end in sight: report the record once, then drop its bytes until it ends.
        if !isSkipping {
          chunk.records.append(InputRecord(range: chunk.bytes.count..<chunk.bytes.count, line: line, isTooLong: true))
          isSkipping = true
        }
        line += countLineFeeds(start..<filled)
        consumed += filled - start
        start = filled
        scanned = filled
      }
      if !chunk.records.isEmpty { return finish(&chunk) }
      try fill()
    }
  }

  private mutating func finish(_ chunk: inout InputChunk) -> InputChunk {
    chunk.inputOffset = consumed
    sequence += 1
    return chunk
  }

  /// Moves the unread bytes to the front of the buffer and reads more after them.
  private mutating func fill() throws(ReadFailure) {
    if start > 0 {
      let count = filled - start
      if count > 0 {
        buffer.withUnsafeMutableBytes { raw in
          raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: count)
        }
      }
      scanned -= start
      filled = count
      start = 0
    }
    let room = buffer.count - filled
    let base = filled
    let size = min(room, readSize)
    var source = self.source
    defer { self.source = source }
    let outcome = buffer.withUnsafeMutableBytes { raw -> Result<Int, ReadFailure> in
      do throws(ReadFailure) {
        return .success(try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[base..<base + size])))
      } catch {
        return .failure(error)
      }
    }
    let count = try outcome.get()
    if count == 0 {
      isAtEnd = true
      return
    }
    filled += count
  }

  /// Reads the first bytes and drops a byte order mark, once.
  private mutating func skipByteOrderMark() throws(ReadFailure) {
    guard isAtStart else { return }
    isAtStart = false
    while filled < 3, !isAtEnd { try fill() }
    if filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
      start = 3
      scanned = 3
      consumed = 3
    }
  }

  /// The index of the line feed that ends the record at `start`, scanning only bytes not yet scanned.
  private mutating func findRecordEnd() -> Int? {
    guard scanned < filled else { return nil }
    let found: Int? = buffer.withUnsafeBufferPointer { bytes in
      switch format {
      case .jsonl:
        guard let pointer = memchr(bytes.baseAddress! + scanned, 0x0A, filled - scanned) else { return nil }
        return bytes.baseAddress!.distance(to: pointer.assumingMemoryBound(to: UInt8.self))
      case .csv:
        // While a too-long record is skipped the splitter still follows its quotes, so that a long quoted field
        // with line breaks is skipped whole instead of being read as many broken records.
        return splitter.recordEnd(in: UnsafeBufferPointer(rebasing: bytes[..<filled]), from: scanned)
      }
    }
    if format == .csv, found != nil, !isSkipping, splitter.lastSpansLines, let expected = expectedFieldCount,
      splitter.lastFieldCount > expected, let lineEnd = firstLineFeed(from: start)
    {
      // A stray quote joined lines into one record of the wrong shape: its first line alone is the bad record.
      scanned = lineEnd + 1
      return lineEnd
    }
    scanned = found.map { $0 + 1 } ?? filled
    return found
  }

  /// The fields of the bytes in `range` when every quote is taken literally (commas plus one).
  private func naiveFieldCount(_ range: Range<Int>) -> Int {
    var count = 1
    for index in range where buffer[index] == 0x2C { count += 1 }
    return count
  }

  private func firstLineFeed(from index: Int) -> Int? {
    buffer[index..<filled].firstIndex(of: 0x0A)
  }

  /// Hands out the record from `start` to `end` (a line feed, or the end of the input) and steps past it.
  private mutating func take(upTo end: Int, into chunk: inout InputChunk) {
    let recordLine = line
    let lineFeeds = format == .csv ? countLineFeeds(start..<end) : 0
    if isSkipping {
      isSkipping = false
    } else if !isBlank(start..<end) {
      if end - start > maxRecordBytes {
        chunk.records.append(InputRecord(range: chunk.bytes.count..<chunk.bytes.count, line: line, isTooLong: true))
      } else {
        let from = chunk.bytes.count
        chunk.bytes.append(contentsOf: buffer[start..<end])
        chunk.records.append(
          InputRecord(range: from..<chunk.bytes.count, line: recordLine, isTooLong: false, lineBreaks: lineFeeds))
      }
    }
    line += lineFeeds + (end < filled ? 1 : 0)
    let next = min(end + 1, filled)
    consumed += next - start
    start = next
    scanned = max(scanned, start)
  }

  private func isBlank(_ range: Range<Int>) -> Bool {
    for index in range {
      switch buffer[index] {
      case 0x20, 0x09, 0x0D: continue
      default: return false
      }
    }
    return true
  }

  private func countLineFeeds(_ range: Range<Int>) -> Int {
    var count = 0
    for index in range where buffer[index] == 0x0A { count += 1 }
    return count
  }
}
