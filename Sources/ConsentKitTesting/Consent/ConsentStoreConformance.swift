public import ConsentKitCore
import Testing
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The checks every ``ConsentStore`` adapter must pass, as Swift Testing
/// expectations.
///
/// Run it from your own test target, against handles onto **one shared
/// database**: `makeStore` is called once per area (twice by
/// ``concurrentAppends()``), and every handle it returns must see the same
/// data, the way several instances of your app share one database. Returning
/// independent stores is reported as a failure, because the multi-instance
/// guarantees could not be checked.
///
/// ```swift
/// import ConsentKitTesting
/// import Testing
///
/// @Suite struct PostgresConsentStoreTests {
///     let conformance = ConsentStoreConformance {
///         PostgresConsentStore(pool: sharedTestPool)   // a new handle, the same database
///     }
///
///     @Test func ordering() async throws { try await conformance.ordering() }
///     @Test func concurrentAppends() async throws { try await conformance.concurrentAppends() }
///     // ... one @Test per area, or:
///     @Test func everything() async throws { try await conformance.runAll() }
/// }
/// ```
///
/// Each area writes only to subjects named after a fresh random token, so
/// areas can run in parallel and repeatedly against a database holding other
/// data, and deletes those subjects again when it is done. Failures are
/// recorded as Swift Testing issues naming the area and the offending
/// records; an area throws only when the store throws where the contract
/// requires success.
public struct ConsentStoreConformance: Sendable {
    private let makeStore: @Sendable () async throws -> any ConsentStore

    /// Creates the suite.
    /// - Parameter makeStore: returns a handle onto the store under test. Every
    ///   handle must share one backend (one database), so that two handles
    ///   behave like two app instances.
    public init(makeStore: @escaping @Sendable () async throws -> any ConsentStore) {
        self.makeStore = makeStore
    }

    /// Runs every area, one after the other.
    /// - Throws: the first error a store threw where the contract requires success.
    public func runAll() async throws {
        try await ordering()
        try await expectedSequenceConflicts()
        try await concurrentAppends()
        try await idempotentReplay()
        try await unicodeIdentifiers()
        try await deletionReallyDeletes()
        try await invalidRequests()
        try await atomicBatches()
        try await streamVersions()
    }

    // MARK: Areas

    /// Streams come back in ascending sequence order, exactly as appended.
    ///
    /// Appends one subject's events in batches of one, three and two,
    /// interleaved with another subject's, then reads them whole and from
    /// several starting sequences. Every field must round-trip unchanged —
    /// timestamps to the exact `Date` value, because the ledger recognises
    /// an idempotent retry by comparing a draft with the stored event. An
    /// unknown subject has no events and latest sequence 0.
    public func ordering() async throws {
        let token = ConsentConformanceSupport.runToken()
        let store = try await makeStore()
        let subject = try SubjectID("conformance-\(token)-ordering")
        let other = try SubjectID("conformance-\(token)-ordering-other")
        let events = try (1...6).map { try Self.event(subject, $0, id: "ordering-\($0)") }
        let others = try (1...2).map { try Self.event(other, $0, id: "ordering-other-\($0)") }

        #expect(try await store.events(for: subject).isEmpty, "ordering: a new subject must have no events")
        #expect(try await store.latestSequence(for: subject) == 0, "ordering: a new subject's latest sequence must be 0")

        try await store.append([events[0]], for: subject, expectedSequence: 0)
        try await store.append([others[0]], for: other, expectedSequence: 0)
        try await store.append(Array(events[1...3]), for: subject, expectedSequence: 1)
        try await store.append([others[1]], for: other, expectedSequence: 1)
        try await store.append(Array(events[4...5]), for: subject, expectedSequence: 4)

        try await expectStream(store, subject, events, "ordering")
        try await expectStream(store, other, others, "ordering (second subject)")
        for from in 1...8 {
            let read = try await store.events(for: subject, fromSequence: from)
            let expected = Array(events.dropFirst(from - 1))
            if let difference = Self.difference(read, expected) {
                Issue.record("ordering: events(for:fromSequence: \(from)) \(difference)")
            }
        }
        let far = try await store.events(for: subject, fromSequence: 1_000_000)
        #expect(far.isEmpty, "ordering: reading past the end must return no events, got \(ConsentConformanceSupport.summary(far))")
        await cleanUp(store, [subject, other])
    }

    /// Appends are compare-and-set on the subject's latest sequence.
    ///
    /// An append whose `expectedSequence` is behind or ahead of the stream
    /// throws ``StorageError`` `.conflict` — that exact code, which the ledger
    /// retries on — and stores nothing, for single events and batches alike.
    public func expectedSequenceConflicts() async throws {
        let token = ConsentConformanceSupport.runToken()
        let store = try await makeStore()
        let subject = try SubjectID("conformance-\(token)-conflicts")
        let first = try Self.event(subject, 1, id: "conflicts-1")
        let second = try Self.event(subject, 2, id: "conflicts-2")

        await ConsentConformanceSupport.expectStorageError(.conflict, "expectedSequenceConflicts: expecting 1 on an empty stream") {
            try await store.append([Self.event(subject, 2, id: "conflicts-ahead")], for: subject, expectedSequence: 1)
        }
        try await expectStream(store, subject, [], "expectedSequenceConflicts after a refused append")

        try await store.append([first], for: subject, expectedSequence: 0)
        await ConsentConformanceSupport.expectStorageError(.conflict, "expectedSequenceConflicts: a stale expectedSequence 0 when the stream is at 1") {
            try await store.append([Self.event(subject, 1, id: "conflicts-stale")], for: subject, expectedSequence: 0)
        }
        await ConsentConformanceSupport.expectStorageError(.conflict, "expectedSequenceConflicts: expectedSequence 2 when the stream is at 1") {
            try await store.append([Self.event(subject, 3, id: "conflicts-ahead-2")], for: subject, expectedSequence: 2)
        }
        try await expectStream(store, subject, [first], "expectedSequenceConflicts after refused appends")

        try await store.append([second], for: subject, expectedSequence: 1)
        await ConsentConformanceSupport.expectStorageError(.conflict, "expectedSequenceConflicts: a stale batch") {
            try await store.append(
                [Self.event(subject, 2, id: "conflicts-batch-a"), Self.event(subject, 3, id: "conflicts-batch-b")],
                for: subject, expectedSequence: 1)
        }
        try await expectStream(store, subject, [first, second], "expectedSequenceConflicts after a refused batch")
        await cleanUp(store, [subject])
    }

    /// Several writers never lose or duplicate an event.
    ///
    /// Eight tasks append 125 events each to one subject, alternating between
    /// two handles from `makeStore` (two app instances). Each append reads the
    /// latest sequence and retries after a `.conflict`, as the ledger does.
    /// Afterwards every handle must see exactly 1,000 events numbered 1...1000,
    /// with 1,000 distinct ids — every id that was acknowledged.
    public func concurrentAppends() async throws {
        let token = ConsentConformanceSupport.runToken()
        let handles = try await sharedHandles(token: token, area: "concurrentAppends")
        let subject = try SubjectID("conformance-\(token)-concurrent")
        let writers = 8
        let eventsPerWriter = 125
        let attemptLimit = 10_000

        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                let store = handles[writer % handles.count]
                group.addTask {
                    for index in 0..<eventsPerWriter {
                        var attempts = 0
                        while true {
                            attempts += 1
                            guard attempts <= attemptLimit else {
                                Issue.record(
                                    "concurrentAppends: writer \(writer) made no progress in \(attemptLimit) attempts (every append conflicted)")
                                return
                            }
                            let latest = try await store.latestSequence(for: subject)
                            let event = try Self.event(subject, latest + 1, id: "writer-\(writer)-event-\(index)")
                            do {
                                try await store.append([event], for: subject, expectedSequence: latest)
                                break
                            } catch let error as StorageError where error.code == .conflict {
                                continue
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }

        let expectedCount = writers * eventsPerWriter
        let expectedIDs = Set(
            try (0..<writers).flatMap { writer in
                try (0..<eventsPerWriter).map { try ConsentEventID("writer-\(writer)-event-\($0)") }
            })
        for (number, store) in handles.enumerated() {
            let events = try await store.events(for: subject)
            let ids = events.map(\.id)
            #expect(events.count == expectedCount, "concurrentAppends: handle \(number + 1) sees \(events.count) events, expected \(expectedCount)")
            // Compared outside #expect so a failure prints one position, not two thousand numbers.
            let firstMisplaced = events.indices.first { events[$0].sequence != $0 + 1 }
            #expect(
                firstMisplaced == nil,
                "concurrentAppends: handle \(number + 1) sees sequences that are not exactly 1...\(expectedCount) in order: position \((firstMisplaced ?? 0) + 1) holds sequence \(firstMisplaced.map { events[$0].sequence } ?? 0)")
            #expect(Set(ids).count == ids.count, "concurrentAppends: handle \(number + 1) sees \(ids.count - Set(ids).count) duplicated event ids")
            let missing = expectedIDs.subtracting(ids)
            #expect(missing.isEmpty, "concurrentAppends: \(missing.count) acknowledged events are missing, for example \(missing.sorted().prefix(3).map(\.rawValue))")
            let latest = try await store.latestSequence(for: subject)
            #expect(latest == expectedCount, "concurrentAppends: handle \(number + 1) reports latest sequence \(latest), expected \(expectedCount)")
        }
        await cleanUp(handles[0], [subject])
    }

    /// An event id is stored at most once per subject.
    ///
    /// Appending an id the subject already has — with the same or different
    /// content, at the right next sequence — throws ``StorageError``
    /// `.duplicate` and leaves the stream unchanged. Ids are unique per
    /// subject, as the ``ConsentStore`` contract says: the same id for
    /// another subject is accepted.
    public func idempotentReplay() async throws {
        let token = ConsentConformanceSupport.runToken()
        let store = try await makeStore()
        let subject = try SubjectID("conformance-\(token)-replay")
        let other = try SubjectID("conformance-\(token)-replay-other")
        let original = try Self.event(subject, 1, id: "replay-\(token)")
        try await store.append([original], for: subject, expectedSequence: 0)

        await ConsentConformanceSupport.expectStorageError(.duplicate, "idempotentReplay: the same event id appended again") {
            try await store.append([Self.event(subject, 2, id: "replay-\(token)")], for: subject, expectedSequence: 1)
        }
        await ConsentConformanceSupport.expectStorageError(.duplicate, "idempotentReplay: the same event id with different content") {
            try await store.append([Self.event(subject, 2, id: "replay-\(token)", kind: .withdraw)], for: subject, expectedSequence: 1)
        }
        try await expectStream(store, subject, [original], "idempotentReplay after refused replays")

        let elsewhere = try Self.event(other, 1, id: "replay-\(token)")
        if await ConsentConformanceSupport.expectSuccess(
            "idempotentReplay: the same event id for another subject (ids are unique per subject)",
            { try await store.append([elsewhere], for: other, expectedSequence: 0) }) != nil
        {
            try await expectStream(store, other, [elsewhere], "idempotentReplay (second subject)")
        }
        let next = try Self.event(subject, 2, id: "replay-next")
        try await store.append([next], for: subject, expectedSequence: 1)
        try await expectStream(store, subject, [original, next], "idempotentReplay after a fresh id")
        await cleanUp(store, [subject, other])
    }

    /// Identifiers are stored byte for byte and compared exactly.
    ///
    /// Subjects, purposes and event ids with emoji (including ZWJ sequences),
    /// CJK, combining marks and the maximum length of 256 UTF-8 bytes
    /// round-trip unchanged. Ids that differ only in case, in an accent, or in
    /// their last byte are different streams: a case- or accent-insensitive
    /// collation, a truncating column or a normalizing driver fails here.
    public func unicodeIdentifiers() async throws {
        let token = ConsentConformanceSupport.runToken()
        let store = try await makeStore()
        let longA = ConsentConformanceSupport.identifier("subject", token: token, byteCount: 256, last: "a")
        let longB = ConsentConformanceSupport.identifier("subject", token: token, byteCount: 256, last: "b")
        let subjectNames = [
            "🧑🏽‍💻-\(token)", "山田太郎-\(token)", "Zoë-e\u{301}\u{323}-\(token)", "Alice-\(token)", "alice-\(token)",
            "resume-\(token)", "résumé-\(token)", longA, longB,
        ]
        let purposes = try [
            PurposeID("ads.📣"), PurposeID("広告の個人化"), PurposeID("cafe\u{301}-tips"),
            PurposeID(ConsentConformanceSupport.identifier("purpose", token: token, byteCount: 256, last: "z")),
        ]
        var subjects: [SubjectID] = []
        var streams: [[ConsentEvent]] = []
        for (index, name) in subjectNames.enumerated() {
            let subject = try SubjectID(name)
            let events = try [
                Self.event(subject, 1, id: "✅-\(index)-一", purposes: purposes),
                Self.event(
                    subject, 2, id: ConsentConformanceSupport.identifier("event-\(index)", token: token, byteCount: 256, last: "q"),
                    purposes: Array(purposes.reversed())),
            ]
            subjects.append(subject)
            streams.append(events)
            _ = await ConsentConformanceSupport.expectSuccess("unicodeIdentifiers: appending for subject \(name.debugDescription)") {
                try await store.append(events, for: subject, expectedSequence: 0)
            }
        }
        for (subject, expected) in zip(subjects, streams) {
            let read = try await store.events(for: subject)
            if let difference = Self.difference(read, expected) {
                Issue.record(
                    "unicodeIdentifiers: subject \(subject.rawValue.debugDescription) (\(subject.rawValue.utf8.count) bytes) \(difference)")
                continue
            }
            for (stored, original) in zip(read, expected) {
                let bytesMatch =
                    Array(stored.subject.rawValue.utf8) == Array(original.subject.rawValue.utf8)
                    && Array(stored.id.rawValue.utf8) == Array(original.id.rawValue.utf8)
                    && stored.purposes.map { Array($0.rawValue.utf8) } == original.purposes.map { Array($0.rawValue.utf8) }
                #expect(
                    bytesMatch,
                    "unicodeIdentifiers: event \(original.id.rawValue.debugDescription) came back with identifiers that are equal but not byte-identical (normalized?)")
            }
            let latest = try await store.latestSequence(for: subject)
            #expect(latest == 2, "unicodeIdentifiers: subject \(subject.rawValue.debugDescription) has latest sequence \(latest), expected 2")
        }
        await cleanUp(store, subjects)
    }

    /// Deleting a subject's events really deletes them (GDPR erasure).
    ///
    /// Afterwards the subject has no events, latest sequence 0, and
    /// `deleteEvents` reports how many it removed (0 the second time and for
    /// unknown subjects). Other subjects are untouched. A new stream starts
    /// again at 1 — an append expecting the old latest sequence conflicts —
    /// and nothing of the old stream survives, not even its event ids: an
    /// erased id may be appended again.
    public func deletionReallyDeletes() async throws {
        let token = ConsentConformanceSupport.runToken()
        let store = try await makeStore()
        let subject = try SubjectID("conformance-\(token)-erased")
        let other = try SubjectID("conformance-\(token)-kept")
        let erased = try (1...3).map { try Self.event(subject, $0, id: "erase-\($0)") }
        let kept = try (1...2).map { try Self.event(other, $0, id: "keep-\($0)") }
        try await store.append(erased, for: subject, expectedSequence: 0)
        try await store.append(kept, for: other, expectedSequence: 0)

        let deleted = try await store.deleteEvents(for: subject)
        #expect(deleted == 3, "deletionReallyDeletes: deleteEvents reported \(deleted) deleted events, expected 3")
        try await expectStream(store, subject, [], "deletionReallyDeletes after deleteEvents")
        let tail = try await store.events(for: subject, fromSequence: 2)
        #expect(tail.isEmpty, "deletionReallyDeletes: events(fromSequence: 2) still returns \(ConsentConformanceSupport.summary(tail))")
        try await expectStream(store, other, kept, "deletionReallyDeletes: another subject")
        let again = try await store.deleteEvents(for: subject)
        #expect(again == 0, "deletionReallyDeletes: deleting again reported \(again), expected 0")
        let unknown = try await store.deleteEvents(for: SubjectID("conformance-\(token)-never-written"))
        #expect(unknown == 0, "deletionReallyDeletes: deleting an unknown subject reported \(unknown), expected 0")

        await ConsentConformanceSupport.expectStorageError(.conflict, "deletionReallyDeletes: appending after the erased stream's old latest sequence") {
            try await store.append([Self.event(subject, 4, id: "erase-after-old-latest")], for: subject, expectedSequence: 3)
        }
        let restarted = try Self.event(subject, 1, id: "erase-restart")
        let reused = try Self.event(subject, 2, id: "erase-2", kind: .withdraw)
        _ = await ConsentConformanceSupport.expectSuccess("deletionReallyDeletes: a new stream starting at 1") {
            try await store.append([restarted], for: subject, expectedSequence: 0)
        }
        _ = await ConsentConformanceSupport.expectSuccess("deletionReallyDeletes: re-using an erased event id") {
            try await store.append([reused], for: subject, expectedSequence: 1)
        }
        try await expectStream(store, subject, [restarted, reused], "deletionReallyDeletes: the new stream")
        await cleanUp(store, [subject, other])
    }

    /// Stream versions, for adapters that provide them, never let a stale
    /// state through.
    ///
    /// A subject without events has version 0; every append and every
    /// deletion changes the version; versions never repeat for a subject,
    /// even when an erased stream is rebuilt to the same length; reads
    /// without writes leave it alone. Adapters returning `nil` (no versions)
    /// pass trivially: the ledger then never caches.
    public func streamVersions() async throws {
        let token = ConsentConformanceSupport.runToken()
        let store = try await makeStore()
        let subject = try SubjectID("conformance-\(token)-versions")
        guard let empty = try await store.streamVersion(for: subject) else { return }
        #expect(empty == 0, "streamVersions: a subject without events has version \(empty), expected 0")
        var seen: Set<UInt64> = [0]
        func next(_ step: String) async throws {
            guard let version = try await store.streamVersion(for: subject) else {
                Issue.record("streamVersions: the version became nil after \(step)")
                return
            }
            let again = try await store.streamVersion(for: subject)
            #expect(again == version, "streamVersions: the version moved without a write after \(step)")
            if step.hasPrefix("delete") {
                #expect(version == 0, "streamVersions: after \(step) the version is \(version), expected 0")
            } else {
                #expect(!seen.contains(version), "streamVersions: version \(version) after \(step) was seen before")
                seen.insert(version)
            }
        }
        try await store.append([Self.event(subject, 1, id: "version-1")], for: subject, expectedSequence: 0)
        try await next("the first append")
        try await store.append([Self.event(subject, 2, id: "version-2")], for: subject, expectedSequence: 1)
        try await next("the second append")
        _ = try await store.deleteEvents(for: subject)
        try await next("deleteEvents")
        try await store.append([Self.event(subject, 1, id: "version-1b")], for: subject, expectedSequence: 0)
        try await next("rebuilding the stream")
        try await store.append([Self.event(subject, 2, id: "version-2b")], for: subject, expectedSequence: 1)
        try await next("rebuilding it to the old length")
        await cleanUp(store, [subject])
    }

    /// Malformed requests throw ``StorageError`` `.invalidRequest` and store nothing.
    ///
    /// An event of another subject in the batch, sequences that do not
    /// continue at `expectedSequence + 1` (too high, zero, a gap, a repeat),
    /// and reads from a sequence below 1 are refused, even when
    /// `expectedSequence` itself is right.
    public func invalidRequests() async throws {
        let token = ConsentConformanceSupport.runToken()
        let store = try await makeStore()
        let subject = try SubjectID("conformance-\(token)-invalid")
        let stranger = try SubjectID("conformance-\(token)-invalid-stranger")

        await ConsentConformanceSupport.expectStorageError(.invalidRequest, "invalidRequests: an event of another subject") {
            try await store.append([Self.event(stranger, 1, id: "invalid-stranger")], for: subject, expectedSequence: 0)
        }
        await ConsentConformanceSupport.expectStorageError(.invalidRequest, "invalidRequests: a batch whose second event belongs to another subject") {
            try await store.append(
                [Self.event(subject, 1, id: "invalid-mixed-1"), Self.event(stranger, 2, id: "invalid-mixed-2")],
                for: subject, expectedSequence: 0)
        }
        await ConsentConformanceSupport.expectStorageError(.invalidRequest, "invalidRequests: sequence 2 on an empty stream") {
            try await store.append([Self.event(subject, 2, id: "invalid-high")], for: subject, expectedSequence: 0)
        }
        await ConsentConformanceSupport.expectStorageError(.invalidRequest, "invalidRequests: sequence 0") {
            try await store.append([Self.event(subject, 0, id: "invalid-zero")], for: subject, expectedSequence: 0)
        }
        await ConsentConformanceSupport.expectStorageError(.invalidRequest, "invalidRequests: a gap inside a batch (1, 3)") {
            try await store.append(
                [Self.event(subject, 1, id: "invalid-gap-1"), Self.event(subject, 3, id: "invalid-gap-3")],
                for: subject, expectedSequence: 0)
        }
        await ConsentConformanceSupport.expectStorageError(.invalidRequest, "invalidRequests: a repeated sequence inside a batch (1, 1)") {
            try await store.append(
                [Self.event(subject, 1, id: "invalid-repeat-a"), Self.event(subject, 1, id: "invalid-repeat-b")],
                for: subject, expectedSequence: 0)
        }
        try await expectStream(store, subject, [], "invalidRequests after refused appends")
        try await expectStream(store, stranger, [], "invalidRequests: the other subject")

        let first = try Self.event(subject, 1, id: "invalid-first")
        try await store.append([first], for: subject, expectedSequence: 0)
        await ConsentConformanceSupport.expectStorageError(.invalidRequest, "invalidRequests: sequence 1 again, expecting 1") {
            try await store.append([Self.event(subject, 1, id: "invalid-again")], for: subject, expectedSequence: 1)
        }
        await ConsentConformanceSupport.expectStorageError(.invalidRequest, "invalidRequests: events(fromSequence: 0)") {
            _ = try await store.events(for: subject, fromSequence: 0)
        }
        await ConsentConformanceSupport.expectStorageError(.invalidRequest, "invalidRequests: events(fromSequence: -1)") {
            _ = try await store.events(for: subject, fromSequence: -1)
        }
        try await expectStream(store, subject, [first], "invalidRequests after refused requests")
        await cleanUp(store, [subject, stranger])
    }

    /// A batch is stored whole or not at all.
    ///
    /// A batch whose later event repeats an id already stored, or repeats an
    /// id of the same batch, throws `.duplicate`; a batch with a later event
    /// of another subject throws `.invalidRequest`. None of its events is
    /// stored — the earlier ones can be appended afterwards — and a valid
    /// batch of three lands with consecutive sequences.
    public func atomicBatches() async throws {
        let token = ConsentConformanceSupport.runToken()
        let store = try await makeStore()
        let subject = try SubjectID("conformance-\(token)-atomic")
        let stranger = try SubjectID("conformance-\(token)-atomic-stranger")
        let first = try Self.event(subject, 1, id: "atomic-1")
        try await store.append([first], for: subject, expectedSequence: 0)

        await ConsentConformanceSupport.expectStorageError(.duplicate, "atomicBatches: a batch repeating a stored id") {
            try await store.append(
                [Self.event(subject, 2, id: "atomic-new"), Self.event(subject, 3, id: "atomic-1")], for: subject,
                expectedSequence: 1)
        }
        try await expectStream(store, subject, [first], "atomicBatches after a batch repeating a stored id")
        await ConsentConformanceSupport.expectStorageError(.duplicate, "atomicBatches: a batch repeating its own id") {
            try await store.append(
                [Self.event(subject, 2, id: "atomic-twice"), Self.event(subject, 3, id: "atomic-twice")], for: subject,
                expectedSequence: 1)
        }
        try await expectStream(store, subject, [first], "atomicBatches after a batch repeating its own id")
        await ConsentConformanceSupport.expectStorageError(.invalidRequest, "atomicBatches: a batch ending with another subject's event") {
            try await store.append(
                [Self.event(subject, 2, id: "atomic-mine"), Self.event(stranger, 3, id: "atomic-theirs")], for: subject,
                expectedSequence: 1)
        }
        try await expectStream(store, subject, [first], "atomicBatches after a batch with another subject's event")
        try await expectStream(store, stranger, [], "atomicBatches: the other subject")

        let batch = try [
            Self.event(subject, 2, id: "atomic-new"), Self.event(subject, 3, id: "atomic-twice"),
            Self.event(subject, 4, id: "atomic-mine"),
        ]
        _ = await ConsentConformanceSupport.expectSuccess("atomicBatches: the refused batches' first events, appended alone") {
            try await store.append(batch, for: subject, expectedSequence: 1)
        }
        try await expectStream(store, subject, [first] + batch, "atomicBatches after a valid batch")
        await cleanUp(store, [subject, stranger])
    }

    // MARK: Helpers

    /// Two handles from `makeStore`, checked to share one backend; a single
    /// handle (and a recorded issue) when they do not.
    private func sharedHandles(token: String, area: String) async throws -> [any ConsentStore] {
        let first = try await makeStore()
        let second = try await makeStore()
        let probe = try SubjectID("conformance-\(token)-shared-probe")
        try await first.append([Self.event(probe, 1, id: "probe")], for: probe, expectedSequence: 0)
        let seen = try await second.latestSequence(for: probe)
        _ = try? await first.deleteEvents(for: probe)
        guard seen == 1 else {
            Issue.record(
                "\(area): a second handle from makeStore does not see what the first one wrote; makeStore must return handles onto ONE shared database so the suite can model several app instances. Continuing with one handle.")
            return [first]
        }
        return [first, second]
    }

    /// Records an issue unless `subject`'s stream and latest sequence are exactly `expected`.
    private func expectStream(
        _ store: any ConsentStore, _ subject: SubjectID, _ expected: [ConsentEvent], _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let events = try await store.events(for: subject)
        if let difference = Self.difference(events, expected) {
            Issue.record("\(what): \(subject)'s stream \(difference)", sourceLocation: sourceLocation)
        }
        let latest = try await store.latestSequence(for: subject)
        #expect(
            latest == expected.count, "\(what): \(subject)'s latest sequence is \(latest), expected \(expected.count)",
            sourceLocation: sourceLocation)
    }

    /// Best-effort removal of what an area wrote; failures are not the area's concern.
    private func cleanUp(_ store: any ConsentStore, _ subjects: [SubjectID]) async {
        for subject in subjects { _ = try? await store.deleteEvents(for: subject) }
    }

    /// How `actual` differs from `expected`, or `nil` when they are equal.
    static func difference(_ actual: [ConsentEvent], _ expected: [ConsentEvent]) -> String? {
        guard actual != expected else { return nil }
        if actual.map(\.id) == expected.map(\.id), actual.map(\.sequence) == expected.map(\.sequence),
            let index = actual.indices.first(where: { actual[$0] != expected[$0] })
        {
            return "has event \(actual[index].id) with different content: stored \(expected[index]), read back \(actual[index])"
        }
        return "is \(ConsentConformanceSupport.summary(actual)), expected \(ConsentConformanceSupport.summary(expected))"
    }

    /// A fully populated event whose optional parts vary with `sequence`, so a
    /// stream exercises every field an adapter must store.
    static func event(
        _ subject: SubjectID, _ sequence: Int, id: String, kind: ConsentEventKind? = nil, purposes: [PurposeID]? = nil
    ) throws -> ConsentEvent {
        let kinds = ConsentEventKind.allCases
        let methods: [ConsentMethod] = [.affirmativeAction, .explicitStatement, .globalPrivacyControl, .doubleOptIn, .imported]
        let step = max(sequence, 0)
        // Sub-microsecond digits: the exact `Date` must survive storage.
        let timestamp = Date(timeIntervalSinceReferenceDate: 788_918_400.123_456_7 + Double(step) * 61.5)
        let hex = String(repeating: "0123456789abcdef", count: 4)
        return ConsentEvent(
            id: try ConsentEventID(id),
            subject: subject,
            sequence: sequence,
            kind: kind ?? kinds[step % kinds.count],
            purposes: try purposes ?? [PurposeID("newsletter"), PurposeID("ads.sharing")],
            notice: step % 2 == 1
                ? NoticeReference(id: try NoticeID("conformance-notice"), version: step, contentHash: hex) : nil,
            method: methods[step % methods.count],
            channel: try Channel(step % 2 == 0 ? "web" : "call-center"),
            actor: step % 3 == 0 ? ConsentActor(.guardian, reference: "guardian-\(step)") : .subject,
            jurisdiction: step % 2 == 0 ? "ccpa" : "gdpr",
            timestamp: timestamp,
            expiresAt: step % 2 == 1 ? timestamp.addingTimeInterval(395 * 86_400) : nil,
            evidence: step % 2 == 1
                ? ConsentEvidence(
                    networkHash: hex, networkPrefix: "2001:db8:85a3::/48", userAgentHash: hex, signalHash: hex,
                    formReference: "signup-form-\(step)")
                : .none,
            subjectAge: step % 4 == 0 ? 15 : nil,
            financialIncentive: step % 5 == 0)
    }
}
