/// Which value kind each preference key takes, so a host's preferences stay
/// well-typed across app versions and backends.
///
/// ``standard`` types the four common keys; hosts extend it with their own.
public struct PreferenceSchema: Hashable, Sendable {
    /// The declared kind per key.
    public let kinds: [PreferenceKey: PreferenceValue.Kind]
    /// Whether keys the schema does not declare are accepted (with any kind).
    public let allowsUndeclaredKeys: Bool

    /// Creates a schema.
    public init(kinds: [PreferenceKey: PreferenceValue.Kind], allowsUndeclaredKeys: Bool = true) {
        self.kinds = kinds
        self.allowsUndeclaredKeys = allowsUndeclaredKeys
    }

    /// `topics` and `channels` are lists, `frequency` and `language` are text;
    /// other keys take any kind.
    public static let standard = PreferenceSchema(kinds: [
        .topics: .list, .channels: .list, .frequency: .text, .language: .text,
    ])

    /// The same schema with more keys declared (later declarations win).
    public func declaring(_ more: [PreferenceKey: PreferenceValue.Kind]) -> PreferenceSchema {
        PreferenceSchema(kinds: kinds.merging(more) { $1 }, allowsUndeclaredKeys: allowsUndeclaredKeys)
    }

    /// Checks `value` against the kind declared for `key` and the value limits.
    /// - Throws: ``PreferenceError`` `.wrongValueType`, `.undeclaredKey` or `.invalidValue`.
    public func check(_ key: PreferenceKey, _ value: PreferenceValue) throws(PreferenceError) {
        if let kind = kinds[key] {
            guard value.kind == kind else {
                throw PreferenceError(
                    code: .wrongValueType, message: "preference \"\(key)\" takes a \(kind), got a \(value.kind): \(value)")
            }
        } else if !allowsUndeclaredKeys {
            throw PreferenceError(
                code: .undeclaredKey, message: "preference \"\(key)\" is not declared in the schema, which allows no other keys")
        }
        try value.validate(for: key)
    }
}
