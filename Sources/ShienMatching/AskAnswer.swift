import ShienCatalog
import ShienSupport

/// What `shien ask` answers: the aspect asked, the answer from the catalog's own data with its sources, the desk to
/// ask, and, when the catalog holds no answer, that plainly, with the measures that came closest.
package struct AskAnswer: Sendable {
  /// What the question turned out to be about.
  package enum Subject: Sendable, Equatable {
    case measure(String)
    /// A procedure of a life event (出生届): its id and the event's id.
    case procedure(String, event: String)
    /// A desk of a municipality, by its id.
    case desk(String)
  }

  package var question: String
  package var aspect: AskAspect
  /// False when the catalog holds no answer to the question (no subject found, or nothing on the aspect asked).
  package var found: Bool
  package var subject: Subject?
  /// The subject's name in the asked language.
  package var subjectName: String?
  /// One to three lines answering the aspect, in the asked language, from the catalog's data.
  package var lines: [String]
  /// A concrete deadline, when the question gave the date it counts from.
  package var deadline: Deadline?
  /// The date the deadline counts from, as read from the question.
  package var eventDate: CivilDate?
  /// The subject's id (a measure or procedure) first, then the closest others.
  package var measures: [String]
  package var sources: [Measure.Source]
  package var desk: ResolvedDesk?
  package var municipality: Municipality?
  /// Facts of the subject no official source confirmed (要確認).
  package var unverified: [LocalizedText]
}
