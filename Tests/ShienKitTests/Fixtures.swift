@testable import ShienCatalog
@testable import ShienFacts
@testable import ShienRules
@testable import ShienSupport

/// Shared test fixtures: the real fact vocabulary and catalog from this checkout's Resources/.
enum Fixtures {
  static let resources: String = {
    guard let path = CatalogLocator.sourceTreeResources else {
      preconditionFailure("Resources/ not found beside the sources")
    }
    return path
  }()

  static let vocabulary: FactVocabulary = {
    let bytes = try! readFile(resources + "/facts.json")
    return try! FactVocabulary.load(json: bytes, file: "facts.json")
  }()

  static let compiled: (catalog: Catalog, files: [SourceFile]) = {
    let (catalog, files, _) = try! CatalogLocator.compileSources(in: resources)
    return (catalog, files)
  }()

  static var catalog: Catalog { compiled.catalog }

  static func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

  static func household(_ json: String) throws -> Household {
    try HouseholdDecoder(vocabulary: vocabulary).decode(Array(json.utf8))
  }

  /// Compiles `rule` against the vocabulary with the given parameters, or fails with the errors.
  static func compile(
    _ rule: String, expecting: RuleType? = nil, parameters: [Parameter] = [], definitions: [Definition] = []
  ) throws -> (CompiledRule, RuleLibrary) {
    var scope = RuleScope(vocabulary: vocabulary)
    for (index, parameter) in parameters.enumerated() { scope.parameters[parameter.name] = (index, parameter) }
    for (index, definition) in definitions.enumerated() { scope.definitions[definition.name] = (index, definition) }
    let compiled = try TypeChecker.compile(RuleSource(rule), in: scope, expecting: expecting)
    return (compiled, RuleLibrary(vocabulary: vocabulary, parameters: parameters, definitions: definitions))
  }

  /// Evaluates `rule` for `household` at `asOf`.
  static func evaluate(
    _ rule: String, _ household: Household, asOf: String = "2025-06-01", parameters: [Parameter] = []
  ) throws -> (value: Value, missing: [MissingFact]) {
    let (compiled, library) = try compile(rule, parameters: parameters)
    var evaluator = Evaluator(library: library, household: household, asOf: date(asOf))
    return evaluator.evaluate(compiled)
  }

  /// The messages of every error in `rule`, as `line:column: message`.
  static func errors(_ rule: String, expecting: RuleType? = nil, parameters: [Parameter] = []) -> [String] {
    do {
      _ = try compile(rule, expecting: expecting, parameters: parameters)
      return []
    } catch let error as RuleErrors {
      return error.errors.map { "\($0.range.start): \($0.message)" }
    } catch {
      return ["\(error)"]
    }
  }
}
