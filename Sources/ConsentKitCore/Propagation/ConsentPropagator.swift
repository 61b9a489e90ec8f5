import ConsentKitCrypto

/// Turns recorded consent events into outbox messages for the processors and
/// partners named in the privacy notice, so each learns of every change to
/// the purposes it serves (GDPR Art. 7(3) and 19; CCPA regs §7026(f)).
///
/// Who is told, per purpose of an event:
/// - a **grant** goes to the recipients the referenced notice version names
///   for that purpose (``PrivacyNotice/PurposeTerms/recipients``) — the ones
///   the subject agreed to share with;
/// - a **refusal** (deny, withdraw, object, expire) goes to the recipients
///   every published version of the purpose's notice ever named, because
///   any of them may have received data under an earlier version.
///
/// Each recipient hears only about its own purposes: recipients with the
/// same purposes share one ``OutboxMessage``, others get their own. Message
/// ids are derived from the subject, the event id and the purposes, so
/// propagating the same events again (after a retried `record`, or from
/// ``propagate(_:)`` over a subject's history) enqueues nothing new.
///
/// The ledger calls ``propagate(_:)`` right after storing events. The ledger
/// and the outbox are separate stores, so a crash between the two writes
/// leaves the change un-notified until the same `record` call is retried
/// (the ledger then propagates the already-recorded events again) or the
/// host re-propagates the subject's history.
public struct ConsentPropagator: Sendable {
    /// The catalog that says which notice describes each purpose.
    public let catalog: PrivacyCatalog
    private let noticeStore: any NoticeStore
    private let outbox: any ConsentOutbox

    /// Creates a propagator reading notices from `noticeStore` and writing to `outbox`.
    public init(catalog: PrivacyCatalog, noticeStore: any NoticeStore, outbox: any ConsentOutbox) {
        self.catalog = catalog
        self.noticeStore = noticeStore
        self.outbox = outbox
    }

    /// Enqueues the messages for `events`, atomically, and returns them
    /// (empty when no purpose has a recipient). Idempotent.
    /// - Throws: ``StorageError`` from the notice store or the outbox.
    @discardableResult
    public func propagate(_ events: [ConsentEvent]) async throws -> [OutboxMessage] {
        let messages = try await messages(for: events)
        if !messages.isEmpty { try await outbox.enqueue(messages) }
        return messages
    }

    /// The messages for `events`, without enqueueing them. One notice-store
    /// read per notice involved.
    public func messages(for events: [ConsentEvent]) async throws -> [OutboxMessage] {
        var noticeIDs = Set<NoticeID>()
        for event in events {
            if let notice = event.notice { noticeIDs.insert(notice.id) }
            for purpose in event.purposes {
                if let notice = catalog.purpose(purpose)?.notice { noticeIDs.insert(notice) }
            }
        }
        var notices: [NoticeID: [PrivacyNotice]] = [:]
        for id in noticeIDs { notices[id] = try await noticeStore.versions(of: id) }
        return try events.flatMap { try Self.messages(for: $0, catalog: catalog, notices: notices) }
    }

    /// The messages for one event, given every published version of the
    /// notices involved (`notices[id]` in version order). Pure.
    /// - Throws: ``ValidationError`` when a recipient name in a notice is not
    ///   a valid identifier (empty, longer than 256 bytes, control characters).
    public static func messages(
        for event: ConsentEvent, catalog: PrivacyCatalog, notices: [NoticeID: [PrivacyNotice]]
    ) throws(ValidationError) -> [OutboxMessage] {
        var purposesByRecipient: [String: [PurposeID]] = [:]
        for purpose in event.purposes {
            for recipient in recipients(of: purpose, for: event, catalog: catalog, notices: notices) {
                purposesByRecipient[recipient, default: []].append(purpose)
            }
        }
        var recipientsByPurposes: [[PurposeID]: [String]] = [:]
        for (recipient, purposes) in purposesByRecipient {
            recipientsByPurposes[purposes, default: []].append(recipient)
        }
        let groups = recipientsByPurposes.sorted { lhs, rhs in
            lhs.key.map(\.rawValue).joined(separator: "\u{0}").utf8
                .lexicographicallyPrecedes(rhs.key.map(\.rawValue).joined(separator: "\u{0}").utf8)
        }
        var messages: [OutboxMessage] = []
        for (purposes, recipients) in groups {
            messages.append(
                try OutboxMessage(
                    id: messageID(event: event, purposes: purposes), notice: ConsentChangeNotice(event, purposes: purposes),
                    recipients: recipients))
        }
        return messages
    }

    private static func recipients(
        of purpose: PurposeID, for event: ConsentEvent, catalog: PrivacyCatalog, notices: [NoticeID: [PrivacyNotice]]
    ) -> Set<String> {
        if event.kind == .grant, let reference = event.notice {
            guard let versions = notices[reference.id], reference.version >= 1, reference.version <= versions.count
            else { return [] }
            return versions[reference.version - 1].terms(for: purpose)?.recipients ?? []
        }
        var recipients = Set<String>()
        for id in [event.notice?.id, catalog.purpose(purpose)?.notice].compactMap({ $0 }) {
            for version in notices[id] ?? [] {
                recipients.formUnion(version.terms(for: purpose)?.recipients ?? [])
            }
        }
        return recipients
    }

    /// `cc-` and 32 hex digits of SHA-256 over the length-prefixed subject,
    /// event id and purposes: stable across releases and instances.
    static func messageID(event: ConsentEvent, purposes: [PurposeID]) -> String {
        var hasher = SHA256()
        func field(_ text: String) {
            var length = UInt64(text.utf8.count).bigEndian
            withUnsafeBytes(of: &length) { hasher.update($0) }
            hasher.update(text.utf8)
        }
        field("consentkit.outbox.v1")
        field(event.subject.rawValue)
        field(event.id.rawValue)
        for purpose in purposes { field(purpose.rawValue) }
        return "cc-" + hasher.finalize().hexString.prefix(32)
    }
}
