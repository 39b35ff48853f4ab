import Foundation
import Testing

/// The handout of a 岡崎市 employee mother on childcare leave with a baby (issue 17): 出産育児一時金 and the other
/// employer benefits under the employer's insurer's desk, not the city's 国保 desk, and the box of what the page
/// assumed. Golden strings: the whole box and the desk row, exactly.
@Suite struct HandoutGoldenTests {
  static let household = """
    {"id": "H-OKAZAKI", "as_of": "2026-12-01", "municipality": "岡崎市",
     "members": [
      {"role": "self", "birth_date": "1992-07-07", "income": 3000000, "employment": "employee",
       "health_insurance": "employee", "pregnancy": "postpartum", "employment_insurance": true,
       "childcare_leave": "leave"},
      {"role": "child", "birth_date": "2026-10-15"}
     ]}
    """

  func handout(_ household: String) throws -> String {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = try Shien.write(household, to: "household.json", in: directory)
    let output = try Shien.run(["check", "--household", path, "--format", "html"])
    #expect(output.status == 0, "\(output.stderr)")
    return output.stdout
  }

  @Test func anEmployeeMothersBirthAllowanceGoesToHerInsurer() throws {
    let html = try handout(Self.household)
    let rows = html.split(separator: "\n").map(String.init)
    let lumpSum = try #require(rows.firstIndex { $0.contains("<span class=\"name\">出産育児一時金</span>") })
    let desk = try #require(rows[..<lumpSum].last { $0.hasPrefix("<tr class=\"desk\">") })
    #expect(desk == "<tr class=\"desk\"><td colspan=\"4\">窓口: <b>勤務先または加入している健康保険</b></td></tr>")
    #expect(rows[lumpSum].contains("<span class=\"date\">2028-10-15まで</span>"))
    // The same household on 国保: the city's desk.
    let national = try handout(
      Self.household.replacingOccurrences(
        of: "\"health_insurance\": \"employee\"", with: "\"health_insurance\": \"national\""))
    let nationalRows = national.split(separator: "\n").map(String.init)
    let nationalLumpSum = try #require(nationalRows.firstIndex { $0.contains("<span class=\"name\">出産育児一時金</span>") })
    let nationalDesk = try #require(nationalRows[..<nationalLumpSum].last { $0.hasPrefix("<tr class=\"desk\">") })
    #expect(nationalDesk.contains("国民健康保険"), "\(nationalDesk)")
  }

  @Test func theHandoutSaysWhatItAssumedAndWhatIsUnknown() throws {
    let html = try handout(Self.household)
    let box = try #require(html.split(separator: "\n").first { $0.hasPrefix("<section class=\"assumed\">") })
    #expect(
      box
        == "<section class=\"assumed\"><b>この案内の前提</b>: 本人 34歳、子 0歳 ・ ひとり親家庭：はい ・ 本人の年収（収入）：3,000,000円"
        + " ・ 本人の就労形態：会社員・パート ・ 本人の妊娠・出産：産後 ・ 本人の健康保険：会社の健康保険・共済組合（本人）"
        + " ・ 本人の雇用保険に加入：はい ・ 本人の育児休業・育児時短勤務：育児休業中・取る予定（産後パパ育休を含む）"
        + "<br><b>わからないままのこと</b>: " + Self.unknown + "</section>")
  }

  static let unknown =
    "家賃（月額）、本人の身体障害者手帳の等級、本人の療育手帳の区分、本人の精神障害者保健福祉手帳の等級、本人の入院中、本人の施設に入所中、子の身体障害者手帳の等級、子の療育手帳の区分、ほか17件"
}
