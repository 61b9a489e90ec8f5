/// A value given to ConsentKit was malformed.
///
/// The code is opaque so new kinds can be added without breaking callers:
/// compare `error.code` with the static codes, read `message` for the offending
/// input and where it was found.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case empty, tooLong, controlCharacter, invalidCharacter, invalidFormat
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The value was empty.
        public static let empty = Code(.empty)
        /// The value was longer than its limit.
        public static let tooLong = Code(.tooLong)
        /// The value contained a control character (U+0000–U+001F, U+007F–U+009F).
        public static let controlCharacter = Code(.controlCharacter)
        /// The value contained a character its kind does not allow.
        public static let invalidCharacter = Code(.invalidCharacter)
        /// The value did not follow its kind's syntax.
        public static let invalidFormat = Code(.invalidFormat)

        public var description: String { String(describing: base) }
    }

    /// The kind of problem.
    public let code: Code
    /// What the value was meant to be, for example `"PurposeID"`.
    public let kind: String
    /// A human-readable explanation naming the offending input.
    public let message: String

    /// Creates an error; prefer the static factories.
    public init(code: Code, kind: String, message: String) {
        self.code = code
        self.kind = kind
        self.message = message
    }

    public var description: String { "invalid \(kind): \(message)" }

    static func empty(_ kind: String) -> ValidationError {
        ValidationError(code: .empty, kind: kind, message: "the value is empty")
    }

    static func tooLong(_ kind: String, byteCount: Int, limit: Int) -> ValidationError {
        ValidationError(code: .tooLong, kind: kind, message: "the value is \(byteCount) UTF-8 bytes, the limit is \(limit)")
    }

    static func controlCharacter(_ kind: String, value: String, offset: Int) -> ValidationError {
        ValidationError(
            code: .controlCharacter, kind: kind,
            message: "control character at UTF-8 offset \(offset) in \(value.debugDescription)")
    }
}
