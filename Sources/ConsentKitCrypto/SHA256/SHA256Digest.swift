/// A SHA-256 output: 32 bytes held inline, so producing one never allocates.
///
/// Equality runs in constant time, so comparing a received digest or MAC with
/// an expected one leaks no timing signal.
package struct SHA256Digest: Sendable, Hashable, CustomStringConvertible {
    /// The digest length in bytes.
    package static let byteCount = 32

    // The digest bytes in order, packed into four words in memory order
    // (native endianness), so `withUnsafeBytes` sees the digest as-is.
    private var storage: (UInt64, UInt64, UInt64, UInt64)

    /// Builds a digest from the eight big-endian state words of SHA-256.
    init(stateWords s: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)) {
        storage = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &storage) { raw in
            raw.storeBigEndian(s.0, at: 0)
            raw.storeBigEndian(s.1, at: 4)
            raw.storeBigEndian(s.2, at: 8)
            raw.storeBigEndian(s.3, at: 12)
            raw.storeBigEndian(s.4, at: 16)
            raw.storeBigEndian(s.5, at: 20)
            raw.storeBigEndian(s.6, at: 24)
            raw.storeBigEndian(s.7, at: 28)
        }
    }

    /// Wraps 32 existing digest bytes, or returns `nil` for any other length.
    package init?<Bytes: Collection<UInt8>>(bytes: Bytes) {
        guard bytes.count == Self.byteCount else { return nil }
        storage = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &storage) { raw in
            for (offset, byte) in bytes.enumerated() { raw[offset] = byte }
        }
    }

    /// Calls `body` with the 32 digest bytes.
    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    /// The digest bytes as an array.
    package var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// The digest as 64 lower-case hex digits.
    package var hexString: String { withUnsafeBytes { Hex.encode($0) } }

    package var description: String { "SHA256Digest(\(hexString))" }

    /// Constant-time comparison.
    package static func == (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        let difference = (lhs.storage.0 ^ rhs.storage.0) | (lhs.storage.1 ^ rhs.storage.1)
            | (lhs.storage.2 ^ rhs.storage.2) | (lhs.storage.3 ^ rhs.storage.3)
        return difference == 0
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(storage.0)
        hasher.combine(storage.1)
        hasher.combine(storage.2)
        hasher.combine(storage.3)
    }
}
