/// One stored audit entry as a store returns it: its index and the exact
/// canonical bytes that were appended.
///
/// Verification hashes ``canonicalEncoding`` as stored, so a record whose
/// bytes were changed shows up as tampered even when they no longer decode.
public struct AuditRecord: Hashable, Sendable {
    /// The position in the log, from 0.
    public let index: UInt64
    /// The bytes appended at this index (``AuditEntry/canonicalEncoding``).
    public let canonicalEncoding: [UInt8]

    /// A record as read back from storage.
    public init(index: UInt64, canonicalEncoding: [UInt8]) {
        self.index = index
        self.canonicalEncoding = canonicalEncoding
    }

    /// The record's RFC 9162 leaf hash.
    public var leafHash: MerkleHash { MerkleHash.leaf(canonicalEncoding) }

    /// Decodes the entry.
    /// - Throws: ``AuditError`` `.invalidEntry` when the stored bytes are not a canonical entry.
    public func entry() throws(AuditError) -> AuditEntry {
        try AuditEntry(canonicalEncoding: canonicalEncoding)
    }
}
