import ShienSupport

/// The checks `shien catalog lint` makes beyond what the compiler makes: what a city's editor must fix before a
/// catalog is trusted.
package enum CatalogLint {
  /// Problems in a compiled catalog, each with the file (and place, where the source has one).
  package static func check(_ catalog: Catalog, files: [SourceFile]) -> [Diagnostic] {
    var found: [Diagnostic] = []
    let roots = Dictionary(
      files.compactMap { file in (try? JSONReader.parse(file.bytes)).map { (file.path, $0) } },
      uniquingKeysWith: { first, _ in first })
    for measure in catalog.measures {
      let root = roots[measure.file]
      func error(_ message: String, _ key: String?) {
        found.append(
          Diagnostic(file: measure.file, at: key.flatMap { root?[$0]?.location } ?? root?.location, message: message))
      }
      if catalog.roles[measure.deskRole] == nil {
        let hint =
          closestMatch(to: measure.deskRole, in: catalog.roles.keys.sorted()).map { "; did you mean '\($0)'?" } ?? ""
        error("desk role '\(measure.deskRole)' is not in catalog/roles.json\(hint)", "desk")
      }
      if measure.sources.isEmpty { error("measure '\(measure.id)' has no source", "sources") }
      for (name, text) in [("name", measure.name), ("summary", measure.summary)] {
        for language in [Language.ja, .en] where (text.values[language.rawValue] ?? "").isEmpty {
          error("'\(name)' has no '\(language.rawValue)' text", name)
        }
      }
      if (measure.name.values["ja-easy"] ?? "").isEmpty { error("'name' has no 'ja-easy' text", "name") }
      for condition in measure.conditions {
        for language in [Language.ja, .en] where (condition.text.values[language.rawValue] ?? "").isEmpty {
          found.append(
            Diagnostic(
              file: measure.file, at: condition.rule.source.lines.first?.start,
              message: "a condition's 'text' has no '\(language.rawValue)' text"))
        }
      }
      for (index, step) in measure.procedure.steps.enumerated() {
        for language in [Language.ja, .en] where (step.values[language.rawValue] ?? "").isEmpty {
          error("step \(index + 1) has no '\(language.rawValue)' text", "procedure")
        }
      }
      for document in measure.documents {
        for language in [Language.ja, .en] where (document.name.values[language.rawValue] ?? "").isEmpty {
          error("document '\(document.name.text(.ja))' has no '\(language.rawValue)' text", "documents")
        }
      }
      if case .municipality(let code) = measure.scope, !catalog.municipalities.contains(where: { $0.code == code }) {
        error("scope names municipality '\(code)', which is not in catalog/municipalities.tsv", "scope")
      }
      for target in measure.replaces {
        guard let replaced = catalog.measure(id: target) else {
          let hint = closestMatch(to: target, in: catalog.measures.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
          error("'replaces' names measure '\(target)', which is not in the catalog\(hint)", "replaces")
          continue
        }
        if target == measure.id {
          error("measure '\(measure.id)' replaces itself", "replaces")
        } else if !covers(replaced.scope, measure.scope, catalog) {
          error(
            "measure '\(measure.id)' cannot replace '\(target)': it applies only where '\(target)' does not",
            "replaces")
        }
      }
    }
    for event in catalog.events {
      for procedure in event.procedures {
        func error(_ message: String) {
          found.append(
            Diagnostic(file: "catalog/events.json", at: nil, message: "procedure '\(procedure.id)': \(message)"))
        }
        if catalog.roles[procedure.deskRole] == nil {
          let hint =
            closestMatch(to: procedure.deskRole, in: catalog.roles.keys.sorted()).map { "; did you mean '\($0)'?" }
            ?? ""
          error("desk role '\(procedure.deskRole)' is not in catalog/roles.json\(hint)")
        }
        if procedure.sources.isEmpty { error("no source") }
        for language in Language.allCases where (procedure.name.values[language.rawValue] ?? "").isEmpty {
          error("'name' has no '\(language.rawValue)' text")
        }
        let texts = [procedure.summary, procedure.deadline].compactMap { $0 } + procedure.documents + procedure.notes
        for text in texts {
          for language in [Language.ja, .en] where (text.values[language.rawValue] ?? "").isEmpty {
            error("'\(text.text(.ja))' has no '\(language.rawValue)' text")
          }
        }
      }
    }
    var roleOwners: [String: String] = [:]
    for desk in catalog.desks {
      let file = "catalog/desks/\(desk.municipality).json"
      let node = roots[file]?["desks"]?.array?.first { $0["id"]?.string == desk.id }
      func error(_ message: String, _ key: String) {
        found.append(Diagnostic(file: file, at: node?[key]?.location ?? node?.location, message: message))
      }
      for role in desk.roles {
        if catalog.roles[role] == nil {
          let hint = closestMatch(to: role, in: catalog.roles.keys.sorted()).map { "; did you mean '\($0)'?" } ?? ""
          error("desk '\(desk.id)' names unknown role '\(role)'\(hint)", "roles")
        } else if catalog.roles[role]?.isOutsideCityHall == true {
          error("desk '\(desk.id)' answers for role '\(role)', which is not at city hall", "roles")
        }
        if let other = roleOwners[desk.municipality + "\t" + role] {
          error("role '\(role)' is already answered by desk '\(other)' of the same municipality", "roles")
        } else {
          roleOwners[desk.municipality + "\t" + role] = desk.id
        }
      }
      for id in desk.measures {
        guard let measure = catalog.measure(id: id) else {
          let hint = closestMatch(to: id, in: catalog.measures.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
          error("desk '\(desk.id)' names measure '\(id)', which is not in the catalog\(hint)", "measures")
          continue
        }
        if let place = catalog.municipalities.first(where: { $0.code == desk.municipality }),
          !covers(measure.scope, .municipality(place.code), catalog)
        {
          error("desk '\(desk.id)' names measure '\(id)', which does not apply in this municipality", "measures")
        }
      }
      if !catalog.municipalities.contains(where: { $0.code == desk.municipality }) {
        error("desks for unknown municipality '\(desk.municipality)'", "id")
      }
    }
    return found + SourceLint.check(catalog)
  }

  /// True when every place in `inner` is also covered by `outer`.
  private static func covers(_ outer: Measure.Scope, _ inner: Measure.Scope, _ catalog: Catalog) -> Bool {
    switch (outer, inner) {
    case (.national, _): return true
    case (.prefecture(let a), .prefecture(let b)): return a == b
    case (.prefecture(let name), .municipality(let code)):
      return catalog.municipalities.first { $0.code == code }?.prefecture == name
    case (.municipality(let a), .municipality(let b)): return a == b
    default: return false
    }
  }

  /// What a catalog's editor should look at: sources not checked for over a year, parameters that end before
  /// `today`, and measures and desks carrying unverified facts.
  package static func audit(_ catalog: Catalog, today: CivilDate) -> [String] {
    var lines: [String] = []
    let yearAgo = today.adding(years: -1)
    for measure in catalog.measures {
      for source in measure.sources {
        if let checked = source.checked, checked < yearAgo {
          lines.append("\(measure.file): source \(source.url) last checked \(checked)")
        } else if !source.isRead {
          lines.append("\(measure.file): source \(source.url) not read (cited, never checked)")
        }
      }
      for item in measure.unverified { lines.append("\(measure.file): unverified: \(item.text(.ja))") }
    }
    for desk in catalog.desks {
      for caveat in desk.caveats {
        lines.append(
          "catalog/desks/\(desk.municipality).json: desk '\(desk.id)' unverified \(caveat.subject): \(caveat.text.text(.ja))"
        )
      }
    }
    for parameter in catalog.library.parameters {
      if let stale = parameter.stale(on: today) {
        lines.append(
          "parameter '\(parameter.name)' (revised \(stale.revision.rhythm)): stale since \(stale.missingFrom); "
            + "no value from \(stale.missingFrom), the one from \(stale.shownFrom) is used and shown as 要確認"
            + " (\(stale.revision.file))")
      }
      if let last = parameter.periods.last, let through = last.through, through < today {
        lines.append("parameter '\(parameter.name)': its last value ended \(through)")
      }
      for period in parameter.periods where !period.isVerified {
        lines.append("parameter '\(parameter.name)' from \(period.from): unverified (\(period.source ?? "no source"))")
      }
    }
    return lines
  }
}
