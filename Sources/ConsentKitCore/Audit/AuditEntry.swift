#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// One record in the audit log: who did what, to whose data, for which
/// purpose, with what outcome, and when.
///
/// An entry holds no personal data by construction: the subject appears only
/// as a keyed ``SubjectPseudonym``, and ``details`` is meant for small
/// structured facts (a notice version, a rule id, a record count), never the
/// values of personal fields. ``AuditLog`` rejects details that contain the raw
/// subject identifier.
///
/// Every entry has one canonical byte encoding (``canonicalEncoding``, format
/// documented at ``init(canonicalEncoding:)``), computed once at construction;
/// its leaf hash is what the Merkle tree commits to. Two entries are equal when
/// their encodings are equal, which means byte-identical strings: Swift's
/// canonical-equivalence rule for `String` does not apply here.
///
/// Limits: ``kind``, ``actor``, ``action``, ``outcome`` and detail keys follow
/// the identifier rules (not empty, at most 256 UTF-8 bytes, no control
/// characters); at most ``maximumDetailCount`` details, each value at most
/// ``maximumDetailValueByteCount`` UTF-8 bytes.
public struct AuditEntry: Hashable, Sendable, CustomStringConvertible {
    /// What sort of event an entry records. Open: hosts add their own with `init(rawValue:)`.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// The kind's stable name, part of the canonical encoding.
        public let rawValue: String

        /// A kind named by the host, checked when the entry is built.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A consent was given, changed, withdrawn or expired.
        public static let consent = Kind(rawValue: "consent")
        /// An access decision worth auditing (allowed or denied).
        public static let accessDecision = Kind(rawValue: "access")
        /// Personal data was deleted, for example by a retention sweep.
        public static let deletion = Kind(rawValue: "deletion")
        /// Personal data was exported, for example for an access request.
        public static let export = Kind(rawValue: "export")
        /// A data-subject request was received or completed.
        public static let subjectRequest = Kind(rawValue: "subject-request")
        /// A subject was erased (their pseudonym key destroyed).
        public static let erasure = Kind(rawValue: "erasure")
        /// The privacy catalog, a notice or a policy changed.
        public static let policyChange = Kind(rawValue: "policy")
        /// An external privacy signal (GPC, TCF string) was received.
        public static let signal = Kind(rawValue: "signal")

        /// The raw value.
        public var description: String { rawValue }
    }

    /// How the audited action ended. Open: hosts add their own with `init(rawValue:)`.
    public struct Outcome: Hashable, Sendable, CustomStringConvertible {
        /// The outcome's stable name, part of the canonical encoding.
        public let rawValue: String

        /// An outcome named by the host, checked when the entry is built.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The action happened.
        public static let success = Outcome(rawValue: "success")
        /// The action was refused by a policy decision.
        public static let denied = Outcome(rawValue: "denied")
        /// The action was attempted and failed.
        public static let failure = Outcome(rawValue: "failure")

        /// The raw value.
        public var description: String { rawValue }
    }

    /// The most details an entry may carry.
    public static let maximumDetailCount = 32
    /// The longest detail value, in UTF-8 bytes.
    public static let maximumDetailValueByteCount = 1024

    /// What sort of event this is.
    public let kind: Kind
    /// Who acted: a service name, an operator id, `"subject"` for self-service.
    public let actor: String
    /// The keyed pseudonym of the data subject concerned, if any.
    public let subject: SubjectPseudonym?
    /// The purpose the action served, if any.
    public let purpose: PurposeID?
    /// What was done, for example `"grant"`, `"withdraw"`, `"read"`, `"purge"`.
    public let action: String
    /// How it ended.
    public let outcome: Outcome
    /// Small structured facts, such as `["notice": "v3", "rule": "r-12"]`.
    public let details: [String: String]
    /// When it happened, in whole milliseconds since 1970-01-01T00:00:00Z.
    public let timestampMilliseconds: Int64
    /// The canonical encoding: the exact bytes the leaf hash covers.
    public let canonicalEncoding: [UInt8]

    /// Builds and validates an entry, rounding `timestamp` down to the millisecond.
    /// Cost: one pass to encode the entry.
    /// - Throws: ``AuditError`` `.invalidEntry` naming the field that breaks a limit.
    public init(
        kind: Kind,
        actor: String,
        subject: SubjectPseudonym?,
        purpose: PurposeID?,
        action: String,
        outcome: Outcome,
        details: [String: String] = [:],
        timestamp: Date
    ) throws(AuditError) {
        try self.init(
            kind: kind, actor: actor, subject: subject, purpose: purpose, action: action, outcome: outcome,
            details: details, timestampMilliseconds: timestamp.auditMilliseconds)
    }

    /// Builds and validates an entry with an exact millisecond time.
    /// - Throws: ``AuditError`` `.invalidEntry` naming the field that breaks a limit.
    public init(
        kind: Kind,
        actor: String,
        subject: SubjectPseudonym?,
        purpose: PurposeID?,
        action: String,
        outcome: Outcome,
        details: [String: String] = [:],
        timestampMilliseconds: Int64
    ) throws(AuditError) {
        try Self.validateIdentifier(kind.rawValue, kind: "audit entry kind")
        try Self.validateIdentifier(actor, kind: "audit entry actor")
        try Self.validateIdentifier(action, kind: "audit entry action")
        try Self.validateIdentifier(outcome.rawValue, kind: "audit entry outcome")
        guard details.count <= Self.maximumDetailCount else {
            throw .invalidEntry("audit entry has \(details.count) details, the limit is \(Self.maximumDetailCount)")
        }
        for (key, value) in details {
            try Self.validateIdentifier(key, kind: "audit entry detail key")
            guard value.utf8.count <= Self.maximumDetailValueByteCount else {
                throw .invalidEntry(
                    "audit entry detail \(key.debugDescription) is \(value.utf8.count) UTF-8 bytes, the limit is \(Self.maximumDetailValueByteCount)"
                )
            }
        }
        self.kind = kind
        self.actor = actor
        self.subject = subject
        self.purpose = purpose
        self.action = action
        self.outcome = outcome
        self.details = details
        self.timestampMilliseconds = timestampMilliseconds
        self.canonicalEncoding = Self.encode(
            kind: kind, actor: actor, subject: subject, purpose: purpose, action: action, outcome: outcome,
            details: details, timestampMilliseconds: timestampMilliseconds)
    }

    /// When it happened.
    public var timestamp: Date { Date(auditMilliseconds: timestampMilliseconds) }

    /// The RFC 9162 leaf hash of ``canonicalEncoding``: what the tree commits to.
    public var leafHash: MerkleHash { MerkleHash.leaf(canonicalEncoding) }

    /// Entries are equal when their canonical encodings are byte-identical.
    public static func == (lhs: AuditEntry, rhs: AuditEntry) -> Bool {
        lhs.canonicalEncoding == rhs.canonicalEncoding
    }

    /// Hashes the canonical encoding.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(canonicalEncoding)
    }

    /// A one-line summary for logs: the pseudonym is shortened, no detail values are shown.
    public var description: String {
        let subjectText = subject.map { String($0.hexString.prefix(16)) + "…" } ?? "-"
        return "AuditEntry(\(kind) \(action) → \(outcome) by \(actor), subject \(subjectText), purpose \(purpose?.rawValue ?? "-"), \(timestampMilliseconds) ms)"
    }

    // `kind` is a literal: no string is built unless validation fails.
    private static func validateIdentifier(_ value: String, kind: String) throws(AuditError) {
        do {
            _ = try IdentifierValidation.validate(value, kind: kind)
        } catch {
            throw .invalidEntry(error.description)
        }
    }
}
