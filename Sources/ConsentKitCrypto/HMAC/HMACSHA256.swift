/// HMAC-SHA256 (RFC 2104), one-shot or incremental, over a prepared key.
///
/// ```swift
/// let key = HMACSHA256Key(secret)
/// let tag = HMACSHA256.authenticationCode(for: message, using: key)
/// let ok = try HMACSHA256.isValidAuthenticationCode(tag.bytes, for: message, using: key)
/// ```
package struct HMACSHA256: Sendable {
    /// The shortest truncated tag accepted by verification: RFC 2104 §5 asks for
    /// at least half the hash output (and at least 80 bits).
    package static let minimumTagByteCount = 16

    private var inner: SHA256
    private let outer: SHA256

    /// Starts a MAC computation; allocation-free.
    package init(key: HMACSHA256Key) {
        inner = key.innerState
        outer = key.outerState
    }

    /// Feeds more message bytes.
    package mutating func update<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        inner.update(bytes)
    }

    /// Feeds more message bytes from raw memory.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        inner.update(bytes)
    }

    /// The MAC of everything fed so far. The computation is consumed.
    package consuming func finalize() -> SHA256Digest {
        let innerDigest = inner.finalize()
        var outerHash = outer
        innerDigest.withUnsafeBytes { outerHash.update($0) }
        return outerHash.finalize()
    }

    /// The MAC of `message` under `key`.
    package static func authenticationCode<Bytes: Sequence<UInt8>>(
        for message: Bytes,
        using key: HMACSHA256Key
    ) -> SHA256Digest {
        var mac = HMACSHA256(key: key)
        mac.update(message)
        return mac.finalize()
    }

    /// The MAC of the bytes in `message` under `key`; allocation-free.
    package static func authenticationCode(for message: UnsafeRawBufferPointer, using key: HMACSHA256Key) -> SHA256Digest {
        var mac = HMACSHA256(key: key)
        mac.update(message)
        return mac.finalize()
    }

    /// Whether `code` is the MAC of `message` under `key`, compared in constant time.
    ///
    /// `code` may be the full 32-byte MAC or its leftmost bytes (a truncated tag)
    /// of at least ``minimumTagByteCount`` bytes.
    /// - Throws: `CryptoError` with code `.invalidTagSize` when `code` is shorter
    ///   than 16 or longer than 32 bytes: too short a tag is a misuse, not a mismatch.
    package static func isValidAuthenticationCode<Code: Collection<UInt8>, Bytes: Sequence<UInt8>>(
        _ code: Code,
        for message: Bytes,
        using key: HMACSHA256Key
    ) throws -> Bool {
        guard (minimumTagByteCount...SHA256Digest.byteCount).contains(code.count) else {
            throw CryptoError(
                code: .invalidTagSize,
                message: "HMAC-SHA256 tag must be \(minimumTagByteCount) to \(SHA256Digest.byteCount) bytes, got \(code.count)"
            )
        }
        let expected = authenticationCode(for: message, using: key)
        return expected.withUnsafeBytes { ConstantTime.equals($0.prefix(code.count), code) }
    }
}
