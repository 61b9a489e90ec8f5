import Synchronization

/// The embedded ``ConsentStore``: events in memory, guarded by a mutex.
///
/// Fits tests, demos and single-instance hosts that can rebuild consent from
/// elsewhere after a restart; everything is lost when the process ends.
public final class InMemoryConsentStore: ConsentStore {
    private struct Stream {
        var events: [ConsentEvent] = []
        var ids: Set<ConsentEventID> = []
        /// The store-wide write count when this stream last changed.
        var version: UInt64 = 0
    }

    private struct State {
        var streams: [SubjectID: Stream] = [:]
        /// Counts every write in the store, so stream versions never repeat.
        var writes: UInt64 = 0
    }

    private let state = Mutex(State())

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
        try state.withLock { state in
            var stream = state.streams[subject, default: Stream()]
            guard stream.events.count == expectedSequence else {
                throw StorageError.conflict("consent stream of \(subject)", expected: expectedSequence, actual: stream.events.count)
            }
            for event in events {
                guard stream.ids.insert(event.id).inserted else {
                    throw StorageError(code: .duplicate, message: "event \(event.id) is already stored for \(subject)")
                }
            }
            stream.events.append(contentsOf: events)
            state.writes += 1
            stream.version = state.writes
            state.streams[subject] = stream
        }
    }

    public func events(for subject: SubjectID, fromSequence: Int) async throws -> [ConsentEvent] {
        guard fromSequence >= 1 else {
            throw StorageError(code: .invalidRequest, message: "sequences start at 1, got \(fromSequence)")
        }
        return state.withLock { state in
            guard let events = state.streams[subject]?.events, fromSequence <= events.count else { return [] }
            return fromSequence == 1 ? events : Array(events[(fromSequence - 1)...])
        }
    }

    public func latestSequence(for subject: SubjectID) async throws -> Int {
        state.withLock { $0.streams[subject]?.events.count ?? 0 }
    }

    public func deleteEvents(for subject: SubjectID) async throws -> Int {
        state.withLock { state in
            state.writes += 1
            return state.streams.removeValue(forKey: subject)?.events.count ?? 0
        }
    }

    /// A store-wide write counter value: changes with every append or
    /// deletion, never repeats, `0` for a subject without events.
    public func streamVersion(for subject: SubjectID) async throws -> UInt64? {
        state.withLock { $0.streams[subject]?.version ?? 0 }
    }
}
