// swift-tools-version:6.0
import PackageDescription

// The library is cut into layers that the compiler keeps: a target depends only on targets above it in this list,
// and SwiftPM refuses a cycle. No library target prints a command line, reads an environment variable or chooses an
// exit status; those belong to the executable, `shien`.
let package = Package(
  name: "shien",
  products: [
    .executable(name: "shien", targets: ["shien"])
  ],
  targets: [
    /// The system SQLite (Debian's libsqlite3-dev).
    .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    /// Dates, JSON, hashing, display width, diagnostics, files: nothing about households or measures.
    .target(name: "ShienSupport"),
    /// Database, Statement, SQLiteError: the only target that imports CSQLite.
    .target(name: "ShienStore", dependencies: ["CSQLite", "ShienSupport"]),
    /// The household, its members, the facts and the values and truth they hold; everyday input (全角, 万円, 和暦).
    .target(name: "ShienFacts", dependencies: ["ShienSupport"]),
    /// The rule language: lexer, parser, type checker, cost bound and evaluator.
    .target(name: "ShienRules", dependencies: ["ShienSupport", "ShienFacts"]),
    /// Catalog sources → compiled catalog (SQLite) and its search index; loading, lint and audit.
    .target(name: "ShienCatalog", dependencies: ["ShienSupport", "ShienStore", "ShienFacts", "ShienRules"]),
    /// One household against the catalog: the check pipeline, why and missing, desks, the planner, life events.
    .target(name: "ShienMatching", dependencies: ["ShienSupport", "ShienFacts", "ShienRules", "ShienCatalog"]),
    /// Text, JSON, CSV, Markdown and HTML; the word tables.
    .target(
      name: "ShienRender",
      dependencies: ["ShienSupport", "ShienFacts", "ShienRules", "ShienCatalog", "ShienMatching"]
    ),
    /// The interview without its terminal: the conversation, its saved store, its exports.
    .target(
      name: "ShienInterview",
      dependencies: ["ShienSupport", "ShienStore", "ShienFacts", "ShienCatalog", "ShienMatching", "ShienRender"]
    ),
    /// Streaming batch over JSON Lines and CSV: workers, shards, changes since a previous run.
    .target(
      name: "ShienBatch",
      dependencies: ["ShienSupport", "ShienFacts", "ShienCatalog", "ShienMatching", "ShienRender"]
    ),
    /// The command line: argv, the commands, the terminal.
    .executableTarget(
      name: "shien",
      dependencies: [
        "ShienSupport", "ShienStore", "ShienFacts", "ShienRules", "ShienCatalog", "ShienMatching", "ShienRender",
        "ShienInterview", "ShienBatch",
      ]
    ),
    .testTarget(
      name: "ShienKitTests",
      dependencies: [
        "ShienSupport", "ShienStore", "ShienFacts", "ShienRules", "ShienCatalog", "ShienMatching", "ShienRender",
        "ShienInterview", "ShienBatch",
      ]
    ),
    .testTarget(
      name: "ShienCLITests",
      dependencies: [
        "ShienSupport", "ShienStore", "ShienFacts", "ShienRules", "ShienCatalog", "ShienMatching", "ShienRender",
        "ShienInterview", "ShienBatch",
      ]
    ),
  ]
)
