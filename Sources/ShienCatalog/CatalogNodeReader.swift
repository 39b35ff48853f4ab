import ShienRules
import ShienSupport

/// Why a catalog could not be built or opened.
package enum CatalogError: Error, Sendable, CustomStringConvertible {
  /// Problems in the catalog's source files, each with its place.
  case diagnostics([Diagnostic])
  /// The compiled database is missing, corrupt, of another schema or out of date with its sources.
  case database(String)
  /// The compiled database cannot be used (corrupt, of another schema, altered); building it again fixes it.
  case rebuildNeeded(String)
  /// No catalog where one was looked for: the paths tried.
  case notFound(lookedFor: [String])
  /// A file could not be read.
  case io(String)

  package var description: String {
    switch self {
    case .diagnostics(let diagnostics): diagnostics.map(\.description).joined(separator: "\n")
    case .database(let message), .io(let message), .rebuildNeeded(let message): message
    case .notFound(let paths): "no catalog found: looked for \(paths.joined(separator: " and "))"
    }
  }
}

/// Reads values out of a catalog source file's JSON, collecting a diagnostic for every problem instead of stopping
/// at the first, so that `shien catalog lint` reports them all.
package struct CatalogNodeReader {
  package let file: String
  package private(set) var diagnostics: [Diagnostic] = []

  package init(file: String) {
    self.file = file
  }

  package mutating func error(_ message: String, at location: SourceLocation?) {
    diagnostics.append(Diagnostic(file: file, at: location, message: message))
  }

  package mutating func error(_ message: String, range: SourceRange) {
    diagnostics.append(Diagnostic(file: file, range: range, message: message))
  }

  package mutating func warning(_ message: String, at location: SourceLocation?) {
    diagnostics.append(Diagnostic(.warning, file: file, at: location, message: message))
  }

  package mutating func expectObject(_ node: JSONNode, _ what: String) -> Bool {
    guard node.object != nil else {
      error("expected an object for \(what), found \(node.kindName)", at: node.location)
      return false
    }
    return true
  }

  /// Reports keys that are not among `allowed`, with a "did you mean".
  package mutating func checkKeys(_ node: JSONNode, allowed: [String]) {
    for member in node.object ?? [] where !allowed.contains(member.key) {
      let hint = closestMatch(to: member.key, in: allowed).map { "; did you mean '\($0)'?" } ?? ""
      error("unknown key '\(member.key)'\(hint)", at: member.keyLocation)
    }
  }

  /// A required string member.
  package mutating func string(_ node: JSONNode, _ key: String) -> String? {
    guard let value = node[key] else {
      error("missing '\(key)'", at: node.location)
      return nil
    }
    guard let text = value.string, !text.isEmpty else {
      error("expected text for '\(key)', found \(value.kindName)", at: value.location)
      return nil
    }
    return text
  }

  package mutating func optionalString(_ node: JSONNode, _ key: String) -> String? {
    guard let value = node[key], !value.isNull else { return nil }
    guard let text = value.string else {
      error("expected text for '\(key)', found \(value.kindName)", at: value.location)
      return nil
    }
    return text
  }

  /// A web address, or a note in words where there is none: an address is only `https://` or `http://` (a
  /// `javascript:`, `data:` or `file:` address would become a link in the handout), and with `plain` nothing may
  /// follow it (no space, no `<`, `>` or quote); without `plain` a note may follow after a space.
  package mutating func url(_ node: JSONNode, _ key: String, required: Bool = true, plain: Bool = true) -> String? {
    guard let text = required ? string(node, key) : optionalString(node, key) else { return nil }
    let address = plain ? Substring(text) : text.prefix { $0 != " " && $0 != "　" }
    let scheme = address.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    let isWeb = address.hasPrefix("https://") || address.hasPrefix("http://")
    let hasOtherScheme = !isWeb && !scheme.isEmpty && address.dropFirst(scheme.count).hasPrefix(":")
    let isBroken =
      isWeb
      && address.unicodeScalars.contains(where: { $0.value <= 0x20 || "<>\"'`\\".unicodeScalars.contains($0) })
    guard !hasOtherScheme, !isBroken else {
      error("'\(key)' must be an http or https address", at: node[key]?.location ?? node.location)
      return nil
    }
    return text
  }

  package mutating func array(_ node: JSONNode, _ key: String, required: Bool = true) -> [JSONNode]? {
    guard let value = node[key] else {
      if required { error("missing '\(key)'", at: node.location) }
      return nil
    }
    guard let items = value.array else {
      error("expected an array for '\(key)', found \(value.kindName)", at: value.location)
      return nil
    }
    return items
  }

  package mutating func date(_ node: JSONNode, _ key: String, required: Bool = true) -> CivilDate? {
    guard let value = node[key], !value.isNull else {
      if required { error("missing '\(key)'", at: node.location) }
      return nil
    }
    guard let text = value.string, let date = CivilDate(iso: text) else {
      error("expected a date as YYYY-MM-DD for '\(key)'", at: value.location)
      return nil
    }
    return date
  }

  /// `{"ja": "…", "en": "…", "ja-easy": "…"}`, or a bare string taken as Japanese.
  package mutating func localized(_ node: JSONNode, _ what: String) -> LocalizedText {
    if let text = node.string { return LocalizedText(["ja": text]) }
    guard let members = node.object else {
      error("expected texts by language for \(what), found \(node.kindName)", at: node.location)
      return LocalizedText([:])
    }
    var values: [String: String] = [:]
    for member in members {
      guard Language(rawValue: member.key) != nil else {
        let hint =
          closestMatch(to: member.key, in: Language.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
        error("unknown language '\(member.key)'\(hint)", at: member.keyLocation)
        continue
      }
      guard let text = member.node.string else {
        error("expected text for '\(member.key)', found \(member.node.kindName)", at: member.node.location)
        continue
      }
      values[member.key] = text
    }
    return LocalizedText(values)
  }

  package mutating func localizedField(_ node: JSONNode, _ key: String) -> LocalizedText? {
    guard let value = node[key] else {
      error("missing '\(key)'", at: node.location)
      return nil
    }
    return localized(value, "'\(key)'")
  }

  /// A rule: a string, or an array of strings read as lines.
  package mutating func ruleSource(_ node: JSONNode) -> RuleSource? {
    if let text = node.string {
      return RuleSource(lines: [RuleSource.Line(text: text, start: node.contentStart, isVerbatim: node.isVerbatim)])
    }
    if let items = node.array, !items.isEmpty {
      var lines: [RuleSource.Line] = []
      for item in items {
        guard let text = item.string else {
          error("expected each line of a rule to be text, found \(item.kindName)", at: item.location)
          return nil
        }
        lines.append(RuleSource.Line(text: text, start: item.contentStart, isVerbatim: item.isVerbatim))
      }
      return RuleSource(lines: lines)
    }
    error("expected a rule (text, or an array of lines), found \(node.kindName)", at: node.location)
    return nil
  }

  /// Compiles a rule, turning its errors into diagnostics.
  package mutating func compile(
    _ node: JSONNode, in scope: RuleScope, expecting: RuleType?, memberParameter: String? = nil
  ) -> CompiledRule? {
    guard let source = ruleSource(node) else { return nil }
    do {
      return try TypeChecker.compile(source, in: scope, expecting: expecting, memberParameter: memberParameter)
    } catch {
      for ruleError in error.errors { self.error(ruleError.message, range: ruleError.range) }
      return nil
    }
  }
}
