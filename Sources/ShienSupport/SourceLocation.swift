/// A place in a text file: 1-based line and column, columns counted in Unicode scalars everywhere.
package struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
  package var line: Int
  package var column: Int

  package init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  package static let start = SourceLocation(line: 1, column: 1)

  package var description: String { "\(line):\(column)" }

  package static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.line, lhs.column) < (rhs.line, rhs.column)
  }

  /// The location `scalars` Unicode scalars further along the same line.
  package func advanced(by scalars: Int) -> SourceLocation {
    SourceLocation(line: line, column: column + scalars)
  }
}

/// A span on one line of a file, for underlining: `length` Unicode scalars from `start`.
package struct SourceRange: Hashable, Sendable {
  package var start: SourceLocation
  package var length: Int

  package init(start: SourceLocation, length: Int) {
    self.start = start
    self.length = max(1, length)
  }
}

/// Terminal display width of text: East Asian wide and full-width characters take two columns.
package enum DisplayWidth {
  package static func of(_ text: some StringProtocol) -> Int {
    var width = 0
    for scalar in text.unicodeScalars { width += of(scalar) }
    return width
  }

  package static func of(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
    if (0x300...0x36F).contains(v) || (0x3099...0x309A).contains(v) || v == 0x200B || (0xFE00...0xFE0F).contains(v) {
      return 0
    }
    if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
      || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
      || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
      || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
      || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    {
      return 2
    }
    return 1
  }
}
