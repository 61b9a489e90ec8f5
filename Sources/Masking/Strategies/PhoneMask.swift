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

    /// Creates a phone mask.
    /// - Parameters:
    ///   - keepLast: trailing digits to keep (negative counts as zero).
    ///   - maskCharacter: the replacement character, `*` by default.
    public init(keepLast: Int = 2, maskCharacter: Character = "*") {
        self.keepLast = min(max(0, keepLast), MaskingLimits.maximumValueByteCount)
        self.maskCharacter = maskCharacter
    }

    /// The masked form of `value`, with as many characters as `value`.
    ///
    /// Masking an output again never shows more than the first pass did.
    /// Cost: two passes over the characters.
    /// - Throws: ``MaskingError`` `.tooLarge` when `value` is over
    ///   ``MaskingLimits/maximumValueByteCount`` UTF-8 bytes.
    public func apply(to value: String) throws(MaskingError) -> String {
        try MaskingLimits.check(value, "phone number")
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

    /// One Unicode scalar with a decimal digit value (0-9 in any script).
    private static func isDigit(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first else { return false }
        return scalar.properties.numericType == .decimal
    }
}
