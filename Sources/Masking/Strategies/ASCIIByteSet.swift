/// A set of ASCII bytes as a 128-bit bitmap: the byte-level form of a
/// `Set<Character>` that the masks consult on their ASCII fast path, where
/// hashing a `Character` per byte would cost more than the rest of the work.
struct ASCIIByteSet: Hashable, Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    /// The empty set.
    init() {}

    /// The ASCII bytes whose one-byte character is in `characters`, under
    /// `Character` equality (canonical equivalence), so the bitmap answers
    /// exactly as `characters.contains` would for every ASCII character.
    ///
    /// Cost: O(`characters.count`) when every member is one ASCII byte;
    /// otherwise 128 set lookups, because a non-ASCII member can equal an
    /// ASCII character (U+212A KELVIN SIGN equals `K`).
    init(_ characters: Set<Character>) {
        var allASCII = true
        for character in characters {
            let utf8 = character.utf8
            if utf8.count == 1, let byte = utf8.first, byte < 0x80 {
                insert(byte)
            } else {
                allASCII = false
            }
        }
        guard !allASCII else { return }
        for byte in UInt8(0)..<0x80 where characters.contains(Character(Unicode.Scalar(byte))) {
            insert(byte)
        }
    }

    /// Adds `byte`, which must be ASCII.
    private mutating func insert(_ byte: UInt8) {
        if byte < 64 {
            low |= 1 << UInt64(byte)
        } else {
            high |= 1 << UInt64(byte & 63)
        }
    }

    /// Whether `byte` is in the set; false for any byte over 0x7F.
    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        let word = byte < 64 ? low : (byte < 128 ? high : 0)
        return (word >> UInt64(byte & 63)) & 1 == 1
    }
}
