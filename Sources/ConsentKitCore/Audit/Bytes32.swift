import ConsentKitCrypto

/// 32 bytes held inline, in memory order: the storage of ``MerkleHash`` and
/// ``SubjectPseudonym``.
///
/// Built from raw memory with one copy: the crypto core's generic
/// `SHA256Digest(bytes:)` is not specialized across modules and costs
/// microseconds, which would dominate decoding and verification.
struct Bytes32: Hashable, Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// Copies a digest.
    init(_ digest: SHA256Digest) {
        digest.withUnsafeBytes { source in
            Swift.withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: source) }
        }
    }

    /// Copies exactly 32 bytes, or returns `nil`.
    init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        let copied: Bool? = bytes.withContiguousStorageIfAvailable { source in
            Swift.withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(source)) }
            return true
        }
        if copied == nil {
            Swift.withUnsafeMutableBytes(of: &words) { raw in
                for (offset, byte) in zip(raw.indices, bytes) { raw[offset] = byte }
            }
        }
    }

    /// Calls `body` with the 32 bytes.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: words, body)
    }

    /// The bytes as an array.
    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// 64 lower-case hex digits.
    var hexString: String { withUnsafeBytes { Hex.encode($0) } }

    /// Constant-time equality: the time does not depend on where the bytes differ.
    static func == (lhs: Bytes32, rhs: Bytes32) -> Bool {
        let difference = (lhs.words.0 ^ rhs.words.0) | (lhs.words.1 ^ rhs.words.1)
            | (lhs.words.2 ^ rhs.words.2) | (lhs.words.3 ^ rhs.words.3)
        return difference == 0
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
