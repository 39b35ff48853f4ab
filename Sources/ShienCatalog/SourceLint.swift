import ShienSupport

/// The checks on a catalog's sources: no bare home page (it proves nothing), and a national measure cites the
/// national authority's own page (a go.jp address) before any city's page.
package enum SourceLint {
  /// Problems with the sources of `catalog`'s measures and life-event procedures.
  package static func check(_ catalog: Catalog) -> [Diagnostic] {
    var found: [Diagnostic] = []
    for measure in catalog.measures {
      for source in measure.sources where isHomePage(source.url) {
        found.append(
          Diagnostic(
            file: measure.file, at: nil,
            message: "source '\(source.url)' is a home page; cite the page that states the fact"))
      }
      if measure.scope == .national, let first = measure.sources.first, !isNationalAuthority(first.url) {
        found.append(
          Diagnostic(
            .warning, file: measure.file, at: nil,
            message: "national measure '\(measure.id)' cites '\(first.url)' first; cite the national authority's "
              + "page (a go.jp address) first, marked \"read\": false if it was not read, and city pages after it"))
      }
    }
    for event in catalog.events {
      for procedure in event.procedures {
        for source in procedure.sources where isHomePage(source.url) {
          found.append(
            Diagnostic(
              file: "catalog/events.json", at: nil,
              message: "procedure '\(procedure.id)': source '\(source.url)' is a home page; cite the page that "
                + "states the fact"))
        }
      }
    }
    return found
  }

  /// True for an address with no path beyond the host (`https://www.town.tohoku.lg.jp/`), or only an index page.
  package static func isHomePage(_ url: String) -> Bool {
    guard let rest = afterScheme(url) else { return false }
    guard let slash = rest.firstIndex(of: "/") else { return true }
    let path = rest[rest.index(after: slash)...].split(separator: "?").first.map(String.init) ?? ""
    return path.isEmpty || ["index.html", "index.htm", "index.php", "top.html"].contains(path.lowercased())
  }

  /// True for a page of a national authority: a host under go.jp (cfa.go.jp, mhlw.go.jp, laws.e-gov.go.jp …).
  package static func isNationalAuthority(_ url: String) -> Bool {
    guard let rest = afterScheme(url) else { return false }
    let host = rest.prefix { $0 != "/" && $0 != ":" && $0 != "?" }
    return host == "go.jp" || host.hasSuffix(".go.jp")
  }

  /// What follows `scheme://`, or nil for text that is not an address.
  private static func afterScheme(_ url: String) -> Substring? {
    for scheme in ["https://", "http://"] where url.hasPrefix(scheme) { return url.dropFirst(scheme.count) }
    return nil
  }
}
