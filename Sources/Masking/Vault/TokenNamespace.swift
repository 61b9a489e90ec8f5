public import ConsentKitCore

/// The name of a token space in a ``TokenVault``, such as `card-numbers` or
/// `contact.email`.
///
/// A value gets one token per namespace: the same card number tokenized under
/// `card-numbers` and under `billing.cards` gets two unrelated tokens, and a
/// token resolves only in the namespace that issued it. So two systems that
/// must not be able to join their data use two namespaces.
///
/// 1 to 64 characters from `a-z`, `0-9`, `.`, `_` and `-`: namespaces become
/// column values, key prefixes and audit details, so they never need escaping
/// or case folding.
public struct TokenNamespace: Hashable, Comparable, Sendable, StringRepresentable, CustomStringConvertible {
    /// The longest namespace accepted, in characters.
    public static let maximumLength = 64

    /// The name as given.
    public let rawValue: String

    /// Validates and wraps `rawValue`.
    /// - Throws: ``MaskingError`` `.invalidFormat` for an empty or too long
    ///   name, or a character outside `[a-z0-9._-]`.
    public init(_ rawValue: String) throws(MaskingError) {
        guard (1...Self.maximumLength).contains(rawValue.utf8.count) else {
            throw MaskingError(
                code: .invalidFormat,
                message: "a token namespace needs 1 to \(Self.maximumLength) characters, got \(rawValue.utf8.count)")
        }
        if let bad = rawValue.utf8.first(where: { !Self.isAllowed($0) }) {
            throw MaskingError(
                code: .invalidFormat,
                message: "token namespace \(rawValue.debugDescription) has byte 0x\(String(bad, radix: 16)); only a-z 0-9 . _ - are allowed")
        }
        self.rawValue = rawValue
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default: false
        }
    }



    /// Orders by the name's bytes (ASCII only, so also by characters).
    public static func < (lhs: TokenNamespace, rhs: TokenNamespace) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }

    /// The name.
    public var description: String { rawValue }
}
