import Foundation
import Testing

/// `shien check --all` for a household in each of the three cities with desk data: every measure comes with its
/// procedure, documents, the city's real desk (or, for a role the city's pages do not place, the generic answer) and
/// its sources.
@Suite struct CityTests {
  struct City: Sendable, CustomStringConvertible {
    var code: String
    var name: String
    var household: String
    /// Desks the reference places, by measure id.
    var desks: [String: String]
    /// Measures whose documents no source lists.
    var withoutDocuments: Set<String> = []
    /// A line the text report must show for the city's desks.
    var textLine: String

    var description: String { name }
  }

  static let cities = [
    City(
      code: "15206", name: "新発田市",
      household: """
        {"id": "S-1", "as_of": "2026-11-23", "municipality": "新発田市", "public_assistance": false,
         "resident_tax_exempt": false,
         "members": [{"role": "self", "birth_date": "1990-05-01", "income": 4000000, "employment": "employee"},
                     {"role": "spouse", "birth_date": "1992-07-01", "income": 0, "employment": "none"},
                     {"role": "child", "birth_date": "2026-08-01", "health_insurance": "dependant"},
                     {"role": "child", "birth_date": "2023-06-01", "health_insurance": "dependant"},
                     {"role": "child", "birth_date": "2018-05-01", "health_insurance": "dependant"}]}
        """,
      desks: [
        "child-allowance": "新発田市 こども課", "shibata-child-medical-subsidy": "新発田市 こども課",
        "shibata-age2-nursery-free": "新発田市 こども課", "shibata-postpartum-care": "新発田市 こども家庭センター",
        "shibata-third-child-birth-subsidy": "新発田市 健康推進課 健やか育児支援係",
        "disabled-child-welfare-allowance": "新発田市 社会福祉課",
      ],
      withoutDocuments: ["shibata-age2-nursery-free"],
      textLine: "窓口: 新発田市 こども課\n        子ども医療費の申請は子育て支援係。各支所1階の住民福祉係でも申請できます"),
    City(
      code: "40223", name: "古賀市",
      household: """
        {"id": "K-1", "as_of": "2026-11-23", "municipality": "40223", "public_assistance": false,
         "members": [{"role": "self", "birth_date": "1994-01-10", "income": 3000000, "employment": "employee",
                      "pregnancy": "postpartum"},
                     {"role": "child", "birth_date": "2026-09-15", "health_insurance": "national"},
                     {"role": "child", "birth_date": "2019-11-01", "health_insurance": "national"}]}
        """,
      desks: [
        "child-allowance": "古賀市 子育て支援課", "child-support-allowance": "古賀市 子育て支援課",
        "special-child-rearing-allowance": "古賀市 子育て支援課",
        "disabled-child-welfare-allowance": "古賀市 福祉課 障がい福祉係",
        "koga-child-medical-subsidy": "古賀市 市民国保課", "koga-postpartum-care": "古賀市 子ども家庭センター 子育て支援係",
        "koga-birth-gift": "古賀市 子ども家庭センター 子育て支援係",
        "koga-prenatal-checkup": "古賀市 子ども家庭センター 子育て支援係",
      ],
      // The household is not pregnant: こども家庭センター's documents are all for the pregnancy notification.
      withoutDocuments: ["koga-postpartum-care", "koga-birth-gift", "child-family-center"],
      textLine: "窓口: 古賀市 子ども家庭センター 子育て支援係\n        電話 092-942-1515\n"),
    City(
      code: "23202", name: "岡崎市",
      household: """
        {"id": "O-1", "as_of": "2026-11-23", "municipality": "岡崎市", "prefecture": "愛知県", "public_assistance": false,
         "members": [{"role": "self", "birth_date": "1991-03-03", "income": 5000000, "employment": "employee"},
                     {"role": "spouse", "birth_date": "1993-08-08", "pregnancy": "over_6_months"},
                     {"role": "child", "birth_date": "2026-10-01", "health_insurance": "dependant", "hospitalized": true},
                     {"role": "child", "birth_date": "2009-12-01", "health_insurance": "dependant"}]}
        """,
      desks: [
        "child-allowance": "岡崎市 子育て支援室", "okazaki-child-medical-subsidy": "岡崎市 医療助成室",
        "okazaki-prenatal-checkup": "岡崎市 こども家庭センター", "okazaki-premature-infant-medical": "岡崎市 こども家庭センター",
        "okazaki-home-help": "岡崎市 家庭児童課",
      ],
      textLine: "窓口: 岡崎市 医療助成室\n        受付 月〜金 8:30〜17:15（土日・祝日は休み）\n        東庁舎1階 11番窓口（各支所でも受け付けます）\n"),
  ]

  @Test(arguments: cities)
  func everyMeasureComesWithProcedureDocumentsDeskAndSources(city: City) throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = try Shien.write(city.household, to: "household.json", in: directory)
    let output = try Shien.run(["check", "--household", file, "--all", "--format", "json"])
    #expect(output.status == 0, "\(output.stderr)")
    let document = try Shien.json(output.stdout)
    let household = try #require(document["household"] as? [String: Any])
    #expect((household["municipality"] as? [String: Any])?["code"] as? String == city.code)
    let measures = try #require(document["measures"] as? [[String: Any]])
    let ids = measures.compactMap { $0["id"] as? String }
    // Every measure the reference gives a desk for is listed, and the other cities' own measures are not.
    for id in city.desks.keys { #expect(ids.contains(id), "\(city): \(id) missing") }
    let prefix = ["15206": "shibata-", "40223": "koga-", "23202": "okazaki-"][city.code]!
    let local = ids.filter { $0.hasPrefix("shibata-") || $0.hasPrefix("koga-") || $0.hasPrefix("okazaki-") }
    #expect(local.allSatisfy { $0.hasPrefix(prefix) }, "\(local)")
    for measure in measures {
      let id = measure["id"] as? String ?? "?"
      let procedure = try #require(measure["procedure"] as? [String: Any])
      #expect((procedure["steps"] as? [String])?.isEmpty == false, "\(id): no steps")
      let sources = try #require(measure["sources"] as? [[String: Any]])
      #expect(!sources.isEmpty, "\(id): no sources")
      for source in sources {
        #expect((source["url"] as? String)?.hasPrefix("http") == true, "\(id): \(source)")
        // Read on a date, or cited but not read here (and said so).
        #expect(
          (source["checked"] as? String)?.count == 10
            || (source["checked"] is NSNull && source["read"] as? Bool == false), "\(id): \(source)")
      }
      let documents = try #require(measure["documents"] as? [String])
      #expect(documents.isEmpty == city.withoutDocuments.contains(id), "\(id): documents \(documents)")
      let desk = try #require(measure["desk"] as? [String: Any])
      let name = try #require(desk["name"] as? String)
      if let expected = city.desks[id] {
        #expect(name == expected, "\(id)")
        #expect(desk["generic"] as? Bool == false, "\(id)")
      } else if desk["generic"] as? Bool == true {
        // A role the city's pages do not place: the generic answer, never an invented desk.
        let outside = ["在学する学校", "勤務先", "ハローワーク", "年金事務所"]
        #expect(name.hasPrefix("お住まいの") || outside.contains { name.hasPrefix($0) }, "\(id): \(name)")
        #expect(desk["phone"] is NSNull && desk["address"] is NSNull, "\(id)")
      } else {
        #expect(name.hasPrefix(city.name), "\(id): \(name)")
      }
      // A desk's unconfirmed facts travel with it.
      for caveat in desk["unverified"] as? [[String: Any]] ?? [] {
        #expect(caveat["about"] is String && (caveat["text"] as? String)?.isEmpty == false, "\(id)")
      }
    }
  }

  @Test(arguments: cities)
  func theTextReportShowsTheRealDesk(city: City) throws {
    let output = try Shien.run(["check", "--household", "-", "--all"], stdin: city.household)
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains(city.textLine), "\(output.stdout)")
    for id in city.withoutDocuments {
      #expect(output.stdout.contains("[\(id)]"))
    }
    if !city.withoutDocuments.isEmpty {
      #expect(output.stdout.contains("持ち物: （カタログに登録なし。窓口で確認してください）"))
    }
    if city.withoutDocuments.contains("child-family-center") {
      // Documents exist, but only for a pregnancy: not "none in the catalog".
      #expect(output.stdout.contains("持ち物: （この世帯に必要な書類の登録なし。窓口で確認してください）"))
    }
  }

  @Test func whatIsNotConfirmedAboutADeskIsMarked() throws {
    let output = try Shien.run(
      ["check", "--municipality", "古賀市", "--self", "35", "--child", "5", "--measures", "child-allowance"])
    #expect(output.stdout.contains("電話 092-942-1157（要確認）"))
    #expect(output.stdout.contains("要確認: 電話番号は広報こが2020年7月号によります（市のページでは未確認）"))
    let english = try Shien.run(
      [
        "check", "--municipality", "古賀市", "--self", "35", "--child", "5", "--measures", "child-allowance", "--lang",
        "en",
      ])
    #expect(english.stdout.contains("Hours 9:00–16:00 (from 6 January 2025; 8:30–17:00 before) (to be confirmed)"))
  }

  @Test func aMunicipalityWithoutDeskDataGetsTheGenericAnswerByRole() throws {
    let output = try Shien.run([
      "check", "--municipality", "府中市", "--prefecture", "東京都", "--self", "35", "--child", "5", "--measures",
      "child-allowance",
    ])
    #expect(output.status == 0)
    #expect(output.stdout.contains("東京都府中市"))
    #expect(output.stdout.contains("窓口: お住まいの市区町村の子育て支援担当（市区町村の窓口データなし）"))
  }

  @Test func showNamesTheCityDeskAndWhatALocalMeasureReplaces() throws {
    let output = try Shien.run(["show", "koga-child-medical-subsidy"])
    #expect(output.status == 0)
    #expect(output.stdout.contains("範囲: 福岡県古賀市"))
    #expect(output.stdout.contains("窓口: 古賀市 市民国保課"))
  }
}
