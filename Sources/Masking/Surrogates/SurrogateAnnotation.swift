/// Marks surrogates (FF1 outputs, tokens, pseudonyms) inside free text as
/// `TYPE(len):token`, so they can be found again and reversed without
/// guessing where a token starts or ends.
///
/// ```swift
/// let card = try fpe.encrypt("4111 1111 1111 1111", context: context)
/// let note = "Customer paid with " + (try SurrogateAnnotation.annotate(card, type: "CARD")) + " today."
/// // e.g. "Customer paid with CARD(19):5290 1748 6673 0142 today."
/// let original = try SurrogateAnnotation.replace(in: note) { match in
///     try fpe.decrypt(match.token, context: context)
/// }
/// ```
///
/// `TYPE` is 1 to 32 of `A-Z`, `0-9` and `_`, not preceded by a letter,
/// digit or `_`; `len` is the token's length in characters (decimal, no
/// leading zero); the token is exactly that many characters, whatever they
/// are. The length, not a delimiter, ends the token, so tokens may contain
/// spaces, punctuation or `)`.
///
/// Characters are Swift `Character`s (extended grapheme clusters). A
/// combining mark written directly after a token attaches to its last
/// character and becomes part of it; put a space or punctuation after
/// tokens in text that may contain such marks.
public enum SurrogateAnnotation {
    /// The longest type name, in characters.
    public static let maximumTypeLength = 32
    /// The longest token, in characters: room for the largest deterministic
    /// encryption (64 KiB of value in base64url with its key id).
    public static let maximumTokenLength = 131_072
    /// The largest text ``find(in:)`` and ``replace(in:_:)`` search, in UTF-8 bytes: 1 MiB.
    public static let maximumTextByteCount = 1 << 20

    /// `TYPE(len):token` for `token`.
    ///
    /// - Throws: ``MaskingError`` `.invalidFormat` for a type that is not 1 to
    ///   32 of `A-Z 0-9 _`; `.invalidLength` for an empty token or one over
    ///   ``maximumTokenLength`` characters; `.invalidCharacter` when the
    ///   token's first character would merge with the `:` before it or its
    ///   last character with whatever follows (a combining mark, a joiner),
    ///   which would make the annotation unreadable.
    public static func annotate(_ token: String, type: String) throws(MaskingError) -> String {
        guard (1...maximumTypeLength).contains(type.utf8.count), type.utf8.allSatisfy(isTypeByte) else {
            throw MaskingError(
                code: .invalidFormat,
                message: "a surrogate type is 1 to \(maximumTypeLength) of A-Z 0-9 _, got \(type.debugDescription)")
        }
        let length = token.count
        guard (1...maximumTokenLength).contains(length) else {
            throw MaskingError(
                code: .invalidLength,
                message: "a surrogate token has 1 to \(maximumTokenLength) characters, got \(length)")
        }
        if let first = token.first, let last = token.last {
            var prefixed = ":"
            prefixed.append(first)
            var doubled = String(last)
            doubled.append(last)
            guard prefixed.count == 2, doubled.count == 2 else {
                throw MaskingError(
                    code: .invalidCharacter,
                    message: "the \(type) token starts or ends with a character that merges with its neighbours")
            }
        }
        return "\(type)(\(length)):\(token)"
    }

    /// Every well-formed annotation in `text`, in order and not overlapping.
    ///
    /// Look-alikes are skipped, never guessed at: a type that is too long,
    /// lower-case or glued to a preceding word character, a length with a
    /// leading zero or more than six digits, a missing `)` or `:`, or fewer
    /// characters left than the length announces. Scanning continues after
    /// each match's token, so text inside a token is never matched. Cost:
    /// one pass over the UTF-8 bytes, plus a character walk over each token.
    ///
    /// - Throws: ``MaskingError`` `.tooLarge` when `text` is over
    ///   ``maximumTextByteCount`` UTF-8 bytes.
    public static func find(in text: String) throws(MaskingError) -> [SurrogateMatch] {
        let utf8 = text.utf8
        guard utf8.count <= maximumTextByteCount else {
            throw MaskingError(
                code: .tooLarge,
                message: "a text of \(utf8.count) UTF-8 bytes is over the \(maximumTextByteCount)-byte limit for surrogate search")
        }
        let bytes = Array(utf8)
        var matches: [SurrogateMatch] = []
        var position = 0
        // The end of the last match: a type never reaches back into its token.
        var floor = 0
        while position < bytes.count {
            guard bytes[position] == UInt8(ascii: "(") else {
                position += 1
                continue
            }
            if let match = match(openingAt: position, after: floor, in: text, bytes: bytes) {
                matches.append(match.match)
                position = match.end
                floor = match.end
            } else {
                position += 1
            }
        }
        return matches
    }

    /// `text` with every annotation (as found by ``find(in:)``) replaced by
    /// what `transform` returns for it, typically the decrypted token.
    ///
    /// All or nothing: if `transform` throws, the error propagates and no
    /// partial text is returned.
    ///
    /// - Throws: ``MaskingError`` `.tooLarge` as ``find(in:)``, or whatever
    ///   `transform` throws.
    public static func replace(
        in text: String, _ transform: (SurrogateMatch) throws(MaskingError) -> String
    ) throws(MaskingError) -> String {
        let matches = try find(in: text)
        guard !matches.isEmpty else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var copied = text.startIndex
        for match in matches {
            result += text[copied..<match.range.lowerBound]
            result += try transform(match)
            copied = match.range.upperBound
        }
        result += text[copied...]
        return result
    }

    // MARK: Parsing

    private static func isTypeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): true
        default: false
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        isTypeByte(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }

    /// The annotation whose `(` is at byte `open` and whose type starts at
    /// or after byte `floor`, and the byte offset just past its token; `nil`
    /// for anything malformed.
    private static func match(
        openingAt open: Int, after floor: Int, in text: String, bytes: [UInt8]
    ) -> (match: SurrogateMatch, end: Int)? {
        // TYPE: the run of type bytes before "(", whole and not glued to a word
        // (a run cut short by the previous token is glued to it).
        var typeStart = open
        while typeStart > floor, isTypeByte(bytes[typeStart - 1]), open - typeStart <= maximumTypeLength {
            typeStart -= 1
        }
        let typeLength = open - typeStart
        guard (1...maximumTypeLength).contains(typeLength) else { return nil }
        if typeStart > 0, isWordByte(bytes[typeStart - 1]) { return nil }

        // (len): 1 to 6 decimal digits, no leading zero, then "):".
        var cursor = open + 1
        var length = 0
        while cursor < bytes.count, cursor - open <= 7, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[cursor]) {
            length = length * 10 + Int(bytes[cursor] - UInt8(ascii: "0"))
            cursor += 1
        }
        let digitCount = cursor - open - 1
        guard (1...6).contains(digitCount), bytes[open + 1] != UInt8(ascii: "0"),
            cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: ")"), bytes[cursor + 1] == UInt8(ascii: ":"),
            length <= maximumTokenLength
        else { return nil }

        // The token: exactly `length` characters from a character boundary.
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: typeStart)
        let tokenStart = utf8.index(utf8.startIndex, offsetBy: cursor + 2)
        guard String.Index(start, within: text) != nil, String.Index(tokenStart, within: text) != nil else { return nil }
        var tokenEnd = tokenStart
        for _ in 0..<length {
            guard tokenEnd < text.endIndex else { return nil }
            tokenEnd = text.index(after: tokenEnd)
        }
        let type = String(decoding: bytes[typeStart..<open], as: UTF8.self)
        let match = SurrogateMatch(
            type: type, token: String(text[tokenStart..<tokenEnd]), range: start..<tokenEnd, tokenRange: tokenStart..<tokenEnd)
        return (match, utf8.distance(from: utf8.startIndex, to: tokenEnd))
    }
}
