import ConsentKitCore
import ConsentKitTesting
import Foundation
import Testing

/// A ledger whose recorded events the test hands to a propagator, the way
/// the ledger's `record` will once the hook is in.
private struct PropagationWorld {
    let f: ConsentFixtures
    let notices = InMemoryNoticeStore()
    let outbox = InMemoryConsentOutbox()
    let ledger: ConsentLedger
    let propagator: ConsentPropagator

    init() throws {
        f = try ConsentFixtures()
        ledger = ConsentLedger(catalog: f.catalog, noticeStore: notices, timeSource: f.clock)
        propagator = ConsentPropagator(catalog: f.catalog, noticeStore: notices, outbox: outbox)
    }

    /// Records a draft and propagates what was stored (also when it was already recorded).
    @discardableResult
    func record(_ draft: ConsentEventDraft) async throws -> [OutboxMessage] {
        let recorded = try await ledger.record(draft)
        return try await propagator.propagate(recorded.events)
    }

    func claimAll(at offset: TimeInterval = 0) async throws -> [OutboxDelivery] {
        try await outbox.claim(limit: 1_000, lease: 60, now: f.clock.now().addingTimeInterval(offset))
    }
}

@Suite("Propagation: consent changes reach the recipients named in the notice")
struct ConsentPropagatorTests {
    @Test func aGrantGoesToTheRecipientsOfEachPurposeOnly() async throws {
        let w = try PropagationWorld()
        let v1 = w.f.noticeVersion(1)
        try await w.ledger.publish(v1)
        let messages = try await w.record(w.f.draft(.grant, [w.f.newsletter, w.f.ads, w.f.analytics], notice: v1))
        #expect(messages.count == 2)
        let byRecipient = Dictionary(uniqueKeysWithValues: messages.flatMap { m in m.recipients.map { ($0, m) } })
        #expect(byRecipient["MailCo"]?.notice.purposes == [w.f.newsletter])
        #expect(byRecipient["AdNet"]?.notice.purposes == [w.f.ads])
        #expect(byRecipient["MailCo"]?.notice.kind == .grant)
        #expect(byRecipient["MailCo"]?.notice.notice == v1.reference)
        #expect(byRecipient["MailCo"]?.notice.subject == w.f.alice)
        #expect(byRecipient["MailCo"]?.notice.sequence == 1)
        #expect(messages.allSatisfy { $0.id.hasPrefix("cc-") && $0.id.utf8.count == 35 })
        let claimed = try await w.claimAll()
        #expect(Set(claimed.map(\.recipient)) == ["MailCo", "AdNet"])
    }

    @Test func recipientsWithTheSamePurposesShareOneMessage() async throws {
        let w = try PropagationWorld()
        let v1 = w.f.noticeVersion(1, recipients: ["MailCo", "CRM"], adsRecipients: ["AdNet", "CRM"])
        try await w.ledger.publish(v1)
        let messages = try await w.record(w.f.draft(.grant, [w.f.newsletter, w.f.ads], notice: v1))
        let summary = Set(messages.map { "\($0.recipients.joined(separator: "+")):\($0.notice.purposes.map(\.rawValue).joined(separator: ","))" })
        #expect(summary == ["CRM:newsletter,ads.sharing", "MailCo:newsletter", "AdNet:ads.sharing"])
    }

    @Test func aWithdrawalReachesEveryRecipientAnyVersionNamed() async throws {
        let w = try PropagationWorld()
        let v1 = w.f.noticeVersion(1)
        let v2 = w.f.noticeVersion(2, recipients: ["MailCo", "NewCo"])
        let v3 = w.f.noticeVersion(3, recipients: ["NewCo"])
        try await w.ledger.publish(v1)
        try await w.ledger.publish(v2)
        try await w.ledger.publish(v3)
        let grant = try await w.record(w.f.draft(.grant, [w.f.newsletter], notice: v3))
        #expect(grant.map(\.recipients) == [["NewCo"]], "a grant goes to the recipients of the version agreed to")
        let withdrawal = try await w.record(w.f.draft(.withdraw, [w.f.newsletter], at: 60))
        #expect(withdrawal.count == 1)
        #expect(withdrawal.first?.recipients == ["MailCo", "NewCo"])
        #expect(withdrawal.first?.notice.kind == .withdraw)
    }

    @Test func purposesWithoutRecipientsProduceNoMessages() async throws {
        let w = try PropagationWorld()
        let v1 = w.f.noticeVersion(1)
        try await w.ledger.publish(v1)
        #expect(try await w.record(w.f.draft(.grant, [w.f.analytics], notice: v1)).isEmpty)
        #expect(try await w.record(w.f.draft(.object, [w.f.fraud])).isEmpty)
        #expect(try await w.claimAll().isEmpty)
    }

    @Test func propagatingTheSameEventsAgainEnqueuesNothingNew() async throws {
        let w = try PropagationWorld()
        let v1 = w.f.noticeVersion(1)
        try await w.ledger.publish(v1)
        let draft = w.f.draft(.grant, [w.f.newsletter, w.f.ads], notice: v1)
        let first = try await w.record(draft)
        for delivery in try await w.claimAll() where delivery.recipient == "MailCo" {
            try await w.outbox.acknowledge(delivery.id, at: w.f.clock.now())
        }
        // A client retries the same record: the ledger returns the stored events and propagates them again.
        let retried = try await w.record(draft)
        #expect(retried == first)
        let history = try await w.ledger.history(of: w.f.alice)
        #expect(try await w.propagator.propagate(history) == first)
        let reclaimed = try await w.claimAll(at: 120)
        #expect(reclaimed.map(\.recipient) == ["AdNet"], "MailCo was delivered once and stays delivered")
    }

    @Test func messagesAreAPureFunctionOfTheEventAndNotices() async throws {
        let w = try PropagationWorld()
        let v1 = w.f.noticeVersion(1)
        try await w.ledger.publish(v1)
        let event = try await w.ledger.record(w.f.draft(.grant, [w.f.newsletter], notice: v1)).events[0]
        let direct = try ConsentPropagator.messages(for: event, catalog: w.f.catalog, notices: [w.f.notice: [v1]])
        #expect(try await w.propagator.messages(for: [event]) == direct)
        #expect(try ConsentPropagator.messages(for: event, catalog: w.f.catalog, notices: [:]).isEmpty)
    }

    @Test func aRecipientNameThatIsNoIdentifierIsATypedError() async throws {
        let w = try PropagationWorld()
        let bad = w.f.noticeVersion(1, recipients: [""])
        try await w.ledger.publish(bad)
        let recorded = try await w.ledger.record(w.f.draft(.grant, [w.f.newsletter], notice: bad))
        await #expect(throws: ValidationError.self) { try await w.propagator.propagate(recorded.events) }
        #expect(try await w.claimAll().isEmpty)
    }
}
