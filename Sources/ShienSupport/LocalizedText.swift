/// The languages shien speaks: Japanese, English and やさしい日本語 (easy Japanese for residents still learning it).
package enum Language: String, CaseIterable, Sendable {
  case ja
  case en
  case jaEasy = "ja-easy"

  /// The word in this language, for the fixed words of the renderers and the interview (やさしい日本語 falls back to
  /// Japanese where no easier word is given).
  package func pick(_ ja: String, _ en: String, _ easy: String? = nil) -> String {
    switch self {
    case .ja: ja
    case .en: en
    case .jaEasy: easy ?? ja
    }
  }

  /// The language to fall back to when a text has none in this one.
  package var fallback: Language? {
    switch self {
    case .ja: nil
    case .en: .ja
    case .jaEasy: .ja
    }
  }

  /// The language a `LANG` value such as `en_US.UTF-8` asks for; Japanese unless it asks for English.
  package static func fromLocale(_ value: String?) -> Language {
    guard let value, !value.isEmpty else { return .ja }
    if value.hasPrefix("en") { return .en }
    return .ja
  }
}

/// A text in several languages.
package struct LocalizedText: Sendable, Hashable {
  package var values: [String: String]

  package init(_ values: [String: String]) {
    self.values = values
  }

  package init(ja: String, en: String? = nil, jaEasy: String? = nil) {
    var values = ["ja": ja]
    if let en { values["en"] = en }
    if let jaEasy { values["ja-easy"] = jaEasy }
    self.values = values
  }

  /// The text in `language`, else in its fallback, else any.
  package func text(_ language: Language) -> String {
    var current: Language? = language
    while let lang = current {
      if let text = values[lang.rawValue], !text.isEmpty { return text }
      current = lang.fallback
    }
    return values["ja"] ?? values.values.sorted().first ?? ""
  }

  package var isEmpty: Bool { values.values.allSatisfy(\.isEmpty) }
}
