#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import Synchronization

/// The consent ledger: records consent events with proof, and folds them into
/// a ``ConsentState`` per subject.
///
/// Event-sourced and safe for several app instances sharing one store:
/// recording is atomic per subject, guarded by the subject's sequence number
/// (a stale writer gets ``StorageError`` `.conflict`, never a lost update) and
/// idempotent by event id. Every check runs before anything is written, so a
/// refused call leaves the ledger exactly as it was.
///
/// ```swift
/// let ledger = ConsentLedger(catalog: catalog)
/// try await ledger.publish(newsletterNotice)
/// try await ledger.record(ConsentEventDraft(subject: alice, kind: .grant, purposes: [newsletter],
///     notice: newsletterNotice.reference, method: .affirmativeAction, channel: web,
///     jurisdiction: .gdpr, timestamp: .now))
/// let state = try await ledger.state(of: alice)
/// state.decision(for: newsletter, in: DecisionContext(jurisdiction: .gdpr, now: .now)).isAllowed  // true
/// ```
public final class ConsentLedger: Sendable {
    /// How far in the future an event's timestamp may be (clock skew between instances).
    public static let maximumClockSkew: TimeInterval = 300
    /// How many times ``record(_:expectedSequence:)-([ConsentEventDraft],_)`` retries
    /// after losing a race to another app instance when the caller gave no
    /// expected sequence. Writers within one instance queue per subject and
    /// never race each other.
    public static let maximumRetries = 16

    /// The catalog every event is checked against.
    public let catalog: PrivacyCatalog
    private let consentStore: any ConsentStore
    private let noticeStore: any NoticeStore
    private let timeSource: any TimeSource
    private let notices: Mutex<NoticeCache>
    private let writeGate = SubjectWriteGate()
    /// The tamper-evident log every recorded event is written to, if any.
    public let auditLog: AuditLog?
    /// Tells processors and partners of every recorded change (GDPR Art. 7(3),
    /// 19; CCPA §7026), when an outbox is given.
    public let propagator: ConsentPropagator?
    /// Events stored whose audit entry could not be written yet: a retry with
    /// the same id writes it before reporting success.
    private let unaudited = Mutex<Set<ConsentEventID>>([])
    /// Folded states by subject, valid while the store's stream version and
    /// the notice table are the ones they were built from.
    private let stateCache = Mutex<[SubjectID: CachedState]>([:])
    /// How many subjects' states the cache keeps before it starts over.
    public static let stateCacheCapacity = 10_000

    private struct CachedState: Sendable {
        let version: UInt64
        let table: PurposeRuleTable
        let state: ConsentState
    }

    /// The notice history as last read, and the table compiled from it.
    private struct NoticeCache: Sendable {
        var history: [NoticeID: [PrivacyNotice]]
        var table: PurposeRuleTable
    }

    /// Creates a ledger over the given stores (in-memory by default).
    ///
    /// Call ``refreshNotices()`` once after creating a ledger over stores that
    /// already hold notices, and whenever another instance published one.
    /// - Parameters:
    ///   - catalog: the purposes every event is checked against.
    ///   - consentStore: where events live.
    ///   - noticeStore: where notice versions live.
    ///   - timeSource: the clock for the future-timestamp check.
    ///   - auditLog: when given, every recorded event is appended to it
    ///     before the record is reported as done (see the Audit article).
    ///   - outbox: when given, every recorded change is enqueued for the
    ///     recipients the notices name, before the record is reported as done.
    public init(
        catalog: PrivacyCatalog,
        consentStore: any ConsentStore = InMemoryConsentStore(),
        noticeStore: any NoticeStore = InMemoryNoticeStore(),
        timeSource: any TimeSource = SystemTimeSource(),
        auditLog: AuditLog? = nil,
        outbox: (any ConsentOutbox)? = nil
    ) {
        self.catalog = catalog
        self.consentStore = consentStore
        self.noticeStore = noticeStore
        self.timeSource = timeSource
        self.auditLog = auditLog
        self.propagator = outbox.map { ConsentPropagator(catalog: catalog, noticeStore: noticeStore, outbox: $0) }
        self.notices = Mutex(NoticeCache(history: [:], table: PurposeRuleTable(catalog: catalog, noticeHistory: [:])))
    }

    // MARK: Notices

    /// Publishes the next version of a notice and returns what changed
    /// materially since the previous version (`nil` for a first version).
    /// Consents given under earlier versions to a materially changed purpose
    /// become stale: their decisions say `.reconsentNeeded`.
    /// - Throws: ``ConsentLedgerError`` `.noticeNamesUnknownPurpose`;
    ///   ``StorageError`` `.conflict` unless the version is the latest + 1.
    @discardableResult
    public func publish(_ notice: PrivacyNotice) async throws -> NoticeDiff? {
        for term in notice.terms where catalog.purpose(term.purpose) == nil {
            throw ConsentLedgerError(
                code: .noticeNamesUnknownPurpose,
                message: "notice \(notice.id) v\(notice.version) describes purpose \"\(term.purpose)\", which the catalog does not declare")
        }
        let previous = notice.version > 1 ? try await noticeStore.notice(notice.id, version: notice.version - 1) : nil
        try await noticeStore.publish(notice)
        try await refreshNotices([notice.id])
        return previous.map { NoticeDiff(from: $0, to: notice) }
    }

    /// Reloads the whole notice history from the notice store. Call it after
    /// start-up over a populated store and when another instance published.
    public func refreshNotices() async throws {
        var history: [NoticeID: [PrivacyNotice]] = [:]
        for id in try await noticeStore.noticeIDs() {
            history[id] = try await noticeStore.versions(of: id)
        }
        let fresh = PurposeRuleTable(catalog: catalog, noticeHistory: history)
        notices.withLock { $0 = NoticeCache(history: history, table: fresh) }
    }

    /// Reloads the versions of some notices only.
    private func refreshNotices(_ ids: Set<NoticeID>) async throws {
        var versions: [NoticeID: [PrivacyNotice]] = [:]
        for id in ids { versions[id] = try await noticeStore.versions(of: id) }
        let catalog = self.catalog
        notices.withLock { cache in
            var history = cache.history
            for (id, list) in versions { history[id] = list }
            cache = NoticeCache(history: history, table: PurposeRuleTable(catalog: catalog, noticeHistory: history))
        }
    }

    private var table: PurposeRuleTable { notices.withLock { $0.table } }

    // MARK: Recording

    /// Records one event. See ``record(_:expectedSequence:)-([ConsentEventDraft],_)`` for the batch form.
    @discardableResult
    public func record(_ draft: ConsentEventDraft, expectedSequence: Int? = nil) async throws -> RecordedConsent {
        try await record([draft], expectedSequence: expectedSequence)
    }

    /// Records events for one subject, atomically.
    ///
    /// - Parameters:
    ///   - drafts: at least one event, all for the same subject.
    ///   - expectedSequence: the subject's latest sequence the caller last saw;
    ///     when given and stale, the call fails with a conflict. When `nil`,
    ///     the ledger retries races itself (up to ``maximumRetries``).
    /// - Returns: the stored events; when every draft's id was already
    ///   recorded with the same content, the original events and `wasAlreadyRecorded`.
    /// - Throws: ``ConsentLedgerError`` for invalid events (unknown purposes or
    ///   notices, future timestamps, non-affirmative grants, missing explicit
    ///   consent or guardian, mixed subjects, reused ids) and ``StorageError``
    ///   from the store (`.conflict` for a stale `expectedSequence`).
    @discardableResult
    public func record(_ drafts: [ConsentEventDraft], expectedSequence: Int? = nil) async throws -> RecordedConsent {
        guard let subject = drafts.first?.subject else {
            throw ConsentLedgerError(code: .noPurpose, message: "nothing to record: no events given")
        }
        let table = try await tableCovering(drafts)
        let now = timeSource.now()
        var ids = Set<ConsentEventID>()
        for draft in drafts {
            try validate(draft, subject: subject, table: table, now: now)
            guard ids.insert(draft.id).inserted else {
                throw ConsentLedgerError(
                    code: .idempotencyConflict, message: "event id \(draft.id) appears twice in one batch")
            }
        }

        await writeGate.acquire(subject)
        defer { writeGate.release(subject) }
        var history = try await consentStore.events(for: subject)
        var attempt = 0
        while true {
            let latest = try checkedLatest(history, subject: subject)
            if let existing = try alreadyRecorded(drafts, in: history) {
                // A retry of a call whose audit append failed completes it now.
                let pending = unaudited.withLock { set in existing.filter { set.contains($0.id) } }
                let audit = pending.isEmpty ? nil : try await audit(pending)
                // Propagation is idempotent: a retry repairs a crash between append and enqueue.
                _ = try await propagator?.propagate(existing)
                return RecordedConsent(events: existing, wasAlreadyRecorded: true, audit: audit)
            }
            if let expectedSequence, expectedSequence != latest {
                throw StorageError.conflict("consent stream of \(subject)", expected: expectedSequence, actual: latest)
            }
            let events = drafts.enumerated().map { offset, draft in
                ConsentEvent(
                    id: draft.id, subject: subject, sequence: latest + offset + 1, kind: draft.kind,
                    purposes: draft.purposes, notice: draft.notice, method: draft.method, channel: draft.channel,
                    actor: draft.actor, jurisdiction: draft.jurisdiction.id, timestamp: draft.timestamp,
                    expiresAt: draft.expiresAt, evidence: draft.evidence, subjectAge: draft.subjectAge,
                    financialIncentive: draft.financialIncentive)
            }
            do {
                try await consentStore.append(events, for: subject, expectedSequence: latest)
            } catch let error as StorageError where error.code == .conflict && expectedSequence == nil {
                // Another instance wrote first: back off a little (jittered,
                // growing), read only what it added, and try again.
                attempt += 1
                if attempt > Self.maximumRetries { throw error }
                try await ConflictBackoff.pause(afterAttempt: attempt)
                history += try await consentStore.events(for: subject, fromSequence: latest + 1)
                continue
            }
            let auditResult = try await audit(events)
            _ = try await propagator?.propagate(events)
            return RecordedConsent(events: events, wasAlreadyRecorded: false, audit: auditResult)
        }
    }

    /// Appends one audit entry per event, or throws `.auditFailed` and
    /// remembers the events so that a retry of the same call completes them.
    private func audit(_ events: [ConsentEvent]) async throws -> AuditBatchAppendResult? {
        guard let auditLog else { return nil }
        do {
            var entries: [AuditEntry] = []
            entries.reserveCapacity(events.count)
            for event in events {
                entries.append(try await Self.auditEntry(for: event, in: auditLog))
            }
            let result = try await auditLog.append(contentsOf: entries)
            unaudited.withLock { set in for event in events { set.remove(event.id) } }
            return result
        } catch {
            unaudited.withLock { set in for event in events { set.insert(event.id) } }
            throw ConsentLedgerError(
                code: .auditFailed,
                message: "events \(events.map(\.id.rawValue).joined(separator: ", ")) are stored but their audit entries could not be written (\(error)); retry the same call to complete them")
        }
    }

    /// The audit entry for a consent event: the subject as a keyed pseudonym,
    /// the facts of the event as details, no personal data.
    static func auditEntry(for event: ConsentEvent, in auditLog: AuditLog) async throws -> AuditEntry {
        var details = [
            "event": event.id.rawValue,
            "sequence": String(event.sequence),
            "purposes": event.purposes.map(\.rawValue).joined(separator: ","),
            "method": event.method.rawValue,
            "channel": event.channel.rawValue,
            "jurisdiction": event.jurisdiction,
        ]
        if let notice = event.notice {
            details["notice"] = "\(notice.id.rawValue) v\(notice.version)"
            details["noticeHash"] = notice.contentHash
        }
        if let expiresAt = event.expiresAt { details["expiresAt"] = expiresAt.formatted(.iso8601) }
        if let signal = event.evidence.signalHash { details["signalHash"] = signal }
        try AuditLog.checkNoRawIdentifier(event.subject, actor: event.actor.description, details: details)
        return try AuditEntry(
            kind: .consent, actor: event.actor.description,
            subject: try await auditLog.pseudonymizer.pseudonym(for: event.subject),
            purpose: event.purposes.count == 1 ? event.purposes.first : nil, action: "consent.\(event.kind.rawValue)",
            outcome: .success, details: details, timestamp: event.timestamp)
    }

    /// Records an opt-out through Global Privacy Control for every sale or
    /// sharing purpose the subject is currently allowed, as proof that the
    /// signal was honoured (CCPA regs §7025). Does nothing (returns `nil`)
    /// where the jurisdiction does not honour opt-out signals or nothing is allowed.
    /// - Throws: as ``record(_:expectedSequence:)-([ConsentEventDraft],_)``.
    @discardableResult
    public func applyGlobalPrivacyControl(
        subject: SubjectID, jurisdiction: Jurisdiction, channel: Channel, evidence: ConsentEvidence = .none
    ) async throws -> RecordedConsent? {
        guard jurisdiction.honorsOptOutSignals else { return nil }
        let now = timeSource.now()
        let state = try await state(of: subject)
        let context = DecisionContext(jurisdiction: jurisdiction, now: now)
        let purposes = catalog.purposes.filter {
            $0.isSaleOrSharing && state.decision(for: $0.id, in: context).isAllowed
        }.map(\.id)
        guard !purposes.isEmpty else { return nil }
        return try await record(
            ConsentEventDraft(
                subject: subject, kind: .withdraw, purposes: purposes, method: .globalPrivacyControl, channel: channel,
                actor: .subject, jurisdiction: jurisdiction, timestamp: now, evidence: evidence))
    }

    // MARK: Reading

    /// The subject's consent, folded from their events. One store read.
    /// - Throws: ``StorageError`` from the store; ``ConsentLedgerError``
    ///   `.corruptHistory` when the stored events break the ledger's invariants.
    ///
    /// When the store provides stream versions (``ConsentStore/streamVersion(for:)``),
    /// an unchanged stream is served from a per-ledger cache: one cheap store
    /// read, no fold.
    public func state(of subject: SubjectID) async throws -> ConsentState {
        let table = self.table
        // Read the version before the events: a state cached under an older
        // version can then only be newer than it claims, never older.
        let version = try await consentStore.streamVersion(for: subject)
        if let version,
            let cached = stateCache.withLock({ $0[subject] }), cached.version == version, cached.table === table
        {
            return cached.state
        }
        let events = try await consentStore.events(for: subject)
        _ = try checkedLatest(events, subject: subject)
        let state = ConsentState(subject: subject, events: events, table: table)
        if let version {
            stateCache.withLock { cache in
                if cache.count >= Self.stateCacheCapacity { cache.removeAll(keepingCapacity: true) }
                cache[subject] = CachedState(version: version, table: table, state: state)
            }
        }
        return state
    }

    /// The subject's events, oldest first.
    public func history(of subject: SubjectID) async throws -> [ConsentEvent] {
        let events = try await consentStore.events(for: subject)
        _ = try checkedLatest(events, subject: subject)
        return events
    }

    /// Deletes every consent event of the subject (GDPR Art. 17 erasure) and
    /// returns how many were deleted. With an audit log, the erasure is logged
    /// and the subject's pseudonym key destroyed: their audit entries stay (and
    /// every proof still verifies) but can no longer be tied to them.
    /// - Throws: store errors (nothing deleted), then audit errors (events
    ///   deleted, key not yet destroyed: retry).
    public func erase(_ subject: SubjectID, actor: ConsentActor = .system) async throws -> Int {
        let deleted = try await consentStore.deleteEvents(for: subject)
        if let auditLog {
            _ = try await auditLog.eraseSubject(
                subject, actor: actor.description, details: ["consentEventsDeleted": String(deleted)])
        }
        return deleted
    }

    // MARK: Validation

    /// The current table, refreshed once if a draft names a notice version it
    /// does not know yet (another instance may have published it).
    private func tableCovering(_ drafts: [ConsentEventDraft]) async throws -> PurposeRuleTable {
        let current = table
        let unknown = Set(drafts.compactMap { draft in draft.notice.flatMap { current.noticeVersion($0) == nil ? $0.id : nil } })
        guard !unknown.isEmpty else { return current }
        // Only the notices named, so a request naming a bogus notice costs one
        // read, not a reload of every notice.
        try await refreshNotices(unknown)
        return table
    }

    private func validate(_ draft: ConsentEventDraft, subject: SubjectID, table: PurposeRuleTable, now: Date) throws {
        guard draft.subject == subject else {
            throw ConsentLedgerError(
                code: .subjectMismatch,
                message: "event \(draft.id) is for \(draft.subject), but this call records events for \(subject)")
        }
        guard !draft.purposes.isEmpty else {
            throw ConsentLedgerError(code: .noPurpose, message: "event \(draft.id) names no purpose; consent is specific")
        }
        guard draft.timestamp.timeIntervalSince(now) <= Self.maximumClockSkew else {
            throw ConsentLedgerError(
                code: .timestampInFuture,
                message: "event \(draft.id) is dated \(draft.timestamp.formatted(.iso8601)), more than \(Int(Self.maximumClockSkew)) s after now (\(now.formatted(.iso8601)))")
        }
        if let expiresAt = draft.expiresAt, expiresAt <= draft.timestamp {
            throw ConsentLedgerError(
                code: .invalidExpiry,
                message: "event \(draft.id) expires at \(expiresAt.formatted(.iso8601)), not after it happens (\(draft.timestamp.formatted(.iso8601)))")
        }
        var handles: [PurposeHandle] = []
        for purpose in draft.purposes {
            guard let handle = table.catalog.handle(for: purpose) else {
                throw ConsentLedgerError(
                    code: .unknownPurpose, message: "event \(draft.id) names purpose \"\(purpose)\", which the catalog does not declare")
            }
            handles.append(handle)
        }
        if let reference = draft.notice {
            guard let version = table.noticeVersion(reference), version.contentHash == reference.contentHash else {
                throw ConsentLedgerError(
                    code: .unknownNotice,
                    message: "event \(draft.id) names notice \(reference) with hash \(reference.contentHash.prefix(12))…, which was never published")
            }
            if draft.kind == .grant {
                for purpose in draft.purposes where !version.purposes.contains(purpose) {
                    throw ConsentLedgerError(
                        code: .noticeDoesNotCoverPurpose,
                        message: "notice \(reference) does not describe purpose \"\(purpose)\"; consent to it would not be informed")
                }
            }
        }
        guard draft.kind == .grant else { return }
        guard draft.notice != nil else {
            throw ConsentLedgerError(
                code: .noticeRequired, message: "grant \(draft.id) names no notice; consent must be informed")
        }
        guard draft.method.isAffirmative else {
            throw ConsentLedgerError(
                code: .notAffirmative,
                message: "grant \(draft.id) was expressed by \(draft.method), which is not an affirmative act")
        }
        for handle in handles where table.rules[handle.index].usesSpecialCategories && !draft.method.isExplicit {
            throw ConsentLedgerError(
                code: .explicitConsentRequired,
                message: "purpose \"\(table.ids[handle.index])\" uses special-category data and needs explicit consent; \(draft.method) is not explicit")
        }
        if let age = draft.subjectAge, age < draft.jurisdiction.guardianRequiredBelowAge, draft.actor.kind != .guardian {
            throw ConsentLedgerError(
                code: .guardianRequired,
                message: "the subject is \(age); under \(draft.jurisdiction.guardianRequiredBelowAge) in \(draft.jurisdiction) a parent or guardian must consent, not \(draft.actor.kind.rawValue)")
        }
    }

    /// Checks the stored stream: right subject, sequences 1, 2, 3 ... Returns the latest.
    private func checkedLatest(_ events: [ConsentEvent], subject: SubjectID) throws -> Int {
        // Indexing reads the two fields in place; iterating would copy every event.
        for offset in events.indices where events[offset].sequence != offset + 1 || events[offset].subject != subject {
            let event = events[offset]
            throw ConsentLedgerError(
                code: .corruptHistory,
                message: "the store returned event \(event.id) (subject \(event.subject), sequence \(event.sequence)) at position \(offset + 1) of \(subject)'s stream")
        }
        return events.count
    }

    /// The stored events for `drafts` when every draft id is already recorded
    /// with the same content; `nil` when none is.
    private func alreadyRecorded(_ drafts: [ConsentEventDraft], in history: [ConsentEvent]) throws -> [ConsentEvent]? {
        var found: [ConsentEvent] = []
        for draft in drafts {
            guard let stored = history.first(where: { $0.id == draft.id }) else { continue }
            guard stored.matches(draft) else {
                throw ConsentLedgerError(
                    code: .idempotencyConflict,
                    message: "event id \(draft.id) was already recorded with different content")
            }
            found.append(stored)
        }
        if found.isEmpty { return nil }
        guard found.count == drafts.count else {
            throw ConsentLedgerError(
                code: .idempotencyConflict,
                message: "events \(found.map(\.id.rawValue).joined(separator: ", ")) were already recorded but \(drafts.filter { draft in !found.contains { $0.id == draft.id } }.map(\.id.rawValue).joined(separator: ", ")) were not; retry the exact same batch")
        }
        return found
    }
}

/// What ``ConsentLedger/record(_:expectedSequence:)-([ConsentEventDraft],_)`` stored.
public struct RecordedConsent: Hashable, Sendable {
    /// The stored events, with their sequence numbers.
    public let events: [ConsentEvent]
    /// Whether these events were stored by an earlier call with the same ids.
    public let wasAlreadyRecorded: Bool
    /// Where the events' audit entries landed (one per event, in order) and
    /// the tree head that includes them; `nil` without an audit log, or for a
    /// replay whose entries were written by the earlier call.
    public let audit: AuditBatchAppendResult?

    init(events: [ConsentEvent], wasAlreadyRecorded: Bool, audit: AuditBatchAppendResult? = nil) {
        self.events = events
        self.wasAlreadyRecorded = wasAlreadyRecorded
        self.audit = audit
    }
}
