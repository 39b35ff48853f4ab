import ShienSupport

#if canImport(Glibc)
  import Glibc
#endif

/// A mutex with one condition variable (pthreads): the only lock the batch pipeline needs.
///
/// `withLock` runs a body under the mutex; inside it, `wait()` sleeps until another thread calls `broadcast()`.
package final class Monitor: @unchecked Sendable {
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  package init() {
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(condition, nil)
  }

  deinit {
    pthread_cond_destroy(condition)
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
    condition.deallocate()
  }

  package func withLock<T, E>(_ body: () throws(E) -> T) throws(E) -> T {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body()
  }

  /// Sleeps until a `broadcast()` (or a spurious wake-up: callers re-check in a loop); call only inside `withLock`.
  package func wait() { pthread_cond_wait(condition, mutex) }

  package func broadcast() { pthread_cond_broadcast(condition) }
}

/// A thread running a closure (`pthread_create`), joined with `join()`.
package struct Thread: Sendable {
  private final class Body: @unchecked Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
  }

  private let handle: pthread_t

  /// Starts `body` on a new thread with the signals in `blockedSignals` blocked, so that they reach the thread that
  /// waits for them (a Ctrl-C must interrupt the reader's `read`, not a worker).
  package init(blockedSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP], _ body: @escaping @Sendable () -> Void) {
    var blocked = sigset_t()
    var previous = sigset_t()
    sigemptyset(&blocked)
    for signal in blockedSignals { sigaddset(&blocked, signal) }
    pthread_sigmask(SIG_BLOCK, &blocked, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    let context = Unmanaged.passRetained(Body(body)).toOpaque()
    var handle = pthread_t()
    let status = pthread_create(
      &handle, nil,
      { context in
        Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
        return nil
      }, context)
    precondition(status == 0, "pthread_create failed: \(systemErrorMessage(status))")
    self.handle = handle
  }

  /// Waits for the thread to end (`pthread_join`).
  package func join() { pthread_join(handle, nil) }

  /// The number of processors this process may run on (`sysconf(_SC_NPROCESSORS_ONLN)`), at least 1.
  package static var processorCount: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
