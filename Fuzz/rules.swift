/// Fuzz target: the rule language (Lexer, Parser, TypeChecker) on arbitrary text, against the real vocabulary
/// and the bundled catalog's parameters and definitions; a rule that compiles is evaluated for a sample household.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let library = FuzzFixtures.catalog.library
  var scope = RuleScope(vocabulary: library.vocabulary)
  for (index, parameter) in library.parameters.enumerated() { scope.parameters[parameter.name] = (index, parameter) }
  for (index, definition) in library.definitions.enumerated() {
    scope.definitions[definition.name] = (index, definition)
  }
  let source = RuleSource(FuzzFixtures.text(data, size))
  guard let rule = try? TypeChecker.compile(source, in: scope, expecting: nil) else { return 0 }
  var evaluator = Evaluator(library: library, household: FuzzRuleHousehold.sample, asOf: CivilDate(iso: "2025-06-01")!)
  _ = evaluator.evaluate(rule)
  return 0
}

/// Before the first input: compiles the bundled catalog and lets it go. scripts/fuzz/lsan.supp hides what
/// FuzzFixtures.catalog holds until exit (LeakSanitizer cannot see pointers to `Expr` boxes), so a real leak in
/// compiling the catalog shows up here, where nothing holds the result.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzRulesInitialize(
  _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
  _ = try? CatalogLocator.compileSources(in: FuzzFixtures.resources)
  return 0
}

enum FuzzRuleHousehold {
  static let sample: Household = {
    let json = """
      {"as_of": "2025-06-01", "municipality": "古賀市", "rent": 65000, "members": [
        {"role": "self", "birth_date": "1988-06-02", "income": 2400000, "employment": "employee"},
        {"role": "child", "birth_date": "2016-05-10"},
        {"role": "child", "birth_date": "2023-01-20", "disability_physical_grade": 2}]}
      """
    do {
      return try HouseholdDecoder(vocabulary: FuzzFixtures.vocabulary).decode(Array(json.utf8))
    } catch {
      fatalError("fuzz: the sample household does not decode: \(error)")
    }
  }()
}
