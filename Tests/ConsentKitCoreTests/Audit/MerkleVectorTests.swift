import ConsentKitCore
import Testing

/// The transparency-dev/merkle RFC 6962 vectors: hashing, roots of trees of
/// size 0...8, and every inclusion and consistency case (valid ones verify,
/// every invalid one is rejected with a typed error).
@Suite("Merkle: transparency-dev vectors")
struct MerkleVectorTests {
    static let vectors = MerkleVectors.shared

    @Test func emptyTreeRoot() throws {
        #expect(MerkleHash.emptyTree.hexString == Self.vectors.hash.empty_tree_root)
        #expect(MerkleTree().rootHash.hexString == Self.vectors.hash.empty_tree_root)
    }

    @Test func hasherVectors() {
        #expect(Self.vectors.hasher_vectors.count == 3)
        for vector in Self.vectors.hasher_vectors {
            switch vector.kind {
            case "leaf":
                let input = AuditTestSupport.bytes(hex: vector.input_hex ?? "")
                #expect(MerkleHash.leaf(input).hexString == vector.want)
            case "node":
                let left = AuditTestSupport.bytes(hex: vector.left_hex ?? "")
                let right = AuditTestSupport.bytes(hex: vector.right_hex ?? "")
                #expect(MerkleHash.node(rawLeft: left, rawRight: right).hexString == vector.want)
            default:
                Issue.record("unknown hasher vector kind \(vector.kind)")
            }
        }
    }

    @Test("roots_by_size for sizes 0...8", arguments: 0...8)
    func rootsBySize(_ size: Int) throws {
        let tree = MerkleTree(leafHashes: Self.vectors.leafInputs.prefix(size).map { MerkleHash.leaf($0) })
        #expect(tree.rootHash.hexString == Self.vectors.tree.roots_by_size[size])
        // The same roots from the full tree's history.
        let full = MerkleTree(leafHashes: Self.vectors.leafInputs.map { MerkleHash.leaf($0) })
        #expect(try full.rootHash(atSize: UInt64(size)).hexString == Self.vectors.tree.roots_by_size[size])
    }

    @Test func nodeHashesByLevel() throws {
        let tree = MerkleTree(leafHashes: Self.vectors.leafInputs.map { MerkleHash.leaf($0) })
        // Level k, node i covers leaves [i·2^k, (i+1)·2^k): its hash is the
        // root of that range, which an inclusion-free subtree root gives.
        for (level, hashes) in Self.vectors.tree.node_hashes_by_level.enumerated() {
            for (index, hash) in hashes.enumerated() {
                let width = 1 << level
                let leaves = Self.vectors.leafInputs[(index * width)..<((index + 1) * width)]
                let subtree = MerkleTree(leafHashes: leaves.map { MerkleHash.leaf($0) })
                #expect(subtree.rootHash.hexString == hash, "level \(level) node \(index)")
            }
        }
        #expect(tree.size == 8)
    }

    @Test func everyProofInTreesOfSize1To8VerifiesAgainstTheOfficialRoots() throws {
        let leaves = Self.vectors.leafInputs.map { MerkleHash.leaf($0) }
        let tree = MerkleTree(leafHashes: leaves)
        let roots = try Self.vectors.tree.roots_by_size.map { try MerkleHash(hex: $0) }
        var inclusion = 0
        var consistency = 0
        for size in UInt64(1)...8 {
            for index in 0..<size {
                let proof = try tree.inclusionProof(forLeafAt: index, treeSize: size)
                try proof.verify(leafHash: leaves[Int(index)], rootHash: roots[Int(size)])
                inclusion += 1
            }
            for oldSize in UInt64(1)...size {
                let proof = try tree.consistencyProof(fromSize: oldSize, toSize: size)
                try proof.verify(oldRoot: roots[Int(oldSize)], newRoot: roots[Int(size)])
                consistency += 1
            }
        }
        #expect(inclusion == 36)
        #expect(consistency == 36)
    }

    // MARK: Inclusion

    @Test func inclusionCaseCounts() {
        let cases = Self.vectors.inclusion
        #expect(cases.count == 98)
        #expect(cases.filter { !$0.wantErr }.count == 6)
        #expect(cases.filter(\.wantErr).count == 92)
    }

    @Test(arguments: MerkleVectors.shared.inclusion)
    func inclusion(_ vector: MerkleVectors.InclusionCase) {
        let check = {
            try MerkleVerifier.verifyInclusion(
                leafHashBytes: AuditTestSupport.bytes(hex: vector.leafHash),
                index: vector.leafIdx,
                treeSize: vector.treeSize,
                proofBytes: vector.proof.map(AuditTestSupport.bytes(hex:)),
                rootHashBytes: AuditTestSupport.bytes(hex: vector.root))
        }
        if vector.wantErr {
            #expect(throws: AuditError.self, "\(vector.desc)") { try check() }
        } else {
            #expect(throws: Never.self, "\(vector.desc)") { try check() }
        }
    }

    @Test func everyInclusionCaseIsDecidedAsExpected() {
        var accepted = 0
        var rejected = 0
        for vector in Self.vectors.inclusion {
            do {
                try MerkleVerifier.verifyInclusion(
                    leafHashBytes: AuditTestSupport.bytes(hex: vector.leafHash), index: vector.leafIdx,
                    treeSize: vector.treeSize, proofBytes: vector.proof.map(AuditTestSupport.bytes(hex:)),
                    rootHashBytes: AuditTestSupport.bytes(hex: vector.root))
                accepted += 1
                #expect(!vector.wantErr, "\(vector.file) was accepted")
            } catch {
                rejected += 1
                #expect(vector.wantErr, "\(vector.file) was rejected: \(error)")
            }
        }
        #expect(accepted == 6)
        #expect(rejected == 92)
    }

    @Test func validInclusionProofsAreTheOnesTheTreeProduces() throws {
        let tree = MerkleTree(leafHashes: Self.vectors.leafInputs.map { MerkleHash.leaf($0) })
        let valid = Self.vectors.inclusion.filter { !$0.wantErr && $0.treeSize <= 8 }
        #expect(valid.count == 6)
        var compared = 0
        for vector in valid {
            let leaf = try MerkleHash(hex: vector.leafHash)
            // Only cases built on the shared 8-leaf tree (their leaf is one of its leaves).
            guard try tree.leafHash(at: vector.leafIdx) == leaf,
                try tree.rootHash(atSize: vector.treeSize).hexString == vector.root
            else { continue }
            let proof = try tree.inclusionProof(forLeafAt: vector.leafIdx, treeSize: vector.treeSize)
            #expect(proof.hashes.map(\.hexString) == vector.proof, "\(vector.file)")
            compared += 1
        }
        #expect(compared >= 5)
    }

    // MARK: Consistency

    @Test func consistencyCaseCounts() {
        let cases = Self.vectors.consistency
        #expect(cases.count == 98)
        #expect(cases.filter { !$0.wantErr }.count == 6)
        #expect(cases.filter(\.wantErr).count == 92)
    }

    @Test(arguments: MerkleVectors.shared.consistency)
    func consistency(_ vector: MerkleVectors.ConsistencyCase) {
        let check = {
            try MerkleVerifier.verifyConsistency(
                oldSize: vector.size1, newSize: vector.size2,
                oldRootBytes: AuditTestSupport.bytes(hex: vector.root1),
                newRootBytes: AuditTestSupport.bytes(hex: vector.root2),
                proofBytes: vector.proof.map(AuditTestSupport.bytes(hex:)))
        }
        if vector.wantErr {
            #expect(throws: AuditError.self, "\(vector.desc)") { try check() }
        } else {
            #expect(throws: Never.self, "\(vector.desc)") { try check() }
        }
    }

    @Test func everyConsistencyCaseIsDecidedAsExpected() {
        var accepted = 0
        var rejected = 0
        for vector in Self.vectors.consistency {
            do {
                try MerkleVerifier.verifyConsistency(
                    oldSize: vector.size1, newSize: vector.size2,
                    oldRootBytes: AuditTestSupport.bytes(hex: vector.root1),
                    newRootBytes: AuditTestSupport.bytes(hex: vector.root2),
                    proofBytes: vector.proof.map(AuditTestSupport.bytes(hex:)))
                accepted += 1
                #expect(!vector.wantErr, "\(vector.file) was accepted")
            } catch {
                rejected += 1
                #expect(vector.wantErr, "\(vector.file) was rejected: \(error)")
            }
        }
        #expect(accepted == 6)
        #expect(rejected == 92)
    }

    @Test func validConsistencyProofsAreTheOnesTheTreeProduces() throws {
        let tree = MerkleTree(leafHashes: Self.vectors.leafInputs.map { MerkleHash.leaf($0) })
        var compared = 0
        for vector in Self.vectors.consistency where !vector.wantErr && vector.size1 > 0 && vector.size2 <= 8 {
            guard try tree.rootHash(atSize: vector.size1).hexString == vector.root1,
                try tree.rootHash(atSize: vector.size2).hexString == vector.root2
            else { continue }
            let proof = try tree.consistencyProof(fromSize: vector.size1, toSize: vector.size2)
            #expect(proof.hashes.map(\.hexString) == vector.proof, "\(vector.file)")
            compared += 1
        }
        #expect(compared >= 5)
    }
}
