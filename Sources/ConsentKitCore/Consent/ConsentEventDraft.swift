#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A consent event as a host submits it to ``ConsentLedger/record(_:expectedSequence:)-([ConsentEventDraft],_)``:
/// everything but the sequence number, which the ledger assigns.
public struct ConsentEventDraft: Hashable, Sendable {
    /// The event's identity; reuse it when retrying so the record is idempotent.
    public var id: ConsentEventID
    /// The subject.
    public var subject: SubjectID
    /// What the event says.
    public var kind: ConsentEventKind
    /// The purposes, each named (at least one).
    public var purposes: [PurposeID]
    /// The notice version shown; required for a grant.
    public var notice: NoticeReference?
    /// How it was expressed.
    public var method: ConsentMethod
    /// Where it came from.
    public var channel: Channel
    /// Who expressed it.
    public var actor: ConsentActor
    /// The jurisdiction the subject is under.
    public var jurisdiction: Jurisdiction
    /// When it happened; at most five minutes ahead of the ledger's clock.
    public var timestamp: Date
    /// When a grant stops applying, if limited.
    public var expiresAt: Date?
    /// Minimized proof of capture.
    public var evidence: ConsentEvidence
    /// The subject's age when known.
    public var subjectAge: Int?
    /// Whether the grant joins a financial-incentive programme (CCPA).
    public var financialIncentive: Bool

    /// Creates a draft.
    public init(
        id: ConsentEventID = .random(),
        subject: SubjectID,
        kind: ConsentEventKind,
        purposes: [PurposeID],
        notice: NoticeReference? = nil,
        method: ConsentMethod,
        channel: Channel,
        actor: ConsentActor = .subject,
        jurisdiction: Jurisdiction,
        timestamp: Date,
        expiresAt: Date? = nil,
        evidence: ConsentEvidence = .none,
        subjectAge: Int? = nil,
        financialIncentive: Bool = false
    ) {
        self.id = id
        self.subject = subject
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
}
