import ShienCatalog
import ShienMatching
import ShienSupport

/// What `shien desks` lists: for a municipality with desk data, its desks; otherwise the generic answer of each desk
/// role. Each with the roles it serves and the measures and procedures those roles handle.
package struct DeskDirectory: Sendable {
  package struct Entry: Sendable {
    /// The desk's id, or the role's id for a generic answer.
    package var id: String
    package var desk: ResolvedDesk
    package var roles: [String]
    package var isOutsideCityHall: Bool
    package var measures: [(id: String, name: LocalizedText)]
    package var procedures: [(id: String, name: LocalizedText)]
  }

  package var municipality: Municipality?
  /// True when the municipality has desk data (the entries are its real desks).
  package var hasDeskData: Bool
  package var entries: [Entry]
  /// Municipalities the catalog has desk data for.
  package var municipalitiesWithDesks: [Municipality]
}

extension Catalog {
  /// The desks of `municipality` (or the generic role answers when it has none, or none is given), narrowed to
  /// `role` when given.
  package func deskDirectory(municipality: Municipality?, role: String?) -> DeskDirectory {
    let matcher = Matcher(catalog: self)
    func handled(by roleIDs: [String], measureIDs: [String] = []) -> (
      [(String, LocalizedText)], [(String, LocalizedText)]
    ) {
      let measures = measures.filter {
        (roleIDs.contains($0.deskRole) || measureIDs.contains($0.id)) && matcher.applies($0, to: municipality)
      }.map { ($0.id, $0.name) }
      let procedures = events.flatMap(\.procedures).filter { roleIDs.contains($0.deskRole) }.map { ($0.id, $0.name) }
      return (measures, procedures)
    }
    let withDesks = Set(desks.map(\.municipality))
    let listed = municipalities.filter { withDesks.contains($0.code) }
    let own = municipality.map { m in desks.filter { $0.municipality == m.code } } ?? []
    var entries: [DeskDirectory.Entry] = []
    if !own.isEmpty {
      // A measure a desk names is that desk's, whatever its role (as a household's answer sends it there): it is not
      // listed again under the desk that serves its role.
      let named = Set(own.flatMap(\.measures))
      for desk in own where role.map({ desk.roles.contains($0) }) ?? true {
        var (measures, procedures) = handled(by: desk.roles, measureIDs: desk.measures)
        measures.removeAll { named.contains($0.0) && !desk.measures.contains($0.0) }
        entries.append(
          DeskDirectory.Entry(
            id: desk.id,
            desk: ResolvedDesk(
              name: desk.name, phone: desk.phone, address: desk.address, location: desk.location, hours: desk.hours,
              url: desk.url, caveats: desk.caveats, isGeneric: false),
            roles: desk.roles, isOutsideCityHall: desk.roles.allSatisfy { roles[$0]?.isOutsideCityHall ?? false },
            measures: measures, procedures: procedures))
      }
      // The roles no desk of the city answers for still have measures and procedures here: they get the generic
      // answer, as a household's result does, rather than vanish from the list.
      let served = Set(own.flatMap(\.roles))
      for deskRole in roles.values.sorted(by: { $0.id < $1.id })
      where !served.contains(deskRole.id) && (role.map { deskRole.id == $0 } ?? true) {
        var (measures, procedures) = handled(by: [deskRole.id])
        measures.removeAll { named.contains($0.0) }
        guard !measures.isEmpty || !procedures.isEmpty else { continue }
        entries.append(
          DeskDirectory.Entry(
            id: deskRole.id,
            desk: ResolvedDesk(
              name: deskRole.name, phone: nil, address: nil, location: nil, hours: nil, url: nil, isGeneric: true,
              isOutsideCityHall: deskRole.isOutsideCityHall),
            roles: [deskRole.id], isOutsideCityHall: deskRole.isOutsideCityHall, measures: measures,
            procedures: procedures))
      }
    } else {
      for deskRole in roles.values.sorted(by: { $0.id < $1.id }) where role.map({ deskRole.id == $0 }) ?? true {
        let (measures, procedures) = handled(by: [deskRole.id])
        entries.append(
          DeskDirectory.Entry(
            id: deskRole.id,
            desk: ResolvedDesk(
              name: deskRole.name, phone: nil, address: nil, location: nil, hours: nil, url: nil, isGeneric: true,
              isOutsideCityHall: deskRole.isOutsideCityHall),
            roles: [deskRole.id], isOutsideCityHall: deskRole.isOutsideCityHall, measures: measures,
            procedures: procedures))
      }
    }
    return DeskDirectory(
      municipality: municipality, hasDeskData: !own.isEmpty, entries: entries, municipalitiesWithDesks: listed)
  }
}

/// Writes a `DeskDirectory` as text or JSON.
package struct DeskRenderer {
  package var language: Language

  package init(language: Language) {
    self.language = language
  }

  private func pick(_ ja: String, _ en: String, _ easy: String? = nil) -> String { language.pick(ja, en, easy) }

  package func text(_ directory: DeskDirectory, style: TextStyle) -> String {
    var lines: [String] = []
    let separator = language == .en ? ", " : "、"
    if let municipality = directory.municipality {
      let name = municipality.prefecture + municipality.name
      lines.append(
        directory.hasDeskData
          ? style.bold(pick("\(name)の窓口", "Desks of \(name)", "\(name) の まどぐち"))
          : pick(
            "\(name)の窓口データはこのカタログにまだありません。役割ごとの一般的な窓口を示します。",
            "This catalog has no desk data for \(name) yet; these are the generic desks by role.",
            "\(name) の まどぐち の じょうほう は まだ ありません。"))
    } else {
      lines.append(
        style.bold(pick("窓口の役割（市区町村を --municipality で指定すると実際の窓口）", "Desk roles (give --municipality for real desks)")))
    }
    var saidGeneric = false
    for entry in directory.entries {
      lines.append("")
      if directory.hasDeskData, entry.desk.isGeneric, !saidGeneric {
        saidGeneric = true
        lines.append(
          style.bold(
            pick(
              "■ 市の窓口データにない役割（一般的な案内）", "■ Roles no desk of the city is listed for (the generic answer)",
              "■ まどぐち が わからない もの")))
        lines.append("")
      }
      var title = "● " + style.bold(entry.desk.name.text(language))
      if !entry.roles.isEmpty, !entry.desk.isGeneric || entry.roles != [entry.id] {
        title += style.dim("  [\(entry.roles.joined(separator: ", "))]")
      }
      if entry.desk.isGeneric { title += style.dim("  (\(entry.id))") }
      lines.append(title)
      let toConfirm = style.yellow(pick("（要確認）", " (to be confirmed)", "（たしかめて ください）"))
      for (field, label, value) in [
        ("location", pick("場所", "Where"), entry.desk.location?.text(language)),
        ("address", pick("住所", "Address"), entry.desk.address), ("phone", pick("電話", "Phone"), entry.desk.phone),
        ("hours", pick("受付", "Hours"), entry.desk.hours?.text(language)), ("url", "URL", entry.desk.url),
      ] {
        guard let value, !value.isEmpty else { continue }
        lines.append("  \(label): \(value)" + (entry.desk.isUnverified(field) ? toConfirm : ""))
      }
      for caveat in entry.desk.caveats where !Desk.Caveat.fields.contains(caveat.subject) {
        lines.append("  " + style.yellow(pick("要確認", "To be confirmed") + ": " + caveat.text.text(language)))
      }
      if !entry.measures.isEmpty {
        lines.append(
          "  " + pick("制度", "Measures") + ": "
            + entry.measures.map { "\($0.name.text(language)) [\($0.id)]" }.joined(separator: separator))
      }
      if !entry.procedures.isEmpty {
        lines.append(
          "  " + pick("手続き", "Procedures") + ": "
            + entry.procedures.map { $0.name.text(language) }.joined(separator: separator))
      }
    }
    if directory.entries.isEmpty {
      lines.append("")
      lines.append(pick("この役割の窓口はありません。", "No desk has this role.", "ありません。"))
    }
    if !directory.hasDeskData {
      lines.append("")
      let names = directory.municipalitiesWithDesks.map { "\($0.name)（\($0.code)）" }
      lines.append(
        names.isEmpty
          ? pick("窓口データのある市区町村はまだありません。", "No municipality has desk data yet.")
          : pick("窓口データのある市区町村: ", "Municipalities with desk data: ") + names.joined(separator: separator))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  package func json(_ directory: DeskDirectory, pretty: Bool) -> String {
    var json = JSONWriter(pretty: pretty)
    json.beginObject()
    if let municipality = directory.municipality {
      json.key("municipality")
      json.beginObject()
      json.field("code", municipality.code)
      json.field("name", municipality.prefecture + municipality.name)
      json.endObject()
    }
    json.field("has_desk_data", directory.hasDeskData)
    json.key("desks")
    json.beginArray()
    for entry in directory.entries {
      json.beginObject()
      json.field("id", entry.id)
      json.key("desk")
      writeDesk(entry.desk, into: &json, language: language)
      json.key("roles")
      json.beginArray()
      for role in entry.roles { json.string(role) }
      json.endArray()
      json.field("outside_city_hall", entry.isOutsideCityHall)
      for (key, items) in [("measures", entry.measures), ("procedures", entry.procedures)] {
        json.key(key)
        json.beginArray()
        for item in items {
          json.beginObject()
          json.field("id", item.id)
          json.field("name", item.name.text(language))
          json.endObject()
        }
        json.endArray()
      }
      json.endObject()
    }
    json.endArray()
    json.key("municipalities_with_desks")
    json.beginArray()
    for municipality in directory.municipalitiesWithDesks { json.string(municipality.code) }
    json.endArray()
    json.endObject()
    return json.output + "\n"
  }
}
