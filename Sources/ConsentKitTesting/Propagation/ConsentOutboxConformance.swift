public import ConsentKitCore
import Testing
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The checks every ``ConsentOutbox`` adapter must pass, as Swift Testing
/// expectations: ordering, idempotent and atomic enqueueing, exclusive
/// leases under concurrent claimers, at-least-once redelivery after a lease
/// lapses, acknowledgement (a second one is a typed error that changes
/// nothing), per-recipient delivery state, and deletion.
///
/// Run it against handles onto **one shared database**: `makeStore` is called
/// once per area (twice by ``leaseExclusivity()``), and every handle must see
/// the same data.
///
/// ```swift
/// let conformance = ConsentOutboxConformance { PostgresConsentOutbox(pool: sharedTestPool) }
/// @Test func outbox() async throws { try await conformance.runAll() }
/// ```
///
/// Time is passed to the outbox by the suite (`now`, `at`), starting at
/// 2000-01-01T00:00:00Z, so leases lapse instantly and
/// ``ConsentOutbox/purgeDelivered(before:)`` only ever touches deliveries
/// acknowledged in the year 2000. Every area uses recipients and subjects
/// named after a fresh random token and claims only for its own recipients,
/// so areas can run in parallel against a database holding other data; each
/// deletes its messages when done.
public struct ConsentOutboxConformance: Sendable {
    private let makeStore: @Sendable () async throws -> any ConsentOutbox

    /// The instant the suite's virtual clock starts at.
    static let start = Date(timeIntervalSince1970: 946_684_800)

    /// Creates the suite.
    /// - Parameter makeStore: returns a handle onto the outbox under test.
    ///   Every handle must share one backend, so that two handles behave like
    ///   two app instances.
    public init(makeStore: @escaping @Sendable () async throws -> any ConsentOutbox) {
        self.makeStore = makeStore
    }

    /// Runs every area, one after the other.
    /// - Throws: the first error an outbox threw where the contract requires success.
    public func runAll() async throws {
        try await ordering()
        try await idempotentEnqueue()
        try await leaseExclusivity()
        try await redeliveryAfterLeaseExpiry()
        try await acknowledgement()
        try await perRecipientState()
        try await deletionReallyDeletes()
    }

    // MARK: Areas

    /// Claims hand out the oldest message first, recipients in UTF-8 byte
    /// order, at most `limit` at a time, only for the recipients asked for,
    /// each with the notice exactly as enqueued, attempt 1 and a lease ending
    /// at `now + lease`. A `limit` of 0 or a non-positive lease is `.invalidRequest`.
    public func ordering() async throws {
        let run = try Run(area: "ordering")
        let outbox = try await makeStore()
        let (a, b, c) = (run.recipient("a-mail"), run.recipient("b-ads"), run.recipient("c-crm"))
        let m1 = try run.message(1, to: [b, a])
        let m2 = try run.message(2, to: [a])
        let m3 = try run.message(3, to: [b])
        let m4 = try run.message(4, to: [a, b])
        try await outbox.enqueue(m1)
        try await outbox.enqueue(m2)
        try await outbox.enqueue([m3, m4])

        let claimed = try await outbox.claim(limit: 100, lease: 60, now: run.time(0), recipients: [a, b])
        let expected = [m1.delivery(to: a), m1.delivery(to: b), m2.delivery(to: a), m3.delivery(to: b), m4.delivery(to: a), m4.delivery(to: b)]
        Self.check(
            claimed.map(\.id) == expected,
            "ordering: claims must come oldest message first, recipients in byte order: got \(claimed.map(\.id)), expected \(expected)")
        let byID = Dictionary(uniqueKeysWithValues: [m1, m2, m3, m4].map { ($0.id, $0) })
        for delivery in claimed {
            Self.check(
                delivery.notice == byID[delivery.id.messageID]?.notice,
                "ordering: delivery \(delivery.id) carries \(delivery.notice), not the notice enqueued")
            Self.check(delivery.attempt == 1, "ordering: delivery \(delivery.id) is attempt \(delivery.attempt), expected 1")
            Self.check(
                delivery.leaseExpiresAt == run.time(60),
                "ordering: delivery \(delivery.id) lease ends \(delivery.leaseExpiresAt.timeIntervalSince1970), expected \(run.time(60).timeIntervalSince1970)")
        }

        let limited = try (5...7).map { try run.message($0, to: [c]) }
        try await outbox.enqueue(limited)
        let firstTwo = try await outbox.claim(limit: 2, lease: 60, now: run.time(1), recipients: [c])
        Self.check(
            firstTwo.map(\.id) == [limited[0].delivery(to: c), limited[1].delivery(to: c)],
            "ordering: claim(limit: 2) returned \(firstTwo.map(\.id)), expected the two oldest")
        let rest = try await outbox.claim(limit: 2, lease: 60, now: run.time(1), recipients: [c])
        Self.check(rest.map(\.id) == [limited[2].delivery(to: c)], "ordering: the next claim returned \(rest.map(\.id)), expected the third message only")
        let nobody = try await outbox.claim(limit: 10, lease: 60, now: run.time(1), recipients: [run.recipient("nobody")])
        Self.check(nobody.isEmpty, "ordering: claiming for a recipient without messages returned \(nobody.map(\.id))")

        await Self.expectStorageError(.invalidRequest, "ordering: claim(limit: 0)") {
            _ = try await outbox.claim(limit: 0, lease: 60, now: run.time(2), recipients: [a])
        }
        await Self.expectStorageError(.invalidRequest, "ordering: claim(lease: 0)") {
            _ = try await outbox.claim(limit: 1, lease: 0, now: run.time(2), recipients: [a])
        }
        _ = try await outbox.deleteMessages(for: run.subject)
    }

    /// Enqueueing is idempotent by message id and atomic per batch.
    ///
    /// The same message enqueued again leaves its deliveries as they are (a
    /// delivered one is not handed out again); the same id with different
    /// content throws ``StorageError`` `.duplicate`, alone or inside a batch,
    /// and then nothing of that batch is stored. A batch naming one message
    /// twice with the same content stores it once.
    public func idempotentEnqueue() async throws {
        let run = try Run(area: "idempotent")
        let outbox = try await makeStore()
        let (a, b) = (run.recipient("a"), run.recipient("b"))
        let m1 = try run.message(1, to: [a, b])
        try await outbox.enqueue(m1)
        let first = try await outbox.claim(limit: 1, lease: 60, now: run.time(0), recipients: [a])
        if let delivery = first.first { try await outbox.acknowledge(delivery.id, at: run.time(1)) }
        let before = try await outbox.statuses(of: m1.id)

        try await outbox.enqueue(m1)
        let after = try await outbox.statuses(of: m1.id)
        Self.check(after == before, "idempotentEnqueue: enqueueing the same message again changed its deliveries from \(before) to \(after)")
        let again = try await outbox.claim(limit: 10, lease: 60, now: run.time(2), recipients: [a, b])
        Self.check(
            again.map(\.id) == [m1.delivery(to: b)],
            "idempotentEnqueue: after re-enqueueing, claims returned \(again.map(\.id)); only the undelivered \(m1.delivery(to: b)) may come")
        let settled = try await outbox.statuses(of: m1.id)

        let changed = try run.message(1, to: [a, b], kind: .withdraw)
        await Self.expectStorageError(.duplicate, "idempotentEnqueue: the same id with different content") {
            try await outbox.enqueue(changed)
        }
        let m2 = try run.message(2, to: [a])
        await Self.expectStorageError(.duplicate, "idempotentEnqueue: a batch ending with a changed copy of a stored id") {
            try await outbox.enqueue([m2, changed])
        }
        let m2Statuses = try await outbox.statuses(of: m2.id)
        Self.check(m2Statuses.isEmpty, "idempotentEnqueue: a refused batch stored its first message: \(m2Statuses)")
        let m3 = try run.message(3, to: [a])
        let m3Changed = try run.message(3, to: [a], kind: .object)
        await Self.expectStorageError(.duplicate, "idempotentEnqueue: a batch naming one id twice with different content") {
            try await outbox.enqueue([m3, m3Changed])
        }
        let m3Refused = try await outbox.statuses(of: m3.id)
        Self.check(m3Refused.isEmpty, "idempotentEnqueue: a refused batch stored \(m3Refused)")
        try await outbox.enqueue([m3, m3])
        let m3Statuses = try await outbox.statuses(of: m3.id)
        Self.check(
            m3Statuses == [OutboxDeliveryStatus(id: m3.delivery(to: a), state: .pending, attempts: 0)],
            "idempotentEnqueue: a batch naming one message twice must store it once, got \(m3Statuses)")
        let final = try await outbox.statuses(of: m1.id)
        Self.check(final == settled, "idempotentEnqueue: refused enqueues changed the stored message's deliveries from \(settled) to \(final)")
        _ = try await outbox.deleteMessages(for: run.subject)
    }

    /// A claimed delivery belongs to its claimer until the lease ends.
    ///
    /// 200 deliveries; eight tasks alternating between two handles claim
    /// batches of seven at the same instant until nothing is left. Every
    /// delivery must be handed out exactly once, and none again before the
    /// lease ends.
    public func leaseExclusivity() async throws {
        let run = try Run(area: "lease")
        let handles = try await sharedHandles(run: run)
        let recipient = run.recipient("r")
        let messages = try (0..<200).map { try run.message($0, to: [recipient]) }
        for start in stride(from: 0, to: messages.count, by: 50) {
            try await handles[0].enqueue(Array(messages[start..<(start + 50)]))
        }
        let now = run.time(0)
        let claimed = try await withThrowingTaskGroup(of: [OutboxDeliveryID].self) { group in
            for worker in 0..<8 {
                let outbox = handles[worker % handles.count]
                group.addTask {
                    var mine: [OutboxDeliveryID] = []
                    while true {
                        let batch = try await outbox.claim(limit: 7, lease: 300, now: now, recipients: [recipient])
                        if batch.isEmpty { return mine }
                        mine += batch.map(\.id)
                        // An outbox that ignores leases never runs dry: stop once more
                        // was handed out than exists, and let the checks below report it.
                        if mine.count > messages.count { return mine }
                    }
                }
            }
            var all: [OutboxDeliveryID] = []
            for try await ids in group { all += ids }
            return all
        }
        let unique = Set(claimed)
        #expect(claimed.count == 200, "leaseExclusivity: 8 concurrent claimers got \(claimed.count) deliveries in total (capped), expected exactly 200")
        #expect(unique.count == 200, "leaseExclusivity: \(claimed.count - unique.count) deliveries were handed out twice while leased")
        let early = try await handles[0].claim(limit: 500, lease: 300, now: run.time(299.999), recipients: [recipient])
        #expect(early.isEmpty, "leaseExclusivity: \(early.count) deliveries were claimable again before their lease ended")
        _ = try await handles[0].deleteMessages(for: run.subject)
    }

    /// Delivery is at least once: an unacknowledged claim comes back.
    ///
    /// A delivery claimed for 60 s is not claimable 1 ms before the lease
    /// ends and is again at its end, as attempt 2 with a new lease. Once
    /// acknowledged it never comes back. A late acknowledgement by the first
    /// claimer after the delivery was claimed again still counts; the second
    /// claimer's acknowledgement then gets `.alreadyAcknowledged`.
    public func redeliveryAfterLeaseExpiry() async throws {
        let run = try Run(area: "redelivery")
        let outbox = try await makeStore()
        let recipient = run.recipient("r")
        let message = try run.message(1, to: [recipient])
        let id = message.delivery(to: recipient)
        try await outbox.enqueue(message)

        let first = try await outbox.claim(limit: 5, lease: 60, now: run.time(0), recipients: [recipient])
        Self.check(first.map(\.attempt) == [1], "redelivery: the first claim returned attempts \(first.map(\.attempt)), expected [1]")
        let early = try await outbox.claim(limit: 5, lease: 60, now: run.time(59.999), recipients: [recipient])
        Self.check(early.isEmpty, "redelivery: the delivery was claimable 1 ms before its lease ended")
        let second = try await outbox.claim(limit: 5, lease: 60, now: run.time(60), recipients: [recipient])
        Self.check(
            second.map(\.id) == [id] && second.first?.attempt == 2 && second.first?.leaseExpiresAt == run.time(120),
            "redelivery: when the lease ended the delivery must come back as attempt 2 leased until +120 s, got \(second)")
        let claimedStatus = try await outbox.statuses(of: message.id)
        Self.check(
            claimedStatus == [OutboxDeliveryStatus(id: id, state: .claimed(until: run.time(120)), attempts: 2)],
            "redelivery: status after the second claim is \(claimedStatus)")

        try await outbox.acknowledge(id, at: run.time(61))
        let never = try await outbox.claim(limit: 5, lease: 60, now: run.time(100_000), recipients: [recipient])
        Self.check(never.isEmpty, "redelivery: an acknowledged delivery was claimed again: \(never.map(\.id))")
        await Self.expectOutboxError(.alreadyAcknowledged, "redelivery: the second claimer acknowledging after the first") {
            try await outbox.acknowledge(id, at: run.time(62))
        }
        let delivered = try await outbox.statuses(of: message.id)
        Self.check(
            delivered == [OutboxDeliveryStatus(id: id, state: .delivered(at: run.time(61)), attempts: 2)],
            "redelivery: status after the late acknowledgements is \(delivered), expected delivered at +61 s")
        _ = try await outbox.deleteMessages(for: run.subject)
    }

    /// Acknowledging is final, and a second acknowledgement is a typed error.
    ///
    /// The second ``ConsentOutbox/acknowledge(_:at:)`` throws ``OutboxError``
    /// `.alreadyAcknowledged` and keeps the first time; failing a delivered
    /// delivery throws the same. An unknown message or recipient throws
    /// `.unknownDelivery`. A delivery may be acknowledged without a claim
    /// (delivered by other means).
    public func acknowledgement() async throws {
        let run = try Run(area: "ack")
        let outbox = try await makeStore()
        let (a, b) = (run.recipient("a"), run.recipient("b"))
        let message = try run.message(1, to: [a, b])
        try await outbox.enqueue(message)
        _ = try await outbox.claim(limit: 5, lease: 60, now: run.time(0), recipients: [a])

        try await outbox.acknowledge(message.delivery(to: a), at: run.time(5))
        await Self.expectOutboxError(.alreadyAcknowledged, "acknowledgement: acknowledging twice") {
            try await outbox.acknowledge(message.delivery(to: a), at: run.time(6))
        }
        await Self.expectOutboxError(.alreadyAcknowledged, "acknowledgement: failing an acknowledged delivery") {
            try await outbox.fail(message.delivery(to: a), error: "late failure", retryAt: run.time(7))
        }
        await Self.expectOutboxError(.unknownDelivery, "acknowledgement: an unknown message") {
            try await outbox.acknowledge(OutboxDeliveryID(messageID: "\(message.id)-missing", recipient: a), at: run.time(6))
        }
        await Self.expectOutboxError(.unknownDelivery, "acknowledgement: a known message to an unknown recipient") {
            try await outbox.acknowledge(message.delivery(to: run.recipient("stranger")), at: run.time(6))
        }
        await Self.expectOutboxError(.unknownDelivery, "acknowledgement: failing an unknown delivery") {
            try await outbox.fail(message.delivery(to: run.recipient("stranger")), error: "x", retryAt: nil)
        }
        try await outbox.acknowledge(message.delivery(to: b), at: run.time(8))
        let statuses = try await outbox.statuses(of: message.id)
        Self.check(
            statuses == [
                OutboxDeliveryStatus(id: message.delivery(to: a), state: .delivered(at: run.time(5)), attempts: 1),
                OutboxDeliveryStatus(id: message.delivery(to: b), state: .delivered(at: run.time(8)), attempts: 0),
            ],
            "acknowledgement: statuses after refused calls are \(statuses); the first acknowledgement must stand")
        _ = try await outbox.deleteMessages(for: run.subject)
    }

    /// Each recipient's delivery has its own state.
    ///
    /// One message to four recipients, all claimed: one acknowledged, one
    /// failed with a retry time, one given up (no retry time), one left
    /// claimed. Statuses report exactly that; the failed one is claimable at
    /// its retry time and not before, the abandoned one never, the claimed
    /// one when its lease ends.
    public func perRecipientState() async throws {
        let run = try Run(area: "state")
        let outbox = try await makeStore()
        let recipients = ["a", "b", "c", "d"].map(run.recipient)
        let message = try run.message(1, to: recipients)
        let ids = recipients.map(message.delivery(to:))
        try await outbox.enqueue(message)
        let claimed = try await outbox.claim(limit: 10, lease: 60, now: run.time(0), recipients: Set(recipients))
        Self.check(claimed.map(\.id) == ids, "perRecipientState: claimed \(claimed.map(\.id)), expected all four deliveries")

        try await outbox.acknowledge(ids[0], at: run.time(1))
        try await outbox.fail(ids[1], error: "HTTP 503 — retry later", retryAt: run.time(30))
        try await outbox.fail(ids[2], error: "recipient gone", retryAt: nil)
        let statuses = try await outbox.statuses(of: message.id)
        let expected = [
            OutboxDeliveryStatus(id: ids[0], state: .delivered(at: run.time(1)), attempts: 1),
            OutboxDeliveryStatus(id: ids[1], state: .failed(attempts: 1, lastError: "HTTP 503 — retry later", retryAt: run.time(30)), attempts: 1),
            OutboxDeliveryStatus(id: ids[2], state: .failed(attempts: 1, lastError: "recipient gone", retryAt: nil), attempts: 1),
            OutboxDeliveryStatus(id: ids[3], state: .claimed(until: run.time(60)), attempts: 1),
        ]
        Self.check(statuses == expected, "perRecipientState: statuses are \(statuses), expected \(expected)")

        let tooEarly = try await outbox.claim(limit: 10, lease: 60, now: run.time(29.999), recipients: Set(recipients))
        Self.check(tooEarly.isEmpty, "perRecipientState: \(tooEarly.map(\.id)) claimable before their retry time or lease end")
        let retry = try await outbox.claim(limit: 10, lease: 60, now: run.time(30), recipients: Set(recipients))
        Self.check(
            retry.map(\.id) == [ids[1]] && retry.first?.attempt == 2,
            "perRecipientState: at the retry time only \(ids[1]) may come back, as attempt 2; got \(retry)")
        let leaseEnd = try await outbox.claim(limit: 10, lease: 60, now: run.time(60), recipients: Set(recipients))
        Self.check(leaseEnd.map(\.id) == [ids[3]], "perRecipientState: at the lease end only \(ids[3]) may come back; got \(leaseEnd.map(\.id))")
        let later = try await outbox.claim(limit: 10, lease: 60, now: run.time(100_000), recipients: Set(recipients))
        Self.check(
            !later.map(\.id).contains(ids[2]) && !later.map(\.id).contains(ids[0]),
            "perRecipientState: a delivered or given-up delivery was claimed again: \(later.map(\.id))")
        _ = try await outbox.deleteMessages(for: run.subject)
    }

    /// Deleting really deletes (GDPR erasure), and purging removes only what was delivered.
    ///
    /// ``ConsentOutbox/deleteMessages(for:)`` removes every message about the
    /// subject, delivered or not, and returns how many: their statuses are
    /// empty, nothing of them can be claimed, another subject's messages are
    /// untouched, and the same message enqueued again starts afresh.
    /// ``ConsentOutbox/purgeDelivered(before:)`` removes a message acknowledged
    /// strictly before the date and keeps one that is not fully delivered.
    public func deletionReallyDeletes() async throws {
        let run = try Run(area: "erase")
        let other = try Run(area: "erase-other", token: run.token)
        let outbox = try await makeStore()
        let recipient = run.recipient("r")
        let m1 = try run.message(1, to: [recipient])
        let m2 = try run.message(2, to: [recipient])
        let kept = try other.message(3, to: [recipient])
        try await outbox.enqueue([m1, m2, kept])
        try await outbox.acknowledge(m2.delivery(to: recipient), at: run.time(1))

        let deleted = try await outbox.deleteMessages(for: run.subject)
        #expect(deleted == 2, "deletionReallyDeletes: deleting must report 2 messages, got \(deleted)")
        for message in [m1, m2] {
            let statuses = try await outbox.statuses(of: message.id)
            Self.check(statuses.isEmpty, "deletionReallyDeletes: \(message.id) still has deliveries \(statuses)")
        }
        let claimable = try await outbox.claim(limit: 10, lease: 60, now: run.time(2), recipients: [recipient])
        Self.check(
            claimable.map(\.id) == [kept.delivery(to: recipient)],
            "deletionReallyDeletes: after erasure claims returned \(claimable.map(\.id)); only the other subject's message may remain")
        let again = try await outbox.deleteMessages(for: run.subject)
        #expect(again == 0, "deletionReallyDeletes: deleting again must report 0, got \(again)")

        try await outbox.enqueue(m1)
        let fresh = try await outbox.statuses(of: m1.id)
        Self.check(
            fresh == [OutboxDeliveryStatus(id: m1.delivery(to: recipient), state: .pending, attempts: 0)],
            "deletionReallyDeletes: a message enqueued again after erasure must start afresh, got \(fresh)")

        let purgeRecipient = run.recipient("purge")
        let delivered = try run.message(4, to: [purgeRecipient])
        let open = try run.message(5, to: [purgeRecipient, recipient])
        try await outbox.enqueue([delivered, open])
        try await outbox.acknowledge(delivered.delivery(to: purgeRecipient), at: run.time(10))
        try await outbox.acknowledge(open.delivery(to: purgeRecipient), at: run.time(10))
        _ = try await outbox.purgeDelivered(before: run.time(10))
        let notYet = try await outbox.statuses(of: delivered.id)
        Self.check(!notYet.isEmpty, "deletionReallyDeletes: purgeDelivered(before:) removed a message delivered exactly at that time")
        let purged = try await outbox.purgeDelivered(before: run.time(11))
        #expect(purged >= 1, "deletionReallyDeletes: purgeDelivered must report the message it removed, got \(purged)")
        let gone = try await outbox.statuses(of: delivered.id)
        Self.check(gone.isEmpty, "deletionReallyDeletes: a delivered message survived purgeDelivered: \(gone)")
        let stillOpen = try await outbox.statuses(of: open.id)
        Self.check(stillOpen.count == 2, "deletionReallyDeletes: purgeDelivered removed a message not fully delivered")
        _ = try await outbox.deleteMessages(for: run.subject)
        _ = try await outbox.deleteMessages(for: other.subject)
    }

    // MARK: Helpers

    /// Names and messages of one run of one area.
    struct Run {
        let token: String
        let area: String
        let subject: SubjectID

        init(area: String, token: String = UUID().uuidString.lowercased()) throws {
            self.token = token
            self.area = area
            subject = try SubjectID("conformance-\(token)-\(area)")
        }

        func recipient(_ name: String) -> String { "conformance-\(token)-\(area)-\(name)" }

        func time(_ seconds: TimeInterval) -> Date { ConsentOutboxConformance.start.addingTimeInterval(seconds) }

        func message(_ number: Int, to recipients: [String], kind: ConsentEventKind = .grant) throws -> OutboxMessage {
            let notice = ConsentChangeNotice(
                subject: subject, eventID: try ConsentEventID("event-\(number)"), sequence: number, kind: kind,
                purposes: [try PurposeID("newsletter"), try PurposeID("ads.sharing")],
                notice: number % 2 == 0
                    ? NoticeReference(id: try NoticeID("notice"), version: number, contentHash: String(repeating: "ab", count: 32))
                    : nil,
                method: number % 2 == 0 ? .affirmativeAction : .globalPrivacyControl, jurisdiction: "gdpr",
                occurredAt: Date(timeIntervalSinceReferenceDate: 788_918_400.123_456_7 + Double(number)))
            return try OutboxMessage(id: "conformance-\(token)-\(area)-message-\(number)", notice: notice, recipients: recipients)
        }
    }

    private func sharedHandles(run: Run) async throws -> [any ConsentOutbox] {
        let first = try await makeStore()
        let second = try await makeStore()
        let probe = try run.message(-1, to: [run.recipient("probe")])
        try await first.enqueue(probe)
        let seen = try await second.statuses(of: probe.id)
        _ = try? await first.deleteMessages(for: run.subject)
        guard !seen.isEmpty else {
            Issue.record(
                "\(run.area): a second handle from makeStore does not see what the first one wrote; makeStore must return handles onto ONE shared database so the suite can model several app instances. Continuing with one handle.")
            return [first]
        }
        return [first, second]
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
        if !condition { Issue.record(Comment(rawValue: message()), sourceLocation: sourceLocation) }
    }

    static func expectStorageError(
        _ code: StorageError.Code, _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("\(what): expected StorageError.\(code), but the call succeeded", sourceLocation: sourceLocation)
        } catch let error as StorageError {
            if error.code != code { Issue.record("\(what): expected StorageError.\(code), got \(error)", sourceLocation: sourceLocation) }
        } catch {
            Issue.record("\(what): expected StorageError.\(code), got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        }
    }

    static func expectOutboxError(
        _ code: OutboxError.Code, _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("\(what): expected OutboxError.\(code), but the call succeeded", sourceLocation: sourceLocation)
        } catch let error as OutboxError {
            if error.code != code { Issue.record("\(what): expected OutboxError.\(code), got \(error)", sourceLocation: sourceLocation) }
        } catch {
            Issue.record("\(what): expected OutboxError.\(code), got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        }
    }
}
