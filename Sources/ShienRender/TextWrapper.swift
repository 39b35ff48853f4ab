import ShienSupport

/// Wraps text for a terminal by display width: Japanese characters take two columns and may break anywhere (except
/// before closing punctuation such as 、。）」 or after opening ones such as （「), Latin words break at spaces and
/// are never split (a URL longer than the line stays whole), and ANSI colour sequences take no room.
///
/// A wrapped line continues under its text, past its indentation and any list marker (`●`, `・`, `✓`, `1.`), so
/// lists stay readable.
package enum TextWrapper {
  /// Narrower than this, wrapping would do more harm than good; text is left as it is.
  package static let narrowest = 20

  /// `text` with every line wrapped to `width` columns.
  package static func wrap(_ text: String, width: Int) -> String {
    guard width >= narrowest else { return text }
    var lines: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      lines.append(wrapLine(String(line), width: width))
    }
    return lines.joined(separator: "\n")
  }

  /// The columns `text` takes on a terminal, ANSI escape sequences excluded.
  package static func visibleWidth(_ text: String) -> Int {
    var width = 0
    var inEscape = false
    for scalar in text.unicodeScalars {
      if inEscape {
        if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inEscape = false }
        continue
      }
      if scalar == "\u{1B}" {
        inEscape = true
        continue
      }
      width += DisplayWidth.of(scalar)
    }
    return width
  }

  private enum Kind { case space, wide, word, escape }

  private struct Unit {
    var text: String
    var width: Int
    var kind: Kind
  }

  /// Characters a line must not start with (行頭禁則).
  private static let noStart: Set<Unicode.Scalar> = Set(
    "、。，．・：；？！）」』】〕〉》ー々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ〜円,.:;!?)]}".unicodeScalars)
  /// Characters a line must not end with (行末禁則).
  private static let noEnd: Set<Unicode.Scalar> = Set("（「『【〔〈《([{".unicodeScalars)
  private static let markers: Set<String> = ["●", "・", "■", "✓", "✗", "?", "○", "◆", "※", "-", "*", "•", ">"]

  private static func wrapLine(_ line: String, width: Int) -> String {
    if visibleWidth(line) <= width { return line }
    let units = joiningSpacedWords(split(line), width: width)
    let hanging = min(indentation(of: units), width / 2)
    let indent = String(repeating: " ", count: hanging)
    var output: [[Unit]] = []
    var current: [Unit] = []
    var currentWidth = 0
    var hasContent = false
    var isFirstLine = true

    func contentCount(_ line: [Unit]) -> Int { line.filter { $0.kind == .wide || $0.kind == .word }.count }

    for unit in units {
      switch unit.kind {
      case .escape:
        current.append(unit)
        continue
      case .space:
        // Leading spaces of the first line are its indentation; after a break they are dropped.
        if !hasContent && !isFirstLine { continue }
        current.append(unit)
        currentWidth += unit.width
        continue
      case .wide, .word:
        break
      }
      if !hasContent || currentWidth + unit.width <= width {
        current.append(unit)
        currentWidth += unit.width
        hasContent = true
        continue
      }
      // Break before `unit`, carrying along what may not end a line or must precede a no-start character.
      var carried: [Unit] = []
      while let last = current.last, last.kind == .space || last.kind == .escape {
        current.removeLast()
        if last.kind == .escape { carried.insert(last, at: 0) }
      }
      let startsBadly = unit.text.unicodeScalars.first.map { noStart.contains($0) } ?? false
      if startsBadly, contentCount(current) >= 2, let last = current.last, last.kind == .wide || last.kind == .word {
        carried.insert(current.removeLast(), at: 0)
      }
      while contentCount(current) >= 2, let last = current.last, last.kind == .wide,
        last.text.unicodeScalars.last.map({ noEnd.contains($0) }) ?? false
      {
        carried.insert(current.removeLast(), at: 0)
      }
      output.append(current)
      isFirstLine = false
      current = [Unit(text: indent, width: hanging, kind: .escape)] + carried + [unit]
      currentWidth = hanging + carried.reduce(0) { $0 + $1.width } + unit.width
      hasContent = true
    }
    output.append(current)
    return output.map { line in
      var text = line.map(\.text).joined()
      while text.hasSuffix(" ") { text.removeLast() }
      return text
    }.joined(separator: "\n")
  }

  /// やさしい日本語 puts spaces between words (「こども が いる とき」): there, a line breaks only at the spaces. A line
  /// with at least three spaces between Japanese characters has the characters between spaces joined into words (a
  /// word wider than half the line is left to break anywhere).
  private static func joiningSpacedWords(_ units: [Unit], width: Int) -> [Unit] {
    var spaced = 0
    for index in units.indices.dropFirst().dropLast() where units[index].kind == .space {
      if units[index - 1].kind == .wide && units[index + 1].kind == .wide { spaced += 1 }
    }
    guard spaced >= 3 else { return units }
    var joined: [Unit] = []
    var word: [Unit] = []
    func flush() {
      let total = word.reduce(0) { $0 + $1.width }
      if word.count > 1, total <= width / 2 {
        joined.append(Unit(text: word.map(\.text).joined(), width: total, kind: .word))
      } else {
        joined += word
      }
      word = []
    }
    for unit in units {
      if unit.kind == .wide {
        word.append(unit)
      } else {
        flush()
        joined.append(unit)
      }
    }
    flush()
    return joined
  }

  /// Splits a line into spaces, single wide characters, Latin words and escape sequences.
  private static func split(_ line: String) -> [Unit] {
    var units: [Unit] = []
    var escape: String.UnicodeScalarView?
    for scalar in line.unicodeScalars {
      if var sequence = escape {
        sequence.append(scalar)
        escape = sequence
        if (0x40...0x7E).contains(scalar.value) && scalar != "[" {
          units.append(Unit(text: String(sequence), width: 0, kind: .escape))
          escape = nil
        }
        continue
      }
      if scalar == "\u{1B}" {
        escape = String.UnicodeScalarView([scalar])
        continue
      }
      let width = DisplayWidth.of(scalar)
      if scalar == " " || scalar == "\t" {
        units.append(Unit(text: " ", width: 1, kind: .space))
      } else if width == 0, !units.isEmpty, units[units.count - 1].kind != .escape {
        units[units.count - 1].text.unicodeScalars.append(scalar)
      } else if width == 2 {
        units.append(Unit(text: String(scalar), width: 2, kind: .wide))
      } else if let last = units.last, last.kind == .word {
        units[units.count - 1].text.unicodeScalars.append(scalar)
        units[units.count - 1].width += width
      } else {
        units.append(Unit(text: String(scalar), width: width, kind: .word))
      }
    }
    if let escape { units.append(Unit(text: String(escape), width: 0, kind: .escape)) }
    return units
  }

  /// Leading spaces, then a list marker and the spaces after it.
  private static func indentation(of units: [Unit]) -> Int {
    var width = 0
    var index = 0
    while index < units.count, units[index].kind == .space || units[index].kind == .escape {
      width += units[index].width
      index += 1
    }
    guard index < units.count else { return 0 }
    let first = units[index]
    let isNumber =
      first.kind == .word && first.text.hasSuffix(".") && first.text.dropLast().allSatisfy(\.isNumber)
      && first.text.count > 1
    guard markers.contains(first.text) || isNumber else { return width }
    width += first.width
    index += 1
    while index < units.count, units[index].kind == .space || units[index].kind == .escape {
      width += units[index].width
      index += 1
    }
    return width
  }
}
