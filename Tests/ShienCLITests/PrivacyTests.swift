import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Household data never leaves the machine, and what shien says about a household is what the user gave on that line:
/// no network, no core dump, no other household's facts in an error.
@Suite struct PrivacyTests {
  /// Runs a tool from binutils on the binary; nil when the tool is missing.
  private func inspect(_ tool: String, _ arguments: [String]) throws -> String? {
    guard let path = ["/usr/bin/\(tool)", "/bin/\(tool)"].first(where: FileManager.default.isExecutableFile) else {
      print("skipped: \(tool) is not installed")
      return nil
    }
    let output = try Shien.run(arguments + [Shien.binary.path], executable: URL(fileURLWithPath: path))
    #expect(output.status == 0, "\(output.stderr)")
    return output.stdout
  }

  @Test func theBinaryHasNoWayToReachTheNetwork() throws {
    guard let symbols = try inspect("nm", ["-D", "--undefined-only"]) else { return }
    let names = Set(symbols.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) })
    #expect(names.contains { $0.hasPrefix("sqlite3_open") }, "the symbol list was read")
    let network = [
      "socket", "connect", "bind", "listen", "accept", "sendto", "sendmsg", "recvfrom", "getaddrinfo", "gethostbyname",
    ]
    #expect(names.filter { network.contains($0.split(separator: "@").first.map(String.init) ?? $0) }.isEmpty)
    guard let dynamic = try inspect("readelf", ["-d"]) else { return }
    let libraries = dynamic.split(separator: "\n").filter { $0.contains("(NEEDED)") }
    #expect(!libraries.isEmpty)
    #expect(
      libraries.allSatisfy { line in
        [
          "libsqlite3", "libswift", "libc.", "libm.", "libstdc++", "libgcc_s", "libdl", "libpthread", "librt",
          "ld-linux",
        ]
        .contains { line.contains($0) }
      }, "\(libraries)")
  }

  @Test func aCrashWouldLeaveNoCoreDump() throws {
    let data = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let process = Process()
    process.executableURL = Shien.binary
    process.arguments = ["interview"]
    process.environment = ["XDG_DATA_HOME": data.path, "LANG": "C.UTF-8"]
    let input = Pipe()
    process.standardInput = input
    process.standardOutput = FileHandle.nullDevice
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    // Waiting for the first question: shien has set its limits by then.
    var seen = Data()
    while !seen.contains(UInt8(ascii: ">")) {
      let data = errors.fileHandleForReading.availableData
      if data.isEmpty { break }
      seen.append(data)
    }
    let limits = try String(contentsOfFile: "/proc/\(process.processIdentifier)/limits", encoding: .utf8)
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
    #expect(core?.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"])
  }

  @Test func aBadLineInABatchNamesNothingFromOtherLines() throws {
    let directory = try Shien.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let good =
      #"{"id": "tanaka-hanako", "as_of": "2025-06-01", "municipality": "古賀市", "members": [{"role": "self", "#
      + #""birth_date": "1988-06-02", "income": 2345678}, {"role": "child", "birth_date": "2016-05-10"}]}"#
    let bad = #"{"id": "H2", "members": [{"role": "self", "income": "たくさん"}]}"#
    let input = try Shien.write([good, bad, good].joined(separator: "\n") + "\n", to: "in.jsonl", in: directory)
    let output = try Shien.run(["batch", "--input", input])
    #expect(output.status == 65)
    #expect(output.stdout.split(separator: "\n").count == 2, "the good lines are checked")
    #expect(output.stderr.contains("line 2"), "\(output.stderr)")
    for other in ["tanaka", "2345678", "1988-06-02", "2016-05-10", "古賀市"] {
      #expect(!output.stderr.contains(other), "\(other) from another line is in: \(output.stderr)")
    }
  }
}
