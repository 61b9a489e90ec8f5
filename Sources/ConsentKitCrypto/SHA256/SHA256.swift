/// SHA-256 (FIPS 180-4), one-shot or incremental.
///
/// A value type holding the chaining state and at most one partial block
/// inline: hashing never allocates, and a copy of a half-fed hasher is an
/// independent hasher (HMAC relies on that to reuse its padded key states).
///
/// ```swift
/// let digest = SHA256.hash("abc".utf8)
/// var hasher = SHA256()
/// hasher.update(part1); hasher.update(part2)
/// let same = hasher.finalize()
/// ```
package struct SHA256: Sendable {
    /// The block size in bytes.
    package static let blockByteCount = 64
    /// The digest size in bytes.
    package static let digestByteCount = 32

    var state: SHA256Compression.State = SHA256Compression.initialState
    private var buffer: SHA256Compression.Block = (0, 0, 0, 0, 0, 0, 0, 0)
    private var bufferedByteCount = 0
    private var messageByteCount: UInt64 = 0

    /// A hasher with nothing fed yet.
    package init() {}

    /// Hashes `bytes` in one call.
    package static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Hashes the bytes in `buffer` in one call.
    package static func hash(_ buffer: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(buffer)
        return hasher.finalize()
    }

    /// Feeds more message bytes.
    package mutating func update<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        bytes.withContiguousBytes { update($0) }
    }

    /// Feeds more message bytes from raw memory.
    ///
    /// Full blocks are compressed straight from `input`; only a trailing
    /// partial block is copied into the hasher.
    package mutating func update(_ input: UnsafeRawBufferPointer) {
        guard !input.isEmpty else { return }
        messageByteCount &+= UInt64(input.count)
        var offset = 0
        if bufferedByteCount > 0 {
            let take = min(SHA256.blockByteCount - bufferedByteCount, input.count)
            withUnsafeMutableBytes(of: &buffer) { raw in
                raw.baseAddress.unsafelyUnwrapped.advanced(by: bufferedByteCount)
                    .copyMemory(from: input.baseAddress.unsafelyUnwrapped, byteCount: take)
            }
            bufferedByteCount += take
            offset = take
            guard bufferedByteCount == SHA256.blockByteCount else { return }
            withUnsafeBytes(of: buffer) { SHA256Compression.compress(&state, blocks: $0) }
            bufferedByteCount = 0
        }
        let fullBlocksEnd = offset + (input.count - offset) / SHA256.blockByteCount * SHA256.blockByteCount
        if fullBlocksEnd > offset {
            SHA256Compression.compress(&state, blocks: UnsafeRawBufferPointer(rebasing: input[offset..<fullBlocksEnd]))
        }
        let remaining = input.count - fullBlocksEnd
        if remaining > 0 {
            withUnsafeMutableBytes(of: &buffer) { raw in
                raw.baseAddress.unsafelyUnwrapped.copyMemory(
                    from: input.baseAddress.unsafelyUnwrapped.advanced(by: fullBlocksEnd), byteCount: remaining)
            }
            bufferedByteCount = remaining
        }
    }

    /// Pads the message and returns its digest. The hasher is consumed.
    package consuming func finalize() -> SHA256Digest {
        let bitLength = messageByteCount &* 8
        let used = bufferedByteCount
        withUnsafeMutableBytes(of: &buffer) { raw in
            raw[used] = 0x80
            for index in (used + 1)..<SHA256.blockByteCount { raw[index] = 0 }
        }
        // The 8-byte length needs bytes 56..<64; spill into a second block if the
        // marker left no room.
        if used >= SHA256.blockByteCount - 8 {
            withUnsafeBytes(of: buffer) { SHA256Compression.compress(&state, blocks: $0) }
            buffer = (0, 0, 0, 0, 0, 0, 0, 0)
        }
        buffer.7 = bitLength.bigEndian
        withUnsafeBytes(of: buffer) { SHA256Compression.compress(&state, blocks: $0) }
        return SHA256Digest(stateWords: state)
    }
}
