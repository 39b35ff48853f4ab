/// Why a CSV record could not be read: the field (1-based) and what is wrong with it.
package struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
  package var field: Int
  package var message: String

  package init(field: Int, message: String) {
    self.field = field
    self.message = message
  }

  package var description: String { "column \(field): \(message)" }
}

/// One CSV record (RFC 4180) split into its fields, with quotes removed and doubled quotes undone.
///
/// The fields' bytes are kept end to end in one array; a field is read as text only when asked for.
package struct CSVRecord: Sendable, Equatable {
  /// The longest field accepted, in bytes.
  package static let defaultMaxFieldBytes = 64 << 10

  package private(set) var bytes: [UInt8] = []
  package private(set) var ends: [Int] = []

  package init() {}

  package init(_ fields: [String]) {
    for field in fields {
      bytes.append(contentsOf: field.utf8)
      ends.append(bytes.count)
    }
  }

  package var count: Int { ends.count }

  package func range(_ index: Int) -> Range<Int> { (index == 0 ? 0 : ends[index - 1])..<ends[index] }

  package func isEmpty(_ index: Int) -> Bool { range(index).isEmpty }

  /// True when every field is empty (a blank line, or a row of commas).
  package var isBlank: Bool { bytes.isEmpty }

  /// The field as text, or nil when it is not valid UTF-8.
  package func text(_ index: Int) -> String? {
    bytes.withUnsafeBufferPointer { buffer in
      let field = UnsafeBufferPointer(rebasing: buffer[range(index)])
      // ASCII needs no checking; anything else is checked, so that a Shift_JIS file is refused, not garbled.
      if field.allSatisfy({ $0 < 0x80 }) { return String(decoding: field, as: UTF8.self) }
      return String(validating: field, as: UTF8.self)
    }
  }

  /// The fields as text (invalid UTF-8 replaced), for tests and headers.
  package var fields: [String] { (0..<count).map { String(decoding: bytes[range($0)], as: UTF8.self) } }

  /// Parses one record given without its final line feed; a final carriage return is dropped. A quote inside an
  /// unquoted field is kept as it is; text after a closing quote, an unterminated quote and a field longer than
  /// `maxFieldBytes` are errors.
  package static func parse(
    _ input: UnsafeBufferPointer<UInt8>, maxFieldBytes: Int = defaultMaxFieldBytes
  ) throws(CSVError) -> CSVRecord {
    var record = CSVRecord()
    var end = input.count
    if end > 0, input[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    var index = 0
    let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
    record.bytes.reserveCapacity(end)
    while true {
      let field = record.ends.count + 1
      let fieldStart = record.bytes.count
      if index < end, input[index] == quote {
        index += 1
        var closed = false
        while index < end {
          let byte = input[index]
          index += 1
          if byte == quote {
            if index < end, input[index] == quote {
              record.bytes.append(quote)
              index += 1
              continue
            }
            closed = true
            break
          }
          record.bytes.append(byte)
        }
        guard closed else {
          throw CSVError(field: field, message: "unterminated quoted field (a '\"' opens it and none closes it)")
        }
        if index < end, input[index] != comma {
          throw CSVError(
            field: field, message: "text after the closing quote (double a quote inside a quoted field: \"\")")
        }
      } else {
        while index < end, input[index] != comma {
          record.bytes.append(input[index])
          index += 1
        }
      }
      if record.bytes.count - fieldStart > maxFieldBytes {
        throw CSVError(field: field, message: "field longer than \(maxFieldBytes) bytes")
      }
      record.ends.append(record.bytes.count)
      if index >= end { break }
      index += 1  // the comma
    }
    return record
  }

  package static func parse(_ text: String, maxFieldBytes: Int = defaultMaxFieldBytes) throws(CSVError) -> CSVRecord {
    let bytes = Array(text.utf8)
    return try bytes.withUnsafeBufferPointer { buffer throws(CSVError) in
      try parse(buffer, maxFieldBytes: maxFieldBytes)
    }
  }
}

/// Tells where CSV records end in a stream of bytes: at a line feed outside quotes (RFC 4180 fields may hold line
/// breaks inside quotes). Fed byte by byte, it carries its state across reads.
package struct CSVRecordSplitter: Sendable {
  private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
  private var state = State.fieldStart
  private var fields = 1
  private var lineBreaksInQuotes = 0

  /// The fields of the record `recordEnd` last ended (commas outside quotes, plus one).
  package private(set) var lastFieldCount = 0
  /// True when the record `recordEnd` last ended held a line break inside quotes.
  package private(set) var lastSpansLines = false

  /// True when the bytes fed so far end inside a quoted field (an unterminated quote at the end of the input).
  package var isInsideQuotes: Bool { state == .quoted }

  package init() {}

  /// The index of the line feed that ends the current record in `bytes[from...]`, or nil when the record goes on
  /// past `bytes`.
  package mutating func recordEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    var index = start
    let count = bytes.count
    while index < count {
      let byte = bytes[index]
      switch state {
      case .quoted:
        if byte == 0x22 {
          state = .quoteInQuoted
        } else if byte == 0x0A {
          lineBreaksInQuotes += 1
        }
      case .fieldStart, .unquoted, .quoteInQuoted:
        if byte == 0x0A {
          state = .fieldStart
          lastFieldCount = fields
          lastSpansLines = lineBreaksInQuotes > 0
          fields = 1
          lineBreaksInQuotes = 0
          return index
        }
        if byte == 0x2C {
          fields += 1
          state = .fieldStart
        } else if byte == 0x22 && state != .unquoted {
          state = .quoted
        } else {
          state = .unquoted
        }
      }
      index += 1
    }
    return nil
  }
}

/// Writes CSV (RFC 4180): fields separated by commas, quoted when they hold a comma, a quote or a line break,
/// records ended by CRLF.
package enum CSVWriter {
  package static func appendField(_ text: String, to output: inout [UInt8]) {
    var needsQuotes = false
    for byte in text.utf8 where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
      needsQuotes = true
      break
    }
    guard needsQuotes else {
      output.append(contentsOf: text.utf8)
      return
    }
    output.append(0x22)
    for byte in text.utf8 {
      if byte == 0x22 { output.append(0x22) }
      output.append(byte)
    }
    output.append(0x22)
  }

  /// Appends a whole record and its CRLF; with `neutralizingFormulas`, each field as `neutralized` makes it.
  package static func appendRecord(_ fields: [String], to output: inout [UInt8], neutralizingFormulas: Bool = false) {
    for (index, field) in fields.enumerated() {
      if index > 0 { output.append(0x2C) }
      appendField(neutralizingFormulas ? neutralized(field) : field, to: &output)
    }
    output.append(0x0D)
    output.append(0x0A)
  }

  /// The characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): `=`, `+`, `-`, `@`,
  /// tab and carriage return.
  private static func startsFormula(_ text: Substring.UTF8View) -> Bool {
    guard let first = text.first else { return false }
    return first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D
  }

  /// A cell a spreadsheet shows as text, never runs: one that starts like a formula gets a leading `'` (OWASP's
  /// advice for CSV injection). A cell that already starts with `'` before such a character gets one more, so that
  /// `original(_:)` gives back exactly what was written.
  package static func neutralized(_ text: String) -> String {
    var rest = Substring(text)
    while rest.utf8.first == 0x27 { rest = rest.dropFirst() }
    return startsFormula(rest.utf8) ? "'" + text : text
  }

  /// Undoes `neutralized`: what a cell of shien's CSV output held before it was written.
  package static func original(_ cell: String) -> String {
    guard cell.utf8.first == 0x27 else { return cell }
    var rest = Substring(cell)
    while rest.utf8.first == 0x27 { rest = rest.dropFirst() }
    return startsFormula(rest.utf8) ? String(cell.dropFirst()) : cell
  }
}
