#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import Synchronization

/// The embedded ``ConsentOutbox``: messages and deliveries in memory, guarded
/// by a mutex.
///
/// Fits tests, demos and single-instance hosts; undelivered notices are lost
/// when the process ends, so production hosts with processors to notify
/// should keep the outbox in their database.
public final class InMemoryConsentOutbox: ConsentOutbox {
    private struct Delivery {
        var state: DeliveryState = .pending
        var attempts = 0
    }

    private struct Stored {
        let message: OutboxMessage
        var deliveries: [String: Delivery]
        var undelivered: Int
    }

    private struct State {
        var messages: [String: Stored] = [:]
        /// Message ids in enqueue order.
        var order: [String] = []
    }

    private let state = Mutex(State())

    /// An empty outbox.
    public init() {}

    /// Stores the batch under the mutex, all or nothing; see ``ConsentOutbox/enqueue(_:)``.
    public func enqueue(_ messages: [OutboxMessage]) async throws {
        try state.withLock { state in
            var fresh: [String: OutboxMessage] = [:]
            var freshOrder: [String] = []
            for message in messages {
                if let existing = state.messages[message.id]?.message ?? fresh[message.id] {
                    guard existing == message else {
                        throw StorageError(
                            code: .duplicate, message: "outbox message \(message.id) is already stored with different content")
                    }
                    continue
                }
                fresh[message.id] = message
                freshOrder.append(message.id)
            }
            for id in freshOrder {
                guard let message = fresh[id] else { continue }
                var deliveries: [String: Delivery] = [:]
                for recipient in message.recipients { deliveries[recipient] = Delivery() }
                state.messages[id] = Stored(message: message, deliveries: deliveries, undelivered: deliveries.count)
                state.order.append(id)
            }
        }
    }

    /// Claims in enqueue order under the mutex; see ``ConsentOutbox/claim(limit:lease:now:recipients:)``.
    public func claim(limit: Int, lease: TimeInterval, now: Date, recipients: Set<String>?) async throws -> [OutboxDelivery] {
        guard limit >= 1 else {
            throw StorageError(code: .invalidRequest, message: "claim limit \(limit) is below 1")
        }
        guard lease > 0 else {
            throw StorageError(code: .invalidRequest, message: "claim lease \(lease) s is not positive")
        }
        let until = now.addingTimeInterval(lease)
        return state.withLock { state in
            var claimed: [OutboxDelivery] = []
            for id in state.order {
                guard claimed.count < limit else { break }
                guard var stored = state.messages[id], stored.undelivered > 0 else { continue }
                var touched = false
                for recipient in stored.message.recipients where claimed.count < limit {
                    if let recipients, !recipients.contains(recipient) { continue }
                    guard var delivery = stored.deliveries[recipient] else { continue }
                    let status = OutboxDeliveryStatus(
                        id: stored.message.delivery(to: recipient), state: delivery.state, attempts: delivery.attempts)
                    guard status.isClaimable(at: now) else { continue }
                    delivery.attempts += 1
                    delivery.state = .claimed(until: until)
                    stored.deliveries[recipient] = delivery
                    touched = true
                    claimed.append(
                        OutboxDelivery(
                            id: status.id, notice: stored.message.notice, attempt: delivery.attempts,
                            leaseExpiresAt: until))
                }
                if touched { state.messages[id] = stored }
            }
            return claimed
        }
    }

    /// Marks the delivery delivered; see ``ConsentOutbox/acknowledge(_:at:)``.
    public func acknowledge(_ delivery: OutboxDeliveryID, at time: Date) async throws {
        try update(delivery) { record, stored in
            record.state = .delivered(at: time)
            stored.undelivered -= 1
        }
    }

    /// Marks the delivery failed; see ``ConsentOutbox/fail(_:error:retryAt:)``.
    public func fail(_ delivery: OutboxDeliveryID, error: String, retryAt: Date?) async throws {
        try update(delivery) { record, _ in
            record.state = .failed(attempts: record.attempts, lastError: error, retryAt: retryAt)
        }
    }

    /// Each recipient's delivery state, by recipient.
    public func statuses(of messageID: String) async throws -> [OutboxDeliveryStatus] {
        state.withLock { state in
            guard let stored = state.messages[messageID] else { return [] }
            return stored.message.recipients.compactMap { recipient in
                stored.deliveries[recipient].map {
                    OutboxDeliveryStatus(id: stored.message.delivery(to: recipient), state: $0.state, attempts: $0.attempts)
                }
            }
        }
    }

    /// Deletes the subject's messages and deliveries.
    public func deleteMessages(for subject: SubjectID) async throws -> Int {
        remove { $0.message.notice.subject == subject }
    }

    /// Deletes the messages fully delivered before `date`.
    public func purgeDelivered(before date: Date) async throws -> Int {
        remove { stored in
            stored.undelivered == 0
                && stored.deliveries.values.allSatisfy { delivery in
                    if case .delivered(let at) = delivery.state { return at < date }
                    return false
                }
        }
    }

    /// Applies `change` to a delivery that is not yet delivered.
    private func update(_ id: OutboxDeliveryID, _ change: (inout Delivery, inout Stored) -> Void) throws {
        try state.withLock { state in
            guard var stored = state.messages[id.messageID], var delivery = stored.deliveries[id.recipient] else {
                throw OutboxError.unknownDelivery(id)
            }
            if case .delivered(let at) = delivery.state {
                throw OutboxError.alreadyAcknowledged(id, at: String(at.timeIntervalSince1970))
            }
            change(&delivery, &stored)
            stored.deliveries[id.recipient] = delivery
            state.messages[id.messageID] = stored
        }
    }

    private func remove(where predicate: (Stored) -> Bool) -> Int {
        state.withLock { state in
            let doomed = Set(state.messages.values.filter(predicate).map(\.message.id))
            guard !doomed.isEmpty else { return 0 }
            for id in doomed { state.messages.removeValue(forKey: id) }
            state.order.removeAll { doomed.contains($0) }
            return doomed.count
        }
    }
}
