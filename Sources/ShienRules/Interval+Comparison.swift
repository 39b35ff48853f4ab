import ShienFacts

extension Interval {
  /// Compares two ranges: true or false when every value of each settles it, else unknown.
  package func compare(_ op: BinaryOperator, _ other: Interval) -> Truth {
    switch op {
    case .less: hi < other.lo ? .yes : lo >= other.hi ? .no : .unknown
    case .lessEqual: hi <= other.lo ? .yes : lo > other.hi ? .no : .unknown
    case .greater: other.compare(.less, self)
    case .greaterEqual: other.compare(.lessEqual, self)
    case .equal:
      isExact && other.isExact && lo == other.lo ? .yes : (hi < other.lo || lo > other.hi) ? .no : .unknown
    case .notEqual: !compare(.equal, other)
    default: .unknown  // not a comparison: only a damaged database could ask
    }
  }
}
