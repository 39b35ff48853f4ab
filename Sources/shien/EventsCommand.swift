import ShienKit

enum EventsCommand {
  static let spec = CommandSpec(name: "events", overview: "", usage: "shien events", options: [])
  static func run(_ arguments: ArraySlice<String>, catalogPath: String?) throws(CommandError) {}
}
