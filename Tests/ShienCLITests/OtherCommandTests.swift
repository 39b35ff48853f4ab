import Foundation
import Testing

@Suite struct HelpAndVersionTests {
  @Test func topLevelHelp() throws {
    let output = try Shien.run(["--help"])
    #expect(output.status == 0)
    #expect(output.stdout.hasPrefix("OVERVIEW: Find the support measures (支援) a household can get"))
    #expect(output.stdout.contains("USAGE: shien <command> [<options>]"))
    #expect(output.stdout.contains("COMMANDS:"))
    #expect(try Shien.run([]).stdout == output.stdout)
  }

  @Test(arguments: ["check", "batch", "show", "facts", "catalog"])
  func everyCommandHasHelp(command: String) throws {
    let output = try Shien.run([command, "--help"])
    #expect(output.status == 0)
    #expect(output.stdout.hasPrefix("OVERVIEW: "))
    #expect(output.stdout.contains("\nUSAGE: shien \(command)"))
    #expect(output.stdout.contains("\nOPTIONS:\n"))
    #expect(output.stdout.contains("--catalog <path>"))
    #expect(try Shien.run(["help", command]).stdout == output.stdout)
  }

  @Test func version() throws {
    let output = try Shien.run(["--version"])
    #expect(output.status == 0)
    #expect(output.stdout.hasPrefix("shien "))
  }
}

@Suite struct ShowAndFactsTests {
  @Test func showPrintsOneMeasureWhole() throws {
    let output = try Shien.run(["show", "child-support-allowance", "--as-of", "2025-06-01"])
    #expect(output.status == 0)
    #expect(output.stdout.hasPrefix("児童扶養手当  [child-support-allowance]"))
    #expect(output.stdout.contains("first_full = 46,690円"))
    #expect(output.stdout.contains("full_limit = [690,000円, 1,070,000円"))
    #expect(output.stdout.contains("second_coefficient = 0.0039568"))
    #expect(output.stdout.contains("要確認"))
    let earlier = try Shien.run(["show", "child-support-allowance", "--as-of", "2024-06-01"])
    #expect(earlier.stdout.contains("first_full = 45,500円"))
    #expect(earlier.stdout.contains("third_full: この日に有効な値なし"))
  }

  @Test func showUnknownMeasureSuggests() throws {
    let output = try Shien.run(["show", "chld-allowance"])
    #expect(output.status == 64)
    #expect(output.stderr.contains("Unknown measure 'chld-allowance'. Did you mean 'child-allowance' (児童手当)?"))
  }

  /// At the counter a measure is called by its name: any language, any width, or a part only one name holds.
  @Test func aMeasureCanBeNamedAsPeopleCallIt() throws {
    for name in ["児童扶養手当", "ｃｈｉｌｄ ｓｕｐｐｏｒｔ ａｌｌｏｗａｎｃｅ", "CHILD SUPPORT ALLOWANCE (single-parent households)"] {
      let output = try Shien.run(["show", name, "--as-of", "2025-06-01"])
      #expect(output.status == 0, "\(name): \(output.stderr)")
      #expect(output.stdout.hasPrefix("児童扶養手当  [child-support-allowance]"), "\(name)")
    }
    let several = try Shien.run(["show", "子ども医療費"])  // the generic measure's name and two cities'.
    #expect(several.status == 64)
    #expect(
      several.stderr.contains(
        "'子ども医療費' could be any of 3 measures: child-medical-subsidy (子ども医療費助成（乳幼児・こども医療）), "
          + "okazaki-child-medical-subsidy (岡崎市 子ども医療費助成), shibata-child-medical-subsidy (新発田市 子ども医療費助成)."),
      "\(several.stderr)")
    let only = try Shien.run(
      ["check", "--household", Shien.example, "--measures", "児童手当, child-support-allowance", "--format", "json"])
    #expect(only.status == 0, "\(only.stderr)")
    let ids = (try Shien.json(only.stdout)["measures"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
    #expect(Set(ids ?? []) == ["child-allowance", "child-support-allowance"])
  }

  @Test func factsListsTheVocabulary() throws {
    let text = try Shien.run(["facts"])
    #expect(text.status == 0)
    #expect(text.stdout.contains("birth_date"))
    #expect(text.stdout.contains("self=本人"))
    let json = try Shien.run(["facts", "--format", "json"])
    let facts = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    let role = try #require(facts.first { $0["id"] as? String == "role" })
    #expect(role["values"] as? [String] == ["self", "spouse", "child", "parent", "grandparent", "other"])
    #expect((role["question"] as? [String: String])?["ja-easy"]?.isEmpty == false)
  }
}

@Suite struct CatalogCommandTests {
  /// A copy of Resources/ to break.
  static func copyOfResources() throws -> URL {
    let directory = try Shien.temporaryDirectory()
    let target = directory.appendingPathComponent("Resources")
    try FileManager.default.copyItem(at: Shien.root.appendingPathComponent("Resources"), to: target)
    return target
  }

  @Test func bundledCatalogIsLintClean() throws {
    let output = try Shien.run(["catalog", "lint"])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains("no errors"))
  }

  @Test func lintReportsTheFileLineColumnWithACaret() throws {
    let resources = try Self.copyOfResources()
    let file = resources.appendingPathComponent("catalog/measures/child-allowance.json")
    var text = try String(contentsOf: file, encoding: .utf8)
    text = text.replacingOccurrences(
      of: "c.role == 'child' and c.grade <= 12", with: "c.role == 'child' and c.grdae <= 12")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let output = try Shien.run(["catalog", "lint", "--sources", resources.path])
    #expect(output.status == 65)
    let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("c.grdae") }! + 1
    #expect(output.stderr.contains("catalog/measures/child-allowance.json:\(line):"))
    #expect(output.stderr.contains("error: unknown fact 'grdae' of a member; did you mean 'grade'?"))
    #expect(output.stderr.contains(" ^~~~~\n"))
    #expect(output.stderr.contains("1 error(s)"))
  }

  @Test func lintFindsUnresolvedDeskRolesAndMissingTexts() throws {
    let resources = try Self.copyOfResources()
    let file = resources.appendingPathComponent("catalog/measures/disabled-child-welfare-allowance.json")
    var text = try String(contentsOf: file, encoding: .utf8)
    text = text.replacingOccurrences(of: "\"desk\": \"福祉(障がい)\"", with: "\"desk\": \"福祉（障害）\"")
    text = text.replacingOccurrences(
      of: "\"en\": \"Welfare Allowance for Children with Disabilities\"", with: "\"en\": \"\"")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let output = try Shien.run(["catalog", "lint", "--sources", resources.path])
    #expect(output.status == 65)
    #expect(output.stderr.contains("desk role '福祉（障害）' is not in catalog/roles.json"))
    #expect(output.stderr.contains("'name' has no 'en' text"))
  }

  @Test func buildWritesADatabaseThatCheckCanUse() throws {
    let directory = try Shien.temporaryDirectory()
    let database = directory.appendingPathComponent("catalog.sqlite").path
    let build = try Shien.run(["catalog", "build", "--output", database])
    #expect(build.status == 0, "\(build.stderr)")
    #expect(build.stdout.hasPrefix("built \(database):"))
    let check = try Shien.run(["--catalog", database, "check", "--household", Shien.example, "--format", "json"])
    #expect(check.status == 0)
    let viaEnvironment = try Shien.run(
      ["check", "--household", Shien.example], environment: ["SHIEN_CATALOG": database])
    #expect(viaEnvironment.status == 0)
  }

  @Test func corruptOrMissingDatabasesAreReported() throws {
    let directory = try Shien.temporaryDirectory()
    let garbage = try Shien.write(String(repeating: "not a database ", count: 300), to: "garbage.sqlite", in: directory)
    let corrupt = try Shien.run(["--catalog", garbage, "check", "--household", Shien.example])
    #expect(corrupt.status == 65)
    #expect(corrupt.stderr.contains("is corrupt or not a database"))
    let missing = try Shien.run(["--catalog", directory.appendingPathComponent("none.sqlite").path, "facts"])
    #expect(missing.status == 66)
    #expect(missing.stderr.contains("no catalog at"))
  }

  @Test func anAlteredDatabaseIsNotSilentlyUsed() throws {
    let directory = try Shien.temporaryDirectory()
    let database = directory.appendingPathComponent("catalog.sqlite").path
    try Shien.run(["catalog", "build", "--output", database])
    // Change the compiled catalog behind its checksum's back, as a half-applied edit or a damaged copy would.
    let sqlite = Process()
    sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    sqlite.arguments = [
      "python3", "-c",
      """
      import sqlite3, sys
      db = sqlite3.connect(sys.argv[1])
      data = bytearray(db.execute("SELECT data FROM compiled").fetchone()[0])
      data[len(data) // 2] ^= 0x01
      db.execute("UPDATE compiled SET data = ?", (bytes(data),))
      db.commit()
      """, database,
    ]
    try sqlite.run()
    sqlite.waitUntilExit()
    let output = try Shien.run(["--catalog", database, "check", "--household", Shien.example])
    #expect(output.status == 65)
    #expect(output.stderr.contains("does not match its own checksum"))
  }

  @Test func anInstalledCopyUsesShareShienAndWritesNothingBesideItself() throws {
    // The layout `make install` leaves: PREFIX/bin/shien and PREFIX/share/shien/catalog.sqlite.
    let prefix = try Shien.temporaryDirectory()
    let bin = prefix.appendingPathComponent("bin")
    let share = prefix.appendingPathComponent("share/shien")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: share, withIntermediateDirectories: true)
    let installed = bin.appendingPathComponent("shien")
    try FileManager.default.copyItem(at: Shien.binary, to: installed)
    try Shien.run(["catalog", "build", "--output", share.appendingPathComponent("catalog.sqlite").path])
    let check = try Shien.run(["check", "--household", Shien.example, "--format", "json"], executable: installed)
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stderr.isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: bin.path) == ["shien"])
    let lint = try Shien.run(["catalog", "lint"], executable: installed)
    #expect(lint.status == 66)
    #expect(lint.stderr.contains("give them with --sources"))
  }

  @Test func aCatalogFolderCanBeUsedDirectly() throws {
    let output = try Shien.run([
      "--catalog", Shien.root.appendingPathComponent("Resources").path, "show", "child-allowance",
    ])
    #expect(output.status == 0)
    #expect(output.stdout.hasPrefix("児童手当"))
  }
}
