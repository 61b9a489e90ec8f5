/// A masking operation refused its input. Nothing partial is returned.
public struct MaskingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A key of a length the algorithm does not accept.
        public static let invalidKey = Code("invalidKey")
        /// An alphabet with fewer than 2 or more than 65,536 characters, or a repeated one.
        public static let invalidAlphabet = Code("invalidAlphabet")
        /// A character that is not in the alphabet.
        public static let invalidCharacter = Code("invalidCharacter")
        /// Too short for the domain-size rule, or longer than the limit.
        public static let invalidLength = Code("invalidLength")
        /// A tweak longer than the limit.
        public static let invalidTweak = Code("invalidTweak")
        /// Bytes that are not valid UTF-8 where text was expected.
        public static let invalidUTF8 = Code("invalidUTF8")
        /// An input over a size limit (value, record, free text).
        public static let tooLarge = Code("tooLarge")
        /// A value of another JSON type than the strategy needs (a number where a string was expected).
        public static let typeMismatch = Code("typeMismatch")
        /// A field the plan requires is missing from the record.
        public static let missingField = Code("missingField")
        /// A key id that no key in the keyring has (rotated out, or never known).
        public static let unknownKey = Code("unknownKey")
        /// A re-identification (detokenize, decrypt) the access context is not permitted.
        public static let notPermitted = Code("notPermitted")
        /// A ciphertext or token that fails authentication or is unknown: tampered, or another key or context.
        public static let authenticationFailed = Code("authenticationFailed")
        /// Input that does not have the shape the operation reads (a pseudonym, surrogate, date or number format).
        public static let invalidFormat = Code("invalidFormat")
        /// A policy that cannot be compiled (conflicting or invalid rules); the message lists every problem.
        public static let invalidPolicy = Code("invalidPolicy")
        /// The token vault failed (storage unavailable, corrupt stored state); nothing was half-written.
        public static let vaultFailure = Code("vaultFailure")

        public var description: String { name }
    }

    /// The kind of problem.
    public let code: Code
    /// What was wrong, naming the input (never key material).
    public let message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "MaskingError.\(code): \(message)" }
}
