import ShienCatalog
import ShienFacts
import ShienMatching
import ShienRender
import ShienSupport

/// One question as shown: the question itself, a line of examples, and numbered choices.
package struct InterviewPrompt: Sendable, Equatable {
  package var question: String
  package var hint: String?
  package var choices: [String]
}

/// The interview's words in Japanese, English and やさしい日本語. Facts bring their own questions and help texts
/// (`Resources/facts.json`); these are the words around them.
package struct InterviewStrings: Sendable {
  package var language: Language
  /// The commands the words point to; the front that runs the interview gives them (the library names none).
  package var commands = Commands()

  /// The commands that continue or delete a saved interview, and check a household file, each given its argument
  /// (already quoted for a shell where it needs to be); nil when the front has no such command.
  package struct Commands: Sendable {
    package var resume: (@Sendable (String) -> String)?
    package var delete: (@Sendable (String) -> String)?
    package var checkHousehold: (@Sendable (String) -> String)?

    package init(
      resume: (@Sendable (String) -> String)? = nil, delete: (@Sendable (String) -> String)? = nil,
      checkHousehold: (@Sendable (String) -> String)? = nil
    ) {
      self.resume = resume
      self.delete = delete
      self.checkHousehold = checkHousehold
    }
  }

  package init(_ language: Language) {
    self.language = language
  }

  private func pick(_ ja: String, _ en: String, _ easy: String) -> String { language.pick(ja, en, easy) }

  // MARK: - Around the questions

  package var title: String { pick("shien — 支援さがし", "shien — finding support", "shien — たすけ を さがす") }

  package var introduction: String {
    pick(
      "いくつかの質問に答えると、受けられそうな支援（手当・助成・相談先）と、申請のしかた・持ち物・窓口をお知らせします。"
        + "わからないときは「わからない」、前の質問に戻るときは「戻る」、やめるときは「やめる」、説明を見るときは「help」と入力してください。",
      "Answer a few questions to learn which support you may get (allowances, subsidies, places to ask), how to apply,"
        + " what to bring and which desk to go to. Type 'skip' or '?' when you don't know, '<' to go back,"
        + " 'q' to stop and 'help' to have a question explained.",
      "しつもん に こたえる と、もらえる かもしれない おかね や たすけ、てつづき の しかた が わかります。"
        + "わからない とき は「わからない」、まえ に もどる とき は「もどる」、やめる とき は「やめる」、"
        + "せつめい は「help」と かいて ください。")
  }

  package var resumed: String { pick("前回の続きから始めます。", "Picking up where you left off.", "まえ の つづき から はじめます。") }

  /// "あと約5問 ・ 受けられそうな支援 2件（ほかに条件しだい 1件）".
  package func progress(remaining: Int, eligible: Int, maybe: Int) -> String {
    let left = max(remaining, 1)
    let more = maybe > 0 ? pick("（ほかに条件しだい \(maybe)件）", " (\(maybe) more maybe)", "（ほか に かも しれない もの \(maybe)）") : ""
    return pick(
      "あと約\(left)問 ・ 受けられそうな支援 \(eligible)件",
      "about \(left) more question\(left == 1 ? "" : "s") · \(eligible) found so far",
      "のこり やく \(left)もん ・ もらえそう な もの \(eligible)") + more
  }

  package var emptyAnswer: String {
    pick(
      "答えを入力してください（わからなければ「わからない」）。", "Please type an answer (or 'skip' if you don't know).",
      "こたえ を かいて ください（わからない とき は「わからない」）。")
  }

  package var cannotGoBack: String {
    pick("これより前の質問はありません。", "This is the first question.", "これ が はじめ の しつもん です。")
  }

  package var skipped: String {
    pick("わからないままにしておきます。", "Left open.", "わからない まま に します。")
  }

  package var commandsHelp: String {
    pick(
      "「わからない」（?）で飛ばす ・「戻る」（<）で前の質問 ・「やめる」（q）で終了",
      "'skip' or '?' to leave it open · '<' to go back · 'q' to stop",
      "「わからない」で とばす ・「もどる」で まえ へ ・「やめる」で おわる")
  }

  // MARK: - Concerns and what is received

  /// The label of a concern in each language (the choices of 「いま困っていること・知りたいことは？」).
  package static func concernLabel(_ concern: InterviewConcern) -> LocalizedText {
    switch concern {
    case .children: LocalizedText(ja: "子育て・出産", en: "children, pregnancy and birth", jaEasy: "こそだて・あかちゃん")
    case .money: LocalizedText(ja: "お金・生活費", en: "money and living costs", jaEasy: "おかね・くらし")
    case .work: LocalizedText(ja: "仕事", en: "work", jaEasy: "しごと")
    case .housing: LocalizedText(ja: "住まい", en: "housing", jaEasy: "すむ ところ")
    case .health: LocalizedText(ja: "病気・障がい", en: "illness or disability", jaEasy: "びょうき・しょうがい")
    case .singleParent: LocalizedText(ja: "ひとり親", en: "raising children alone", jaEasy: "ひとり で こども を そだてる")
    case .death: LocalizedText(ja: "家族が亡くなった", en: "a death in the family", jaEasy: "かぞく が なくなった")
    case .everything: LocalizedText(ja: "全部見たい", en: "show me everything", jaEasy: "ぜんぶ みたい")
    }
  }

  /// Words that name a concern when typed instead of its number.
  package func concernWords(_ concern: InterviewConcern) -> [String] {
    switch concern {
    case .children:
      pick("子育て 出産 妊娠 子ども 育児 保育", "child pregnan birth baby", "こそだて あかちゃん にんしん こども")
        .split(separator: " ").map(String.init)
    case .money: pick("お金 生活費 生活 家計 貧困", "money living costs", "おかね くらし").split(separator: " ").map(String.init)
    case .work: pick("仕事 失業 就職 求職", "work job", "しごと").split(separator: " ").map(String.init)
    case .housing: pick("住まい 家賃 住宅 引っ越し", "housing rent home", "すむ いえ やちん").split(separator: " ").map(String.init)
    case .health:
      pick("病気 障がい 障害 医療 入院", "illness disab health medical", "びょうき しょうがい")
        .split(separator: " ").map(String.init)
    case .singleParent:
      pick("ひとり親 母子 父子 シングル 離婚", "alone single divorce", "ひとりおや ひとり で").split(separator: " ")
        .map(String.init)
    case .death: pick("亡くな 死亡 葬儀", "death died funeral", "なくな").split(separator: " ").map(String.init)
    case .everything: pick("全部 すべて ぜんぶ", "everything all", "ぜんぶ").split(separator: " ").map(String.init)
    }
  }

  // MARK: - Questions

  package func prompt(for step: InterviewSession.Step, in session: InterviewSession) -> InterviewPrompt {
    let vocabulary = session.catalog.vocabulary
    let household = session.household
    switch step {
    case .municipality:
      return InterviewPrompt(
        question: vocabulary["municipality"]?.question.text(language)
          ?? pick("お住まいの市区町村はどこですか", "Which municipality do you live in?", "どの まち に すんで いますか"),
        hint: pick("例：古賀市、福岡県古賀市、40223", "e.g. 古賀市, 福岡県古賀市 or 40223", "れい：古賀市"), choices: [])
    case .birth(let member):
      let question: String
      if member == 0 {
        question = pick(
          "あなたの生年月日を教えてください（年齢だけでも構いません）", "What is your date of birth? (Your age is fine too.)",
          "あなた の うまれた ひ は いつ ですか（とし だけ でも いい です）")
      } else {
        let who = session.catalog.memberName(member, in: household, language: language)
        question = pick(
          "\(who)の生年月日を教えてください（年齢だけでも構いません）", "What is the date of birth of your \(who)? (An age is fine too.)",
          "\(who) の うまれた ひ は いつ ですか（とし だけ でも いい です）")
      }
      return InterviewPrompt(
        question: question,
        hint: pick("例：平成2年6月15日、1990/6/15、R5.1.20、35", "e.g. 1990-06-15, 平成2年6月15日, H2.6.15, or 35", "れい：平成2年6月15日、35"),
        choices: [])
    case .hasSpouse:
      return InterviewPrompt(
        question: pick(
          "配偶者（夫・妻）と一緒に暮らしていますか", "Do you live with a spouse?", "いっしょ に すむ おっと・つま は いますか"),
        hint: yesNoHint, choices: [])
    case .childCount:
      return InterviewPrompt(
        question: pick(
          "一緒に暮らしている子どもは何人ですか", "How many children live with you?", "いっしょ に すむ こども は なんにん ですか"),
        hint: pick("数字で（いなければ0）", "a number (0 if none)", "すうじ で（いない とき は 0）"), choices: [])
    case .otherCount:
      return InterviewPrompt(
        question: pick(
          "ほかに一緒に暮らしている人（親・祖父母など）は何人ですか", "How many other people (parents, grandparents …) live with you?",
          "ほか に いっしょ に すむ ひと（おや・そふぼ など）は なんにん ですか"),
        hint: pick("数字で（いなければ0）", "a number (0 if none)", "すうじ で（いない とき は 0）"), choices: [])
    case .role(let member):
      let position =
        member
        - (household.members.firstIndex {
          $0.role == "other" || $0.role == "parent"
            || $0.role == "grandparent"
        } ?? member) + 1
      return InterviewPrompt(
        question: pick(
          "同居の方（\(position)人目）は、あなたから見て誰ですか", "Who is the \(ordinal(position)) of them to you?",
          "いっしょ に すむ ひと（\(position)ばんめ）は あなた の だれ ですか"),
        hint: nil, choices: session.choices(for: step).map { $0.label.text(language) })
    case .concerns:
      return InterviewPrompt(
        question: pick(
          "いま困っていること・知りたいことは？（いくつでも）", "What troubles you now, or what would you like to know? (one or more)",
          "いま こまって いる こと・しりたい こと は？（いくつ でも）"),
        hint: pick("番号で、いくつでも（例：1,2）", "numbers, as many as apply (e.g. 1,2)", "ばんごう で（れい：1,2）"),
        choices: session.choices(for: step).map { $0.label.text(language) })
    case .receiving:
      return InterviewPrompt(
        question: pick(
          "この中に、いま受け取っているものはありますか（いくつでも）", "Are you already receiving any of these? (one or more)",
          "この なか に、いま もらって いる もの は ありますか"),
        hint: pick("番号で（例：1,2）。なければ「なし」", "numbers (e.g. 1,2), or 'none'", "ばんごう で。ない とき は「なし」"),
        choices: session.choices(for: step).map { $0.label.text(language) })
    case .prefecture:
      return InterviewPrompt(
        question: pick(
          "お住まいの都道府県を番号で選んでください", "Choose your prefecture by its number",
          "すんで いる けん を ばんごう で えらんで ください"),
        hint: nil, choices: session.choices(for: step).map { $0.label.text(language) })
    case .municipalityIn(let prefecture):
      return InterviewPrompt(
        question: pick(
          "\(prefecture)のどの市区町村ですか（番号で）", "Which municipality in \(prefecture)? (by number)",
          "\(prefecture) の どの まち ですか（ばんごう で）"),
        hint: nil, choices: session.choices(for: step).map { $0.label.text(language) })
    case .incomeBeforeLeave(let member):
      let who = subject(member, session)
      return InterviewPrompt(
        question: pick(
          "\(who)について：昨年の年収を0円と答えました。育児休業給付は休業前の賃金で決まります。休業前の収入はいくらでしたか（本当に0なら0）",
          "About \(who): you gave last year's income as 0. Childcare leave benefit is based on the wage before the leave. What was the income before the leave? (0 if it really was 0)",
          "\(who) に ついて：きょねん の おかね は 0えん ですか？ やすむ まえ は いくら もらって いましたか"),
        hint: hint(for: Fact(id: "income", entity: .member, kind: .money, label: LocalizedText([:]))), choices: [])
    case .screenings:
      return InterviewPrompt(
        question: pick(
          "世帯に、次にあてはまる方はいますか（いくつでも）", "Does any of these apply to someone in your household? (one or more)",
          "かぞく に つぎ の ひと は いますか（いくつ でも）"),
        hint: pick("番号で（例：1,2）。いなければ「なし」", "numbers (e.g. 1,2), or 'none'", "ばんごう で。いない とき は「なし」"),
        choices: session.choices(for: step).map { $0.label.text(language) })
    case .goOn:
      let names = session.passedOver.prefix(3).compactMap { id in
        session.catalog.measures.first { $0.id == id }?.name.text(language)
      }.joined(separator: language == .en ? ", " : "、")
      let more = session.passedOver.count > 3 ? pick(" など", " …", " など") : ""
      return InterviewPrompt(
        question: pick(
          "お困りのことについての質問は以上です。ほかに\(session.passedOver.count)件（\(names)\(more)）は、質問を続ければ決まります。続けますか",
          "That covers what you asked about. \(session.passedOver.count) more (\(names)\(more)) could be settled with a few more questions. Go on?",
          "しつもん は ここ まで です。ほか に \(session.passedOver.count)こ（\(names)\(more)）は、つづける と わかります。つづけますか"),
        hint: yesNoHint, choices: [])
    case .planned(.screening(let group, nil)) where group.anyoneFact() != nil:
      let fact = vocabulary.facts[group.anyoneFact()!]
      let label = fact.label.text(language)
      guard case .choice(let values) = fact.kind else {
        return InterviewPrompt(
          question: pick(
            "世帯に、次にあてはまる方はいますか：\(label)", "Does this apply to anyone in your household: \(label.lowercased())?",
            "かぞく に つぎ の ひと は いますか：\(label)"),
          hint: yesNoHint, choices: [])
      }
      // A choice: any of its values but "none".
      let some = values.dropFirst().map { fact.choiceLabels[$0]?.text(language) ?? $0 }
        .joined(separator: language == .en ? " / " : "・")
      return InterviewPrompt(
        question: pick(
          "世帯に、次にあてはまる方はいますか（\(label)）：\(some)", "Does this apply to anyone in your household (\(label)): \(some)?",
          "かぞく に つぎ の ひと は いますか（\(label)）：\(some)"),
        hint: yesNoHint, choices: [])
    case .planned(.screening(_, let member)):
      if let member {
        let who = subject(member, session)
        return InterviewPrompt(
          question: pick(
            "\(who)は、障害者手帳（身体・療育・精神）をお持ちですか。心臓・腎臓などの内部障害も含みます",
            "Does \(who) hold a disability certificate (physical, intellectual or mental), or have an internal disability?",
            "\(who) は しょうがいしゃてちょう を もって いますか"),
          hint: yesNoHint, choices: [])
      }
      return InterviewPrompt(
        question: pick(
          "世帯に、障害者手帳（身体・療育・精神）をお持ちの方や、心臓・腎臓などの内部障害のある方はいますか",
          "Does anyone in your household hold a disability certificate (physical, intellectual or mental), or have an internal disability (heart, kidneys …)?",
          "かぞく に しょうがいしゃてちょう を もって いる ひと は いますか"),
        hint: yesNoHint, choices: [])
    case .planned(.fact(let missing)):
      let fact = vocabulary.facts[missing.fact]
      var question = fact.question.text(language)
      if question.isEmpty { question = fact.label.text(language) }
      if let member = missing.member, language == .en, question.contains("this person") {
        // "Is this person a student?" → "Are you a student?", "Is your child 1 a student?".
        let who = subject(member, session)
        if member == 0 {
          question = question.replacing("Is this person", with: "Are you").replacing("Does this person", with: "Do you")
            .replacing("this person", with: "you")
        } else {
          question = question.replacing("this person", with: who)
        }
      } else if let member = missing.member, household.members.count > 1 || member != 0 {
        let who = subject(member, session)
        question = pick("\(who)について：\(question)", "About \(who): \(question)", "\(who) に ついて：\(question)")
      }
      return InterviewPrompt(
        question: question, hint: hint(for: fact), choices: session.choices(for: step).map { $0.label.text(language) })
    }
  }

  /// The help for a question: what it means and how to answer.
  package func help(for step: InterviewSession.Step, in session: InterviewSession) -> String {
    var lines: [String] = []
    switch step {
    case .municipality:
      if let help = session.catalog.vocabulary["municipality"]?.help.text(language), !help.isEmpty {
        lines.append(help)
      }
      lines.append(
        pick(
          "市区町村によって受けられる制度や窓口が変わります。わからなければ「わからない」で先に進めます。",
          "Some measures and every desk depend on where you live. 'skip' moves on without it.",
          "すむ まち で もらえる もの が かわります。"))
    case .birth:
      lines.append(
        pick(
          "年齢で受けられるかどうかが決まる制度があります。西暦・和暦（令和・平成・昭和）のどちらでも、年齢だけでも答えられます。",
          "Many measures depend on age. A Western or Japanese-era date works, or just an age in years.",
          "とし で きまる もの が あります。とし だけ でも いい です。"))
    case .concerns, .receiving, .goOn, .incomeBeforeLeave, .prefecture, .municipalityIn(prefecture: _), .screenings:
      lines.append(
        pick(
          "答えに合わせて、関係のある制度から先にお聞きします。", "The questions that matter for your answer come first.",
          "こたえ に あう もの から ききます。"))
    case .hasSpouse, .childCount, .otherCount, .role:
      lines.append(
        pick(
          "同じ家で暮らしている家族を教えてください。ひとり親家庭かどうかや、子どもの数で受けられる制度が変わります。",
          "Tell who lives in your home: many measures depend on the children and on whether you raise them alone.",
          "いっしょ に すむ かぞく を おしえて ください。"))
    case .planned(.screening(let group, _)) where group.anyoneFact() != nil:
      let fact = session.catalog.vocabulary.facts[group.anyoneFact()!]
      let help = fact.help.text(language)
      if !help.isEmpty { lines.append(help) }
      lines.append(
        pick(
          "「はい」なら、どなたのことかをひとりずつお聞きします。", "If yes, you will be asked who.",
          "「はい」なら だれ か を ききます。"))
    case .planned(.screening):
      lines.append(
        pick(
          "障がいのある方がいると受けられる手当があります。「いいえ」なら手帳についての質問は省きます。",
          "Some allowances are for people with disabilities. 'No' skips the questions about certificates.",
          "しょうがい が ある ひと が もらえる おかね が あります。"))
    case .planned(.fact(let missing)):
      let fact = session.catalog.vocabulary.facts[missing.fact]
      let help = fact.help.text(language)
      if !help.isEmpty { lines.append(help) }
      if let hint = hint(for: fact) { lines.append(hint) }
    }
    lines.append(commandsHelp)
    return lines.joined(separator: "\n")
  }

  package var yesNo: String { pick("はい / いいえ", "yes / no", "はい / いいえ") }

  private var yesNoHint: String { yesNo }

  private func hint(for fact: Fact) -> String? {
    switch fact.kind {
    case .bool: return yesNoHint
    case .money:
      return pick(
        "例：240万、２４０万円、2,400,000円（なければ0）", "e.g. 2400000, 2,400,000 or 240万 (0 if none)", "れい：240万円（ない とき は 0）")
    case .date: return pick("例：2016-05-10、平成28年5月10日、R6.4.1", "e.g. 2016-05-10 or R6.4.1", "れい：平成28年5月10日")
    case .integer(let range?):
      return pick(
        "\(range.lowerBound)〜\(range.upperBound)の数字で", "a number from \(range.lowerBound) to \(range.upperBound)",
        "\(range.lowerBound) から \(range.upperBound) の すうじ で")
    case .integer(nil): return pick("数字で", "a number", "すうじ で")
    case .choice: return pick("番号か言葉で", "the number or the words", "ばんごう で")
    case .text: return nil
    }
  }

  /// あなた / 1人目の子 / you / child 1.
  private func subject(_ member: Int, _ session: InterviewSession) -> String {
    if member == 0 { return pick("あなた", "you", "あなた") }
    let name = session.catalog.memberName(member, in: session.household, language: language)
    return language == .en ? "your \(name)" : name
  }

  private func ordinal(_ number: Int) -> String {
    switch number {
    case 1: "first"
    case 2: "second"
    case 3: "third"
    default: "\(number)th"
    }
  }

  // MARK: - Errors

  package func municipalityError(_ error: MunicipalityError) -> String {
    let separator = language == .en ? ", " : "・"
    func names(_ found: [Municipality]) -> String { found.map { $0.prefecture + $0.name }.joined(separator: separator) }
    switch error {
    case .unknown(let text, let suggestions):
      let hint =
        suggestions.isEmpty
        ? ""
        : suggestions.count == 1
          ? pick(
            "「\(names(suggestions))」のことですか？（そうなら「はい」）", " Did you mean \(names(suggestions))? (If so, answer 'yes'.)",
            "「\(names(suggestions))」 ですか？（そう なら「はい」）")
          : pick(
            "「\(names(suggestions))」のことですか？", " Did you mean \(names(suggestions))?", "「\(names(suggestions))」 ですか？")
      return pick(
        "「\(text)」という市区町村が見つかりません。\(hint)「古賀市」「福岡県古賀市」や団体コード（40223）で入力してください。",
        "No municipality called \"\(text)\".\(hint) Enter a name such as 古賀市 or 福岡県古賀市, or its code (40223).",
        "「\(text)」と いう まち が みつかりません。\(hint)")
    case .badCode(let text, let expected):
      let hint =
        expected.map {
          pick("\($0.prefecture)\($0.name)は \($0.code) です。", " \($0.prefecture)\($0.name) is \($0.code).", "")
        } ?? ""
      return pick(
        "「\(text)」という団体コードはありません。\(hint)市区町村名か5桁のコードで入力してください。",
        "No municipality has the code \"\(text)\".\(hint) Enter the name, or its 5-digit code.",
        "「\(text)」は ありません。まち の なまえ を かいて ください。")
    case .ambiguous(let text, let matches):
      return pick(
        "「\(text)」は複数あります（\(names(matches))）。都道府県名をつけて入力してください。",
        "There is more than one \(text) (\(names(matches))). Add the prefecture, as in \(matches[0].prefecture + matches[0].name).",
        "「\(text)」は いくつか あります（\(names(matches))）。けん の なまえ も かいて ください。")
    case .wrongPrefecture(let text, let prefecture, let found):
      return pick(
        "\(prefecture)に「\(text)」はありません（\(names(found))ならあります）。",
        "There is no \(text) in \(prefecture) (there is \(names(found))).",
        "\(prefecture) に「\(text)」は ありません。")
    }
  }

  package func notAChoice(_ text: String, _ labels: [String]) -> String {
    let numbered = labels.enumerated().map { "\($0 + 1). \($1)" }.joined(separator: language == .en ? ", " : "　")
    return pick(
      "「\(text)」は選択肢にありません。番号か言葉で答えてください（\(numbered)）。",
      "\"\(text)\" is not one of the choices. Answer with a number or the words (\(numbered)).",
      "ばんごう で こたえて ください（\(numbered)）。")
  }

  // MARK: - The end

  package func finished(questions: Int) -> String {
    pick(
      "質問は以上です（\(questions)問）。結果は次のとおりです。",
      "That's all the questions (\(questions) answered). Here is what you may get.",
      "しつもん は おわり です（\(questions)もん）。けっか です。")
  }

  package func stoppedEarly(questions: Int) -> String {
    pick(
      "ここまでの回答（\(questions)問）での結果です。", "The result from your answers so far (\(questions) questions).",
      "ここ まで の こたえ（\(questions)もん）の けっか です。")
  }

  package var menu: [String] {
    [
      pick("この回答を保存する", "Save these answers", "こたえ を のこす"),
      pick(
        "窓口に持っていく案内を書き出す（印刷用 HTML、.md なら Markdown）", "Write a handout to take to the desks (HTML to print, or .md)",
        "まどぐち に もっていく かみ を つくる"),
      pick("世帯のファイル（JSON）を書き出す", "Write the household to a file (JSON)", "ファイル に かく"),
      pick("制度をひとつ詳しく見る", "See one measure in detail", "ひとつ を くわしく みる"),
      pick("終わる", "Finish", "おわる"),
    ]
  }

  package var menuQuestion: String { pick("次にどうしますか", "What next?", "つぎ は どう しますか") }

  package var chooseMeasure: String {
    pick("どの制度を詳しく見ますか", "Which measure?", "どれ を みますか")
  }

  package func askName(suggestion: String) -> String {
    pick(
      "保存する名前を入力してください（空のままなら「\(suggestion)」）", "Name to save under (empty for \"\(suggestion)\")",
      "なまえ を かいて ください（かかない とき は「\(suggestion)」）")
  }

  /// A name as typed in a shell command: quoted when it holds spaces or characters the shell reads.
  package static func shellWord(_ name: String) -> String {
    let plain =
      name.unicodeScalars.allSatisfy { scalar in
        scalar.value > 0x7F || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
          || ("0"..."9").contains(scalar) || "-_.,:+@%/".unicodeScalars.contains(scalar)
      } && !name.isEmpty && !name.unicodeScalars.contains { $0 == "\u{3000}" }
    if plain { return name }
    return "'" + name.replacing("'", with: "'\\''") + "'"
  }

  /// The command that continues an interview, on a line of its own so that it can be copied whole.
  package func resumeCommand(_ name: String) -> String {
    commands.resume.map { "\n    " + $0(InterviewStrings.shellWord(name)) } ?? ""
  }

  /// The command that deletes a saved interview, on a line of its own.
  package func deleteCommand(_ name: String) -> String {
    commands.delete.map { "\n    " + $0(InterviewStrings.shellWord(name)) } ?? ""
  }

  package func saved(_ name: String) -> String {
    pick(
      "「\(name)」として保存しました。続きや見直しは次のコマンドで：", "Saved as \"\(name)\". Continue or review it with:",
      "「\(name)」で のこしました。つづき は：") + resumeCommand(name)
  }

  package func askPath(suggestion: String) -> String {
    pick(
      "書き出すファイル名（空のままなら \(suggestion)）", "File to write (empty for \(suggestion))",
      "ファイル の なまえ（かかない とき は \(suggestion)）")
  }

  package func handoutWritten(_ path: String) -> String {
    pick(
      "\(path) に書き出しました。ブラウザで開いて印刷できます（個人情報を含みます）。",
      "Wrote \(path): open it in a browser to print it (it holds personal data).",
      "\(path) に かきました。ブラウザ で ひらいて いんさつ できます。")
  }

  package func written(_ path: String) -> String {
    guard let check = commands.checkHousehold?(path) else {
      return pick("\(path) に書き出しました（個人情報を含みます）。", "Wrote \(path) (it holds personal data).", "\(path) に かきました。")
    }
    return pick(
      "\(path) に書き出しました（個人情報を含みます）。\(check) で読めます。", "Wrote \(path) (it holds personal data). Read it with: \(check)",
      "\(path) に かきました。")
  }

  package func fileExists(_ path: String) -> String {
    pick(
      "\(path) はすでにあります。別の名前にしてください。", "\(path) exists already; choose another name.",
      "\(path) は もう あります。べつ の なまえ に して ください。")
  }

  package var askSaveOnQuit: String {
    pick("ここまでの回答を保存しますか", "Save your answers so far?", "ここ まで の こたえ を のこしますか")
  }

  package var notSaved: String { pick("保存せずに終わります。", "Not saved.", "のこさず に おわります。") }

  package func interrupted(_ name: String) -> String {
    pick(
      "中断しました。ここまでの回答は「\(name)」に保存してあります。続きから：", "Stopped. Your answers so far are kept as \"\(name)\". To continue:",
      "とちゅう で おわりました。こたえ は「\(name)」に あります。つづき は：") + resumeCommand(name) + "\n"
      + pick("消すには：", "To delete them:", "けす には：") + deleteCommand(name)
  }

  package func keptForLater(_ name: String) -> String {
    pick(
      "ここまでの回答は「\(name)」に保存してあります。続きから：", "Your answers so far are kept as \"\(name)\". To continue:",
      "こたえ は「\(name)」に あります。つづき は：") + resumeCommand(name) + "\n"
      + pick("消すには：", "To delete them:", "けす には：") + deleteCommand(name)
  }

  /// After ``cannotSave(_:)`` in the middle of an interview.
  package var goingOnUnsaved: String {
    pick(
      "（質問はこのまま続けられます。保存できるようになれば、また保存します）",
      " (the interview goes on; answers are saved again as soon as that works)",
      "（しつもん は つづけられます）")
  }

  package var savingAgain: String {
    pick("回答をまた保存できるようになりました。", "Answers are being saved again.", "また のこせる ように なりました。")
  }

  /// When saving failed after `questions` answers were saved.
  package func partlyKept(_ name: String, questions: Int) -> String {
    pick(
      "保存できたのは\(questions)問目までの回答です（「\(name)」）。続きから：",
      "Only the first \(questions) answer(s) are saved, as \"\(name)\". To continue:",
      "「\(name)」に \(questions)もん め まで の こたえ が あります。") + resumeCommand(name)
  }

  /// Stopped by a signal when not every answer is saved; `saved` says what is (``partlyKept(_:questions:)``), if any.
  package func stopped(saved: String?) -> String {
    guard let saved else { return pick("中断しました。", "Stopped.", "とちゅう で おわりました。") }
    return pick("中断しました。\(saved)", "Stopped. \(saved)", "とちゅう で おわりました。\(saved)")
  }

  /// ``cannotSave(_:)`` for a store error: a full disk is said in the session's language.
  package func cannotSave(_ error: InterviewStoreError) -> String {
    guard case .diskFull(let file) = error.kind else { return cannotSave(error.message) }
    return pick(
      "回答を保存できません：ディスクがいっぱいです（\(file)）", "Cannot save answers: the disk is full (\(file))",
      "のこせません：きろく する ばしょ が いっぱい です")
  }

  package func cannotSave(_ reason: String) -> String {
    pick("回答を保存できません：\(reason)", "Cannot save answers: \(reason)", "のこせません：\(reason)")
  }

  package var goodbye: String { pick("おつかれさまでした。", "Goodbye.", "おつかれさま でした。") }

  package var invalidMenuChoice: String {
    pick("番号か名前で選んでください。", "Please choose a number or type a name.", "ばんごう で えらんで ください。")
  }
}
