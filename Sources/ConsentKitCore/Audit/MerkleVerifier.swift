import ConsentKitCrypto

/// Offline verification of RFC 9162 inclusion and consistency proofs.
///
/// Every check takes only hashes and sizes, never the log or its store, so a
/// customer holding a receipt, an auditor holding a tree head, or a monitor in
/// another process can run it without trusting the party that produced the
/// proof. The algorithms are those of RFC 9162 §2.1.3.2 and §2.1.4.2, in the
/// decomposition used by transparency-dev/merkle, and are checked against that
/// project's vectors.
///
/// Every rejection is an ``AuditError``:
/// - `.invalidHash`: a hash that is not 32 bytes (byte-level entry points);
/// - `.indexOutOfRange`: a leaf index not below the tree size;
/// - `.invalidTreeSize`: a consistency proof from size 0, or an old size above the new one;
/// - `.malformedProof`: too many or too few proof hashes for the sizes;
/// - `.verificationFailed`: a well-formed proof that does not reproduce the root(s).
///
/// Cost: for inclusion one node hash (two SHA-256 compressions) per proof
/// hash, at most ⌈log₂ size⌉; for consistency up to two per proof hash, since
/// both roots are rebuilt. The typed entry points do not allocate.
public enum MerkleVerifier {
    // MARK: Inclusion

    /// The root that `proof` and `leafHash` imply for a tree of `treeSize`
    /// leaves with the leaf at `index` (RFC 9162 §2.1.3.2).
    ///
    /// Compare the result with a trusted root, or use
    /// ``verifyInclusion(leafHash:index:treeSize:proof:rootHash:)``.
    /// - Throws: ``AuditError`` `.indexOutOfRange` when `index >= treeSize`,
    ///   `.malformedProof` when `proof` has the wrong number of hashes.
    public static func rootFromInclusionProof(
        leafHash: MerkleHash,
        index: UInt64,
        treeSize: UInt64,
        proof: [MerkleHash]
    ) throws(AuditError) -> MerkleHash {
        guard index < treeSize else { throw .indexOutOfRange("leaf index", index, size: treeSize) }
        let (inner, border) = decomposeInclusionProof(index: index, size: treeSize)
        guard proof.count == inner + border else {
            throw .malformedProof("inclusion proof", count: proof.count, expected: inner + border)
        }
        var hash = chainInner(leafHash, proof[..<inner], index: index)
        hash = chainBorderRight(hash, proof[inner...])
        return hash
    }

    /// Checks that the leaf `leafHash` sits at `index` in the tree of
    /// `treeSize` leaves whose root is `rootHash`.
    /// - Throws: ``AuditError`` `.indexOutOfRange`, `.malformedProof`, or
    ///   `.verificationFailed` when the proof leads to another root.
    public static func verifyInclusion(
        leafHash: MerkleHash,
        index: UInt64,
        treeSize: UInt64,
        proof: [MerkleHash],
        rootHash: MerkleHash
    ) throws(AuditError) {
        let computed = try rootFromInclusionProof(leafHash: leafHash, index: index, treeSize: treeSize, proof: proof)
        guard computed == rootHash else {
            throw .verificationFailed(
                "inclusion proof for leaf \(index) of \(treeSize) leads to root \(computed), expected \(rootHash)")
        }
    }

    /// ``verifyInclusion(leafHash:index:treeSize:proof:rootHash:)`` over raw
    /// bytes as they arrive from a receipt or the wire.
    /// - Throws: ``AuditError`` `.invalidHash` for any hash that is not 32
    ///   bytes, otherwise as the typed version.
    public static func verifyInclusion(
        leafHashBytes: [UInt8],
        index: UInt64,
        treeSize: UInt64,
        proofBytes: [[UInt8]],
        rootHashBytes: [UInt8]
    ) throws(AuditError) {
        let leafHash = try hash(leafHashBytes, "leaf hash")
        let rootHash = try hash(rootHashBytes, "root hash")
        var proof: [MerkleHash] = []
        proof.reserveCapacity(proofBytes.count)
        for (position, bytes) in proofBytes.enumerated() {
            proof.append(try hash(bytes, "inclusion proof hash \(position)"))
        }
        try verifyInclusion(leafHash: leafHash, index: index, treeSize: treeSize, proof: proof, rootHash: rootHash)
    }

    // MARK: Consistency

    /// Checks that the tree of `newSize` leaves with root `newRoot` extends the
    /// tree of `oldSize` leaves with root `oldRoot`: the log only grew, nothing
    /// before `oldSize` was changed, removed or reordered (RFC 9162 §2.1.4.2).
    ///
    /// Edge rules: a proof from size 0 is rejected (it proves nothing); equal
    /// sizes need an empty proof and equal roots.
    /// - Throws: ``AuditError`` `.invalidTreeSize` for `oldSize == 0` or
    ///   `oldSize > newSize`, `.malformedProof` for a proof of the wrong
    ///   length, `.verificationFailed` when either root is not reproduced.
    public static func verifyConsistency(
        oldSize: UInt64,
        newSize: UInt64,
        oldRoot: MerkleHash,
        newRoot: MerkleHash,
        proof: [MerkleHash]
    ) throws(AuditError) {
        try checkSizes(oldSize: oldSize, newSize: newSize, proofCount: proof.count)
        if oldSize == newSize {
            guard oldRoot == newRoot else {
                throw .verificationFailed("trees of equal size \(oldSize) have different roots \(oldRoot) and \(newRoot)")
            }
            return
        }
        try verifyGrowth(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: proof)
    }

    /// ``verifyConsistency(oldSize:newSize:oldRoot:newRoot:proof:)`` over raw
    /// bytes as they arrive from a monitor's state or the wire.
    ///
    /// When the sizes are equal no hash is computed, so the roots are compared
    /// as opaque byte strings (as RFC 9162 and transparency-dev/merkle do);
    /// otherwise every root and proof hash must be 32 bytes.
    /// - Throws: ``AuditError`` `.invalidHash` for a hash that is not 32
    ///   bytes, otherwise as the typed version.
    public static func verifyConsistency(
        oldSize: UInt64,
        newSize: UInt64,
        oldRootBytes: [UInt8],
        newRootBytes: [UInt8],
        proofBytes: [[UInt8]]
    ) throws(AuditError) {
        try checkSizes(oldSize: oldSize, newSize: newSize, proofCount: proofBytes.count)
        if oldSize == newSize {
            guard ConstantTime.equals(oldRootBytes, newRootBytes) else {
                throw .verificationFailed("trees of equal size \(oldSize) have different roots")
            }
            return
        }
        let oldRoot = try hash(oldRootBytes, "old root")
        let newRoot = try hash(newRootBytes, "new root")
        var proof: [MerkleHash] = []
        proof.reserveCapacity(proofBytes.count)
        for (position, bytes) in proofBytes.enumerated() {
            proof.append(try hash(bytes, "consistency proof hash \(position)"))
        }
        try verifyGrowth(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: proof)
    }

    // MARK: Shared steps

    /// The number of proof hashes below the point where the leaf's path meets
    /// the right border of the tree (`inner`), and above it (`border`).
    static func decomposeInclusionProof(index: UInt64, size: UInt64) -> (inner: Int, border: Int) {
        let inner = UInt64.bitWidth - (index ^ (size - 1)).leadingZeroBitCount
        let border = (index >> UInt64(inner)).nonzeroBitCount
        return (inner, border)
    }

    private static func checkSizes(oldSize: UInt64, newSize: UInt64, proofCount: Int) throws(AuditError) {
        guard oldSize > 0 else {
            throw .invalidTreeSize("a consistency proof from size 0 proves nothing and is rejected (new size \(newSize))")
        }
        guard oldSize <= newSize else {
            throw .invalidTreeSize("old size \(oldSize) is larger than new size \(newSize): the log shrank")
        }
        if oldSize == newSize, proofCount != 0 {
            throw .malformedProof("consistency proof between equal sizes \(oldSize)", count: proofCount, expected: 0)
        }
    }

    /// RFC 9162 §2.1.4.2 for 0 < oldSize < newSize.
    private static func verifyGrowth(
        oldSize: UInt64,
        newSize: UInt64,
        oldRoot: MerkleHash,
        newRoot: MerkleHash,
        proof: [MerkleHash]
    ) throws(AuditError) {
        guard !proof.isEmpty else {
            throw .malformedProof("consistency proof from \(oldSize) to \(newSize)", count: 0, expected: 1)
        }
        var (inner, border) = decomposeInclusionProof(index: oldSize - 1, size: newSize)
        let shift = oldSize.trailingZeroBitCount
        inner -= shift  // shift < inner whenever oldSize < newSize

        // The proof starts with the root of the subtree of size 2^shift that
        // ends at oldSize, unless oldSize is that power of two itself: then the
        // old root is that subtree and the verifier already holds it.
        let seed: MerkleHash
        let start: Int
        if oldSize == UInt64(1) << UInt64(shift) {
            seed = oldRoot
            start = 0
        } else {
            seed = proof[0]
            start = 1
        }
        guard proof.count == start + inner + border else {
            throw .malformedProof(
                "consistency proof from \(oldSize) to \(newSize)", count: proof.count, expected: start + inner + border)
        }
        let path = proof[start...]
        let innerPath = path.prefix(inner)
        let borderPath = path.dropFirst(inner)
        let mask = (oldSize - 1) >> UInt64(shift)

        var oldHash = chainInnerRight(seed, innerPath, index: mask)
        oldHash = chainBorderRight(oldHash, borderPath)
        guard oldHash == oldRoot else {
            throw .verificationFailed(
                "consistency proof from \(oldSize) to \(newSize) leads to old root \(oldHash), expected \(oldRoot)")
        }
        var newHash = chainInner(seed, innerPath, index: mask)
        newHash = chainBorderRight(newHash, borderPath)
        guard newHash == newRoot else {
            throw .verificationFailed(
                "consistency proof from \(oldSize) to \(newSize) leads to new root \(newHash), expected \(newRoot)")
        }
    }

    /// Hashes `seed` up through the inner path; bit `i` of `index` says whether
    /// the node at level `i` is a right child.
    private static func chainInner(_ seed: MerkleHash, _ proof: ArraySlice<MerkleHash>, index: UInt64) -> MerkleHash {
        var hash = seed
        for (level, sibling) in proof.enumerated() {
            if (index >> UInt64(level)) & 1 == 0 {
                hash = MerkleHash.node(hash, sibling)
            } else {
                hash = MerkleHash.node(sibling, hash)
            }
        }
        return hash
    }

    /// Like `chainInner` but only through the left siblings,
    /// which reconstructs the root of the older, smaller tree.
    private static func chainInnerRight(_ seed: MerkleHash, _ proof: ArraySlice<MerkleHash>, index: UInt64) -> MerkleHash {
        var hash = seed
        for (level, sibling) in proof.enumerated() where (index >> UInt64(level)) & 1 == 1 {
            hash = MerkleHash.node(sibling, hash)
        }
        return hash
    }

    /// Hashes `seed` up the right border of the tree: every sibling is on the left.
    private static func chainBorderRight(_ seed: MerkleHash, _ proof: ArraySlice<MerkleHash>) -> MerkleHash {
        var hash = seed
        for sibling in proof {
            hash = MerkleHash.node(sibling, hash)
        }
        return hash
    }

    private static func hash(_ bytes: [UInt8], _ what: String) throws(AuditError) -> MerkleHash {
        guard bytes.count == MerkleHash.byteCount else { throw .invalidHash(what, byteCount: bytes.count) }
        return try MerkleHash(bytes: bytes)
    }
}
