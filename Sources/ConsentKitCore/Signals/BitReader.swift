/// A bounds-checked, most-significant-bit-first reader over packed bytes.
///
/// Every read checks the remaining bit count first and reports an ``Overrun``
/// carrying the bit offset where the read started, so the caller can name the
/// field. The bytes carry at least ``slack`` zero bytes past the last meaningful
/// one, so a read is one unaligned 8-byte load plus one byte, never past the buffer.
struct BitReader {
    /// A read asked for more bits than remain.
    struct Overrun: Error, Equatable {
        /// Where the read started.
        let bitOffset: Int
        /// How many bits it asked for.
        let requested: Int
        /// How many bits were left.
        let available: Int
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    /// The number of meaningful bits, at most `bytes.count * 8`.
    let bitCount: Int
    /// The offset of the next bit to read.
    private(set) var position = 0

    /// Zero bytes the buffer must carry past its meaningful bytes.
    static let slack = 8

    /// A reader of the first `bitCount` bits of `bytes`, which must end with ``slack``
    /// spare bytes; `bitCount` is clamped so reads never leave the buffer.
    init(bytes: UnsafeBufferPointer<UInt8>, bitCount: Int) {
        self.bytes = bytes
        self.bitCount = max(0, min(bitCount, (bytes.count - Self.slack) * 8))
    }

    /// Bits not yet read.
    var remaining: Int { bitCount - position }

    /// Reads `width` bits (0...64) as an unsigned integer.
    @inline(__always)
    mutating func read(_ width: Int) throws(Overrun) -> UInt64 {
        guard width >= 0, width <= 64, width <= remaining else {
            throw Overrun(bitOffset: position, requested: width, available: remaining)
        }
        guard width > 0 else { return 0 }
        let byteIndex = position &>> 3
        let shift = UInt64(position & 7)
        // byteIndex + 8 < bytes.count: position < bitCount <= (bytes.count - slack) * 8.
        var value = UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: byteIndex, as: UInt64.self).bigEndian
        if shift != 0 {
            value = (value &<< shift) | (UInt64(bytes[byteIndex + 8]) &>> (8 &- shift))
        }
        position += width
        return value &>> UInt64(64 - width)
    }

    /// Reads one bit.
    @inline(__always)
    mutating func readBit() throws(Overrun) -> Bool {
        guard position < bitCount else {
            throw Overrun(bitOffset: position, requested: 1, available: 0)
        }
        let byte = bytes[position &>> 3]
        let bit = (byte &>> UInt8(7 - (position & 7))) & 1
        position += 1
        return bit == 1
    }

    /// The offset of the first set bit at or after the current position, or
    /// `nil` when every remaining bit is zero. Does not move the reader.
    func firstSetBitInRemainder() -> Int? {
        var offset = position
        while offset < bitCount {
            if offset & 7 == 0, bitCount - offset >= 8 {
                if bytes[offset &>> 3] == 0 {
                    offset += 8
                    continue
                }
            }
            if (bytes[offset &>> 3] &>> UInt8(7 - (offset & 7))) & 1 == 1 { return offset }
            offset += 1
        }
        return nil
    }
}
