import Foundation
import Testing

@testable import ShienCatalog
@testable import ShienFacts
@testable import ShienMatching
@testable import ShienRules
@testable import ShienSupport

/// The flat form (FlatProgram, FlatEvaluator, FlatMatcher), which `shien batch` runs, against the trees (Evaluator,
/// Matcher), which everything else runs: on every measure and every definition they must give the same answers.
@Suite struct FlatEvaluatorTests {
  /// A deterministic generator (SplitMix64), so that a failure names a household that can be made again.
  struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  // 2027-05-01: past the revision dates of the FY2026 parameters, so that stale values are read.
  static let asOfDates = ["2025-06-01", "2026-04-01", "2024-10-01", "2019-03-31", "2027-05-01"]

  /// A household document with every fact of the vocabulary given at random, left out, or null, so that the
  /// evaluators meet known, unknown and partly known values alike.
  static func randomHousehold(_ rng: inout Generator, number: Int) -> String {
    let vocabulary = Fixtures.vocabulary
    let catalog = Fixtures.catalog
    func value(_ fact: Fact, member: Bool) -> String? {
      switch Int.random(in: 0..<10, using: &rng) {
      case 0: return "null"
      case 1, 2, 3: return nil
      default: break
      }
      switch fact.kind {
      case .bool: return Bool.random(using: &rng) ? "true" : "false"
      case .integer(let range):
        let range = range ?? (fact.id == "age" ? 0...90 : 0...7)
        return String(Int.random(in: range, using: &rng))
      case .money:
        let amounts = [0, 50_000, 400_000, 1_030_000, 1_600_000, 2_400_000, 3_600_000, 6_000_000, 12_000_000]
        return String(amounts.randomElement(using: &rng)!)
      case .date:
        let year = Int.random(in: 1945...2024, using: &rng)
        let month = Int.random(in: 1...12, using: &rng)
        let day = Int.random(in: 1...28, using: &rng)
        return "\"\(year)-\(String(format: "%02d-%02d", month, day))\""
      case .choice(let values): return "\"\(values.randomElement(using: &rng)!)\""
      case .text: return nil
      }
    }
    var fields = ["\"id\": \"R-\(number)\"", "\"as_of\": \"\(asOfDates.randomElement(using: &rng)!)\""]
    // Places with local measures and desks, and none at all.
    let places = ["古賀市", "福岡市", "岡崎市", "平戸市", "40223", "北九州市", nil, nil]
    if let place = places.randomElement(using: &rng)!,
      catalog.municipalities.contains(where: { $0.name == place || $0.code == place })
    {
      fields.append("\"municipality\": \"\(place)\"")
    }
    for fact in vocabulary.facts(of: .household) where fact.kind != .text {
      if let text = value(fact, member: false) { fields.append("\"\(fact.id)\": \(text)") }
    }
    var members: [String] = []
    let roles = ["self", "spouse", "child", "child", "child", "parent", "grandparent", "other"]
    for index in 0..<Int.random(in: 1...6, using: &rng) {
      let role = index == 0 ? "self" : roles.randomElement(using: &rng)!
      var member = ["\"role\": \"\(role)\""]
      for fact in vocabulary.facts(of: .member) where fact.id != "role" && fact.kind != .text {
        if fact.id == "birth_date" {
          // Mostly children and young parents, so that child measures are reached.
          switch Int.random(in: 0..<6, using: &rng) {
          case 0: continue
          case 1: member.append("\"age\": \(Int.random(in: 0...80, using: &rng))")
          default:
            let year =
              role == "child" ? Int.random(in: 2003...2019, using: &rng) : Int.random(in: 1940...2000, using: &rng)
            let month = Int.random(in: 1...12, using: &rng)
            member.append("\"birth_date\": \"\(year)-\(String(format: "%02d", month))-15\"")
          }
          continue
        }
        if fact.id == "age" { continue }
        if let text = value(fact, member: true) { member.append("\"\(fact.id)\": \(text)") }
      }
      members.append("{" + member.joined(separator: ", ") + "}")
    }
    fields.append("\"members\": [" + members.joined(separator: ", ") + "]")
    return "{" + fields.joined(separator: ", ") + "}"
  }

  /// Households as `shien batch` reads them: decoded, dates checked, single parent inferred; nil when refused.
  static func prepared(_ json: String) -> (Household, CivilDate, Municipality?)? {
    let decoder = HouseholdDecoder(vocabulary: Fixtures.vocabulary)
    guard var household = try? decoder.decode(Array(json.utf8)) else { return nil }
    let date = household.asOf ?? Fixtures.date("2025-06-01")
    guard (try? decoder.checkDates(household, asOf: date, root: nil)) != nil else { return nil }
    decoder.inferSingleParent(&household)
    guard let municipality = try? Matcher(catalog: Fixtures.catalog).municipality(of: household) else { return nil }
    return (household, date, municipality)
  }

  /// What a result says, in a form that compares.
  static func summary(_ result: MeasureResult) -> String {
    let amount =
      result.amount.map {
        let stale = $0.stale.map { "\($0.name)@\($0.missingFrom)" }
        return "\($0.min)…\($0.max)/\($0.per.rawValue) \($0.isVerified) stale \(stale)"
      } ?? "-"
    let why = result.why.map { "\($0.holds)" }.joined(separator: ",")
    let documents = result.documents.map { "\($0.name.text(.ja)):\($0.isConditional)" }.joined(separator: ",")
    let desk = result.desk
    let deskText = "\(desk.name.text(.ja)) \(desk.phone ?? "-") \(desk.caveats.map(\.subject)) \(desk.isGeneric)"
    let head = "\(result.measure.id) \(result.status) \(amount) missing \(result.missing)"
    return "\(head) why \(why) documents \(documents) \(deskText)"
  }

  /// The examples, the oracle's generated households (when python3 is there) and random ones.
  static func households() -> [String] {
    var found: [String] = []
    let examples = Fixtures.resources + "/examples"
    for name in (try? FileManager.default.contentsOfDirectory(atPath: examples))?.sorted() ?? []
    where name.hasSuffix(".json") {
      if let text = try? String(contentsOfFile: examples + "/" + name, encoding: .utf8) {
        found.append(text.replacingOccurrences(of: "\n", with: " "))
      }
    }
    var rng = Generator(state: 14)
    for number in 0..<600 { found.append(randomHousehold(&rng, number: number)) }
    return found
  }

  static func oracleHouseholds() -> [String]? {
    let root = URL(fileURLWithPath: Fixtures.resources).deletingLastPathComponent().path
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("shien-flat-\(getpid()).jsonl").path
    defer { try? FileManager.default.removeItem(atPath: out) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", root + "/scripts/oracle/generate.py", "--seed", "14", "--count", "800", "--as-of", "2026-04-01",
      "--out", out,
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    process.waitUntilExit()
    guard process.terminationStatus == 0, let text = try? String(contentsOfFile: out, encoding: .utf8) else {
      return nil
    }
    return text.split(separator: "\n").map(String.init)
  }

  func compareMeasures(_ households: [String]) -> (checked: Int, differences: [String]) {
    let catalog = Fixtures.catalog
    let matcher = Matcher(catalog: catalog)
    var flat = FlatMatcher(compiled: CompiledCatalog(catalog: catalog))
    var differences: [String] = []
    var checked = 0
    var statuses: Set<MeasureResult.Status> = []
    for json in households {
      guard let (household, date, municipality) = Self.prepared(json) else { continue }
      checked += 1
      let treeResults = matcher.match(household, asOf: date, municipality: municipality)
      statuses.formUnion(treeResults.map(\.status))
      let tree = treeResults.map(Self.summary)
      let flatResults = flat.match(household, asOf: date, municipality: municipality).map(Self.summary)
      if tree != flatResults, differences.count < 5 {
        let first = zip(tree, flatResults).first { $0 != $1 }
        let (left, right) = (first?.0 ?? "\(tree.count) results", first?.1 ?? "\(flatResults.count) results")
        differences.append("\(json.prefix(300))…\n  tree: \(left)\n  flat: \(right)")
      }
    }
    // Every status is met, so that the comparison is not between two lists of the same answer.
    if statuses.count < 3 { differences.append("only \(statuses) met") }
    return (checked, differences)
  }

  @Test func everyMeasureAgreesOnExamplesAndRandomHouseholds() {
    let (checked, differences) = compareMeasures(Self.households())
    #expect(checked > 400)
    #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
  }

  /// Stale parameters (past their revision date) and a desk chosen by a fact (desk_by on the mother's insurance):
  /// both paths agree, and the households tell the cases apart (else the comparison would prove nothing).
  @Test func staleParametersAndDeskByInsuranceAgree() throws {
    func pregnant(_ insurance: String, asOf: String) -> String {
      #"{"id": "D-\#(insurance)", "as_of": "\#(asOf)", "municipality": "古賀市", "members": ["#
        + #"{"role": "self", "birth_date": "1995-04-02", "pregnancy": "over_6_months", "health_insurance": "\#(insurance)", "#
        + #""income": 2400000, "employment": "employee"}, {"role": "child", "birth_date": "2020-05-10"}]}"#
    }
    let households = ["national", "employee"].flatMap { insurance in
      ["2026-04-01", "2027-05-01"].map { pregnant(insurance, asOf: $0) }
    }
    let (checked, differences) = compareMeasures(households + Self.households().prefix(50))
    #expect(checked > 40)
    #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    var flat = FlatMatcher(compiled: CompiledCatalog(catalog: Fixtures.catalog))
    var desks: Set<String> = []
    var staleCounts = [0, 0]
    for (position, json) in households.enumerated() {
      let (household, date, municipality) = try #require(Self.prepared(json))
      let results = flat.match(household, asOf: date, municipality: municipality)
      if let lump = results.first(where: { $0.measure.id == "childbirth-lump-sum" }) {
        desks.insert(lump.desk.name.text(.ja))
      }
      staleCounts[position % 2] += results.reduce(0) { $0 + ($1.amount?.stale.count ?? 0) }
    }
    #expect(desks.count == 2, "\(desks)")
    // More is stale on 2027-05-01 (past the April 2027 revisions) than on 2026-04-01.
    #expect(staleCounts[1] > staleCounts[0], "\(staleCounts)")
  }

  @Test func everyMeasureAgreesOnOracleHouseholds() throws {
    guard let households = Self.oracleHouseholds() else {
      print("skipped: python3 or scripts/oracle/generate.py is not available")
      return
    }
    let (checked, differences) = compareMeasures(households)
    #expect(checked == 800)
    #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
  }

  /// Every definition for every member (and household-wide), value and missing facts, on the random households.
  @Test func everyDefinitionAgrees() {
    let catalog = Fixtures.catalog
    let program = CompiledCatalog(catalog: catalog).program
    var flat = FlatEvaluator(program: program)
    var differences: [String] = []
    var rng = Generator(state: 41)
    for number in 0..<100 {
      let json = Self.randomHousehold(&rng, number: number)
      guard let (household, date, _) = Self.prepared(json) else { continue }
      flat.reset(household: household, asOf: date)
      for (index, definition) in catalog.library.definitions.enumerated() {
        let members: [Int?] = definition.parameter == nil ? [nil] : Array(household.members.indices)
        for member in members {
          var tree = Evaluator(library: catalog.library, household: household, asOf: date)
          let expected = tree.evaluate(definition.rule, member: member)
          let found = flat.evaluate(program.definitions[index], member: member)
          if expected.value != found.value || expected.missing != found.missing, differences.count < 5 {
            let call = "\(definition.name)(\(member.map(String.init) ?? ""))"
            differences.append("\(call) in \(json.prefix(300))…: \(expected) vs \(found)")
          }
        }
      }
    }
    #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
  }

  /// A program lays out every node kind the trees have: a rule of each kind evaluates alike.
  @Test(arguments: [
    "any(c in members where c.role == 'child': c.age < 18)",
    "count(c in members where c.age < 18 and c.role in ['child', 'other'])",
    "sum(m in members: m.income) + max(m in members: m.savings) - min(m in members: m.income)",
    "if single_parent then 1 else if rent > 50000 then 2 else 3",
    "days_between(as_of, add_years(as_of, 1)) > 360 and fiscal_year(as_of) >= 2025",
    "all(m in members: not m.student or m.age <= 22)",
    "max(1, 2, round_to(rent / 3, 100)) < floor(rent * 0.5)",
    "sum(c in members where c.role == 'child' and rank(c, o in members where o.role == 'child') == 2: c.grade)",
  ])
  func ruleKindsAgree(rule: String) throws {
    let (compiled, library) = try Fixtures.compile(rule)
    var program = FlatProgram(library: library)
    let entry = program.add(compiled)
    var flat = FlatEvaluator(program: program)
    var rng = Generator(state: 7)
    for number in 0..<100 {
      guard let (household, date, _) = Self.prepared(Self.randomHousehold(&rng, number: number)) else { continue }
      var tree = Evaluator(library: library, household: household, asOf: date)
      flat.reset(household: household, asOf: date)
      let expected = tree.evaluate(compiled)
      let found = flat.evaluate(entry)
      #expect(expected.value == found.value && expected.missing == found.missing, "\(rule) household \(number)")
    }
  }
}
