/// Evidence that a receipt's consent events are in the tamper-evident audit
/// log: a Merkle inclusion proof (RFC 9162 §2.1.3) against a tree head.
///
/// Optional, and filled by the host once its audit log records consent
/// events: build it from the audit log's inclusion proof and the signed tree
/// head it leads to, and attach it with ``ConsentReceipt/with(proof:)``.
/// Hashes are lower-case hex, so the proof travels inside the JSON receipt
/// and can be verified offline by anyone holding the entry and the head.
public struct ReceiptProof: Hashable, Sendable, Codable {
    /// The index of the audit entry the proof is for.
    public let leafIndex: UInt64
    /// The size of the tree the proof leads to.
    public let treeSize: UInt64
    /// The tree's root hash, hex.
    public let rootHash: String
    /// The audit path, from the leaf's sibling up to the child of the root, hex.
    public let inclusionPath: [String]
    /// The tree head's signature, if the log signs its heads (base64 or hex, as the signer produces it).
    public let treeHeadSignature: String?

    /// Creates a proof.
    public init(leafIndex: UInt64, treeSize: UInt64, rootHash: String, inclusionPath: [String], treeHeadSignature: String? = nil) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.inclusionPath = inclusionPath
        self.treeHeadSignature = treeHeadSignature
    }
}
