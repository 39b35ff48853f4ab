import Testing

@testable import ShienFacts
@testable import ShienMatching
@testable import ShienSupport

@Suite struct HouseholdCheckTests {
  @Test func theStepsRunInOrderAndTheReportIsTheMatchers() throws {
    let household = try Fixtures.household(
      #"{"id":"k","municipality":"古賀市","members":[{"role":"self","age":35},{"role":"child","birth_date":"2016-05-10"}]}"#
    )
    var check = HouseholdCheck(catalog: Fixtures.catalog)
    let asOf = Fixtures.date("2025-06-01")
    let (prepared, report) = try check.check(household, asOf: asOf)
    #expect(prepared.municipality?.code == "40223")
    #expect(report.householdID == "k")
    #expect(report.catalogDigest == Fixtures.catalog.digest)
    let matcher = Matcher(catalog: Fixtures.catalog)
    let expected = matcher.match(prepared.household, asOf: asOf, municipality: prepared.municipality)
    #expect(report.results.map(\.measure.id) == expected.map(\.measure.id))
    #expect(report.results.map(\.status) == expected.map(\.status))
    let only = check.match(prepared, only: ["child-allowance"])
    #expect(only.map(\.measure.id) == ["child-allowance"])
  }

  @Test func aBirthDateAfterTheDayIsRefusedWithItsPath() throws {
    let household = try Fixtures.household(
      #"{"members":[{"role":"self","age":35},{"role":"child","birth_date":"2026-05-10"}]}"#)
    var check = HouseholdCheck(catalog: Fixtures.catalog)
    #expect {
      try check.prepare(household, asOf: Fixtures.date("2025-06-01"))
    } throws: { error in
      guard case .dates(let error)? = error as? HouseholdCheck.Failure else { return false }
      return error.path == "members[1].birth_date"
    }
  }

  @Test func anUnknownMunicipalityIsRefused() throws {
    let household = try Fixtures.household(#"{"municipality":"どこでもない市","members":[{"role":"self","age":35}]}"#)
    var check = HouseholdCheck(catalog: Fixtures.catalog)
    #expect {
      try check.prepare(household, asOf: Fixtures.date("2025-06-01"))
    } throws: { error in
      guard case .municipality? = error as? HouseholdCheck.Failure else { return false }
      return true
    }
  }

  @Test func singleParentIsInferredWhenNotGiven() throws {
    let household = try Fixtures.household(
      #"{"members":[{"role":"self","age":35},{"role":"child","age":8}]}"#)
    let index = try #require(Fixtures.vocabulary.index(of: "single_parent"))
    // The decoder infers it too; taken out again, the pipeline puts it back.
    let inferred = try #require(household.facts[index])
    var bare = household
    bare.facts[index] = nil
    var check = HouseholdCheck(catalog: Fixtures.catalog)
    let prepared = try check.prepare(bare, asOf: Fixtures.date("2025-06-01"))
    #expect(prepared.household.facts[index] == inferred)
  }
}
