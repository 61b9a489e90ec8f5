import ConsentKitCore
import Foundation
import Testing

/// A verifier that remembers the last head it checked and accepts a new one
/// only with a consistency proof from it.
@Suite("Audit: tree head checkpoints")
struct AuditTreeHeadCheckpointTests {
    static func log(_ count: Int, tag: String = "a") async throws -> AuditLog {
        let log = AuditLog()
        for number in 0..<count { _ = try await log.append(try AuditLogTests.entry(number, actor: "svc-\(tag)")) }
        return log
    }

    @Test func aMonitorFollowsAGrowingLog() async throws {
        let log = try await Self.log(3)
        var checkpoint = TreeHeadCheckpoint()
        #expect(checkpoint.requiredProofOldSize == nil)
        try checkpoint.advance(to: log.treeHead(), proof: nil)  // trust on first use
        for round in 1...20 {
            for step in 0..<round { _ = try await log.append(try AuditLogTests.entry(1000 * round + step)) }
            let oldSize = try #require(checkpoint.requiredProofOldSize)
            let head = log.treeHead()
            try checkpoint.advance(to: head, proof: try log.consistencyProof(fromSize: oldSize, toSize: head.size))
            #expect(checkpoint.treeHead == head)
            // Persisted and restored between checks.
            checkpoint = try JSONDecoder().decode(TreeHeadCheckpoint.self, from: JSONEncoder().encode(checkpoint))
        }
        #expect(checkpoint.treeHead?.size == 3 + 210)
    }

    @Test func theSameHeadAgainNeedsNoProof() async throws {
        let log = try await Self.log(7)
        var checkpoint = TreeHeadCheckpoint(trusting: log.treeHead())
        try checkpoint.advance(to: log.treeHead(), proof: nil)
        try checkpoint.advance(to: log.treeHead(), proof: ConsistencyProof(oldSize: 7, newSize: 7, hashes: []))
        let extra = ConsistencyProof(oldSize: 7, newSize: 7, hashes: [MerkleHash.emptyTree])
        #expect(AuditTestSupport.errorCode { try checkpoint.advance(to: log.treeHead(), proof: extra) } == .malformedProof)
    }

    @Test func growthWithoutAProofOrWithTheWrongProofIsRefused() async throws {
        let log = try await Self.log(10)
        let start = log.treeHead()
        var checkpoint = TreeHeadCheckpoint(trusting: start)
        _ = try await log.append(try AuditLogTests.entry(10))
        let head = log.treeHead()
        #expect(AuditTestSupport.errorCode { try checkpoint.advance(to: head, proof: nil) } == .malformedProof)
        let fromElsewhere = try log.consistencyProof(fromSize: 9, toSize: 11)
        #expect(AuditTestSupport.errorCode { try checkpoint.advance(to: head, proof: fromElsewhere) } == .invalidTreeSize)
        #expect(checkpoint.treeHead == start)
        try checkpoint.advance(to: head, proof: try log.consistencyProof(fromSize: 10))
        #expect(checkpoint.treeHead == head)
    }

    @Test func aRolledBackLogIsRefused() async throws {
        let log = try await Self.log(12)
        var checkpoint = TreeHeadCheckpoint(trusting: log.treeHead())
        let older = TreeHead(size: 11, rootHash: try log.rootHash(atSize: 11), timestampMilliseconds: 0)
        let error = #expect(throws: AuditError.self) { try checkpoint.advance(to: older, proof: nil) }
        #expect(error?.code == .rollback)
        #expect(checkpoint.treeHead?.size == 12)
    }

    @Test func aForkedLogIsRefused() async throws {
        let honest = try await Self.log(12, tag: "honest")
        var checkpoint = TreeHeadCheckpoint(trusting: honest.treeHead())
        // The same first 11 entries, then a different twelfth: rewritten history.
        let forked = AuditLog()
        for number in 0..<11 { _ = try await forked.append(try AuditLogTests.entry(number, actor: "svc-honest")) }
        _ = try await forked.append(try AuditLogTests.entry(11, actor: "svc-attacker"))
        #expect(AuditTestSupport.errorCode { try checkpoint.advance(to: forked.treeHead(), proof: nil) } == .fork)
        // Grown further, the fork still cannot prove it extends the checked head.
        for number in 12..<20 { _ = try await forked.append(try AuditLogTests.entry(number)) }
        let proof = try forked.consistencyProof(fromSize: 12)
        #expect(AuditTestSupport.errorCode { try checkpoint.advance(to: forked.treeHead(), proof: proof) } == .fork)
        #expect(checkpoint.treeHead?.rootHash == honest.treeHead().rootHash)
    }

    @Test func signedHeadsAreCheckedBeforeConsistency() async throws {
        let signer = try HMACTreeHeadSigner(keyID: "k1", key: [UInt8](repeating: 7, count: 32))
        let log = AuditLog(signer: signer)
        _ = try await log.append(try AuditLogTests.entry(0))
        var checkpoint = TreeHeadCheckpoint()
        try checkpoint.advance(to: try await log.signedTreeHead(), proof: nil, verifier: signer)
        _ = try await log.append(try AuditLogTests.entry(1))
        let signed = try await log.signedTreeHead()
        let proof = try log.consistencyProof(fromSize: 1)
        let forged = SignedTreeHead(treeHead: signed.treeHead, keyID: "k1", signature: [UInt8](repeating: 0, count: 32))
        let error = #expect(throws: AuditError.self) { try checkpoint.advance(to: forged, proof: proof, verifier: signer) }
        #expect(error?.code == .invalidSignature)
        #expect(checkpoint.treeHead?.size == 1)
        try checkpoint.advance(to: signed, proof: proof, verifier: signer)
        #expect(checkpoint.treeHead?.size == 2)
    }

    @Test func anEmptyFirstHeadTrustsTheNextOne() async throws {
        let log = AuditLog()
        var checkpoint = TreeHeadCheckpoint()
        try checkpoint.advance(to: log.treeHead(), proof: nil)
        #expect(checkpoint.requiredProofOldSize == nil)
        _ = try await log.append(try AuditLogTests.entry(0))
        try checkpoint.advance(to: log.treeHead(), proof: nil)
        #expect(checkpoint.requiredProofOldSize == 1)
    }
}
