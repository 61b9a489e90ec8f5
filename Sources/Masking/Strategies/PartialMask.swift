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

    // Derived once here so the per-value fast path neither hashes Characters
    // nor reads the mask character's UTF-8.
    private let preservedBytes: ASCIIByteSet
    private let maskBytes: MaskBytes?

    /// Creates a partial mask.
    ///
    /// Cost: O(`preserving.count`), or 128 set lookups when `preserving`
    /// holds a character that is not one ASCII byte.
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
        self.preservedBytes = ASCIIByteSet(preserving)
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
        try MaskingLimits.check(value, "partial mask input")
        if let maskBytes, let result = SingleByteText.withBytes(of: value, { maskSingleByte($0, maskBytes) }) {
            return result
        }
        return maskCharacters(value)
    }

    /// Two masks are equal when their parameters are (the derived tables follow from them).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.keepFirst == rhs.keepFirst && lhs.keepLast == rhs.keepLast && lhs.maskCharacter == rhs.maskCharacter
            && lhs.preserving == rhs.preserving
    }

    /// Hashes the parameters that ``==(_:_:)`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(keepFirst)
        hasher.combine(keepLast)
        hasher.combine(maskCharacter)
        hasher.combine(preserving)
    }

    /// The visible leading and trailing counts for `significantCount` characters:
    /// kept only while at least half of them stay hidden.
    private func reveal(of significantCount: Int) -> (first: Int, last: Int) {
        let visible = keepFirst + keepLast
        return visible * 2 <= significantCount ? (keepFirst, keepLast) : (0, 0)
    }

    /// The mask of a value whose every byte is one character.
    private func maskSingleByte(_ bytes: UnsafeBufferPointer<UInt8>, _ maskBytes: MaskBytes) -> String {
        var significantCount = 0
        for byte in bytes where !preservedBytes.contains(byte) { significantCount += 1 }
        let (revealFirst, revealLast) = reveal(of: significantCount)
        // Bytes before `headEnd` and from `tailStart` on are shown as they are: the
        // revealed characters and the separators among them. Between the two, every
        // byte that is not a separator is hidden.
        var headEnd = 0
        var shown = 0
        while shown < revealFirst {
            if !preservedBytes.contains(bytes[headEnd]) { shown += 1 }
            headEnd += 1
        }
        var tailStart = bytes.count
        shown = 0
        while shown < revealLast {
            tailStart -= 1
            if !preservedBytes.contains(bytes[tailStart]) { shown += 1 }
        }
        let hiddenCount = significantCount - revealFirst - revealLast
        return SingleByteText.makeString(count: bytes.count + hiddenCount * (maskBytes.count - 1)) { output in
            var written = SingleByteText.copy(bytes[0..<headEnd], to: output, at: 0)
            if let mask = maskBytes.singleByte {
                for offset in headEnd..<tailStart {
                    let byte = bytes[offset]
                    output[written] = preservedBytes.contains(byte) ? byte : mask
                    written += 1
                }
            } else {
                for offset in headEnd..<tailStart {
                    let byte = bytes[offset]
                    if preservedBytes.contains(byte) {
                        output[written] = byte
                        written += 1
                    } else {
                        written = maskBytes.write(to: output, at: written)
                    }
                }
            }
            return SingleByteText.copy(bytes[tailStart...], to: output, at: written)
        }
    }

    /// The mask computed on grapheme clusters, for any value.
    private func maskCharacters(_ value: String) -> String {
        let significantCount = value.reduce(0) { $0 + (preserving.contains($1) ? 0 : 1) }
        let (revealFirst, revealLast) = reveal(of: significantCount)

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
