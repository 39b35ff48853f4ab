import ShienFacts
import ShienSupport

/// The flat CSV layout of household documents, one household per row, for people who keep households in a
/// spreadsheet.
///
/// The header row names the columns, in any order:
/// - `id`, `as_of`, and each household fact (`prefecture`, `municipality`, `rent`, `single_parent`, …);
/// - `mN_FACT` for member N (1 to 64) and each member fact: `m1_role`, `m1_birth_date`, `m1_income`, `m2_role`, …;
/// - a column whose name starts with `#` is ignored (notes for people).
///
/// An empty cell is unknown. Cells take the everyday forms `shien check` takes on the command line: `240万` or
/// `2,400,000` for money, `2016/5/10` or `H28.5.10` for dates, `TRUE`/`FALSE` or `はい`/`いいえ` for yes and no, and
/// a choice's value or its label (`self` or `本人`). A member is present when any of its cells is filled, and then
/// needs `mN_role`.
package struct HouseholdCSVLayout: Sendable {
  package enum Column: Sendable, Equatable {
    case id
    case asOf
    case household(fact: Int)
    /// Member `number` (1-based, as in the header), fact index.
    case member(number: Int, fact: Int)
    case ignored
  }

  package let columns: [Column]
  /// The header's names, as given.
  package let names: [String]
  private let vocabulary: FactVocabulary
  private let roleFact: Int
  private let birthFact: Int
  private let ageFact: Int
  private let asOfColumn: Int?
  /// For each member number in the header, ascending: its columns.
  private let memberColumns: [(number: Int, columns: [Int])]

  /// Reads the header row; an unknown or repeated column is an error (with the closest name).
  package init(header: CSVRecord, vocabulary: FactVocabulary) throws(CSVError) {
    self.vocabulary = vocabulary
    roleFact = vocabulary.index(of: "role") ?? -1
    birthFact = vocabulary.index(of: "birth_date") ?? -1
    ageFact = vocabulary.index(of: "age") ?? -1
    var columns: [Column] = []
    var names: [String] = []
    var members: [Int: [Int]] = [:]
    let factNames = HouseholdCSVLayout.factNames(vocabulary)
    var isJapanese = false
    for index in 0..<header.count {
      let field = index + 1
      guard let text = header.text(index) else {
        throw CSVError(field: field, message: HouseholdCSVLayout.notUTF8(header.bytes))
      }
      let raw = text.trimmingSpaces
      let name = EverydayInput.normalizeWidth(raw).lowercased()
      names.append(raw)
      if name.hasPrefix("#") {
        columns.append(.ignored)
        continue
      }
      if name.isEmpty { throw CSVError(field: field, message: "empty column name") }
      let column = try HouseholdCSVLayout.column(named: name, vocabulary: vocabulary, names: factNames, field: field)
      if name.hasPrefix(HouseholdCSVLayout.japaneseMemberPrefix) { isJapanese = true }
      guard !columns.contains(column) else {
        let first = names[columns.firstIndex(of: column)!]
        throw CSVError(field: field, message: "column '\(raw)' appears twice (as '\(first)')")
      }
      if case .member(let number, _) = column { members[number, default: []].append(index) }
      columns.append(column)
    }
    self.isJapanese = isJapanese
    if !columns.contains(where: { if case .member = $0 { true } else { false } }) {
      throw CSVError(
        field: 1,
        message:
          "no member columns in the header: a household needs at least 'm1_role' (and facts such as 'm1_birth_date')")
    }
    self.columns = columns
    self.names = names
    asOfColumn = columns.firstIndex(of: .asOf)
    memberColumns = members.keys.sorted().map { ($0, members[$0]!) }
  }

  /// The prefix of member columns in a sheet with Japanese column names: `世帯員1_生年月日`.
  package static let japaneseMemberPrefix = "世帯員"
  /// Japanese names of the `id` and `as_of` columns.
  package static let japaneseIDNames = ["世帯番号", "世帯番号/id", "世帯id"]
  package static let japaneseAsOfNames = ["基準日", "判定日"]

  /// True when the header names members `世帯員N_…` (so messages and results name columns that way too).
  package let isJapanese: Bool

  /// Every name a fact's column may have, normalised (width, case): its id, its Japanese label as `shien facts`
  /// prints it (`年収（収入）`), and that label without its last bracketed part (`年収`) where no other fact has it.
  static func factNames(_ vocabulary: FactVocabulary) -> [String: Int] {
    var names: [String: Int] = [:]
    var short: [String: Int?] = [:]
    for (index, fact) in vocabulary.facts.enumerated() {
      names[fact.id] = index
      guard let label = fact.label.values["ja"] else { continue }
      let full = EverydayInput.normalizeWidth(label).lowercased()
      names[full] = index
      if full.hasSuffix(")"), let open = full.lastIndex(of: "(") {
        let stem = String(full[..<open]).trimmingSpaces
        if !stem.isEmpty { short[stem] = short[stem] == nil ? index : .some(nil) }
      }
    }
    for (stem, index) in short { if let index, names[stem] == nil { names[stem] = index } }
    return names
  }

  private static func column(named name: String, vocabulary: FactVocabulary, names: [String: Int], field: Int)
    throws(CSVError) -> Column
  {
    if name == "id" || japaneseIDNames.contains(name) { return .id }
    if name == "as_of" || japaneseAsOfNames.contains(name) { return .asOf }
    var member: (number: Int, factName: String)?
    if name.hasPrefix("m"), let underscore = name.firstIndex(of: "_"),
      let number = Int(name[name.index(after: name.startIndex)..<underscore])
    {
      member = (number, String(name[name.index(after: underscore)...]))
    } else if name.hasPrefix(japaneseMemberPrefix), let underscore = name.firstIndex(of: "_"),
      let number = Int(name[name.index(name.startIndex, offsetBy: japaneseMemberPrefix.count)..<underscore])
    {
      member = (number, String(name[name.index(after: underscore)...]))
    }
    if let (number, factName) = member {
      guard (1...HouseholdDecoder.maxMembers).contains(number) else {
        throw CSVError(
          field: field,
          message: "member number \(number) in '\(name)' is not between 1 and \(HouseholdDecoder.maxMembers)")
      }
      guard let fact = names[factName], vocabulary.facts[fact].entity == .member else {
        let hint = closestMatch(to: factName, in: vocabulary.facts(of: .member).map(\.id)).map {
          "; did you mean 'm\(number)_\($0)'?"
        }
        let isHousehold = names[factName].map { vocabulary.facts[$0].entity == .household } ?? false
        let prefix = String(name[...name.firstIndex(of: "_")!])
        throw CSVError(
          field: field,
          message: isHousehold
            ? "'\(factName)' is a fact about the household: name the column '\(factName)', without '\(prefix)'"
            : "unknown member fact '\(factName)' in column '\(name)'\(hint ?? "")")
      }
      return .member(number: number, fact: fact)
    }
    if let fact = names[name] {
      guard vocabulary.facts[fact].entity == .household else {
        throw CSVError(
          field: field, message: "'\(name)' is a fact about a member: name the column 'm1_\(name)', 'm2_\(name)' …")
      }
      return .household(fact: fact)
    }
    let candidates =
      ["id", "as_of"] + vocabulary.facts(of: .household).map(\.id) + vocabulary.facts(of: .member).map { "m1_\($0.id)" }
    let hint = closestMatch(to: name, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    throw CSVError(
      field: field, message: "unknown column '\(name)'\(hint) (member columns are named m1_role, m1_birth_date, …)")
  }

  /// The header of a template with `members` members and every fact: what `shien batch --help` documents.
  package static func templateHeader(vocabulary: FactVocabulary, members: Int) -> [String] {
    var names = ["id", "as_of"] + vocabulary.facts(of: .household).map(\.id)
    for number in 1...max(1, members) {
      names += vocabulary.facts(of: .member).map { "m\(number)_\($0.id)" }
    }
    return names
  }

  /// The column name of a member fact, as the header spells it: `m2_birth_date` for `members[1].birth_date`.
  package func columnName(member: Int, fact: Int, numbers: [Int]) -> String {
    let number = member < numbers.count ? numbers[member] : member + 1
    return isJapanese
      ? HouseholdCSVLayout.japaneseColumnName(member: number, fact: vocabulary.facts[fact])
      : "m\(number)_\(vocabulary.facts[fact].id)"
  }

  /// `世帯員2_生年月日`: member `number` (1-based) and the fact's Japanese label.
  package static func japaneseColumnName(member number: Int, fact: Fact) -> String {
    "\(japaneseMemberPrefix)\(number)_\(fact.label.values["ja"] ?? fact.id)"
  }

  /// Why a field is not text: a sheet saved in Shift_JIS (Excel's "CSV" in Japanese Windows) is named as such.
  static func notUTF8(_ bytes: some Collection<UInt8>) -> String {
    TextEncodingGuess.isShiftJIS(bytes)
      ? "the sheet is saved in Shift_JIS, not UTF-8: save it as 'CSV UTF-8' (CSV UTF-8 (コンマ区切り))"
      : "not UTF-8 text (save the sheet as 'CSV UTF-8')"
  }

  /// Reads one row into a household, and the header's number of each of its members (`m3` stays member 3 in messages
  /// even when `m2` is empty). Errors name the column.
  package func household(from record: CSVRecord) throws(HouseholdError) -> (household: Household, numbers: [Int]) {
    if record.count > columns.count {
      throw HouseholdError(
        path: "", location: nil,
        message:
          "\(record.count) fields, but the header has \(columns.count) columns (quote a value that holds a comma)")
    }
    var household = Household(facts: Array(repeating: nil, count: vocabulary.facts.count), members: [])
    if let asOfColumn, asOfColumn < record.count, !record.isEmpty(asOfColumn) {
      let text = try cell(record, asOfColumn)
      do {
        household.asOf = try EverydayInput.date(text)
      } catch {
        throw HouseholdError(path: names[asOfColumn], location: nil, message: error.message(language: .en))
      }
    }
    for (index, column) in columns.enumerated() where index < record.count && !record.isEmpty(index) {
      switch column {
      case .id:
        let id = try cell(record, index).trimmingSpaces
        if id.count > HouseholdDecoder.maxTextLength {
          throw HouseholdError(
            path: names[index], location: nil, message: "id longer than \(HouseholdDecoder.maxTextLength) characters")
        }
        household.id = id.isEmpty ? nil : id
      case .household(let fact):
        household.facts[fact] = try value(record, index, fact: fact, asOf: household.asOf)
      case .asOf, .member, .ignored:
        continue
      }
    }
    var numbers: [Int] = []
    for (number, indices) in memberColumns {
      guard indices.contains(where: { $0 < record.count && !record.isEmpty($0) }) else { continue }
      var member = Household.Member(role: "", facts: Array(repeating: nil, count: vocabulary.facts.count))
      for index in indices where index < record.count && !record.isEmpty(index) {
        guard case .member(_, let fact) = columns[index] else { continue }
        let value = try value(record, index, fact: fact, asOf: household.asOf)
        member.facts[fact] = value
        switch (fact, value) {
        case (roleFact, .text(let role?)): member.role = role
        case (birthFact, .date(let interval)): member.birthDate = CivilDate(dayNumber: Int(interval.lo))
        case (ageFact, .number(let interval)): member.age = Int(interval.lo)
        default: break
        }
      }
      if member.role.isEmpty {
        throw HouseholdError(
          path: isJapanese
            ? HouseholdCSVLayout.japaneseColumnName(member: number, fact: vocabulary.facts[roleFact])
            : "m\(number)_role",
          location: nil,
          message: "member \(number) has facts but no role (self, spouse, child, parent, grandparent or other)")
      }
      household.members.append(member)
      numbers.append(number)
    }
    if household.members.isEmpty {
      throw HouseholdError(path: "", location: nil, message: "no members: fill in at least 'm1_role'")
    }
    return (household, numbers)
  }

  private func cell(_ record: CSVRecord, _ index: Int) throws(HouseholdError) -> String {
    guard let text = record.text(index) else {
      throw HouseholdError(path: names[index], location: nil, message: HouseholdCSVLayout.notUTF8(record.bytes))
    }
    return text
  }

  /// The value of a cell in the plain form a program writes (`2400000`, `2016-05-10`, `TRUE`, `employee`), read
  /// without the everyday parsers, which are made for people and cost far more; nil for anything else, which then
  /// goes through them (and gets their messages). Both read a plain cell alike.
  static func plainValue(_ text: String, kind: Fact.Kind) -> Value? {
    let utf8 = text.utf8
    guard !utf8.isEmpty, utf8.count <= 40 else { return nil }
    switch kind {
    case .money, .integer:
      guard utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int64(text),
        number <= EverydayInput.largestMoney
      else { return nil }
      if case .integer(let range) = kind, let range, !range.contains(Int(number)) { return nil }
      return .number(Interval(exactly: Double(number)))
    case .date:
      guard utf8.count == 10, let date = CivilDate(iso: text) else { return nil }
      return .date(Interval(exactly: Double(date.dayNumber)))
    case .bool:
      switch text {
      case "TRUE", "true": return .truth(.yes)
      case "FALSE", "false": return .truth(.no)
      default: return nil
      }
    case .choice(let choices):
      return choices.contains(text) ? .text(text) : nil
    case .text:
      // Printable ASCII, or only kanji and kana (古賀市), which the everyday reading keeps as they are; but not
      // "?", "skip", "unknown", "不明", "わからない" …, which it takes for "don't know".
      let isASCII = utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x3F }
      let isKanjiOrKana = text.unicodeScalars.allSatisfy {
        (0x4E00...0x9FFF).contains($0.value) || (0x3041...0x30FF).contains($0.value)
      }
      guard isASCII || isKanjiOrKana, !EverydayInput.unknownAnswer(text) else { return nil }
      return .text(text)
    }
  }

  /// A cell as a fact's value, in the everyday forms; a bare number is not taken for a choice (it would be a menu
  /// number in the interview, but in a sheet it is more likely a mistake).
  private func value(_ record: CSVRecord, _ index: Int, fact: Int, asOf: CivilDate?) throws(HouseholdError) -> Value? {
    let text = try cell(record, index)
    let definition = vocabulary.facts[fact]
    if case .choice(let choices) = definition.kind, Int(EverydayInput.normalizeWidth(text)) != nil {
      throw HouseholdError(
        path: names[index], location: nil, message: "'\(text)' is not one of \(choices.joined(separator: ", "))")
    }
    if case .text = definition.kind, text.count > HouseholdDecoder.maxTextLength {
      throw HouseholdError(
        path: names[index], location: nil, message: "text longer than \(HouseholdDecoder.maxTextLength) characters")
    }
    if let plain = HouseholdCSVLayout.plainValue(text, kind: definition.kind) { return plain }
    do {
      return try definition.parseEveryday(text, asOf: asOf)
    } catch {
      if case .notAChoice(_, let choices) = error {
        let hint = closestMatch(to: text, in: choices).map { "; did you mean '\($0)'?" } ?? ""
        throw HouseholdError(
          path: names[index], location: nil,
          message: "'\(text)' is not one of \(choices.joined(separator: ", "))\(hint)")
      }
      throw HouseholdError(path: names[index], location: nil, message: error.message(language: .en))
    }
  }
}
