/// Masks a phone number, keeping its layout and its last digits:
/// `+1 (415) 555-0123` becomes `+* (***) ***-**23`.
///
/// A leading `+` and the separators (space, `-`, `.`, `(`, `)`) stay in place;
/// every digit but the last ``keepLast`` is masked, and so is every other
/// character (letters such as `ext`, stray symbols). When the number has
/// fewer than twice ``keepLast`` digits, no digit is kept, so a short value
/// is never handed back nearly whole. Works on grapheme clusters; a digit is
/// any single Unicode decimal digit, so full-width and Arabic-Indic digits
/// count too.
public struct PhoneMask: Hashable, Sendable {
    /// How many trailing digits stay visible.
    public let keepLast: Int
    /// The character that replaces each hidden one.
    public let maskCharacter: Character

    // Derived once so the per-value fast path never reads the Character.
    private let maskBytes: MaskBytes?

    /// Creates a phone mask.
    /// - Parameters:
    ///   - keepLast: trailing digits to keep (negative counts as zero).
    ///   - maskCharacter: the replacement character, `*` by default.
    public init(keepLast: Int = 2, maskCharacter: Character = "*") {
        self.keepLast = min(max(0, keepLast), MaskingLimits.maximumValueByteCount)
        self.maskCharacter = maskCharacter
        self.maskBytes = MaskBytes(maskCharacter)
    }

    /// The masked form of `value`, with as many characters as `value`.
    ///
    /// Masking an output again never shows more than the first pass did.
    /// Cost: two passes over the bytes of an ASCII value (one string
    /// allocation for over 15 bytes of output); two passes over the
    /// characters otherwise.
    /// - Throws: ``MaskingError`` `.tooLarge` when `value` is over
    ///   ``MaskingLimits/maximumValueByteCount`` UTF-8 bytes.
    public func apply(to value: String) throws(MaskingError) -> String {
        try MaskingLimits.check(value, "phone number")
        if let maskBytes, let result = SingleByteText.withBytes(of: value, { maskSingleByte($0, maskBytes) }) {
            return result
        }
        return maskCharacters(value)
    }

    /// Two masks are equal when their parameters are (the derived bytes follow from them).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.keepLast == rhs.keepLast && lhs.maskCharacter == rhs.maskCharacter
    }

    /// Hashes the parameters that ``==(_:_:)`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(keepLast)
        hasher.combine(maskCharacter)
    }

    /// The mask of a value whose every byte is one character.
    private func maskSingleByte(_ bytes: UnsafeBufferPointer<UInt8>, _ maskBytes: MaskBytes) -> String {
        var digitCount = 0
        for byte in bytes where Self.isDigit(byte) { digitCount += 1 }
        let reveal = digitCount >= 2 * keepLast ? keepLast : 0
        // The shown digits are the last `reveal`: those from `shownDigitsStart` on.
        let shownDigitsStart = Self.offsetOfLastDigits(reveal, in: bytes)
        // A plus is kept only as the first character that is not a separator.
        let firstSignificant = bytes.firstIndex { !Self.isSeparator($0) }
        let leadingPlus = firstSignificant.flatMap { bytes[$0] == UInt8(ascii: "+") ? $0 : nil } ?? -1
        func isShown(_ offset: Int) -> Bool {
            let byte = bytes[offset]
            return Self.isSeparator(byte) || offset == leadingPlus || (offset >= shownDigitsStart && Self.isDigit(byte))
        }
        // Room for every byte masked: exact for a one-byte mask character.
        return SingleByteText.makeString(count: bytes.count * maskBytes.count) { output in
            if let mask = maskBytes.singleByte {
                for offset in bytes.indices { output[offset] = isShown(offset) ? bytes[offset] : mask }
                return bytes.count
            }
            var written = 0
            for offset in bytes.indices {
                if isShown(offset) {
                    output[written] = bytes[offset]
                    written += 1
                } else {
                    written = maskBytes.write(to: output, at: written)
                }
            }
            return written
        }
    }

    /// The offset of the first of the last `count` digits in `bytes`, which has at least that many.
    private static func offsetOfLastDigits(_ count: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var offset = bytes.count
        var found = 0
        while found < count {
            offset -= 1
            if isDigit(bytes[offset]) { found += 1 }
        }
        return offset
    }

    /// The mask computed on grapheme clusters, for any value.
    private func maskCharacters(_ value: String) -> String {
        let digitCount = value.reduce(0) { $0 + (Self.isDigit($1) ? 1 : 0) }
        let reveal = digitCount >= 2 * keepLast ? keepLast : 0

        var result = ""
        result.reserveCapacity(value.utf8.count)
        var digitsSeen = 0
        var seenSignificant = false
        for character in value {
            if Self.separators.contains(character) {
                result.append(character)
                continue
            }
            defer { seenSignificant = true }
            if character == "+" && !seenSignificant {
                result.append(character)
            } else if Self.isDigit(character) {
                digitsSeen += 1
                result.append(digitsSeen > digitCount - reveal ? character : maskCharacter)
            } else {
                result.append(maskCharacter)
            }
        }
        return result
    }

    private static let separators: Set<Character> = [" ", "-", ".", "(", ")"]

    private static func isSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"): true
        default: false
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// One Unicode scalar with a decimal digit value (0-9 in any script).
    private static func isDigit(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first else { return false }
        // The only ASCII decimal digits are 0-9; the property lookup is for other scripts.
        if scalar.isASCII { return scalar.value &- 0x30 < 10 }
        return scalar.properties.numericType == .decimal
    }
}
