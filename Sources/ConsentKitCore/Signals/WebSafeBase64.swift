/// The URL- and filename-safe base64 alphabet of RFC 4648 §5 (`A–Z a–z 0–9 - _`),
/// as TC strings and GPP strings use it: one character carries six bits, most
/// significant first, and a string's bit stream is its characters' sextets in order.
///
/// Decoding goes straight from UTF-8 bytes to packed bits; there is no `Data`,
/// no intermediate `String` and no Foundation.
enum WebSafeBase64 {
    /// Why a run of characters is not web-safe base64.
    enum Problem: Error, Equatable {
        /// The byte at this offset (from the start of the run) is not in the alphabet.
        case invalidCharacter(offset: Int, byte: UInt8)
        /// `=` padding that is not 1 or 2 characters completing a 4-character group.
        case invalidPadding(offset: Int)
    }

    /// The six-bit value of each byte, 0xFF for bytes outside the alphabet.
    static let sextets: [UInt8] = (0...255).map { sextet(UInt8($0)) ?? 0xFF }

    /// The six-bit value of an alphabet character, or `nil`.
    @inline(__always)
    static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte &- UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte &- UInt8(ascii: "a") &+ 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0") &+ 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }

    /// The alphabet character for a six-bit value (only the low six bits are used).
    @inline(__always)
    static func character(_ sextet: UInt8) -> UInt8 {
        let value = sextet & 0x3F
        switch value {
        case 0..<26: return UInt8(ascii: "A") &+ value
        case 26..<52: return UInt8(ascii: "a") &+ (value &- 26)
        case 52..<62: return UInt8(ascii: "0") &+ (value &- 52)
        case 62: return UInt8(ascii: "-")
        default: return UInt8(ascii: "_")
        }
    }

    /// Checks `characters` and returns how many of them carry data (the count
    /// without trailing `=` padding), or the first problem.
    ///
    /// Padding is optional; when present it must be one or two `=` that complete
    /// a group of four characters, as standard base64 producers emit it.
    static func dataCharacterCount(_ characters: UnsafeBufferPointer<UInt8>) -> Result<Int, Problem> {
        var end = characters.count
        while end > 0, characters[end - 1] == UInt8(ascii: "=") { end -= 1 }
        let padding = characters.count - end
        if padding > 0, padding > 2 || characters.count % 4 != 0 || end == 0 {
            return .failure(.invalidPadding(offset: end))
        }
        let invalid: Int? = sextets.withUnsafeBufferPointer { table in
            var combined: UInt8 = 0
            for offset in 0..<end { combined |= table[Int(characters[offset])] }
            guard combined & 0x80 != 0 else { return nil }
            return (0..<end).first { table[Int(characters[$0])] == 0xFF }
        }
        if let offset = invalid {
            return .failure(.invalidCharacter(offset: offset, byte: characters[offset]))
        }
        return .success(end)
    }

    /// Packs the sextets of `characters` (already checked) into `bytes`, most
    /// significant bit first. `bytes` must hold `(characters.count * 6 + 7) / 8`
    /// bytes; a final partial byte is zero-filled.
    static func pack(_ characters: UnsafeBufferPointer<UInt8>, into bytes: UnsafeMutableBufferPointer<UInt8>) {
        sextets.withUnsafeBufferPointer { table in
            @inline(__always) func value(_ index: Int) -> UInt32 { UInt32(table[Int(characters[index])] & 0x3F) }
            let count = characters.count
            var index = 0
            var out = 0
            // Four characters make three whole bytes.
            while index + 4 <= count {
                let group = value(index) << 18 | value(index + 1) << 12 | value(index + 2) << 6 | value(index + 3)
                bytes[out] = UInt8(truncatingIfNeeded: group >> 16)
                bytes[out + 1] = UInt8(truncatingIfNeeded: group >> 8)
                bytes[out + 2] = UInt8(truncatingIfNeeded: group)
                index += 4
                out += 3
            }
            var accumulator: UInt32 = 0
            var pending = 0
            while index < count {
                accumulator = (accumulator << 6) | value(index)
                pending += 6
                if pending >= 8 {
                    pending -= 8
                    bytes[out] = UInt8(truncatingIfNeeded: accumulator >> UInt32(pending))
                    out += 1
                }
                index += 1
            }
            if pending > 0 {
                bytes[out] = UInt8(truncatingIfNeeded: accumulator << UInt32(8 - pending))
            }
        }
    }

    /// Calls `body` with a reader over the bits that `characters` (already
    /// checked, without padding) encode. The bits live in scratch memory that is
    /// on the stack for typical sizes.
    static func withBits<R, E: Error>(
        of characters: UnsafeBufferPointer<UInt8>,
        _ body: (inout BitReader) throws(E) -> R
    ) throws(E) -> R {
        let byteCount = (characters.count * 6 + 7) / 8
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: byteCount + BitReader.slack) {
            (scratch) throws(E) -> R in
            pack(characters, into: scratch)
            for index in byteCount..<scratch.count { scratch[index] = 0 }
            var reader = BitReader(bytes: UnsafeBufferPointer(scratch), bitCount: characters.count * 6)
            return try body(&reader)
        }
    }

    /// Encodes a bit stream as web-safe base64 without padding. The bits are
    /// first padded with zeros to a whole byte and then to a whole character,
    /// which is what the IAB reference encoders emit (iabtcf-java, iabtcf-es,
    /// and iabgpp-es for GPP sections).
    static func encode(_ writer: BitWriter) -> String {
        let bytes = writer.paddedBytes
        let characterCount = (bytes.count * 8 + 5) / 6
        return String(unsafeUninitializedCapacity: characterCount) { output in
            var out = 0
            var index = 0
            // Three bytes make four characters.
            while index + 3 <= bytes.count {
                let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                output[out] = character(UInt8(truncatingIfNeeded: group >> 18))
                output[out + 1] = character(UInt8(truncatingIfNeeded: group >> 12))
                output[out + 2] = character(UInt8(truncatingIfNeeded: group >> 6))
                output[out + 3] = character(UInt8(truncatingIfNeeded: group))
                index += 3
                out += 4
            }
            var accumulator: UInt32 = 0
            var pending = 0
            while index < bytes.count {
                accumulator = accumulator << 8 | UInt32(bytes[index])
                pending += 8
                index += 1
            }
            while out < characterCount {
                let shift = pending - 6
                let value = shift >= 0 ? accumulator >> UInt32(shift) : accumulator << UInt32(-shift)
                output[out] = character(UInt8(truncatingIfNeeded: value))
                pending -= 6
                out += 1
            }
            return characterCount
        }
    }
}
