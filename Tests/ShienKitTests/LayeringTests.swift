import Foundation
import Testing

/// The layers hold in the sources as well as in Package.swift: SwiftPM lets a target see a system module that a
/// target below it depends on, so only a look at the imports shows that SQLite is used through ShienStore alone.
@Suite struct LayeringTests {
  static let order = [
    "ShienSupport", "ShienStore", "ShienFacts", "ShienRules", "ShienCatalog", "ShienMatching", "ShienRender",
    "ShienInterview", "ShienBatch",
  ]

  static var sources: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources")
  }

  /// Every `import X` of the Swift files of `target`.
  static func imports(of target: String) throws -> [(file: String, module: String)] {
    let folder = sources.appendingPathComponent(target)
    var found: [(String, String)] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
      let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      for line in text.split(separator: "\n") where line.hasPrefix("import ") {
        found.append((name, String(line.dropFirst("import ".count))))
      }
    }
    return found
  }

  @Test(arguments: order)
  func aTargetImportsOnlyTargetsBelowItAndSQLiteOnlyThroughTheStore(target: String) throws {
    let position = try #require(Self.order.firstIndex(of: target))
    for (file, module) in try Self.imports(of: target) {
      if module == "CSQLite" {
        #expect(target == "ShienStore", "\(target)/\(file) imports CSQLite")
      } else if let other = Self.order.firstIndex(of: module) {
        #expect(other < position, "\(target)/\(file) imports \(module), which is not below it")
      }
    }
  }
}
