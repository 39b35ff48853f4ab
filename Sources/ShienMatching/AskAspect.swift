import ShienCatalog

/// What a question asks about its subject: the deadline, the amount, the documents, the desk …
package enum AskAspect: String, Sendable, CaseIterable {
  case deadline, amount, documents, desk, steps, eligibility, payment, online
  /// No aspect word: the question names a subject only ("児童手当って何？").
  case overview

  /// The words that ask for each aspect, normalized as `SearchText` normalizes (hiragana for katakana, lowercase),
  /// in the order they are tried: a question with several ("いつまでにどこへ") answers the first.
  static let cues: [(AskAspect, [String])] = [
    (
      .payment,
      [
        "振り込ま", "振り込み", "振込", "ふりこみ", "ふりこま", "支給日", "支給月", "支払日", "支払い日", "いつ支給", "いつ支払",
        "いつもらえ", "いつ貰え", "いつ入金", "入金日", "いつ入る", "いつはいる", "what day", "when is it paid",
        "when will i be paid", "paid", "payment date", "payday", "pay day",
      ]
    ),
    (
      .deadline,
      [
        "いつまで", "期限", "きげん", "締め切", "締切", "しめきり", "何日以内", "なんにち", "何日まで", "deadline", "by when", "until when",
        "how long do i have", "how many days", "due date",
      ]
    ),
    (
      .online,
      [
        "おんらいん", "まいなぽーたる", "ねっと", "電子申請", "すまほ", "スマホ", "web", "online", "internet",
        "mynaportal", "myna portal",
      ]
    ),
    (
      .documents,
      [
        "何が必要", "なにが必要", "なにがひつよう", "何がいる", "なにがいる", "必要なもの", "必要な物", "必要書類", "必要な書類", "持ち物",
        "もちもの", "持っていく", "もっていく", "持参", "書類", "しょるい", "what do i need", "documents", "document", "bring", "papers",
        "what to take",
      ]
    ),
    (
      .desk,
      [
        "どこ", "窓口", "まどぐち", "電話", "でんわ", "受付時間", "何時", "番号", "問い合わせ", "問合せ", "といあわせ", "where",
        "phone", "desk", "office", "call", "opening hours", "contact", "who do i ask",
      ]
    ),
    (
      .amount,
      [
        "いくら", "金額", "何円", "なんえん", "何万", "なんまん", "額は", "how much", "amount", "how many yen",
      ]
    ),
    (
      .eligibility,
      [
        "対象", "もらえ", "貰え", "受けられ", "うけられ", "使え", "つかえ", "誰が", "だれが", "条件", "受給資格", "該当", "eligible",
        "who can", "can i get", "qualify", "entitled", "can we get",
      ]
    ),
    (
      .steps,
      [
        "どうやって", "どうすれば", "どうしたら", "申請方法", "手続き", "手続", "てつづき", "申し込", "申込", "もうしこ", "やり方", "やりかた",
        "申請", "しんせい", "how do i apply", "how to apply", "how can i apply", "apply", "procedure", "sign up", "register",
      ]
    ),
  ]

  /// The aspect `normalized` (a question as ``SearchText/normalize(_:)`` gives it) asks for.
  package static func of(_ normalized: String) -> AskAspect {
    // やさしい日本語 puts spaces between words (「いつ もらえますか」): Japanese cues are also sought without them.
    let unspaced = String(normalized.filter { $0 != " " })
    for (aspect, words) in cues {
      for word in words.map(SearchText.normalize) {
        if normalized.contains(word) || (!word.unicodeScalars.allSatisfy(\.isASCII) && unspaced.contains(word)) {
          return aspect
        }
      }
    }
    return .overview
  }
}
