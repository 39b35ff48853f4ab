import ShienSupport

/// Why a text names no single measure.
package enum MeasureLookupError: Error, Sendable {
  /// Several measures have that name (or a name holding it): at most eight of them, and how many there are.
  case ambiguous(text: String, count: Int, measures: [Measure])
  /// No measure has that id or name; the closest ones, closest first (at most three).
  case unknown(text: String, closest: [Measure])
}

extension Catalog {
  /// The measure `text` names: its id, or its name in any language when only one measure has that name (or a name
  /// holding it).
  package func lookUpMeasure(_ text: String) throws(MeasureLookupError) -> Measure {
    if let measure = measure(id: text) { return measure }
    let named = measures(named: text)
    if named.count == 1 { return named[0] }
    if named.count > 1 { throw .ambiguous(text: text, count: named.count, measures: Array(named.prefix(8))) }
    throw .unknown(text: text, closest: closeMeasures(to: text))
  }

  /// The measures whose id or name, in any language, is spelled close to `text` or is contained in it (児童手当て →
  /// 児童手当): closest first, at most three.
  package func closeMeasures(to text: String) -> [Measure] {
    let target = Array(SearchText.normalize(text).unicodeScalars)
    guard !target.isEmpty, target.count <= 200 else { return [] }
    let limit = max(1, min(3, (target.count + 2) / 3))
    var best: [(distance: Int, length: Int, measure: Measure)] = []
    for measure in measures {
      var closest = Int.max, length = 0
      for name in [measure.id] + measure.name.values.values {
        let candidate = Array(SearchText.normalize(name).unicodeScalars)
        var distance = abs(candidate.count - target.count) > limit ? limit + 1 : editDistance(target, candidate)
        if distance > limit, candidate.count >= 2,
          String(String.UnicodeScalarView(target)).contains(String(String.UnicodeScalarView(candidate)))
        {
          distance = limit
        }
        if distance <= limit, distance < closest { (closest, length) = (distance, candidate.count) }
      }
      if closest <= limit { best.append((closest, length, measure)) }
    }
    return best.sorted { ($0.distance, -$0.length, $0.measure.id) < ($1.distance, -$1.length, $1.measure.id) }
      .prefix(3).map(\.measure)
  }
}
