/// Evidence that a log only grew between two sizes: the hashes that let a
/// verifier rebuild both roots from shared subtrees (RFC 9162 §2.1.4).
///
/// A verifier that trusted the head of size ``oldSize`` and checks this proof
/// against a new head of size ``newSize`` learns that the first ``oldSize``
/// entries are unchanged, in the same order, none removed. At most
/// ⌈log₂ newSize⌉ + 1 hashes; `Codable`.
public struct ConsistencyProof: Hashable, Sendable, Codable {
    /// The size of the older tree.
    public let oldSize: UInt64
    /// The size of the newer tree.
    public let newSize: UInt64
    /// The proof hashes in RFC 9162 order; empty when the sizes are equal.
    public let hashes: [MerkleHash]

    /// Wraps a proof received from elsewhere; nothing is checked until ``verify(oldRoot:newRoot:)``.
    public init(oldSize: UInt64, newSize: UInt64, hashes: [MerkleHash]) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.hashes = hashes
    }

    /// Checks the proof between the roots of the two trees.
    /// - Throws: ``AuditError`` `.invalidTreeSize` (from size 0, or shrinking),
    ///   `.malformedProof` or `.verificationFailed`.
    public func verify(oldRoot: MerkleHash, newRoot: MerkleHash) throws(AuditError) {
        try MerkleVerifier.verifyConsistency(
            oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: hashes)
    }

    /// Checks that `newHead` extends `oldHead`.
    /// - Throws: ``AuditError`` `.invalidTreeSize` when the heads' sizes are not
    ///   the proof's sizes, otherwise as ``verify(oldRoot:newRoot:)``.
    public func verify(from oldHead: TreeHead, to newHead: TreeHead) throws(AuditError) {
        guard oldHead.size == oldSize, newHead.size == newSize else {
            throw .invalidTreeSize(
                "consistency proof is from size \(oldSize) to \(newSize), the tree heads have sizes \(oldHead.size) and \(newHead.size)")
        }
        try verify(oldRoot: oldHead.rootHash, newRoot: newHead.rootHash)
    }
}
