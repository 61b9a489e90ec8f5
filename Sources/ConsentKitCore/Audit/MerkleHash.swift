import ConsentKitCrypto

/// A 32-byte SHA-256 hash in an audit Merkle tree: a leaf hash, an interior
/// node, a root, or one step of a proof.
///
/// Hashing follows RFC 9162 §2.1.1 (identical to RFC 6962 §2.1): a leaf is
/// `SHA-256(0x00 ‖ data)` and an interior node `SHA-256(0x01 ‖ left ‖ right)`,
/// so a leaf can never be passed off as a node (second-preimage resistance),
/// and every RFC 6962 / RFC 9162 verifier agrees with ConsentKit's roots and proofs.
///
/// The 32 bytes are held inline: hashing and copying never allocate.
/// Equality runs in constant time. `Codable` as 64 lower-case hex digits.
public struct MerkleHash: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The hash length in bytes.
    public static let byteCount = 32

    let value: Bytes32

    init(digest: SHA256Digest) {
        value = Bytes32(digest)
    }

    /// Wraps 32 existing hash bytes.
    /// - Throws: ``AuditError`` `.invalidHash` for any other length.
    public init(bytes: some Collection<UInt8>) throws(AuditError) {
        guard let value = Bytes32(bytes) else {
            throw .invalidHash("MerkleHash", byteCount: bytes.count)
        }
        self.value = value
    }

    /// Parses 64 hex digits (either case).
    /// - Throws: ``AuditError`` `.invalidHash` for anything else.
    public init(hex: String) throws(AuditError) {
        guard let bytes = Hex.decode(hex) else {
            throw AuditError(
                code: .invalidHash, message: "MerkleHash hex must be 64 hex digits, got \(hex.debugDescription)")
        }
        try self.init(bytes: bytes)
    }

    /// The hash bytes, in order.
    public var bytes: [UInt8] { value.bytes }

    /// The hash as 64 lower-case hex digits.
    public var hexString: String { value.hexString }

    /// Calls `body` with the 32 hash bytes, without copying them to the heap.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try value.withUnsafeBytes(body)
    }

    /// The hex string.
    public var description: String { hexString }

    // MARK: RFC 9162 hashing

    /// The root of the empty tree: `SHA-256()` with no prefix (RFC 9162 §2.1.1).
    public static let emptyTree = MerkleHash(digest: SHA256.hash(EmptyCollection<UInt8>()))

    /// The leaf hash of `data`: `SHA-256(0x00 ‖ data)`. Cost: one SHA-256 pass over `data`.
    public static func leaf(_ data: some Sequence<UInt8>) -> MerkleHash {
        var hasher = SHA256()
        var prefix: UInt8 = 0x00
        Swift.withUnsafeBytes(of: &prefix) { hasher.update($0) }
        hasher.update(data)
        return MerkleHash(digest: hasher.finalize())
    }

    /// The interior node over two children: `SHA-256(0x01 ‖ left ‖ right)`.
    /// Cost: two SHA-256 compressions, no allocation.
    public static func node(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        withUnsafeTemporaryAllocation(byteCount: 1 + 2 * byteCount, alignment: 8) { buffer in
            buffer[0] = 0x01
            left.value.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(rebasing: buffer[1..<(1 + byteCount)]).copyMemory(from: source)
            }
            right.value.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(rebasing: buffer[(1 + byteCount)...]).copyMemory(from: source)
            }
            return MerkleHash(digest: SHA256.hash(UnsafeRawBufferPointer(buffer)))
        }
    }

    /// `SHA-256(0x01 ‖ left ‖ right)` over raw byte strings of any length.
    ///
    /// Only for checking RFC 6962 hasher vectors, which feed non-hash children;
    /// trees always use ``node(_:_:)``.
    package static func node(rawLeft left: some Sequence<UInt8>, rawRight right: some Sequence<UInt8>) -> MerkleHash {
        var hasher = SHA256()
        var prefix: UInt8 = 0x01
        Swift.withUnsafeBytes(of: &prefix) { hasher.update($0) }
        hasher.update(left)
        hasher.update(right)
        return MerkleHash(digest: hasher.finalize())
    }

    // MARK: Codable

    /// Decodes 64 hex digits.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let hex = try container.decode(String.self)
        do {
            try self.init(hex: hex)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Encodes 64 lower-case hex digits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hexString)
    }
}
