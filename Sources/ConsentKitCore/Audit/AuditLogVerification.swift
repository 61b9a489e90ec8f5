/// The outcome of ``AuditLog/verify(against:)``: how much of the stored log
/// was checked, the head recomputed from the store, and the first problem found.
public struct AuditLogVerification: Hashable, Sendable, CustomStringConvertible {
    /// The first place where the stored log departs from what was expected.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        /// What kind of departure. Open: compare with the static values.
        public struct Kind: Hashable, Sendable, CustomStringConvertible {
            private enum Base: Hashable, Sendable {
                case tamperedEntry, reorderedEntry, truncatedLog, rootMismatch
            }

            private let base: Base
            private init(_ base: Base) { self.base = base }

            /// The stored bytes at ``Problem/index`` are not the entry that
            /// was appended there.
            public static let tamperedEntry = Kind(.tamperedEntry)
            /// The record at ``Problem/index`` holds an entry that was
            /// appended at another index (``Problem/originalIndex``).
            public static let reorderedEntry = Kind(.reorderedEntry)
            /// The store ends at ``Problem/index`` but more entries were appended
            /// (or the trusted head covers more).
            public static let truncatedLog = Kind(.truncatedLog)
            /// The stored entries do not hash to the trusted head's root, and
            /// this log instance holds no leaf hashes to pin down which entry
            /// changed (it loaded them from the store itself).
            public static let rootMismatch = Kind(.rootMismatch)

            /// The code's name.
            public var description: String { String(describing: base) }
        }

        /// What kind of departure.
        public let kind: Kind
        /// The first index that does not match; for ``Kind/rootMismatch``,
        /// the trusted head's size (somewhere below it an entry changed).
        public let index: UInt64
        /// For ``Kind/reorderedEntry``: where the entry found at ``index``
        /// was originally appended.
        public let originalIndex: UInt64?
        /// A human-readable explanation.
        public let message: String

        /// Assembles a problem; ``AuditLog/verify(against:)`` creates these.
        public init(kind: Kind, index: UInt64, originalIndex: UInt64? = nil, message: String) {
            self.kind = kind
            self.index = index
            self.originalIndex = originalIndex
            self.message = message
        }

        /// The kind, index and message.
        public var description: String { "\(kind) at index \(index): \(message)" }
    }

    /// The number of stored records that were read and hashed.
    public let checkedCount: UInt64
    /// The head recomputed from the stored records, timestamped at the check.
    public let storedTreeHead: TreeHead
    /// The first problem, or `nil` when the store matches everything expected.
    public let problem: Problem?

    /// Assembles a report; ``AuditLog/verify(against:)`` creates these.
    public init(checkedCount: UInt64, storedTreeHead: TreeHead, problem: Problem?) {
        self.checkedCount = checkedCount
        self.storedTreeHead = storedTreeHead
        self.problem = problem
    }

    /// Whether no problem was found.
    public var isIntact: Bool { problem == nil }

    /// A one-line summary of the outcome.
    public var description: String {
        if let problem { return "audit log verification failed: \(problem)" }
        return "audit log intact: \(checkedCount) records, \(storedTreeHead)"
    }
}
