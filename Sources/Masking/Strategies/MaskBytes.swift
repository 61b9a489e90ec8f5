/// The UTF-8 bytes of a mask character (at most 8), packed for the byte-level
/// fast paths, which write them without touching a `Character`.
struct MaskBytes: Hashable, Sendable {
    /// The bytes, first byte in the lowest 8 bits.
    private let packed: UInt64
    /// How many bytes, 1...8.
    let count: Int

    /// The bytes of `character`, or nil for a character of more than 8 bytes
    /// (a long emoji sequence), which then takes the grapheme path.
    init?(_ character: Character) {
        var packed: UInt64 = 0
        var count = 0
        for byte in character.utf8 {
            guard count < 8 else { return nil }
            packed |= UInt64(byte) << UInt64(8 * count)
            count += 1
        }
        // A Character is never empty; the guard keeps `write` from writing nothing.
        guard count > 0 else { return nil }
        self.packed = packed
        self.count = count
    }

    /// The one byte of a one-byte (ASCII) mask character, for loops that
    /// write a byte either way.
    var singleByte: UInt8? {
        count == 1 ? UInt8(truncatingIfNeeded: packed) : nil
    }

    /// Writes the bytes at `index`, returning the index after them.
    /// `buffer` must have room for ``count`` bytes there.
    @inline(__always)
    func write(to buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        if count == 1 {
            buffer[index] = UInt8(truncatingIfNeeded: packed)
            return index + 1
        }
        var word = packed
        for offset in 0..<count {
            buffer[index + offset] = UInt8(truncatingIfNeeded: word)
            word >>= 8
        }
        return index + count
    }
}
