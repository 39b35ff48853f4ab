import Glibc

/// Shared by the fuzz targets: the real fact vocabulary and catalog of this checkout, read once.
/// The targets run from the checkout's root (scripts/fuzz/run.sh), or with SHIEN_RESOURCES set.
enum FuzzFixtures {
  static let resources: String = {
    if let value = getenv("SHIEN_RESOURCES") { return String(cString: value) }
    return "Resources"
  }()

  static let vocabulary: FactVocabulary = {
    do {
      return try FactVocabulary.load(json: readFile(resources + "/facts.json"), file: "facts.json")
    } catch {
      fatalError("fuzz: cannot load \(resources)/facts.json: \(error)")
    }
  }()

  static let catalog: Catalog = {
    do {
      return try CatalogLocator.compileSources(in: resources).0
    } catch {
      fatalError("fuzz: cannot compile the catalog in \(resources): \(error)")
    }
  }()

  static func text(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  }
}
