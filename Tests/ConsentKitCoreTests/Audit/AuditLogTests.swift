import ConsentKitCore
import ConsentKitTesting
import Testing

/// The log end to end: appends, heads, proofs, and `verify()` against an
/// attacker who rewrites the database.
@Suite("Audit: log")
struct AuditLogTests {
    static func entry(_ number: Int, actor: String = "service") throws -> AuditEntry {
        try AuditEntry(
            kind: .accessDecision, actor: actor, subject: nil, purpose: PurposeID("support"), action: "read",
            outcome: number.isMultiple(of: 3) ? .denied : .success, details: ["ticket": "T-\(number)"],
            timestampMilliseconds: 1_767_225_600_000 + Int64(number))
    }

    static func filledLog(_ count: Int, store: any AuditLogStore = TamperableAuditLogStore()) async throws -> AuditLog {
        let log = AuditLog(store: store, timeSource: ManualTimeSource())
        for number in 0..<count { _ = try await log.append(try entry(number)) }
        return log
    }

    // MARK: Appending

    @Test func appendsGetConsecutiveIndicesAndHeadsThatProveThem() async throws {
        let clock = ManualTimeSource()
        let log = AuditLog(timeSource: clock)
        var results: [AuditAppendResult] = []
        for number in 0..<40 {
            clock.advance(by: 1)
            results.append(try await log.append(try Self.entry(number)))
        }
        for (number, result) in results.enumerated() {
            #expect(result.index == UInt64(number))
            let head = result.treeHead
            #expect(head.size == UInt64(number + 1))
            #expect(head.rootHash == (try log.rootHash(atSize: head.size)))
            #expect(head.timestampMilliseconds == result.timestampMilliseconds)
            // The proof at the head's own size, and at the latest size.
            try log.inclusionProof(forEntryAt: result.index, treeSize: head.size).verify(entry: result.entry, against: head)
            let latest = log.treeHead()
            try log.inclusionProof(forEntryAt: result.index).verify(entry: result.entry, against: latest)
            try log.consistencyProof(fromSize: head.size).verify(from: head, to: latest)
        }
        #expect(log.size == 40)
        #expect(log.treeHead().timestamp == clock.now())
    }

    @Test func everyInclusionProofOfAThousandEntryLogVerifies() async throws {
        let log = AuditLog()
        var entries: [AuditEntry] = []
        for number in 0..<1000 {
            let entry = try Self.entry(number)
            entries.append(entry)
            _ = try await log.append(entry)
        }
        let head = log.treeHead()
        for (index, entry) in entries.enumerated() {
            let proof = try log.inclusionProof(forEntryAt: UInt64(index))
            #expect(throws: Never.self, "entry \(index)") { try proof.verify(entry: entry, against: head) }
        }
    }

    @Test func batchAppendsLandContiguously() async throws {
        let log = AuditLog()
        _ = try await log.append(try Self.entry(0))
        let batch = try (1...5).map { try Self.entry($0) }
        let result = try await log.append(contentsOf: batch)
        #expect(result.indices == 1..<6)
        #expect(result.treeHead.size == 6)
        for (offset, entry) in batch.enumerated() {
            try log.inclusionProof(forEntryAt: UInt64(1 + offset)).verify(entry: entry, against: result.treeHead)
        }
        let empty = try await log.append(contentsOf: [])
        #expect(empty.indices == 6..<6)
        #expect(empty.treeHead.rootHash == result.treeHead.rootHash)
        #expect(try await log.entry(at: 3) == batch[2])
    }

    @Test func severalInstancesShareOneLogWithoutLosingAnIndex() async throws {
        let store = InMemoryAuditLogStore()
        let logs = (0..<4).map { _ in AuditLog(store: store) }
        let indices = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for (number, log) in logs.enumerated() {
                group.addTask {
                    var mine: [UInt64] = []
                    for step in 0..<50 {
                        mine.append(try await log.append(try Self.entry(number * 1000 + step, actor: "instance-\(number)")).index)
                    }
                    return mine
                }
            }
            var all: [UInt64] = []
            for try await mine in group { all += mine }
            return all
        }
        #expect(Set(indices) == Set(0..<200))
        var roots: Set<MerkleHash> = []
        for log in logs {
            let head = try await log.synchronize()
            #expect(head.size == 200)
            roots.insert(head.rootHash)
            #expect(try await log.verify().isIntact)
        }
        #expect(roots.count == 1)
        // A late instance catches up on first use.
        let late = AuditLog(store: store)
        let appended = try await late.append(try Self.entry(9999))
        #expect(appended.index == 200)
        #expect(appended.treeHead.size == 201)
    }

    // MARK: verify()

    @Test func anUntouchedLogIsIntact() async throws {
        let store = TamperableAuditLogStore()
        let log = try await Self.filledLog(25, store: store)
        let report = try await log.verify()
        #expect(report.isIntact)
        #expect(report.checkedCount == 25)
        #expect(report.storedTreeHead.rootHash == log.treeHead().rootHash)
        #expect(try await log.verify(against: log.treeHead()).isIntact)
    }

    @Test func aRewrittenEntryIsReportedWithItsIndex() async throws {
        let store = TamperableAuditLogStore()
        let log = try await Self.filledLog(25, store: store)
        // A well-formed, plausible entry: only the ticket differs.
        store.overwrite(at: 17, with: try Self.entry(1017).canonicalEncoding)
        let report = try await log.verify()
        #expect(report.problem?.kind == .tamperedEntry)
        #expect(report.problem?.index == 17)
        #expect(report.checkedCount == 17)
        await #expect(throws: AuditError.self) { try await log.entry(at: 17) }
    }

    @Test func aSingleFlippedBitAnywhereInAStoredEntryIsDetected() async throws {
        let store = TamperableAuditLogStore()
        let log = try await Self.filledLog(5, store: store)
        let original = store.storedBytes(at: 2)
        for bit in 0..<(original.count * 8) {
            store.overwrite(at: 2, with: AuditTestSupport.flipping(original, bit: bit))
            let report = try await log.verify()
            #expect(report.problem?.kind == .tamperedEntry, "bit \(bit)")
            #expect(report.problem?.index == 2, "bit \(bit)")
        }
        store.overwrite(at: 2, with: original)
        #expect(try await log.verify().isIntact)
    }

    @Test func reorderedEntriesAreReportedAtTheFirstMovedIndex() async throws {
        let store = TamperableAuditLogStore()
        let log = try await Self.filledLog(25, store: store)
        store.swapRecords(6, 11)
        let report = try await log.verify()
        #expect(report.problem?.kind == .reorderedEntry)
        #expect(report.problem?.index == 6)
        #expect(report.problem?.originalIndex == 11)
    }

    @Test func aDeletedEntryInTheMiddleIsReported() async throws {
        let store = TamperableAuditLogStore()
        let log = try await Self.filledLog(25, store: store)
        store.remove(at: 9)
        let report = try await log.verify()
        // Everything after shifts down by one: entry 10 now sits at index 9.
        #expect(report.problem?.kind == .reorderedEntry)
        #expect(report.problem?.index == 9)
        #expect(report.problem?.originalIndex == 10)
    }

    @Test func aTruncatedLogIsReportedWhereItEnds() async throws {
        let store = TamperableAuditLogStore()
        let log = try await Self.filledLog(25, store: store)
        let head = log.treeHead()
        store.truncate(to: 20)
        let report = try await log.verify()
        #expect(report.problem?.kind == .truncatedLog)
        #expect(report.problem?.index == 20)
        #expect(report.checkedCount == 20)
        // Appending to a store that lost records is refused, not papered over.
        let error = await #expect(throws: AuditError.self) { try await log.append(try Self.entry(99)) }
        #expect(error?.code == .storeInconsistent)
        // A fresh instance (no memory of its own) sees the truncation against a trusted head.
        let fresh = AuditLog(store: store)
        try await fresh.synchronize()
        let freshReport = try await fresh.verify(against: head)
        #expect(freshReport.problem?.kind == .truncatedLog)
        #expect(freshReport.problem?.index == 20)
    }

    @Test func aRewriteBeforeThisInstanceStartedIsCaughtByATrustedHead() async throws {
        let store = TamperableAuditLogStore()
        let writer = try await Self.filledLog(25, store: store)
        let trusted = writer.treeHead()
        store.overwrite(at: 4, with: try Self.entry(404).canonicalEncoding)
        // A new process loads the rewritten log: alone it cannot tell…
        let fresh = AuditLog(store: store)
        try await fresh.synchronize()
        #expect(try await fresh.verify().isIntact)
        // …but the head a verifier kept does not match.
        let report = try await fresh.verify(against: trusted)
        #expect(report.problem?.kind == .rootMismatch)
        #expect(report.problem?.index == 25)
        // And no consistency proof from the trusted head exists.
        let proof = try fresh.consistencyProof(fromSize: trusted.size)
        #expect(throws: AuditError.self) { try proof.verify(from: trusted, to: fresh.treeHead()) }
    }

    // MARK: A store that breaks its contract

    @Test(arguments: [TamperableAuditLogStore.ReadFault.swapFirstTwo, .dropLast, .shiftIndices])
    func aStoreAnsweringOutOfOrderGetsATypedError(_ fault: TamperableAuditLogStore.ReadFault) async throws {
        let store = TamperableAuditLogStore()
        _ = try await Self.filledLog(10, store: store)
        store.setFault(fault)
        let fresh = AuditLog(store: store)
        let syncError = await #expect(throws: AuditError.self) { try await fresh.synchronize() }
        #expect(syncError?.code == .storeInconsistent)
        let verifyError = await #expect(throws: AuditError.self) { try await fresh.verify() }
        #expect(verifyError?.code == .storeInconsistent)
        // Appending needs a catch-up through the same broken reads.
        let appendError = await #expect(throws: AuditError.self) { try await fresh.append(try Self.entry(50)) }
        #expect(appendError?.code == .storeInconsistent)
    }

    @Test func outOfRangeRequestsThrowTypedErrors() async throws {
        let log = try await Self.filledLog(5)
        #expect(AuditTestSupport.errorCode { _ = try log.inclusionProof(forEntryAt: 5) } == .indexOutOfRange)
        #expect(AuditTestSupport.errorCode { _ = try log.inclusionProof(forEntryAt: 1, treeSize: 6) } == .invalidTreeSize)
        #expect(AuditTestSupport.errorCode { _ = try log.consistencyProof(fromSize: 0) } == .invalidTreeSize)
        #expect(AuditTestSupport.errorCode { _ = try log.consistencyProof(fromSize: 3, toSize: 9) } == .invalidTreeSize)
        await #expect(throws: StorageError.self) { try await log.entry(at: 5) }
        await #expect(throws: StorageError.self) { try await log.entry(at: .max) }
    }

    // MARK: Personal data

    @Test func theRawSubjectIdNeverReachesTheLog() async throws {
        let store = TamperableAuditLogStore()
        let log = AuditLog(store: store)
        let subject = try SubjectID("customer-000042")
        let result = try await log.append(
            kind: .consent, actor: "checkout", subject: subject, purpose: PurposeID("newsletter"), action: "grant",
            outcome: .success, details: ["notice": "v3"])
        #expect(result.entry.subject == (try await log.pseudonymizer.pseudonym(for: subject)))
        let stored = store.storedBytes(at: 0)
        let raw = Array(subject.rawValue.utf8)
        #expect(!stored.indices.contains { Array(stored[$0...].prefix(raw.count)) == raw })

        for details in [["email-of": "customer-000042"], ["note": "for customer-000042 only"], ["customer-000042": "x"]] {
            let error = await #expect(throws: AuditError.self) {
                try await log.append(
                    kind: .consent, actor: "checkout", subject: subject, purpose: nil, action: "grant", outcome: .success,
                    details: details)
            }
            #expect(error?.code == .personalData)
        }
        let actorError = await #expect(throws: AuditError.self) {
            try await log.append(
                kind: .consent, actor: "customer-000042", subject: subject, purpose: nil, action: "grant", outcome: .success)
        }
        #expect(actorError?.code == .personalData)
        // Short ids are only refused verbatim, so innocent values that contain them still pass.
        let short = try SubjectID("42")
        _ = try await log.append(
            kind: .consent, actor: "checkout", subject: short, purpose: nil, action: "grant", outcome: .success,
            details: ["count": "142"])
        #expect(store.storedBytes(at: 1).count > 0)
    }

    // MARK: Signing

    @Test func signedHeadsVerifyAndNeedASigner() async throws {
        let signer = try HMACTreeHeadSigner(keyID: "audit-2026", key: HMACTreeHeadSigner.generateKey())
        let log = AuditLog(signer: signer)
        _ = try await log.append(try Self.entry(1))
        let signed = try await log.signedTreeHead()
        try signed.verify(using: signer)
        #expect(signed.treeHead.size == 1)

        let unsigned = AuditLog()
        let error = await #expect(throws: AuditError.self) { try await unsigned.signedTreeHead() }
        #expect(error?.code == .invalidKey)
    }
}
