/// The ChaCha20 stream cipher of RFC 8439 §2.4: a 256-bit key, a 96-bit nonce
/// and a 32-bit block counter.
///
/// This is a raw stream cipher with no authentication: flipping a ciphertext
/// bit flips the same plaintext bit, undetected. Use ``ChaChaPoly`` unless you
/// are building a construction that adds its own MAC.
///
/// A value holds the key schedule and at most one partly used keystream block
/// inline, so encrypting never allocates; a copy is an independent cipher at
/// the same stream position. The key never appears in `description` or a dump.
///
/// ```swift
/// var cipher = try ChaCha20(key: key, nonce: nonce, counter: 1)
/// cipher.xor(firstChunk, into: out1)
/// cipher.xor(secondChunk, into: out2)   // continues the same keystream
/// ```
package struct ChaCha20: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The key size in bytes.
    package static let keyByteCount = 32
    /// The nonce size in bytes.
    package static let nonceByteCount = 12
    /// The keystream block size in bytes.
    package static let blockByteCount = 64

    /// Words 0...15 of the RFC 8439 §2.3 state; word 12 is the counter of the next block to generate.
    private var state: SIMD16<UInt32>
    /// Blocks the 32-bit counter can still produce before it would wrap and repeat the keystream.
    private var blocksRemaining: UInt64
    /// The serialized keystream block that the last call only partly used.
    private var leftover = SIMD64<UInt8>()
    /// How much of `leftover` is spent; a whole block means nothing is buffered.
    private var leftoverOffset = ChaCha20.blockByteCount

    /// A cipher positioned at the start of block `counter` of the keystream
    /// for `key` and `nonce`.
    ///
    /// Never use the same key and nonce for two messages: the keystreams
    /// cancel under XOR and reveal both plaintexts.
    ///
    /// - Throws: ``CryptoError/invalidKeySize(_:expected:algorithm:)`` unless
    ///   `key` is 32 bytes, ``CryptoError/invalidNonceSize(_:expected:algorithm:)``
    ///   unless `nonce` is 12 bytes.
    package init(key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, counter: UInt32) throws {
        guard key.count == ChaCha20.keyByteCount else {
            throw CryptoError.invalidKeySize(key.count, expected: "32", algorithm: "ChaCha20")
        }
        guard nonce.count == ChaCha20.nonceByteCount else {
            throw CryptoError.invalidNonceSize(nonce.count, expected: ChaCha20.nonceByteCount, algorithm: "ChaCha20")
        }
        state = SIMD16(
            0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574,
            key.loadLittleEndianUInt32(at: 0), key.loadLittleEndianUInt32(at: 4),
            key.loadLittleEndianUInt32(at: 8), key.loadLittleEndianUInt32(at: 12),
            key.loadLittleEndianUInt32(at: 16), key.loadLittleEndianUInt32(at: 20),
            key.loadLittleEndianUInt32(at: 24), key.loadLittleEndianUInt32(at: 28),
            counter,
            nonce.loadLittleEndianUInt32(at: 0), nonce.loadLittleEndianUInt32(at: 4),
            nonce.loadLittleEndianUInt32(at: 8)
        )
        blocksRemaining = (1 << 32) - UInt64(counter)
    }

    /// XORs `input` with the next `input.count` bytes of keystream into
    /// `output`, which must be exactly as long; they may be the same memory
    /// (in-place) but must not otherwise overlap.
    ///
    /// Successive calls continue one keystream, so chunk boundaries don't
    /// matter: any split of a message gives the same result as one call.
    /// Full blocks are processed four at a time with SIMD and never copied;
    /// only the unused tail of a final partial block is kept for the next call.
    ///
    /// - Precondition: `output.count == input.count`, and the keystream has
    ///   room: the 32-bit block counter must not wrap, because a wrapped
    ///   counter would silently repeat keystream (at most 256 GiB per nonce).
    package mutating func xor(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count == input.count, "ChaCha20.xor needs an output exactly as long as its input")
        let count = input.count
        var offset = 0

        if leftoverOffset < ChaCha20.blockByteCount, count > 0 {
            let start = leftoverOffset
            let take = min(ChaCha20.blockByteCount - start, count)
            withUnsafeBytes(of: leftover) { keystream in
                for index in 0..<take {
                    output[index] = input[index] ^ keystream[start + index]
                }
            }
            leftoverOffset = start + take
            offset = take
        }
        guard offset < count else { return }

        let blocksNeeded = UInt64((count - offset + ChaCha20.blockByteCount - 1) / ChaCha20.blockByteCount)
        precondition(
            blocksNeeded <= blocksRemaining,
            "ChaCha20 keystream exhausted: the 32-bit block counter would wrap and repeat keystream"
        )
        blocksRemaining -= blocksNeeded

        var state = self.state
        while count - offset >= 4 * ChaCha20.blockByteCount {
            ChaCha20.xorFourBlocks(state, input, output, at: offset)
            state[12] &+= 4
            offset += 4 * ChaCha20.blockByteCount
        }
        while count - offset >= ChaCha20.blockByteCount {
            let keystream = littleEndianLanes(ChaCha20.keystreamWords(state))
            let data = input.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt32>.self)
            output.storeBytes(of: data ^ keystream, toByteOffset: offset, as: SIMD16<UInt32>.self)
            state[12] &+= 1
            offset += ChaCha20.blockByteCount
        }
        if offset < count {
            let tail = count - offset
            leftover = unsafeBitCast(littleEndianLanes(ChaCha20.keystreamWords(state)), to: SIMD64<UInt8>.self)
            state[12] &+= 1
            withUnsafeBytes(of: leftover) { keystream in
                for index in 0..<tail {
                    output[offset + index] = input[offset + index] ^ keystream[index]
                }
            }
            leftoverOffset = tail
        }
        self.state = state
    }

    /// The next whole keystream block as 16 words (not yet serialized).
    ///
    /// The AEAD uses this for the Poly1305 one-time key (RFC 8439 §2.6), which
    /// needs the block in words, without a trip through bytes.
    ///
    /// - Precondition: the stream is at a block boundary and the counter has room.
    mutating func nextKeystreamBlock() -> SIMD16<UInt32> {
        precondition(leftoverOffset == ChaCha20.blockByteCount, "ChaCha20 keystream is not at a block boundary")
        precondition(blocksRemaining > 0, "ChaCha20 keystream exhausted: the 32-bit block counter would wrap")
        blocksRemaining -= 1
        let words = ChaCha20.keystreamWords(state)
        state[12] &+= 1
        return words
    }

    /// The 64-byte output of the RFC 8439 §2.3 block function for `key`,
    /// `nonce` and `counter`.
    ///
    /// A reference entry point for known-answer tests and key derivations;
    /// it allocates the returned array, so prefer ``xor(_:into:)`` for bulk data.
    ///
    /// - Throws: ``CryptoError/invalidKeySize(_:expected:algorithm:)`` unless
    ///   `key` is 32 bytes, ``CryptoError/invalidNonceSize(_:expected:algorithm:)``
    ///   unless `nonce` is 12 bytes.
    package static func block(
        key: UnsafeRawBufferPointer,
        nonce: UnsafeRawBufferPointer,
        counter: UInt32
    ) throws -> [UInt8] {
        var cipher = try ChaCha20(key: key, nonce: nonce, counter: counter)
        let words = littleEndianLanes(cipher.nextKeystreamBlock())
        return withUnsafeBytes(of: words) { Array($0) }
    }

    /// The RFC 8439 §2.1 quarter round on four state words, in place.
    ///
    /// Exposed for the §2.1.1 and §2.2.1 known-answer tests; it is the
    /// building block, not a cipher.
    @inline(__always)
    package static func quarterRound(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32, _ d: inout UInt32) {
        a &+= b; d ^= a; d = d &<< 16 | d &>> 16
        c &+= d; b ^= c; b = b &<< 12 | b &>> 20
        a &+= b; d ^= a; d = d &<< 8 | d &>> 24
        c &+= d; b ^= c; b = b &<< 7 | b &>> 25
    }

    /// Names the algorithm only; key material and stream position never appear.
    package var description: String { "ChaCha20(key: <redacted>)" }
    /// Same as ``description``, so `debugPrint` and string interpolation in logs leak nothing.
    package var debugDescription: String { description }
    /// A mirror with no children, so `dump` and debuggers' reflection show no key material.
    package var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension ChaCha20 {
    /// One block function: 20 rounds over `state` plus the feed-forward.
    ///
    /// The 16 words live in local variables so the whole block stays in
    /// registers; the quarter rounds are spelled out because the column and
    /// diagonal index patterns are fixed.
    @inline(__always)
    fileprivate static func keystreamWords(_ state: SIMD16<UInt32>) -> SIMD16<UInt32> {
        var x0 = state[0], x1 = state[1], x2 = state[2], x3 = state[3]
        var x4 = state[4], x5 = state[5], x6 = state[6], x7 = state[7]
        var x8 = state[8], x9 = state[9], x10 = state[10], x11 = state[11]
        var x12 = state[12], x13 = state[13], x14 = state[14], x15 = state[15]
        for _ in 0..<10 {
            quarterRound(&x0, &x4, &x8, &x12)
            quarterRound(&x1, &x5, &x9, &x13)
            quarterRound(&x2, &x6, &x10, &x14)
            quarterRound(&x3, &x7, &x11, &x15)
            quarterRound(&x0, &x5, &x10, &x15)
            quarterRound(&x1, &x6, &x11, &x12)
            quarterRound(&x2, &x7, &x8, &x13)
            quarterRound(&x3, &x4, &x9, &x14)
        }
        let mixed = SIMD16<UInt32>(x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15)
        return mixed &+ state
    }

    /// Four consecutive blocks at once, XORed into `output` at `offset`.
    ///
    /// Lane i of every vector belongs to block i ("vertical" layout), so the
    /// rounds are the scalar rounds on four blocks in parallel and need no lane
    /// shuffles; a 4×4 transpose at the end puts each block's words back in
    /// order. SIMD4<UInt32> is 128 bits, available on every target (SSE2, NEON).
    @inline(__always)
    fileprivate static func xorFourBlocks(
        _ state: SIMD16<UInt32>,
        _ input: UnsafeRawBufferPointer,
        _ output: UnsafeMutableRawBufferPointer,
        at offset: Int
    ) {
        let counters = SIMD4(repeating: state[12]) &+ SIMD4(0, 1, 2, 3)
        var x0 = SIMD4(repeating: state[0]), x1 = SIMD4(repeating: state[1])
        var x2 = SIMD4(repeating: state[2]), x3 = SIMD4(repeating: state[3])
        var x4 = SIMD4(repeating: state[4]), x5 = SIMD4(repeating: state[5])
        var x6 = SIMD4(repeating: state[6]), x7 = SIMD4(repeating: state[7])
        var x8 = SIMD4(repeating: state[8]), x9 = SIMD4(repeating: state[9])
        var x10 = SIMD4(repeating: state[10]), x11 = SIMD4(repeating: state[11])
        var x12 = counters, x13 = SIMD4(repeating: state[13])
        var x14 = SIMD4(repeating: state[14]), x15 = SIMD4(repeating: state[15])
        for _ in 0..<10 {
            quarterRound(&x0, &x4, &x8, &x12)
            quarterRound(&x1, &x5, &x9, &x13)
            quarterRound(&x2, &x6, &x10, &x14)
            quarterRound(&x3, &x7, &x11, &x15)
            quarterRound(&x0, &x5, &x10, &x15)
            quarterRound(&x1, &x6, &x11, &x12)
            quarterRound(&x2, &x7, &x8, &x13)
            quarterRound(&x3, &x4, &x9, &x14)
        }
        x0 &+= SIMD4(repeating: state[0]); x1 &+= SIMD4(repeating: state[1])
        x2 &+= SIMD4(repeating: state[2]); x3 &+= SIMD4(repeating: state[3])
        x4 &+= SIMD4(repeating: state[4]); x5 &+= SIMD4(repeating: state[5])
        x6 &+= SIMD4(repeating: state[6]); x7 &+= SIMD4(repeating: state[7])
        x8 &+= SIMD4(repeating: state[8]); x9 &+= SIMD4(repeating: state[9])
        x10 &+= SIMD4(repeating: state[10]); x11 &+= SIMD4(repeating: state[11])
        x12 &+= counters; x13 &+= SIMD4(repeating: state[13])
        x14 &+= SIMD4(repeating: state[14]); x15 &+= SIMD4(repeating: state[15])
        xorTransposed(x0, x1, x2, x3, input, output, at: offset)
        xorTransposed(x4, x5, x6, x7, input, output, at: offset + 16)
        xorTransposed(x8, x9, x10, x11, input, output, at: offset + 32)
        xorTransposed(x12, x13, x14, x15, input, output, at: offset + 48)
    }

    /// Words 4g...4g+3 of four blocks, one block per lane, XORed into the
    /// matching 16 bytes of each block.
    @inline(__always)
    private static func xorTransposed(
        _ a: SIMD4<UInt32>, _ b: SIMD4<UInt32>, _ c: SIMD4<UInt32>, _ d: SIMD4<UInt32>,
        _ input: UnsafeRawBufferPointer,
        _ output: UnsafeMutableRawBufferPointer,
        at offset: Int
    ) {
        let rows = (
            SIMD4(a[0], b[0], c[0], d[0]), SIMD4(a[1], b[1], c[1], d[1]),
            SIMD4(a[2], b[2], c[2], d[2]), SIMD4(a[3], b[3], c[3], d[3])
        )
        xorRow(rows.0, input, output, at: offset)
        xorRow(rows.1, input, output, at: offset + ChaCha20.blockByteCount)
        xorRow(rows.2, input, output, at: offset + 2 * ChaCha20.blockByteCount)
        xorRow(rows.3, input, output, at: offset + 3 * ChaCha20.blockByteCount)
    }

    @inline(__always)
    private static func xorRow(
        _ keystream: SIMD4<UInt32>,
        _ input: UnsafeRawBufferPointer,
        _ output: UnsafeMutableRawBufferPointer,
        at offset: Int
    ) {
        let data = input.loadUnaligned(fromByteOffset: offset, as: SIMD4<UInt32>.self)
        output.storeBytes(of: data ^ littleEndianLanes(keystream), toByteOffset: offset, as: SIMD4<UInt32>.self)
    }

    /// The quarter round on four blocks' words at once (one block per lane).
    @inline(__always)
    private static func quarterRound(
        _ a: inout SIMD4<UInt32>, _ b: inout SIMD4<UInt32>, _ c: inout SIMD4<UInt32>, _ d: inout SIMD4<UInt32>
    ) {
        a &+= b; d ^= a; d = rotated(d, left: 16)
        c &+= d; b ^= c; b = rotated(b, left: 12)
        a &+= b; d ^= a; d = rotated(d, left: 8)
        c &+= d; b ^= c; b = rotated(b, left: 7)
    }

    /// Each lane rotated left by `count` bits.
    ///
    /// Spelled as multiply-then-add rather than `<< | >>` on purpose: `&*` and
    /// `&+` are native vector operations on SIMD4<UInt32>, while `&<<` and `|`
    /// are per-lane loops that LLVM folds into four scalar `rol`s plus lane
    /// shuffling, which made the four-block path slower than one scalar block.
    /// The two halves share no bits, so adding them equals OR-ing them, and the
    /// backend still emits shift, shift, OR.
    @inline(__always)
    private static func rotated(_ lanes: SIMD4<UInt32>, left count: UInt32) -> SIMD4<UInt32> {
        (lanes &* SIMD4(repeating: 1 &<< count)) &+ (lanes &>> (32 &- count))
    }
}

/// `words` laid out so their in-memory bytes are the little-endian
/// serialization RFC 8439 specifies; the identity on little-endian hosts.
@inline(__always)
private func littleEndianLanes<Vector: SIMD>(_ words: Vector) -> Vector where Vector.Scalar == UInt32 {
    #if _endian(big)
    var swapped = words
    for lane in swapped.indices { swapped[lane] = swapped[lane].byteSwapped }
    return swapped
    #else
    return words
    #endif
}
