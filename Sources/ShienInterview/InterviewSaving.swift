import ShienFacts
import ShienSupport

/// The interview's save policy. Answers are saved as they come, under an automatic name (the date and time) until
/// the user chooses one; an automatic save the user did not keep is removed at the end; when saving fails the
/// interview goes on, and the last good save stays.
package struct InterviewSaving {
  package let store: InterviewStore?
  /// The name the answers are (or will be) saved under.
  package private(set) var name: String
  /// True when the user chose the name (or resumed one): kept at the end, not removed like an automatic save.
  package private(set) var isNamed: Bool
  package let created: Double
  /// True once an automatic save has claimed its name in the store.
  package private(set) var hasSaved = false
  /// True while saving fails (a full disk, say): every answer tries again.
  package private(set) var isFailing = false
  /// How many questions the last successful save holds.
  package private(set) var questionsSaved = 0

  package init(store: InterviewStore?, name: String, isNamed: Bool, created: Double) {
    self.store = store
    self.name = name
    self.isNamed = isNamed
    self.created = created
  }

  /// What an automatic save did, for the screen to tell.
  package enum Outcome: Equatable, Sendable {
    /// Saved (or nothing to save, or no store): nothing to tell.
    case quiet
    /// Saved again after saves had failed.
    case recovered
    /// The first save to fail since the last good one.
    case failed(InterviewStoreError)
    /// Saving still fails; told once already.
    case stillFailing
  }

  /// How much of the interview is saved when it stops.
  package enum Kept: Equatable, Sendable {
    /// Every answer, under `name`.
    case all(name: String)
    /// The answers up to `questions`, under `name`; saving failed after.
    case partly(name: String, questions: Int)
  }

  /// An automatic save of `session` (`complete` once it reached its result). Nothing is saved before the first
  /// answer of an interview the user did not name, and a save of no answers is removed.
  package mutating func autosave(
    _ session: InterviewSession, language: Language, complete: Bool, now: Double = currentUnixTime()
  ) -> Outcome {
    guard let store else { return .quiet }
    do {
      if session.questionsAsked == 0 && !isNamed {
        try store.delete(name)
        return .quiet
      }
      let entry = entry(session, language: language, complete: complete, now: now)
      if isNamed || hasSaved {
        try store.save(entry)
      } else {
        // The first automatic save: another interview started in the same minute may have taken the name.
        name = try store.saveNew(entry)
        hasSaved = true
      }
      let wasFailing = isFailing
      isFailing = false
      questionsSaved = session.questionsAsked
      return wasFailing ? .recovered : .quiet
    } catch {
      // The store keeps its last good save (SQLite rolls a failed write back); the interview goes on.
      defer { isFailing = true }
      return isFailing ? .stillFailing : .failed(error)
    }
  }

  /// What is kept of `session` when it stops now; nil when nothing is.
  package func kept(_ session: InterviewSession) -> Kept? {
    guard store != nil, session.questionsAsked > 0 else { return nil }
    if !isFailing { return .all(name: name) }
    return questionsSaved > 0 ? .partly(name: name, questions: questionsSaved) : nil
  }

  /// Saves `session` under the name `chosen` (the user's), which is checked by `InterviewStore.problem(withName:)`
  /// first; from then on the save is kept.
  package mutating func save(
    _ session: InterviewSession, as chosen: String, language: Language, now: Double = currentUnixTime()
  ) throws(InterviewStoreError) {
    guard let store else { throw InterviewStoreError("no data folder") }
    try store.save(entry(session, language: language, complete: session.step == nil, now: now))
    try store.rename(name, to: chosen)
    name = chosen
    isNamed = true
  }

  /// Removes the automatic save of an interview the user chose not to keep.
  package func discard() {
    guard !isNamed, let store else { return }
    _ = try? store.delete(name)
  }

  /// The store's entry for `session` under the current name.
  package func entry(_ session: InterviewSession, language: Language, complete: Bool, now: Double)
    -> InterviewStore.Entry
  {
    InterviewStore.Entry(
      name: name, household: session.document(id: name), answers: session.answers, language: language.rawValue,
      asOf: session.asOf, isComplete: complete, created: created, updated: now)
  }
}
