import ShienCatalog
import ShienMatching
import ShienSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Why an earlier run's output could not be read for `--since`.
package struct PreviousRunError: Error, Equatable, Sendable, CustomStringConvertible {
  package var line: Int?
  package var message: String

  package var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// An earlier `shien batch` run's answers, by household id, for `--since`: status and amount per listed measure.
///
/// Built for prefecture-sized runs: the answers are packed into one byte array (about 30 bytes per household with
/// two listed measures, plus its id) under an open-addressing table of 4-byte offsets, so a million households take
/// some 50 MB rather than a dictionary of objects. Read-only once loaded, so worker threads share it.
package final class PreviousRun: Sendable {
  /// The measure ids seen, by index.
  package let measureIDs: [String]
  private let arena: [UInt8]
  /// Entry offset + 1 into `arena` per slot; 0 for an empty slot.
  private let slots: [UInt32]
  /// Households with an id.
  package let count: Int
  /// Ids that appeared more than once (the first is kept).
  package let duplicates: Int
  /// Lines without a household id (they cannot be compared).
  package let withoutID: Int

  private init(
    measureIDs: [String], arena: [UInt8], slots: [UInt32], count: Int, duplicates: Int, withoutID: Int
  ) {
    self.measureIDs = measureIDs
    self.arena = arena
    self.slots = slots
    self.count = count
    self.duplicates = duplicates
    self.withoutID = withoutID
  }

  /// Bytes held, for the memory note in the README.
  package var footprint: Int { arena.count + slots.count * 4 }

  /// The earlier answers of the household with this id, and its ordinal (its place in the earlier run).
  package func lookup(_ id: String) -> (ordinal: Int, outcomes: [(String, MeasureOutcome)])? {
    var key = id
    return key.withUTF8 { idBytes in
      guard let offset = find(idBytes, hash: fnv1a64(idBytes)) else { return nil }
      var reader = ArenaReader(bytes: arena, offset: offset)
      _ = reader.lengthPrefixed()
      return (reader.varint(), readOutcomes(&reader))
    }
  }

  /// Every household of the earlier run, in its order: ordinal, id, answers.
  package func forEach(_ body: (Int, String, [(String, MeasureOutcome)]) -> Void) {
    var reader = ArenaReader(bytes: arena, offset: 0)
    while reader.offset < arena.count {
      let id = String(decoding: reader.lengthPrefixed(), as: UTF8.self)
      let ordinal = reader.varint()
      body(ordinal, id, readOutcomes(&reader))
    }
  }

  private func readOutcomes(_ reader: inout ArenaReader) -> [(String, MeasureOutcome)] {
    let count = reader.varint()
    var outcomes: [(String, MeasureOutcome)] = []
    outcomes.reserveCapacity(count)
    for _ in 0..<count {
      let measure = measureIDs[reader.varint()]
      let flags = reader.byte()
      let status: MeasureResult.Status = [.eligible, .maybe, .ineligible][Int(flags & 3)]
      var amount: MeasureOutcome.Amount?
      if flags & 4 != 0 {
        let min = reader.number()
        let max = reader.number()
        amount = MeasureOutcome.Amount(min: min, max: max, per: Measure.Period.allCases[Int(flags >> 3)])
      }
      outcomes.append((measure, MeasureOutcome(status: status, amount: amount)))
    }
    return outcomes
  }

  private func find(_ id: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 {
      let offset = Int(slots[slot] - 1)
      var reader = ArenaReader(bytes: arena, offset: offset)
      let length = reader.varint()
      if length == id.count,
        arena.withUnsafeBufferPointer({ memcmp($0.baseAddress! + reader.offset, id.baseAddress!, length) == 0 })
      {
        return offset
      }
      slot = (slot + 1) & mask
    }
    return nil
  }

  /// Reads an earlier run's output: JSON Lines results, or the CSV result rows (`id`, `measure`, `status`,
  /// `amount_min`, `amount_max`, `per`), in `format`.
  package static func load(
    _ reader: inout RecordReader<some ByteSource>, format: BatchFormat
  ) throws(PreviousRunError) -> PreviousRun {
    var builder = Builder()
    var csvColumns: [String: Int]?
    var pending: (id: String, line: Int, outcomes: [(String, MeasureOutcome)])?
    while true {
      let chunk: InputChunk?
      do {
        chunk = try reader.nextChunk()
      } catch {
        throw PreviousRunError(
          line: nil, message: error == .interrupted ? "interrupted" : systemErrorMessage(errorCode(error)))
      }
      guard let chunk else { break }
      for record in chunk.records {
        if record.isTooLong {
          throw PreviousRunError(line: record.line, message: "line longer than \(reader.maxRecordBytes) bytes")
        }
        let bytes = chunk.bytes(of: record)
        switch format {
        case .jsonl:
          let (id, outcomes) = try parseResultLine(Array(bytes), line: record.line)
          try builder.add(id: id, outcomes: outcomes, line: record.line)
        case .csv:
          let row: CSVRecord
          do {
            row = try bytes.withUnsafeBufferPointer { buffer throws(CSVError) in try CSVRecord.parse(buffer) }
          } catch {
            throw PreviousRunError(line: record.line, message: error.description)
          }
          guard let columns = csvColumns else {
            csvColumns = try resultColumns(row, line: record.line)
            continue
          }
          let (id, outcome) = try parseResultRow(row, columns: columns, line: record.line)
          if let current = pending, current.id == id {
            if let outcome { pending!.outcomes.append(outcome) }
          } else {
            if let current = pending { try builder.add(id: current.id, outcomes: current.outcomes, line: current.line) }
            pending = (id, record.line, outcome.map { [$0] } ?? [])
          }
        }
      }
    }
    if let current = pending { try builder.add(id: current.id, outcomes: current.outcomes, line: current.line) }
    return builder.build()
  }

  private static func errorCode(_ failure: ReadFailure) -> Int32 {
    if case .system(let code) = failure { return code }
    return 0
  }

  private static func parseResultLine(_ bytes: [UInt8], line: Int) throws(PreviousRunError) -> (
    String?, [(String, MeasureOutcome)]
  ) {
    let root: JSONNode
    do {
      root = try JSONReader.parse(bytes)
    } catch {
      throw PreviousRunError(line: line, message: "column \(error.location.column): \(error.message)")
    }
    func wrong(_ what: String) -> PreviousRunError {
      PreviousRunError(line: line, message: "not a 'shien batch' result line: \(what)")
    }
    guard root.object != nil, let measures = root["measures"]?.array else { throw wrong("no 'measures' array") }
    var id: String?
    if let node = root["household"]?["id"] {
      switch node.value {
      case .string(let text): id = text
      case .number(_, let text): id = text
      default: id = nil
      }
    }
    var outcomes: [(String, MeasureOutcome)] = []
    for measure in measures {
      guard let measureID = measure["id"]?.string, let statusText = measure["status"]?.string,
        let status = MeasureResult.Status(rawValue: statusText)
      else { throw wrong("a measure without 'id' and 'status'") }
      var amount: MeasureOutcome.Amount?
      if let node = measure["amount"], !node.isNull {
        guard let min = node["min"]?.number, let perText = node["per"]?.string,
          let per = Measure.Period(rawValue: perText)
        else { throw wrong("an amount without 'min' and 'per'") }
        amount = MeasureOutcome.Amount(min: min, max: node["max"]?.number ?? .infinity, per: per)
      }
      outcomes.append((measureID, MeasureOutcome(status: status, amount: amount)))
    }
    return (id, outcomes)
  }

  private static let csvNames = ["id", "measure", "status", "amount_min", "amount_max", "per"]

  private static func resultColumns(_ header: CSVRecord, line: Int) throws(PreviousRunError) -> [String: Int] {
    var columns: [String: Int] = [:]
    for (index, name) in header.fields.enumerated() { columns[ResultCSV.englishColumn[name] ?? name] = index }
    for name in csvNames where columns[name] == nil {
      throw PreviousRunError(line: line, message: "not a 'shien batch' CSV result: no column '\(name)'")
    }
    return columns
  }

  private static func parseResultRow(_ row: CSVRecord, columns: [String: Int], line: Int) throws(PreviousRunError)
    -> (String, (String, MeasureOutcome)?)
  {
    func field(_ name: String) -> String {
      let index = columns[name]!
      return index < row.count ? (row.text(index) ?? "") : ""
    }
    let id = CSVWriter.original(field("id"))
    let measure = field("measure")
    if measure.isEmpty { return (id, nil) }  // a household with no measure listed
    guard let status = ResultCSV.status(field("status")) else {
      throw PreviousRunError(line: line, message: "unknown status '\(field("status"))'")
    }
    var amount: MeasureOutcome.Amount?
    if !field("amount_min").isEmpty {
      guard let min = Double(field("amount_min")), let per = ResultCSV.period(field("per")) else {
        throw PreviousRunError(line: line, message: "unreadable amount '\(field("amount_min"))' per '\(field("per"))'")
      }
      amount = MeasureOutcome.Amount(min: min, max: Double(field("amount_max")) ?? .infinity, per: per)
    }
    return (id, (measure, MeasureOutcome(status: status, amount: amount)))
  }

  /// Packs households into the arena and the table as they are read.
  private struct Builder {
    var measureIDs: [String] = []
    var measureIndex: [String: Int] = [:]
    var arena: [UInt8] = []
    var slots = [UInt32](repeating: 0, count: 1024)
    var count = 0
    var duplicates = 0
    var withoutID = 0

    mutating func add(id: String?, outcomes: [(String, MeasureOutcome)], line: Int) throws(PreviousRunError) {
      guard var id, !id.isEmpty else {
        withoutID += 1
        return
      }
      if (count + 1) * 10 > slots.count * 7 { grow() }
      let hash = id.withUTF8 { fnv1a64($0) }
      let mask = slots.count - 1
      var slot = Int(truncatingIfNeeded: hash) & mask
      while slots[slot] != 0 {
        if sameID(at: Int(slots[slot] - 1), id) {
          duplicates += 1
          return
        }
        slot = (slot + 1) & mask
      }
      guard arena.count < Int(UInt32.max) - 1 << 20 else {
        throw PreviousRunError(line: line, message: "the earlier run is too large to compare (over 4 GB of answers)")
      }
      slots[slot] = UInt32(arena.count + 1)
      id.withUTF8 { bytes in
        putVarint(UInt64(bytes.count))
        arena.append(contentsOf: bytes)
      }
      putVarint(UInt64(count))
      putVarint(UInt64(outcomes.count))
      for (measure, outcome) in outcomes {
        let index: Int
        if let known = measureIndex[measure] {
          index = known
        } else {
          index = measureIDs.count
          measureIDs.append(measure)
          measureIndex[measure] = index
        }
        putVarint(UInt64(index))
        let status: UInt8 =
          switch outcome.status {
          case .eligible: 0
          case .maybe: 1
          case .ineligible: 2
          }
        if let amount = outcome.amount {
          let per = UInt8(Measure.Period.allCases.firstIndex(of: amount.per)!)
          arena.append(status | 4 | per << 3)
          putNumber(amount.min)
          putNumber(amount.max)
        } else {
          arena.append(status)
        }
      }
      count += 1
    }

    func sameID(at offset: Int, _ id: String) -> Bool {
      var reader = ArenaReader(bytes: arena, offset: offset)
      return reader.lengthPrefixed().elementsEqual(id.utf8)
    }

    mutating func grow() {
      let old = slots
      slots = [UInt32](repeating: 0, count: old.count * 2)
      let mask = slots.count - 1
      for value in old where value != 0 {
        var reader = ArenaReader(bytes: arena, offset: Int(value - 1))
        var slot = Int(truncatingIfNeeded: fnv1a64(reader.lengthPrefixed())) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = value
      }
    }

    mutating func putVarint(_ value: UInt64) {
      var v = value
      while v >= 0x80 {
        arena.append(UInt8(v & 0x7F) | 0x80)
        v >>= 7
      }
      arena.append(UInt8(v))
    }

    /// Whole yen as a zigzag varint shifted left one bit; anything else as a 1 and the 8 bytes of the double.
    mutating func putNumber(_ value: Double) {
      if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
        let integer = Int64(value)
        putVarint(UInt64(bitPattern: (integer << 1) ^ (integer >> 63)) << 1)
      } else {
        putVarint(1)
        for shift in stride(from: 0, to: 64, by: 8) {
          arena.append(UInt8(truncatingIfNeeded: value.bitPattern >> shift))
        }
      }
    }

    func build() -> PreviousRun {
      PreviousRun(
        measureIDs: measureIDs, arena: arena, slots: slots, count: count, duplicates: duplicates, withoutID: withoutID)
    }
  }
}

/// Reads what `PreviousRun.Builder` packed.
private struct ArenaReader {
  let bytes: [UInt8]
  var offset: Int

  mutating func byte() -> UInt8 {
    defer { offset += 1 }
    return bytes[offset]
  }

  mutating func varint() -> Int { Int(truncatingIfNeeded: varint64()) }

  mutating func varint64() -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let byte = bytes[offset]
      offset += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
  }

  mutating func lengthPrefixed() -> ArraySlice<UInt8> {
    let length = varint()
    defer { offset += length }
    return bytes[offset..<offset + length]
  }

  mutating func number() -> Double {
    let head = varint64()
    if head & 1 == 0 {
      let zigzag = head >> 1
      return Double(Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
    }
    var bits: UInt64 = 0
    for shift in stride(from: 0, to: 64, by: 8) {
      bits |= UInt64(bytes[offset]) << UInt64(shift)
      offset += 1
    }
    return Double(bitPattern: bits)
  }
}
