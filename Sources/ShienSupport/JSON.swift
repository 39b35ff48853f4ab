/// A JSON value that remembers where it stood in its text, so that errors can name the line and column.
package struct JSONNode: Sendable {
  package indirect enum Value: Sendable {
    case null
    case bool(Bool)
    /// A number with its source text, so integers keep full precision and the text can be quoted in errors.
    case number(Double, text: String)
    case string(String)
    case array([JSONNode])
    case object([JSONMember])
  }

  package var value: Value
  package var location: SourceLocation
  /// For strings: true when the text holds no escapes, so a position inside the decoded string is the same number of
  /// scalars after `contentStart` in the file.
  package var isVerbatim: Bool

  /// Where a string's content begins (just after the opening quote); the value's location otherwise.
  package var contentStart: SourceLocation { if case .string = value { location.advanced(by: 1) } else { location } }

  package var kindName: String {
    switch value {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }

  package var string: String? { if case .string(let s) = value { s } else { nil } }
  package var array: [JSONNode]? { if case .array(let a) = value { a } else { nil } }
  package var object: [JSONMember]? { if case .object(let o) = value { o } else { nil } }
  package var bool: Bool? { if case .bool(let b) = value { b } else { nil } }
  package var number: Double? { if case .number(let d, _) = value { d } else { nil } }
  package var isNull: Bool { if case .null = value { true } else { false } }

  /// The member with this key, for objects.
  package subscript(key: String) -> JSONNode? {
    guard case .object(let members) = value else { return nil }
    for member in members where member.key == key { return member.node }
    return nil
  }
}

package struct JSONMember: Sendable {
  package var key: String
  package var keyLocation: SourceLocation
  package var node: JSONNode
}

/// Why a JSON text could not be read, and where.
package struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
  package var location: SourceLocation
  package var message: String

  package var description: String { "\(location): \(message)" }
}

/// Reads JSON (RFC 8259) from UTF-8 bytes with line and column for every value.
///
/// Built for untrusted input: nesting deeper than `maxDepth` is refused, invalid UTF-8 and control characters in strings
/// are errors, and duplicate keys in an object are errors rather than silently overwritten.
package struct JSONReader {
  package static let defaultMaxDepth = 64

  private let bytes: [UInt8]
  private var index = 0
  private var line = 1
  private var column = 1
  private let maxDepth: Int

  private init(bytes: [UInt8], maxDepth: Int) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  /// Parses one JSON document; anything but white space after it is an error.
  package static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSONNode {
    var reader = JSONReader(bytes: bytes, maxDepth: maxDepth)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
    reader.skipWhitespace()
    guard reader.index < bytes.count else { throw reader.error("empty input: expected a JSON value") }
    let node = try reader.parseValue(depth: 0)
    reader.skipWhitespace()
    if reader.index < bytes.count { throw reader.error("unexpected text after the JSON value") }
    return node
  }

  package static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSONNode {
    try parse(Array(text.utf8), maxDepth: maxDepth)
  }

  private var location: SourceLocation { SourceLocation(line: line, column: column) }

  private func error(_ message: String, at location: SourceLocation? = nil) -> JSONSyntaxError {
    JSONSyntaxError(location: location ?? self.location, message: message)
  }

  private mutating func advance() {
    let byte = bytes[index]
    index += 1
    if byte == 0x0A {
      line += 1
      column = 1
    } else if byte & 0xC0 != 0x80 {
      column += 1
    }
  }

  private mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: advance()
      default: return
      }
    }
  }

  private mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONNode {
    let start = location
    guard index < bytes.count else { throw error("unexpected end of input: expected a value") }
    switch bytes[index] {
    case UInt8(ascii: "{"):
      guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
      return try parseObject(depth: depth + 1)
    case UInt8(ascii: "["):
      guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
      return try parseArray(depth: depth + 1)
    case UInt8(ascii: "\""):
      let (text, verbatim) = try parseString()
      return JSONNode(value: .string(text), location: start, isVerbatim: verbatim)
    case UInt8(ascii: "t"):
      try expectWord("true")
      return JSONNode(value: .bool(true), location: start, isVerbatim: true)
    case UInt8(ascii: "f"):
      try expectWord("false")
      return JSONNode(value: .bool(false), location: start, isVerbatim: true)
    case UInt8(ascii: "n"):
      try expectWord("null")
      return JSONNode(value: .null, location: start, isVerbatim: true)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return try parseNumber()
    case UInt8(ascii: "'"):
      throw error("strings take double quotes in JSON, not single quotes")
    default:
      throw error("unexpected \(describeByte(at: index)): expected a value")
    }
  }

  private func describeByte(at position: Int) -> String {
    let byte = bytes[position]
    if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
    if byte == 0 { return "NUL byte" }
    if byte < 0x20 || byte == 0x7F { return "control character" }
    return "character"
  }

  private mutating func expectWord(_ word: String) throws(JSONSyntaxError) {
    let start = location
    for expected in word.utf8 {
      guard index < bytes.count, bytes[index] == expected else {
        throw error("invalid literal: expected '\(word)'", at: start)
      }
      advance()
    }
  }

  private mutating func parseNumber() throws(JSONSyntaxError) -> JSONNode {
    let start = location
    let first = index
    if bytes[index] == UInt8(ascii: "-") { advance() }
    func digits(_ reader: inout JSONReader) -> Int {
      var count = 0
      while reader.index < reader.bytes.count, (48...57).contains(reader.bytes[reader.index]) {
        reader.advance()
        count += 1
      }
      return count
    }
    let leadingZero = index < bytes.count && bytes[index] == UInt8(ascii: "0")
    let intDigits = digits(&self)
    guard intDigits > 0 else { throw error("invalid number: expected a digit", at: start) }
    if leadingZero && intDigits > 1 { throw error("invalid number: leading zeros are not allowed", at: start) }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      advance()
      guard digits(&self) > 0 else { throw error("invalid number: expected a digit after '.'", at: start) }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      advance()
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { advance() }
      guard digits(&self) > 0 else { throw error("invalid number: expected a digit in the exponent", at: start) }
    }
    let text = String(decoding: bytes[first..<index], as: UTF8.self)
    guard index - first <= 400, let value = Double(text), value.isFinite else {
      throw error("number out of range", at: start)
    }
    return JSONNode(value: .number(value, text: text), location: start, isVerbatim: true)
  }

  /// Reads a string literal; returns its text and whether it contained no escapes.
  ///
  /// Text without escapes (nearly all of it) is decoded in one go from the input, which was validated on the way.
  private mutating func parseString() throws(JSONSyntaxError) -> (String, Bool) {
    let start = location
    advance()  // opening quote
    var unescaped: [UInt8]?
    var runStart = index
    while true {
      guard index < bytes.count else { throw error("unterminated string", at: start) }
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        let text: String
        if var unescaped {
          unescaped.append(contentsOf: bytes[runStart..<index])
          text = String(decoding: unescaped, as: UTF8.self)
        } else {
          text = bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[runStart..<index]), as: UTF8.self)
          }
        }
        advance()
        return (text, unescaped == nil)
      }
      if byte == UInt8(ascii: "\\") {
        var scalars = unescaped ?? []
        unescaped = nil  // keep the buffer uniquely referenced: appending must not copy it
        scalars.append(contentsOf: bytes[runStart..<index])
        let escapeLocation = location
        advance()
        guard index < bytes.count else { throw error("unterminated string", at: start) }
        let escaped = bytes[index]
        advance()
        switch escaped {
        case UInt8(ascii: "\""): scalars.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): scalars.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): scalars.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): scalars.append(0x08)
        case UInt8(ascii: "f"): scalars.append(0x0C)
        case UInt8(ascii: "n"): scalars.append(0x0A)
        case UInt8(ascii: "r"): scalars.append(0x0D)
        case UInt8(ascii: "t"): scalars.append(0x09)
        case UInt8(ascii: "u"):
          var code = try hex4(at: escapeLocation)
          if (0xD800...0xDBFF).contains(code) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw error("invalid \\u escape: lone surrogate", at: escapeLocation) }
            advance()
            advance()
            let low = try hex4(at: escapeLocation)
            guard (0xDC00...0xDFFF).contains(low) else {
              throw error("invalid \\u escape: lone surrogate", at: escapeLocation)
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          } else if (0xDC00...0xDFFF).contains(code) {
            throw error("invalid \\u escape: lone surrogate", at: escapeLocation)
          }
          guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape", at: escapeLocation) }
          scalars.append(contentsOf: UTF8.encode(scalar)!)
        default:
          throw error("invalid escape '\\\(Character(Unicode.Scalar(escaped)))'", at: escapeLocation)
        }
        unescaped = scalars
        runStart = index
        continue
      }
      if byte < 0x20 {
        throw error(byte == 0 ? "NUL byte in string" : "control character in string (escape it, e.g. '\\n')")
      }
      if byte < 0x80 {
        // A run of plain ASCII: one column per byte, no line break possible.
        var end = index + 1
        while end < bytes.count, bytes[end] >= 0x20, bytes[end] < 0x80, bytes[end] != 0x22, bytes[end] != 0x5C {
          end += 1
        }
        column += end - index
        index = end
        continue
      }
      try validateUTF8Sequence()
    }
  }

  private mutating func hex4(at escapeLocation: SourceLocation) throws(JSONSyntaxError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard index < bytes.count else { throw error("invalid \\u escape", at: escapeLocation) }
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case 48...57: digit = UInt32(byte - 48)
      case 65...70: digit = UInt32(byte - 55)
      case 97...102: digit = UInt32(byte - 87)
      default: throw error("invalid \\u escape: expected 4 hex digits", at: escapeLocation)
      }
      value = value * 16 + digit
      advance()
    }
    return value
  }

  /// Checks one multi-byte UTF-8 sequence at `index` (overlongs, surrogates and values past U+10FFFF are invalid).
  private mutating func validateUTF8Sequence() throws(JSONSyntaxError) {
    let lead = bytes[index]
    let length: Int
    let minimum: UInt32
    switch lead {
    case 0xC2...0xDF: (length, minimum) = (2, 0x80)
    case 0xE0...0xEF: (length, minimum) = (3, 0x800)
    case 0xF0...0xF4: (length, minimum) = (4, 0x10000)
    default: throw error("invalid UTF-8 byte")
    }
    guard index + length <= bytes.count else { throw error("invalid UTF-8: truncated sequence") }
    var code = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
    for offset in 1..<length {
      let byte = bytes[index + offset]
      guard byte & 0xC0 == 0x80 else { throw error("invalid UTF-8: bad continuation byte") }
      code = code << 6 | UInt32(byte & 0x3F)
    }
    guard code >= minimum, code <= 0x10FFFF, !(0xD800...0xDFFF).contains(code) else {
      throw error("invalid UTF-8 sequence")
    }
    for _ in 0..<length { advance() }
  }

  private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONNode {
    let start = location
    advance()
    var elements: [JSONNode] = []
    elements.reserveCapacity(8)
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      advance()
      return JSONNode(value: .array(elements), location: start, isVerbatim: true)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue(depth: depth))
      skipWhitespace()
      guard index < bytes.count else { throw error("unterminated array: expected ',' or ']'") }
      if bytes[index] == UInt8(ascii: ",") {
        advance()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { throw error("trailing comma in array") }
        continue
      }
      if bytes[index] == UInt8(ascii: "]") {
        advance()
        return JSONNode(value: .array(elements), location: start, isVerbatim: true)
      }
      throw error("expected ',' or ']' after an array element, found \(describeByte(at: index))")
    }
  }

  private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONNode {
    let start = location
    advance()
    var members: [JSONMember] = []
    members.reserveCapacity(16)  // growing one by one would copy the members four times over
    // Only once the object is large: a scan of a few dozen keys (a member has about 20) is cheaper than hashing.
    var seen = Set<String>()
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      advance()
      return JSONNode(value: .object(members), location: start, isVerbatim: true)
    }
    while true {
      skipWhitespace()
      let keyLocation = location
      guard index < bytes.count else { throw error("unterminated object: expected a key") }
      guard bytes[index] == UInt8(ascii: "\"") else {
        if bytes[index] == UInt8(ascii: "}") { throw error("trailing comma in object") }
        throw error("expected a key in double quotes, found \(describeByte(at: index))")
      }
      let (key, _) = try parseString()
      let isDuplicate: Bool
      if members.count < 32 {
        let length = key.utf8.count
        isDuplicate = members.contains { $0.key.utf8.count == length && $0.key == key }
      } else {
        if seen.isEmpty { seen = Set(members.map(\.key)) }
        isDuplicate = !seen.insert(key).inserted
      }
      guard !isDuplicate else { throw error("duplicate key '\(key)'", at: keyLocation) }
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw error("expected ':' after key '\(key)'")
      }
      advance()
      skipWhitespace()
      let value = try parseValue(depth: depth)
      members.append(JSONMember(key: key, keyLocation: keyLocation, node: value))
      skipWhitespace()
      guard index < bytes.count else { throw error("unterminated object: expected ',' or '}'") }
      if bytes[index] == UInt8(ascii: ",") {
        advance()
        continue
      }
      if bytes[index] == UInt8(ascii: "}") {
        advance()
        return JSONNode(value: .object(members), location: start, isVerbatim: true)
      }
      throw error("expected ',' or '}' after a member, found \(describeByte(at: index))")
    }
  }
}

/// Writes compact or indented JSON text, escaping as RFC 8259 requires and leaving non-ASCII text as it is.
///
/// The text is built as UTF-8 bytes (`bytes`), which a batch run hands to `write` as they are; `output` is the same
/// text as a `String`.
package struct JSONWriter {
  package private(set) var bytes: [UInt8] = []
  private let isPretty: Bool
  private var depth = 0
  private var needsComma: [Bool] = [false]

  package init(pretty: Bool = false) {
    isPretty = pretty
    bytes.reserveCapacity(pretty ? 4096 : 1024)
  }

  package var output: String { String(decoding: bytes, as: UTF8.self) }

  private mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  private mutating func prepareValue() {
    if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
    needsComma[needsComma.count - 1] = true
    if isPretty, depth > 0 { newline() }
  }

  private mutating func newline() {
    guard isPretty else { return }
    bytes.append(0x0A)
    for _ in 0..<depth { append("  ") }
  }

  package mutating func beginObject() {
    prepareScalar()
    bytes.append(UInt8(ascii: "{"))
    depth += 1
    needsComma.append(false)
  }

  package mutating func endObject() {
    depth -= 1
    if needsComma.removeLast() { newline() }
    bytes.append(UInt8(ascii: "}"))
  }

  package mutating func beginArray() {
    prepareScalar()
    bytes.append(UInt8(ascii: "["))
    depth += 1
    needsComma.append(false)
  }

  package mutating func endArray() {
    depth -= 1
    if needsComma.removeLast() { newline() }
    bytes.append(UInt8(ascii: "]"))
  }

  /// Writes the key of the next object member; the value follows with one of the value writers.
  package mutating func key(_ key: String) {
    prepareValue()
    JSONWriter.appendQuoted(key, to: &bytes)
    if isPretty { append(": ") } else { bytes.append(UInt8(ascii: ":")) }
    needsComma[needsComma.count - 1] = false
    pendingKey = true
  }

  private var pendingKey = false

  private mutating func prepareScalar() {
    if pendingKey {
      pendingKey = false
      needsComma[needsComma.count - 1] = true
    } else {
      prepareValue()
    }
  }

  package mutating func string(_ value: String) {
    prepareScalar()
    JSONWriter.appendQuoted(value, to: &bytes)
  }

  package mutating func number(_ value: Double) {
    prepareScalar()
    bytes.append(contentsOf: JSONWriter.format(value).utf8)
  }

  package mutating func integer(_ value: Int) {
    prepareScalar()
    bytes.append(contentsOf: String(value).utf8)
  }

  package mutating func bool(_ value: Bool) {
    prepareScalar()
    if value { append("true") } else { append("false") }
  }

  package mutating func null() {
    prepareScalar()
    append("null")
  }

  /// Appends object members already written as compact JSON (`"a":1,"b":[2]`), such as ones rendered once for many
  /// documents.
  package mutating func rawMembers(_ members: [UInt8]) {
    precondition(!isPretty && !pendingKey, "raw members go into a compact object")
    if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
    bytes.append(contentsOf: members)
    needsComma[needsComma.count - 1] = true
  }

  /// Writes `"key": "value"`, or `"key": null` when the value is nil.
  package mutating func field(_ name: String, _ value: String?) {
    key(name)
    if let value { string(value) } else { null() }
  }

  /// Writes `"key": number`, or `"key": null` when the value is nil or not finite.
  package mutating func field(_ name: String, _ value: Double?) {
    key(name)
    if let value, value.isFinite { number(value) } else { null() }
  }

  package mutating func field(_ name: String, _ value: Bool) {
    key(name)
    bool(value)
  }

  /// Integers print without a fraction; other numbers with the shortest text that reads back the same.
  package static func format(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    if !value.isFinite { return "null" }
    return "\(value)"
  }

  /// Appends `text` in quotes, escaping quotes, backslashes and control characters (`\n`, `\u001b`).
  /// The lowercase hexadecimal digit of the low four bits of `value`.
  private static func hexDigit(_ value: UInt32) -> UInt8 {
    let digit = UInt8(value & 0xF)
    return digit < 10 ? 0x30 + digit : 0x57 + digit
  }

  package static func appendQuoted(_ text: String, to output: inout [UInt8]) {
    output.append(0x22)
    var text = text
    text.withUTF8 { utf8 in
      var runStart = 0
      var skip = 0
      for index in 0..<utf8.count {
        if skip > 0 {
          skip -= 1
          continue
        }
        let byte = utf8[index]
        if byte >= 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x5C { continue }
        if byte >= 0x80 {
          // DEL, C1 controls (U+0080–U+009F) and bidirectional overrides (U+202A–U+202E, U+2066–U+2069) are
          // written as \u escapes: the same text, which cannot steer a terminal it is printed on.
          var scalar: UInt32?
          if byte == 0xC2, index + 1 < utf8.count, (0x80...0x9F).contains(utf8[index + 1]) {
            scalar = UInt32(utf8[index + 1])
            skip = 1
          } else if byte == 0xE2, index + 2 < utf8.count {
            let (second, third) = (utf8[index + 1], utf8[index + 2])
            if (second == 0x80 && (0xAA...0xAE).contains(third)) || (second == 0x81 && (0xA6...0xA9).contains(third)) {
              scalar = 0x2000 | UInt32(second & 0x03) << 6 | UInt32(third & 0x3F)
              skip = 2
            }
          }
          guard let scalar else { continue }
          output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
          runStart = index + 1 + skip
          output += [0x5C, UInt8(ascii: "u")]
          for shift: UInt32 in [12, 8, 4, 0] { output.append(hexDigit(scalar >> shift)) }
          continue
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
        runStart = index + 1
        output.append(0x5C)
        switch byte {
        case 0x22: output.append(0x22)
        case 0x5C: output.append(0x5C)
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        default:
          output += [UInt8(ascii: "u"), 0x30, 0x30, hexDigit(UInt32(byte >> 4)), hexDigit(UInt32(byte))]
        }
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
    }
    output.append(0x22)
  }
}
