/// A whole number with thousands separators, rounded: 1,355,231.
package func grouped(_ value: Double) -> String {
  guard value.isFinite, abs(value) < 9e18 else { return value < 0 ? "-∞" : "∞" }
  let rounded = Int64(value.rounded())
  var digits = String(rounded.magnitude)
  var groups: [String] = []
  while digits.count > 3 {
    groups.insert(String(digits.suffix(3)), at: 0)
    digits.removeLast(3)
  }
  groups.insert(digits, at: 0)
  return (rounded < 0 ? "-" : "") + groups.joined(separator: ",")
}
