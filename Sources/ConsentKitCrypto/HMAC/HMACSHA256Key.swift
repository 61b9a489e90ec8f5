/// An HMAC-SHA256 key prepared once for many MACs.
///
/// RFC 2104 hashes `K ⊕ ipad` and `K ⊕ opad` as the first block of the inner
/// and outer hashes. Those two blocks depend only on the key, so they are
/// compressed here, once; every MAC then resumes from the saved states, and a
/// MAC of a message shorter than 56 bytes costs two compressions instead of four.
///
/// Prints only its size; the padded states never appear in a description.
package struct HMACSHA256Key: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let innerState: SHA256
    let outerState: SHA256

    /// Prepares `key` (any length; keys longer than 64 bytes are hashed first, per RFC 2104).
    package init<Bytes: Sequence<UInt8>>(_ key: Bytes) {
        self = key.withContiguousBytes { HMACSHA256Key(raw: $0) }
    }

    /// Prepares a symmetric key.
    package init(_ key: SymmetricKey) {
        self = key.withUnsafeBytes { HMACSHA256Key(raw: $0) }
    }

    private init(raw key: UnsafeRawBufferPointer) {
        var block: SHA256Compression.Block = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &block) { padded in
            if key.count > SHA256.blockByteCount {
                SHA256.hash(key).withUnsafeBytes { digest in
                    padded.copyMemory(from: digest)
                }
            } else if !key.isEmpty {
                padded.copyMemory(from: key)
            }
        }
        var inner = SHA256()
        var outer = SHA256()
        withUnsafeMutableBytes(of: &block) { padded in
            for index in padded.indices { padded[index] ^= 0x36 }
            inner.update(UnsafeRawBufferPointer(padded))
            // 0x36 ^ 0x5c turns ipad into opad without keeping the raw key around.
            for index in padded.indices { padded[index] ^= 0x36 ^ 0x5c }
            outer.update(UnsafeRawBufferPointer(padded))
            for index in padded.indices { padded[index] = 0 }
        }
        innerState = inner
        outerState = outer
    }

    package var description: String { "HMACSHA256Key(prepared)" }
    package var debugDescription: String { description }
    package var customMirror: Mirror { Mirror(self, children: [:]) }
}
