import Testing

@testable import ShienFacts
@testable import ShienSupport

/// Input written to hurt: each case ends in an error that names the place, or in a correct answer, and never in a
/// crash, a hang or unbounded memory. Cases the fuzzers (Fuzz/) found are kept here too.
@Suite struct HostileInputTests {
  /// The error the household decoder gives for `bytes`, as the command line shows it, or nil when it accepts them.
  static func householdError(_ bytes: [UInt8]) -> String? {
    do {
      _ = try HouseholdDecoder(vocabulary: Fixtures.vocabulary).decode(bytes)
      return nil
    } catch {
      return error.description
    }
  }

  static func householdError(_ text: String) -> String? { householdError(Array(text.utf8)) }

  @Test(arguments: [
    (#"{"members": [{"role": "self", "income": 1e400}]}"#, "1:41: number out of range"),
    (
      #"{"members": [{"role": "self", "income": 99999999999999999999}]}"#,
      "members[0].income: "
    ),
    (#"{"members": [{"role": "self", "income": -1}]}"#, "members[0].income: money cannot be negative (-1)"),
    (#"{"members": [{"role": "self", "income": -0.5}]}"#, "members[0].income: money cannot be negative"),
    (#"{"members": [{"role": "self", "income": true}]}"#, "members[0].income: "),
    (#"{"members": [{"role": "self", "income": [1]}]}"#, "members[0].income: "),
    (#"{"members": [{"role": "self", "income": {"yen": 1}}]}"#, "members[0].income: "),
    (#"{"members": [{"role": 1}]}"#, "members[0].role: "),
    (#"{"members": [{"role": null}]}"#, "members[0].role: "),
    (#"{"members": [{"role": "SELF"}]}"#, "members[0].role: 'SELF' is not one of"),
    (#"{"members": [{"role": "self\u0000"}]}"#, "members[0].role: "),
    (#"{"members": [{"role": "self", "birth_date": "1990-13-01"}]}"#, "members[0].birth_date: "),
    (#"{"members": [{"role": "self", "birth_date": "0000-00-00"}]}"#, "members[0].birth_date: "),
    (#"{"members": [{"role": "self", "birth_date": "99999-01-01"}]}"#, "members[0].birth_date: "),
    (#"{"members": [{"role": "self", "birth_date": 19900101}]}"#, "members[0].birth_date: "),
    (#"{"members": [{"role": "self", "age": -1}]}"#, "members[0].age: "),
    (#"{"members": [{"role": "self", "age": 1e300}]}"#, "members[0].age: "),
    (#"{"members": [{"role": "self", "age": 2.5}]}"#, "members[0].age: "),
    (#"{"as_of": "2025-02-29", "members": [{"role": "self"}]}"#, "as_of: "),
    (#"{"members": {"role": "self"}}"#, "members: "),
    (#"{"members": ["self"]}"#, "members[0]: "),
    (#"{"members": [[]]}"#, "members[0]: "),
    (#"{"members": [{"role": "self"}], "rent": "a lot"}"#, "rent: "),
    ("{\"members\": [{\"role\": \"self\"}], \"id\": \"\u{FEFF}\"}", ""),
    ("   ", "empty input"),
    ("\u{FEFF}", "empty input"),
    ("null", "expected an object for the household"),
    ("{\"members\": [{\"role\": \"self\"}]}\u{0}", "unexpected text after the JSON value"),
  ])
  func brokenHouseholdsNameThePlace(document: String, expected: String) {
    let error = Self.householdError(document)
    if expected.isEmpty {
      #expect(error == nil)
    } else {
      #expect(error?.contains(expected) == true, "\(String(describing: error))")
    }
  }

  @Test func invalidUTF8AnywhereIsAnErrorWithItsPlace() {
    // A lone continuation byte, an overlong encoding, a surrogate encoded in UTF-8, and a truncated sequence.
    for bad: [UInt8] in [[0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE3, 0x81]] {
      let document = Array(#"{"members": [{"role": "self", "name": ""#.utf8) + bad + Array(#""}]}"#.utf8)
      let error = Self.householdError(document)
      #expect(error?.hasPrefix("1:40: invalid UTF-8") == true, "\(bad): \(String(describing: error))")
    }
    #expect(Self.householdError([0xFF, 0xFE, 0x7B, 0x7D]) != nil)
  }

  @Test func deepNestingInsideAMemberIsRefused() {
    let deep = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
    let error = Self.householdError(#"{"members": [{"role": "self", "income": "# + deep + "}]}")
    #expect(error?.contains("nesting deeper than 64 levels") == true, "\(String(describing: error))")
  }

  @Test func thousandsOfMembersAreRefusedNamingTheLimit() {
    let members = Array(repeating: #"{"role": "child"}"#, count: 5000).joined(separator: ",")
    let error = Self.householdError("{\"members\": [\(members)]}")
    #expect(error?.contains("members") == true, "\(String(describing: error))")
    #expect(error?.contains("64") == true, "\(String(describing: error))")
  }

  @Test func aTenMegabyteStringIsRefusedNotEchoed() {
    let huge = String(repeating: "あ", count: 3_500_000)  // 10.5 MB of UTF-8
    for field in ["id", "municipality"] {
      let error = Self.householdError("{\"\(field)\": \"\(huge)\", \"members\": [{\"role\": \"self\"}]}")
      #expect(error?.contains(field) == true, "\(String(describing: error?.prefix(300)))")
      #expect((error?.utf8.count ?? 0) < 1000, "the message repeats the input")
    }
    let key = Self.householdError("{\"members\": [{\"role\": \"self\", \"\(huge)\": 1}]}")
    #expect(key?.hasPrefix("1:31: members[0].ああああ") == true, "\(String(describing: key?.prefix(300)))")
    let householdKey = Self.householdError("{\"\(huge)\": 1, \"members\": [{\"role\": \"self\"}]}")
    #expect(householdKey?.contains("unknown fact 'ああああ") == true)
    #expect((householdKey?.utf8.count ?? 0) < 1000, "the message repeats the input")
    #expect((key?.utf8.count ?? 0) < 1000, "the message repeats the input")
  }

  @Test func aTenMegabyteNumberIsRefused() {
    let digits = String(repeating: "9", count: 10_000_000)
    let error = Self.householdError(#"{"members": [{"role": "self", "income": "# + digits + "}]}")
    #expect(error != nil)
    #expect((error?.utf8.count ?? 0) < 1000, "the message repeats the input")
  }

  @Test(arguments: [
    "99999999999999999999円", "1e400", "-5万円", "−5万円", "１０００兆円", "9223372036854775807", "9223372036854775808円",
    "9999999999999999999999999999999999999999万", "0x10", "nan", "inf", "", " ", "万", "円", "億万", "1.2.3万",
  ])
  func hostileMoneyIsAnErrorNotACrash(text: String) {
    do {
      let yen = try EverydayInput.money(text)
      #expect(yen >= 0 && yen <= EverydayInput.largestMoney, "\(text) gave \(yen)")
    } catch {
      #expect(!error.message(language: .en).isEmpty)
    }
  }

  @Test(arguments: [
    "令和99999999999999999999年1月1日", "2025-02-30", "R7.2.29", "平成31年5月1日", "昭和0年1月1日", "大正16年1月1日",
    "9999999999-01-01", "-1-01-01", "2025/13/01", "0/0/0", "明治1年1月1日", "",
  ])
  func hostileDatesAreAnErrorNotACrash(text: String) {
    #expect(throws: EverydayInputError.self) { try EverydayInput.date(text) }
  }

  @Test(arguments: ["999", "-1", "99999999999999999999", "1e3", "１５０さい", "", "歳"])
  func hostileAgesAreAnErrorNotACrash(text: String) {
    #expect(throws: EverydayInputError.self) { try EverydayInput.age(text) }
  }

  @Test func aTenMegabyteAnswerIsReadInLinearTime() {
    let huge = String(repeating: "1", count: 10_000_000)
    #expect(throws: EverydayInputError.self) { try EverydayInput.money(huge) }
    #expect(throws: EverydayInputError.self) { try EverydayInput.age(huge) }
    #expect(throws: EverydayInputError.self) { try EverydayInput.date(huge) }
    #expect(throws: EverydayInputError.self) { try EverydayInput.yesNo(huge) }
  }

  @Test func aFutureDateOrAgeIsRefused() {
    #expect(throws: EverydayInputError.self) {
      try EverydayInput.dateOrAge("2099-01-01", on: Fixtures.date("2025-06-01"))
    }
  }
}

@Suite struct TerminalSafeTests {
  @Test func controlsAndOverridesBecomeQuestionMarks() {
    #expect(terminalSafe("plain 古賀市") == "plain 古賀市")
    #expect(terminalSafe("a\u{1B}[2Jb\u{7F}c\u{9B}d\u{202E}e\u{2066}f\u{0}") == "a?[2Jb?c?d?e?f?")
    #expect(terminalSafe("one\ntwo\tthree\r") == "one\\ntwo\\tthree\\r")
    #expect(terminalSafe("one\ntwo\u{1B}", keepingLineBreaks: true) == "one\ntwo?")
  }
}
