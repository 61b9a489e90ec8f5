/// Shows the first and/or last few characters of a value and masks the rest,
/// like `************1234` for a card number.
///
/// Works on user-perceived characters (grapheme clusters), so an emoji or an
/// accented letter is masked as one character, never split. A value too short
/// to keep anything while hiding at least half of it is masked entirely:
/// a partial mask must never hand back the original value.
public struct PartialMask: Hashable, Sendable {
    /// How many leading characters stay visible.
    public let keepFirst: Int
    /// How many trailing characters stay visible.
    public let keepLast: Int
    /// The character that replaces each hidden one.
    public let maskCharacter: Character
    /// Characters that are kept in place and not counted, such as spaces or
    /// dashes in `4111-1111-1111-1111`, so the mask keeps the value's shape.
    public let preserving: Set<Character>

    /// Creates a partial mask.
    /// - Parameters:
    ///   - keepFirst: leading characters to keep (negative counts as zero).
    ///   - keepLast: trailing characters to keep (negative counts as zero).
    ///   - maskCharacter: the replacement character, `*` by default.
    ///   - preserving: separators kept in place and not counted.
    public init(
        keepFirst: Int = 0, keepLast: Int = 0, maskCharacter: Character = "*", preserving: Set<Character> = []
    ) {
        // No accepted value has more characters than the byte limit, so
        // clamping there changes nothing and keeps `2 * (first + last)` from overflowing.
        self.keepFirst = min(max(0, keepFirst), MaskingLimits.maximumValueByteCount)
        self.keepLast = min(max(0, keepLast), MaskingLimits.maximumValueByteCount)
        self.maskCharacter = maskCharacter
        self.preserving = preserving
    }

    /// The masked form of `value`, with as many characters as `value`.
    ///
    /// Masking an output again never shows more than the first pass did.
    /// Cost: two passes over the characters.
    /// - Throws: ``MaskingError`` `.tooLarge` when `value` is over
    ///   ``MaskingLimits/maximumValueByteCount`` UTF-8 bytes.
    public func apply(to value: String) throws(MaskingError) -> String {
        try MaskingLimits.check(value, "partial mask input")
        let significantCount = value.reduce(0) { $0 + (preserving.contains($1) ? 0 : 1) }
        // Keep only while at least half of the significant characters stay hidden.
        let visible = keepFirst + keepLast
        let revealFirst = visible * 2 <= significantCount ? keepFirst : 0
        let revealLast = visible * 2 <= significantCount ? keepLast : 0

        var result = ""
        result.reserveCapacity(value.utf8.count)
        var position = 0
        for character in value {
            if preserving.contains(character) {
                result.append(character)
                continue
            }
            let visible = position < revealFirst || position >= significantCount - revealLast
            result.append(visible ? character : maskCharacter)
            position += 1
        }
        return result
    }
}
