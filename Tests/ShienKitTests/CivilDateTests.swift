import Testing

@testable import ShienSupport

@Suite struct CivilDateTests {
  @Test(arguments: [
    ("2007-04-01", "2025-04-01", 13), ("2007-04-02", "2025-04-01", 12), ("2019-04-01", "2025-04-01", 1),
    ("2019-04-02", "2025-04-01", 0), ("2019-04-02", "2026-03-31", 0), ("2019-04-02", "2026-04-01", 1),
  ])
  func schoolGrade(birth: String, date: String, grade: Int) throws {
    let born = try #require(CivilDate(iso: birth))
    let on = try #require(CivilDate(iso: date))
    #expect(born.schoolGrade(on: on) == grade)
  }

  @Test(arguments: [
    ("2000-02-29", "2001-02-28", 0), ("2000-02-29", "2001-03-01", 1), ("2000-02-29", "2004-02-29", 4),
    ("1988-06-02", "2025-06-01", 36), ("1988-06-02", "2025-06-02", 37),
  ])
  func age(birth: String, date: String, years: Int) throws {
    #expect(try #require(CivilDate(iso: birth)).age(on: try #require(CivilDate(iso: date))) == years)
  }

  @Test func rejectsImpossibleDays() {
    #expect(CivilDate(iso: "2025-02-29") == nil)
    #expect(CivilDate(iso: "2024-02-29") != nil)
    #expect(CivilDate(iso: "2024-13-01") == nil)
    #expect(CivilDate(iso: "2024-1-01") == nil)
  }

  @Test func roundTripsAndWeekday() throws {
    let date = try #require(CivilDate(iso: "2026-01-25"))
    #expect(date.description == "2026-01-25")
    #expect(date.weekday == 0)  // a Sunday
    #expect(date.adding(days: 1).description == "2026-01-26")
    #expect(try #require(CivilDate(iso: "2024-01-31")).adding(months: 1).description == "2024-02-29")
    #expect(date.fiscalYear == 2025)
  }
}
