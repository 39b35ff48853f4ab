/// A problem found in a file, with the place it was found and, where one helps, a suggestion.
///
/// Messages are lowercase with no final period and put code in single quotes, like swift-syntax's.
package struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
  package enum Severity: String, Sendable {
    case error, warning, note
  }

  package var severity: Severity
  package var file: String
  package var range: SourceRange?
  package var message: String

  package init(_ severity: Severity = .error, file: String, range: SourceRange?, message: String) {
    self.severity = severity
    self.file = file
    self.range = range
    self.message = message
  }

  package init(_ severity: Severity = .error, file: String, at location: SourceLocation?, message: String) {
    self.init(severity, file: file, range: location.map { SourceRange(start: $0, length: 1) }, message: message)
  }

  /// `file:line:column: error: message`.
  package var description: String {
    if let range { return "\(file):\(range.start): \(severity.rawValue): \(message)" }
    return "\(file): \(severity.rawValue): \(message)"
  }

  /// The one-line description followed by the source line and a caret under the range, drawn by display width so
  /// that it lines up under Japanese text.
  package func rendered(sourceLines: [Substring]?) -> String {
    guard let range, let lines = sourceLines, range.start.line >= 1, range.start.line <= lines.count else {
      return description
    }
    let line = lines[range.start.line - 1]
    let scalars = Array(line.unicodeScalars)
    let startIndex = min(max(0, range.start.column - 1), scalars.count)
    let endIndex = min(scalars.count, startIndex + range.length)
    var prefixWidth = 0
    for scalar in scalars[..<startIndex] { prefixWidth += scalar == "\t" ? 1 : DisplayWidth.of(scalar) }
    var markWidth = 0
    for scalar in scalars[startIndex..<endIndex] { markWidth += DisplayWidth.of(scalar) }
    let gutter = String(range.start.line)
    let pad = String(repeating: " ", count: gutter.count)
    let text = String(String.UnicodeScalarView(scalars.map { $0 == "\t" ? " " : $0 }))
    let marker = "^" + String(repeating: "~", count: max(0, markWidth - 1))
    return "\(description)\n \(gutter) | \(text)\n \(pad) | \(String(repeating: " ", count: prefixWidth))\(marker)"
  }
}

/// Close spellings, for "did you mean" hints: the candidate with the least edit distance, if it is close enough.
/// The longest word, in UTF-8 bytes, that ``closestMatch(to:in:)`` looks for a near spelling of.
package let maxSuggestedLength = 256

package func closestMatch(to word: String, in candidates: some Sequence<String>) -> String? {
  // Nobody mistypes 256 characters: longer words (or candidates) get no hint, so the work stays small.
  guard word.utf8.count <= maxSuggestedLength else { return nil }
  let target = Array(word.unicodeScalars)
  let limit = max(1, min(3, (target.count + 2) / 3))
  var best: (String, Int)?
  for candidate in candidates {
    let scalars = Array(candidate.unicodeScalars)
    // The distance is at least the difference in length, so a 10 MB word costs no more than its length.
    guard candidate.utf8.count <= maxSuggestedLength, abs(scalars.count - target.count) <= limit else { continue }
    let distance = editDistance(target, scalars)
    if best == nil || distance < best!.1 { best = (candidate, distance) }
  }
  guard let (match, distance) = best else { return nil }
  return distance <= limit ? match : nil
}

/// The optimal string alignment distance between two scalar sequences (for "did you mean" and search suggestions).
package func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  // Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
  var older = Array(repeating: 0, count: b.count + 1)
  var previous = Array(0...b.count)
  var current = Array(repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], older[j - 2] + 1) }
    }
    (older, previous, current) = (previous, current, older)
  }
  return previous[b.count]
}
