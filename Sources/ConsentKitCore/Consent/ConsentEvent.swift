#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// One recorded consent event: the unit of proof.
///
/// Events are immutable and numbered per subject from 1 with no gaps; a
/// subject's consent state is the fold of their events in sequence order.
public struct ConsentEvent: Hashable, Sendable, Codable, Identifiable {
    /// The event's identity; recording the same id twice is idempotent.
    public let id: ConsentEventID
    /// The subject the event is about.
    public let subject: SubjectID
    /// The event's position in the subject's history, from 1.
    public let sequence: Int
    /// What the event says.
    public let kind: ConsentEventKind
    /// The purposes it applies to, each named: consent is specific.
    public let purposes: [PurposeID]
    /// The notice version shown, with its content hash; required for grants.
    public let notice: NoticeReference?
    /// How the event was expressed.
    public let method: ConsentMethod
    /// Where it came from.
    public let channel: Channel
    /// Who expressed it.
    public let actor: ConsentActor
    /// The jurisdiction id the subject was under (``Jurisdiction/id``).
    public let jurisdiction: String
    /// When it happened.
    public let timestamp: Date
    /// When a grant stops applying, if it was given for a limited time.
    public let expiresAt: Date?
    /// Minimized proof of capture.
    public let evidence: ConsentEvidence
    /// The subject's age when known, which decides whether a guardian had to act.
    public let subjectAge: Int?
    /// Whether the subject joined a financial-incentive programme with this
    /// grant (CCPA regs §7016), which lets the grant stand against a later
    /// opt-out preference signal (§7025(c)(3)).
    public let financialIncentive: Bool

    /// Assembles an event. Hosts record drafts through ``ConsentLedger``, which
    /// validates them and assigns the sequence; this initializer is for
    /// storage adapters rebuilding stored events.
    public init(
        id: ConsentEventID, subject: SubjectID, sequence: Int, kind: ConsentEventKind, purposes: [PurposeID],
        notice: NoticeReference?, method: ConsentMethod, channel: Channel, actor: ConsentActor, jurisdiction: String,
        timestamp: Date, expiresAt: Date?, evidence: ConsentEvidence, subjectAge: Int?, financialIncentive: Bool
    ) {
        self.id = id
        self.subject = subject
        self.sequence = sequence
        self.kind = kind
        self.purposes = purposes
        self.notice = notice
        self.method = method
        self.channel = channel
        self.actor = actor
        self.jurisdiction = jurisdiction
        self.timestamp = timestamp
        self.expiresAt = expiresAt
        self.evidence = evidence
        self.subjectAge = subjectAge
        self.financialIncentive = financialIncentive
    }

    /// How far apart two instants may be and still count as the same when a
    /// retry is compared with what was stored: databases keep microseconds
    /// (PostgreSQL) or milliseconds, `Date` keeps more.
    public static let timestampTolerance: TimeInterval = 0.001

    /// Whether this event records the same fact as `draft` (ignoring the
    /// sequence, which the ledger assigns, and sub-millisecond differences in
    /// instants, which storage may round away): the test for an idempotent retry.
    public func matches(_ draft: ConsentEventDraft) -> Bool {
        func same(_ a: Date?, _ b: Date?) -> Bool {
            switch (a, b) {
            case (nil, nil): true
            case let (a?, b?): abs(a.timeIntervalSince(b)) < Self.timestampTolerance
            default: false
            }
        }
        return id == draft.id && subject == draft.subject && kind == draft.kind && purposes == draft.purposes
            && notice == draft.notice && method == draft.method && channel == draft.channel && actor == draft.actor
            && jurisdiction == draft.jurisdiction.id && same(timestamp, draft.timestamp)
            && same(expiresAt, draft.expiresAt) && evidence == draft.evidence && subjectAge == draft.subjectAge
            && financialIncentive == draft.financialIncentive
    }
}
