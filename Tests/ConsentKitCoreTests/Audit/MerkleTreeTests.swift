import ConsentKitCore
import Testing

/// The incremental tree against RFC 9162's recursive definitions, and the
/// offline verifiers against every proof the tree produces.
@Suite("Merkle: tree and proofs")
struct MerkleTreeTests {
    /// RFC 9162 §2.1.1–§2.1.4 written as the RFC writes them: recursive, slow,
    /// obviously right. Only for sizes the vectors do not reach.
    enum Reference {
        static func mth(_ leaves: ArraySlice<MerkleHash>) -> MerkleHash {
            if leaves.isEmpty { return MerkleHash.emptyTree }
            if leaves.count == 1, let only = leaves.first { return only }
            let k = split(leaves.count)
            let start = leaves.startIndex
            return MerkleHash.node(mth(leaves[start..<(start + k)]), mth(leaves[(start + k)...]))
        }

        static func path(_ m: Int, _ leaves: ArraySlice<MerkleHash>) -> [MerkleHash] {
            if leaves.count <= 1 { return [] }
            let k = split(leaves.count)
            let start = leaves.startIndex
            if m < k {
                return path(m, leaves[start..<(start + k)]) + [mth(leaves[(start + k)...])]
            }
            return path(m - k, leaves[(start + k)...]) + [mth(leaves[start..<(start + k)])]
        }

        static func proof(_ m: Int, _ leaves: ArraySlice<MerkleHash>) -> [MerkleHash] {
            subproof(m, leaves, true)
        }

        private static func subproof(_ m: Int, _ leaves: ArraySlice<MerkleHash>, _ b: Bool) -> [MerkleHash] {
            let n = leaves.count
            if m == n { return b ? [] : [mth(leaves)] }
            let k = split(n)
            let start = leaves.startIndex
            if m <= k {
                return subproof(m, leaves[start..<(start + k)], b) + [mth(leaves[(start + k)...])]
            }
            return subproof(m - k, leaves[(start + k)...], false) + [mth(leaves[start..<(start + k)])]
        }

        /// The largest power of two smaller than n (n ≥ 2).
        private static func split(_ n: Int) -> Int {
            var k = 1
            while k << 1 < n { k <<= 1 }
            return k
        }
    }

    static func leaves(_ count: Int, seed: UInt8 = 0) -> [MerkleHash] {
        (0..<count).map { MerkleHash.leaf([seed, UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)]) }
    }

    // MARK: Against the RFC definitions

    @Test("roots for sizes 1...70 and a few larger sizes", arguments: Array(1...70) + [127, 128, 129, 255, 256, 257, 1000])
    func rootsMatchTheDefinition(_ size: Int) throws {
        let leaves = Self.leaves(size)
        let tree = MerkleTree(leafHashes: leaves)
        #expect(tree.size == UInt64(size))
        #expect(tree.rootHash == Reference.mth(leaves[...]))
    }

    @Test func rootsOfEveryEarlierSizeMatchTheDefinition() throws {
        let leaves = Self.leaves(100)
        let tree = MerkleTree(leafHashes: leaves)
        for size in 0...100 {
            #expect(try tree.rootHash(atSize: UInt64(size)) == Reference.mth(leaves[..<size]), "size \(size)")
        }
    }

    @Test func inclusionProofsMatchTheDefinitionUpTo33() throws {
        let leaves = Self.leaves(33)
        let tree = MerkleTree(leafHashes: leaves)
        for size in 1...33 {
            for index in 0..<size {
                let proof = try tree.inclusionProof(forLeafAt: UInt64(index), treeSize: UInt64(size))
                #expect(proof.hashes == Reference.path(index, leaves[..<size]), "leaf \(index) of \(size)")
            }
        }
    }

    @Test func consistencyProofsMatchTheDefinitionUpTo33() throws {
        let leaves = Self.leaves(33)
        let tree = MerkleTree(leafHashes: leaves)
        for newSize in 1...33 {
            for oldSize in 1...newSize {
                let proof = try tree.consistencyProof(fromSize: UInt64(oldSize), toSize: UInt64(newSize))
                let expected = oldSize == newSize ? [] : Reference.proof(oldSize, leaves[..<newSize])
                #expect(proof.hashes == expected, "\(oldSize) → \(newSize)")
            }
        }
    }

    // MARK: Properties

    @Test func everyInclusionProofOfAThousandEntryLogVerifies() throws {
        let leaves = Self.leaves(1000, seed: 7)
        let tree = MerkleTree(leafHashes: leaves)
        let root = tree.rootHash
        for (index, leaf) in leaves.enumerated() {
            let proof = try tree.inclusionProof(forLeafAt: UInt64(index))
            #expect(throws: Never.self, "leaf \(index)") { try proof.verify(leafHash: leaf, rootHash: root) }
            #expect(proof.hashes.count <= 10)
        }
    }

    @Test func everyConsistencyProofBetweenSizesUpTo64Verifies() throws {
        let tree = MerkleTree(leafHashes: Self.leaves(64, seed: 3))
        var checked = 0
        for newSize in UInt64(1)...64 {
            let newRoot = try tree.rootHash(atSize: newSize)
            for oldSize in UInt64(1)...newSize {
                let proof = try tree.consistencyProof(fromSize: oldSize, toSize: newSize)
                let oldRoot = try tree.rootHash(atSize: oldSize)
                #expect(throws: Never.self, "\(oldSize) → \(newSize)") {
                    try proof.verify(oldRoot: oldRoot, newRoot: newRoot)
                }
                checked += 1
            }
        }
        #expect(checked == 64 * 65 / 2)
    }

    @Test("a single flipped bit in an inclusion proof, its root or its leaf fails", arguments: [(5, 13), (12, 13), (0, 16), (31, 32)])
    func inclusionBitFlipsAreDetected(_ index: Int, _ size: Int) throws {
        let leaves = Self.leaves(size, seed: 9)
        let tree = MerkleTree(leafHashes: leaves)
        let proof = try tree.inclusionProof(forLeafAt: UInt64(index))
        let root = tree.rootHash.bytes
        let leaf = leaves[index].bytes
        let hashes = proof.hashes.map(\.bytes)
        var flips = 0
        func expectRejected(leaf: [UInt8], proof: [[UInt8]], root: [UInt8], _ what: String) {
            flips += 1
            #expect(throws: AuditError.self, "\(what)") {
                try MerkleVerifier.verifyInclusion(
                    leafHashBytes: leaf, index: UInt64(index), treeSize: UInt64(size), proofBytes: proof, rootHashBytes: root)
            }
        }
        for bit in 0..<256 {
            expectRejected(leaf: leaf, proof: hashes, root: AuditTestSupport.flipping(root, bit: bit), "root bit \(bit)")
            expectRejected(leaf: AuditTestSupport.flipping(leaf, bit: bit), proof: hashes, root: root, "leaf bit \(bit)")
            for position in hashes.indices {
                var flipped = hashes
                flipped[position] = AuditTestSupport.flipping(flipped[position], bit: bit)
                expectRejected(leaf: leaf, proof: flipped, root: root, "proof[\(position)] bit \(bit)")
            }
        }
        #expect(flips == 256 * (2 + hashes.count))
        // And the untouched proof still verifies.
        try MerkleVerifier.verifyInclusion(
            leafHashBytes: leaf, index: UInt64(index), treeSize: UInt64(size), proofBytes: hashes, rootHashBytes: root)
    }

    @Test("a single flipped bit in a consistency proof or either root fails", arguments: [(6, 13), (8, 13), (1, 2), (7, 64)])
    func consistencyBitFlipsAreDetected(_ oldSize: Int, _ newSize: Int) throws {
        let tree = MerkleTree(leafHashes: Self.leaves(newSize, seed: 4))
        let proof = try tree.consistencyProof(fromSize: UInt64(oldSize)).hashes.map(\.bytes)
        let oldRoot = try tree.rootHash(atSize: UInt64(oldSize)).bytes
        let newRoot = tree.rootHash.bytes
        func check(_ old: [UInt8], _ new: [UInt8], _ proof: [[UInt8]]) throws {
            try MerkleVerifier.verifyConsistency(
                oldSize: UInt64(oldSize), newSize: UInt64(newSize), oldRootBytes: old, newRootBytes: new, proofBytes: proof)
        }
        try check(oldRoot, newRoot, proof)
        for bit in 0..<256 {
            #expect(throws: AuditError.self) { try check(AuditTestSupport.flipping(oldRoot, bit: bit), newRoot, proof) }
            #expect(throws: AuditError.self) { try check(oldRoot, AuditTestSupport.flipping(newRoot, bit: bit), proof) }
            for position in proof.indices {
                var flipped = proof
                flipped[position] = AuditTestSupport.flipping(flipped[position], bit: bit)
                #expect(throws: AuditError.self, "proof[\(position)] bit \(bit)") { try check(oldRoot, newRoot, flipped) }
            }
        }
    }

    // MARK: Bad input

    @Test func outOfRangeRequestsThrowTypedErrors() throws {
        let tree = MerkleTree(leafHashes: Self.leaves(10))
        #expect(throws: AuditError.self) { try tree.inclusionProof(forLeafAt: 10) }
        #expect(throws: AuditError.self) { try tree.inclusionProof(forLeafAt: 3, treeSize: 3) }
        #expect(throws: AuditError.self) { try tree.inclusionProof(forLeafAt: 0, treeSize: 11) }
        #expect(throws: AuditError.self) { try tree.inclusionProof(forLeafAt: .max) }
        #expect(throws: AuditError.self) { try tree.consistencyProof(fromSize: 0, toSize: 5) }
        #expect(throws: AuditError.self) { try tree.consistencyProof(fromSize: 6, toSize: 5) }
        #expect(throws: AuditError.self) { try tree.consistencyProof(fromSize: 5, toSize: 11) }
        #expect(throws: AuditError.self) { try tree.rootHash(atSize: 11) }
        #expect(throws: AuditError.self) { try tree.leafHash(at: 10) }
        #expect(throws: AuditError.self) { try tree.leafHashes(in: 5..<11) }
        #expect(try tree.consistencyProof(fromSize: 10).hashes.isEmpty)

        let error = try #require(throws: AuditError.self) { try tree.inclusionProof(forLeafAt: 10) }
        #expect(error.code == .indexOutOfRange)
        #expect(error.message.contains("10"))
    }

    @Test func verifierRejectsMismatchedSizesAndProofLengths() throws {
        let leaves = Self.leaves(13)
        let tree = MerkleTree(leafHashes: leaves)
        let root = tree.rootHash
        let proof = try tree.inclusionProof(forLeafAt: 6)

        let code = AuditTestSupport.errorCode
        #expect(code { try proof.verify(leafHash: leaves[6], rootHash: root) } == nil)
        #expect(code { try proof.verify(leafHash: leaves[5], rootHash: root) } == .verificationFailed)
        let longer = InclusionProof(leafIndex: 6, treeSize: 13, hashes: proof.hashes + [root])
        #expect(code { try longer.verify(leafHash: leaves[6], rootHash: root) } == .malformedProof)
        let shorter = InclusionProof(leafIndex: 6, treeSize: 13, hashes: Array(proof.hashes.dropLast()))
        #expect(code { try shorter.verify(leafHash: leaves[6], rootHash: root) } == .malformedProof)
        // The claimed size fixes the proof's shape; a size with another shape fails.
        // (Sizes 9...16 share leaf 6's shape: the head, which is signed, binds the size.)
        let otherSize = InclusionProof(leafIndex: 6, treeSize: 7, hashes: proof.hashes)
        #expect(code { try otherSize.verify(leafHash: leaves[6], rootHash: root) } == .malformedProof)
        let beyond = InclusionProof(leafIndex: 13, treeSize: 13, hashes: proof.hashes)
        #expect(code { try beyond.verify(leafHash: leaves[6], rootHash: root) } == .indexOutOfRange)
        let head = TreeHead(size: 12, rootHash: root, timestampMilliseconds: 0)
        #expect(code { try proof.verify(leafHash: leaves[6], against: head) } == .invalidTreeSize)

        let consistency = try tree.consistencyProof(fromSize: 5)
        let oldRoot = try tree.rootHash(atSize: 5)
        #expect(code { try consistency.verify(oldRoot: oldRoot, newRoot: root) } == nil)
        #expect(code { try consistency.verify(oldRoot: root, newRoot: oldRoot) } == .verificationFailed)
        let fromZero = ConsistencyProof(oldSize: 0, newSize: 13, hashes: [])
        #expect(code { try fromZero.verify(oldRoot: MerkleHash.emptyTree, newRoot: root) } == .invalidTreeSize)
        let shrinking = ConsistencyProof(oldSize: 13, newSize: 5, hashes: consistency.hashes)
        #expect(code { try shrinking.verify(oldRoot: root, newRoot: oldRoot) } == .invalidTreeSize)
        let equalWithHashes = ConsistencyProof(oldSize: 13, newSize: 13, hashes: [root])
        #expect(code { try equalWithHashes.verify(oldRoot: root, newRoot: root) } == .malformedProof)
        let equal = ConsistencyProof(oldSize: 13, newSize: 13, hashes: [])
        #expect(code { try equal.verify(oldRoot: root, newRoot: root) } == nil)
        #expect(code { try equal.verify(oldRoot: root, newRoot: oldRoot) } == .verificationFailed)
        let empty = ConsistencyProof(oldSize: 5, newSize: 13, hashes: [])
        #expect(code { try empty.verify(oldRoot: oldRoot, newRoot: root) } == .malformedProof)
        let oldHead = TreeHead(size: 5, rootHash: oldRoot, timestampMilliseconds: 0)
        let wrongHead = TreeHead(size: 12, rootHash: root, timestampMilliseconds: 0)
        #expect(code { try consistency.verify(from: oldHead, to: wrongHead) } == .invalidTreeSize)
    }

    @Test func hashesRejectWrongLengthsAndRoundTripThroughCodable() throws {
        #expect(throws: AuditError.self) { try MerkleHash(bytes: [UInt8](repeating: 0, count: 31)) }
        #expect(throws: AuditError.self) { try MerkleHash(bytes: [UInt8](repeating: 0, count: 33)) }
        #expect(throws: AuditError.self) { try MerkleHash(hex: "zz") }
        let hash = MerkleHash.leaf([1, 2, 3])
        #expect(try MerkleHash(hex: hash.hexString) == hash)
        #expect(try MerkleHash(hex: hash.hexString.uppercased()) == hash)
        #expect(try MerkleHash(bytes: hash.bytes) == hash)

        let tree = MerkleTree(leafHashes: Self.leaves(9))
        let proof = try tree.inclusionProof(forLeafAt: 4)
        let data = try JSONEncoder().encode(proof)
        #expect(try JSONDecoder().decode(InclusionProof.self, from: data) == proof)
        let consistency = try tree.consistencyProof(fromSize: 3)
        #expect(try JSONDecoder().decode(ConsistencyProof.self, from: JSONEncoder().encode(consistency)) == consistency)
        let corrupt = Data(#"{"leafIndex":4,"treeSize":9,"hashes":["00"]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(InclusionProof.self, from: corrupt) }
    }
}

import Foundation
