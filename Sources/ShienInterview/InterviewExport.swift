import ShienCatalog
import ShienFacts
import ShienMatching
import ShienRender
import ShienSupport

/// What an interview can be written out as: the handout (as `check --format html`, or Markdown for a `.md` name) or
/// the household document (JSON, which `check --household` reads). Both hold personal data: the file is 0600.
package enum InterviewExport: Sendable {
  case handout
  case household

  /// Why a file was not written.
  package enum Failure: Error, Equatable, Sendable {
    /// A file is already there; it is never overwritten.
    case exists(String)
    case io(FileError)
  }

  /// The file name offered for the interview saved under `name`.
  package func suggestedPath(name: String) -> String {
    switch self {
    case .handout: return "shien-handout-\(name).html"
    case .household: return "shien-household-\(name).json"
    }
  }

  /// The file's content for `path` (Markdown when it ends in `.md`).
  package func content(_ session: InterviewSession, name: String, language: Language, path: String) -> String {
    switch self {
    case .handout:
      let sheet = Handout.forReport(
        session.report(), household: session.evaluatedHousehold, catalog: session.catalog, language: language)
      let renderer = HandoutRenderer(language: language)
      return path.hasSuffix(".md") ? renderer.markdown(sheet) : renderer.html(sheet)
    case .household:
      return session.document(id: name, pretty: true) + "\n"
    }
  }

  /// Writes the file at `path`, whole or not at all, readable by its owner only; never over an existing file.
  package func write(_ session: InterviewSession, name: String, language: Language, to path: String) throws(Failure) {
    if fileExists(path) { throw .exists(path) }
    do {
      try writeFileAtomically(
        path, Array(content(session, name: name, language: language, path: path).utf8), mode: 0o600)
    } catch {
      throw .io(error)
    }
  }
}

extension InterviewSession {
  /// The interview's result as `check` reports it: every measure evaluated afresh for the household so far.
  package func report() -> Report {
    var household = evaluatedHousehold
    household.id = nil
    let prepared = HouseholdCheck.Prepared(household: household, asOf: asOf, municipality: municipality)
    return HouseholdCheck(catalog: catalog).report(prepared, results: fullResults())
  }
}
