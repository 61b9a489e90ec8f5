/// The ledger refused to record something. Nothing was stored.
public struct ConsentLedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A purpose id the catalog does not declare.
        public static let unknownPurpose = Code("unknownPurpose")
        /// An event names no purpose.
        public static let noPurpose = Code("noPurpose")
        /// A notice version that was never published, or whose hash differs.
        public static let unknownNotice = Code("unknownNotice")
        /// A grant without a notice reference: consent must be informed.
        public static let noticeRequired = Code("noticeRequired")
        /// The notice does not describe one of the purposes granted.
        public static let noticeDoesNotCoverPurpose = Code("noticeDoesNotCoverPurpose")
        /// A notice names a purpose the catalog does not declare.
        public static let noticeNamesUnknownPurpose = Code("noticeNamesUnknownPurpose")
        /// The timestamp is more than the allowed skew in the future.
        public static let timestampInFuture = Code("timestampInFuture")
        /// An expiry at or before the event itself.
        public static let invalidExpiry = Code("invalidExpiry")
        /// Events of one call name different subjects.
        public static let subjectMismatch = Code("subjectMismatch")
        /// A grant whose method is not an affirmative act (implicit, pre-ticked, default).
        public static let notAffirmative = Code("notAffirmative")
        /// A grant over special-category data without an explicit method.
        public static let explicitConsentRequired = Code("explicitConsentRequired")
        /// A subject below the guardian age acted without a guardian.
        public static let guardianRequired = Code("guardianRequired")
        /// An event id reused with different content.
        public static let idempotencyConflict = Code("idempotencyConflict")
        /// The store returned events that break the ledger's invariants.
        public static let corruptHistory = Code("corruptHistory")
        /// The audit log refused the entry, so the event is not reported as recorded.
        public static let auditFailed = Code("auditFailed")

        public var description: String { name }
    }

    /// The kind of problem.
    public let code: Code
    /// What was wrong, naming the offending value.
    public let message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "ConsentLedgerError.\(code): \(message)" }
}
