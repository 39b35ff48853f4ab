import ShienSupport

/// A rule's text as it stood in its file: one or more lines, each with the place where it starts, so that a position
/// in the rule maps back to `file:line:column`.
package struct RuleSource: Sendable, Hashable {
  package struct Line: Sendable, Hashable {
    package var text: String
    /// Where the first scalar of `text` stands in the file.
    package var start: SourceLocation
    /// False when the JSON string had escapes, so positions inside it are approximate.
    package var isVerbatim: Bool

    package init(text: String, start: SourceLocation, isVerbatim: Bool) {
      self.text = text
      self.start = start
      self.isVerbatim = isVerbatim
    }
  }

  package var lines: [Line]

  package init(lines: [Line]) {
    self.lines = lines
  }

  /// A rule typed on one line (tests, command line): positions are columns in `text`.
  package init(_ text: String, start: SourceLocation = .start) {
    self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
      Line(
        text: String(line), start: index == 0 ? start : SourceLocation(line: start.line + index, column: 1),
        isVerbatim: true)
    }
  }

  /// The whole rule, lines joined with a newline.
  package var text: String { lines.map(\.text).joined(separator: "\n") }
}

package enum TokenKind: Equatable, Sendable {
  case identifier(String)
  case number(Double)
  case string(String)
  case date(CivilDate)
  case keyword(Keyword)
  case symbol(Symbol)
  case end
}

package enum Keyword: String, CaseIterable, Sendable {
  case and, or, not, `if`, then, elif, `else`, `true`, `false`, `in`, `where`
}

package enum Symbol: String, CaseIterable, Sendable {
  case plus = "+", minus = "-", star = "*", slash = "/"
  case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
  case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
  case comma = ",", dot = ".", colon = ":"
}

package struct Token: Equatable, Sendable {
  package var kind: TokenKind
  package var range: SourceRange

  package var spelling: String {
    switch kind {
    case .identifier(let name): name
    case .number(let value): JSONWriter.format(value)
    case .string(let text): "'\(text)'"
    case .date(let date): date.description
    case .keyword(let keyword): keyword.rawValue
    case .symbol(let symbol): symbol.rawValue
    case .end: "end of rule"
    }
  }
}

/// An error in a rule's text, with its place in the file.
package struct RuleError: Error, Equatable, Sendable, CustomStringConvertible {
  package var range: SourceRange
  package var message: String

  package init(_ message: String, at range: SourceRange) {
    self.message = message
    self.range = range
  }

  package var description: String { "\(range.start): \(message)" }
}

/// Splits a rule into tokens. Stops at the first error.
///
/// Numbers may group digits with `_` (`2_080_000`) and take a fraction (`0.0256619`); `2024-04-01` is a date; text
/// goes in single quotes (`'child'`); `#` starts a comment that runs to the end of the line.
package struct Lexer {
  package static func tokenize(_ source: RuleSource) throws(RuleError) -> [Token] {
    var tokens: [Token] = []
    for line in source.lines {
      try tokenize(line: line, into: &tokens)
    }
    let endLocation = source.lines.last.map { $0.start.advanced(by: $0.text.unicodeScalars.count) } ?? .start
    tokens.append(Token(kind: .end, range: SourceRange(start: endLocation, length: 1)))
    return tokens
  }

  private static func tokenize(line: RuleSource.Line, into tokens: inout [Token]) throws(RuleError) {
    let scalars = Array(line.text.unicodeScalars)
    var index = 0
    func range(_ from: Int, _ to: Int) -> SourceRange {
      SourceRange(start: line.start.advanced(by: from), length: to - from)
    }
    while index < scalars.count {
      let c = scalars[index]
      if c == " " || c == "\t" || c == "\r" || c == "\u{3000}" {
        index += 1
        continue
      }
      if c == "#" { break }
      let start = index
      if isIdentifierStart(c) {
        while index < scalars.count, isIdentifierPart(scalars[index]) { index += 1 }
        let word = String(String.UnicodeScalarView(scalars[start..<index]))
        let kind: TokenKind = Keyword(rawValue: word).map { .keyword($0) } ?? .identifier(word)
        tokens.append(Token(kind: kind, range: range(start, index)))
        continue
      }
      if isDigit(c) {
        if let (date, end) = dateLiteral(scalars, at: start) {
          index = end
          guard let date else { throw RuleError("impossible date", at: range(start, end)) }
          tokens.append(Token(kind: .date(date), range: range(start, end)))
          continue
        }
        var text = ""
        while index < scalars.count, isDigit(scalars[index]) || scalars[index] == "_" {
          if scalars[index] != "_" { text.unicodeScalars.append(scalars[index]) }
          index += 1
        }
        if index + 1 < scalars.count, scalars[index] == ".", isDigit(scalars[index + 1]) {
          text += "."
          index += 1
          while index < scalars.count, isDigit(scalars[index]) {
            text.unicodeScalars.append(scalars[index])
            index += 1
          }
        }
        if index < scalars.count, isIdentifierStart(scalars[index]) {
          throw RuleError("a number cannot run into a name; put a space between them", at: range(start, index + 1))
        }
        guard text.count <= 20, let value = Double(text), value < 1e15 else {
          throw RuleError("number too large", at: range(start, index))
        }
        tokens.append(Token(kind: .number(value), range: range(start, index)))
        continue
      }
      if c == "'" {
        index += 1
        var text = String.UnicodeScalarView()
        while index < scalars.count, scalars[index] != "'" {
          text.append(scalars[index])
          index += 1
        }
        guard index < scalars.count else {
          throw RuleError("unterminated text: expected a closing '", at: range(start, index))
        }
        index += 1
        tokens.append(Token(kind: .string(String(text)), range: range(start, index)))
        continue
      }
      if c == "\"" {
        throw RuleError("text in a rule takes single quotes ('child'), not double quotes", at: range(start, start + 1))
      }
      let two = index + 1 < scalars.count ? String(String.UnicodeScalarView([c, scalars[index + 1]])) : ""
      if let symbol = Symbol(rawValue: two) {
        index += 2
        tokens.append(Token(kind: .symbol(symbol), range: range(start, index)))
        continue
      }
      if let symbol = Symbol(rawValue: String(c)) {
        index += 1
        tokens.append(Token(kind: .symbol(symbol), range: range(start, index)))
        continue
      }
      if c == "=" {
        throw RuleError("'=' is not an operator; use '==' to compare", at: range(start, start + 1))
      }
      if c == "&" || c == "|" || c == "!" {
        let hint = c == "&" ? "and" : c == "|" ? "or" : "not"
        throw RuleError("unexpected '\(c)'; write '\(hint)'", at: range(start, start + 1))
      }
      throw RuleError("unexpected character '\(c)'", at: range(start, start + 1))
    }
  }

  /// `YYYY-MM-DD` at `start`: the date (nil when impossible) and the index after it; nil when the text is not
  /// date-shaped.
  private static func dateLiteral(_ s: [Unicode.Scalar], at start: Int) -> (CivilDate?, Int)? {
    guard start + 10 <= s.count else { return nil }
    let shape = [true, true, true, true, false, true, true, false, true, true]
    for (offset, isDigitPlace) in shape.enumerated() {
      let c = s[start + offset]
      if isDigitPlace ? !isDigit(c) : c != "-" { return nil }
    }
    if start + 10 < s.count, isDigit(s[start + 10]) || isIdentifierStart(s[start + 10]) { return nil }
    let text = String(String.UnicodeScalarView(s[start..<start + 10]))
    return (CivilDate(iso: text), start + 10)
  }

  private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

  private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
    (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
  }

  private static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool { isIdentifierStart(c) || isDigit(c) }
}
