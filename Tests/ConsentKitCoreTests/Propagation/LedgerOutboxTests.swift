import ConsentKitCore
import ConsentKitTesting
import Foundation
import Testing

@Suite("Consent ledger: changes reach the outbox")
struct LedgerOutboxTests {
    @Test func aWithdrawalIsEnqueuedForEveryRecipientOnceEvenWhenRetried() async throws {
        let f = try ConsentFixtures()
        let outbox = InMemoryConsentOutbox()
        let ledger = ConsentLedger(catalog: f.catalog, timeSource: f.clock, outbox: outbox)
        let v1 = f.noticeVersion(1, recipients: ["MailCo", "Analytix"])
        try await ledger.publish(v1)
        try await ledger.record(f.draft(.grant, [f.newsletter], notice: v1))
        let withdrawal = f.draft(.withdraw, [f.newsletter], at: 60)
        try await ledger.record(withdrawal)
        try await ledger.record(withdrawal)  // a client retry: idempotent all the way to the outbox

        let deliveries = try await outbox.claim(limit: 100, lease: 30, now: f.clock.now())
        let withdrawals = deliveries.filter { $0.notice.kind == .withdraw }
        #expect(Set(withdrawals.map(\.recipient)) == ["MailCo", "Analytix"])
        #expect(withdrawals.allSatisfy { $0.notice.eventID == withdrawal.id && $0.notice.purposes == [f.newsletter] })
        #expect(deliveries.filter { $0.notice.kind == .grant }.count == 2)
    }
}
