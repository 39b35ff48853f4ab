import Foundation
import Testing

@testable import ShienKit

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
  static func measure(rule: String, name: String = "hostile") -> SourceFile {
    let text = """
      {
        "id": "hostile",
        "name": {"ja": "\(name)", "en": "hostile", "ja-easy": "hostile"},
        "summary": {"ja": "テスト", "en": "test"},
        "category": "service",
        "scope": "national",
        "eligibility": [{"text": {"ja": "条件", "en": "condition"}, "rule": "\(rule)"}],
        "procedure": {"steps": [{"ja": "申し込む", "en": "apply"}]},
        "documents": [{"ja": "申請書", "en": "application form"}],
        "desk": "子育て支援",
        "sources": [{"url": "https://example.org/", "checked": "2026-11-22"}]
      }
      """
    return SourceFile(path: "catalog/measures/hostile.json", bytes: Array(text.utf8))
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
}
