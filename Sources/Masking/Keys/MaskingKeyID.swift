public import ConsentKitCore

/// The name of a masking key, such as `k2026-11`, carried inside keyed outputs
/// (pseudonyms, tokens, ciphertexts) so they can be traced to the key that made
/// them after a rotation.
///
/// 1 to 32 ASCII letters, digits, `-`, `_` or `.`: it travels inside masked
/// values, so it must never need escaping.
public struct MaskingKeyID: Hashable, Comparable, Sendable, StringRepresentable, CustomStringConvertible {
    /// The longest id accepted, in characters.
    public static let maximumLength = 32

    /// The id as given.
    public let rawValue: String

    /// Validates and wraps `rawValue`.
    /// - Throws: ``MaskingError`` `.invalidKey` for an empty or too long id, or a character outside `[A-Za-z0-9._-]`.
    public init(_ rawValue: String) throws(MaskingError) {
        guard (1...Self.maximumLength).contains(rawValue.utf8.count) else {
            throw MaskingError(
                code: .invalidKey,
                message: "a key id needs 1 to \(Self.maximumLength) characters, got \(rawValue.utf8.count)")
        }
        if let bad = rawValue.utf8.first(where: { !Self.isAllowed($0) }) {
            throw MaskingError(
                code: .invalidKey,
                message: "key id \(rawValue.debugDescription) has byte 0x\(String(bad, radix: 16)); only A-Z a-z 0-9 . _ - are allowed")
        }
        self.rawValue = rawValue
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default: false
        }
    }



    /// Orders by the raw value's bytes.
    public static func < (lhs: MaskingKeyID, rhs: MaskingKeyID) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }

    /// The raw value.
    public var description: String { rawValue }
}
