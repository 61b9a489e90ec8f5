/// One 16-byte AES block held inline in two words, so block-chaining modes
/// (CBC-MAC, CMAC, CTR, SIV) can pass blocks around without touching the heap.
///
/// Byte `k` of the block is bits `8k ..< 8k + 8` of ``low`` for `k < 8` and of
/// ``high`` for `k >= 8`, on every platform, so a block loaded from memory and
/// stored back is the same byte sequence whatever the host's endianness.
///
/// Equality runs in constant time: blocks often hold MACs or keystream, and
/// `==` must not reveal where two of them first differ.
package struct AESBlock: Sendable, Hashable {
    /// Bytes 0 to 7, byte 0 in the least significant bits.
    package var low: UInt64
    /// Bytes 8 to 15, byte 8 in the least significant bits.
    package var high: UInt64

    /// The all-zero block, the usual starting value of a CBC-MAC chain.
    package static let zero = AESBlock(low: 0, high: 0)

    /// A block from its two halves in the layout documented on the type.
    @inlinable
    package init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// A block holding exactly the 16 bytes of `bytes`.
    ///
    /// - Throws: ``CryptoError`` with code `.invalidParameter` when `bytes` does not
    ///   hold exactly 16 bytes.
    package init<Bytes: Collection<UInt8>>(bytes: Bytes) throws {
        let count = bytes.count
        guard count == AESBlockCipher.blockByteCount else {
            throw CryptoError.invalidParameter("an AES block must be 16 bytes, got \(count)")
        }
        self = bytes.withContiguousBytes { AESBlock(loadingFrom: $0, atByteOffset: 0) }
    }

    /// A block holding exactly the 16 bytes of `raw`.
    ///
    /// - Throws: ``CryptoError`` with code `.invalidParameter` when `raw` does not
    ///   hold exactly 16 bytes.
    package init(_ raw: UnsafeRawBufferPointer) throws {
        guard raw.count == AESBlockCipher.blockByteCount else {
            throw CryptoError.invalidParameter("an AES block must be 16 bytes, got \(raw.count)")
        }
        self.init(loadingFrom: raw, atByteOffset: 0)
    }

    /// Reads the 16 bytes at `offset` (no alignment needed); for loops over a
    /// message whose length the caller has already checked.
    ///
    /// Traps, rather than reading out of bounds, when fewer than 16 bytes
    /// follow `offset`.
    @inlinable @inline(__always)
    package init(loadingFrom raw: UnsafeRawBufferPointer, atByteOffset offset: Int) {
        precondition(offset >= 0 && raw.count - offset >= 16, "AESBlock needs 16 readable bytes")
        self.low = raw.loadLittleEndianUInt64(at: offset)
        self.high = raw.loadLittleEndianUInt64(at: offset + 8)
    }

    /// Writes the 16 bytes at `offset` (no alignment needed).
    ///
    /// Traps, rather than writing out of bounds, when fewer than 16 bytes
    /// follow `offset`.
    @inlinable @inline(__always)
    package func store(to raw: UnsafeMutableRawBufferPointer, atByteOffset offset: Int) {
        precondition(offset >= 0 && raw.count - offset >= 16, "AESBlock needs 16 writable bytes")
        raw.storeLittleEndian(low, at: offset)
        raw.storeLittleEndian(high, at: offset + 8)
    }

    /// The 16 bytes in order; allocates the array.
    package var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 16) { buffer, initializedCount in
            store(to: UnsafeMutableRawBufferPointer(buffer), atByteOffset: 0)
            initializedCount = 16
        }
    }

    /// Calls `body` with the 16 bytes laid out in order, without allocating.
    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var copy = (low.littleEndian, high.littleEndian)
        return try Swift.withUnsafeBytes(of: &copy, body)
    }

    /// The bytewise XOR of two blocks: the chaining step of CBC-MAC and the
    /// keystream step of CTR.
    @inlinable
    package static func ^ (lhs: AESBlock, rhs: AESBlock) -> AESBlock {
        AESBlock(low: lhs.low ^ rhs.low, high: lhs.high ^ rhs.high)
    }

    /// XORs `rhs` into `lhs` in place.
    @inlinable
    package static func ^= (lhs: inout AESBlock, rhs: AESBlock) {
        lhs.low ^= rhs.low
        lhs.high ^= rhs.high
    }

    /// The block read as a big-endian element of GF(2^128) multiplied by `x`
    /// (the `dbl` of RFC 4493 §2.3, NIST SP 800-38B §6.1 and RFC 5297 §2.3),
    /// reducing by x^128 + x^7 + x^2 + x + 1.
    ///
    /// Runs in constant time: the reduction is applied through a mask, never a
    /// branch on the (secret) top bit.
    @inlinable
    package func doubled() -> AESBlock {
        // Byte 0 is the most significant byte of the field element.
        let top = low.byteSwapped
        let bottom = high.byteSwapped
        let carry = top >> 63
        let newTop = top << 1 | bottom >> 63
        let newBottom = bottom << 1 ^ (0x87 & (0 &- carry))
        return AESBlock(low: newTop.byteSwapped, high: newBottom.byteSwapped)
    }

    /// Constant-time equality: the running time does not depend on the contents.
    @inlinable
    package static func == (lhs: AESBlock, rhs: AESBlock) -> Bool {
        (lhs.low ^ rhs.low) | (lhs.high ^ rhs.high) == 0
    }

    /// Hashes both halves; consistent with the constant-time `==`.
    package func hash(into hasher: inout Hasher) {
        hasher.combine(low)
        hasher.combine(high)
    }
}
