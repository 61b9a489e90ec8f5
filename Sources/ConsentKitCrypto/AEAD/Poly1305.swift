/// The Poly1305 one-time authenticator of RFC 8439 §2.5.
///
/// A key authenticates exactly one message: two tags under the same key let
/// an attacker forge others. ``ChaChaPoly`` derives a fresh key per nonce
/// (RFC 8439 §2.6); use this type directly only inside such a construction.
///
/// The arithmetic runs in constant time: 130-bit values are held in three
/// 64-bit limbs of 44, 44 and 42 bits, products are exact 128-bit integers,
/// and the final reduction selects with masks, so no branch or memory index
/// depends on the key or the message bytes (only on the message length).
/// Updating never allocates; at most one partial 16-byte block is buffered inline.
package struct Poly1305: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The one-time key size in bytes: 16 for `r`, then 16 for `s`.
    package static let keyByteCount = 32
    /// The tag size in bytes.
    package static let tagByteCount = 16
    /// The block size in bytes.
    package static let blockByteCount = 16

    /// A 16-byte Poly1305 tag, stored inline.
    ///
    /// `==` compares in constant time, so checking a received tag against a
    /// computed one is not a timing oracle.
    package struct Tag: Sendable, Equatable {
        /// The tag's bytes in memory order (two little-endian words).
        private let words: SIMD2<UInt64>

        fileprivate init(low: UInt64, high: UInt64) {
            words = SIMD2(low.littleEndian, high.littleEndian)
        }

        /// The 16 tag bytes; allocates the array.
        package var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

        /// Calls `body` with the 16 tag bytes; they must not escape.
        package func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
            try Swift.withUnsafeBytes(of: words, body)
        }

        /// Constant-time equality: the time taken does not depend on which bytes differ.
        package static func == (lhs: Tag, rhs: Tag) -> Bool {
            let difference = lhs.words ^ rhs.words
            return difference[0] | difference[1] == 0
        }
    }

    private static let mask44: UInt64 = (1 << 44) - 1
    private static let mask42: UInt64 = (1 << 42) - 1
    /// The 2^128 bit that every full block carries, at its position in the top limb.
    private static let highBit: UInt64 = 1 << 40

    // r, clamped, in 44/44/42-bit limbs; s1 and s2 are r1 and r2 times 20,
    // because a product limb at 2^132 folds to 2^0 as 2^132 ≡ 4 · 5 (mod 2^130 - 5).
    private var r0: UInt64, r1: UInt64, r2: UInt64
    private var s1: UInt64, s2: UInt64
    /// The accumulator, partially reduced: each limb may exceed its width by a few bits.
    private var h0: UInt64 = 0, h1: UInt64 = 0, h2: UInt64 = 0
    /// The `s` half of the key, added at the end.
    private var pad0: UInt64, pad1: UInt64
    private var buffer = SIMD16<UInt8>()
    private var bufferedByteCount = 0
    private var isFinalized = false

    /// An authenticator for one message under the one-time `key` (`r` then `s`, 32 bytes).
    ///
    /// - Throws: ``CryptoError/invalidKeySize(_:expected:algorithm:)`` unless `key` is 32 bytes.
    package init(key: UnsafeRawBufferPointer) throws {
        guard key.count == Poly1305.keyByteCount else {
            throw CryptoError.invalidKeySize(key.count, expected: "32", algorithm: "Poly1305")
        }
        self.init(
            r: (key.loadLittleEndianUInt64(at: 0), key.loadLittleEndianUInt64(at: 8)),
            s: (key.loadLittleEndianUInt64(at: 16), key.loadLittleEndianUInt64(at: 24))
        )
    }

    /// An authenticator from the key halves as little-endian 64-bit words.
    init(r: (UInt64, UInt64), s: (UInt64, UInt64)) {
        // Clamping (RFC 8439 §2.5) is folded into the split into limbs.
        r0 = r.0 & 0xffc_0fff_ffff
        r1 = (r.0 >> 44 | r.1 << 20) & 0xfff_ffc0_ffff
        r2 = (r.1 >> 24) & 0x00f_ffff_fc0f
        s1 = r1 &* 20
        s2 = r2 &* 20
        pad0 = s.0
        pad1 = s.1
    }

    /// Feeds more message bytes; any split of a message gives the same tag.
    ///
    /// Whole 16-byte blocks are read straight from `bytes`; only a trailing
    /// partial block is copied. Cost: one 130-bit multiply-reduce per 16 bytes.
    ///
    /// - Precondition: ``finalize()`` has not been called.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(!isFinalized, "Poly1305.update after finalize: a one-time key authenticates one message")
        let count = bytes.count
        var offset = 0
        if bufferedByteCount > 0 {
            let start = bufferedByteCount
            let take = min(Poly1305.blockByteCount - start, count)
            withUnsafeMutableBytes(of: &buffer) { block in
                for index in 0..<take { block[start + index] = bytes[index] }
            }
            bufferedByteCount = start + take
            offset = take
            guard bufferedByteCount == Poly1305.blockByteCount else { return }
            absorbBuffer(highBit: Poly1305.highBit)
        }
        let fullBlocksEnd = offset + (count - offset) / Poly1305.blockByteCount * Poly1305.blockByteCount
        if offset < fullBlocksEnd {
            absorbBlocks(bytes, from: offset, to: fullBlocksEnd)
            offset = fullBlocksEnd
        }
        if offset < count {
            let tail = count - offset
            withUnsafeMutableBytes(of: &buffer) { block in
                for index in 0..<tail { block[index] = bytes[offset + index] }
            }
            bufferedByteCount = tail
        }
    }

    /// Completes a buffered partial block with zero bytes and absorbs it as
    /// a full block, as the AEAD's `pad16` requires (RFC 8439 §2.8).
    mutating func padToBlockBoundary() {
        let end = bufferedByteCount
        guard end > 0 else { return }
        withUnsafeMutableBytes(of: &buffer) { block in
            for index in end..<Poly1305.blockByteCount { block[index] = 0 }
        }
        absorbBuffer(highBit: Poly1305.highBit)
    }

    /// Absorbs one full block given as two little-endian words.
    ///
    /// - Precondition: no partial block is buffered.
    mutating func absorbBlock(_ low: UInt64, _ high: UInt64) {
        precondition(bufferedByteCount == 0 && !isFinalized, "Poly1305 block absorbed off a block boundary")
        var h = (h0, h1, h2)
        Poly1305.multiplyReduce(&h, low, high, highBit: Poly1305.highBit, r: (r0, r1, r2), s: (s1, s2))
        (h0, h1, h2) = h
    }

    /// The tag over everything fed so far.
    ///
    /// Call once: the key material is wiped afterwards, and a further
    /// ``update(_:)`` or ``finalize()`` is a programming error that traps.
    package mutating func finalize() -> Tag {
        precondition(!isFinalized, "Poly1305.finalize called twice: a one-time key authenticates one message")
        if bufferedByteCount > 0 {
            // A final partial block gets its 0x01 byte right after the data
            // instead of the 2^128 bit of a full block.
            let end = bufferedByteCount
            withUnsafeMutableBytes(of: &buffer) { block in
                block[end] = 1
                for index in (end + 1)..<Poly1305.blockByteCount { block[index] = 0 }
            }
            absorbBuffer(highBit: 0)
        }

        var h0 = self.h0, h1 = self.h1, h2 = self.h2
        let mask44 = Poly1305.mask44, mask42 = Poly1305.mask42

        // Carry twice around the ring so every limb is within its width and h < 2^130.
        var carry = h1 >> 44; h1 &= mask44
        h2 &+= carry; carry = h2 >> 42; h2 &= mask42
        h0 &+= carry &* 5; carry = h0 >> 44; h0 &= mask44
        h1 &+= carry; carry = h1 >> 44; h1 &= mask44
        h2 &+= carry; carry = h2 >> 42; h2 &= mask42
        h0 &+= carry &* 5; carry = h0 >> 44; h0 &= mask44
        h1 &+= carry

        // g = h + 5 - 2^130 = h - p; it is non-negative exactly when h >= p.
        var g0 = h0 &+ 5; carry = g0 >> 44; g0 &= mask44
        var g1 = h1 &+ carry; carry = g1 >> 44; g1 &= mask44
        var g2 = h2 &+ carry &- (1 << 42)

        // All ones when g did not borrow (keep g), zero when it did (keep h): selected by masks, not a branch.
        let keepG = (g2 >> 63) &- 1
        g0 &= keepG; g1 &= keepG; g2 &= keepG
        h0 = h0 & ~keepG | g0
        h1 = h1 & ~keepG | g1
        h2 = h2 & ~keepG | g2

        // tag = (h + s) mod 2^128
        h0 &+= pad0 & mask44; carry = h0 >> 44; h0 &= mask44
        h1 &+= ((pad0 >> 44 | pad1 << 20) & mask44) &+ carry; carry = h1 >> 44; h1 &= mask44
        h2 &+= (pad1 >> 24) &+ carry; h2 &= mask42

        let tag = Tag(low: h0 | h1 << 44, high: h1 >> 20 | h2 << 24)

        isFinalized = true
        r0 = 0; r1 = 0; r2 = 0; s1 = 0; s2 = 0; pad0 = 0; pad1 = 0
        self.h0 = 0; self.h1 = 0; self.h2 = 0
        buffer = SIMD16()
        return tag
    }

    /// Names the algorithm only; key material and accumulator never appear.
    package var description: String { "Poly1305(key: <redacted>)" }
    /// Same as ``description``, so `debugPrint` and string interpolation in logs leak nothing.
    package var debugDescription: String { description }
    /// A mirror with no children, so `dump` and debuggers' reflection show no key material.
    package var customMirror: Mirror { Mirror(self, children: [:]) }

    private mutating func absorbBuffer(highBit: UInt64) {
        let words = unsafeBitCast(buffer, to: SIMD2<UInt64>.self)
        var h = (h0, h1, h2)
        Poly1305.multiplyReduce(
            &h, UInt64(littleEndian: words[0]), UInt64(littleEndian: words[1]),
            highBit: highBit, r: (r0, r1, r2), s: (s1, s2)
        )
        (h0, h1, h2) = h
        bufferedByteCount = 0
    }

    /// Absorbs the full blocks in `bytes[start..<end]` with the state in locals,
    /// so the loop keeps it in registers.
    private mutating func absorbBlocks(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        var h = (h0, h1, h2)
        let r = (r0, r1, r2), s = (s1, s2)
        var offset = start
        while offset < end {
            Poly1305.multiplyReduce(
                &h, bytes.loadLittleEndianUInt64(at: offset), bytes.loadLittleEndianUInt64(at: offset + 8),
                highBit: Poly1305.highBit, r: r, s: s
            )
            offset += Poly1305.blockByteCount
        }
        (h0, h1, h2) = h
    }

    /// h = (h + block) · r, partially reduced mod 2^130 - 5.
    ///
    /// Limbs below 2^45 times r limbs below 2^44 (s below 2^49) keep each sum of
    /// three products under 2^96, so the 128-bit accumulators cannot overflow.
    @inline(__always)
    private static func multiplyReduce(
        _ h: inout (UInt64, UInt64, UInt64),
        _ low: UInt64,
        _ high: UInt64,
        highBit: UInt64,
        r: (UInt64, UInt64, UInt64),
        s: (UInt64, UInt64)
    ) {
        let h0 = h.0 &+ (low & mask44)
        let h1 = h.1 &+ ((low >> 44 | high << 20) & mask44)
        let h2 = h.2 &+ ((high >> 24) | highBit)

        let d0 = product(h0, r.0) &+ product(h1, s.1) &+ product(h2, s.0)
        var d1 = product(h0, r.1) &+ product(h1, r.0) &+ product(h2, s.1)
        var d2 = product(h0, r.2) &+ product(h1, r.1) &+ product(h2, r.0)

        var carry = d0 >> 44
        var n0 = UInt64(truncatingIfNeeded: d0) & mask44
        d1 &+= carry
        carry = d1 >> 44
        let n1 = UInt64(truncatingIfNeeded: d1) & mask44
        d2 &+= carry
        let top = UInt64(truncatingIfNeeded: d2 >> 42)
        let n2 = UInt64(truncatingIfNeeded: d2) & mask42
        // 2^130 ≡ 5, so what overflowed the top limb re-enters at the bottom times 5.
        n0 &+= top &* 5
        let spill = n0 >> 44
        n0 &= mask44
        h = (n0, n1 &+ spill, n2)
    }

    @inline(__always)
    private static func product(_ a: UInt64, _ b: UInt64) -> UInt128 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return UInt128(high) << 64 | UInt128(low)
    }
}
