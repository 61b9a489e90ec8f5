#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Drains a ``ConsentOutbox``: claims deliveries, hands each to your
/// `deliver` closure (an HTTP call to a processor, a message on a queue),
/// acknowledges what went through and schedules retries for what did not.
///
/// Run one per instance, or several with disjoint `recipients`; claims are
/// leased, so instances never work on the same delivery at the same time.
/// ``run()`` loops until its task is cancelled — the shape of
/// swift-service-lifecycle's `Service`, so a host conforms in one line.
///
/// ```swift
/// let drainer = ConsentOutboxDrainer(outbox: outbox) { delivery in
///     try await processors[delivery.recipient]?.send(delivery.notice)
/// }
/// let report = try await drainer.drainOnce()
/// ```
public struct ConsentOutboxDrainer: Sendable {
    /// Delivers one notice to its recipient; throwing schedules a retry.
    public typealias Deliver = @Sendable (OutboxDelivery) async throws -> Void

    /// What one ``drainOnce()`` did.
    public struct Report: Hashable, Sendable, CustomStringConvertible {
        /// Deliveries delivered and acknowledged.
        public var delivered = 0
        /// Deliveries that failed and will be retried.
        public var failed = 0
        /// Deliveries that failed for the last allowed time and were given up.
        public var gaveUp = 0
        /// Deliveries another instance acknowledged first (at-least-once delivery).
        public var alreadyAcknowledged = 0

        /// An empty report.
        public init() {}

        /// Every delivery handled.
        public var total: Int { delivered + failed + gaveUp + alreadyAcknowledged }

        /// A short human-readable form.
        public var description: String {
            "\(delivered) delivered, \(failed) to retry, \(gaveUp) given up, \(alreadyAcknowledged) already acknowledged"
        }
    }

    /// The longest error text kept with a failed delivery, in UTF-8 bytes.
    public static let maximumErrorByteCount = 1_024

    private let outbox: any ConsentOutbox
    private let timeSource: any TimeSource
    private let recipients: Set<String>?
    private let batchSize: Int
    private let lease: TimeInterval
    private let maximumAttempts: Int
    private let pollInterval: Duration
    private let retryDelay: @Sendable (Int) -> TimeInterval
    private let deliver: Deliver

    /// Creates a drainer.
    /// - Parameters:
    ///   - outbox: the outbox to drain.
    ///   - timeSource: the clock claims, leases and retry times are read from.
    ///   - recipients: drain only deliveries to these recipients (`nil`: all).
    ///   - batchSize: deliveries claimed at once.
    ///   - lease: seconds a claim lasts; longer than the slowest delivery.
    ///   - maximumAttempts: after this many failed attempts a delivery is given up
    ///     (``DeliveryState/failed(attempts:lastError:retryAt:)`` with no retry).
    ///   - pollInterval: how long ``run()`` waits when the outbox is empty.
    ///   - retryDelay: seconds to wait after the given attempt failed (at least one).
    ///   - deliver: delivers one notice; returning acknowledges it, throwing schedules a retry.
    public init(
        outbox: any ConsentOutbox,
        timeSource: any TimeSource = SystemTimeSource(),
        recipients: Set<String>? = nil,
        batchSize: Int = 64,
        lease: TimeInterval = 60,
        maximumAttempts: Int = 10,
        pollInterval: Duration = .seconds(1),
        retryDelay: @escaping @Sendable (Int) -> TimeInterval = ConsentOutboxDrainer.exponentialBackoff(afterAttempt:),
        deliver: @escaping Deliver
    ) {
        self.outbox = outbox
        self.timeSource = timeSource
        self.recipients = recipients
        self.batchSize = max(1, batchSize)
        self.lease = lease
        self.maximumAttempts = max(1, maximumAttempts)
        self.pollInterval = pollInterval
        self.retryDelay = retryDelay
        self.deliver = deliver
    }

    /// 5 s after the first failed attempt, doubling each time, at most an hour.
    public static func exponentialBackoff(afterAttempt attempt: Int) -> TimeInterval {
        min(3_600, 5 * Double(1 << max(0, min(attempt, 20) - 1)))
    }

    /// Claims and handles deliveries until none is claimable.
    /// - Throws: ``StorageError`` from the outbox, or `CancellationError`.
    ///   Errors thrown by `deliver` are recorded on the delivery, not thrown.
    @discardableResult
    public func drainOnce() async throws -> Report {
        var report = Report()
        while true {
            try Task.checkCancellation()
            let batch = try await outbox.claim(
                limit: batchSize, lease: lease, now: timeSource.now(), recipients: recipients)
            if batch.isEmpty { return report }
            for delivery in batch {
                try await handle(delivery, into: &report)
            }
        }
    }

    /// Drains, then waits the poll interval whenever the outbox is empty, until
    /// the task is cancelled; returns normally on cancellation.
    /// - Throws: ``StorageError`` from the outbox.
    public func run() async throws {
        while !Task.isCancelled {
            do {
                let report = try await drainOnce()
                if report.total == 0 { try await Task.sleep(for: pollInterval) }
            } catch is CancellationError {
                return
            }
        }
    }

    private func handle(_ delivery: OutboxDelivery, into report: inout Report) async throws {
        do {
            try await deliver(delivery)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            let text = String(decoding: String(describing: error).utf8.prefix(Self.maximumErrorByteCount), as: UTF8.self)
            let givingUp = delivery.attempt >= maximumAttempts
            let retryAt = givingUp ? nil : timeSource.now().addingTimeInterval(max(1, retryDelay(delivery.attempt)))
            do {
                try await outbox.fail(delivery.id, error: text, retryAt: retryAt)
                if givingUp { report.gaveUp += 1 } else { report.failed += 1 }
            } catch let error as OutboxError where error.code == .alreadyAcknowledged {
                report.alreadyAcknowledged += 1
            }
            return
        }
        do {
            try await outbox.acknowledge(delivery.id, at: timeSource.now())
            report.delivered += 1
        } catch let error as OutboxError where error.code == .alreadyAcknowledged {
            report.alreadyAcknowledged += 1
        }
    }
}
