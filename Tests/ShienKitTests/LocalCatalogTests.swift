import Testing

@testable import ShienCatalog
@testable import ShienMatching
@testable import ShienSupport

/// A test-only catalog: the bundled sources plus the files given, compiled.
private func compile(adding extra: [SourceFile], removing removed: Set<String> = []) -> (
  catalog: Catalog?, diagnostics: [Diagnostic], files: [SourceFile]
) {
  var files = Fixtures.compiled.files.filter { !removed.contains($0.path) }
  for file in extra {
    files.removeAll { $0.path == file.path }
    files.append(file)
  }
  var compiler = CatalogCompiler()
  let catalog = compiler.compile(files)
  // Errors only: the bundled catalog's warnings (national measures still without a go.jp page) are not these tests'.
  let lint = catalog.map { CatalogLint.check($0, files: files).filter { $0.severity == .error } } ?? []
  return (catalog, compiler.diagnostics + lint, files)
}

/// A minimal measure file: a service for households with a child.
private func measure(
  _ id: String, scope: String = "\"national\"", replaces: String? = nil, through: String? = nil, desk: String = "子育て支援"
) -> SourceFile {
  let valid = through.map { #""valid": {"through": "\#($0)"},"# } ?? ""
  let replacing = replaces.map { #""replaces": \#($0),"# } ?? ""
  let text = """
    {
      "id": "\(id)",
      "name": {"ja": "\(id)", "en": "\(id)", "ja-easy": "\(id)"},
      "summary": {"ja": "テスト", "en": "test"},
      "category": "service",
      "scope": \(scope), \(valid) \(replacing)
      "eligibility": [{"text": {"ja": "子がいる", "en": "has a child"}, "rule": "has_child"}],
      "procedure": {"steps": [{"ja": "申し込む", "en": "apply"}]},
      "documents": [{"ja": "申請書", "en": "application form"}],
      "desk": "\(desk)",
      "sources": [{"url": "https://example.org/measure", "checked": "2026-11-22"}]
    }
    """
  return SourceFile(path: "catalog/measures/\(id).json", bytes: Array(text.utf8))
}

private func desks(_ code: String, _ body: String, path: String? = nil) -> SourceFile {
  SourceFile(
    path: path ?? "catalog/desks/\(code).json",
    bytes: Array(#"{"municipality": "\#(code)", "desks": [\#(body)]}"#.utf8))
}

private let household = #"{"members": [{"role": "self", "age": 35}, {"role": "child", "age": 3}]}"#

private func listed(_ catalog: Catalog, in code: String?, on date: String = "2026-06-01") throws -> [String] {
  let municipality = try code.map { try catalog.municipality(matching: $0) }
  return Matcher(catalog: catalog).match(
    try Fixtures.household(household), asOf: Fixtures.date(date), municipality: municipality
  ).map(\.measure.id)
}

@Suite struct ReplacingMeasureTests {
  let files = [
    measure("test-generic"),
    measure("koga-test", scope: #"{"municipality": "40223"}"#, replaces: #""test-generic""#),
  ]

  @Test func aCityMeasureReplacesTheGenericOneOnlyInItsCity() throws {
    let (compiled, diagnostics, _) = compile(adding: files)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let catalog = try #require(compiled)
    #expect(catalog.measure(id: "koga-test")?.replaces == ["test-generic"])
    // In 古賀市 only the city's own measure is listed.
    let koga = try listed(catalog, in: "40223")
    #expect(koga.contains("koga-test"))
    #expect(!koga.contains("test-generic"))
    // Elsewhere the generic one, and not the city's.
    let fuchu = try listed(catalog, in: "13206")
    #expect(fuchu.contains("test-generic"))
    #expect(!fuchu.contains("koga-test"))
    // Where the municipality is not known, both (the city's as 'maybe').
    let unknown = try listed(catalog, in: nil)
    #expect(unknown.contains("test-generic") && unknown.contains("koga-test"))
  }

  @Test func aCityMeasureNoLongerInForceNoLongerReplaces() throws {
    let (compiled, diagnostics, _) = compile(adding: [
      measure("test-generic"),
      measure("koga-test", scope: #"{"municipality": "40223"}"#, replaces: #"["test-generic"]"#, through: "2025-03-31"),
    ])
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let catalog = try #require(compiled)
    #expect(try listed(catalog, in: "40223", on: "2025-03-31").contains("koga-test"))
    #expect(!(try listed(catalog, in: "40223", on: "2025-03-31").contains("test-generic")))
    let after = try listed(catalog, in: "40223", on: "2025-04-01")
    #expect(after.contains("test-generic") && !after.contains("koga-test"))
  }

  @Test func aPrefectureMeasureReplacesForEveryMunicipalityInIt() throws {
    let (compiled, diagnostics, _) = compile(adding: [
      measure("test-generic"), measure("fukuoka-test", scope: #"{"prefecture": "福岡県"}"#, replaces: #""test-generic""#),
    ])
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let catalog = try #require(compiled)
    #expect(!(try listed(catalog, in: "古賀市")).contains("test-generic"))
    #expect(try listed(catalog, in: "岡崎市").contains("test-generic"))
  }

  @Test func theCompiledFormKeepsWhatIsReplaced() throws {
    let catalog = try #require(compile(adding: files).catalog)
    let decoded = try CatalogBinary.decode(CatalogBinary.encode(catalog))
    #expect(decoded.measure(id: "koga-test")?.replaces == ["test-generic"])
    #expect(try listed(decoded, in: "40223") == (try listed(catalog, in: "40223")))
  }

  @Test(arguments: [
    (
      #""test-generc""#,
      "'replaces' names measure 'test-generc', which is not in the catalog; did you mean 'test-generic'?"
    ),
    (#""koga-test""#, "measure 'koga-test' replaces itself"),
    (
      #""okazaki-test""#,
      "measure 'koga-test' cannot replace 'okazaki-test': it applies only where 'okazaki-test' does not"
    ),
    ("42", "expected an array for 'replaces', found a number"),
  ])
  func mistakesAreReported(replaces: String, message: String) throws {
    let (_, diagnostics, _) = compile(adding: [
      measure("test-generic"), measure("okazaki-test", scope: #"{"municipality": "23202"}"#),
      measure("koga-test", scope: #"{"municipality": "40223"}"#, replaces: replaces),
    ])
    let found = diagnostics.first { $0.message.hasPrefix(message) }
    #expect(found != nil, "\(diagnostics.map(\.message))")
    #expect(found?.file == "catalog/measures/koga-test.json")
    #expect(found?.range != nil)
  }

  @Test func aNationalMeasureCannotReplace() throws {
    let (compiled, diagnostics, _) = compile(adding: [
      measure("test-generic"), measure("test-other", replaces: #""test-generic""#),
    ])
    #expect(compiled == nil)
    #expect(
      diagnostics.contains {
        $0.message == "only a local measure (a prefecture's or a municipality's) can replace another"
      })
  }
}

@Suite struct DeskTests {
  let koga = desks(
    "40223",
    """
    {"id": "kosodate", "name": {"ja": "古賀市 子育て支援課", "en": "Koga child-rearing support"},
     "roles": ["子育て支援"], "phone": "092-000-0000", "address": "福岡県古賀市駅東一丁目1番1号",
     "location": {"ja": "1階", "en": "1st floor"}, "hours": {"ja": "平日 9:00〜16:00", "en": "Weekdays 9:00–16:00"},
     "unverified": {"hours": {"ja": "報道による", "en": "from a news report"}, "子育て支援": {"ja": "推定", "en": "inferred"}}},
    {"id": "own", "name": {"ja": "古賀市 専用窓口", "en": "Koga own desk"}, "measures": ["koga-test"],
     "unverified": {"koga-test": {"ja": "古い", "en": "old page"}}}
    """)

  @Test func aDeskIsFoundByMeasureThenByRoleThenGeneric() throws {
    let (compiled, diagnostics, _) = compile(adding: [
      koga, measure("test-generic"), measure("koga-test", scope: #"{"municipality": "40223"}"#),
      measure("test-disability", desk: "福祉(障がい)"),
    ])
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let catalog = try #require(compiled)
    let generic = try #require(catalog.measure(id: "test-generic"))
    let byRole = catalog.desk(for: generic, municipality: "40223")
    #expect(byRole.name.text(.ja) == "古賀市 子育て支援課")
    #expect(!byRole.isGeneric)
    #expect(byRole.phone == "092-000-0000")
    #expect(byRole.location?.text(.en) == "1st floor")
    #expect(byRole.isUnverified("hours") && !byRole.isUnverified("phone"))
    // The caveat about the role comes with the role's answer; the one about another measure does not.
    #expect(byRole.caveats.map(\.subject) == ["hours", "子育て支援"])
    let own = catalog.desk(for: try #require(catalog.measure(id: "koga-test")), municipality: "40223")
    #expect(own.name.text(.ja) == "古賀市 専用窓口")
    #expect(own.caveats.map(\.subject) == ["koga-test"])
    // A role the city has no desk for, and a municipality with no desk data: the generic answer by role.
    let unmapped = catalog.desk(for: try #require(catalog.measure(id: "test-disability")), municipality: "40223")
    #expect(unmapped.isGeneric && unmapped.name.text(.ja) == "お住まいの市区町村の障がい福祉担当")
    let elsewhere = catalog.desk(for: generic, municipality: "13206")
    #expect(elsewhere.isGeneric && elsewhere.name.text(.ja) == "お住まいの市区町村の子育て支援担当")
    #expect(elsewhere.phone == nil && elsewhere.caveats.isEmpty)
  }

  @Test func theCompiledFormKeepsEveryDeskField() throws {
    let catalog = try #require(
      compile(adding: [koga, measure("koga-test", scope: #"{"municipality": "40223"}"#)]).catalog)
    let decoded = try CatalogBinary.decode(CatalogBinary.encode(catalog))
    let desk = try #require(decoded.desks.first { $0.id == "kosodate" })
    #expect(desk.hours?.text(.en) == "Weekdays 9:00–16:00")
    #expect(desk.location?.text(.ja) == "1階")
    #expect(desk.caveats.map(\.subject) == ["hours", "子育て支援"])
    #expect(decoded.desks.first { $0.id == "own" }?.measures == ["koga-test"])
  }

  @Test(arguments: [
    (
      #"{"id": "a", "name": {"ja": "a"}, "roles": ["子育て支援"], "unverified": {"fax": {"ja": "x"}}}"#,
      "'unverified' names 'fax', which is not a field of the desk nor one of its roles or measures"
    ),
    (#"{"id": "a", "name": {"ja": "a"}}"#, "desk 'a' answers for no role and no measure"),
    (
      #"{"id": "a", "name": {"ja": "a"}, "roles": ["子育て支援"], "phone": "1", "fone": "2"}"#,
      "unknown key 'fone'; did you mean 'phone'?"
    ),
    (
      #"{"id": "a", "name": {"ja": "a"}, "roles": ["子育て支緩"]}"#,
      "desk 'a' names unknown role '子育て支緩'; did you mean '子育て支援'?"
    ),
    (
      #"{"id": "a", "name": {"ja": "a"}, "roles": ["学校"]}"#,
      "desk 'a' answers for role '学校', which is not at city hall"
    ),
    (
      #"{"id": "a", "name": {"ja": "a"}, "roles": ["子育て支援"]}, {"id": "b", "name": {"ja": "b"}, "roles": ["子育て支援"]}"#,
      "role '子育て支援' is already answered by desk 'a' of the same municipality"
    ),
    (
      #"{"id": "a", "name": {"ja": "a"}, "measures": ["child-alowance"]}"#,
      "desk 'a' names measure 'child-alowance', which is not in the catalog; did you mean 'child-allowance'?"
    ),
    (
      #"{"id": "a", "name": {"ja": "a"}, "roles": ["子育て支援"]}, {"id": "a", "name": {"ja": "b"}, "roles": ["保育"]}"#,
      "duplicate desk id 'a'"
    ),
  ])
  func mistakesInADeskFileAreReportedInIt(body: String, message: String) {
    let (_, diagnostics, _) = compile(adding: [desks("40223", body)])
    let found = diagnostics.first { $0.message.hasPrefix(message) }
    #expect(found != nil, "\(diagnostics.map(\.message))")
    #expect(found?.file == "catalog/desks/40223.json")
  }

  @Test func aDeskFileIsNamedAfterItsMunicipality() {
    let (_, diagnostics, _) = compile(adding: [
      desks("40223", #"{"id": "a", "name": {"ja": "a"}, "roles": ["子育て支援"]}"#, path: "catalog/desks/koga.json")
    ])
    #expect(
      diagnostics.contains { $0.message == "the desks of municipality '40223' belong in catalog/desks/40223.json" })
  }

  @Test func aDeskForAnotherMunicipalitysMeasureIsRefused() {
    let (_, diagnostics, _) = compile(adding: [
      measure("okazaki-test", scope: #"{"municipality": "23202"}"#),
      desks("40223", #"{"id": "a", "name": {"ja": "a"}, "measures": ["okazaki-test"]}"#),
    ])
    #expect(
      diagnostics.contains {
        $0.message == "desk 'a' names measure 'okazaki-test', which does not apply in this municipality"
      })
  }
}

@Suite struct MunicipalityLookupTests {
  @Test(arguments: [
    ("新発田市", "15206"), ("152064", "15206"), ("新潟県新発田市", "15206"), ("岡崎市", "23202"), ("232025", "23202"),
    ("愛知県 岡崎市", "23202"), ("古賀市", "40223"), ("４０２２３", "40223"), ("外ケ浜町", "02307"), ("金ヶ崎町", "03381"),
  ])
  func byNameOrCode(text: String, code: String) throws {
    #expect(try Fixtures.catalog.municipality(matching: text).code == code)
  }

  @Test(arguments: [
    ("古賀", "unknown municipality '古賀'; did you mean 古賀市（福岡県, 40223）?"),
    ("東京都古賀市", "unknown municipality '東京都古賀市'; did you mean 古賀市（福岡県, 40223）?"),
    ("新発田", "unknown municipality '新発田'; did you mean 新発田市（新潟県, 15206）?"),
    (
      "岡﨑市",
      "unknown municipality '岡﨑市'; did you mean 岡谷市（長野県, 20204）, 岡崎市（愛知県, 23202） or 岡山市（岡山県, 33100）?"
    ),
    ("府中", "unknown municipality '府中'; did you mean 府中市（東京都, 13206）, 府中市（広島県, 34208） or 府中町（広島県, 34302）?"),
    ("架空村", "unknown municipality '架空村'"),
    ("99999", "no municipality has the code '99999'"),
    ("402230", "'402230' has a wrong check digit: 福岡県古賀市 is 40223 or 402231"),
    ("1520", "'1520' is not a municipality code: give its 5 digits (40223) or 6 with the check digit (402231)"),
  ])
  func anUnknownOneIsSaidClearly(text: String, message: String) {
    do {
      let found = try Fixtures.catalog.municipality(matching: text)
      Issue.record("'\(text)' matched \(found.name)")
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func thePrefectureSettlesAndChecksTheName() throws {
    #expect(try Fixtures.catalog.municipality(matching: "府中市", prefecture: "広島県").code == "34208")
    do {
      _ = try Fixtures.catalog.municipality(matching: "古賀市", prefecture: "東京都")
      Issue.record("古賀市 accepted in 東京都")
    } catch {
      #expect(error.description == "there is no '古賀市' in 東京都; 福岡県古賀市 (40223) is in another prefecture")
    }
  }
}
