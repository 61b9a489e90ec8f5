#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The state of an audit log at one moment: how many entries it held, the
/// RFC 9162 root hash over them, and when the head was taken.
///
/// Whoever holds a tree head can later check, with only hashes, that an entry
/// is included (``InclusionProof``) and that a later head extends this one
/// (``ConsistencyProof``). Sign it (``SignedTreeHead``) to make it evidence
/// a third party can check.
///
/// The time is kept in whole milliseconds so a head survives any storage or
/// JSON round trip unchanged, and its signature with it.
public struct TreeHead: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The number of entries.
    public let size: UInt64
    /// The Merkle Tree Hash over the first `size` entries (``MerkleHash/emptyTree`` for 0).
    public let rootHash: MerkleHash
    /// When the head was taken, in whole milliseconds since 1970-01-01T00:00:00Z.
    public let timestampMilliseconds: Int64

    /// A head with an exact millisecond time.
    public init(size: UInt64, rootHash: MerkleHash, timestampMilliseconds: Int64) {
        self.size = size
        self.rootHash = rootHash
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// A head taken at `timestamp`, rounded down to the millisecond.
    public init(size: UInt64, rootHash: MerkleHash, timestamp: Date) {
        self.init(size: size, rootHash: rootHash, timestampMilliseconds: timestamp.auditMilliseconds)
    }

    /// When the head was taken.
    public var timestamp: Date { Date(auditMilliseconds: timestampMilliseconds) }

    /// The exact bytes a ``TreeHeadSigner`` signs, version 1:
    ///
    /// | bytes | content |
    /// | --- | --- |
    /// | 4 | ASCII `CKTH` (domain separation from every other signed message) |
    /// | 1 | format version, `0x01` |
    /// | 8 | `size`, unsigned big-endian |
    /// | 8 | `timestampMilliseconds`, two's-complement big-endian |
    /// | 32 | `rootHash` |
    ///
    /// 53 bytes; an independent verifier can rebuild them from the three fields.
    public var signingBytes: [UInt8] {
        var bytes: [UInt8] = [0x43, 0x4B, 0x54, 0x48, 0x01]
        bytes.reserveCapacity(Self.signingByteCount)
        bytes.auditAppend(bigEndian: size)
        bytes.auditAppend(bigEndian: UInt64(bitPattern: timestampMilliseconds))
        rootHash.withUnsafeBytes { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// The length of ``signingBytes``.
    public static let signingByteCount = 53

    /// Size, root and time on one line.
    public var description: String {
        "TreeHead(size: \(size), root: \(rootHash), time: \(timestampMilliseconds) ms)"
    }
}
