import ShienStore
import ShienSupport

/// Finds and opens the catalog: `--catalog PATH`, else `SHIEN_CATALOG`, else the bundled one.
///
/// PATH may be a compiled database or a `Resources` folder of sources. The bundled catalog is the database beside the
/// executable (`shien-catalog.sqlite`, as `make` leaves it) or under `../share/shien/` (as `make install` leaves it).
/// Run from a source checkout (the binary under its `.build/`), shien compares that database with `Resources/` and
/// rebuilds it when the sources changed, so an edited catalog is never silently ignored. An installed copy never
/// looks at a checkout, and never writes beside itself.
package struct CatalogLocator: Sendable {
  package static let databaseName = "shien-catalog.sqlite"

  /// The checkout this binary was built from, when it is still there.
  package static var sourceTreeRoot: String? {
    var path = #filePath  // …/Sources/ShienCatalog/CatalogLocator.swift
    for _ in 0..<3 { path = parentDirectory(path) }
    return fileExists(path + "/Resources/facts.json") ? path : nil
  }

  /// `Resources/` of the checkout this binary was built from, when it is still there.
  package static var sourceTreeResources: String? { sourceTreeRoot.map { $0 + "/Resources" } }

  /// True when the running binary is the one built in the checkout (under its `.build/`), not an installed copy.
  package static var isRunningFromSourceTree: Bool {
    guard let root = sourceTreeRoot, let executable = executablePath() else { return false }
    return executable.hasPrefix(root + "/.build/")
  }

  /// The catalog source files under a `Resources` folder, relative to it, without reading them; none when the folder
  /// holds something ``CatalogSourceWalk`` refuses (reading the sources then says what).
  package static func sourcePaths(in resources: String) -> [String] {
    (try? CatalogSourceWalk.paths(in: resources)) ?? []
  }

  /// A fingerprint of the sources' paths, sizes and modification times (to the nanosecond): while it is unchanged a
  /// checkout's database is current without reading and hashing every source (which costs a search a third of its
  /// time). When it changed, the digest of the contents decides.
  package static func sourceStamps(in resources: String) -> String {
    var text = resources + "\n"
    for path in sourcePaths(in: resources).sorted() {
      let stamp = fileStamp(resources + "/" + path)
      text += "\(path)\t\(stamp?.size ?? -1)\t\(stamp?.modified ?? -1)\n"
    }
    return CatalogBinary.checksum(Array(text.utf8))
  }

  /// Reads every catalog source file under a `Resources` folder (``CatalogSourceWalk``).
  package static func sourceFiles(in resources: String) throws(CatalogError) -> [SourceFile] {
    try CatalogSourceWalk.read(in: resources)
  }

  /// Compiles the sources under `resources`, or throws every diagnostic.
  package static func compileSources(in resources: String) throws(CatalogError) -> (Catalog, [SourceFile], [Diagnostic])
  {
    let files = try sourceFiles(in: resources)
    var compiler = CatalogCompiler()
    guard let catalog = compiler.compile(files) else {
      throw CatalogError.diagnostics(compiler.diagnostics)
    }
    return (catalog, files, compiler.diagnostics)
  }

  /// Where the bundled database lives for this executable.
  package static var bundledDatabasePaths: [String] {
    guard let executable = executablePath() else { return [] }
    let directory = parentDirectory(executable)
    return [directory + "/" + databaseName, parentDirectory(directory) + "/share/shien/catalog.sqlite"]
  }

  /// Something to say on stderr while opening (a rebuild), or nil.
  package typealias Notice = (String) -> Void

  /// Opens the catalog the user asked for (`explicitPath`: a database or a Resources folder), or the bundled one.
  package static func open(explicitPath: String?, notice: Notice) throws(CatalogError) -> Catalog {
    if let path = explicitPath {
      if isDirectory(path) { return try compileSources(in: path).0 }
      guard fileExists(path) else {
        throw CatalogError.io("no catalog at \(path) (give a catalog database or a Resources folder)")
      }
      let (db, header) = try CatalogDatabase.header(at: path)
      return try CatalogDatabase.load(from: db, header: header, path: path)
    }
    if isRunningFromSourceTree, let resources = sourceTreeResources, let target = bundledDatabasePaths.first {
      return try openFromSourceTree(resources: resources, database: target, notice: notice)
    }
    for path in bundledDatabasePaths where fileExists(path) {
      let (db, header) = try CatalogDatabase.header(at: path)
      return try CatalogDatabase.load(from: db, header: header, path: path)
    }
    throw CatalogError.notFound(lookedFor: bundledDatabasePaths)
  }

  /// Opens the catalog's database without decoding the compiled catalog, for what reads its tables (search): the
  /// same lookup as `open`. A Resources folder is compiled into a database in memory.
  package static func openDatabase(explicitPath: String?, notice: Notice) throws(CatalogError) -> Database {
    func inMemory(_ catalog: Catalog, _ files: [SourceFile]) throws(CatalogError) -> Database {
      do {
        let db = try Database(path: ":memory:")
        try CatalogDatabase.populate(db, with: catalog, sources: files)
        return db
      } catch {
        throw CatalogError.database("cannot build the catalog database in memory: \(error)")
      }
    }
    if let path = explicitPath {
      if isDirectory(path) {
        let (catalog, files, _) = try compileSources(in: path)
        return try inMemory(catalog, files)
      }
      guard fileExists(path) else {
        throw CatalogError.io("no catalog at \(path) (give a catalog database or a Resources folder)")
      }
      return try verified(CatalogDatabase.header(at: path).0, path)
    }
    if isRunningFromSourceTree, let resources = sourceTreeResources, let target = bundledDatabasePaths.first {
      if fileExists(target), let (db, header) = try? CatalogDatabase.header(at: target) {
        if header.stamps == sourceStamps(in: resources) { return try verified(db, target) }
        if header.digest == CatalogCompiler.digest(of: try sourceFiles(in: resources)) {
          return try verified(db, target)
        }
      }
      _ = try openFromSourceTree(resources: resources, database: target, notice: notice)
      return try verified(CatalogDatabase.header(at: target).0, target)
    }
    for path in bundledDatabasePaths where fileExists(path) {
      return try verified(CatalogDatabase.header(at: path).0, path)
    }
    throw CatalogError.notFound(lookedFor: bundledDatabasePaths)
  }

  /// `db`, once its readable tables match their checksum.
  private static func verified(_ db: Database, _ path: String) throws(CatalogError) -> Database {
    try CatalogDatabase.verifyTables(db, path: path)
    return db
  }

  /// In a checkout: use the database beside the binary if it matches the sources, else rebuild it.
  private static func openFromSourceTree(resources: String, database: String, notice: Notice) throws(CatalogError)
    -> Catalog
  {
    let stamps = sourceStamps(in: resources)
    if fileExists(database), let (db, header) = try? CatalogDatabase.header(at: database), header.stamps == stamps {
      return try CatalogDatabase.load(from: db, header: header, path: database)
    }
    let files = try sourceFiles(in: resources)
    let digest = CatalogCompiler.digest(of: files)
    if fileExists(database) {
      do {
        let (db, header) = try CatalogDatabase.header(at: database)
        if header.digest == digest { return try CatalogDatabase.load(from: db, header: header, path: database) }
        notice("shien: the catalog sources changed; rebuilding \(database)")
      } catch {
        notice("shien: \(error.description.split(separator: "\n").first ?? ""); rebuilding it")
      }
    } else {
      notice("shien: building the catalog database \(database)")
    }
    var compiler = CatalogCompiler()
    guard let catalog = compiler.compile(files) else { throw CatalogError.diagnostics(compiler.diagnostics) }
    try CatalogDatabase.write(catalog, sources: files, to: database, stamps: stamps)
    return catalog
  }
}
