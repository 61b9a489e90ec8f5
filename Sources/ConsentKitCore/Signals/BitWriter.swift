/// A growable, most-significant-bit-first bit stream for the encoders.
///
/// Bits collect in a 64-bit accumulator and reach the byte array a whole byte
/// at a time.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    /// Bits waiting in `accumulator`, right-aligned; fewer than 8 between calls.
    private var accumulator: UInt64 = 0
    private var pending = 0

    init(reservingBits bits: Int = 0) {
        bytes.reserveCapacity((bits + 7) / 8)
    }

    /// The number of bits written.
    var bitCount: Int { bytes.count * 8 + pending }

    /// Appends the low `width` bits (0...64) of `value`, most significant first.
    /// Higher bits of `value` are ignored; callers validate ranges beforehand.
    mutating func write(_ value: UInt64, width: Int) {
        var remaining = width
        while remaining > 0 {
            // Take at most 56 bits so the accumulator (< 8 pending bits) never overflows.
            let take = min(remaining, 56)
            let chunk = (value &>> UInt64(remaining - take)) & ((1 &<< UInt64(take)) &- 1)
            accumulator = (accumulator &<< UInt64(take)) | chunk
            pending += take
            remaining -= take
            while pending >= 8 {
                pending -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator &>> UInt64(pending)))
            }
            accumulator &= (1 &<< UInt64(pending)) &- 1
        }
    }

    /// Appends `value` in `width` bits.
    mutating func write(_ value: Int, width: Int) {
        write(UInt64(truncatingIfNeeded: value), width: width)
    }

    /// Appends one bit.
    mutating func write(_ bit: Bool) {
        write(bit ? 1 : 0, width: 1)
    }

    /// Appends `count` copies of `bit`.
    mutating func write(repeating bit: Bool, count: Int) {
        var remaining = count
        let ones: UInt64 = bit ? .max : 0
        while remaining > 0 {
            let take = min(remaining, 56)
            write(ones, width: take)
            remaining -= take
        }
    }

    /// The written bits as bytes, the last one zero-padded.
    var paddedBytes: [UInt8] {
        guard pending > 0 else { return bytes }
        return bytes + [UInt8(truncatingIfNeeded: accumulator &<< UInt64(8 - pending))]
    }
}
