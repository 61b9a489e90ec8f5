import ConsentKitCore
import ConsentKitTesting
import Foundation
import Synchronization
import Testing

@Suite("Consent ledger: concurrent writers")
struct LedgerConcurrencyTests {
    /// Eight tasks record 125 events each for one subject, without an
    /// expected sequence, through one ledger or through two ledgers (two app
    /// instances) sharing one store. The ledger retries its lost races
    /// itself: exactly 1,000 events, numbered 1...1000, none lost or doubled.
    ///
    /// Writers within one ledger queue per subject; two ledgers race only each
    /// other and retry with jittered backoff, so nobody should give up. If a
    /// writer ever did get `.conflict`, it retries the same draft, as a host
    /// would, and the event must still be stored exactly once.
    @Test(arguments: [1, 2])
    func eightWritersLoseNothing(ledgerCount: Int) async throws {
        let f = try ConsentFixtures()
        let store = AttemptCountingStore()
        let notices = InMemoryNoticeStore()
        let ledgers = (0..<ledgerCount).map { _ in
            ConsentLedger(catalog: f.catalog, consentStore: store, noticeStore: notices, timeSource: f.clock)
        }
        let v1 = f.noticeVersion(1)
        try await ledgers[0].publish(v1)
        for ledger in ledgers.dropFirst() { try await ledger.refreshNotices() }

        let writers = 8
        let recordsPerWriter = 125
        let gaveUp = GiveUpCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                let ledger = ledgers[writer % ledgerCount]
                group.addTask {
                    for index in 0..<recordsPerWriter {
                        let id = try ConsentEventID("writer-\(writer)-record-\(index)")
                        let draft =
                            index.isMultiple(of: 2)
                            ? f.draft(.grant, [f.newsletter], notice: v1, id: id)
                            : f.draft(.withdraw, [f.newsletter], id: id)
                        while true {
                            do {
                                let recorded = try await ledger.record(draft)
                                // A give-up must never hide a stored event.
                                #expect(!recorded.wasAlreadyRecorded)
                                break
                            } catch let error as StorageError where error.code == .conflict {
                                gaveUp.add()
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }

        let total = writers * recordsPerWriter
        let history = try await ledgers[ledgerCount - 1].history(of: f.alice)
        #expect(history.count == total)
        #expect(history.indices.allSatisfy { history[$0].sequence == $0 + 1 }, "sequences are not 1...\(total)")
        #expect(Set(history.map(\.id)).count == total, "duplicated event ids")
        #expect(try await ledgers[0].state(of: f.alice).sequence == total)
        #expect(store.attemptsPerEvent().count == total)
        #expect(gaveUp.value == 0, "the ledger gave up \(gaveUp.value) times")
    }
}

/// An in-memory store that counts append attempts per event id, to see how
/// often the ledger lost a race and retried.
private final class AttemptCountingStore: ConsentStore {
    private let inner = InMemoryConsentStore()
    private let attempts = Mutex<[ConsentEventID: Int]>([:])

    func attemptsPerEvent() -> [ConsentEventID: Int] { attempts.withLock { $0 } }

    func append(_ events: [ConsentEvent], for subject: SubjectID, expectedSequence: Int) async throws {
        attempts.withLock { attempts in
            for event in events { attempts[event.id, default: 0] += 1 }
        }
        try await inner.append(events, for: subject, expectedSequence: expectedSequence)
    }

    func events(for subject: SubjectID, fromSequence: Int) async throws -> [ConsentEvent] {
        try await inner.events(for: subject, fromSequence: fromSequence)
    }

    func latestSequence(for subject: SubjectID) async throws -> Int {
        try await inner.latestSequence(for: subject)
    }

    func deleteEvents(for subject: SubjectID) async throws -> Int {
        try await inner.deleteEvents(for: subject)
    }
}

/// A thread-safe tally.
private final class GiveUpCounter: Sendable {
    private let count = Mutex(0)

    var value: Int { count.withLock { $0 } }

    func add() { count.withLock { $0 += 1 } }
}
