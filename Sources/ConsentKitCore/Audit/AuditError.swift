/// An audit log operation or proof check failed.
///
/// The code is opaque so new kinds can be added without breaking callers:
/// compare `error.code` with the static codes, read `message` for the offending
/// input. Every rejection of a proof, tree head or stored record is one of
/// these, never a crash and never a silent "valid".
public struct AuditError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidHash, indexOutOfRange, invalidTreeSize, malformedProof, verificationFailed
            case storeInconsistent, invalidEntry, personalData
            case invalidSignature, invalidKey, rollback, fork
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A hash was not 32 bytes, or not 64 hex digits.
        public static let invalidHash = Code(.invalidHash)
        /// A leaf index or range lies outside the tree or the store.
        public static let indexOutOfRange = Code(.indexOutOfRange)
        /// Tree sizes do not fit together (zero where a tree is needed, the
        /// old size above the new one, a proof for another size).
        public static let invalidTreeSize = Code(.invalidTreeSize)
        /// A proof has the wrong number of hashes for its sizes and index.
        public static let malformedProof = Code(.malformedProof)
        /// A well-formed proof or root does not match: the data is not in the
        /// tree, or the two trees are not one growing log.
        public static let verificationFailed = Code(.verificationFailed)
        /// The audit store broke its contract or lost data: records out of
        /// order, missing or extra in an answer, fewer records than this log
        /// already saw, or a record that changed after it was hashed.
        public static let storeInconsistent = Code(.storeInconsistent)
        /// An audit entry or its canonical encoding is malformed.
        public static let invalidEntry = Code(.invalidEntry)
        /// An entry would have carried the raw subject identifier.
        public static let personalData = Code(.personalData)
        /// A tree head signature is missing, malformed or does not verify.
        public static let invalidSignature = Code(.invalidSignature)
        /// Key material has the wrong size or format.
        public static let invalidKey = Code(.invalidKey)
        /// A tree head is smaller than one already checked: the log was
        /// rolled back or truncated.
        public static let rollback = Code(.rollback)
        /// A tree head is not an extension of one already checked: the log
        /// was rewritten (forked).
        public static let fork = Code(.fork)

        /// The code's name.
        public var description: String { String(describing: base) }
    }

    /// The kind of failure.
    public let code: Code
    /// A human-readable explanation naming the offending input (never key bytes).
    public let message: String

    /// Creates an error; prefer the static factories.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    public var description: String { "AuditError.\(code): \(message)" }

    /// A hash (named by `what`) of `byteCount` bytes where 32 are required.
    public static func invalidHash(_ what: String, byteCount: Int) -> AuditError {
        AuditError(code: .invalidHash, message: "\(what) must be 32 bytes, got \(byteCount)")
    }

    /// `index` (named by `what`) does not exist in a tree or store of `size` entries.
    /// Store adapters throw this from reads past the end.
    public static func indexOutOfRange(_ what: String, _ index: UInt64, size: UInt64) -> AuditError {
        AuditError(code: .indexOutOfRange, message: "\(what) \(index) is out of range for size \(size)")
    }

    /// Tree sizes that do not fit together, explained by `message`.
    public static func invalidTreeSize(_ message: String) -> AuditError {
        AuditError(code: .invalidTreeSize, message: message)
    }

    /// A proof (named by `what`) with `count` hashes where `expected` are required.
    public static func malformedProof(_ what: String, count: Int, expected: Int) -> AuditError {
        AuditError(code: .malformedProof, message: "\(what) has \(count) hashes, expected \(expected)")
    }

    /// A well-formed proof or root that does not match, explained by `message`.
    public static func verificationFailed(_ message: String) -> AuditError {
        AuditError(code: .verificationFailed, message: message)
    }

    /// A store that broke its contract, explained by `message`.
    public static func storeInconsistent(_ message: String) -> AuditError {
        AuditError(code: .storeInconsistent, message: message)
    }

    /// A malformed entry or canonical encoding, explained by `message`.
    public static func invalidEntry(_ message: String) -> AuditError {
        AuditError(code: .invalidEntry, message: message)
    }
}
