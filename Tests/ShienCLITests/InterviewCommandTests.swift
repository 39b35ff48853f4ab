import Foundation
import Testing

@testable import ShienSupport

/// The members of a single parent with two children in 古賀市, typed as people type them — with a step back and a
/// date that does not exist. What comes after them depends on the catalog: see ``kogaParent``.
private let kogaMembers = ["古賀市", "平成2年6月15日", "いいえ", "２", "2016/5/10", "戻る", "2016/5/10", "R5.1.32", "R5.1.20", "0"]

/// The same parent's answers to whatever the interview asks next, by words of the question (the first that appears in
/// it wins: 亡くなりました before 健康保険, since the question about a death asks for the deceased's insurance); every
/// other question gets "わからない", as people say when they are not sure.
private let kogaParent: [(words: String, answer: String)] = [
  ("年収", "２４０万円"), ("障害者手帳", "いいえ"), ("お仕事の形", "会社員"), ("雇用保険", "わからない"), ("妊娠", "なし"),
  ("学生", "いいえ"), ("亡くなりました", "なし"), ("健康保険", "2"), ("求職", "いいえ"), ("生活保護", "いいえ"), ("住民税", "いいえ"), ("入院", "いいえ"),
  ("預貯金", "50万"), ("育児休業", "なし"), ("必要経費", "0"),
]

/// Talks with `shien interview` as a person would: reads each question from standard error and answers it.
private final class Conversation {
  private let process = Process()
  private let input = Pipe()
  private let errors = Pipe()
  private let output: URL
  private var bytes: [UInt8] = []
  private var consumed = 0
  private(set) var questions: [String] = []

  init(_ arguments: [String], data: URL, environment: [String: String] = [:]) throws {
    output = data.appendingPathComponent("stdout-\(UUID().uuidString)")
    FileManager.default.createFile(atPath: output.path, contents: nil)
    process.executableURL = Shien.binary
    process.arguments = ["interview", "--as-of", "2025-06-01"] + arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in [
      "LANG": "ja_JP.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "100", "XDG_DATA_HOME": data.path,
    ] {
      env[key] = value
    }
    env.removeValue(forKey: "SHIEN_CATALOG")
    env.merge(environment) { $1 }
    process.environment = env
    process.standardInput = input
    process.standardError = errors
    process.standardOutput = try FileHandle(forWritingTo: output)
    try process.run()
  }

  /// Everything shien has said on standard error so far.
  var transcript: String { String(decoding: bytes, as: UTF8.self) }

  /// What shien said since the last answer, once it waits for the next one; nil when it ended instead.
  func nextQuestion() -> String? {
    while true {
      if bytes.count >= consumed + 2, bytes.suffix(2) == Array("> ".utf8) {
        let said = String(decoding: bytes[consumed...], as: UTF8.self)
        consumed = bytes.count
        questions.append(said)
        return said
      }
      let data = errors.fileHandleForReading.availableData
      if data.isEmpty { return nil }
      bytes += data
    }
  }

  func say(_ line: String) {
    input.fileHandleForWriting.write(Data((line + "\n").utf8))
  }

  /// Answers every question the way `persona` says (わからない to the others), until the menu after the result.
  func answerQuestions(_ persona: [(words: String, answer: String)]) {
    while let said = nextQuestion(), !said.contains("次にどうしますか") {
      say(persona.first { said.contains($0.words) }?.answer ?? "わからない")
    }
  }

  /// Ends the input and waits for shien to finish.
  func finish() throws -> Shien.Output {
    try input.fileHandleForWriting.close()
    bytes += errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Shien.Output(
      status: process.terminationStatus, stdout: try String(contentsOf: output, encoding: .utf8), stderr: transcript)
  }
}

/// Runs `shien interview` with `answers` on standard input, one per line, saving into its own data folder.
private func interview(
  _ answers: [String], arguments: [String] = [], data: URL, environment: [String: String] = [:]
) throws -> Shien.Output {
  var env = ["XDG_DATA_HOME": data.path, "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "100"]
  env.merge(environment) { $1 }
  return try Shien.run(
    ["interview", "--as-of", "2025-06-01"] + arguments, stdin: answers.map { $0 + "\n" }.joined(), environment: env)
}

private func saved(_ data: URL, _ arguments: [String] = []) throws -> Shien.Output {
  try Shien.run(["saved"] + arguments, environment: ["XDG_DATA_HOME": data.path])
}

/// The number in 「質問は以上です（N問）」.
private func questionsAsked(_ stderr: String) -> Int? {
  guard let range = stderr.range(of: "質問は以上です（") else { return nil }
  return Int(stderr[range.upperBound...].prefix { $0.isNumber })
}

private func permissions(_ path: String) throws -> Int {
  try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
}

@Suite struct InterviewCommandTests {
  let data: URL

  init() throws {
    data = try Shien.temporaryDirectory()
  }

  @Test func aSingleParentInKogaIsToldAboutBothAllowancesInAtMost25Questions() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let conversation = try Conversation([], data: data)
    for answer in kogaMembers {
      _ = conversation.nextQuestion()
      conversation.say(answer)
    }
    conversation.answerQuestions(kogaParent)
    let output = try conversation.finish()
    #expect(output.status == 0)
    let asked = try #require(questionsAsked(output.stderr), "\(output.stderr)")
    #expect(asked <= 25)
    // The result, as `shien check` renders it: amounts, documents, the desk.
    #expect(output.stdout.contains("福岡県古賀市 ・ 2025-06-01 時点"))
    #expect(output.stdout.contains("● 児童手当  月額 25,000円"))
    #expect(output.stdout.contains("● 児童扶養手当  月額 57,720円"))
    for measure in ["● 児童手当", "● 児童扶養手当"] {
      let section = try #require(
        output.stdout.components(separatedBy: measure).last?.components(separatedBy: "\n● ").first)
      #expect(section.contains("持ち物:"), "\(measure)")
      #expect(section.contains("窓口: 古賀市"), "\(measure): the city's own desk")
      #expect(section.contains("手続き:"), "\(measure)")
    }
    // A date that does not exist got a short message and the question again; 戻る went back one question.
    #expect(output.stderr.contains("「R5.1.32」（2023年1月32日）という日はありません。"))
    #expect(output.stderr.components(separatedBy: "2人目の子の生年月日を教えてください").count - 1 == 3)
    #expect(output.stderr.components(separatedBy: "1人目の子の生年月日を教えてください").count - 1 == 2)
    #expect(output.stderr.contains("わからないままにしておきます。"))
    #expect(output.stderr.contains("あと約"))
    #expect(output.stderr.contains("受けられそうな支援 "))
    #expect(!output.stdout.contains("\u{1B}[") && !output.stderr.contains("\u{1B}["), "no colour without a terminal")
  }

  @Test func theEndOfAScriptedRunEndsCleanlyWithTheResultSoFarAndLeavesNothingBehind() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let output = try interview(["古賀市", "35"], data: data)
    #expect(output.status == 0)
    #expect(output.stdout.contains("福岡県古賀市 ・ 2025-06-01 時点"))
    #expect(output.stderr.contains("ここまでの回答（2問）での結果です。"))
    #expect(!output.stderr.contains("shien interview --resume "))
    let list = try saved(data)
    #expect(list.status == 0)
    #expect(list.stdout == "no saved interviews\n")
  }

  @Test func saveHintsAreWholeCommandsWithTheNameQuoted() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let output = try interview(["古賀市", "35", "やめる", "はい", "my family's"], data: data)
    #expect(output.stderr.contains("\n    shien interview --resume 'my family'\\''s'\n"))
    #expect(try saved(data).stdout.hasPrefix("my family's"))
  }

  @Test func aSavedInterviewResumesWhereItStopped() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    _ = try interview(Array(kogaMembers.prefix(5)) + ["やめる", "はい", "koga"], data: data)
    let name = try #require(try saved(data).stdout.split(separator: " ").first.map(String.init))
    let directory = data.appendingPathComponent("shien").path
    #expect(try permissions(directory) == 0o700)
    #expect(try permissions(directory + "/interviews.sqlite") == 0o600)
    let document = try Shien.json(try saved(data, ["--export", name]).stdout)
    #expect(document["municipality"] as? String == "古賀市")
    #expect((document["members"] as? [[String: Any]])?.count == 3)
    // The rest, from where it stopped: the second child's birth date.
    let conversation = try Conversation(["--resume", name], data: data)
    let first = try #require(conversation.nextQuestion())
    #expect(first.contains("前回の続きから始めます。"))
    #expect(first.contains("2人目の子の生年月日"))
    conversation.say("R5.1.20")
    _ = conversation.nextQuestion()
    conversation.say("0")
    conversation.answerQuestions(kogaParent)
    conversation.say("1")
    _ = conversation.nextQuestion()
    conversation.say("")
    let resumed = try conversation.finish()
    #expect(resumed.status == 0)
    #expect(!resumed.stderr.contains("お住まいの市区町村はどこですか"))
    #expect(resumed.stdout.contains("● 児童扶養手当  月額 57,720円"))
    #expect(resumed.stderr.contains("「\(name)」として保存しました。"))
    #expect(try saved(data).stdout.contains("done"))
  }

  @Test func quittingAsksWhetherToSave() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let kept = try interview(["古賀市", "35", "やめる", "はい", "家族A"], data: data)
    #expect(kept.status == 0)
    #expect(kept.stderr.contains("ここまでの回答を保存しますか"))
    #expect(kept.stderr.contains("「家族A」として保存しました。"))
    #expect(try saved(data).stdout.hasPrefix("家族A"))
    let dropped = try interview(["古賀市", "35", "q", "いいえ"], data: data)
    #expect(dropped.stderr.contains("保存せずに終わります。"))
    let list = try saved(data).stdout
    #expect(list.split(separator: "\n").count == 1, "only 家族A: \(list)")
  }

  @Test func theHouseholdFileIsWrittenForCheck() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let path = data.appendingPathComponent("household.json").path
    let conversation = try Conversation(["--municipality", "古賀市"], data: data, environment: ["COLUMNS": "400"])
    for answer in ["平成2年6月15日", "いいえ", "２", "2016/5/10", "R5.1.20", "0"] {
      _ = conversation.nextQuestion()
      conversation.say(answer)
    }
    conversation.answerQuestions(kogaParent)
    for line in ["3", path, "5"] {
      conversation.say(line)
      _ = conversation.nextQuestion()
    }
    let output = try conversation.finish()
    #expect(output.status == 0)
    #expect(output.stderr.contains("\(path) に書き出しました"))
    #expect(try permissions(path) == 0o600)
    let check = try Shien.run(["check", "--household", path, "--format", "json"])
    #expect(check.status == 0)
    let document = try Shien.json(check.stdout)
    #expect(Shien.measure("child-support-allowance", in: document)?["status"] as? String == "eligible")
    // Finishing without saving leaves nothing behind.
    #expect(try saved(data).stdout == "no saved interviews\n")
  }

  @Test func theHandoutIsWrittenAsCheckWritesIt() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let html = data.appendingPathComponent("handout.html").path
    let markdown = data.appendingPathComponent("handout.md").path
    // Wide enough that the long temporary paths are not wrapped in the messages checked here.
    let conversation = try Conversation(["--municipality", "古賀市"], data: data, environment: ["COLUMNS": "400"])
    for answer in ["平成2年6月15日", "いいえ", "２", "2016/5/10", "R5.1.20", "0"] {
      _ = conversation.nextQuestion()
      conversation.say(answer)
    }
    conversation.answerQuestions(kogaParent)
    for line in ["2", html, "2", markdown, "2", markdown, "5"] {
      conversation.say(line)
      _ = conversation.nextQuestion()
    }
    let output = try conversation.finish()
    #expect(output.status == 0)
    #expect(output.stderr.contains("\(html) に書き出しました。ブラウザで開いて印刷できます"))
    #expect(output.stderr.contains("\(markdown) はすでにあります。"), "never overwrites a file")
    #expect(try permissions(html) == 0o600)
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.hasPrefix("<!DOCTYPE html>"))
    #expect(page.contains("児童扶養手当"))
    #expect(try String(contentsOfFile: markdown, encoding: .utf8).contains("児童手当"))
  }

  @Test func oneMeasureInDetail() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let conversation = try Conversation(["--municipality", "40223"], data: data)
    for answer in ["35", "いいえ", "1", "2016-05-10", "0"] {
      _ = conversation.nextQuestion()
      conversation.say(answer)
    }
    conversation.answerQuestions([])
    conversation.say("4")
    let list = try #require(conversation.nextQuestion())
    #expect(list.contains("どの制度を詳しく見ますか"))
    let number = try #require(
      list.split(separator: "\n").first { $0.hasSuffix(". 児童手当") }?.split(separator: ".").first.map(String.init))
    conversation.say(number.trimmingCharacters(in: .whitespaces))
    _ = conversation.nextQuestion()
    // A name works as well as a number.
    conversation.say("4")
    _ = conversation.nextQuestion()
    conversation.say("児童扶養手当")
    _ = conversation.nextQuestion()
    let output = try conversation.finish()
    #expect(output.stdout.contains("児童手当  [child-allowance]"))
    #expect(output.stdout.contains("児童扶養手当  [child-support-allowance]"))
    // In words for the resident: no rule text, parameter names or source file (those are for staff, in show).
    #expect(output.stdout.contains("受けられる人（すべてにあてはまること）"))
    #expect(!output.stdout.contains("条件（すべて満たすこと）"))
    #expect(!output.stdout.contains("ファイル:"))
    #expect(!output.stdout.contains("時点のパラメータ"))
  }

  @Test func helpExplainsTheQuestion() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let output = try interview(["古賀市", "help"], data: data)
    #expect(output.stderr.contains("年齢で受けられるかどうかが決まる制度があります"))
    #expect(output.stderr.contains("「戻る」（<）で前の質問"))
    let conversation = try Conversation(["--municipality", "古賀市"], data: data)
    for answer in ["35", "いいえ", "0", "0"] {
      _ = conversation.nextQuestion()
      conversation.say(answer)
    }
    let question = try #require(conversation.nextQuestion())
    conversation.say("help")
    let help = try #require(conversation.nextQuestion())
    let output2 = try conversation.finish()
    #expect(output2.status == 0)
    // The fact's own help text from facts.json, for whatever was asked first.
    #expect(help.count > question.count / 4)
    #expect(help.contains("「わからない」（?）で飛ばす"))
  }

  @Test func englishAndEasyJapanese() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let english = try interview(
      ["40223", "35", "no", "1", "2016-05-10", "0", "no", "2", "2400000"], data: data,
      environment: ["LANG": "en_US.UTF-8"])
    #expect(english.stderr.contains("Which city, ward, town or village do you live in?"))
    #expect(english.stderr.contains("about "))
    #expect(english.stdout.contains("Likely eligible"))
    #expect(english.stdout.contains("Child Allowance"))
    let easy = try interview(["古賀市"], arguments: ["--lang", "ja-easy"], data: data)
    #expect(easy.stderr.contains("あなた の うまれた ひ は いつ ですか"))
    // LC_ALL wins over LANG.
    let japanese = try interview([], data: data, environment: ["LANG": "en_US.UTF-8", "LC_ALL": "ja_JP.UTF-8"])
    #expect(japanese.stderr.contains("お住まいの市区町村はどこですか"))
  }

  @Test func theMunicipalityFromTheCommandLineIsNotAsked() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let output = try interview(["35"], arguments: ["--municipality", "福岡県古賀市"], data: data)
    #expect(output.status == 0)
    #expect(!output.stderr.contains("お住まいの市区町村はどこですか"))
    #expect(output.stdout.contains("福岡県古賀市"))
    let wrong = try interview([], arguments: ["--municipality", "古河市x"], data: data)
    #expect(wrong.status == 65)
    #expect(wrong.stderr.hasPrefix("shien: error: --municipality: "))
  }

  @Test func resumingAnUnknownNameSaysSo() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    _ = try interview(["古賀市", "35", "q", "y", "tanaka"], data: data)
    let output = try interview([], arguments: ["--resume", "tanka"], data: data)
    #expect(output.status == 66)
    #expect(output.stderr.contains("no saved interview named 'tanka'; did you mean 'tanaka'?"))
  }

  @Test func savedDeletesAndPurges() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    _ = try interview(["古賀市", "35", "q", "y", "one"], data: data)
    _ = try interview(["古賀市", "36", "q", "y", "two"], data: data)
    #expect(try saved(data, ["--delete", "one"]).stdout == "deleted 'one'\n")
    #expect(try saved(data, ["--delete", "one"]).status == 66)
    let purge = try saved(data, ["--purge"])
    #expect(purge.status == 0)
    #expect(purge.stdout.hasPrefix("removed 1 saved interview(s)"))
    #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("shien").path))
    #expect(try saved(data).stdout == "no saved interviews\n")
    #expect(try saved(data, ["--delete", "x", "--purge"]).status == 64)
  }

  @Test func theConversationWrapsAtTheWidth() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let output = try interview(
      kogaMembers + Array(repeating: "わからない", count: 40), data: data, environment: ["COLUMNS": "40"])
    for line in output.stderr.split(separator: "\n") where !line.hasPrefix("planner:") {
      #expect(displayWidth(line) <= 40, "\(line)")
    }
  }

  @Test func plannerTimingsOnRequest() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let answers = kogaMembers + Array(repeating: "わからない", count: 40)
    let output = try interview(answers, data: data, environment: ["SHIEN_PLANNER_TIMING": "1"])
    #expect(output.stderr.contains("planner: summary: "))
    #expect(output.stderr.contains(" choose median "))
    let quiet = try interview(answers, data: data)
    #expect(!quiet.stderr.contains("planner:"))
  }

  @Test func shienAloneWithoutATerminalExplainsItself() throws {
    let output = try Shien.run([], stdin: "")
    #expect(output.status == 0)
    #expect(output.stdout.contains("OVERVIEW:"))
    #expect(output.stdout.contains("interview"))
  }
}

/// Terminal columns: East Asian wide characters count two.
func displayWidth(_ text: some StringProtocol) -> Int {
  text.unicodeScalars.reduce(0) { width, scalar in
    let v = scalar.value
    let wide =
      (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
      || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xAC00...0xD7A3).contains(v)
      || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
    return width + (wide ? 2 : 1)
  }
}
