import ConsentKitCore
import ConsentKitTesting
import Foundation
import Synchronization
import Testing

/// Every refused call leaves the ledger exactly as it was, and its error names the offending value.
@Suite("Consent ledger: bad input")
struct LedgerBadInputTests {
    // MARK: Catalog and notices

    @Test(arguments: [ConsentEventKind.grant, .deny, .withdraw, .object, .expire])
    func unknownPurposeIsRefused(_ kind: ConsentEventKind) async throws {
        let h = try await Harness()
        let telepathy = try PurposeID("telepathy-広告")
        try await h.expectRefusal(.unknownPurpose, naming: ["telepathy-広告"]) {
            try await h.ledger.record(h.f.draft(kind, [h.f.newsletter, telepathy], notice: h.v1))
        }
    }

    @Test func noticeThatWasNeverPublishedIsRefused() async throws {
        let h = try await Harness()
        var draft = h.f.draft(.grant, [h.f.newsletter])
        draft.notice = NoticeReference(id: try NoticeID("cookie-banner"), version: 1, contentHash: h.v1.contentHash)
        try await h.expectRefusal(.unknownNotice, naming: ["cookie-banner v1"]) { try await h.ledger.record(draft) }

        // A version of a known notice that does not exist yet, for a withdrawal too.
        var withdrawal = h.f.draft(.withdraw, [h.f.newsletter])
        withdrawal.notice = NoticeReference(id: h.f.notice, version: 2, contentHash: h.v1.contentHash)
        try await h.expectRefusal(.unknownNotice, naming: ["privacy-notice v2"]) { try await h.ledger.record(withdrawal) }
    }

    @Test func noticeWithTheWrongHashIsRefused() async throws {
        let h = try await Harness()
        let forged = String(repeating: "ab", count: 32)
        var draft = h.f.draft(.grant, [h.f.newsletter])
        draft.notice = NoticeReference(id: h.f.notice, version: 1, contentHash: forged)
        try await h.expectRefusal(.unknownNotice, naming: ["privacy-notice v1", String(forged.prefix(12))]) {
            try await h.ledger.record(draft)
        }
        // The hash of another version's text is just as wrong.
        let otherText = h.f.noticeVersion(2).contentHash
        draft.notice = NoticeReference(id: h.f.notice, version: 1, contentHash: otherText)
        try await h.expectRefusal(.unknownNotice, naming: [String(otherText.prefix(12))]) { try await h.ledger.record(draft) }
    }

    @Test func noticeThatDoesNotDescribeAGrantedPurposeIsRefused() async throws {
        let h = try await Harness()
        let signup = PrivacyNotice(
            id: try NoticeID("newsletter-signup"), version: 1, summary: "Our newsletter.", fullText: "Newsletter only.",
            terms: [.init(purpose: h.f.newsletter, legalBasis: .consent, categories: [h.f.contact])])
        try await h.ledger.publish(signup)
        try await h.expectRefusal(.noticeDoesNotCoverPurpose, naming: ["newsletter-signup v1", "\"analytics\""]) {
            try await h.ledger.record(h.f.draft(.grant, [h.f.analytics], notice: signup))
        }
        // One uncovered purpose refuses the whole event, the covered one included.
        try await h.expectRefusal(.noticeDoesNotCoverPurpose, naming: ["\"analytics\""]) {
            try await h.ledger.record(h.f.draft(.grant, [h.f.newsletter, h.f.analytics], notice: signup))
        }
    }

    @Test func grantWithoutNoticeIsRefused() async throws {
        let h = try await Harness()
        let draft = h.f.draft(.grant, [h.f.newsletter], id: try ConsentEventID("grant-without-notice"))
        try await h.expectRefusal(.noticeRequired, naming: ["grant-without-notice"]) { try await h.ledger.record(draft) }
    }

    @Test func publishingANoticeForAnUnknownPurposeIsRefused() async throws {
        let h = try await Harness()
        let v2 = PrivacyNotice(
            id: h.f.notice, version: 2, summary: "v2", fullText: "v2",
            terms: h.v1.terms + [.init(purpose: try PurposeID("mind-reading"), legalBasis: .consent)])
        try await h.expectRefusal(.noticeNamesUnknownPurpose, naming: ["\"mind-reading\"", "privacy-notice v2"]) {
            try await h.ledger.publish(v2)
        }
        let fresh = PrivacyNotice(
            id: try NoticeID("beta-programme"), version: 1, summary: "Beta", fullText: "Beta",
            terms: [.init(purpose: try PurposeID("beta-features"), legalBasis: .consent)])
        try await h.expectRefusal(.noticeNamesUnknownPurpose, naming: ["\"beta-features\"", "beta-programme v1"]) {
            try await h.ledger.publish(fresh)
        }
    }

    @Test func publishingVersionThreeBeforeTwoIsAConflict() async throws {
        let h = try await Harness()
        try await h.expectStorageRefusal(.conflict, naming: ["privacy-notice", "expected version 2, found 1"]) {
            try await h.ledger.publish(h.f.noticeVersion(3))
        }
        try await h.expectStorageRefusal(.conflict, naming: ["privacy-notice", "expected version 0, found 1"]) {
            try await h.ledger.publish(h.f.noticeVersion(1))
        }
    }

    // MARK: Time

    @Test(arguments: [300.5, 301, 86_400])
    func timestampMoreThanFiveMinutesAheadIsRefused(_ seconds: TimeInterval) async throws {
        let h = try await Harness()
        let draft = h.f.draft(.grant, [h.f.newsletter], notice: h.v1, at: seconds, id: try ConsentEventID("from-the-future"))
        try await h.expectRefusal(.timestampInFuture, naming: ["from-the-future", draft.timestamp.formatted(.iso8601)]) {
            try await h.ledger.record(draft)
        }
    }

    @Test func timestampExactlyFiveMinutesAheadIsAccepted() async throws {
        let h = try await Harness()
        #expect(ConsentLedger.maximumClockSkew == 300)
        let recorded = try await h.ledger.record(h.f.draft(.grant, [h.f.analytics], notice: h.v1, at: 300))
        #expect(recorded.events.map(\.sequence) == [2])
    }

    @Test(arguments: [0, -1, -86_400])
    func expiryAtOrBeforeTheEventIsRefused(_ offset: TimeInterval) async throws {
        let h = try await Harness()
        var draft = h.f.draft(.grant, [h.f.newsletter], notice: h.v1, id: try ConsentEventID("expires-too-early"))
        draft.expiresAt = draft.timestamp.addingTimeInterval(offset)
        let error = try await h.expectRefusal(.invalidExpiry, naming: ["expires-too-early"]) { try await h.ledger.record(draft) }
        #expect(error?.message.contains(draft.expiresAt?.formatted(.iso8601) ?? "?") == true)
    }

    // MARK: Shape of the call

    @Test func eventsForAnotherSubjectThanTheBatchAreRefused() async throws {
        let h = try await Harness()
        let bob = try SubjectID("bob")
        try await h.expectRefusal(.subjectMismatch, naming: ["bob", "alice"], watching: [bob]) {
            try await h.ledger.record([
                h.f.draft(.grant, [h.f.analytics], notice: h.v1),
                h.f.draft(.grant, [h.f.analytics], notice: h.v1, subject: bob),
            ])
        }
    }

    @Test(arguments: [ConsentEventKind.grant, .withdraw])
    func eventWithoutPurposesIsRefused(_ kind: ConsentEventKind) async throws {
        let h = try await Harness()
        let draft = h.f.draft(kind, [], notice: h.v1, id: try ConsentEventID("no-purpose"))
        try await h.expectRefusal(.noPurpose, naming: ["no-purpose"]) { try await h.ledger.record(draft) }
    }

    @Test func emptyBatchIsRefused() async throws {
        let h = try await Harness()
        try await h.expectRefusal(.noPurpose, naming: ["no events"]) { try await h.ledger.record([]) }
    }

    // MARK: Quality of consent

    @Test(arguments: [ConsentMethod.implicit, .preTickedBox, .defaultSetting, .globalPrivacyControl])
    func grantThatIsNotAnAffirmativeActIsRefused(_ method: ConsentMethod) async throws {
        let h = try await Harness()
        try await h.expectRefusal(.notAffirmative, naming: [method.rawValue]) {
            try await h.ledger.record(h.f.draft(.grant, [h.f.analytics], notice: h.v1, method: method))
        }
    }

    @Test(arguments: [ConsentMethod.affirmativeAction, .preferenceCenter, .tcfString, .imported])
    func specialCategoryGrantWithoutExplicitConsentIsRefused(_ method: ConsentMethod) async throws {
        let h = try await Harness()
        try await h.expectRefusal(.explicitConsentRequired, naming: ["\"wellness-tips\"", method.rawValue]) {
            try await h.ledger.record(h.f.draft(.grant, [h.f.wellness], notice: h.v1, method: method))
        }
        // Bundled with an ordinary purpose, the whole event is refused.
        try await h.expectRefusal(.explicitConsentRequired, naming: ["\"wellness-tips\""]) {
            try await h.ledger.record(h.f.draft(.grant, [h.f.analytics, h.f.wellness], notice: h.v1, method: method))
        }
    }

    @Test(arguments: [ConsentMethod.explicitStatement, .doubleOptIn, .signedForm, .recordedVerbal])
    func specialCategoryGrantWithExplicitConsentIsAccepted(_ method: ConsentMethod) async throws {
        let h = try await Harness()
        try await h.ledger.record(h.f.draft(.grant, [h.f.wellness], notice: h.v1, method: method))
        let decision = try await h.ledger.state(of: h.f.alice).decision(for: h.f.wellness, in: h.f.context())
        #expect(decision.isAllowed && decision.reason == .granted)
    }

    @Test(arguments: [
        (Jurisdiction.gdpr, 15), (.gdpr, 0), (.gdpr(ageOfDigitalConsent: 13), 12), (.ccpa, 12),
    ])
    func minorsGrantWithoutGuardianIsRefused(_ jurisdiction: Jurisdiction, _ age: Int) async throws {
        let h = try await Harness()
        var draft = h.f.draft(.grant, [h.f.analytics], notice: h.v1, jurisdiction: jurisdiction)
        draft.subjectAge = age
        try await h.expectRefusal(
            .guardianRequired,
            naming: ["is \(age)", "under \(jurisdiction.guardianRequiredBelowAge) in \(jurisdiction)", "not subject"]
        ) {
            try await h.ledger.record(draft)
        }
        draft.actor = ConsentActor(.authorizedAgent, reference: "agent-7")
        try await h.expectRefusal(.guardianRequired, naming: ["not authorizedAgent"]) { try await h.ledger.record(draft) }
    }

    @Test(arguments: [
        (Jurisdiction.gdpr, 15, ConsentActor.Kind.guardian), (.gdpr, 16, .subject),
        (.gdpr(ageOfDigitalConsent: 13), 14, .subject), (.ccpa, 13, .subject),
    ])
    func guardianOrOldEnoughSubjectMayGrant(_ jurisdiction: Jurisdiction, _ age: Int, _ actor: ConsentActor.Kind) async throws {
        let h = try await Harness()
        var draft = h.f.draft(.grant, [h.f.analytics], notice: h.v1, jurisdiction: jurisdiction)
        draft.subjectAge = age
        draft.actor = ConsentActor(actor, reference: actor == .guardian ? "parent-1" : nil)
        let recorded = try await h.ledger.record(draft)
        #expect(recorded.events.first?.actor.kind == actor)
        #expect(recorded.events.first?.subjectAge == age)
    }

    // MARK: Idempotency and concurrency

    @Test func reusedEventIDWithDifferentContentIsRefused() async throws {
        let h = try await Harness()
        var replay = h.f.draft(.withdraw, [h.f.newsletter], id: h.baseline.id)
        replay.timestamp = h.baseline.timestamp
        try await h.expectRefusal(.idempotencyConflict, naming: [h.baseline.id.rawValue]) { try await h.ledger.record(replay) }

        // Same id, same content but one extra purpose: still different.
        var wider = h.baseline
        wider.purposes.append(h.f.analytics)
        try await h.expectRefusal(.idempotencyConflict, naming: [h.baseline.id.rawValue]) { try await h.ledger.record(wider) }
    }

    @Test func reusedEventIDWithSameContentReturnsTheOriginal() async throws {
        let h = try await Harness()
        let before = try await h.snapshot()
        let again = try await h.ledger.record(h.baseline)
        #expect(again.wasAlreadyRecorded)
        #expect(again.events == before.histories[h.f.alice])
        #expect(try await h.snapshot() == before, "a replay must not store a second event")
        // A retry is recognised even when its expected sequence has gone stale meanwhile.
        try await h.ledger.record(h.f.draft(.grant, [h.f.analytics], notice: h.v1, at: 1))
        let middle = try await h.snapshot()
        let late = try await h.ledger.record(h.baseline, expectedSequence: 0)
        #expect(late.wasAlreadyRecorded)
        #expect(late.events.map(\.sequence) == [1])
        #expect(try await h.snapshot() == middle)
    }

    @Test func batchMixingRecordedAndNewIDsIsRefused() async throws {
        let h = try await Harness()
        let fresh = h.f.draft(.grant, [h.f.analytics], notice: h.v1, id: try ConsentEventID("fresh-one"))
        let error = try await h.expectRefusal(.idempotencyConflict, naming: ["retry the exact same batch"]) {
            try await h.ledger.record([h.baseline, fresh])
        }
        #expect(error?.message.contains(h.baseline.id.rawValue) == true)
        #expect(error?.message.contains("fresh-one") == true)
    }

    @Test func batchRepeatingAnIDIsRefusedWhole() async throws {
        let h = try await Harness()
        let id = try ConsentEventID("twice-in-one-batch")
        let before = try await h.snapshot()
        // The ledger refuses the whole batch before the store sees it.
        let error = await #expect(throws: ConsentLedgerError.self) {
            try await h.ledger.record([
                h.f.draft(.grant, [h.f.analytics], notice: h.v1, id: id), h.f.draft(.deny, [h.f.ads], id: id),
            ])
        }
        #expect(error?.code == .idempotencyConflict)
        #expect(error?.message.contains("twice-in-one-batch") == true)
        #expect(try await h.snapshot() == before)
    }

    @Test func staleExpectedSequenceIsAConflict() async throws {
        let h = try await Harness()
        try await h.expectStorageRefusal(.conflict, naming: ["alice", "expected version 0, found 1"]) {
            try await h.ledger.record(h.f.draft(.grant, [h.f.analytics], notice: h.v1), expectedSequence: 0)
        }
        try await h.expectStorageRefusal(.conflict, naming: ["alice", "expected version 5, found 1"]) {
            try await h.ledger.record(h.f.draft(.grant, [h.f.analytics], notice: h.v1), expectedSequence: 5)
        }
        // The right expected sequence goes through.
        let recorded = try await h.ledger.record(h.f.draft(.grant, [h.f.analytics], notice: h.v1), expectedSequence: 1)
        #expect(recorded.events.map(\.sequence) == [2])
    }

    // MARK: Corrupt storage

    enum Corruption: String, CaseIterable, CustomStringConvertible {
        case wrongSubject, gap, outOfOrder, repeatedSequence
        var description: String { rawValue }
    }

    @Test(arguments: Corruption.allCases)
    func corruptHistoryIsReportedAndNothingIsWritten(_ corruption: Corruption) async throws {
        let f = try ConsentFixtures()
        let v1 = f.noticeVersion(1)
        let healthy = InMemoryConsentStore()
        let writer = f.ledger(store: healthy)
        try await writer.publish(v1)
        for offset in 0..<3 {
            try await writer.record(f.draft(.grant, [f.newsletter], notice: v1, at: TimeInterval(offset)))
        }
        try await writer.record(f.draft(.grant, [f.newsletter], notice: v1, subject: try SubjectID("bob")))
        let events = try await healthy.events(for: f.alice)
        let bobs = try await healthy.events(for: try SubjectID("bob"))
        let (stream, culprit, position): ([ConsentEvent], ConsentEvent, Int) =
            switch corruption {
            case .wrongSubject: ([events[0], bobs[0], events[2]], bobs[0], 2)
            case .gap: ([events[0], events[2]], events[2], 2)
            case .outOfOrder: ([events[1], events[0], events[2]], events[1], 1)
            case .repeatedSequence: ([events[0], events[0], events[1]], events[0], 2)
            }
        let store = CorruptConsentStore(stream)
        let ledger = ConsentLedger(catalog: f.catalog, consentStore: store, timeSource: f.clock)
        try await ledger.publish(v1)
        let naming = [culprit.id.rawValue, "sequence \(culprit.sequence)", "position \(position)"]

        for operation in ["state", "history", "record"] {
            let error = await #expect(throws: ConsentLedgerError.self, "\(operation) over a \(corruption) stream") {
                switch operation {
                case "state": _ = try await ledger.state(of: f.alice)
                case "history": _ = try await ledger.history(of: f.alice)
                default: try await ledger.record(f.draft(.withdraw, [f.newsletter], at: 10))
                }
            }
            #expect(error?.code == .corruptHistory)
            for name in naming {
                #expect(error?.message.contains(name) == true, "\(operation): \(error?.message ?? "no error") should name \(name)")
            }
        }
        #expect(store.appendCalls == 0)
        #expect(try await store.events(for: f.alice) == stream)
    }
}

// MARK: - Harness

/// A ledger over in-memory stores with notice v1 published and one grant
/// (newsletter) recorded for alice, plus the before/after comparison every
/// refusal test makes.
private struct Harness {
    let f: ConsentFixtures
    let consentStore = InMemoryConsentStore()
    let noticeStore = InMemoryNoticeStore()
    let ledger: ConsentLedger
    let v1: PrivacyNotice
    /// The grant recorded at start-up (sequence 1).
    let baseline: ConsentEventDraft

    init() async throws {
        f = try ConsentFixtures()
        ledger = ConsentLedger(catalog: f.catalog, consentStore: consentStore, noticeStore: noticeStore, timeSource: f.clock)
        v1 = f.noticeVersion(1)
        try await ledger.publish(v1)
        baseline = f.draft(.grant, [f.newsletter], notice: v1, id: try ConsentEventID("baseline-grant"))
        try await ledger.record(baseline)
    }

    /// Everything the ledger holds for the watched subjects, and every notice.
    struct Snapshot: Equatable {
        var histories: [SubjectID: [ConsentEvent]] = [:]
        var latest: [SubjectID: Int] = [:]
        var stateSequences: [SubjectID: Int] = [:]
        var notices: [NoticeID: [PrivacyNotice]] = [:]
    }

    func snapshot(_ subjects: [SubjectID] = []) async throws -> Snapshot {
        var snapshot = Snapshot()
        for subject in [f.alice] + subjects {
            snapshot.histories[subject] = try await ledger.history(of: subject)
            snapshot.latest[subject] = try await consentStore.latestSequence(for: subject)
            snapshot.stateSequences[subject] = try await ledger.state(of: subject).sequence
        }
        for id in try await noticeStore.noticeIDs() {
            snapshot.notices[id] = try await noticeStore.versions(of: id)
        }
        return snapshot
    }

    /// `body` must throw a ``ConsentLedgerError`` of `code` whose message
    /// contains every string in `naming`, and leave the ledger unchanged.
    @discardableResult
    func expectRefusal(
        _ code: ConsentLedgerError.Code, naming: [String], watching subjects: [SubjectID] = [],
        sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
    ) async throws -> ConsentLedgerError? {
        let before = try await snapshot(subjects)
        let error = await #expect(throws: ConsentLedgerError.self, sourceLocation: sourceLocation) { try await body() }
        #expect(error?.code == code, "got \(String(describing: error))", sourceLocation: sourceLocation)
        for name in naming {
            #expect(
                error?.message.contains(name) == true, "\(error?.message ?? "no error") should name \(name)",
                sourceLocation: sourceLocation)
        }
        #expect(try await snapshot(subjects) == before, "the refused call changed the ledger", sourceLocation: sourceLocation)
        return error
    }

    /// `body` must throw a ``StorageError`` of `code` naming every string in
    /// `naming`, and leave the ledger unchanged.
    func expectStorageRefusal(
        _ code: StorageError.Code, naming: [String], sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async throws {
        let before = try await snapshot()
        let error = await #expect(throws: StorageError.self, sourceLocation: sourceLocation) { try await body() }
        #expect(error?.code == code, "got \(String(describing: error))", sourceLocation: sourceLocation)
        for name in naming {
            #expect(
                error?.message.contains(name) == true, "\(error?.message ?? "no error") should name \(name)",
                sourceLocation: sourceLocation)
        }
        #expect(try await snapshot() == before, "the refused call changed the ledger", sourceLocation: sourceLocation)
    }
}

/// A store that returns a fixed, broken stream for every subject and counts
/// append attempts (there must be none).
private final class CorruptConsentStore: ConsentStore {
    private let stream: [ConsentEvent]
    private let appends = Mutex(0)

    init(_ stream: [ConsentEvent]) {
        self.stream = stream
    }

    var appendCalls: Int { appends.withLock { $0 } }

    func append(_ events: [ConsentEvent], for subject: SubjectID, expectedSequence: Int) async throws {
        appends.withLock { $0 += 1 }
    }

    func events(for subject: SubjectID, fromSequence: Int) async throws -> [ConsentEvent] {
        stream.filter { $0.sequence >= fromSequence }
    }

    func latestSequence(for subject: SubjectID) async throws -> Int {
        stream.map(\.sequence).max() ?? 0
    }

    func deleteEvents(for subject: SubjectID) async throws -> Int { 0 }
}
