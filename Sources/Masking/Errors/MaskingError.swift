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
