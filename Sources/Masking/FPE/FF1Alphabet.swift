/// The characters a format-preserving cipher works over, in numeral order:
/// `"0123456789"` for digits (radix 10), `"0123456789abcdefghijklmnopqrstuvwxyz"`
/// for lower-case alphanumerics (radix 36).
///
/// Alphabets made only of single ASCII characters (every built-in one, and
/// most custom ones) map text to numerals through a 128-entry byte table on
/// the string's UTF-8, with no per-character hashing; other alphabets go
/// through a `Character` dictionary.
public struct FF1Alphabet: Hashable, Sendable, CustomStringConvertible {
    /// The characters, numeral 0 first.
    public let characters: [Character]
    private let numerals: [Character: Int]
    /// For an ASCII alphabet: numeral + 1 for each byte 0..<128, 0 for bytes
    /// outside the alphabet. Empty otherwise.
    private let asciiNumerals: [UInt16]
    /// For an ASCII alphabet: the byte of each numeral. Empty otherwise.
    private let asciiBytes: [UInt8]

    /// Decimal digits.
    public static let digits = FF1Alphabet(unchecked: "0123456789")
    /// Digits and lower-case ASCII letters, as in the NIST FF1 samples.
    public static let lowercaseAlphanumerics = FF1Alphabet(unchecked: "0123456789abcdefghijklmnopqrstuvwxyz")
    /// The two binary digits: FF1 over bit strings, for the mixed-radix formats.
    static let bits = FF1Alphabet(unchecked: "01")

    /// An alphabet of distinct characters.
    ///
    /// Besides being distinct, the characters must keep their boundaries when
    /// written next to each other, or a ciphertext could not be read back
    /// character by character: a combining mark, a zero-width joiner, a lone
    /// regional-indicator symbol or a Hangul jamo would merge with its
    /// neighbour, and `"\r"` followed by `"\n"` is one character. Each such
    /// alphabet is refused. Cost: linear in the radix (one check per character).
    ///
    /// - Throws: ``MaskingError`` `.invalidAlphabet` for fewer than 2 or more than
    ///   65,536 characters (FF1's radix range), a repeated character, a
    ///   character that merges with a neighbour, or both `"\r"` and `"\n"`.
    public init(_ characters: String) throws(MaskingError) {
        let list = Array(characters)
        guard (2...65_536).contains(list.count) else {
            throw MaskingError(
                code: .invalidAlphabet, message: "an FF1 alphabet needs 2 to 65,536 characters, got \(list.count)")
        }
        var numerals: [Character: Int] = [:]
        numerals.reserveCapacity(list.count)
        for (index, character) in list.enumerated() {
            guard numerals.updateValue(index, forKey: character) == nil else {
                throw MaskingError(
                    code: .invalidAlphabet, message: "character \(String(character).debugDescription) appears twice")
            }
            // Grapheme clusters that extend to the right or left (extenders,
            // joiners, spacing marks, prepends, jamo, regional indicators) all
            // merge with a copy of themselves; CR + LF is the one pair of
            // distinct characters that merges without either doing so.
            var doubled = String(character)
            doubled.append(character)
            guard doubled.count == 2 else {
                throw MaskingError(
                    code: .invalidAlphabet,
                    message: "character \(String(character).debugDescription) at index \(index) merges with its neighbours")
            }
        }
        if numerals["\r"] != nil, numerals["\n"] != nil {
            throw MaskingError(
                code: .invalidAlphabet, message: "an alphabet cannot hold both \"\\r\" and \"\\n\": together they are one character")
        }
        self.init(list: list, numerals: numerals)
    }

    private init(unchecked characters: String) {
        let list = Array(characters)
        self.init(list: list, numerals: Dictionary(uniqueKeysWithValues: list.enumerated().map { ($1, $0) }))
    }

    private init(list: [Character], numerals: [Character: Int]) {
        self.characters = list
        self.numerals = numerals
        let isASCII = list.allSatisfy { $0.utf8.count == 1 && $0.isASCII }
        if isASCII {
            var table = [UInt16](repeating: 0, count: 128)
            var bytes = [UInt8](repeating: 0, count: list.count)
            for (index, character) in list.enumerated() {
                for byte in character.utf8 {
                    table[Int(byte)] = UInt16(index + 1)
                    bytes[index] = byte
                }
            }
            asciiNumerals = table
            asciiBytes = bytes
        } else {
            asciiNumerals = []
            asciiBytes = []
        }
    }

    /// The number of characters: FF1's radix.
    public var radix: Int { characters.count }

    /// Whether text maps through the ASCII byte table.
    var isASCII: Bool { !asciiBytes.isEmpty }

    /// The numerals of `text`.
    /// - Throws: ``MaskingError`` `.invalidCharacter` naming the first character
    ///   outside the alphabet and its position.
    public func numerals(of text: String) throws(MaskingError) -> [Int] {
        try compactNumerals(of: text).map { Int($0) }
    }

    /// The text for `numerals` (each in `0..<radix`).
    ///
    /// Traps on a numeral outside `0..<radix`; validate first when the
    /// numerals come from outside.
    public func text(of numerals: [Int]) -> String {
        if isASCII {
            return String(unsafeUninitializedCapacity: numerals.count) { buffer in
                for (index, numeral) in numerals.enumerated() { buffer[index] = asciiBytes[numeral] }
                return numerals.count
            }
        }
        return String(numerals.map { characters[$0] })
    }

    /// Two alphabets are equal when they list the same characters in the same order.
    public static func == (lhs: FF1Alphabet, rhs: FF1Alphabet) -> Bool {
        lhs.characters == rhs.characters
    }

    /// Hashes the characters in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(characters)
    }

    public var description: String { "FF1Alphabet(radix \(radix))" }

    // MARK: Internal fast paths

    /// The numerals of `text` as 16-bit values (every radix fits): a byte
    /// table lookup per UTF-8 byte for ASCII alphabets.
    /// - Throws: as ``numerals(of:)``.
    func compactNumerals(of text: String) throws(MaskingError) -> [UInt16] {
        if isASCII {
            var text = text
            let fast: [UInt16]? = text.withUTF8 { utf8 in
                var failed = false
                let result = [UInt16](unsafeUninitializedCapacity: utf8.count) { buffer, initialized in
                    for (index, byte) in utf8.enumerated() {
                        // Bytes ≥ 0x80 (any non-ASCII character) index past the table.
                        let entry = byte < 0x80 ? asciiNumerals[Int(byte)] : 0
                        if entry == 0 {
                            failed = true
                            break
                        }
                        buffer[index] = entry &- 1
                        initialized = index + 1
                    }
                }
                return failed ? nil : result
            }
            if let fast { return fast }
            // Only the error remains: let the character path name it precisely.
        }
        var result: [UInt16] = []
        result.reserveCapacity(text.utf8.count)
        for (position, character) in text.enumerated() {
            guard let numeral = numerals[character] else {
                throw Self.notInAlphabet(character, at: position)
            }
            result.append(UInt16(truncatingIfNeeded: numeral))
        }
        return result
    }

    /// The numeral of one character, or `nil` when it is not in the alphabet.
    func numeral(of character: Character) -> Int? {
        numerals[character]
    }

    /// The text for 16-bit numerals (each in `0..<radix`).
    func text(ofCompact numerals: UnsafeBufferPointer<UInt16>) -> String {
        if isASCII {
            return asciiBytes.withUnsafeBufferPointer { bytes in
                String(unsafeUninitializedCapacity: numerals.count) { buffer in
                    for index in 0..<numerals.count { buffer[index] = bytes[Int(numerals[index])] }
                    return numerals.count
                }
            }
        }
        var text = ""
        text.reserveCapacity(numerals.count)
        for numeral in numerals { text.append(characters[Int(numeral)]) }
        return text
    }

    static func notInAlphabet(_ character: Character, at position: Int) -> MaskingError {
        MaskingError(
            code: .invalidCharacter,
            message: "character \(String(character).debugDescription) at position \(position) is not in the alphabet")
    }
}
