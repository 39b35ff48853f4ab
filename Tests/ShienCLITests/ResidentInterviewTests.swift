import Foundation
import Testing

@testable import ShienCatalog

/// The four residents of issue 17 — a 古賀市 mother of two with a newborn, a 岡崎市 couple with a baby (she on
/// childcare leave, last year's income given as 0), a self-employed English speaker in 新発田市 with a child of 16, and
/// the README's 古賀市 single parent — answering `shien interview` as people type (the same personas as
/// scripts/interview/residents.py). Each answer is chosen by words of the question; anything else gets "わからない".
private struct Resident {
  var name: String
  var language: String
  var persona: [(words: String, answer: String)]
  /// The most questions this resident may be asked (the measured count, so that a rise fails).
  var maxQuestions: Int
  /// What the first screen of the result must show.
  var firstScreen: [String]
  /// What the result must show further down.
  var later: [String] = []
}

private let kogaNewborn: [(String, String)] = [
  ("次にあてはまる方はいますか（いくつでも）", "雇用保険に加入"), ("都道府県を番号", "古賀市"), ("市区町村", "こがし"), ("あなたの生年月日", "1994/5/1"),
  ("配偶者（夫・妻）と", "はい"),
  ("配偶者の生年月日", "1990/4/1"), ("子どもは何人", "２"), ("1人目の子の生年月日", "2023/8/1"), ("2人目の子の生年月日", "2026/11/20"),
  ("ほかに一緒に", "いない"), ("続けますか", "いいえ"), ("困っていること", "1"), ("受け取っているもの", "なし"),
  ("あなたについて：昨年の年収", "0"), ("配偶者について：昨年の年収", "450万"), ("あなたについて：お仕事", "働いていない"),
  ("配偶者について：お仕事", "会社員"), ("あなたについて：どの健康保険", "扶養"), ("配偶者について：どの健康保険", "社保"),
  ("配偶者について：妊娠", "いいえ"), ("妊娠", "産後"), ("亡くなり", "いいえ"), ("障害者手帳", "いいえ"),
  ("あなたについて：今、雇用保険", "いいえ"), ("雇用保険", "はい"), ("育児休業", "取っていない"), ("入院", "いいえ"),
  ("学生", "いいえ"), ("求職", "いいえ"), ("生活保護", "いいえ"), ("住民税", "いいえ"), ("預貯金", "200万"), ("家賃", "7万"),
  ("離職", "いいえ"), ("施設", "いいえ"),
]

private let okazakiLeave: [(String, String)] = [
  ("次にあてはまる方はいますか（いくつでも）", "雇用保険に加入"), ("のことですか", "はい"), ("市区町村", "岡崎"), ("あなたの生年月日", "平成2年1月1日"), ("配偶者（夫・妻）と", "はい"),
  ("配偶者の生年月日", "H4.7.7"),
  ("子どもは何人", "1人"), ("子の生年月日", "2026/10/15"), ("ほかに一緒に", "いません"), ("続けますか", "いいえ"),
  ("困っていること", "1"), ("受け取っているもの", "なし"), ("休業前", "１２０まんえん"), ("あなたについて：昨年の年収", "450万"),
  ("配偶者について：昨年の年収", "0"), ("お仕事", "会社員"), ("どの健康保険", "社保"), ("あなたについて：妊娠", "いいえ"),
  ("妊娠", "産後"), ("亡くなり", "いいえ"), ("障害者手帳", "いいえ"), ("雇用保険", "はい"), ("配偶者について：育児休業", "育休中"),
  ("あなたについて：育児休業", "取っていない"), ("育児休業", "はい"), ("入院", "いいえ"), ("学生", "いいえ"), ("求職", "いいえ"),
  ("生活保護", "いいえ"), ("住民税", "いいえ"), ("預貯金", "300万"), ("家賃", "8万"), ("離職", "いいえ"), ("施設", "いいえ"),
]

private let shibataEnglish: [(String, String)] = [
  ("apply to someone in your household", "none"), ("prefecture", "新発田市"), ("live in?", "Shibata"),
  ("What is your date of birth", "March 3, 1982"),
  ("live with a spouse", "yes"), ("date of birth of your spouse", "3/15/1982"), ("How many children", "one"),
  ("date of birth of your child", "16 years old"), ("How many other people", "none"), ("Go on?", "no"),
  ("trouble", "2"), ("already receiv", "none"), ("About you: What was the gross income", "3 million yen"),
  ("About your spouse: What was the gross income", "2.5 million yen"),
  ("About you: What kind of work", "self employed"),
  ("About your spouse: What kind of work", "full time"), ("business expenses", "500000"), ("pregnan", "no"),
  ("died", "no"), ("disability", "no"), ("high-school course", "full time"), ("national, public or private", "public"),
  ("a student", "yes"), ("hospital", "no"), ("public assistance", "no"), ("resident tax", "no"), ("lose a job", "no"),
  ("looking for work", "no"), ("care facility", "no"),
]

private let kogaSingleParent: [(String, String)] = [
  ("次にあてはまる方はいますか（いくつでも）", "なし"), ("市区町村", "古賀市"), ("あなたの生年月日", "平成2年6月15日"), ("配偶者（夫・妻）と", "いいえ"), ("子どもは何人", "２"),
  ("1人目の子の生年月日", "2016/5/10"), ("2人目の子の生年月日", "R5.1.20"), ("ほかに一緒に", "いない"), ("続けますか", "いいえ"),
  ("困っていること", "6"), ("受け取っているもの", "1"), ("年収", "２４０万円"), ("障害者手帳", "いいえ"), ("お仕事", "会社員"),
  ("妊娠", "妊娠してない"), ("学生", "いいえ"), ("亡くなり", "なし"), ("健康保険", "社保"), ("求職", "いいえ"),
  ("生活保護", "いいえ"), ("住民税", "いいえ"), ("入院", "いいえ"), ("預貯金", "50万"), ("育児休業", "なし"), ("家賃", "65000"),
]

/// The single parent in English and in やさしい日本語: the same answers, found by the words of those languages.
private let kogaSingleParentEnglish: [(String, String)] = [
  ("apply to someone in your household", "none"), ("live in?", "古賀市"), ("What is your date of birth", "June 15, 1990"),
  ("live with a spouse", "no"),
  ("How many children", "two"), ("date of birth of your child 1", "5/10/2016"),
  ("date of birth of your child 2", "January 20, 2023"),
  ("How many other people", "none"), ("Go on?", "no"), ("trouble", "6"), ("already receiv", "1"),
  ("gross income", "2.4 million yen"), ("disability", "no"), ("kind of work", "full time"), ("pregnan", "no"),
  ("student", "no"), ("died", "no"), ("health insurance", "2"), ("looking for work", "no"), ("public assistance", "no"),
  ("resident tax", "no"), ("hospital", "no"), ("savings", "500 thousand yen"), ("childcare leave", "no"),
  ("rent", "65000 yen"),
]

private let kogaSingleParentEasy: [(String, String)] = [
  ("ひと は いますか（いくつ でも）", "なし"), ("すんで いますか", "古賀市"), ("あなた の うまれた ひ", "H2.6.15"), ("おっと・つま", "いいえ"),
  ("こども は なんにん", "ふたり"),
  ("1ばんめ の こども の うまれた ひ", "2016/5/10"), ("2ばんめ の こども の うまれた ひ", "R5.1.20"), ("ほか に いっしょ に", "いない"),
  ("つづけますか", "いいえ"), ("こまって", "6"), ("もらって いる", "1"), ("きょねん", "240まんえん"), ("しょうがい", "いいえ"),
  ("はたらきかた", "かいしゃいん"), ("にんしん", "いいえ"), ("がっこう", "いいえ"), ("なくなり", "いいえ"), ("けんこう ほけん", "2"),
  ("しごと を さがして", "いいえ"), ("せいかつほご", "いいえ"), ("じゅうみんぜい", "いいえ"), ("にゅういん", "いいえ"),
  ("ちょきん", "50まん"), ("いくじきゅうぎょう", "いいえ"), ("いえ の おかね", "65000"),
]

private let residents: [Resident] = [
  Resident(
    name: "koga-newborn", language: "ja", persona: kogaNewborn, maxQuestions: 22,
    firstScreen: ["■ 受けられる見込みのもの", "● 児童手当", "期限: 2026-12-07まで", "窓口: 古賀市"]),
  Resident(
    name: "okazaki-leave", language: "ja", persona: okazakiLeave, maxQuestions: 24,
    firstScreen: ["■ 受けられる見込みのもの", "愛知県岡崎市", "期限: 20"]),
  Resident(
    name: "shibata-english", language: "en", persona: shibataEnglish, maxQuestions: 28,
    firstScreen: ["新潟県新発田市 ・ as of 2026-12-01", "■ Likely eligible", "● Child Allowance"]),
  Resident(
    name: "koga-single-parent", language: "ja", persona: kogaSingleParent, maxQuestions: 17,
    firstScreen: ["■ 受けられる見込みのもの", "窓口: 古賀市 子育て支援課"], later: ["■ 受給中のもの（1件）"]),
  Resident(
    name: "koga-single-parent-en", language: "en", persona: kogaSingleParentEnglish, maxQuestions: 17,
    firstScreen: ["■ Likely eligible", "Desk: "], later: ["■ Already receiving (1)"]),
  Resident(
    name: "koga-single-parent-easy", language: "ja-easy", persona: kogaSingleParentEasy, maxQuestions: 17,
    firstScreen: ["■ もらえそう な もの"], later: ["■ もう もらって いる もの（1）"]),
]

/// Reads each question on standard error and answers it from the persona; returns what shien said and printed.
private func converse(_ resident: Resident, data: URL) throws -> (questions: Int?, refused: Int, output: Shien.Output) {
  let process = Process()
  let input = Pipe()
  let errors = Pipe()
  let outURL = data.appendingPathComponent("stdout")
  _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
  process.executableURL = Shien.binary
  process.arguments = ["interview", "--as-of", "2026-12-01", "--lang", resident.language]
  var env = ProcessInfo.processInfo.environment
  for (key, value) in [
    "LANG": "ja_JP.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "100", "XDG_DATA_HOME": data.path,
  ] {
    env[key] = value
  }
  env.removeValue(forKey: "SHIEN_CATALOG")
  process.environment = env
  process.standardInput = input
  process.standardError = errors
  process.standardOutput = try FileHandle(forWritingTo: outURL)
  try process.run()
  var bytes: [UInt8] = []
  var consumed = 0
  var refused = 0
  var answers = 0
  var repeatedRefusals = 0
  reading: while answers < 60 {
    while !(bytes.count >= consumed + 2 && bytes.suffix(2) == Array("> ".utf8)) {
      let chunk = errors.fileHandleForReading.availableData
      if chunk.isEmpty { break reading }
      bytes += chunk
    }
    let said = String(decoding: bytes[consumed...], as: UTF8.self)
    consumed = bytes.count
    if said.contains("次にどうしますか") || said.contains("What next?") || said.contains("つぎ は どう しますか") { break }
    // The first line is the echo of the last answer; a refusal starts with "!" (twice in a row: skip the question).
    let lines = said.split(separator: "\n").dropFirst()
    let isRefusal = lines.contains { $0.hasPrefix("!") }
    if isRefusal { refused += 1 }
    repeatedRefusals = isRefusal ? repeatedRefusals + 1 : 0
    let text = lines.joined(separator: "\n")
    let answer = resident.persona.first { text.contains($0.words) }?.answer ?? "わからない"
    input.fileHandleForWriting.write(Data((repeatedRefusals >= 2 ? "?" : answer).utf8 + [10]))
    answers += 1
  }
  try input.fileHandleForWriting.close()
  bytes += errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  let stderr = String(decoding: bytes, as: UTF8.self)
  let output = Shien.Output(
    status: process.terminationStatus, stdout: try String(contentsOf: outURL, encoding: .utf8), stderr: stderr)
  var questions: Int?
  for marker in ["質問は以上です（", "(", "しつもん は おわり です（"] {
    for part in stderr.components(separatedBy: marker).dropFirst() {
      let digits = part.prefix { $0.isNumber }
      if !digits.isEmpty,
        part.dropFirst(digits.count).hasPrefix("問）") || part.dropFirst(digits.count).hasPrefix(" answered)")
          || part.dropFirst(digits.count).hasPrefix("もん）")
      {
        questions = Int(digits)
      }
    }
  }
  return (questions, refused, output)
}

@Suite struct ResidentInterviewTests {
  @Test(arguments: residents.map(\.name))
  func aResidentFinishesWithinTheirQuestionsAndSeesWhatToDoFirst(name: String) throws {
    let resident = try #require(residents.first { $0.name == name })
    let data = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let (questions, refused, output) = try converse(resident, data: data)
    #expect(output.status == 0)
    let asked = try #require(questions, "\(output.stderr.suffix(600))")
    #expect(asked <= resident.maxQuestions, "\(name) was asked \(asked) questions")
    // The typed answers of the issue are all read: the only refusal is a place name shien cannot read (romaji, kana,
    // 岡崎 without 市), which gets a suggestion or the list of prefectures.
    #expect(refused <= 1, "\(output.stderr)")
    // The first screen of the result: what to apply for (or what is received), with dates and desks.
    let firstScreen = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(40)
      .joined(separator: "\n")
    for text in resident.firstScreen {
      #expect(firstScreen.contains(text), "\(name): \(text)\n\(firstScreen)")
    }
    for text in resident.later { #expect(output.stdout.contains(text), "\(name): \(text)") }
    // Nothing is left behind by a scripted run.
    let saved = try Shien.run(["saved"], environment: ["XDG_DATA_HOME": data.path])
    #expect(saved.stdout == "no saved interviews\n")
  }
}
