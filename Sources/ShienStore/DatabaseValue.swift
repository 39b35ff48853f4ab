/// A value stored in or bound to SQLite: one of its five storage classes.
package enum DatabaseValue: Equatable, Sendable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
  case blob([UInt8])

  /// An integer value.
  package init(_ value: Int) {
    self = .integer(Int64(value))
  }

  /// An integer value.
  package init(_ value: Int64) {
    self = .integer(value)
  }

  /// A real value.
  package init(_ value: Double) {
    self = .real(value)
  }

  /// A boolean stored the SQLite way, as the integer 1 or 0.
  package init(_ value: Bool) {
    self = .integer(value ? 1 : 0)
  }

  /// An integer value, or NULL when `value` is nil.
  package init(_ value: Int?) {
    self = value.map { .integer(Int64($0)) } ?? .null
  }

  /// A real value, or NULL when `value` is nil.
  package init(_ value: Double?) {
    self = value.map { .real($0) } ?? .null
  }

  /// A text value, or NULL when `value` is nil.
  package init(_ value: String?) {
    self = value.map { .text($0) } ?? .null
  }

  /// A blob value, or NULL when `value` is nil.
  package init(_ value: [UInt8]?) {
    self = value.map { .blob($0) } ?? .null
  }

  /// Whether the value is SQL NULL.
  package var isNull: Bool {
    self == .null
  }
}

extension DatabaseValue: ExpressibleByNilLiteral {
  package init(nilLiteral: ()) {
    self = .null
  }
}

extension DatabaseValue: ExpressibleByIntegerLiteral {
  package init(integerLiteral value: Int64) {
    self = .integer(value)
  }
}

extension DatabaseValue: ExpressibleByFloatLiteral {
  package init(floatLiteral value: Double) {
    self = .real(value)
  }
}

extension DatabaseValue: ExpressibleByStringLiteral {
  package init(stringLiteral value: String) {
    self = .text(value)
  }
}
