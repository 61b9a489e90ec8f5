/// The preference centre refused a request. Nothing was stored or changed.
///
/// The code is opaque so new kinds can be added without breaking callers:
/// compare `error.code` with the static codes, read `message` for the
/// offending key, purpose and value.
public struct PreferenceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The catalog does not declare the preference's purpose.
        public static let unknownPurpose = Code("unknownPurpose")
        /// The purpose is declared but not allowed for the subject right now
        /// (no consent, withdrawn, objected, expired, ...).
        public static let purposeNotAllowed = Code("purposeNotAllowed")
        /// The value's kind differs from the one the schema declares for the key.
        public static let wrongValueType = Code("wrongValueType")
        /// The schema does not declare the key and allows no undeclared keys.
        public static let undeclaredKey = Code("undeclaredKey")
        /// The value breaks a limit (too long, too many items, not finite, control characters).
        public static let invalidValue = Code("invalidValue")
        /// The request itself is malformed (nothing to remember, the same key twice,
        /// an update dated before its first recording).
        public static let invalidRequest = Code("invalidRequest")

        /// A short human-readable form.
        public var description: String { name }
    }

    /// The kind of problem.
    public let code: Code
    /// What was wrong, naming the offending key, purpose or value.
    public let message: String

    /// Creates an error; prefer the static factories.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// A short human-readable form.
    public var description: String { "PreferenceError.\(code): \(message)" }

    static func invalidValue(_ key: PreferenceKey, _ problem: String) -> PreferenceError {
        PreferenceError(code: .invalidValue, message: "preference \"\(key)\": \(problem)")
    }
}
