import ConsentKitCore
import ConsentKitTesting
import Foundation
import Synchronization
import Testing

@Suite("Consent ledger: every event audited")
struct LedgerAuditTests {
    /// An audit store that can be switched to fail, to see the ledger keep
    /// "reported as recorded ⇒ audited".
    final class FlakyAuditStore: AuditLogStore {
        let inner = InMemoryAuditLogStore()
        let failing = Mutex(false)

        func count() async throws -> UInt64 { try await inner.count() }

        func append(_ entries: [AuditEntry], expectedCount: UInt64) async throws {
            if failing.withLock({ $0 }) {
                throw StorageError(code: .unavailable, message: "audit database is down")
            }
            try await inner.append(entries, expectedCount: expectedCount)
        }

        func records(in range: Range<UInt64>) async throws -> [AuditRecord] { try await inner.records(in: range) }
    }

    @Test func aRecordedGrantIsInTheAuditLogWithAProofACustomerCanCheckOffline() async throws {
        let f = try ConsentFixtures()
        let auditLog = AuditLog(timeSource: f.clock)
        let ledger = ConsentLedger(catalog: f.catalog, timeSource: f.clock, auditLog: auditLog)
        let v1 = f.noticeVersion(1)
        try await ledger.publish(v1)
        try await ledger.record(f.draft(.deny, [f.ads]))
        let recorded = try await ledger.record(f.draft(.grant, [f.newsletter], notice: v1))
        let audit = try #require(recorded.audit)
        #expect(audit.indices == 1..<2)

        let entry = try await auditLog.entry(at: audit.indices.lowerBound)
        #expect(entry.kind == .consent)
        #expect(entry.action == "consent.grant")
        #expect(entry.purpose == f.newsletter)
        #expect(entry.details["event"] == recorded.events[0].id.rawValue)
        #expect(entry.details["notice"] == "privacy-notice v1")
        #expect(entry.details["noticeHash"] == v1.contentHash)
        // Personal data stays out: a keyed pseudonym, never the raw id.
        #expect(entry.subject == (try await auditLog.pseudonymizer.pseudonym(for: f.alice)))
        #expect(!entry.description.contains("alice"))

        // What a receipt carries: the entry, its inclusion proof, the tree head.
        let proof = try auditLog.inclusionProof(forEntryAt: audit.indices.lowerBound, treeSize: audit.treeHead.size)
        try proof.verify(entry: entry, against: audit.treeHead)
        let otherEntry = try await auditLog.entry(at: 0)
        #expect(throws: AuditError.self) { try proof.verify(entry: otherEntry, against: audit.treeHead) }
    }

    @Test func whenTheAuditAppendFailsTheRecordIsNotReportedAndARetryCompletesIt() async throws {
        let f = try ConsentFixtures()
        let store = FlakyAuditStore()
        let auditLog = AuditLog(store: store, timeSource: f.clock)
        let ledger = ConsentLedger(catalog: f.catalog, timeSource: f.clock, auditLog: auditLog)
        let v1 = f.noticeVersion(1)
        try await ledger.publish(v1)
        let draft = f.draft(.grant, [f.newsletter], notice: v1)

        store.failing.withLock { $0 = true }
        let error = await #expect(throws: ConsentLedgerError.self) { try await ledger.record(draft) }
        #expect(error?.code == .auditFailed)
        #expect(error?.message.contains(draft.id.rawValue) == true)
        #expect(try await store.count() == 0)

        store.failing.withLock { $0 = false }
        let retried = try await ledger.record(draft)
        #expect(retried.wasAlreadyRecorded)
        #expect(retried.audit?.indices == 0..<1)
        #expect(try await ledger.history(of: f.alice).count == 1)
        #expect(try await auditLog.entry(at: 0).details["event"] == draft.id.rawValue)

        // A further replay writes nothing more.
        let replay = try await ledger.record(draft)
        #expect(replay.audit == nil)
        #expect(try await store.count() == 1)
    }

    @Test func erasureUnlinksTheSubjectWhileEveryProofStillVerifies() async throws {
        let f = try ConsentFixtures()
        let auditLog = AuditLog(timeSource: f.clock)
        let ledger = ConsentLedger(catalog: f.catalog, timeSource: f.clock, auditLog: auditLog)
        let v1 = f.noticeVersion(1)
        try await ledger.publish(v1)
        try await ledger.record(f.draft(.grant, [f.newsletter], notice: v1))
        try await ledger.record(f.draft(.withdraw, [f.newsletter], at: 10))
        #expect(try await auditLog.records(concerning: f.alice).count == 2)
        let headBefore = auditLog.treeHead()

        #expect(try await ledger.erase(f.alice) == 2)
        #expect(try await ledger.history(of: f.alice).isEmpty)
        #expect(try await auditLog.records(concerning: f.alice).isEmpty)
        #expect(try await auditLog.entry(at: 2).kind == .erasure)

        let verification = try await auditLog.verify()
        #expect(verification.problem == nil)
        let consistency = try auditLog.consistencyProof(fromSize: headBefore.size)
        try consistency.verify(from: headBefore, to: auditLog.treeHead())
        for index in 0..<auditLog.size {
            let proof = try auditLog.inclusionProof(forEntryAt: index)
            try proof.verify(entry: try await auditLog.entry(at: index), against: auditLog.treeHead())
        }
    }
}
