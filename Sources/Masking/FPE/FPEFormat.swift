/// What ``FormatPreservingEncryption`` encrypts in a value and what it keeps
/// in place.
///
/// - ``digits``: the ASCII digits are encrypted, every other character stays
///   where it is: `4111-1111-1111-1111` → `dddd-dddd-dddd-dddd`.
/// - ``creditCard``: like ``digits`` for a card number (8 to 19 digits,
///   spaces and hyphens), and the output passes the Luhn check too.
/// - ``alphanumeric``: ASCII digits stay digits, upper-case letters stay
///   upper-case, lower-case stay lower-case, everything else stays in place.
/// - ``custom(_:)``: the whole value is written in one ``FF1Alphabet``.
public struct FPEFormat: Hashable, Sendable, CustomStringConvertible {
    enum Kind: Hashable, Sendable {
        case digits
        case creditCard
        case alphanumeric
        case custom(FF1Alphabet)
    }

    let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// Encrypts the ASCII digits 0-9 (at least 6, the FF1 domain rule) and
    /// keeps every other character (separators, letters, spaces) in place.
    ///
    /// The digits are encrypted as one sequence, so the same digits with
    /// different separators (`4111 1111…`, `4111-1111…`) get the same
    /// encrypted digits.
    public static let digits = FPEFormat(.digits)

    /// A payment card number: 8 to 19 ASCII digits (ISO/IEC 7812-1), with
    /// spaces and hyphens kept in place, that passes the Luhn check.
    ///
    /// Every digit but the check digit is encrypted, and the check digit is
    /// recomputed, so the output is a Luhn-valid number of the same length
    /// and layout that card validators accept; decryption reverses it. An
    /// input that fails the Luhn check is refused with `.invalidFormat`, any
    /// other character with `.invalidCharacter`.
    public static let creditCard = FPEFormat(.creditCard)

    /// Keeps the character class of every position: ASCII digits stay
    /// digits, `A-Z` stay upper-case, `a-z` stay lower-case, and every other
    /// character stays where it is.
    ///
    /// The letters and digits are encrypted together as one value of a
    /// mixed-radix domain (radix 10 at digit positions, 26 at letter
    /// positions), so a short run of one class is as well protected as the
    /// whole: FF1 over radix 2 with cycle walking, the tweak binding the
    /// context and the class layout. The domain must still reach 1,000,000
    /// values (6 digits, 5 letters, or a mix such as 3 letters and 2 digits);
    /// at most 512 letters and digits are accepted.
    public static let alphanumeric = FPEFormat(.alphanumeric)

    /// Encrypts the whole value over `alphabet`; a character outside it is
    /// refused with `.invalidCharacter` (nothing is kept in place).
    public static func custom(_ alphabet: FF1Alphabet) -> FPEFormat {
        FPEFormat(.custom(alphabet))
    }

    /// A short stable name, also bound into the FF1 tweak so formats never
    /// share ciphertexts: `digits`, `creditCard`, `alphanumeric`, `custom(radix N)`.
    public var description: String {
        switch kind {
        case .digits: "digits"
        case .creditCard: "creditCard"
        case .alphanumeric: "alphanumeric"
        case .custom(let alphabet): "custom(radix \(alphabet.radix))"
        }
    }
}
