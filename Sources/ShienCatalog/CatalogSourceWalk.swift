import ShienSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The walk through a catalog's `Resources` folder that finds its source files, treating the folder as untrusted: a
/// catalog from elsewhere must not make shien read, quote or wait on anything outside it.
///
/// - A source that is a symbolic link must stay inside the folder; a link to a folder is not followed at all (so a
///   loop of links cannot be walked).
/// - A source must be a regular file: a FIFO would block the read for ever, a device would never end.
/// - The walk is bounded: at most ``maxDepth`` folders deep and ``maxEntries`` entries in all.
///
/// Problems are errors naming the path, never quoting what the file holds.
package enum CatalogSourceWalk {
  package static let maxDepth = 8
  package static let maxEntries = 20_000

  /// The source files under `resources`, relative to it: `facts.json`, then every `.json` and `.tsv` under
  /// `catalog/`.
  package static func paths(in resources: String) throws(CatalogError) -> [String] {
    guard let resolved = realpath(resources, nil) else {
      throw CatalogError.io("cannot read catalog sources in \(resources): \(systemErrorMessage())")
    }
    let root = String(cString: resolved)
    free(resolved)
    var paths: [String] = []
    var entries = 0
    try check("facts.json", in: resources, root: root)
    paths.append("facts.json")
    func walk(_ relative: String, depth: Int) throws(CatalogError) {
      guard depth <= maxDepth else {
        throw CatalogError.io("\(resources)/\(relative): folders nested more than \(maxDepth) deep")
      }
      for name in directoryEntries(resources + "/" + relative) {
        entries += 1
        guard entries <= maxEntries else {
          throw CatalogError.io("\(resources)/catalog: more than \(maxEntries) files and folders")
        }
        let child = relative + "/" + name
        var info = stat()
        guard lstat(resources + "/" + child, &info) == 0 else { continue }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
          try walk(child, depth: depth + 1)
        case S_IFLNK where isDirectory(resources + "/" + child):
          throw CatalogError.io(
            "\(resources)/\(child): is a symbolic link to a folder; catalog folders are not followed through links")
        default:
          if name.hasSuffix(".json") || name.hasSuffix(".tsv") {
            try check(child, in: resources, root: root)
            paths.append(child)
          }
        }
      }
    }
    try walk("catalog", depth: 1)
    return paths
  }

  /// Refuses a source that is not a regular file, or a link that leaves `root`.
  private static func check(_ relative: String, in resources: String, root: String) throws(CatalogError) {
    let path = resources + "/" + relative
    var info = stat()
    guard lstat(path, &info) == 0 else { return }  // missing: reading it says so
    if info.st_mode & S_IFMT == S_IFLNK {
      guard let target = realpath(path, nil) else {
        throw CatalogError.io("\(path): is a symbolic link to nothing")
      }
      let resolved = String(cString: target)
      free(target)
      guard resolved.hasPrefix(root + "/") else {
        throw CatalogError.io("\(path): is a symbolic link leading out of the catalog folder \(resources)")
      }
      guard stat(path, &info) == 0 else { throw CatalogError.io("\(path): \(systemErrorMessage())") }
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw CatalogError.io("\(path): is not a regular file")
    }
  }

  /// Reads every source file under `resources`.
  package static func read(in resources: String) throws(CatalogError) -> [SourceFile] {
    var files: [SourceFile] = []
    for path in try paths(in: resources) {
      do {
        files.append(SourceFile(path: path, bytes: try readFile(resources + "/" + path, regularOnly: true)))
      } catch {
        throw CatalogError.io("cannot read catalog source \(resources)/\(path): \(systemErrorMessage(error.code))")
      }
    }
    return files
  }
}
