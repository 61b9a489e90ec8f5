#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Where consent changes wait until every processor and downstream system
/// has been told (GDPR Art. 7(3) and 19, CCPA regs §7026(f)): a transactional
/// outbox with one delivery per (message, recipient).
///
/// Hosts drain it with ``ConsentOutboxDrainer`` (or their own loop over
/// ``claim(limit:lease:now:recipients:)``), on as many instances as they like.
/// Delivery is **at least once**: a delivery whose claim lapses before it is
/// acknowledged is handed out again, so recipients must apply notices
/// idempotently — ``ConsentChangeNotice/eventID`` and
/// ``ConsentChangeNotice/sequence`` make that easy.
///
/// Time is passed in (`now`, `at`) by the caller, who reads its
/// ``TimeSource``; leases should be much longer than the clock skew between
/// instances.
///
/// ## Contract for adapters
/// - ``enqueue(_:)`` is atomic: every message of the batch is stored, each
///   with a `pending` delivery per recipient, or none is. A message id
///   already stored with the same content is ignored (its deliveries keep
///   their state); with different content the batch throws ``StorageError``
///   `.duplicate` and stores nothing.
/// - ``claim(limit:lease:now:recipients:)`` atomically hands out at most
///   `limit` claimable deliveries — `pending`, `claimed` with a lease that
///   ended at or before `now`, or `failed` with a `retryAt` at or before
///   `now` — marks them `claimed(until: now + lease)` and counts the attempt.
///   Oldest message first (enqueue order), then recipients in UTF-8 byte
///   order. Two concurrent claims never return the same delivery while its
///   lease runs (for example `SELECT ... FOR UPDATE SKIP LOCKED`). A `limit`
///   below 1 or a `lease` of 0 or less throws `.invalidRequest`.
/// - ``acknowledge(_:at:)`` marks a delivery `delivered(at:)`, from any
///   state but `delivered` — a late acknowledgement after the lease lapsed
///   still counts (the first one wins). Acknowledging twice throws
///   ``OutboxError`` `.alreadyAcknowledged`; an unknown delivery throws
///   `.unknownDelivery`. Neither changes anything.
/// - ``fail(_:error:retryAt:)`` marks a delivery `failed`, with the same
///   errors as acknowledging.
/// - ``deleteMessages(for:)`` really deletes every message about the subject
///   and its deliveries (GDPR erasure; drain first if the recipients must
///   still hear of the change). ``purgeDelivered(before:)`` removes messages
///   whose every delivery was acknowledged before a date.
///
/// `ConsentKitTesting.ConsentOutboxConformance` checks all of this.
public protocol ConsentOutbox: Sendable {
    /// Stores messages, each with a pending delivery per recipient, atomically.
    /// - Throws: ``StorageError`` `.duplicate` when an id is stored (or given
    ///   twice) with different content.
    func enqueue(_ messages: [OutboxMessage]) async throws

    /// Claims up to `limit` claimable deliveries for `lease` seconds from `now`,
    /// for the given recipients only, or for all when `recipients` is `nil`.
    /// - Throws: ``StorageError`` `.invalidRequest` for a `limit` below 1 or a
    ///   non-positive `lease`.
    func claim(limit: Int, lease: TimeInterval, now: Date, recipients: Set<String>?) async throws -> [OutboxDelivery]

    /// Marks a delivery as delivered.
    /// - Throws: ``OutboxError`` `.alreadyAcknowledged` or `.unknownDelivery`.
    func acknowledge(_ delivery: OutboxDeliveryID, at time: Date) async throws

    /// Marks a delivery as failed with `error`, claimable again from `retryAt`
    /// (never, when `nil`).
    /// - Throws: ``OutboxError`` `.alreadyAcknowledged` or `.unknownDelivery`.
    func fail(_ delivery: OutboxDeliveryID, error: String, retryAt: Date?) async throws

    /// The state of each of a message's deliveries, by recipient in UTF-8
    /// byte order; empty when the message is unknown.
    func statuses(of messageID: String) async throws -> [OutboxDeliveryStatus]

    /// Deletes every message about `subject` and its deliveries; returns how
    /// many messages were deleted.
    func deleteMessages(for subject: SubjectID) async throws -> Int

    /// Deletes every message whose deliveries were all acknowledged before
    /// `date`; returns how many messages were deleted.
    func purgeDelivered(before date: Date) async throws -> Int
}

extension ConsentOutbox {
    /// Stores one message; see ``enqueue(_:)``.
    public func enqueue(_ message: OutboxMessage) async throws {
        try await enqueue([message])
    }

    /// Claims deliveries for every recipient; see ``claim(limit:lease:now:recipients:)``.
    public func claim(limit: Int, lease: TimeInterval, now: Date) async throws -> [OutboxDelivery] {
        try await claim(limit: limit, lease: lease, now: now, recipients: nil)
    }
}
