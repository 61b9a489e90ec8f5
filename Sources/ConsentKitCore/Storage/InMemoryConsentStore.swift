import Synchronization

/// The embedded ``ConsentStore``: events in memory, guarded by a mutex.
///
/// Fits tests, demos and single-instance hosts that can rebuild consent from
/// elsewhere after a restart; everything is lost when the process ends.
public final class InMemoryConsentStore: ConsentStore {
    private struct Stream {
        var events: [ConsentEvent] = []
        var ids: Set<ConsentEventID> = []
    }

    private let streams = Mutex<[SubjectID: Stream]>([:])

    /// An empty store.
    public init() {}

    public func append(_ events: [ConsentEvent], for subject: SubjectID, expectedSequence: Int) async throws {
        for (offset, event) in events.enumerated() {
            guard event.subject == subject else {
                throw StorageError(
                    code: .invalidRequest, message: "event \(event.id) belongs to \(event.subject), not \(subject)")
            }
            guard event.sequence == expectedSequence + offset + 1 else {
                throw StorageError(
                    code: .invalidRequest,
                    message: "event \(event.id) has sequence \(event.sequence), expected \(expectedSequence + offset + 1)")
            }
        }
        try streams.withLock { streams in
            var stream = streams[subject, default: Stream()]
            guard stream.events.count == expectedSequence else {
                throw StorageError.conflict("consent stream of \(subject)", expected: expectedSequence, actual: stream.events.count)
            }
            for event in events {
                guard stream.ids.insert(event.id).inserted else {
                    throw StorageError(code: .duplicate, message: "event \(event.id) is already stored for \(subject)")
                }
            }
            stream.events.append(contentsOf: events)
            streams[subject] = stream
        }
    }

    public func events(for subject: SubjectID, fromSequence: Int) async throws -> [ConsentEvent] {
        guard fromSequence >= 1 else {
            throw StorageError(code: .invalidRequest, message: "sequences start at 1, got \(fromSequence)")
        }
        return streams.withLock { streams in
            guard let events = streams[subject]?.events, fromSequence <= events.count else { return [] }
            return fromSequence == 1 ? events : Array(events[(fromSequence - 1)...])
        }
    }

    public func latestSequence(for subject: SubjectID) async throws -> Int {
        streams.withLock { $0[subject]?.events.count ?? 0 }
    }

    public func deleteEvents(for subject: SubjectID) async throws -> Int {
        streams.withLock { $0.removeValue(forKey: subject)?.events.count ?? 0 }
    }
}
