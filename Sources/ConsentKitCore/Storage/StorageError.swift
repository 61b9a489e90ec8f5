/// A storage adapter refused or failed an operation.
///
/// Adapters throw these so callers can react the same way whatever the
/// backend: retry after a `.conflict`, report `.corrupt` state, surface
/// `.unavailable`.
public struct StorageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// An optimistic-concurrency check failed: someone else wrote first.
        /// Re-read and retry.
        public static let conflict = Code("conflict")
        /// A record with the same identity already exists.
        public static let duplicate = Code("duplicate")
        /// Stored data does not satisfy the contract (gaps, wrong owner, bad order).
        public static let corrupt = Code("corrupt")
        /// The request itself was invalid (a negative sequence, a bad range).
        public static let invalidRequest = Code("invalidRequest")
        /// The backend could not be reached or failed.
        public static let unavailable = Code("unavailable")

        public var description: String { name }
    }

    /// The kind of failure.
    public let code: Code
    /// What happened, naming the record.
    public let message: String

    /// Creates an error; adapters may use this for their own failures.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "StorageError.\(code): \(message)" }

    /// An expected-version check failed.
    public static func conflict(_ what: String, expected: Int, actual: Int) -> StorageError {
        StorageError(code: .conflict, message: "\(what): expected version \(expected), found \(actual)")
    }
}
