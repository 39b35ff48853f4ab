import Foundation
import Testing

@testable import ShienBatch

#if canImport(Glibc)
  import Glibc
#endif

/// A terminal to type into: a detached tmux session on its own server, running one shell command.
private struct Tmux {
  static let path: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }
  static var isInstalled: Bool { path != nil }

  let server = "shien-test-\(UUID().uuidString.prefix(8))"

  /// Starts `command` in a `width` × `height` terminal; the command's exit status is printed after it as `EXIT:n`.
  init(_ command: String, width: Int = 100, height: Int = 40) throws {
    try run([
      "new-session", "-d", "-x", String(width), "-y", String(height), "-s", "main",
      "\(command); echo EXIT:$?; sleep 60",
    ])
  }

  /// Runs one tmux command and returns what it printed. Spawned directly rather than with Foundation's Process,
  /// which waits for every process holding the child's descriptors — and the tmux server that new-session starts
  /// keeps them for as long as it runs.
  @discardableResult
  func run(_ arguments: [String]) throws -> String {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(server)-\(UUID().uuidString)").path
    defer { unlink(output) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = [Tmux.path!, "-L", server, "-f", "/dev/null"] + arguments
    var pointers: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    // The test runner's threads block most signals; the terminal's processes must get them as a shell's would.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid = pid_t()
    guard posix_spawn(&pid, Tmux.path!, &actions, &attributes, &pointers, environ) == 0 else {
      throw CocoaError(.executableLoad)
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
  }

  /// Types `text` and presses Enter.
  func type(_ text: String) throws {
    if !text.isEmpty { try run(["send-keys", "-t", "main", "-l", text]) }
    try run(["send-keys", "-t", "main", "Enter"])
  }

  func press(_ key: String) throws { try run(["send-keys", "-t", "main", key]) }

  /// The screen and its scrollback; `joined` joins lines the terminal wrapped itself, `escapes` keeps colours.
  func screen(joined: Bool = false, escapes: Bool = false) throws -> String {
    try run(["capture-pane", "-p", "-t", "main", "-S", "-3000"] + (joined ? ["-J"] : []) + (escapes ? ["-e"] : []))
  }

  /// Waits until the screen shows `text` (or gives up after a while, leaving the assertion to the caller).
  @discardableResult
  func wait(for text: String) throws -> Bool {
    for _ in 0..<200 {
      if try screen().contains(text) { return true }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return false
  }

  /// Waits until the `count`th prompt (a line starting with `>`) is on the screen.
  func waitForPrompt(_ count: Int) throws {
    for _ in 0..<200 {
      if try screen().split(separator: "\n").filter({ $0.hasPrefix(">") }).count >= count { return }
      Thread.sleep(forTimeInterval: 0.05)
    }
  }

  func kill() { _ = try? run(["kill-server"]) }

  /// Answers the interview's first two questions (古賀市, then `birth`) and waits for the third, on the spouse:
  /// two answers are saved by then.
  func answerTheFirstTwoQuestions(birth: String) throws {
    #expect(try wait(for: "お住まいの市区町村はどこですか"))
    try type("古賀市")
    #expect(try wait(for: "あなたの生年月日"))
    try type(birth)
    #expect(try wait(for: "配偶者"))
  }

  /// The processes the terminal's shell started (their parent is the pane's process), from /proc.
  func shellChildren() throws -> [pid_t] {
    let shell = try run(["list-panes", "-t", "main", "-F", "#{pane_pid}"]).split(separator: "\n").first.map(String.init)
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> pid_t? in
      guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
      else { return nil }
      // "pid (command) state ppid …": the command may hold spaces, so fields are counted after its ")".
      let fields = stat[stat.index(after: close)...].split(separator: " ")
      return fields.count > 1 && String(fields[1]) == shell ? pid : nil
    }
  }

  /// Lines the terminal had to wrap itself (they are whole in the joined capture only), other than URLs too long for
  /// any line.
  static func linesWrappedByTheTerminal(joined: String, plain: String) -> [String] {
    func lines(_ text: String) -> Set<String> {
      Set(text.split(separator: "\n").map { String($0.reversed().drop { $0 == " " }.reversed()) })
    }
    let whole = lines(plain)
    return lines(joined).filter { !whole.contains($0) && !$0.contains("://") }.sorted()
  }
}

/// `shien` as a resident starts it at a terminal, with its own data folder.
private func shienCommand(data: URL, environment: String = "") -> String {
  "env -u NO_COLOR XDG_DATA_HOME='\(data.path)' LANG=ja_JP.UTF-8 LC_ALL= LC_MESSAGES= TERM=xterm-256color COLUMNS= \(environment) "
    + "'\(Shien.binary.path)'"
}

@Suite(.serialized, .enabled(if: Tmux.isInstalled, "tmux is not installed: the real-terminal tests are skipped"))
struct InterviewTerminalTests {
  let data: URL

  init() throws {
    data = try Shien.temporaryDirectory()
  }

  @Test func aResidentTypesShienAndIsLedToTheAnswer() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let terminal = try Tmux("stty -iutf8; " + shienCommand(data: data) + "; stty -a | tr ' ' '\\n' | grep iutf8")
    defer { terminal.kill() }
    #expect(try terminal.wait(for: "お住まいの市区町村はどこですか"))
    let members = ["古賀市", "平成2年6月15日", "いいえ", "２", "2016/5/10", "R5.1.20", "0"]
    for (index, answer) in members.enumerated() {
      try terminal.waitForPrompt(index + 1)
      try terminal.type(answer)
    }
    // Then whatever the planner asks, answered by the words of the question on the screen.
    let persona = [
      ("年収", "２４０万円"), ("障害者手帳", "いいえ"), ("お仕事の形", "会社員"), ("亡くなりました", "なし"), ("健康保険", "2"),
    ]
    for index in members.count..<(members.count + 30) {
      try terminal.waitForPrompt(index + 1)
      let screen = try terminal.screen()
      if screen.contains("次にどうしますか") { break }
      let question = screen.components(separatedBy: "あと約").last ?? ""
      try terminal.type(persona.first { question.contains($0.0) }?.1 ?? "わからない")
    }
    #expect(try terminal.wait(for: "次にどうしますか"))
    let screen = try terminal.screen()
    #expect(screen.contains("質問は以上です（"))
    // Answered for today, so the amounts are not pinned here (the CLI tests pin them for 2025-06-01).
    #expect(screen.contains("● 児童手当  月額 "))
    #expect(screen.contains("● 児童扶養手当  月額 "))
    #expect(screen.contains("窓口: "))
    // shien wrapped every line itself (the summaries are wider than the terminal): the terminal had nothing left to
    // wrap but URLs longer than a line, which are never split.
    #expect(try Tmux.linesWrappedByTheTerminal(joined: terminal.screen(joined: true), plain: screen).isEmpty)
    let summary = try #require(screen.split(separator: "\n").first { $0.hasPrefix("  高校生年代（18歳到達後最初の3月31日）") })
    #expect(displayWidth(summary) <= 100 && displayWidth(summary) > 90, "wrapped near the terminal's width")
    #expect(try terminal.screen(escapes: true).contains("\u{1B}[1m"), "bold at a colour terminal")
    try terminal.type("5")
    #expect(try terminal.wait(for: "EXIT:0"))
    #expect(try terminal.screen().contains("おつかれさまでした。"))
    // The terminal's settings are as they were (shien turned on UTF-8 erasing while it ran).
    #expect(try terminal.wait(for: "-iutf8"))
  }

  @Test func checkWrapsAtTheTerminalToo() throws {
    let terminal = try Tmux("TERM=xterm-256color '\(Shien.binary.path)' check --household '\(Shien.example)'")
    defer { terminal.kill() }
    #expect(try terminal.wait(for: "EXIT:0"))
    let screen = try terminal.screen()
    #expect(try Tmux.linesWrappedByTheTerminal(joined: terminal.screen(joined: true), plain: screen).isEmpty)
    #expect(screen.contains("● 児童扶養手当  月額 57,720円"))
  }

  @Test func controlCLosesNothingAndExits130() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let terminal = try Tmux(shienCommand(data: data, environment: "NO_COLOR=1") + " interview")
    defer { terminal.kill() }
    try terminal.answerTheFirstTwoQuestions(birth: "35")
    try terminal.press("C-c")
    #expect(try terminal.wait(for: "EXIT:130"))
    let screen = try terminal.screen(escapes: true)
    #expect(screen.contains("中断しました。ここまでの回答は「"))
    #expect(!screen.contains("\u{1B}[1m") && !screen.contains("\u{1B}[2m"), "no colour with NO_COLOR")
    let saved = try Shien.run(["saved"], environment: ["XDG_DATA_HOME": data.path])
    #expect(saved.stdout.contains("in progress  1 member(s), 2 answer(s)"))
  }

  @Test func sigtermLosesNothingAndRestoresTheTerminal() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let terminal = try Tmux(
      "stty -iutf8; " + shienCommand(data: data) + " interview; echo STATUS:$?; stty -a | tr ' ' '\\n' | grep iutf8")
    defer { terminal.kill() }
    try terminal.answerTheFirstTwoQuestions(birth: "35")
    let shien = try terminal.shellChildren()
    try #require(shien.count == 1, "one process started by the shell: \(shien)")
    #expect(Glibc.kill(shien[0], SIGTERM) == 0)
    #expect(try terminal.wait(for: "STATUS:130"))
    #expect(try terminal.screen().contains("中断しました。ここまでの回答は「"))
    // The terminal's settings are as they were (shien turned on UTF-8 erasing while it ran).
    #expect(try terminal.wait(for: "-iutf8"))
    let saved = try Shien.run(["saved"], environment: ["XDG_DATA_HOME": data.path])
    #expect(saved.stdout.contains("in progress  1 member(s), 2 answer(s)"))
  }

  @Test func aClosedTerminalLosesNothing() throws {
    defer { try? FileManager.default.removeItem(at: data) }
    let terminal = try Tmux(shienCommand(data: data))
    try terminal.answerTheFirstTwoQuestions(birth: "平成2年6月15日")
    terminal.kill()
    let saved = try Shien.run(["saved"], environment: ["XDG_DATA_HOME": data.path])
    #expect(saved.stdout.contains("in progress  1 member(s), 2 answer(s)  福岡県古賀市"))
  }
}
