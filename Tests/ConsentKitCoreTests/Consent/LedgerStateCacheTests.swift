import ConsentKitCore
import ConsentKitTesting
import Foundation
import Testing

@Suite("Consent ledger: cached states are never stale")
struct LedgerStateCacheTests {
    /// Two app instances over one store: what one records, the other's next
    /// `state(of:)` sees, even after it cached a state.
    @Test func anotherInstancesWriteIsSeen() async throws {
        let f = try ConsentFixtures()
        let store = InMemoryConsentStore()
        let notices = InMemoryNoticeStore()
        let a = ConsentLedger(catalog: f.catalog, consentStore: store, noticeStore: notices, timeSource: f.clock)
        let b = ConsentLedger(catalog: f.catalog, consentStore: store, noticeStore: notices, timeSource: f.clock)
        let v1 = f.noticeVersion(1)
        try await a.publish(v1)
        try await b.refreshNotices()
        try await a.record(f.draft(.grant, [f.newsletter], notice: v1))
        #expect(try await a.state(of: f.alice).decision(for: f.newsletter, in: f.context()).isAllowed)
        #expect(try await a.state(of: f.alice).sequence == 1)  // served from the cache

        try await b.record(f.draft(.withdraw, [f.newsletter], at: 5))
        let state = try await a.state(of: f.alice)
        #expect(state.sequence == 2)
        #expect(state.decision(for: f.newsletter, in: f.context()).reason == .withdrawn)
    }

    /// Erasing a subject and rebuilding a stream of the same length elsewhere
    /// must not serve the old state: versions never repeat.
    @Test func anErasedAndRebuiltStreamIsNotConfusedWithTheOldOne() async throws {
        let f = try ConsentFixtures()
        let store = InMemoryConsentStore()
        let notices = InMemoryNoticeStore()
        let a = ConsentLedger(catalog: f.catalog, consentStore: store, noticeStore: notices, timeSource: f.clock)
        let b = ConsentLedger(catalog: f.catalog, consentStore: store, noticeStore: notices, timeSource: f.clock)
        let v1 = f.noticeVersion(1)
        try await a.publish(v1)
        try await b.refreshNotices()
        try await a.record(f.draft(.grant, [f.newsletter], notice: v1))
        #expect(try await a.state(of: f.alice).decision(for: f.newsletter, in: f.context()).reason == .granted)

        #expect(try await b.erase(f.alice) == 1)
        try await b.record(f.draft(.deny, [f.newsletter], at: 10))
        let state = try await a.state(of: f.alice)
        #expect(state.sequence == 1)
        #expect(state.decision(for: f.newsletter, in: f.context()).reason == .denied)
    }

    /// A notice change invalidates cached states: the decision must say re-consent.
    @Test func aMaterialNoticeChangeIsSeenThroughTheCache() async throws {
        let f = try ConsentFixtures()
        let ledger = f.ledger()
        let v1 = f.noticeVersion(1)
        try await ledger.publish(v1)
        try await ledger.record(f.draft(.grant, [f.newsletter], notice: v1))
        #expect(try await ledger.state(of: f.alice).decision(for: f.newsletter, in: f.context()).isAllowed)
        try await ledger.publish(f.noticeVersion(2, recipients: ["MailCo", "Broker"]))
        let decision = try await ledger.state(of: f.alice).decision(for: f.newsletter, in: f.context())
        #expect(decision.reason == .reconsentNeeded)
    }
}
