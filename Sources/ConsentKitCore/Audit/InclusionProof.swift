/// Evidence that one entry is in a log: the sibling hashes on the path from
/// its leaf to the root of the tree of ``treeSize`` entries (RFC 9162 §2.1.3).
///
/// Anyone holding the entry (or its leaf hash) and a trusted ``TreeHead`` of
/// the same size can check it offline with ``verify(leafHash:against:)``; no
/// access to the log is needed. At most ⌈log₂ treeSize⌉ hashes.
/// `Codable`, so it can travel inside a consent receipt.
public struct InclusionProof: Hashable, Sendable, Codable {
    /// The index of the entry the proof is for.
    public let leafIndex: UInt64
    /// The size of the tree the proof leads to the root of.
    public let treeSize: UInt64
    /// The audit path, from the leaf's sibling up to the child of the root.
    public let hashes: [MerkleHash]

    /// Wraps a proof received from elsewhere; nothing is checked until ``verify(leafHash:rootHash:)``.
    public init(leafIndex: UInt64, treeSize: UInt64, hashes: [MerkleHash]) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.hashes = hashes
    }

    /// The root this proof implies for `leafHash`.
    /// - Throws: ``AuditError`` `.indexOutOfRange` or `.malformedProof`.
    public func rootHash(forLeafHash leafHash: MerkleHash) throws(AuditError) -> MerkleHash {
        try MerkleVerifier.rootFromInclusionProof(leafHash: leafHash, index: leafIndex, treeSize: treeSize, proof: hashes)
    }

    /// Checks that `leafHash` is entry ``leafIndex`` of the tree with root `rootHash`.
    /// - Throws: ``AuditError`` `.indexOutOfRange`, `.malformedProof` or `.verificationFailed`.
    public func verify(leafHash: MerkleHash, rootHash: MerkleHash) throws(AuditError) {
        try MerkleVerifier.verifyInclusion(
            leafHash: leafHash, index: leafIndex, treeSize: treeSize, proof: hashes, rootHash: rootHash)
    }

    /// Checks that `leafHash` is entry ``leafIndex`` of the log described by `head`.
    /// - Throws: ``AuditError`` `.invalidTreeSize` when the proof is for
    ///   another tree size than `head`, otherwise as ``verify(leafHash:rootHash:)``.
    public func verify(leafHash: MerkleHash, against head: TreeHead) throws(AuditError) {
        guard head.size == treeSize else {
            throw .invalidTreeSize("inclusion proof is for tree size \(treeSize), the tree head has size \(head.size)")
        }
        try verify(leafHash: leafHash, rootHash: head.rootHash)
    }

    /// Checks that `entry` is entry ``leafIndex`` of the log described by `head`.
    /// Cost: one leaf hash over the entry's canonical encoding plus the path.
    /// - Throws: as ``verify(leafHash:against:)``.
    public func verify(entry: AuditEntry, against head: TreeHead) throws(AuditError) {
        try verify(leafHash: entry.leafHash, against: head)
    }
}
