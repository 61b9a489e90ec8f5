#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A delivery handed to a drainer by ``ConsentOutbox/claim(limit:lease:now:recipients:)``:
/// deliver ``notice`` to ``recipient``, then acknowledge it before ``leaseExpiresAt``.
public struct OutboxDelivery: Hashable, Sendable {
    /// Which delivery this is.
    public let id: OutboxDeliveryID
    /// What to deliver.
    public let notice: ConsentChangeNotice
    /// How many times the delivery has been claimed, this claim included (from 1).
    public let attempt: Int
    /// When the claim lapses and the delivery becomes claimable again.
    public let leaseExpiresAt: Date

    /// Creates a claimed delivery; for outbox adapters.
    public init(id: OutboxDeliveryID, notice: ConsentChangeNotice, attempt: Int, leaseExpiresAt: Date) {
        self.id = id
        self.notice = notice
        self.attempt = attempt
        self.leaseExpiresAt = leaseExpiresAt
    }

    /// The recipient to deliver to.
    public var recipient: String { id.recipient }
}

/// Where one delivery stands.
public enum DeliveryState: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Waiting to be claimed.
    case pending
    /// Claimed by a drainer; claimable again from `until` on.
    case claimed(until: Date)
    /// Acknowledged: the recipient has it. Final.
    case delivered(at: Date)
    /// The last attempt failed with `lastError`; claimable again from
    /// `retryAt` on, or never when `retryAt` is `nil` (given up).
    case failed(attempts: Int, lastError: String, retryAt: Date?)

    /// A short human-readable form.
    public var description: String {
        switch self {
        case .pending: "pending"
        case .claimed(let until): "claimed until \(until.timeIntervalSince1970)"
        case .delivered(let at): "delivered at \(at.timeIntervalSince1970)"
        case .failed(let attempts, let lastError, let retryAt):
            "failed after \(attempts) attempt\(attempts == 1 ? "" : "s") (\(lastError)), "
                + (retryAt.map { "retry at \($0.timeIntervalSince1970)" } ?? "given up")
        }
    }
}

/// The state of one delivery, as ``ConsentOutbox/statuses(of:)`` reports it.
public struct OutboxDeliveryStatus: Hashable, Sendable, Codable {
    /// Which delivery.
    public let id: OutboxDeliveryID
    /// Where it stands.
    public let state: DeliveryState
    /// How many times it has been claimed.
    public let attempts: Int

    /// Creates a status; for outbox adapters.
    public init(id: OutboxDeliveryID, state: DeliveryState, attempts: Int) {
        self.id = id
        self.state = state
        self.attempts = attempts
    }

    /// Whether the delivery may be claimed at `now`.
    public func isClaimable(at now: Date) -> Bool {
        switch state {
        case .pending: true
        case .claimed(let until): until <= now
        case .delivered: false
        case .failed(_, _, let retryAt): retryAt.map { $0 <= now } ?? false
        }
    }
}
