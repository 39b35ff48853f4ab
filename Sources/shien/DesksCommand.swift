import ShienKit

enum DesksCommand {
  static let spec = CommandSpec(name: "desks", overview: "", usage: "shien desks", options: [])
  static func run(_ arguments: ArraySlice<String>, catalogPath: String?) throws(CommandError) {}
}
