import Foundation
import Testing

/// The household as a user checks it: a single parent in 古賀市 with two children, the younger holding a 1級
/// certificate, at a date in FY2025, in FY2026, and past the FY2027 revision the catalog does not have yet.
@Suite struct CatalogTimeCLITests {
  static let household = """
    {"id": "H-2026", "municipality": "古賀市", "single_parent": true, "members": [
      {"role": "self", "birth_date": "1988-06-02", "income": 2400000, "employment": "employee",
       "disability_physical_grade": 0, "disability_intellectual_grade": "none", "disability_mental_grade": 0,
       "internal_disability": false, "student": false},
      {"role": "child", "birth_date": "2016-05-10", "disability_physical_grade": 0,
       "disability_intellectual_grade": "none", "disability_mental_grade": 0, "internal_disability": false},
      {"role": "child", "birth_date": "2020-01-20", "disability_physical_grade": 1,
       "disability_intellectual_grade": "none", "disability_mental_grade": 0, "internal_disability": false}]}
    """
  static let measures = "child-support-allowance,disabled-child-welfare-allowance,special-child-rearing-allowance"

  static func check(on date: String, _ extra: [String] = []) throws -> Shien.Output {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = try Shien.write(household, to: "household.json", in: directory)
    return try Shien.run(["check", "--household", file, "--as-of", date, "--measures", measures] + extra)
  }

  @Test func fy2026FiguresOnJune2026() throws {
    let output = try Self.check(on: "2026-06-01")
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains("● 児童扶養手当  月額 59,400円  [child-support-allowance]"))
    #expect(output.stdout.contains("● 障害児福祉手当  月額 16,560円  [disabled-child-welfare-allowance]"))
    #expect(output.stdout.contains("● 特別児童扶養手当  月額 38,930円〜58,450円  [special-child-rearing-allowance]"))
    #expect(!output.stdout.contains("未収録"))
  }

  @Test func fy2025FiguresOnJune2025() throws {
    let output = try Self.check(on: "2025-06-01")
    #expect(output.stdout.contains("● 児童扶養手当  月額 57,720円  [child-support-allowance]"))
    #expect(output.stdout.contains("● 障害児福祉手当  月額 16,100円  [disabled-child-welfare-allowance]"))
    #expect(output.stdout.contains("● 特別児童扶養手当  月額 37,830円〜56,800円  [special-child-rearing-allowance]"))
    #expect(!output.stdout.contains("未収録"))
  }

  @Test func pastTheFY2027RevisionTheAmountsAreToBeConfirmedNamingTheYear() throws {
    let output = try Self.check(on: "2027-05-01")
    #expect(output.status == 0)
    #expect(output.stdout.contains("● 児童扶養手当  月額 59,400円（要確認）  [child-support-allowance]"))
    #expect(output.stdout.contains("● 障害児福祉手当  月額 16,560円（要確認）  [disabled-child-welfare-allowance]"))
    #expect(output.stdout.contains("● 特別児童扶養手当  月額 38,930円〜58,450円（要確認）  [special-child-rearing-allowance]"))
    #expect(output.stdout.contains("  要確認: 全部支給の月額（第1子）：令和9年度の額が未収録のため、令和8年度の額で表示しています\n"))
    #expect(output.stdout.contains("  要確認: 月額：令和9年度の額が未収録のため、令和8年度の額で表示しています\n"))
    #expect(output.stdout.contains("  要確認: 1級の月額（児童1人につき）：令和9年度の額が未収録のため、令和8年度の額で表示しています\n"))
  }

  @Test func theJSONSaysUnverifiedWithANote() throws {
    let output = try Self.check(on: "2027-05-01", ["--format", "json"])
    let document = try Shien.json(output.stdout)
    let allowance = try #require(Shien.measure("child-support-allowance", in: document))
    let amount = try #require(allowance["amount"] as? [String: Any])
    #expect(amount["min"] as? Int == 59400)
    #expect(amount["verified"] as? Bool == false)
    let note = try #require(amount["note"] as? String)
    #expect(note.contains("全部支給の月額（第1子）：令和9年度の額が未収録のため、令和8年度の額で表示しています"))
    let stale = try #require(amount["stale"] as? [[String: Any]])
    #expect(stale.map { $0["parameter"] as? String } == ["first_full", "second_full"])
    #expect(stale.first?["missing_from"] as? String == "2027-04-01")
    #expect(stale.first?["shown_from"] as? String == "2026-04-01")
    #expect(stale.first?["revised"] as? String == "each 1 April")
    // A year earlier nothing is stale, and the JSON says nothing about it.
    let current = try Shien.json(try Self.check(on: "2026-06-01", ["--format", "json"]).stdout)
    let currentAmount = try #require(
      Shien.measure("child-support-allowance", in: current)?["amount"] as? [String: Any])
    #expect(currentAmount["verified"] == nil && currentAmount["note"] == nil && currentAmount["stale"] == nil)
  }

  @Test func englishAndEasyJapaneseNameTheYearToo() throws {
    let english = try Self.check(on: "2027-05-01", ["--lang", "en"])
    #expect(
      english.stdout.contains(
        "To be confirmed: first_full (全部支給の月額（第1子）): the value for FY2027 is not in the catalog yet; the value for FY2026 is shown"
      ))
    let easy = try Self.check(on: "2027-05-01", ["--lang", "ja-easy"])
    #expect(easy.stdout.contains("2027ねんど の がく が まだ ありません。2026ねんど の がく で だして います"))
  }

  @Test func theAuditListsTheCPIIndexedAllowances() throws {
    let output = try Shien.run(["catalog", "audit", "--as-of", "2027-05-01"])
    #expect(output.status == 0)
    for (name, file) in [
      ("first_full", "child-support-allowance"), ("second_full", "child-support-allowance"),
      ("grade_1", "special-child-rearing-allowance"), ("grade_2", "special-child-rearing-allowance"),
      ("monthly", "disabled-child-welfare-allowance"), ("monthly", "special-disability-allowance"),
      ("national_pension_premium", "catalog"),
    ] {
      let path = file == "catalog" ? "catalog/catalog.json" : "catalog/measures/\(file).json"
      #expect(
        output.stdout.split(separator: "\n").contains {
          $0.hasPrefix("parameter '\(name)' (revised each 1 April): stale since 2027-04-01;")
            && $0.hasSuffix("(\(path))")
        }, "\(name) in \(path)")
    }
    // Today's audit does not list them; a bad date is a usage error.
    let now = try Shien.run(["catalog", "audit", "--as-of", "2026-06-01"])
    #expect(!now.stdout.contains("parameter 'first_full'"))
    #expect(try Shien.run(["catalog", "audit", "--as-of", "2027-02-30"]).status == 64)
  }

  @Test func showMarksTheStaleParameters() throws {
    let stale = try Shien.run(["show", "child-support-allowance", "--as-of", "2027-05-01"])
    #expect(
      stale.stdout.contains(
        "  first_full = 48,050円  (2026-04-01〜)\n    要確認: 全部支給の月額（第1子）：令和9年度の額が未収録のため、令和8年度の額で表示しています\n"))
    let current = try Shien.run(["show", "child-support-allowance", "--as-of", "2026-06-01"])
    #expect(current.stdout.contains("  first_full = 48,050円  (2026-04-01〜)\n"))
    #expect(!current.stdout.contains("令和9年度"))
  }

  @Test func sourcesNotReadSaySo() throws {
    let output = try Self.check(on: "2026-06-01")
    #expect(
      output.stdout.contains(
        "    https://www.cfa.go.jp/policies/hitori-oya/fuyou-teate/（未読：このカタログでは読んでいない）\n"))
    let json = try Shien.json(try Self.check(on: "2026-06-01", ["--format", "json"]).stdout)
    let sources = try #require(Shien.measure("child-support-allowance", in: json)?["sources"] as? [[String: Any]])
    #expect(sources.first?["read"] as? Bool == false)
    #expect(sources.first?["checked"] is NSNull)
    #expect(sources.dropFirst().allSatisfy { ($0["checked"] as? String)?.count == 10 })
  }

  @Test func aOneYearOldAtHomeGetsTheNewDaycare() throws {
    let output = try Shien.run([
      "check", "--municipality", "古賀市", "--self", "33", "--child", "2025-04-01,in_nursery=false", "--as-of",
      "2026-06-01", "--measures", "universal-childcare-access",
    ])
    #expect(output.stdout.contains("■ 受けられる見込みのもの（1件）\n\n● こども誰でも通園制度  [universal-childcare-access]"))
    #expect(output.stdout.contains("  窓口: 古賀市 子育て支援課"))
  }

  @Test func aPrivateHighSchoolStudentWithAHighIncomeGetsTheTuitionSupport() throws {
    let output = try Shien.run([
      "check", "--municipality", "古賀市", "--self", "1978-01-01,1500万,employee", "--child",
      "2009-06-01,high_school_course=full_time,high_school_operator=private", "--as-of", "2026-06-01",
      "--measures", "high-school-tuition-support",
    ])
    #expect(output.stdout.contains("● 高等学校等就学支援金  月額 38,100円（要確認）  [high-school-tuition-support]"))
  }
}
