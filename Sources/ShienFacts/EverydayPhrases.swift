/// Answers as people type them in English and in kana, rewritten into the forms ``EverydayInput`` reads:
/// `3 million yen` → `3000000`, `１２０まんえん` → `120万円`, `March 3, 1982` → `1982-03-03`, `3/15/1982` →
/// `1982-03-15`, `16 years old` → `16`, `one` → `1`, `ふたり` → `2`.
///
/// Each function returns nil when the text is not one of its shapes, so the caller goes on with the text as typed.
package enum EverydayPhrases {
  /// `3 million yen`, `2.5 million`, `300 thousand yen`, `300k`, `150,000 yen`, `300 man` (万) → a plain number of
  /// yen as text; `１２０まんえん`, `3せんえん` → `120万円`, `3千円`.
  package static func money(_ text: String) -> String? {
    let normalized = EverydayInput.normalizeWidth(text)
    if normalized.unicodeScalars.contains(where: { (0x3041...0x309F).contains($0.value) }) {
      var kana = normalized
      for (from, to) in [("おくえん", "億円"), ("まんえん", "万円"), ("せんえん", "千円"), ("おく", "億"), ("まん", "万"), ("えん", "円")] {
        kana = kana.replacing(from, with: to)
      }
      return kana == normalized ? nil : kana
    }
    var words = normalized.lowercased().split(whereSeparator: { $0 == " " }).map(String.init)
    while let last = words.last, ["yen", "jpy", "en", "a", "per", "year", "month", "/year", "/month"].contains(last) {
      words.removeLast()
    }
    guard !words.isEmpty else { return nil }
    var number = words.removeFirst()
    if number.hasPrefix("¥") || number.hasPrefix("\u{A5}") { number.removeFirst() }
    var unit = words.first ?? ""
    for suffix in ["million", "thousand", "man", "k", "m"] where words.isEmpty && number.hasSuffix(suffix) {
      let digits = number.dropLast(suffix.count)
      if !digits.isEmpty, digits.allSatisfy({ $0.isNumber || $0 == "." || $0 == "," }) {
        number = String(digits)
        unit = suffix
        break
      }
    }
    guard words.count <= 1, let value = Double(number.filter { $0 != "," }), value >= 0 else { return nil }
    let scale: Double
    switch unit {
    case "million", "m", "mil": scale = 1_000_000
    case "thousand", "k": scale = 1000
    case "man": scale = 10_000
    case "": scale = 1
    default: return nil
    }
    guard unit != "" || number != normalized else { return nil }
    let yen = (value * scale).rounded()
    guard yen == value * scale, yen < 1e15 else { return nil }
    return String(Int64(yen))
  }

  private static let months = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
  ]

  /// `March 3, 1982`, `3 March 1982`, `Mar. 3 1982`, `3/15/1982` (month first, as written in English; day first
  /// when the first number cannot be a month) → an ISO date as text.
  package static func date(_ text: String) -> String? {
    let normalized = EverydayInput.normalizeWidth(text).lowercased()
    let parts = normalized.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." || $0 == "-" })
      .map(String.init)
    if parts.count == 3 {
      let monthIndex = parts.firstIndex { word in
        word.count >= 3 && months.contains { $0.hasPrefix(word) || word.hasPrefix($0) }
      }
      if let monthIndex {
        let word = parts[monthIndex]
        let month = months.firstIndex { $0.hasPrefix(word) || word.hasPrefix($0) }! + 1
        let numbers = parts.enumerated().filter { $0.offset != monthIndex }.map { $0.element }
          .map { Int($0.filter(\.isNumber).isEmpty ? "x" : String($0.prefix { $0.isNumber })) }
        guard let day = numbers[0], let year = numbers[1], year >= 1000 else { return nil }
        return iso(year, month, day)
      }
    }
    let slashed = normalized.split(separator: "/").map { Int($0) }
    if slashed.count == 3, let a = slashed[0], let b = slashed[1], let year = slashed[2], year >= 1000 {
      return a > 12 ? iso(year, b, a) : iso(year, a, b)
    }
    return nil
  }

  private static func iso(_ year: Int, _ month: Int, _ day: Int) -> String {
    func padded(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(year)-\(padded(month))-\(padded(day))"
  }

  /// `16 years old`, `16 years`, `16 yrs`, `16yo`, `age 16`, `16歳です` → `16`.
  package static func age(_ text: String) -> String? {
    var word = EverydayInput.normalizeWidth(text).lowercased()
    for prefix in ["age ", "aged "] where word.hasPrefix(prefix) {
      word.removeFirst(prefix.count)
      if !word.isEmpty, word.allSatisfy(\.isNumber) { return word }
    }
    for suffix in ["years old", "year old", "yearsold", "years", "year", "yrs", "yr", "yo", "歳です", "さいです", "才です"]
    where word.hasSuffix(suffix) {
      word.removeLast(suffix.count)
      word = word.trimmingSpaces
      guard !word.isEmpty, word.allSatisfy(\.isNumber) || count(word) != nil else { return nil }
      return word.allSatisfy(\.isNumber) ? word : count(word).map(String.init)
    }
    return nil
  }

  private static let englishNumbers = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
  ]

  private static let japaneseCounts: [String: Int] = [
    "ひとり": 1, "一人": 1, "ふたり": 2, "二人": 2, "三人": 3, "四人": 4, "五人": 5, "さんにん": 3, "よにん": 4, "ごにん": 5,
    "いない": 0, "いません": 0, "いないです": 0, "おりません": 0, "なし": 0, "ない": 0, "ゼロ": 0, "none": 0, "no": 0,
    "nobody": 0, "noone": 0, "no one": 0,
  ]

  /// `one` … `twenty`, `none`, `ひとり`, `二人`, `いない`, `いません` → a whole number.
  package static func count(_ text: String) -> Int? {
    let word = EverydayInput.normalizeWidth(text).lowercased()
    if let index = englishNumbers.firstIndex(of: word) { return index }
    if let value = japaneseCounts[word] { return value }
    for suffix in ["人です", "人", "名", " people", " persons", " children", " child", " kids", " kid"]
    where word.hasSuffix(suffix) {
      let head = String(word.dropLast(suffix.count)).trimmingSpaces
      if let number = Int(head) { return number }
      if let index = englishNumbers.firstIndex(of: head) { return index }
    }
    return nil
  }
}
