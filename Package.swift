// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "shien",
  products: [
    .executable(name: "shien", targets: ["shien"]),
    .library(name: "ShienKit", targets: ["ShienKit"]),
  ],
  targets: [
    .systemLibrary(
      name: "CSQLite",
      pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]
    ),
    .target(
      name: "ShienKit",
      dependencies: ["CSQLite"]
    ),
    .executableTarget(
      name: "shien",
      dependencies: ["ShienKit"]
    ),
    .testTarget(
      name: "ShienKitTests",
      dependencies: ["ShienKit"]
    ),
    .testTarget(
      name: "ShienCLITests",
      dependencies: ["ShienKit"]
    ),
  ]
)
