import ConsentKitCore
import ConsentKitTesting
import Testing

/// Keyed subject pseudonyms, and erasure that unlinks a subject's entries
/// while every proof over them still verifies.
@Suite("Audit: subject pseudonyms and erasure")
struct AuditSubjectPseudonymTests {
    @Test func pseudonymMatchesAnIndependentHMAC() throws {
        let key = try PseudonymKey(bytes: [UInt8](repeating: 0x22, count: 32))
        let pseudonym = SubjectPseudonymizer.pseudonym(for: try SubjectID("customer-0042"), key: key)
        // HMAC-SHA256(22…22, "ConsentKit.audit.subject.v1" ‖ 0x00 ‖ "customer-0042"), from Python's hmac module.
        #expect(pseudonym.hexString == "95ae8f038392690425f02d5a2d6f37a855b1e404d7fbaf2f03c690eef64a8da8")
    }

    @Test func pseudonymsAreStablePerSubjectAndDistinctAcrossSubjects() async throws {
        let pseudonymizer = SubjectPseudonymizer()
        let alice = try SubjectID("alice")
        let bob = try SubjectID("bob")
        let first = try await pseudonymizer.pseudonym(for: alice)
        #expect(try await pseudonymizer.pseudonym(for: alice) == first)
        #expect(try await pseudonymizer.existingPseudonym(for: alice) == first)
        #expect(try await pseudonymizer.pseudonym(for: bob) != first)
        #expect(try await pseudonymizer.existingPseudonym(for: try SubjectID("carol")) == nil)
        // Two stores, two random keys: the same subject is unlinkable across deployments.
        #expect(try await SubjectPseudonymizer().pseudonym(for: alice) != first)
    }

    @Test func erasingASubjectUnlinksTheirEntriesWhileEveryProofStillVerifies() async throws {
        let signer = try HMACTreeHeadSigner(keyID: "audit", key: HMACTreeHeadSigner.generateKey())
        let store = InMemoryAuditLogStore()
        let log = AuditLog(store: store, signer: signer, timeSource: ManualTimeSource())
        let alice = try SubjectID("alice-7f3a9c")
        let bob = try SubjectID("bob-1b2c3d")
        var appended: [AuditAppendResult] = []
        for round in 0..<5 {
            for subject in [alice, bob] {
                appended.append(
                    try await log.append(
                        kind: .consent, actor: "web", subject: subject, purpose: PurposeID("newsletter"),
                        action: round.isMultiple(of: 2) ? "grant" : "withdraw", outcome: .success,
                        details: ["round": String(round)]))
            }
        }
        let alicePseudonym = try await log.pseudonymizer.pseudonym(for: alice)
        #expect(try await log.records(concerning: alice).count == 5)
        let signedBefore = try await log.signedTreeHead()
        var checkpoint = TreeHeadCheckpoint(trusting: signedBefore.treeHead)

        let erasure = try await log.eraseSubject(alice, actor: "privacy-desk", details: ["request": "DSR-17"])
        #expect(erasure.entry.kind == .erasure)
        #expect(erasure.entry.subject == alicePseudonym)

        // Unlinked: the key is gone, so nobody can compute alice's pseudonym…
        #expect(try await log.pseudonymizer.existingPseudonym(for: alice) == nil)
        #expect(try await log.records(concerning: alice).isEmpty)
        // …and a new key gives a new, unrelated pseudonym.
        #expect(try await log.pseudonymizer.pseudonym(for: alice) != alicePseudonym)
        // Bob is untouched.
        #expect(try await log.records(concerning: bob).count == 5)

        // Not one byte of the log changed: every proof, head and signature still holds.
        let report = try await log.verify(against: signedBefore.treeHead)
        #expect(report.isIntact)
        try signedBefore.verify(using: signer)
        let head = log.treeHead()
        for result in appended {
            try log.inclusionProof(forEntryAt: result.index).verify(entry: result.entry, against: head)
            try log.inclusionProof(forEntryAt: result.index, treeSize: result.treeHead.size)
                .verify(entry: result.entry, against: result.treeHead)
        }
        try checkpoint.advance(to: head, proof: try log.consistencyProof(fromSize: signedBefore.treeHead.size))
        #expect(checkpoint.treeHead == head)
    }

    @Test func keysHaveOneSizeAndNeverPrint() throws {
        #expect(AuditTestSupport.errorCode { _ = try PseudonymKey(bytes: [UInt8](repeating: 1, count: 31)) } == .invalidKey)
        #expect(AuditTestSupport.errorCode { _ = try PseudonymKey(bytes: [UInt8](repeating: 1, count: 33)) } == .invalidKey)
        let key = try PseudonymKey(bytes: [UInt8](repeating: 0xCD, count: 32))
        var dumped = ""
        dump(key, to: &dumped)
        for text in [String(describing: key), String(reflecting: key), dumped] {
            #expect(!text.lowercased().contains("cdcd"))
            #expect(!text.contains("205"))
        }
        #expect(key.withUnsafeBytes { Array($0) } == [UInt8](repeating: 0xCD, count: 32))
        #expect(PseudonymKey.random() != PseudonymKey.random())
    }

    @Test func pseudonymsParseAndRejectWrongLengths() throws {
        let pseudonym = try SubjectPseudonym(bytes: [UInt8](repeating: 0x5A, count: 32))
        #expect(try SubjectPseudonym(hex: pseudonym.hexString) == pseudonym)
        #expect(AuditTestSupport.errorCode { _ = try SubjectPseudonym(bytes: [1, 2, 3]) } == .invalidEntry)
        #expect(AuditTestSupport.errorCode { _ = try SubjectPseudonym(hex: "xyz") } == .invalidEntry)
    }
}
