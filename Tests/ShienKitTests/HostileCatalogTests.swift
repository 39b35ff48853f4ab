import Foundation
import Testing

@testable import ShienCatalog
@testable import ShienFacts
@testable import ShienRules

/// Catalogs from elsewhere are untrusted: whatever their sources hold, the compiler answers with diagnostics that
/// name the file and the place, never with a crash, a hang or a catalog that could exhaust the evaluator.
@Suite struct HostileCatalogTests {
  /// The bundled sources with `catalog/catalog.json` edited by `edit` and `extra` files added, compiled.
  static func diagnostics(editingCatalog edit: (String) -> String = { $0 }, adding extra: [SourceFile] = []) -> [String]
  {
    var files = Fixtures.compiled.files
    if let index = files.firstIndex(where: { $0.path == "catalog/catalog.json" }) {
      files[index].bytes = Array(edit(String(decoding: files[index].bytes, as: UTF8.self)).utf8)
    }
    files.append(contentsOf: extra)
    var compiler = CatalogCompiler()
    let catalog = compiler.compile(files)
    if catalog != nil, compiler.diagnostics.isEmpty { return [] }
    return compiler.diagnostics.map(\.description)
  }

  /// A measure whose only rule is `rule`, and otherwise as plain as the bundled ones.
  static func measure(rule: String, name: String = "hostile", id: String = "hostile") -> SourceFile {
    let text = """
      {
        "id": "\(id)",
        "name": {"ja": "\(name)", "en": "hostile", "ja-easy": "hostile"},
        "summary": {"ja": "テスト", "en": "test"},
        "category": "service",
        "scope": "national",
        "eligibility": [{"text": {"ja": "条件", "en": "condition"}, "rule": "\(rule)"}],
        "procedure": {"steps": [{"ja": "申し込む", "en": "apply"}]},
        "documents": [{"ja": "申請書", "en": "application form"}],
        "desk": "子育て支援",
        "sources": [{"url": "https://example.org/measure", "checked": "2026-11-22"}]
      }
      """
    return SourceFile(path: "catalog/measures/\(id).json", bytes: Array(text.utf8))
  }

  static func definitions(_ extra: String) -> (String) -> String {
    { $0.replacingOccurrences(of: #""definitions": ["#, with: #""definitions": ["# + extra + ",") }
  }

  @Test func aRuleNestedBeyondTheDepthLimitIsRefused() {
    let deep = String(repeating: "(", count: 1000) + "has_child" + String(repeating: ")", count: 1000)
    let found = Self.diagnostics(adding: [Self.measure(rule: deep)])
    #expect(found.contains { $0.contains("catalog/measures/hostile.json") && $0.contains("nest") }, "\(found)")
    let negations = String(repeating: "not ", count: 1000) + "has_child"
    #expect(!Self.diagnostics(adding: [Self.measure(rule: negations)]).isEmpty)
  }

  @Test func aRuleBeyondTheSizeLimitIsRefused() {
    let huge = Array(repeating: "1", count: 4001).joined(separator: " + ") + " > 0"
    let found = Self.diagnostics(adding: [Self.measure(rule: huge)])
    #expect(
      found.contains { $0.contains("catalog/measures/hostile.json") && $0.contains("rule too large") },
      "\(found.map { $0.prefix(200) })")
  }

  @Test func definitionsThatCallEachOtherAreRefused() {
    let loop = #"""
      {"name": "loop_a", "type": "bool", "rule": "loop_b"}, {"name": "loop_b", "type": "bool", "rule": "loop_a"}
      """#
    let found = Self.diagnostics(editingCatalog: Self.definitions(loop))
    #expect(found.contains { $0.contains("catalog/catalog.json") && $0.contains("loop_") }, "\(found)")
    let selfCall = #"{"name": "loop_self", "type": "bool", "rule": "not loop_self"}"#
    #expect(!Self.diagnostics(editingCatalog: Self.definitions(selfCall)).isEmpty)
  }

  @Test func aHugeTableIsRefused() {
    let row = Array(repeating: "1", count: 1_000_000).joined(separator: ",")
    let table = #"""
      "hostile_table": {"type": "money", "table": true, "description": "x",
        "values": [{"from": "2020-01-01", "value": [\#(row)], "source": "test"}]},
      """#
    let found = Self.diagnostics(editingCatalog: {
      $0.replacingOccurrences(of: #""parameters": {"#, with: #""parameters": {"# + table)
    })
    #expect(
      found.contains { $0.contains("catalog/catalog.json") && $0.contains("a list of 1000000 items is longer") },
      "\(found.map { $0.prefix(200) })")
  }

  @Test func aGiantStringIsRefused() {
    let giant = String(repeating: "あ", count: 3_500_000)
    let found = Self.diagnostics(adding: [Self.measure(rule: "has_child", name: giant)])
    #expect(
      found.contains { $0.contains("catalog/measures/hostile.json:3:") && $0.contains("10500000 bytes is longer") },
      "\(found.map { $0.prefix(200) })")
    #expect(found.allSatisfy { $0.utf8.count < 2000 }, "a diagnostic repeats the giant string")
  }

  @Test func deeplyNestedCatalogJSONIsRefused() {
    let deep = String(repeating: "[", count: 100_000)
    let file = SourceFile(path: "catalog/measures/hostile.json", bytes: Array("{\"id\": \(deep)".utf8))
    let found = Self.diagnostics(adding: [file])
    #expect(found.contains { $0.contains("catalog/measures/hostile.json") && $0.contains("nesting") }, "\(found)")
  }

  /// Three nested member loops around `body` (which may use `a`, `b`, `c`): 64 × 64 × 64 times `body`'s size.
  static func nestedLoops(_ body: String) -> String {
    "count(a in members where count(b in members where count(c in members where \(body)) > 2) > 3) > 0"
  }

  /// A test about `c` of `parts` comparisons.
  static func comparisons(_ parts: Int) -> String {
    (0..<parts).map { "c.income + b.income > a.income + \($0)" }.joined(separator: " and ")
  }

  @Test func aRuleThatMayTakeTooLongIsRefused() {
    let found = Self.diagnostics(adding: [Self.measure(rule: Self.nestedLoops(Self.comparisons(8)))])
    #expect(
      found.contains {
        $0.hasPrefix("catalog/measures/hostile.json:")
          && $0.contains("steps for a household of 64 members, more than the 10,000,000 a rule may take")
      }, "\(found)")
    // Two loops deep, or three around a small test, are fine.
    #expect(Self.diagnostics(adding: [Self.measure(rule: Self.nestedLoops(Self.comparisons(1)))]).isEmpty)
  }

  @Test func aCatalogWhoseRulesTogetherMayTakeTooLongIsRefused() {
    // Each rule is below the limit of one rule (about 8.4 million steps); eight of them are not.
    let measures = (1...8).map { Self.measure(rule: Self.nestedLoops(Self.comparisons(4)), id: "hostile-\($0)") }
    let found = Self.diagnostics(adding: measures)
    #expect(
      found.contains {
        $0.contains("the catalog's rules may take up to") && $0.contains("more than the 50,000,000 allowed")
          && $0.contains("the largest: measure hostile-")
      }, "\(found)")
    #expect(Self.diagnostics(adding: Array(measures.prefix(2))).isEmpty)
  }

  /// A rule near the limit finishes, with the right answer, for the largest household there may be.
  @Test func theCostliestRulesStillGiveTheirAnswer() throws {
    let members = (0..<HouseholdDecoder.maxMembers).map { index in
      #"{"role": "\#(index == 0 ? "self" : "child")", "birth_date": "2010-04-10", "income": \#(index * 1000)}"#
    }
    let household = try Fixtures.household(#"{"members": ["# + members.joined(separator: ",") + "]}")
    let rule = "sum(a in members: sum(b in members: sum(c in members: c.income * 4 + b.income * 3 - a.income)))"
    let (compiled, library) = try Fixtures.compile(rule)
    #expect(RuleCost.of(compiled.expr) > 1_000_000)
    var evaluator = Evaluator(library: library, household: household, asOf: Fixtures.date("2025-06-01"))
    // 64² × (4 + 3 − 1) × Σ incomes (1,000 × (0 + 1 + … + 63) = 2,016,000).
    #expect(evaluator.evaluate(compiled).value == .number(Interval(exactly: 4096 * 6 * 2_016_000)))
  }

  /// Rules cannot read files, reach the network, run programs or see the clock: no name for any of it resolves, and
  /// the built-in functions are the pure ones listed (a new one must be added here on purpose).
  @Test func rulesHaveNoWayOutOfTheHousehold() {
    for rule in [
      "read_file('/etc/passwd') == ''", "open('/etc/passwd')", "http_get('https://example.org/') == ''",
      "system('rm -rf /') == 0", "exec('ls')", "env('HOME') == ''", "now() > as_of", "today() > as_of",
      "import('os')", "include('other.json')", "measure_amount('/etc/passwd') > 0",
    ] {
      #expect(!Fixtures.errors(rule).isEmpty, "\(rule) compiled")
    }
    #expect(
      Set(Builtin.allCases.map(\.rawValue)) == [
        "min", "max", "floor", "ceil", "round", "round_to", "floor_to", "ceil_to", "add_days", "add_months",
        "add_years", "days_between", "fiscal_year", "fiscal_year_start", "fiscal_year_end", "age_on", "grade_on",
        "range",
      ])
  }
}
