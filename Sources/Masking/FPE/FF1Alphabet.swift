/// The characters a format-preserving cipher works over, in numeral order:
/// `"0123456789"` for digits (radix 10), `"0123456789abcdefghijklmnopqrstuvwxyz"`
/// for lower-case alphanumerics (radix 36).
public struct FF1Alphabet: Hashable, Sendable, CustomStringConvertible {
    /// The characters, numeral 0 first.
    public let characters: [Character]
    private let numerals: [Character: Int]

    /// Decimal digits.
    public static let digits = FF1Alphabet(unchecked: "0123456789")
    /// Digits and lower-case ASCII letters, as in the NIST FF1 samples.
    public static let lowercaseAlphanumerics = FF1Alphabet(unchecked: "0123456789abcdefghijklmnopqrstuvwxyz")

    /// An alphabet of distinct characters.
    /// - Throws: ``MaskingError`` `.invalidAlphabet` for fewer than 2 or more than
    ///   65,536 characters (FF1's radix range) or a repeated character.
    public init(_ characters: String) throws(MaskingError) {
        let list = Array(characters)
        guard (2...65_536).contains(list.count) else {
            throw MaskingError(
                code: .invalidAlphabet, message: "an FF1 alphabet needs 2 to 65,536 characters, got \(list.count)")
        }
        var numerals: [Character: Int] = [:]
        for (index, character) in list.enumerated() {
            guard numerals.updateValue(index, forKey: character) == nil else {
                throw MaskingError(
                    code: .invalidAlphabet, message: "character \(String(character).debugDescription) appears twice")
            }
        }
        self.characters = list
        self.numerals = numerals
    }

    private init(unchecked characters: String) {
        self.characters = Array(characters)
        self.numerals = Dictionary(uniqueKeysWithValues: self.characters.enumerated().map { ($1, $0) })
    }

    /// The number of characters: FF1's radix.
    public var radix: Int { characters.count }

    /// The numerals of `text`.
    /// - Throws: ``MaskingError`` `.invalidCharacter` naming the first character
    ///   outside the alphabet and its position.
    public func numerals(of text: String) throws(MaskingError) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(text.utf8.count)
        for (position, character) in text.enumerated() {
            guard let numeral = numerals[character] else {
                throw MaskingError(
                    code: .invalidCharacter,
                    message: "character \(String(character).debugDescription) at position \(position) is not in the alphabet")
            }
            result.append(numeral)
        }
        return result
    }

    /// The text for `numerals` (each in `0..<radix`).
    public func text(of numerals: [Int]) -> String {
        String(numerals.map { characters[$0] })
    }

    public var description: String { "FF1Alphabet(radix \(radix))" }
}
