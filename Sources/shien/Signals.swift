import ShienSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The program's one set-up of signals, made at start.
///
/// SIGPIPE and SIGXFSZ are ignored: a closed pipe or a file-size limit (`ulimit -f`) makes a write fail with EPIPE
/// or EFBIG, which every writer reports, instead of killing the process with whatever was half-written.
///
/// SIGINT, SIGHUP and SIGTERM are caught, without restarting reads. A command that stops in order between steps (the
/// interview, batch) calls ``stopBetweenSteps()``: the first signal then sets ``received``, a blocked read returns,
/// and the command ends in its own way (terminal restored, whole lines written, exit status 130). Any other signal
/// of the three — the first one for a command that does not poll, a second one for one that does — removes the
/// temporary files that may hold personal data (``TemporaryFiles``) and ends the process at once with status 130.
enum Signals {
  /// The signal that asked a polling command to stop, or 0. Written only by the handler.
  nonisolated(unsafe) static var received: sig_atomic_t = 0
  /// 1 once a command polls ``received``.
  nonisolated(unsafe) private static var isPolled: sig_atomic_t = 0

  static func install() {
    signal(SIGPIPE, SIG_IGN)
    signal(SIGXFSZ, SIG_IGN)
    var signals = sigset_t()
    sigemptyset(&signals)
    for number in [SIGINT, SIGHUP, SIGTERM] {
      var action = sigaction()
      action.__sigaction_handler.sa_handler = { signal in
        if Signals.isPolled == 0 || Signals.received != 0 {
          TemporaryFiles.removeAll()
          _exit(ExitStatus.interrupted.rawValue)
        }
        Signals.received = signal
      }
      sigemptyset(&action.sa_mask)
      action.sa_flags = 0  // no SA_RESTART: a blocked read returns EINTR, and the reader sees the flag
      sigaction(number, &action, nil)
      sigaddset(&signals, number)
    }
    // A parent may have left them blocked (a process inherits its mask); handled now, they must get through.
    pthread_sigmask(SIG_UNBLOCK, &signals, nil)
  }

  /// From now on the first signal only sets ``received``: the command checks it and ends in order.
  static func stopBetweenSteps() { isPolled = 1 }

  /// The signal received since ``stopBetweenSteps()``, or nil.
  static var interruption: Int32? { received == 0 ? nil : received }
}
