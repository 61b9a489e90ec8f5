import ConsentKitCore
import ConsentKitTesting
import Foundation
import Synchronization
import Testing

@Suite("ConsentOutbox conformance: InMemoryConsentOutbox")
struct ConsentOutboxConformanceTests {
    /// One shared outbox, as the suite asks: every handle sees the same data.
    let conformance: ConsentOutboxConformance = {
        let outbox = InMemoryConsentOutbox()
        return ConsentOutboxConformance { outbox }
    }()

    @Test func ordering() async throws { try await conformance.ordering() }
    @Test func idempotentEnqueue() async throws { try await conformance.idempotentEnqueue() }
    @Test func leaseExclusivity() async throws { try await conformance.leaseExclusivity() }
    @Test func redeliveryAfterLeaseExpiry() async throws { try await conformance.redeliveryAfterLeaseExpiry() }
    @Test func acknowledgement() async throws { try await conformance.acknowledgement() }
    @Test func perRecipientState() async throws { try await conformance.perRecipientState() }
    @Test func deletionReallyDeletes() async throws { try await conformance.deletionReallyDeletes() }
    @Test func runAll() async throws { try await conformance.runAll() }

    @Test func independentOutboxesAreReported() async {
        let conformance = ConsentOutboxConformance { InMemoryConsentOutbox() }
        await withKnownIssue("makeStore returned independent outboxes") {
            try await conformance.leaseExclusivity()
        }
    }
}

@Suite("ConsentOutbox conformance catches defective outboxes")
struct ConsentOutboxConformanceFailureTests {
    enum Area: String, Sendable, CustomStringConvertible {
        case ordering, idempotentEnqueue, leaseExclusivity, redeliveryAfterLeaseExpiry, acknowledgement
        case perRecipientState, deletionReallyDeletes

        var description: String { rawValue }

        func run(_ conformance: ConsentOutboxConformance) async throws {
            switch self {
            case .ordering: try await conformance.ordering()
            case .idempotentEnqueue: try await conformance.idempotentEnqueue()
            case .leaseExclusivity: try await conformance.leaseExclusivity()
            case .redeliveryAfterLeaseExpiry: try await conformance.redeliveryAfterLeaseExpiry()
            case .acknowledgement: try await conformance.acknowledgement()
            case .perRecipientState: try await conformance.perRecipientState()
            case .deletionReallyDeletes: try await conformance.deletionReallyDeletes()
            }
        }
    }

    @Test(arguments: [
        (DefectiveConsentOutbox.Defect.claimsNewestFirst, Area.ordering),
        (.resetsOnReenqueue, .idempotentEnqueue),
        (.ignoresLease, .leaseExclusivity),
        (.neverRedelivers, .redeliveryAfterLeaseExpiry),
        (.acceptsSecondAcknowledgement, .acknowledgement),
        (.sharesStateAcrossRecipients, .perRecipientState),
        (.softDeletes, .deletionReallyDeletes),
    ])
    func defectIsReported(_ defect: DefectiveConsentOutbox.Defect, _ area: Area) async {
        let outbox = DefectiveConsentOutbox(defect)
        await withKnownIssue("an outbox that \(defect) must fail \(area)") {
            try await area.run(ConsentOutboxConformance { outbox })
        }
    }

    @Test(arguments: DefectiveConsentOutbox.Defect.allCases)
    func runAllReportsEveryDefect(_ defect: DefectiveConsentOutbox.Defect) async {
        let outbox = DefectiveConsentOutbox(defect)
        await withKnownIssue("an outbox that \(defect) must fail runAll()") {
            try await ConsentOutboxConformance { outbox }.runAll()
        }
    }
}

/// An outbox with exactly one deliberate defect; otherwise like ``InMemoryConsentOutbox``.
final class DefectiveConsentOutbox: ConsentOutbox {
    enum Defect: String, Sendable, CaseIterable, CustomStringConvertible {
        /// Hands out the newest message first.
        case claimsNewestFirst
        /// Re-enqueueing a stored message resets its deliveries to pending.
        case resetsOnReenqueue
        /// Claimed deliveries stay claimable: no lease.
        case ignoresLease
        /// A claimed delivery never becomes claimable again.
        case neverRedelivers
        /// A second acknowledgement succeeds and moves the delivery time.
        case acceptsSecondAcknowledgement
        /// Acknowledging or failing one recipient's delivery applies to every recipient.
        case sharesStateAcrossRecipients
        /// Erasure hides statuses but deliveries stay claimable.
        case softDeletes

        var description: String { rawValue }
    }

    private struct Record {
        var state: DeliveryState = .pending
        var attempts = 0
    }

    private struct State {
        var messages: [String: OutboxMessage] = [:]
        var deliveries: [OutboxDeliveryID: Record] = [:]
        var order: [String] = []
        var hidden: Set<String> = []
    }

    private let defect: Defect
    private let state = Mutex(State())

    init(_ defect: Defect) {
        self.defect = defect
    }

    func enqueue(_ messages: [OutboxMessage]) async throws {
        try state.withLock { state in
            var fresh: [OutboxMessage] = []
            for message in messages {
                if let existing = state.messages[message.id] ?? fresh.first(where: { $0.id == message.id }) {
                    guard existing == message else {
                        throw StorageError(code: .duplicate, message: "message \(message.id) differs")
                    }
                    if defect == .resetsOnReenqueue, state.messages[message.id] != nil {
                        for recipient in message.recipients { state.deliveries[message.delivery(to: recipient)] = Record() }
                    }
                    continue
                }
                fresh.append(message)
            }
            for message in fresh {
                state.messages[message.id] = message
                state.order.append(message.id)
                for recipient in message.recipients { state.deliveries[message.delivery(to: recipient)] = Record() }
            }
        }
    }

    func claim(limit: Int, lease: TimeInterval, now: Date, recipients: Set<String>?) async throws -> [OutboxDelivery] {
        guard limit >= 1, lease > 0 else { throw StorageError(code: .invalidRequest, message: "bad claim") }
        return state.withLock { state in
            var claimed: [OutboxDelivery] = []
            let order = defect == .claimsNewestFirst ? state.order.reversed() : state.order
            for id in order {
                guard let message = state.messages[id] else { continue }
                for recipient in message.recipients where claimed.count < limit {
                    if let recipients, !recipients.contains(recipient) { continue }
                    let deliveryID = message.delivery(to: recipient)
                    guard var record = state.deliveries[deliveryID] else { continue }
                    let claimable: Bool
                    switch record.state {
                    case .claimed(let until):
                        claimable = defect == .ignoresLease || (defect != .neverRedelivers && until <= now)
                    default:
                        claimable = OutboxDeliveryStatus(id: deliveryID, state: record.state, attempts: 0).isClaimable(at: now)
                    }
                    guard claimable else { continue }
                    record.attempts += 1
                    record.state = .claimed(until: now.addingTimeInterval(lease))
                    state.deliveries[deliveryID] = record
                    claimed.append(
                        OutboxDelivery(
                            id: deliveryID, notice: message.notice, attempt: record.attempts,
                            leaseExpiresAt: now.addingTimeInterval(lease)))
                }
            }
            return claimed
        }
    }

    func acknowledge(_ delivery: OutboxDeliveryID, at time: Date) async throws {
        try update(delivery) { record in record.state = .delivered(at: time) }
    }

    func fail(_ delivery: OutboxDeliveryID, error: String, retryAt: Date?) async throws {
        try update(delivery) { record in
            record.state = .failed(attempts: record.attempts, lastError: error, retryAt: retryAt)
        }
    }

    private func update(_ id: OutboxDeliveryID, _ change: (inout Record) -> Void) throws {
        try state.withLock { state in
            guard let message = state.messages[id.messageID], var record = state.deliveries[id] else {
                throw OutboxError.unknownDelivery(id)
            }
            if case .delivered = record.state, defect != .acceptsSecondAcknowledgement {
                throw OutboxError.alreadyAcknowledged(id, at: "earlier")
            }
            change(&record)
            let targets = defect == .sharesStateAcrossRecipients ? message.recipients.map(message.delivery(to:)) : [id]
            for target in targets {
                let attempts = state.deliveries[target]?.attempts ?? 0
                state.deliveries[target] = Record(state: record.state, attempts: target == id ? record.attempts : attempts)
            }
        }
    }

    func statuses(of messageID: String) async throws -> [OutboxDeliveryStatus] {
        state.withLock { state in
            guard let message = state.messages[messageID], !state.hidden.contains(messageID) else { return [] }
            return message.recipients.compactMap { recipient in
                let id = message.delivery(to: recipient)
                return state.deliveries[id].map { OutboxDeliveryStatus(id: id, state: $0.state, attempts: $0.attempts) }
            }
        }
    }

    func deleteMessages(for subject: SubjectID) async throws -> Int {
        state.withLock { state in
            let doomed = state.messages.values.filter { $0.notice.subject == subject && !state.hidden.contains($0.id) }
            for message in doomed {
                if defect == .softDeletes {
                    state.hidden.insert(message.id)
                    continue
                }
                state.messages.removeValue(forKey: message.id)
                state.order.removeAll { $0 == message.id }
                for recipient in message.recipients { state.deliveries.removeValue(forKey: message.delivery(to: recipient)) }
            }
            return doomed.count
        }
    }

    func purgeDelivered(before date: Date) async throws -> Int {
        state.withLock { state in
            let doomed = state.messages.values.filter { message in
                message.recipients.allSatisfy { recipient in
                    if case .delivered(let at) = state.deliveries[message.delivery(to: recipient)]?.state { return at < date }
                    return false
                }
            }
            for message in doomed {
                state.messages.removeValue(forKey: message.id)
                state.order.removeAll { $0 == message.id }
                for recipient in message.recipients { state.deliveries.removeValue(forKey: message.delivery(to: recipient)) }
            }
            return doomed.count
        }
    }
}
