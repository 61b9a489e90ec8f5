import ConsentKitCore
import ConsentKitTesting
import Foundation
import Synchronization
import Testing

private func notice(_ subject: SubjectID, _ number: Int, kind: ConsentEventKind = .withdraw) throws -> ConsentChangeNotice {
    ConsentChangeNotice(
        subject: subject, eventID: try ConsentEventID("e\(number)"), sequence: number, kind: kind,
        purposes: [try PurposeID("newsletter")], notice: nil, method: .preferenceCenter, jurisdiction: "gdpr",
        occurredAt: Date(timeIntervalSince1970: 1_767_225_600))
}

@Suite("Outbox: delivery, acknowledgement and bad input")
struct ConsentOutboxTests {
    let alice: SubjectID
    let clock = ManualTimeSource()

    init() throws {
        alice = try SubjectID("alice")
    }

    @Test func messagesNeedAValidIDAndRecipients() throws {
        let change = try notice(alice, 1)
        #expect(throws: ValidationError.self) { try OutboxMessage(id: "m", notice: change, recipients: [String]()) }
        #expect(throws: ValidationError.self) { try OutboxMessage(id: "m", notice: change, recipients: [""]) }
        #expect(throws: ValidationError.self) { try OutboxMessage(id: "", notice: change, recipients: ["MailCo"]) }
        #expect(throws: ValidationError.self) { try OutboxMessage(id: "m", notice: change, recipients: ["Mail\nCo"]) }
        let message = try OutboxMessage(id: "m", notice: change, recipients: ["b", "a", "b"])
        #expect(message.recipients == ["a", "b"])
        let json = try JSONEncoder().encode(message)
        #expect(try JSONDecoder().decode(OutboxMessage.self, from: json) == message)
        let noRecipients = String(decoding: json, as: UTF8.self).replacingOccurrences(of: #"["a","b"]"#, with: "[]")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(OutboxMessage.self, from: Data(noRecipients.utf8)) }
    }

    @Test func acknowledgingTwiceIsATypedErrorThatChangesNothing() async throws {
        let outbox = InMemoryConsentOutbox()
        let message = try OutboxMessage(id: "m1", notice: notice(alice, 1), recipients: ["MailCo"])
        try await outbox.enqueue(message)
        let delivery = try #require(try await outbox.claim(limit: 1, lease: 60, now: clock.now()).first)
        try await outbox.acknowledge(delivery.id, at: clock.now())
        let before = try await outbox.statuses(of: "m1")
        await #expect {
            try await outbox.acknowledge(delivery.id, at: clock.now().addingTimeInterval(5))
        } throws: { error in
            (error as? OutboxError)?.code == .alreadyAcknowledged && "\(error)".contains("m1 → MailCo")
        }
        await #expect(throws: OutboxError.self) {
            try await outbox.fail(delivery.id, error: "late", retryAt: nil)
        }
        #expect(try await outbox.statuses(of: "m1") == before)
        #expect(before == [OutboxDeliveryStatus(id: delivery.id, state: .delivered(at: clock.now()), attempts: 1)])
    }

    @Test func unknownDeliveriesAreTypedErrorsThatChangeNothing() async throws {
        let outbox = InMemoryConsentOutbox()
        let message = try OutboxMessage(id: "m1", notice: notice(alice, 1), recipients: ["MailCo"])
        try await outbox.enqueue(message)
        for id in [OutboxDeliveryID(messageID: "nope", recipient: "MailCo"), message.delivery(to: "Stranger")] {
            await #expect {
                try await outbox.acknowledge(id, at: clock.now())
            } throws: { ($0 as? OutboxError)?.code == .unknownDelivery }
            await #expect {
                try await outbox.fail(id, error: "x", retryAt: nil)
            } throws: { ($0 as? OutboxError)?.code == .unknownDelivery }
        }
        #expect(try await outbox.statuses(of: "m1") == [OutboxDeliveryStatus(id: message.delivery(to: "MailCo"), state: .pending, attempts: 0)])
        #expect(try await outbox.statuses(of: "nope").isEmpty)
    }

    @Test func aConflictingReenqueueIsRefusedWhole() async throws {
        let outbox = InMemoryConsentOutbox()
        let original = try OutboxMessage(id: "m1", notice: notice(alice, 1), recipients: ["MailCo"])
        try await outbox.enqueue(original)
        let changed = try OutboxMessage(id: "m1", notice: notice(alice, 1, kind: .grant), recipients: ["MailCo"])
        let other = try OutboxMessage(id: "m2", notice: notice(alice, 2), recipients: ["AdNet"])
        await #expect {
            try await outbox.enqueue([other, changed])
        } throws: { ($0 as? StorageError)?.code == .duplicate }
        #expect(try await outbox.statuses(of: "m2").isEmpty)
        #expect(try await outbox.claim(limit: 10, lease: 60, now: clock.now()).map(\.notice) == [original.notice])
    }

    @Test func claimingWithoutARecipientFilterTakesEveryRecipient() async throws {
        let outbox = InMemoryConsentOutbox()
        try await outbox.enqueue(try OutboxMessage(id: "m1", notice: notice(alice, 1), recipients: ["MailCo", "AdNet"]))
        try await outbox.enqueue(try OutboxMessage(id: "m2", notice: notice(alice, 2), recipients: ["CRM"]))
        let claimed = try await outbox.claim(limit: 10, lease: 60, now: clock.now())
        #expect(claimed.map(\.id.description) == ["m1 → AdNet", "m1 → MailCo", "m2 → CRM"])
        #expect(try await outbox.claim(limit: 10, lease: 60, now: clock.now(), recipients: []).isEmpty)
    }

    @Test func deliveryStatesDescribeThemselves() {
        let now = Date(timeIntervalSince1970: 10)
        #expect(DeliveryState.pending.description == "pending")
        #expect(DeliveryState.failed(attempts: 2, lastError: "503", retryAt: nil).description == "failed after 2 attempts (503), given up")
        #expect(OutboxDeliveryStatus(id: .init(messageID: "m", recipient: "r"), state: .claimed(until: now), attempts: 1).isClaimable(at: now))
        #expect(!OutboxDeliveryStatus(id: .init(messageID: "m", recipient: "r"), state: .delivered(at: now), attempts: 1).isClaimable(at: now))
    }
}

@Suite("Outbox drainer: after a withdrawal, every processor hears of it")
struct ConsentOutboxDrainerTests {
    /// Records what was delivered to whom.
    final class Inbox: Sendable {
        private let received = Mutex<[String]>([])
        private let failing = Mutex<[String: Int]>([:])

        /// Makes the next `times` deliveries to `recipient` fail.
        func fail(_ recipient: String, times: Int) { failing.withLock { $0[recipient] = times } }

        func deliver(_ delivery: OutboxDelivery) throws {
            let fails = failing.withLock { state -> Bool in
                guard let left = state[delivery.recipient], left > 0 else { return false }
                state[delivery.recipient] = left - 1
                return true
            }
            if fails { throw URLError(.timedOut) }
            received.withLock { $0.append("\(delivery.recipient):\(delivery.notice.kind):\(delivery.notice.purposes.map(\.rawValue).joined(separator: ","))") }
        }

        var log: [String] { received.withLock { $0 } }
    }

    @Test func drainsTheOutboxAfterAWithdrawal() async throws {
        let f = try ConsentFixtures()
        let notices = InMemoryNoticeStore()
        let outbox = InMemoryConsentOutbox()
        let ledger = ConsentLedger(catalog: f.catalog, noticeStore: notices, timeSource: f.clock)
        let propagator = ConsentPropagator(catalog: f.catalog, noticeStore: notices, outbox: outbox)
        let inbox = Inbox()
        let drainer = ConsentOutboxDrainer(outbox: outbox, timeSource: f.clock) { try inbox.deliver($0) }
        let v1 = f.noticeVersion(1)
        try await ledger.publish(v1)

        try await propagator.propagate(ledger.record(f.draft(.grant, [f.newsletter, f.ads], notice: v1)).events)
        #expect(try await drainer.drainOnce().delivered == 2)
        try await propagator.propagate(ledger.record(f.draft(.withdraw, [f.newsletter, f.ads], at: 30)).events)
        let report = try await drainer.drainOnce()
        #expect(report.delivered == 2)
        #expect(report.total == 2)
        #expect(Set(inbox.log.suffix(2)) == ["MailCo:withdraw:newsletter", "AdNet:withdraw:ads.sharing"])
        #expect(try await drainer.drainOnce().total == 0)
    }

    @Test func failedDeliveriesAreRetriedAfterTheBackoffThenGivenUp() async throws {
        let clock = ManualTimeSource()
        let outbox = InMemoryConsentOutbox()
        let inbox = Inbox()
        let drainer = ConsentOutboxDrainer(
            outbox: outbox, timeSource: clock, maximumAttempts: 3, retryDelay: { attempt in Double(attempt) * 10 }
        ) { try inbox.deliver($0) }
        let subject = try SubjectID("bob")
        let message = try OutboxMessage(id: "m1", notice: notice(subject, 1), recipients: ["Flaky", "Dead"])
        try await outbox.enqueue(message)
        inbox.fail("Flaky", times: 1)
        inbox.fail("Dead", times: 99)

        var report = try await drainer.drainOnce()
        #expect(report.failed == 2)
        let statuses = try await outbox.statuses(of: "m1")
        #expect(statuses.map(\.state) == [
            .failed(attempts: 1, lastError: "\(URLError(.timedOut))", retryAt: clock.now().addingTimeInterval(10)),
            .failed(attempts: 1, lastError: "\(URLError(.timedOut))", retryAt: clock.now().addingTimeInterval(10)),
        ])
        #expect(try await drainer.drainOnce().total == 0, "nothing is due before the retry time")

        clock.advance(by: 10)
        report = try await drainer.drainOnce()
        #expect(report.delivered == 1 && report.failed == 1)
        clock.advance(by: 20)
        report = try await drainer.drainOnce()
        #expect(report.gaveUp == 1)
        let dead = try await outbox.statuses(of: "m1").first { $0.id.recipient == "Dead" }
        #expect(dead?.attempts == 3)
        if case .failed(_, _, let retryAt) = dead?.state { #expect(retryAt == nil) } else { Issue.record("Dead is \(String(describing: dead))") }
        clock.advance(by: 1_000_000)
        #expect(try await drainer.drainOnce().total == 0, "a given-up delivery is never retried by itself")
        #expect(inbox.log == ["Flaky:withdraw:newsletter"])
    }

    @Test func aDeliveryAnotherInstanceAcknowledgedCountsAsDone() async throws {
        let clock = ManualTimeSource()
        let outbox = InMemoryConsentOutbox()
        let subject = try SubjectID("carol")
        try await outbox.enqueue(try OutboxMessage(id: "m1", notice: notice(subject, 1), recipients: ["MailCo"]))
        // The delivery closure itself stands in for a slower instance: it acknowledges first.
        let drainer = ConsentOutboxDrainer(outbox: outbox, timeSource: clock) { delivery in
            try await outbox.acknowledge(delivery.id, at: clock.now())
        }
        let report = try await drainer.drainOnce()
        #expect(report.alreadyAcknowledged == 1 && report.delivered == 0)
    }

    @Test func backoffDoublesUpToAnHour() {
        #expect(ConsentOutboxDrainer.exponentialBackoff(afterAttempt: 1) == 5)
        #expect(ConsentOutboxDrainer.exponentialBackoff(afterAttempt: 2) == 10)
        #expect(ConsentOutboxDrainer.exponentialBackoff(afterAttempt: 5) == 80)
        #expect(ConsentOutboxDrainer.exponentialBackoff(afterAttempt: 40) == 3_600)
    }

    @Test func runStopsWhenCancelled() async throws {
        let outbox = InMemoryConsentOutbox()
        let drainer = ConsentOutboxDrainer(outbox: outbox, pollInterval: .milliseconds(5)) { _ in }
        let task = Task { try await drainer.run() }
        try await Task.sleep(for: .milliseconds(30))
        task.cancel()
        try await task.value
    }
}
