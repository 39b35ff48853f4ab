/// Kleene's three-valued truth: a condition holds, fails, or cannot be decided from the facts given.
package enum Truth: Sendable, Hashable {
  case yes, no, unknown

  package init(_ value: Bool) { self = value ? .yes : .no }

  package static prefix func ! (value: Truth) -> Truth {
    switch value {
    case .yes: .no
    case .no: .yes
    case .unknown: .unknown
    }
  }

  package static func && (lhs: Truth, rhs: Truth) -> Truth {
    if lhs == .no || rhs == .no { return .no }
    if lhs == .yes && rhs == .yes { return .yes }
    return .unknown
  }

  package static func || (lhs: Truth, rhs: Truth) -> Truth {
    if lhs == .yes || rhs == .yes { return .yes }
    if lhs == .no && rhs == .no { return .no }
    return .unknown
  }

  /// `true`, `false` or nil, as JSON's `holds`.
  package var bool: Bool? {
    switch self {
    case .yes: true
    case .no: false
    case .unknown: nil
    }
  }
}

/// A closed range of numbers known to contain the true value; `lo == hi` when the value is known exactly.
///
/// Arithmetic on intervals is how unknown facts turn into amount ranges: an unknown income is `0…∞`, and the amount
/// that depends on it comes out as the range of amounts it could be.
package struct Interval: Sendable, Hashable {
  package var lo: Double
  package var hi: Double

  package init(_ lo: Double, _ hi: Double) {
    self.lo = lo
    self.hi = hi
  }

  package init(exactly value: Double) {
    self.init(value, value)
  }

  package static let unknown = Interval(-.infinity, .infinity)
  package static let nonNegative = Interval(0, .infinity)

  package var isExact: Bool { lo == hi }

  package func hull(_ other: Interval) -> Interval { Interval(min(lo, other.lo), max(hi, other.hi)) }

  package static func + (a: Interval, b: Interval) -> Interval { Interval(a.lo + b.lo, a.hi + b.hi) }
  package static func - (a: Interval, b: Interval) -> Interval { Interval(a.lo - b.hi, a.hi - b.lo) }
  package static prefix func - (a: Interval) -> Interval { Interval(-a.hi, -a.lo) }

  package static func * (a: Interval, b: Interval) -> Interval {
    if a.isExact && b.isExact { return Interval(exactly: a.lo * b.lo) }
    return spanning(a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi)
  }

  /// The least interval holding four values, NaN (0 × ∞) taken as 0; no array, as this runs for every household.
  private static func spanning(_ w: Double, _ x: Double, _ y: Double, _ z: Double) -> Interval {
    let w = w.isNaN ? 0 : w, x = x.isNaN ? 0 : x, y = y.isNaN ? 0 : y, z = z.isNaN ? 0 : z
    return Interval(Swift.min(Swift.min(w, x), Swift.min(y, z)), Swift.max(Swift.max(w, x), Swift.max(y, z)))
  }

  /// Division; unknown when the divisor could be zero.
  package static func / (a: Interval, b: Interval) -> Interval {
    if b.lo <= 0 && b.hi >= 0 { return .unknown }
    if a.isExact && b.isExact { return Interval(exactly: a.lo / b.lo) }
    return spanning(a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi)
  }

  /// Applies a function that never decreases (rounding, clamping) to both ends.
  package func mapMonotone(_ f: (Double) -> Double) -> Interval { Interval(f(lo), f(hi)) }
}

/// The value of a rule expression for one household: known, or as much as the facts given allow.
package enum Value: Sendable, Hashable {
  case truth(Truth)
  /// Numbers and money, as the range they are known to lie in.
  case number(Interval)
  /// A date as the range of day numbers it could be (a birth date known only from an age spans a year).
  case date(Interval)
  /// Text or a choice; nil when unknown.
  case text(String?)
  /// A member of the household, by position.
  case member(Int)

  package var isDeterminate: Bool {
    switch self {
    case .truth(let t): t != .unknown
    case .number(let i), .date(let i): i.isExact
    case .text(let t): t != nil
    case .member: true
    }
  }

  /// The truth this value holds. The type checker lets no other value reach a place that needs one; a rule from a
  /// database altered by hand could, and reads as unknown rather than stopping the program.
  package var truth: Truth {
    if case .truth(let t) = self { return t }
    return .unknown
  }

  /// The range this number or date holds; unknown for any other value (as for ``truth``).
  package var interval: Interval {
    switch self {
    case .number(let i), .date(let i): i
    default: .unknown
    }
  }

  /// The least value that covers both (the result of a condition that could go either way).
  package func join(_ other: Value) -> Value {
    switch (self, other) {
    case (.truth(let a), .truth(let b)): .truth(a == b ? a : .unknown)
    case (.number(let a), .number(let b)): .number(a.hull(b))
    case (.date(let a), .date(let b)): .date(a.hull(b))
    case (.text(let a), .text(let b)): .text(a == b ? a : nil)
    default: self == other ? self : .text(nil)
    }
  }
}
