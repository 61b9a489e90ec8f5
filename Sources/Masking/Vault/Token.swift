public import ConsentKitCore

import ConsentKitCrypto

/// A token issued by a ``TokenVault``: a random stand-in for a value, such as
/// `tok_7m2k9q0vx4hd3c8r1ayzt6pwe5`, that only the vault can turn back into
/// the value.
///
/// The format is fixed so that every vault issues the same kind of token and
/// a token can be recognised (and validated) wherever it travels: `tok_`
/// followed by 26 characters of lower-case Crockford base32
/// (`0-9` and `a-z` without `i`, `l`, `o`, `u`), 130 random bits. A token
/// carries nothing about its value — not its length, not a hash, not a
/// key id — so it can be stored, logged and joined on freely; what it points
/// to is protected by the vault and the ``Reidentifier``.
public struct Token: Hashable, Sendable, StringRepresentable, CustomStringConvertible {
    /// What every token starts with.
    public static let prefix = "tok_"
    /// The number of random characters after the prefix (5 bits each: 130 bits).
    public static let randomCharacterCount = 26
    /// The characters after the prefix: lower-case Crockford base32.
    public static let alphabet = "0123456789abcdefghjkmnpqrstvwxyz"

    private static let alphabetBytes = Array(alphabet.utf8)
    private static let prefixBytes = Array(prefix.utf8)

    /// The token as text.
    public let rawValue: String

    /// Validates and wraps a token read back from storage or a request.
    /// - Throws: ``MaskingError`` `.invalidFormat` unless `rawValue` is `tok_`
    ///   and 26 characters of ``alphabet``. The message gives the length and
    ///   the position of the first wrong character, never the text: a
    ///   malformed token may be a raw value passed by mistake.
    public init(_ rawValue: String) throws(MaskingError) {
        let bytes = Array(rawValue.utf8)
        let expectedCount = Self.prefixBytes.count + Self.randomCharacterCount
        guard bytes.count == expectedCount else {
            throw MaskingError(
                code: .invalidFormat,
                message: "a token has \(expectedCount) characters (\(Self.prefix) and \(Self.randomCharacterCount) base32 characters), got \(bytes.count) UTF-8 bytes")
        }
        guard bytes.starts(with: Self.prefixBytes) else {
            throw MaskingError(code: .invalidFormat, message: "a token starts with \(Self.prefix)")
        }
        for position in Self.prefixBytes.count..<bytes.count where !Self.alphabetBytes.contains(bytes[position]) {
            throw MaskingError(
                code: .invalidFormat,
                message: "token character at position \(position) is not lower-case Crockford base32 (\(Self.alphabet))")
        }
        self.rawValue = rawValue
    }

    private init(validated rawValue: String) {
        self.rawValue = rawValue
    }

    /// A fresh token from the system's secure random generator: 26 symbols,
    /// each the low 5 bits of a random byte (256 is a multiple of 32, so
    /// every symbol is uniform). Vault adapters issue tokens with this.
    public static func random() -> Token {
        var bytes = prefixBytes
        bytes.reserveCapacity(prefixBytes.count + randomCharacterCount)
        for byte in SecureRandom.bytes(count: randomCharacterCount) {
            bytes.append(alphabetBytes[Int(byte & 0x1F)])
        }
        return Token(validated: String(decoding: bytes, as: UTF8.self))
    }



    /// The token text: tokens are meant to be shown and stored in place of values.
    public var description: String { rawValue }
}
