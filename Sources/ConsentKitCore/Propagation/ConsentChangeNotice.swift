#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What a processor or downstream system is told about one consent change:
/// who, what, which purposes, when — and nothing else.
///
/// Built from a recorded ``ConsentEvent`` by ``ConsentPropagator``, holding
/// only the purposes the recipient is named for in the notice terms, and no
/// evidence (network hashes, form references) or age: a recipient needs to
/// stop or start processing, not the proof.
public struct ConsentChangeNotice: Hashable, Sendable, Codable {
    /// The subject whose consent changed.
    public let subject: SubjectID
    /// The ledger event that changed it.
    public let eventID: ConsentEventID
    /// The event's position in the subject's history, for ordering on the receiving side.
    public let sequence: Int
    /// What happened: granted, denied, withdrawn, objected, expired.
    public let kind: ConsentEventKind
    /// The purposes concerned, restricted to those of this recipient.
    public let purposes: [PurposeID]
    /// The notice version a grant was given under, if any.
    public let notice: NoticeReference?
    /// How the change was expressed (a GPC signal, a preference centre, ...).
    public let method: ConsentMethod
    /// The jurisdiction id the subject was under (``Jurisdiction/id``).
    public let jurisdiction: String
    /// When the change happened.
    public let occurredAt: Date

    /// Creates a notice.
    public init(
        subject: SubjectID, eventID: ConsentEventID, sequence: Int, kind: ConsentEventKind, purposes: [PurposeID],
        notice: NoticeReference?, method: ConsentMethod, jurisdiction: String, occurredAt: Date
    ) {
        self.subject = subject
        self.eventID = eventID
        self.sequence = sequence
        self.kind = kind
        self.purposes = purposes
        self.notice = notice
        self.method = method
        self.jurisdiction = jurisdiction
        self.occurredAt = occurredAt
    }

    /// The notice for `event`, restricted to `purposes`.
    public init(_ event: ConsentEvent, purposes: [PurposeID]) {
        self.init(
            subject: event.subject, eventID: event.id, sequence: event.sequence, kind: event.kind, purposes: purposes,
            notice: event.notice, method: event.method, jurisdiction: event.jurisdiction, occurredAt: event.timestamp)
    }
}
