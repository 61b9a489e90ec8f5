public import ConsentKitCore

/// What a permission allows on a resource: `read`, `write`, `export`,
/// `data1_admin` — any name without whitespace or control characters.
///
/// ``wildcard`` (`*`) in a permission or deny rule means every action; in a
/// request it is just the action named `*`, matched only by wildcard rules.
///
/// Equality, hashing and ordering are by the name's UTF-8 bytes, like the
/// Core identifiers: no case folding, no Unicode normalization.
public struct AccessAction: Hashable, Comparable, Sendable, StringRepresentable, CustomStringConvertible {
    /// The longest name accepted, in UTF-8 bytes.
    public static let maximumByteCount = 64

    /// The name as given.
    public let rawValue: String

    /// Validates a name.
    /// - Throws: ``RBACError`` `.invalidIdentifier` for an empty name, one over
    ///   64 UTF-8 bytes, or one holding whitespace or a control character.
    public init(_ rawValue: String) throws(RBACError) {
        let count = rawValue.utf8.count
        guard count > 0 else { throw .invalidIdentifier("the action name is empty") }
        guard count <= Self.maximumByteCount else {
            throw .invalidIdentifier("action name is \(count) UTF-8 bytes, the limit is \(Self.maximumByteCount)")
        }
        for scalar in rawValue.unicodeScalars
        where scalar.properties.isWhitespace || scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            throw .invalidIdentifier(
                "action name \(rawValue.debugDescription) holds whitespace or a control character (U+\(String(scalar.value, radix: 16, uppercase: true)))"
            )
        }
        self.rawValue = rawValue
    }

    /// For the static constants only: the name is known to be valid.
    private init(known rawValue: String) {
        self.rawValue = rawValue
    }

    /// `*`: in a rule, every action.
    public static let wildcard = AccessAction(known: "*")
    /// `read`.
    public static let read = AccessAction(known: "read")
    /// `write`.
    public static let write = AccessAction(known: "write")
    /// `delete`.
    public static let delete = AccessAction(known: "delete")
    /// `export`.
    public static let export = AccessAction(known: "export")

    /// Whether this is the wildcard `*`.
    public var isWildcard: Bool { rawValue.utf8.count == 1 && rawValue.utf8.first == UInt8(ascii: "*") }

    /// Whether a rule naming this action covers a request for `action`:
    /// the same name, or this is the wildcard.
    public func covers(_ action: AccessAction) -> Bool { isWildcard || self == action }

    /// Equal when the names have the same UTF-8 bytes.
    public static func == (lhs: AccessAction, rhs: AccessAction) -> Bool {
        lhs.rawValue.utf8.elementsEqual(rhs.rawValue.utf8)
    }

    /// Hashes the name's UTF-8 bytes.
    public func hash(into hasher: inout Hasher) {
        for byte in rawValue.utf8 { hasher.combine(byte) }
        hasher.combine(rawValue.utf8.count)
    }

    /// Orders by the names' UTF-8 bytes.
    public static func < (lhs: AccessAction, rhs: AccessAction) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }



    /// The name.
    public var description: String { rawValue }
}
