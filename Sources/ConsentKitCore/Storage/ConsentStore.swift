/// Where consent events are kept. One stream per subject, append-only,
/// numbered from 1 without gaps.
///
/// ## Contract for adapters
/// - ``append(_:for:expectedSequence:)`` is atomic: either every event is
///   stored or none is. It succeeds only if the subject's latest stored
///   sequence equals `expectedSequence` at the moment of writing (a
///   compare-and-set, for example a unique index on (subject, sequence) plus a
///   transaction); otherwise it throws ``StorageError`` `.conflict` and
///   stores nothing. Several app instances may append concurrently: none may
///   ever lose or duplicate an event.
/// - It throws `.duplicate` when an event id already exists for the subject.
/// - ``events(for:fromSequence:)`` returns events in ascending sequence order.
/// - ``deleteEvents(for:)`` really deletes (GDPR erasure): afterwards the
///   subject has no events and a new stream starts at 1.
/// - Reads may be served by a replica only if it is never behind a write this
///   instance already acknowledged (read-your-writes).
///
/// `ConsentKitTesting.ConsentStoreConformance` checks all of this.
public protocol ConsentStore: Sendable {
    /// Appends `events` for `subject`; their sequences must be
    /// `expectedSequence + 1, + 2, ...`.
    /// - Throws: ``StorageError`` `.conflict` when the stream moved on,
    ///   `.duplicate` for a known event id, `.invalidRequest` for events of another
    ///   subject or with wrong sequences.
    func append(_ events: [ConsentEvent], for subject: SubjectID, expectedSequence: Int) async throws

    /// The subject's events with sequence ≥ `fromSequence`, ascending.
    func events(for subject: SubjectID, fromSequence: Int) async throws -> [ConsentEvent]

    /// The subject's latest sequence, 0 when there are no events.
    func latestSequence(for subject: SubjectID) async throws -> Int

    /// Deletes every event of `subject`; returns how many were deleted.
    func deleteEvents(for subject: SubjectID) async throws -> Int

    /// A cheap token that tells whether the subject's stream changed, or `nil`
    /// when the adapter cannot provide one (the default).
    ///
    /// When an adapter returns tokens, ``ConsentLedger/state(of:)`` serves a
    /// cached ``ConsentState`` while the token is unchanged, and skips reading
    /// and folding the events. The contract is strict, because a stale token
    /// would serve a stale consent decision:
    /// - the token changes with every append and every deletion of the
    ///   subject's events, and **never repeats** for a subject — not even after
    ///   ``deleteEvents(for:)`` and a new stream of the same length (use a
    ///   store-wide counter, a database sequence, or a row version);
    /// - `0` means the subject has no events;
    /// - between two writes it is stable.
    func streamVersion(for subject: SubjectID) async throws -> UInt64?
}

extension ConsentStore {
    /// No token: every ``ConsentLedger/state(of:)`` reads and folds the events.
    public func streamVersion(for subject: SubjectID) async throws -> UInt64? { nil }

    /// All of the subject's events, ascending.
    public func events(for subject: SubjectID) async throws -> [ConsentEvent] {
        try await events(for: subject, fromSequence: 1)
    }
}
