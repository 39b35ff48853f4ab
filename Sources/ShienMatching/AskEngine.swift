import ShienCatalog
import ShienFacts
import ShienSupport

/// Answers a question in words (「出生届はいつまでに出せばいいですか」) from the catalog alone: it finds what the
/// question is about (a measure, a life event's procedure, or a desk) and which aspect it asks (deadline, amount,
/// documents …), and answers that aspect from the subject's own data, with its sources and desk. When no subject
/// stands out, or the subject's data says nothing on the aspect, the answer says so: it never guesses.
///
/// Subjects are found by their names in every language (whole, by their parts, with one typo), by the words of the
/// synonym table (シングルマザー → ひとり親), by how much of a name's character pairs the question holds, and by
/// keywords, rarer ones weighing more. A name in the question must carry the answer: keywords alone only rank the
/// closest measures of an answer that was not found.
package struct AskEngine: Sendable {
  package let catalog: Catalog
  private let candidates: [Candidate]
  /// Each synonym word, normalized, with its group's first word: a second reading of the question for names.
  private let canonicalWords: [(word: [Character], canonical: String)]
  /// Municipality names, normalized, longest first, each also without its 市/町/村/区.
  private let municipalityNames: [(name: String, municipality: Municipality)]

  /// The score from which a subject counts as found: a name (or most of one) is in the question.
  static let foundScore = 500

  private struct Candidate: Sendable {
    enum Kind: Sendable {
      case measure(Int)
      case procedure(event: Int, procedure: Int)
      case desk(Int)
    }

    var kind: Kind
    /// Whole names, normalized.
    var names: [String]
    /// Parts of names (between brackets, after ・), normalized.
    var parts: [String]
    var keywords: [String]
    /// For a city's own measure or desk: the municipality's code.
    var municipality: String?
  }

  package init(catalog: Catalog) {
    self.catalog = catalog
    var candidates: [Candidate] = []
    let municipalityByCode = Dictionary(
      catalog.municipalities.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    func variants(_ text: LocalizedText, municipality: String?) -> (names: [String], parts: [String]) {
      var names: [String] = []
      var parts: [String] = []
      for value in text.values.values where !value.isEmpty {
        var name = SearchText.normalize(value)
        if let municipality, let city = municipalityByCode[municipality] {
          for prefix in [SearchText.normalize(city.name), SearchText.normalize(city.name + " ")]
          where name.hasPrefix(prefix) {
            name = String(name.dropFirst(prefix.count)).trimmingSpaces
          }
        }
        let isLatin = name.unicodeScalars.allSatisfy(\.isASCII)
        names.append(name)
        // The name before its brackets is a name too: 子ども医療費助成（乳幼児・こども医療） is 子ども医療費助成.
        if let bracket = name.firstIndex(where: { $0 == "（" || $0 == "(" }), bracket != name.startIndex {
          names.append(String(name[..<bracket]).trimmingSpaces)
        }
        // Bracketed parts and the parts around ・: "育児休業給付（育児休業給付金・出生時育児休業給付金）".
        let separators: Set<Character> = ["（", "）", "(", ")", "・", "「", "」", "、", ","]
        // A part's head after its last の is a part too: 国民年金保険料の学生納付特例 is asked as 学生納付特例 (but
        // マイナンバーカードの継続利用 is not マイナンバーカード).
        // A bracketed part is another name only when it shares a pair of characters with the name before the
        // brackets (育児休業給付（育児休業給付金…）); otherwise it says where the measure applies (葬祭費（国民健康保険…）).
        var pieces = name.split(whereSeparator: { separators.contains($0) }).map { String($0).trimmingSpaces }
        if let head = pieces.first, name.contains(where: { $0 == "（" || $0 == "(" }) {
          let headPairs = Set(AskEngine.orderedPairs(Array(head.unicodeScalars)))
          pieces =
            [head]
            + pieces.dropFirst().filter {
              !Set(AskEngine.orderedPairs(Array($0.unicodeScalars))).isDisjoint(with: headPairs)
            }
        }
        // 国民健康保険・後期高齢者医療の資格喪失 is about the 資格喪失 of both: a piece before a ・ whose last piece has
        // an の is a part only when it names a thing of its own (妊娠届・母子健康手帳の交付).
        let coordinated =
          name.split(whereSeparator: { $0 == "（" || $0 == "(" }).first.map {
            $0.split(separator: "・").map(String.init)
          } ?? []
        if coordinated.count > 1, coordinated.last!.contains("の") {
          let modifiers = Set(coordinated.dropLast().filter { !["届", "書", "費", "金", "票"].contains($0.last!) })
          pieces.removeAll { modifiers.contains($0) }
        }
        for part in pieces + pieces.compactMap({ $0.split(separator: "の").last.map(String.init) }) {
          let length = part.unicodeScalars.count
          // Three characters are a name only as a notification or a named payment (妊娠届, 葬祭費): 乳幼児 is not.
          let isNamed = length == 3 && ["届", "費", "金"].contains(part.last!)
          if part != name, isLatin ? length >= 8 : (length >= 4 || isNamed) { parts.append(part) }
        }
      }
      return (Array(Set(names)).sorted(), Array(Set(parts)).sorted())
    }
    for (index, measure) in catalog.measures.enumerated() {
      var code: String?
      if case .municipality(let city) = measure.scope { code = city }
      let (names, parts) = variants(measure.name, municipality: code)
      candidates.append(
        Candidate(
          kind: .measure(index), names: names, parts: parts,
          keywords: measure.keywords.map(SearchText.normalize).filter { $0.unicodeScalars.count >= 2 },
          municipality: code))
    }
    for (eventIndex, event) in catalog.events.enumerated() {
      for (procedureIndex, procedure) in event.procedures.enumerated() {
        let (names, parts) = variants(procedure.name, municipality: nil)
        candidates.append(
          Candidate(
            kind: .procedure(event: eventIndex, procedure: procedureIndex), names: names, parts: parts, keywords: [],
            municipality: nil))
      }
    }
    for (index, desk) in catalog.desks.enumerated() {
      let (names, parts) = variants(desk.name, municipality: desk.municipality)
      candidates.append(
        Candidate(kind: .desk(index), names: names, parts: parts, keywords: [], municipality: desk.municipality))
    }
    self.candidates = candidates
    var canonical: [(String, String)] = []
    for group in catalog.synonyms {
      let words = group.words.map(SearchText.normalize)
      guard let first = words.first else { continue }
      for word in words.dropFirst() where word.unicodeScalars.count >= 2 { canonical.append((word, first)) }
    }
    self.canonicalWords = canonical.sorted { $0.0.count > $1.0.count }.map { (Array($0.0), $0.1) }
    var municipalityNames: [(String, Municipality)] = []
    for municipality in catalog.municipalities {
      let name = SearchText.normalize(municipality.name)
      municipalityNames.append((name, municipality))
      if let last = name.last, "市町村区".contains(last), name.unicodeScalars.count >= 3 {
        municipalityNames.append((String(name.dropLast()), municipality))
      }
    }
    // Longest first, so that 古賀市 wins over a shorter name inside it.
    self.municipalityNames = municipalityNames.sorted { $0.0.unicodeScalars.count > $1.0.unicodeScalars.count }
  }

  // MARK: - Answering

  /// The answer to `question` for a resident of `municipality` (or of the municipality the question names) on `asOf`.
  package func answer(
    _ question: String, municipality given: Municipality?, asOf: CivilDate, language: Language
  ) -> AskAnswer {
    let normalized = SearchText.normalize(question)
    let aspect = AskAspect.of(normalized)
    let municipality = given ?? municipalityNamed(in: normalized)
    let ranked = rank(normalized, municipality: municipality, asOf: asOf)
    var answer = AskAnswer(
      question: question, aspect: aspect, found: false, subject: nil, subjectName: nil, lines: [], deadline: nil,
      eventDate: nil, measures: [], sources: [], desk: nil, municipality: municipality, unverified: [])
    guard let best = ranked.first, best.score >= AskEngine.foundScore else {
      return notFound(answer, closest: ranked.prefix(3).map(\.candidate), language: language)
    }
    let others = ranked.dropFirst().prefix(2).map(\.candidate).compactMap(measureOrProcedureID)
    switch best.candidate.kind {
    case .measure(let index):
      let measure = catalog.measures[index]
      answer.subject = .measure(measure.id)
      answer.subjectName = measure.name.text(language)
      answer.measures = [measure.id] + others.filter { $0 != measure.id }
      answer.sources = measure.sources
      answer.desk = catalog.desk(for: measure, municipality: municipality?.code)
      answer.unverified = measure.unverified
      answerMeasure(measure, into: &answer, question: normalized, asOf: asOf, language: language)
    case .procedure(let eventIndex, let procedureIndex):
      let event = catalog.events[eventIndex]
      let procedure = event.procedures[procedureIndex]
      answer.subject = .procedure(procedure.id, event: event.id)
      answer.subjectName = procedure.name.text(language)
      answer.measures = [procedure.id] + others.filter { $0 != procedure.id }
      answer.sources = procedure.sources
      answer.desk = catalog.desk(role: procedure.deskRole, municipality: municipality?.code)
      answer.unverified = procedure.unverified
      answerProcedure(procedure, of: event, into: &answer, question: normalized, asOf: asOf, language: language)
    case .desk(let index):
      let desk = catalog.desks[index]
      answer.subject = .desk(desk.id)
      answer.subjectName = desk.name.text(language)
      answer.measures = others
      answer.desk = ResolvedDesk(
        name: desk.name, phone: desk.phone, address: desk.address, location: desk.location, hours: desk.hours,
        url: desk.url, caveats: desk.caveats, isGeneric: false)
      if answer.municipality == nil {
        answer.municipality = catalog.municipalities.first { $0.code == desk.municipality }
      }
      answer.found = aspect == .desk || aspect == .overview
      if answer.found { answer.lines = [AskEngine.deskLine(answer.desk!, language: language)] }
    }
    if !answer.found && answer.lines.isEmpty {
      answer.lines = [
        language.pick(
          "カタログには「\(answer.subjectName ?? "")」の\(aspectWord(aspect, language))の記載がありません。窓口にお問い合わせください。",
          "The catalog does not say the \(aspectWord(aspect, language)) of \(answer.subjectName ?? ""). Please ask the desk.",
          "「\(answer.subjectName ?? "")」の \(aspectWord(aspect, language)) は わかりません。まどぐち に きいて ください。")
      ]
    }
    return answer
  }

  /// The municipality a question names (古賀市の…, 古賀の…), if any.
  private func municipalityNamed(in normalized: String) -> Municipality? {
    var found: [Municipality] = []
    var length = 0
    for (name, municipality) in municipalityNames where name.unicodeScalars.count >= 2 {
      if name.unicodeScalars.count < length { break }
      if normalized.contains(name) {
        length = name.unicodeScalars.count
        found.append(municipality)
      }
    }
    // A name several municipalities share (府中市) names none of them for sure.
    return Set(found.map(\.code)).count == 1 ? found[0] : nil
  }

  private func notFound(_ answer: AskAnswer, closest: [Candidate], language: Language) -> AskAnswer {
    var answer = answer
    answer.found = false
    answer.measures = closest.compactMap(measureOrProcedureID)
    let nearest = closest.first.flatMap { candidate -> ResolvedDesk? in
      switch candidate.kind {
      case .measure(let index):
        return catalog.desk(for: catalog.measures[index], municipality: answer.municipality?.code)
      case .procedure(let e, let p):
        return catalog.desk(role: catalog.events[e].procedures[p].deskRole, municipality: answer.municipality?.code)
      case .desk: return nil
      }
    }
    answer.desk = nearest
    answer.lines = [
      language.pick(
        "この質問への答えはカタログにありません（推測ではお答えしません）。",
        "The catalog has no answer to this question (shien does not guess).",
        "この しつもん の こたえ は ありません。")
    ]
    if nearest == nil {
      answer.lines.append(
        language.pick(
          "お住まいの市区町村の総合案内にお尋ねください。", "Please ask your municipality's information desk.",
          "すんで いる まち の あんない に きいて ください。"))
    }
    return answer
  }

  private func measureOrProcedureID(_ candidate: Candidate) -> String? {
    switch candidate.kind {
    case .measure(let index): catalog.measures[index].id
    case .procedure(let e, let p): catalog.events[e].procedures[p].id
    case .desk: nil
    }
  }

  // MARK: - Finding the subject

  /// The candidates with a score above zero, best first.
  private func rank(_ normalized: String, municipality: Municipality?, asOf: CivilDate) -> [(
    candidate: Candidate, score: Int
  )] {
    let readings = Set([normalized, canonicalReading(normalized)])
    let replaced = catalog.replacedMeasures(in: municipality, on: asOf)
    var documentFrequency: [String: Int] = [:]
    for candidate in candidates {
      for keyword in Set(candidate.keywords) { documentFrequency[keyword, default: 0] += 1 }
    }
    var scored: [(Candidate, Int)] = []
    for candidate in candidates {
      if let code = candidate.municipality {
        guard municipality == nil || municipality?.code == code else { continue }
      }
      if case .measure(let index) = candidate.kind, replaced.contains(catalog.measures[index].id) { continue }
      var score = readings.map { nameScore(candidate, in: $0) }.max() ?? 0
      for keyword in candidate.keywords where readings.contains(where: { $0.contains(keyword) }) {
        score += 120 / max(1, documentFrequency[keyword] ?? 1)
      }
      guard score > 0 else { continue }
      // A city's own measure or desk answers only where the city is known: otherwise it is at most a close one.
      if candidate.municipality != nil { score += municipality == nil ? -600 : 60 }
      if case .measure(let index) = candidate.kind, !catalog.measures[index].isValid(on: asOf) { score -= 100 }
      if case .desk = candidate.kind { score -= 50 }
      if score > 0 { scored.append((candidate, score)) }
    }
    return scored.sorted { $0.1 > $1.1 }.map { (candidate: $0.0, score: $0.1) }
  }

  /// The question with each synonym replaced by its group's first word (シングルマザー → ひとり親), in one pass from the
  /// left, longest word first, so that a replacement is never replaced again (じどうてあて → 児童手当, not 子ども手当).
  private func canonicalReading(_ normalized: String) -> String {
    let text = Array(normalized)
    var output = ""
    var index = 0
    while index < text.count {
      var replaced = false
      for (word, canonical) in canonicalWords where text.count - index >= word.count {
        if text[index..<(index + word.count)].elementsEqual(word) {
          output += canonical
          index += word.count
          replaced = true
          break
        }
      }
      if !replaced {
        output.append(text[index])
        index += 1
      }
    }
    return output
  }

  /// How surely `text` names the candidate: a whole name, a part of one, one with one typo, or most of its pairs.
  private func nameScore(_ candidate: Candidate, in text: String) -> Int {
    var best = 0
    let textScalars = Array(text.unicodeScalars)
    let textPairs = pairs(textScalars)
    for name in candidate.names {
      let length = name.unicodeScalars.count
      guard length >= 2 else { continue }
      if text.contains(name) {
        best = max(best, 1000 + 10 * length)
        continue
      }
      let scalars = Array(name.unicodeScalars)
      if length >= 4, isWithinOneEdit(scalars, of: textScalars) { best = max(best, 800 + 10 * length) }
      if scalars.allSatisfy(\.isASCII) {
        // English names by their words: "child support allowance" is not "child allowance".
        let words = Set(name.split(whereSeparator: { !$0.isLetter }).map(String.init).filter { $0.count >= 3 })
        let asked = Set(text.split(whereSeparator: { !$0.isLetter }).map(String.init))
        let matched = words.filter(asked.contains).count
        if words.count >= 2, Double(matched) / Double(words.count) >= 0.75 {
          best = max(best, 400 + 100 * matched / words.count + 10 * matched)
        }
        continue
      }
      let ordered = AskEngine.orderedPairs(scalars)
      let namePairs = Set(ordered)
      if namePairs.count >= 3 {
        let matched = namePairs.filter(textPairs.contains).count
        let coverage = Double(matched) / Double(namePairs.count)
        // A Japanese name ends in what it is (…医療費助成, …継続利用): its end must be in the question too, or
        // マイナンバーカードの暗証番号 would be マイナンバーカードの継続利用.
        // A short name's very end must be there: 国民健康保険料 is not 国民健康保険証.
        let tail = ordered.count >= 8 ? ordered.suffix(ordered.count / 3) : ordered.suffix(1)
        if coverage >= 0.6, tail.contains(where: textPairs.contains) {
          best = max(best, 400 + Int(coverage * 100) + 10 * matched)
        }
      }
    }
    for part in candidate.parts where text.contains(part) {
      best = max(best, 700 + 10 * part.unicodeScalars.count)
    }
    return best
  }

  private func pairs(_ scalars: [Unicode.Scalar]) -> Set<String> { Set(AskEngine.orderedPairs(scalars)) }

  /// The pairs of adjacent characters, in order (none across a space).
  private static func orderedPairs(_ scalars: [Unicode.Scalar]) -> [String] {
    guard scalars.count >= 2 else { return [] }
    var result: [String] = []
    for index in 0..<(scalars.count - 1) where scalars[index] != " " && scalars[index + 1] != " " {
      var pair = String.UnicodeScalarView()
      pair.append(scalars[index])
      pair.append(scalars[index + 1])
      result.append(String(pair))
    }
    return result
  }

  /// True when some stretch of `text` is `name` with one letter wrong, missing or extra, but for its last letter (the
  /// head of a name: 児堂手当 is 児童手当, 国民健康保険証 is not 国民健康保険料).
  private func isWithinOneEdit(_ name: [Unicode.Scalar], of text: [Unicode.Scalar]) -> Bool {
    for width in [name.count - 1, name.count, name.count + 1] where width >= 1 && width <= text.count {
      for start in 0...(text.count - width) where text[start + width - 1] == name.last {
        if editDistance(name, Array(text[start..<(start + width)])) <= 1 { return true }
      }
    }
    return false
  }

  // MARK: - Answering an aspect

  private func answerMeasure(
    _ measure: Measure, into answer: inout AskAnswer, question: String, asOf: CivilDate, language: Language
  ) {
    var lines: [String] = []
    switch answer.aspect {
    case .deadline:
      if let due = measure.procedure.due, let date = eventDate(in: question, asOf: asOf, language: language) {
        let event = chosenEvent(due.events, question: question)
        let deadline = due.deadline(after: date, calendar: catalog.officeCalendar, language: language)
        answer.eventDate = date
        answer.deadline = deadline
        lines.append(deadlineLine(deadline, from: date, event: event, language: language))
      }
      if let text = measure.procedure.deadline?.text(language) { lines.append(text) }
    case .amount:
      lines = sentences(of: [measure.summary, measure.amount?.note].compactMap { $0 }, language: language) {
        $0.contains("円") || $0.contains("えん") || $0.lowercased().contains("yen")
      }
      if let amount = measure.amount, lines.isEmpty {
        // The amount is a rule over the household's facts: the summary and the note say what it depends on.
        lines = [measure.summary.text(language)]
        if let note = amount.note?.text(language) { lines.append(note) }
        lines.append(
          language.pick(
            "世帯ごとの金額は check（shien check）で計算できます。", "The amount for a household is computed by check (shien check).",
            "いえ ごと の きんがく は shien check で けいさん できます。"))
      }
      if measure.amount == nil, lines.isEmpty {
        lines = [
          language.pick(
            "お金を支給する制度ではありません（サービス・相談など）。", "This measure pays no money (it is a service or consultation).",
            "おかね を もらう せいど では ありません。")
        ]
      }
    case .documents:
      lines = measure.documents.map { document in
        document.name.text(language)
          + (document.condition == nil ? "" : language.pick("（該当する人のみ）", " (only if it applies)", "（ひつよう な ひと だけ）"))
      }
    case .desk:
      if let desk = answer.desk { lines.append(AskEngine.deskLine(desk, language: language)) }
    case .steps:
      lines = measure.procedure.steps.map { $0.text(language) }
      if let online = measure.procedure.online {
        lines.append(language.pick("オンライン：", "Online: ", "インターネット：") + online)
      }
    case .online:
      if let online = measure.procedure.online {
        lines.append(language.pick("オンラインで申請できます：", "You can apply online: ", "インターネット で もうしこめます：") + online)
      }
      lines += sentences(of: measure.procedure.steps, language: language) { text in
        ["オンライン", "マイナポータル", "電子申請", "online", "Myna", "インターネット"].contains { text.contains($0) }
      }
    case .eligibility:
      lines = measure.conditions.map { $0.text.text(language) }
      if lines.isEmpty { lines = [measure.summary.text(language)] }
    case .payment:
      lines = sentences(
        of: [measure.amount?.note].compactMap { $0 } + measure.notes + measure.procedure.steps + [measure.summary],
        language: language
      ) { text in
        // A sentence on when money comes: a payment word, and a schedule (偶数月, 2・5・8・11月に, 翌月分, 年2回,
        // 1回目, 決定後).
        let lower = text.lowercased()
        let pays = ["支給", "振り込", "振込", "ふりこ", "支払", "入金", "paid", "payment", "transferred"]
          .contains { lower.contains($0) }
        let schedule =
          ["偶数月", "奇数月", "翌月", "毎月", "回目", "決定後", "even months", "odd months", "at a time", "month after"]
          .contains { lower.contains($0) } || lower.contains(/[0-9]月に|年[0-9]回/)
        return pays && schedule
      }
    case .overview:
      lines = [measure.summary.text(language)]
    }
    if answer.aspect == .payment, lines.isEmpty, language != .ja {
      // The schedule may be said only in the authoritative Japanese: give it as it stands.
      var japanese = answer
      answerMeasure(measure, into: &japanese, question: question, asOf: asOf, language: .ja)
      if japanese.found { lines = japanese.lines }
    }
    if answer.aspect == .payment {
      // The schedule first: a sentence that names months (偶数月, 2・5・8・11月, even months).
      func namesMonths(_ line: String) -> Bool {
        line.contains("偶数月") || line.contains("奇数月") || line.contains(" months") || line.contains("いつつき")
          || line.contains(where: \.isNumber) && line.contains("月に")
      }
      lines = lines.filter(namesMonths) + lines.filter { !namesMonths($0) }
    }
    answer.lines = Array(lines.prefix(answer.aspect == .documents || answer.aspect == .steps ? 8 : 3))
    answer.found = !answer.lines.isEmpty
  }

  private func answerProcedure(
    _ procedure: EventProcedure, of event: LifeEvent, into answer: inout AskAnswer, question: String, asOf: CivilDate,
    language: Language
  ) {
    var lines: [String] = []
    switch answer.aspect {
    case .deadline:
      if let due = procedure.due, let date = eventDate(in: question, asOf: asOf, language: language) {
        let deadline = due.deadline(after: date, calendar: catalog.officeCalendar, language: language)
        answer.eventDate = date
        answer.deadline = deadline
        lines.append(deadlineLine(deadline, from: date, event: event.id, language: language))
      }
      if let text = procedure.deadline?.text(language) { lines.append(text) }
    case .documents:
      lines = procedure.documents.map { $0.text(language) }
    case .desk:
      if let desk = answer.desk { lines.append(AskEngine.deskLine(desk, language: language)) }
    case .overview, .steps, .eligibility:
      if let summary = procedure.summary?.text(language) { lines.append(summary) }
      if let text = procedure.deadline?.text(language) {
        lines.append(language.pick("期限：", "Deadline: ", "きげん：") + text)
      }
    case .amount, .payment, .online:
      break
    }
    answer.lines = Array(lines.prefix(answer.aspect == .documents ? 8 : 3))
    answer.found = !answer.lines.isEmpty
  }

  /// The sentences of `texts` in `language` that `keep` accepts, each once.
  private func sentences(of texts: [LocalizedText], language: Language, keep: (String) -> Bool) -> [String] {
    var result: [String] = []
    for text in texts {
      let value = text.text(language)
      let pieces =
        value.contains("。")
        ? value.split(separator: "。").map { String($0) + "。" }
        : value.split(separator: ".", omittingEmptySubsequences: true).map { String($0).trimmingSpaces }
      for piece in pieces where keep(piece) && !result.contains(piece) { result.append(piece.trimmingSpaces) }
    }
    return result
  }

  private func aspectWord(_ aspect: AskAspect, _ language: Language) -> String {
    switch aspect {
    case .deadline: language.pick("期限", "deadline", "きげん")
    case .amount: language.pick("金額", "amount", "きんがく")
    case .documents: language.pick("必要な書類", "documents", "ひつよう な もの")
    case .desk: language.pick("窓口", "desk", "まどぐち")
    case .steps: language.pick("手続き", "procedure", "てつづき")
    case .eligibility: language.pick("対象", "eligibility", "もらえる ひと")
    case .payment: language.pick("支給日", "payment schedule", "もらえる ひ")
    case .online: language.pick("オンライン申請", "online application", "インターネット の もうしこみ")
    case .overview: language.pick("内容", "details", "ないよう")
    }
  }

  // MARK: - Desks and dates

  /// The desk in one line: name, phone, hours, place.
  package static func deskLine(_ desk: ResolvedDesk, language: Language) -> String {
    var line = desk.name.text(language)
    var details: [String] = []
    if let phone = desk.phone { details.append(language.pick("電話 ", "phone ", "でんわ ") + phone) }
    if let hours = desk.hours?.text(language) { details.append(language.pick("受付 ", "hours ", "じかん ") + hours) }
    if let place = desk.location?.text(language) ?? desk.address { details.append(place) }
    if !details.isEmpty {
      line +=
        language.pick("（", " (", "（") + details.joined(separator: language.pick("、", "; ", "、"))
        + language.pick("）", ")", "）")
    }
    return line
  }

  private func deadlineLine(_ deadline: Deadline, from date: CivilDate, event: String, language: Language) -> String {
    let day = weekdayName(deadline.date, language)
    var line = language.pick(
      "\(date)からの期限は \(deadline.date)（\(day)）です。", "Counted from \(date), the deadline is \(deadline.date) (\(day)).",
      "\(date) から かぞえて、きげん は \(deadline.date)（\(day)）です。")
    if deadline.hasMoved, let reason = deadline.movedBecause {
      line += language.pick(
        "\(deadline.lastDayOfPeriod)が閉庁日（\(reason)）のため翌開庁日になります。",
        " (\(deadline.lastDayOfPeriod) is a closed day, \(reason), so it moves to the next open day.)",
        "\(deadline.lastDayOfPeriod) は やすみ の ひ なので つぎ の ひ です。")
    }
    if !deadline.isCertain {
      line += language.pick(
        "（その年の祝日がカタログにないため要確認）", " (to be confirmed: the catalog lacks that year's holidays)", "（たしかめて ください）")
    }
    return line
  }

  private func weekdayName(_ date: CivilDate, _ language: Language) -> String {
    let ja = ["日", "月", "火", "水", "木", "金", "土"]
    let en = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    return language == .en ? en[date.weekday] : ja[date.weekday]
  }

  /// The life event of `events` the question speaks of (生まれた → birth, 引っ越した → move-in), else the first.
  private func chosenEvent(_ events: [String], question: String) -> String {
    let cues: [(String, [String])] = [
      ("birth", ["生まれ", "うまれ", "出生", "出産", "誕生", "born", "birth"]),
      ("move-in", ["転入", "引っ越", "引越", "ひっこ", "転居", "moved", "move"]),
      ("death", ["亡くな", "死亡", "なくな", "died", "death"]),
      ("divorce", ["離婚", "りこん", "divorce"]),
      ("marriage", ["結婚", "婚姻", "married", "marriage"]),
    ]
    for (event, words) in cues where events.contains(event) && words.contains(where: { question.contains($0) }) {
      return event
    }
    return events.first ?? ""
  }

  /// The date a question gives (2026-01-10, 令和8年1月10日, 1月10日, January 10); a date without a year is its
  /// latest occurrence up to `asOf`, or the next one when the question speaks of what is to come.
  package func eventDate(in question: String, asOf: CivilDate, language: Language) -> CivilDate? {
    let text = EverydayInput.normalizeWidth(question).lowercased()
    let full = /(令和|平成|昭和|r|h|s)?\s*\d{1,4}\s*[年\/.\-]\s*\d{1,2}\s*[月\/.\-]\s*\d{1,2}\s*日?/
    for match in text.matches(of: full) {
      let piece = String(text[match.range])
      // A bare M/D (no year) is handled below.
      if let date = try? EverydayInput.date(piece), piece.filter(\.isNumber).count >= 5 || match.output.1 != nil {
        return date
      }
    }
    var month: Int?
    var day: Int?
    if let match = text.firstMatch(of: /(\d{1,2})\s*月\s*(\d{1,2})\s*日/) ?? text.firstMatch(of: /(\d{1,2})\/(\d{1,2})/) {
      month = Int(match.output.1)
      day = Int(match.output.2)
    } else {
      let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
      ]
      for (index, name) in months.enumerated() {
        if let match = text.firstMatch(of: try! Regex<(Substring, Substring)>("\(name)\\s+(\\d{1,2})"))
          ?? text.firstMatch(of: try! Regex<(Substring, Substring)>("(\\d{1,2})\\s+\(name)"))
        {
          month = index + 1
          day = Int(match.output.1)
          break
        }
      }
    }
    guard let month, let day else { return nil }
    // A day that has passed (「1月10日に生まれました」 asked in December: this January), unless the question speaks
    // of what is to come (予定, will), then the next such day.
    let isAhead = ["予定", "よてい", "will ", "going to", "来月", "これから"].contains { text.contains($0) }
    if isAhead {
      return [asOf.year, asOf.year + 1].compactMap { CivilDate(year: $0, month: month, day: day) }
        .filter { $0 >= asOf }.min()
    }
    let horizon = asOf
    return [asOf.year - 1, asOf.year, asOf.year + 1].compactMap { CivilDate(year: $0, month: month, day: day) }
      .filter { $0 <= horizon }.max()
  }
}

extension String {
  /// The string with every occurrence of `target` replaced (no Foundation in the library).
  fileprivate func replacingEvery(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = self[...]
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound]
      result += replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
